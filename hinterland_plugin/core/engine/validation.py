"""Validation of the engine against published travel times, and the honest split used to calibrate it.

Rail (``tests/data/rail_times.csv``): the model time of a pair is the shortest path between any
station of the origin city and any station of the destination city over the corridor network of a
profile (rides plus, where a journey changes mode, alighting and boarding through the city):
in-vehicle time as timetables report it, without access to the first station.

Road (``tests/data/road_times.csv``): door to door, as a navigation service reports a drive: one solve
from the origin city's grid cell over the ``road`` profile (local roads over land, on and off the
national road network at node cities and interchanges), read at the destination city's cell.

Calibration is honest: the pairs are split in two halves by a hash of ``pair_id`` (stable, blind to
the times, see ``halves``), the few global parameters are fitted on the ``fit`` half and the errors reported on the
``check`` half (``scripts/calibrate.py``).
"""
from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterable

import numpy as np
from pyproj import Transformer

from . import kernel
from .friction import friction_from_speed, speed_surface
from .model import Prepared
from .network import _nearest_land, build_network
from .profiles import Profile


@dataclass
class PairResult:
    pair_id: str
    origin: str
    destination: str
    published_min: float
    model_min: float

    @property
    def ape(self) -> float:
        return abs(self.model_min - self.published_min) / self.published_min

    @property
    def signed(self) -> float:
        return (self.model_min - self.published_min) / self.published_min


def halves(pair_ids) -> dict[str, str]:
    """pair id -> 'fit' or 'check': ids ranked by their SHA-1 (stable, blind to the times), alternately
    'fit' and 'check', so the two halves differ in size by one at most."""
    ranked = sorted({p.strip() for p in pair_ids}, key=lambda p: hashlib.sha1(p.encode("utf-8")).hexdigest())
    return {p: ("fit" if i % 2 == 0 else "check") for i, p in enumerate(ranked)}


def read_pairs(table: Path | str) -> list[dict[str, str]]:
    with open(table, newline="", encoding="utf-8") as fh:
        return [{k.strip(): (v or "").strip() for k, v in r.items() if k} for r in csv.DictReader(fh)]


def gazetteer(src: Path | str) -> tuple[dict[str, tuple[float, float]], dict[str, str]]:
    """From ``places_*.csv`` in ``src``: place key -> (lon, lat), and lower-case English / Chinese names ->
    key (files in name order, first wins, as in the data build)."""
    xy: dict[str, tuple[float, float]] = {}
    names: dict[str, str] = {}
    for path in sorted(Path(src).glob("places_*.csv")):
        for r in read_pairs(path):
            if r["key"] in xy:
                continue
            xy[r["key"]] = (float(r["lon"]), float(r["lat"]))
            names.setdefault(r["name_en"].lower(), r["key"])
            names.setdefault(r["name_zh"], r["key"])
    return xy, names


def _solve(prepared: Prepared, src: list[int], max_time: float = np.inf) -> np.ndarray:
    args = (prepared.cost, prepared.grid.res, np.asarray(src, np.int64), np.zeros(len(src)), prepared.network.edges)
    if kernel.numba_available():
        return kernel.solve_numba(*args, backup=False, max_time=max_time).time
    return kernel.solve_scipy(*args, backup=False).time


# ------------------------------------------------------------------------------------------------ rail


def station_times(prepared: Prepared, place: str) -> np.ndarray:
    """Minutes from the stations of ``place`` to every node (cells and stations)."""
    n = prepared.grid.size
    src = [n + j for j, (p, _m) in enumerate(prepared.network.stations) if p == place]
    if not src:
        raise KeyError(place)
    return _solve(prepared, src)


def compare(prepared: Prepared, table: Path | str, places_by_en: dict[str, str]) -> tuple[list[PairResult], list[str]]:
    """Rail: model vs published for each row of ``table``; returns results and the pairs that were skipped."""
    net = prepared.network
    n = prepared.grid.size
    results, skipped = [], []
    cache: dict[str, np.ndarray] = {}
    for row in read_pairs(table):
        a = places_by_en.get(row["from_en"].strip().lower())
        b = places_by_en.get(row["to_en"].strip().lower())
        if a is None or b is None:
            skipped.append(f"{row['pair_id']}: city not in the gazetteer")
            continue
        try:
            if a not in cache:
                cache[a] = station_times(prepared, a)
        except KeyError:
            skipped.append(f"{row['pair_id']}: {a} has no station in this profile")
            continue
        dst = [n + j for j, (p, _m) in enumerate(net.stations) if p == b]
        if not dst:
            skipped.append(f"{row['pair_id']}: {b} has no station in this profile")
            continue
        t = float(np.min(cache[a][dst]))
        if not np.isfinite(t):
            skipped.append(f"{row['pair_id']}: not connected")
            continue
        results.append(PairResult(row["pair_id"], row["from_en"], row["to_en"], float(row["minutes"]), t))
    return results, skipped


# ------------------------------------------------------------------------------------------------ road


def place_cell(prepared: Prepared, lon: float, lat: float, snap_cells: int = 3) -> int:
    """Grid cell of a city (nearest land cell within ``snap_cells`` when the point is off land); -1 if none."""
    tr = Transformer.from_crs("EPSG:4326", prepared.grid.crs, always_xy=True)
    x, y = tr.transform(lon, lat)
    r, c, inside = prepared.grid.cell_of(np.array([x]), np.array([y]))
    r, c = int(r[0]), int(c[0])
    if not inside[0]:
        return -1
    if prepared.land[r, c]:
        return r * prepared.grid.ncols + c
    return _nearest_land(r, c, prepared.land, snap_cells)


