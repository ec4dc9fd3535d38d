"""Backup reach: for each pair of the key-industry backup list (primary cluster city → backup city), how far the
backup is from the primary and from the primary's markets, and what a disruption between them costs.

Definitions (every time is the engine's, under the chosen profile — freight by default):

* ``time_min``: primary → backup (``time_back_min``: backup → primary; equal on a two-way network up to the
  boarding/alighting asymmetry of the end stations).
* **The primary's market** is the people (2020 census on the grid, ``Engine.people``) who live within
  ``market_min`` minutes of the primary city: the area its cluster serves by truck in that time. It is a
  proxy: customers and suppliers are not in the data, residents are. ``market_population`` is its size,
  ``primary_market_min`` the population-weighted mean time from the primary to it, ``backup_market_min`` the
  same from the backup city to the same people (``backup_market_added_min`` the difference: what it costs
  the market to be served from the backup), ``backup_market_share`` the share of those people the backup
  reaches within ``market_min`` itself, ``backup_population`` the people within ``market_min`` of the backup.
* **Disruption between them**: the corridor segments on a fastest primary → backup route (all ties) are
  found from the two surfaces (an edge ``a → b`` of weight ``w`` lies on one when
  ``t_P[a] + w + d(b → B) = t_P[B]``; ``d(b → B)`` is bounded below by ``t_B[b] - (board - alight)`` of
  ``b``'s mode, so the test keeps every such segment and a few more); each is then removed alone
  (``scenarios.without_segments``) and the primary re-solved — exact, as in ``scenarios.criticality``. The
  segment whose loss adds the most minutes to primary → backup is ``critical_segment`` (``critical_added_min``;
  ``None`` with ``critical_cut_off`` = 1 when the backup can no longer be reached at all); with it removed the
  backup is re-solved too: ``critical_market_min`` is the backup's mean time to the primary's market then, and
  ``critical_pop_minutes`` the population-minutes it adds (a person no longer reached counts
  ``scenarios.UNREACHABLE_PENALTY_MIN``).
* **A named scenario** (``disrupted``: segment ids removed together, as in hinterland:corridordisruption):
  ``scenario_time_min`` / ``scenario_added_min`` primary → backup and ``scenario_market_min`` backup → market.

The superset test assumes every edge can be ridden both ways (true of the bundled network; a user's one-way
line can hide a segment from it, never add a wrong one: the minutes come from the re-solves).
"""
from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

from ..errors import Cancelled, EngineError
from . import kernel
from .model import Centre, Engine, Prepared
from .scenarios import UNREACHABLE_PENALTY_MIN, check_segments, segment_edge_positions, without_segments

#: the industries of the key-industry backup list (as ``hinterland_build.policy_build.INDUSTRIES``; tested)
INDUSTRIES = ("semiconductors", "nev", "electronics", "equipment", "new_materials", "energy_chemicals", "food",
              "textiles")
#: the columns of a row, in order, with their kinds (the Processing output's fields)
COLUMNS = (
    ("pair_id", "string"), ("industry", "string"), ("relation", "string"), ("primary", "string"), ("backup", "string"),
    ("time_min", "double"), ("time_back_min", "double"), ("market_min", "double"), ("market_population", "double"),
    ("primary_market_min", "double"), ("backup_market_min", "double"), ("backup_market_added_min", "double"),
    ("backup_market_share", "double"), ("backup_population", "double"), ("route_segments_n", "int"),
    ("route_segments", "string"), ("critical_segment", "string"), ("critical_segment_name", "string"),
    ("critical_added_min", "double"), ("critical_cut_off", "int"), ("critical_market_min", "double"),
    ("critical_pop_minutes", "double"), ("scenario_time_min", "double"), ("scenario_added_min", "double"),
    ("scenario_market_min", "double"), ("source", "string"), ("confidence", "string"))
#: default market radius (minutes): a working day's truck drive out and back is ~8 h; 4 h one way
DEFAULT_MARKET_MIN = 240.0
#: a segment counts as on the route when its loss adds more than this (minutes)
ROUTE_TOLERANCE_MIN = 1e-6
#: how many route segments the row lists (most costly first)
ROUTE_LISTED = 5


