"""Gateway hinterlands: every cell and every prefecture assigned to its fastest gateway under a freight profile.

A gateway is a seaport, a Yangtze port, a border crossing, a dry port / China–Europe assembly hub (the
bundled ``hubs`` layer) or a user's point. Each gateway is solved alone (``Engine.solve_each``) with its
type's penalty (minutes at the gateway: customs, transshipment, gauge change; ``[profiles.freight.
gateway_penalty_min]``) as its readiness delay; ``nearest_two`` over those surfaces gives per cell the
fastest gateway, its time, the second-best gateway and its time.

Ties go to the gateway listed first (``nearest_two``): two gateways in one city with the same penalty (the
Chongqing dry port and river port) leave the second with no cells of its own but as everybody's backup at
the same time, so closing the first hands everything to the second at no extra time.

Prefectures: ``tpg[p, g]`` is the mean time from the cells of prefecture ``p`` to gateway ``g``, weighted by
the census people of each cell (plus a tiny weight per land cell, so an empty prefecture is weighted by
area); ``tpg = inf`` when ``g`` reaches less than half of that weight. The prefecture's gateway is
``argmin_g tpg[p, g]``, its backup the second smallest.

Closure ("what if this gateway closes"): the closed gateways' surfaces are dropped and the remaining ones
re-ranked — no new solve, since a gateway's own surface does not depend on the others. Every cell the closed
gateways served goes to its next-best open gateway; the table says how much area and how many people each
receiving gateway takes over, and how many minutes longer the trip becomes.

The freight profile: ``[profiles.freight]`` of profiles.toml with its ``mode_overrides`` tables replacing
the passenger mode values (applied by ``profiles.load_profiles`` for every algorithm; see the comments in the
file); :func:`freight_profile` adds the gateway penalties.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from ..errors import EngineError
from .coverage import nearest_two
from .profiles import DEFAULT_FILE, Profile, ProfileError, get_profile

try:
    import tomllib
except ImportError:  # pragma: no cover - Python < 3.11
    import tomli as tomllib  # type: ignore[no-redef]

FREIGHT = "freight"
#: hub types that are gateways by default (hub_city: comprehensive transport hub cities, on request)
DEFAULT_TYPES = ("seaport", "river_port", "border_crossing", "dry_port")
ALL_TYPES = DEFAULT_TYPES + ("hub_city",)
#: share of a prefecture's weight a gateway must reach for the prefecture to count it
MIN_REACHED_SHARE = 0.5
#: weight of every land cell besides its people (so a prefecture nobody lives in is weighted by area)
CELL_WEIGHT = 1e-3


@dataclass
class Gateway:
    name: str
    kind: str  #: seaport | river_port | border_crossing | dry_port | hub_city | '' (a user's point)
    x: float  #: grid CRS (China Albers) metres
    y: float
    penalty_min: float = 0.0  #: minutes at the gateway (customs, transshipment), added to every trip
    gateway_id: str = ""


def _number(table: dict, key: str, where: str) -> float:
    val = table[key]
    if isinstance(val, bool) or not isinstance(val, (int, float)) or not np.isfinite(val) or val < 0:
        raise ProfileError(f"{where}: '{key}' must be a number >= 0, not {val!r}")
    return float(val)


def _freight_table(path: Path) -> dict:
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ProfileError(f"{Path(path).name}: {exc}") from exc
    table = data.get("profiles", {}).get(FREIGHT)
    if not isinstance(table, dict):
        raise ProfileError(f"{Path(path).name} has no [profiles.{FREIGHT}]")
    return table


def freight_profile(path: Path | str = DEFAULT_FILE, categories: dict[str, Iterable[str]] | None = None
                    ) -> tuple[Profile, dict[str, float]]:
    """The freight profile and the gateway-type penalties (minutes) of a profiles file.

    The profile is ``get_profile("freight")``: its ``[profiles.freight.mode_overrides.<mode>]`` tables replace
    the passenger mode values in ``profiles.load_profiles`` itself, so every algorithm given PROFILE=freight
    gets the same freight speeds (``categories`` is no longer needed and is ignored; kept for callers)."""
    del categories
    path = Path(path)
    prof = get_profile(FREIGHT, path)
    table = _freight_table(path)
    penalties = {}
    for kind, val in (table.get("gateway_penalty_min") or {}).items():
        penalties[str(kind)] = _number({kind: val}, kind, f"{path.name} [profiles.{FREIGHT}.gateway_penalty_min]")
    return prof, penalties


def segment_categories(rows) -> dict[str, set[str]]:
    """mode -> segment categories of ``corridor_segments`` rows (attributes, geometry)."""
    out: dict[str, set[str]] = {}
    for attrs, _g in rows:
        out.setdefault(str(attrs.get("mode") or ""), set()).add(str(attrs.get("category") or ""))
    return out


def check_closed(names: Sequence[str], close: Sequence[str]) -> list[int]:
    """Indices of the gateways named in ``close`` (by name; unknown names raise gateway_unknown)."""
    wanted = [c.strip() for c in close if c and c.strip()]
    unknown = [c for c in wanted if c not in names]
    if unknown:
        raise EngineError("gateway_unknown", names=", ".join(unknown), available=", ".join(names))
    idx = sorted({names.index(c) for c in wanted})
    if idx and len(idx) == len(names):
        raise EngineError("gateway_all_closed")
    return idx


def prefecture_times(surfaces: Sequence[np.ndarray], weight: np.ndarray, unit: np.ndarray, n_units: int) -> np.ndarray:
    """``tpg[p, g]``: weighted mean minutes from unit ``p``'s cells to gateway ``g`` (inf when ``g`` reaches less
    than MIN_REACHED_SHARE of the unit's weight). ``weight``: per cell (people + CELL_WEIGHT on land)."""
    ok = (unit >= 0) & (weight > 0)
    u = unit[ok]
    w = weight[ok].astype(np.float64)
    total = np.bincount(u, weights=w, minlength=n_units)
    out = np.full((n_units, len(surfaces)), np.inf)
    for g, s in enumerate(surfaces):
        t = s[ok].astype(np.float64)
        r = np.isfinite(t)
        got = np.bincount(u[r], weights=w[r], minlength=n_units)
        tw = np.bincount(u[r], weights=(w * t)[r], minlength=n_units)
        good = (got > 0) & (got >= MIN_REACHED_SHARE * total)
        out[good, g] = tw[good] / got[good]
    return out