def compare_door_to_door(prepared: Prepared, table: Path | str, places: dict[str, tuple[float, float]],
                         keys_by_name: dict[str, str], rows: Iterable[dict[str, str]] | None = None,
                         slack: float = 3.0) -> tuple[list[PairResult], list[str]]:
    """Road: one solve per origin city cell, read at the destination city cell.

    ``places``: place key -> (lon, lat); ``keys_by_name``: lower-case English or Chinese name -> key.
    Each solve stops at ``slack`` x the longest published time from that origin + 3 h (exact below it); a pair
    not reached by then gets ``model_min = inf``: it stays in the figures as an unbounded error.
    """
    rows = list(rows) if rows is not None else read_pairs(table)
    results, skipped = [], []
    by_origin: dict[str, list[tuple[dict[str, str], str]]] = {}
    for row in rows:
        a = keys_by_name.get(row["from_en"].lower()) or keys_by_name.get(row.get("from_zh", ""))
        b = keys_by_name.get(row["to_en"].lower()) or keys_by_name.get(row.get("to_zh", ""))
        if a is None or b is None:
            skipped.append(f"{row['pair_id']}: city not in the gazetteer")
            continue
        by_origin.setdefault(a, []).append((row, b))
    for a in sorted(by_origin):
        src = place_cell(prepared, *places[a])
        if src < 0:
            skipped += [f"{r['pair_id']}: {a} is off the grid" for r, _ in by_origin[a]]
            continue
        horizon = slack * max(float(r["minutes"]) for r, _ in by_origin[a]) + 180.0
        t_all = _solve(prepared, [src], horizon)
        for row, b in by_origin[a]:
            dst = place_cell(prepared, *places[b])
            if dst < 0:
                skipped.append(f"{row['pair_id']}: {b} is off the grid")
                continue
            # not reached within the horizon: kept, as an infinite error (never silently dropped)
            t = float(t_all[dst])
            results.append(PairResult(row["pair_id"], row["from_en"], row["to_en"], float(row["minutes"]), t))
    results.sort(key=lambda r: r.pair_id)
    return results, skipped


# ------------------------------------------------------------------------------------------------ figures


def summary(results: list[PairResult]) -> dict:
    apes = np.array([r.ape for r in results])
    signed = np.array([r.signed for r in results])
    nan = float("nan")
    return {"pairs": len(results), "median_ape": float(np.median(apes)) if len(apes) else nan,
            "p90_ape": float(np.percentile(apes, 90)) if len(apes) else nan,
            "mean_ape": float(np.mean(apes)) if len(apes) else nan,
            "median_signed": float(np.median(signed)) if len(signed) else nan,
            "worst": sorted(results, key=lambda r: -r.ape)[:5]}


def split_summary(results: list[PairResult], split: dict[str, str]) -> dict[str, dict]:
    """``summary`` of the fit half, the check half (``split``: from ``halves``) and all pairs."""
    return {"fit": summary([r for r in results if split[r.pair_id] == "fit"]),
            "check": summary([r for r in results if split[r.pair_id] == "check"]),
            "all": summary(results)}


# ------------------------------------------------------------------------------------------------ calibration


def with_road_params(profile: Profile, land_speed_kmh: float | None = None, speed_factor: float | None = None,
                     access_min: float | None = None) -> Profile:
    """The profile with other global road parameters (``access_min`` = board_min = alight_min of mode road)."""
    modes = []
    for m in profile.modes:
        modes.append(m if m.name != "road" else replace(
            m, speed_factor=m.speed_factor if speed_factor is None else speed_factor,
            board_min=m.board_min if access_min is None else access_min,
            alight_min=m.alight_min if access_min is None else access_min))
    return replace(profile, land_speed_kmh=profile.land_speed_kmh if land_speed_kmh is None else land_speed_kmh,
                   modes=tuple(modes))


def with_rail_params(profile: Profile, schedule_factor: float, stop_min: float) -> Profile:
    """The profile with another ``schedule_factor`` / ``stop_min`` for hsr and rail together."""
    modes = tuple(replace(m, schedule_factor=schedule_factor, stop_min=stop_min) if m.name in ("hsr", "rail") else m
                  for m in profile.modes)
    return replace(profile, modes=modes)


def reprepare(base: Prepared, profile: Profile, dem: np.ndarray | None, segments: list) -> Prepared:
    """``base`` (grid and land) with the friction and network of another profile; ``dem`` on base's grid."""
    speed = speed_surface(profile, base.land, dem, base.grid.res)
    net = build_network(base.grid, base.land, segments, profile)
    return Prepared(base.grid, profile, base.land, speed, friction_from_speed(speed), net, (profile.key(),))


def grid_search(evaluate: Callable[..., list[PairResult]], grid: dict[str, list[float]],
                pick: Callable[[list[PairResult]], float] | None = None) -> tuple[dict[str, float], float, list]:
    """Exhaustive search over the parameter grid: ``evaluate(**params)`` -> pair results of the *fit* half;
    the best by ``pick`` (default: median APE + 0.5 x P90 APE, so the tail counts too). Returns the best
    parameters, their score and every (params, score) tried."""
    def default_pick(res: list[PairResult]) -> float:
        s = summary(res)
        return s["median_ape"] + 0.5 * s["p90_ape"]

    pick = pick or default_pick
    names = sorted(grid)
    combos = [dict(zip(names, vals)) for vals in np.array(np.meshgrid(*[grid[k] for k in names], indexing="ij"))
              .reshape(len(names), -1).T.tolist()]
    tried = []
    for params in combos:
        tried.append((params, pick(evaluate(**params))))
    best, score = min(tried, key=lambda t: (t[1], sorted(t[0].items())))
    return best, score, tried