@dataclass
class Pair:
    pair_id: str
    industry: str
    relation: str
    primary: str  #: name of the primary cluster city
    backup: str
    px: float  #: grid CRS metres
    py: float
    bx: float
    by: float
    source: str = ""
    confidence: str = ""


def pairs_from_rows(rows, to_grid: Callable, lang: str = "en", industries: Sequence[str] = ()) -> list[Pair]:
    """Pairs from ``key_industries`` rows (attributes, WGS84 line primary → backup); ``industries``: keep only
    these (empty: all). ``to_grid(lon, lat) -> (x, y)``."""
    out = []
    sfx = "zh" if lang == "zh" else "en"
    wanted = {i for i in industries if i}
    for attrs, geom in rows:
        ind = str(attrs.get("category") or "")
        if geom is None or geom.is_empty or (wanted and ind not in wanted):
            continue
        (lon_a, lat_a), (lon_b, lat_b) = geom.coords[0][:2], geom.coords[-1][:2]
        (xa, xb), (ya, yb) = to_grid([lon_a, lon_b], [lat_a, lat_b])
        out.append(Pair(str(attrs.get("pair_id")), ind, str(attrs.get("relation") or ""),
                        str(attrs.get(f"primary_name_{sfx}") or attrs.get("primary_name_en") or attrs.get("primary_place")
                            or ""),
                        str(attrs.get(f"backup_name_{sfx}") or attrs.get("backup_name_en") or attrs.get("backup_place")
                            or ""),
                        float(xa), float(ya), float(xb), float(yb), str(attrs.get("source") or ""),
                        str(attrs.get("confidence") or "")))
    return out


def _solve(prepared: Prepared, cell: int, cancel=None) -> np.ndarray:
    """Minutes from one cell to every node (cells, then stations); inf where unreachable."""
    return kernel.solve(prepared.cost, prepared.grid.res, np.array([cell], np.int64), np.zeros(1),
                        prepared.network.edges, backup=False, cancel=cancel,
                        knight=prepared.knight, keep_source=False).time


def _asymmetry(prepared: Prepared) -> np.ndarray:
    """Per node: max(0, board - alight) of a station's mode (0 for cells)."""
    n = prepared.grid.size
    modes = {m.name: m for m in prepared.profile.modes}
    out = np.zeros(n + prepared.network.n_extra)
    for j, (_place, mode) in enumerate(prepared.network.stations):
        m = modes.get(mode)
        if m is not None:
            out[n + j] = max(0.0, m.board_min - m.alight_min)
    return out


def route_candidates(prepared: Prepared, t_p: np.ndarray, t_b: np.ndarray, target: int,
                     positions: dict[str, list[int]], slack: np.ndarray) -> list[str]:
    """Segment ids that may lie on a fastest route from the primary (``t_p``) to node ``target`` (a superset,
    see the module docstring); ``t_b``: minutes from ``target``."""
    total = t_p[target]
    if not np.isfinite(total):
        return []
    e = prepared.network.edges
    n = prepared.grid.size
    src_of = n + np.repeat(np.arange(e.n_extra), np.diff(e.node_ptr))
    tol = 1e-9 * max(1.0, total)
    out = []
    for sid, pos in positions.items():
        p = np.asarray(pos, np.int64)
        if not len(p):
            continue
        a, b, w = src_of[p], e.node_to[p], e.node_w[p]
        with np.errstate(invalid="ignore"):
            through = t_p[a] + w + t_b[b] - slack[b]
        if np.any(np.isfinite(through) & (through <= total + tol)):
            out.append(sid)
    return sorted(out)


def _mean(weights: np.ndarray, times: np.ndarray):
    ok = np.isfinite(times)
    tot = float(weights[ok].sum())
    return (float((weights[ok] * times[ok]).sum()) / tot) if tot > 0 else None


def _round(v, nd: int = 1):
    return None if v is None or not np.isfinite(v) else round(float(v), nd)