def _two_best(tpg: np.ndarray, open_idx: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Best and second-best open column per row of tpg (index -1 / time inf where none)."""
    sub = tpg[:, open_idx]
    n = tpg.shape[0]
    if sub.shape[1] == 0:
        z = np.full(n, -1)
        return z, np.full(n, np.inf), z.copy(), np.full(n, np.inf)
    order = np.argsort(sub, axis=1, kind="stable")
    rows = np.arange(n)
    b1 = order[:, 0]
    t1 = sub[rows, b1]
    if sub.shape[1] > 1:
        b2 = order[:, 1]
        t2 = sub[rows, b2]
    else:
        b2, t2 = np.zeros(n, int), np.full(n, np.inf)
    a1 = np.where(np.isfinite(t1), open_idx[b1], -1)
    a2 = np.where(np.isfinite(t2), open_idx[b2], -1)
    return a1, t1, a2, t2


def _none_if_inf(v: float, nd: int = 1):
    return round(float(v), nd) if np.isfinite(v) else None


@dataclass
class Closure:
    closed: list[int]
    time: np.ndarray  #: minutes to the fastest open gateway (NaN where none)
    allocation: np.ndarray  #: its index (-1 none)
    lost: np.ndarray  #: cells the closed gateways served (bool)
    rows: list[dict]  #: one per (closed set, receiving gateway): area_km2, population, mean_added_min, ...


@dataclass
class GatewayAnswer:
    names: list[str]
    kinds: list[str]
    time: np.ndarray  #: minutes to the fastest gateway (float32, NaN where none)
    allocation: np.ndarray  #: index of that gateway (int32, -1 none)
    backup: np.ndarray  #: minutes to the second-best gateway
    backup_allocation: np.ndarray
    gateway_rows: list[dict]
    prefecture_rows: list[dict]
    closure: Closure | None = None
    tpg: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))  #: prefecture x gateway minutes


def gateway_hinterlands(surfaces: Sequence[np.ndarray], names: Sequence[str], kinds: Sequence[str],
                        land: np.ndarray, cell_km2: float, people: np.ndarray, unit: np.ndarray,
                        codes: Sequence[str], labels: dict[str, str] | None = None,
                        provinces: dict[str, str] | None = None, close: Sequence[str] = ()) -> GatewayAnswer:
    """Everything from the per-gateway surfaces (minutes, NaN = unreachable), people per cell and the
    prefecture id raster ``unit`` (0..len(codes)-1, -1 outside). ``labels``: code -> prefecture name;
    ``provinces``: code -> province code; ``close``: gateway names to close."""
    names = list(names)
    if not surfaces:
        raise EngineError("gateway_none")
    closed = check_closed(names, close)
    near = nearest_two(surfaces)
    n_g = len(names)
    pop = np.nan_to_num(np.asarray(people, np.float64), nan=0.0)
    pop[~land] = 0.0
    weight = np.where(land, pop + CELL_WEIGHT, 0.0)
    tpg = prefecture_times(surfaces, weight, unit, len(codes))
    everyone = np.arange(n_g)
    p1, pt1, p2, pt2 = _two_best(tpg, everyone)
    served = near.allocation >= 0
    a = near.allocation[served]
    area = np.bincount(a, minlength=n_g) * cell_km2
    ppl = np.bincount(a, weights=pop[served], minlength=n_g)
    ptime = np.bincount(a, weights=(pop * np.nan_to_num(near.time, nan=0.0))[served], minlength=n_g)
    bserved = near.backup_allocation >= 0
    backup_ppl = np.bincount(near.backup_allocation[bserved], weights=pop[bserved], minlength=n_g)
    land_km2 = float(land.sum()) * cell_km2 or 1.0
    total = float(pop.sum()) or 1.0
    labels = labels or {}
    provinces = provinces or {}
    pref_of = [[] for _ in range(n_g)]
    for i, code in enumerate(codes):
        if p1[i] >= 0:
            pref_of[p1[i]].append(labels.get(code, code))
    grows = []
    for g, name in enumerate(names):
        grows.append({
            "gateway": name, "type": kinds[g], "area_km2": round(float(area[g]), 1),
            "area_share": round(float(area[g]) / land_km2, 4), "population": float(round(ppl[g])),
            "population_share": round(float(ppl[g]) / total, 4),
            "mean_time_min": round(float(ptime[g] / ppl[g]), 1) if ppl[g] > 0 else None,
            "backup_population": float(round(backup_ppl[g])), "prefectures_n": len(pref_of[g]),
            "prefectures": "; ".join(pref_of[g]), "closed": int(g in closed)})
    ok = (unit >= 0)
    pref_people = np.bincount(unit[ok], weights=pop[ok], minlength=len(codes))
    pref_area = np.bincount(unit[ok & land], minlength=len(codes)) * cell_km2
    prows = []
    for i, code in enumerate(codes):
        prows.append({
            "adcode": code, "name": labels.get(code, code), "province_adcode": provinces.get(code, ""),
            "gateway": names[p1[i]] if p1[i] >= 0 else "", "gateway_type": kinds[p1[i]] if p1[i] >= 0 else "",
            "time_min": _none_if_inf(pt1[i]),
            "backup_gateway": names[p2[i]] if p2[i] >= 0 else "", "backup_time_min": _none_if_inf(pt2[i]),
            "population": float(round(pref_people[i])), "area_km2": round(float(pref_area[i]), 1)})
    ans = GatewayAnswer(names, list(kinds), near.time, near.allocation, near.backup, near.backup_allocation,
                        grows, prows, tpg=tpg)
    if closed:
        ans.closure = _closure(surfaces, names, closed, near, pop, cell_km2, tpg, prows, grows, codes, labels)
    return ans


def _closure(surfaces, names, closed, near, pop, cell_km2, tpg, prows, grows, codes, labels) -> Closure:
    n_g = len(names)
    open_idx = np.array([g for g in range(n_g) if g not in closed])
    after = nearest_two([surfaces[g] for g in open_idx])
    alloc = np.where(after.allocation >= 0, open_idx[np.maximum(after.allocation, 0)], -1).astype(np.int32)
    lost = np.isin(near.allocation, closed)
    q1, qt1, _q2, _qt2 = _two_best(tpg, open_idx)
    # per gateway after the closure
    served = alloc >= 0
    area_after = np.bincount(alloc[served], minlength=n_g) * cell_km2
    ppl_after = np.bincount(alloc[served], weights=pop[served], minlength=n_g)
    for g, row in enumerate(grows):
        row["area_after_km2"] = round(float(area_after[g]), 1)
        row["population_after"] = float(round(ppl_after[g]))
    moved_pref: dict[int, list[str]] = {}
    for i, row in enumerate(prows):
        row["gateway_after"] = names[q1[i]] if q1[i] >= 0 else ""
        row["time_after_min"] = _none_if_inf(qt1[i])
        before = tpg[i].min() if np.isfinite(tpg[i]).any() else np.inf
        row["added_min"] = _none_if_inf(qt1[i] - before) if np.isfinite(before) else None
        if row["gateway"] and names.index(row["gateway"]) in closed:
            moved_pref.setdefault(int(q1[i]), []).append(labels.get(codes[i], codes[i]))
    rows = []
    label = "; ".join(names[g] for g in closed)
    t_before = np.nan_to_num(near.time, nan=np.inf)
    t_after = np.nan_to_num(after.time, nan=np.inf)
    for r in sorted(set(alloc[lost].tolist()) | set(moved_pref), key=lambda r: (r < 0, r)):
        m = lost & (alloc == r)
        p = float(pop[m].sum())
        if r >= 0:
            with np.errstate(invalid="ignore"):
                added = (t_after - t_before)[m]
            mean_added = float(np.average(added, weights=pop[m])) if p > 0 else (float(added.mean()) if m.any()
                                                                                 else None)
        else:
            mean_added = None
        prefs = moved_pref.get(int(r), [])
        rows.append({"closed": label, "to_gateway": names[r] if r >= 0 else "", "area_km2": round(float(m.sum()) * cell_km2, 1),
                     "population": float(round(p)),
                     "mean_added_min": round(mean_added, 1) if mean_added is not None else None,
                     "prefectures_n": len(prefs), "prefectures": "; ".join(prefs)})
    return Closure(list(closed), after.time, alloc, lost, rows)


def unique_names(names: Sequence[str]) -> list[str]:
    """Names made unique by a suffix " (2)", " (3)" … on repeats (CLOSE picks gateways by name)."""
    seen: dict[str, int] = {}
    out = []
    for n in names:
        seen[n] = seen.get(n, 0) + 1
        out.append(n if seen[n] == 1 else f"{n} ({seen[n]})")
    return out


def default_gateways(rows, to_grid, penalties: dict[str, float], types: Sequence[str] = DEFAULT_TYPES,
                     lang: str = "en") -> list[Gateway]:
    """Gateways from ``hubs`` rows (attributes with ``category`` = type, WGS84 points): those of ``types``,
    named in ``lang`` (name_zh / name_en), with their type's penalty. ``to_grid(lon, lat) -> (x, y)``."""
    out = []
    key = "name_zh" if lang == "zh" else "name_en"
    for attrs, geom in rows:
        kind = str(attrs.get("category") or attrs.get("type") or "")
        if kind not in types or geom is None:
            continue
        x, y = to_grid(geom.x, geom.y)
        out.append(Gateway(str(attrs.get(key) or attrs.get("name_en") or attrs.get("hub_id")), kind, float(x),
                           float(y), float(penalties.get(kind, 0.0)), str(attrs.get("hub_id") or "")))
    return out