class _Run:
    """The solves of one analysis: every place alone, then with segments removed (threads share the grid)."""

    def __init__(self, engine: Engine, prepared: Prepared, pairs: Sequence[Pair], market_min: float, cancel, workers):
        self.prepared, self.pairs, self.market_min, self.cancel = prepared, list(pairs), market_min, cancel
        names: dict[tuple[float, float], str] = {}
        for p in pairs:
            names.setdefault((p.px, p.py), p.primary)
            names.setdefault((p.bx, p.by), p.backup)
        self.keys = list(names)
        cells = engine.source_cells(prepared, [Centre(names[k], *k) for k in self.keys])
        self.cell = {k: int(c) for k, c in zip(self.keys, cells)}
        people = engine.people(prepared)
        self.idx = people.rows * prepared.grid.ncols + people.cols
        self.w = people.weights
        self.workers = 1 if not kernel.numba_available() else (workers or min(4, os.cpu_count() or 1))
        self.positions = segment_edge_positions(prepared)
        self.base: dict[tuple[float, float], np.ndarray] = {}

    def run(self, jobs) -> list[np.ndarray]:
        """[(prepared, place key)] -> minutes from that place to every node."""
        def one(job):
            if self.cancel is not None and self.cancel[0]:
                raise Cancelled()
            return _solve(job[0], self.cell[job[1]], self.cancel)
        if self.workers <= 1 or len(jobs) <= 1:
            return [one(j) for j in jobs]
        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            return list(pool.map(one, jobs))

    def without(self, ids) -> Prepared:
        return without_segments(self.prepared, list(ids), self.positions)

    def market(self, p: Pair) -> np.ndarray:
        """Index into the people of the primary's market (people within market_min of the primary)."""
        return np.flatnonzero(self.base[(p.px, p.py)][self.idx] <= self.market_min)

    def mean_from(self, times: np.ndarray, market: np.ndarray):
        """People-weighted mean minutes of ``times`` (a surface) over the market; None if someone is unreached."""
        t = times[self.idx[market]]
        return _mean(self.w[market], t) if np.isfinite(t).all() else None

    def route_costs(self, progress) -> dict[int, list[tuple[str, float]]]:
        """Per pair: (segment, minutes its loss adds to primary -> backup; inf = cut off), most costly first."""
        slack = _asymmetry(self.prepared)
        cand = {i: route_candidates(self.prepared, self.base[(p.px, p.py)], self.base[(p.bx, p.by)],
                                    self.cell[(p.bx, p.by)], self.positions, slack) for i, p in enumerate(self.pairs)}
        jobs = sorted({((p.px, p.py), sid) for i, p in enumerate(self.pairs) for sid in cand[i]})
        at_places = [self.cell[k] for k in self.keys]
        cut: dict[tuple, np.ndarray] = {}
        for k in range(0, len(jobs), 16):
            chunk = jobs[k:k + 16]
            for job, t in zip(chunk, self.run([(self.without([sid]), pk) for pk, sid in chunk])):
                cut[job] = t[at_places]  # only the times at the places are kept
            if progress:
                progress(20.0 + 60.0 * min(len(jobs), k + 16) / max(1, len(jobs)))
        at = {key: j for j, key in enumerate(self.keys)}
        out = {}
        for i, p in enumerate(self.pairs):
            pk, bk = (p.px, p.py), (p.bx, p.by)
            before = float(self.base[pk][self.cell[bk]])
            added = []
            for sid in cand[i]:
                after = float(cut[(pk, sid)][at[bk]])
                a = after - before if np.isfinite(after) else np.inf
                if a > ROUTE_TOLERANCE_MIN:
                    added.append((sid, a))
            out[i] = sorted(added, key=lambda sa: (-sa[1], sa[0]))
        return out


def backup_reach(engine: Engine, prepared: Prepared, pairs: Sequence[Pair], market_min: float = DEFAULT_MARKET_MIN,
                 disrupted: Sequence[str] = (), cancel: np.ndarray | None = None,
                 progress: Callable[[float], None] | None = None, workers: int | None = None) -> list[dict]:
    """One row per pair (see the module docstring for every column)."""
    if not pairs:
        raise EngineError("no key-industry pairs to analyse")
    if not np.isfinite(market_min) or market_min <= 0:
        raise EngineError("threshold_positive", value=str(market_min))
    scenario_ids = check_segments(prepared, disrupted) if disrupted else []
    r = _Run(engine, prepared, pairs, market_min, cancel, workers)
    r.base = dict(zip(r.keys, r.run([(prepared, k) for k in r.keys])))
    if progress:
        progress(20.0)
    costs = r.route_costs(progress)
    segs = {a["segment_id"]: a for a, _g in engine.read("corridor_segments")}
    rows = [_row(r, p, costs[i], segs) for i, p in enumerate(pairs)]
    # the backup re-solved without its pair's critical segment: what serving the market from it costs then
    crit = sorted({((p.bx, p.by), costs[i][0][0]) for i, p in enumerate(pairs) if costs[i]})
    crit_t = dict(zip(crit, r.run([(r.without([sid]), bk) for bk, sid in crit])))
    for i, p in enumerate(pairs):
        if costs[i]:
            market = r.market(p)
            after = crit_t[((p.bx, p.by), costs[i][0][0])]
            rows[i]["critical_market_min"] = _round(r.mean_from(after, market))
            rows[i]["critical_pop_minutes"] = float(round(_pop_minutes(
                r.w[market], r.base[(p.bx, p.by)][r.idx[market]], after[r.idx[market]])))
    if progress:
        progress(90.0)
    if scenario_ids:
        scen = r.without(scenario_ids)
        after = dict(zip(r.keys, r.run([(scen, k) for k in r.keys])))
        for p, row in zip(pairs, rows):
            pk, bk = (p.px, p.py), (p.bx, p.by)
            t = float(after[pk][r.cell[bk]])
            row["scenario_time_min"] = _round(t)
            row["scenario_added_min"] = _round(t - float(r.base[pk][r.cell[bk]])) if np.isfinite(t) else None
            row["scenario_market_min"] = _round(r.mean_from(after[bk], r.market(p)))
    if progress:
        progress(100.0)
    return rows


def _row(r: _Run, p: Pair, added: list[tuple[str, float]], segs: dict) -> dict:
    pk, bk = (p.px, p.py), (p.bx, p.by)
    t_p, t_b = r.base[pk], r.base[bk]
    market = r.market(p)
    mw = r.w[market]
    market_pop = float(mw.sum())
    prim_mean = _mean(mw, t_p[r.idx[market]])
    back_mean = r.mean_from(t_b, market)
    b_in = t_b[r.idx[market]]
    row = {
        "pair_id": p.pair_id, "industry": p.industry, "relation": p.relation, "primary": p.primary,
        "backup": p.backup, "time_min": _round(float(t_p[r.cell[bk]])), "time_back_min": _round(float(t_b[r.cell[pk]])),
        "market_min": float(r.market_min), "market_population": float(round(market_pop)),
        "primary_market_min": _round(prim_mean), "backup_market_min": _round(back_mean),
        "backup_market_added_min": (_round(back_mean - prim_mean) if back_mean is not None and prim_mean is not None
                                    else None),
        "backup_market_share": round(float(mw[b_in <= r.market_min].sum()) / market_pop, 4) if market_pop > 0 else None,
        "backup_population": float(round(float(r.w[t_b[r.idx] <= r.market_min].sum()))),
        "route_segments_n": len(added),
        "route_segments": "; ".join(f"{s} (+{a:.0f} min)" if np.isfinite(a) else f"{s} (cut off)"
                                    for s, a in added[:ROUTE_LISTED]),
        "critical_segment": added[0][0] if added else "", "critical_segment_name": "",
        "critical_added_min": None, "critical_cut_off": 0, "critical_market_min": None, "critical_pop_minutes": None,
        "scenario_time_min": None, "scenario_added_min": None, "scenario_market_min": None,
        "source": p.source, "confidence": p.confidence}
    if added:
        sid, a = added[0]
        attrs = segs.get(sid, {})
        row["critical_segment_name"] = str(attrs.get("name_zh" if _zh(p) else "name_en") or attrs.get("name_en") or "")
        row["critical_added_min"] = _round(a)
        row["critical_cut_off"] = int(not np.isfinite(a))
    return row


def _zh(p: Pair) -> bool:
    """The pair's names are Chinese (the row was read in zh)."""
    return any("\u4e00" <= ch <= "\u9fff" for ch in p.primary + p.backup)


def _pop_minutes(weights: np.ndarray, before: np.ndarray, after: np.ndarray) -> float:
    with np.errstate(invalid="ignore"):
        added = np.where(np.isfinite(after), after - before, UNREACHABLE_PENALTY_MIN)
        added = np.where(np.isfinite(before), np.clip(added, 0, UNREACHABLE_PENALTY_MIN), 0.0)
    return float((weights * added).sum())
