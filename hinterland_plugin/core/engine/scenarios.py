"""Resilience scenarios: corridor disruption and N-1 criticality of corridor segments.

A disruption removes ride edges (both directions) of the chosen segments from the prepared network,
without rebuilding the grid: the edge weights are set to infinity in a copy of the CSR arrays.
Criticality removes each segment in turn, but only re-solves for segments whose edges are *tight*
in the baseline (t[b] == t[a] + w: some shortest path uses them); removing any other segment cannot
change a travel time. The result is identical to recomputing every removal (tested).
"""
from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, replace
from typing import Sequence

import numpy as np
import shapely
from shapely.geometry import LineString

from ..constants import CUT_OFF_MINUTES
from ..errors import EngineError
from . import fast, kernel
from .coverage import PointSet
from .inputs import user_segment_lines
from .model import Centre, Engine, Prepared

#: minutes added for a point that becomes unreachable (caps population-minutes)
UNREACHABLE_PENALTY_MIN = 24 * 60.0


@dataclass
class SegmentImpact:
    segment_id: str
    pop_minutes: float  #: sum over cities of population x minutes added (capped)
    pop_lost: float  #: population losing coverage within the threshold
    resolved: bool  #: True when a solve was needed (the segment is on some shortest path)


def segment_edge_positions(prepared: Prepared) -> dict[str, list[int]]:
    """Positions in ``edges.node_w`` of the two ride edges of every segment id."""
    net = prepared.network
    e = net.edges
    n = prepared.grid.size
    out: dict[str, list[int]] = {}
    for sid, (a, b) in zip(net.segment_ids, net.segment_edge):
        pos = []
        for u, v in ((a, b), (b, a)):
            j = u - n
            lo, hi = e.node_ptr[j], e.node_ptr[j + 1]
            hits = np.flatnonzero(e.node_to[lo:hi] == v)
            pos += [int(lo + h) for h in hits]
        out.setdefault(sid, []).extend(pos)  # a road segment owns one edge pair per piece
    return out


def without_segments(prepared: Prepared, segment_ids: Sequence[str],
                     positions: dict[str, list[int]] | None = None) -> Prepared:
    """A shallow copy of ``prepared`` whose network lacks the given segments (unknown ids raise KeyError)."""
    positions = positions or segment_edge_positions(prepared)
    unknown = [s for s in segment_ids if s not in positions]
    if unknown:
        raise KeyError(", ".join(unknown))
    w = prepared.network.edges.node_w.copy()
    for sid in segment_ids:
        w[positions[sid]] = np.inf
    edges = replace(prepared.network.edges, node_w=w)
    return prepared.replaced(network=replace(prepared.network, edges=edges))


def segments_crossing(prepared: Prepared, engine: Engine, polygon_grid_crs) -> list[str]:
    """Segment ids whose line intersects a polygon (grid CRS), e.g. a hazard zone: the bundled segments, then
    the user's own (each piece tested)."""
    out = []
    for attrs, a, b in engine._segments(prepared.grid):
        if attrs["segment_id"] in prepared.network.minutes and LineString([a, b]).intersects(polygon_grid_crs):
            out.append(attrs["segment_id"])
    ids, lines = user_segment_lines(prepared.inputs, prepared.grid)  # the user's own network (issue 14)
    if len(lines):
        hit = dict.fromkeys(ids[shapely.intersects(lines, polygon_grid_crs)].tolist())
        out += [s for s in hit if s in prepared.network.minutes]
    return out


def _solve_nearest(prepared: Prepared, cells: np.ndarray, delays: np.ndarray, cancel=None) -> np.ndarray:
    return kernel.solve(prepared.cost, prepared.grid.res, cells, delays, prepared.network.edges, backup=False,
                        cancel=cancel, knight=prepared.knight, keep_source=False).time


def _impact(before: np.ndarray, after: np.ndarray, cities: PointSet, cell_idx: np.ndarray, threshold: float):
    tb, ta = before[cell_idx], after[cell_idx]
    with np.errstate(invalid="ignore"):
        added = np.where(np.isfinite(ta), ta - tb, UNREACHABLE_PENALTY_MIN)
        added = np.where(np.isfinite(tb), np.clip(added, 0, UNREACHABLE_PENALTY_MIN), 0.0)
    lost = (tb <= threshold) & ~(ta <= threshold)
    return float((cities.weights * added).sum()), float(cities.weights[lost].sum())


def disruption(engine: Engine, prepared: Prepared, centres: Sequence[Centre], segment_ids: Sequence[str],
               threshold: float, cities: PointSet):
    """(delta minutes per cell, pop_minutes, pop_lost) of removing ``segment_ids`` together."""
    active = [c for c in centres if c.enabled]
    cells = engine.source_cells(prepared, active)
    delays = np.array([c.delay_min for c in active], np.float64)
    base = _solve_nearest(prepared, cells, delays)
    after = _solve_nearest(without_segments(prepared, segment_ids), cells, delays)
    n = prepared.grid.size
    with np.errstate(invalid="ignore"):
        delta = (after[:n] - base[:n]).astype(np.float32).reshape(prepared.grid.shape)
    delta[~prepared.land] = np.nan
    delta[~np.isfinite(base[:n].reshape(prepared.grid.shape))] = np.nan
    cell_idx = cities.rows * prepared.grid.ncols + cities.cols
    pm, lost = _impact(base, after, cities, cell_idx, threshold)
    return delta, pm, lost


def before_after(engine: Engine, prepared: Prepared, centres: Sequence[Centre], segment_ids: Sequence[str],
                 cancel=None):
    """Nearest-centre minutes per cell before and after removing ``segment_ids`` (NaN off land)."""
    active = [c for c in centres if c.enabled]
    cells = engine.source_cells(prepared, active)
    delays = np.array([c.delay_min for c in active], np.float64)
    n = prepared.grid.size
    out = []
    for prep in (prepared, without_segments(prepared, segment_ids)):
        t = _solve_nearest(prep, cells, delays, cancel)[:n].astype(np.float32).reshape(prepared.grid.shape)
        t[~np.isfinite(t) | ~prepared.land] = np.nan
        out.append(t)
    return out[0], out[1]


@dataclass
class CentreReach:
    """Land cells a centre reaches on its own within ``max_time``, before and after a disruption."""
    name: str
    cells_before: int
    cells_after: int

    @property
    def cut_off(self) -> bool:
        """The disruption takes away more than half of what the centre could reach (e.g. an island or a valley
        served by one line only)."""
        return self.cells_after < 0.5 * self.cells_before


def centre_reach(engine: Engine, prepared: Prepared, centres: Sequence[Centre], segment_ids: Sequence[str],
                 max_time: float) -> list[CentreReach]:
    """Per active centre, solved alone: how much land it reaches within ``max_time`` with and without the
    segments. Used to report a disruption that disconnects a centre rather than silently averaging it away."""
    active = [c for c in centres if c.enabled]
    cells = engine.source_cells(prepared, active)
    after_prep = without_segments(prepared, segment_ids)
    n = prepared.grid.size
    land = prepared.land.ravel()
    out = []
    for c, cell in zip(active, cells):
        counts = []
        for prep in (prepared, after_prep):
            t = _solve_nearest(prep, np.array([cell], np.int64), np.array([c.delay_min], np.float64))[:n]
            with np.errstate(invalid="ignore"):
                counts.append(int(((t <= max_time) & land).sum()))
        out.append(CentreReach(c.name, counts[0], counts[1]))
    return out


def criticality(engine: Engine, prepared: Prepared, centres: Sequence[Centre], threshold: float,
                cities: PointSet, brute_force: bool = False, cancel=None, progress=None,
                only: Sequence[str] | None = None, workers: int | None = None) -> list[SegmentImpact]:
    """N-1: every segment of the prepared network (or those in ``only``) removed alone, ranked by
    population-minutes lost. Only segments on some shortest path are re-solved, on ``workers`` threads."""
    active = [c for c in centres if c.enabled]
    cells = engine.source_cells(prepared, active)
    delays = np.array([c.delay_min for c in active], np.float64)
    base = _solve_nearest(prepared, cells, delays)
    positions = segment_edge_positions(prepared)
    e = prepared.network.edges
    n = prepared.grid.size
    cell_idx = cities.rows * prepared.grid.ncols + cities.cols
    # the source node of each CSR entry
    src_of = n + np.repeat(np.arange(e.n_extra), np.diff(e.node_ptr))
    ids = list(dict.fromkeys(prepared.network.segment_ids))  # unique, in order (road segments repeat)
    if only is not None:
        wanted = set(only)
        ids = [i for i in ids if i in wanted]

    def tight(sid: str) -> bool:
        for p in positions[sid]:
            a, b, w = src_of[p], e.node_to[p], e.node_w[p]
            if np.isfinite(base[a]) and np.isfinite(base[b]) and abs(base[a] + w - base[b]) <= 1e-9 * max(1.0, base[b]):
                return True
        return False

    todo = [sid for sid in ids if brute_force or tight(sid)]
    stop = np.zeros(1, np.int64)  # polled by the running solves
    # compiled: each removal re-solves only what it touches (same times as a full re-solve); brute force and
    # the numpy fallback solve the whole grid again
    inc = (IncrementalN1(prepared, cells, delays, base, cities, threshold, positions)
           if fast.compiled() is not None and not brute_force else None)

    def one(sid: str) -> SegmentImpact:
        if stop[0]:
            raise kernel.Cancelled()
        pm, lost = inc.impact([sid], stop) if inc is not None else _impact(
            base, _solve_nearest(without_segments(prepared, [sid], positions), cells, delays, stop), cities,
            cell_idx, threshold)
        return SegmentImpact(sid, pm, lost, True)

    def check(done: int) -> None:  # progress and cancel on the calling thread (feedback signals stay direct)
        if progress is not None:
            progress(100.0 * done / max(1, len(todo)))
        if cancel is not None and cancel():
            stop[0] = 1
            raise kernel.Cancelled()

    solved = {}
    # the re-solves are independent: threads share the prepared grid (the compiled kernel releases the GIL)
    workers = workers or min(4, os.cpu_count() or 1)
    if workers > 1 and len(todo) > 1 and kernel.numba_available():
        with ThreadPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(one, sid) for sid in todo]
            try:
                for fut in as_completed(futures):
                    imp = fut.result()
                    solved[imp.segment_id] = imp
                    check(len(solved))
            finally:
                stop[0] = stop[0] or int(len(solved) < len(todo))
                for fut in futures:
                    fut.cancel()
    else:
        for sid in todo:
            if cancel is not None and cancel():
                raise kernel.Cancelled()
            solved[sid] = one(sid)
            check(len(solved))
    out = [solved.get(sid) or SegmentImpact(sid, 0.0, 0.0, False) for sid in ids]
    out.sort(key=lambda s: (-s.pop_minutes, -s.pop_lost, s.segment_id))
    return out


#: a site counts as delayed when the disruption adds more than this (minutes) while it stays covered
DELAY_TOLERANCE_MIN = 1.0


@dataclass
class DisruptionReport:
    """Everything ``hinterland:corridordisruption`` reports, as plain data."""
    segment_ids: list[str]
    before: np.ndarray  #: minutes to the nearest centre per cell before (NaN off land / unreachable)
    after: np.ndarray
    delta: np.ndarray  #: minutes added (float32); CUT_OFF_MINUTES where the cell is no longer reachable
    unreachable_km2: float
    reach: list[CentreReach]
    rows: list[dict]  #: one per threshold (keys as the disruption table's fields)

    @property
    def centres_cut_off(self) -> list[str]:
        return [r.name for r in self.reach if r.cut_off]


def check_segments(prepared: Prepared, segment_ids: Sequence[str]) -> list[str]:
    """Sorted unique ids; refuses an empty list and ids the prepared network does not have."""
    ids = sorted({s.strip() for s in segment_ids if s and s.strip()})
    if not ids:
        raise EngineError("no_disruption")
    unknown = [i for i in ids if i not in prepared.network.minutes]
    if unknown:
        raise EngineError("unknown_segments", ids=", ".join(unknown))
    return ids


def _sites_hit(sites: dict[str, PointSet], before: np.ndarray, after: np.ndarray, threshold: float):
    cut, delayed = set(), set()
    for pts in sites.values():
        tb, ta = pts.times(before), pts.times(after)
        with np.errstate(invalid="ignore"):
            covered = tb <= threshold
            still = ta <= threshold
            later = ~np.isfinite(ta) | (ta - tb > DELAY_TOLERANCE_MIN)
        for k, name in enumerate(pts.names):
            if covered[k] and not still[k]:
                cut.add(name)
            elif covered[k] and later[k]:
                delayed.add(name)
    return sorted(cut), sorted(delayed)


def disruption_report(engine: Engine, prepared: Prepared, centres: Sequence[Centre], segment_ids: Sequence[str],
                      thresholds: Sequence[float], people: PointSet, sites: dict[str, PointSet],
                      scenario: str = "", cancel=None) -> DisruptionReport:
    """Coverage before and after removing ``segment_ids`` together, per threshold: land and people covered
    and lost, population-minutes added (a point cut off counts UNREACHABLE_PENALTY_MIN), sites cut off or
    delayed, and the centres the disruption cuts off (each solved alone, ``centre_reach``)."""
    ids = check_segments(prepared, segment_ids)
    before, after = before_after(engine, prepared, centres, ids, cancel=cancel)
    with np.errstate(invalid="ignore"):
        delta = np.where(np.isfinite(before), np.nan_to_num(after, nan=np.inf) - before, np.nan)
    delta = np.where(np.isinf(delta), CUT_OFF_MINUTES, delta).astype(np.float32)
    cell_km2 = prepared.grid.res ** 2 / 1e6
    unreachable_km2 = round(float((np.isfinite(before) & ~np.isfinite(after)).sum()) * cell_km2, 1)
    reach = centre_reach(engine, prepared, centres, ids, max(thresholds))
    cut_centres = "; ".join(r.name for r in reach if r.cut_off)
    nb, na = np.nan_to_num(before, nan=np.inf).ravel(), np.nan_to_num(after, nan=np.inf).ravel()
    cell_idx = people.rows * prepared.grid.ncols + people.cols
    rows = []
    for th in sorted(thresholds):
        pop_minutes, pop_lost = _impact(nb, na, people, cell_idx, th)
        tb, ta = nb[cell_idx], na[cell_idx]
        cov_b, cov_a = nb <= th, na <= th
        cut, delayed = _sites_hit(sites, before, after, th)
        rows.append({
            "scenario": scenario, "threshold_min": float(th),
            "area_before_km2": round(float(cov_b.sum()) * cell_km2, 1),
            "area_after_km2": round(float(cov_a.sum()) * cell_km2, 1),
            "area_lost_km2": round(float((cov_b & ~cov_a).sum()) * cell_km2, 1),
            "population_before": float(people.weights[tb <= th].sum()),
            "population_after": float(people.weights[ta <= th].sum()),
            "population_lost": pop_lost, "pop_minutes_added": pop_minutes,
            "unreachable_km2": unreachable_km2, "cut_off_n": len(cut), "delayed_n": len(delayed),
            "cut_off": "; ".join(cut), "delayed": "; ".join(delayed), "centres_cut_off": cut_centres,
            "segments": ", ".join(ids)})
    return DisruptionReport(ids, before, after, delta, unreachable_km2, reach, rows)


class N1Static:
    """What every removal of an N-1 batch reads besides the baseline: the grid, the people, and arrays made from
    them (has a link, people per node, tail of each network edge) — rebuilt where it is unpickled, not sent, so a
    Dask worker builds them while it loads the grid ahead of the batch (``batch.Scheduler.preload``)."""

    def __init__(self, prepared: Prepared, cities: PointSet):
        self.prepared, self.cities = prepared, cities
        self._derive()

    def _derive(self) -> None:
        prepared, e = self.prepared, self.prepared.network.edges
        n = prepared.grid.size
        self.has_link = np.zeros(n, np.uint8)
        self.has_link[e.link_cells] = 1
        idx = np.asarray(self.cities.rows, np.int64) * prepared.grid.ncols + np.asarray(self.cities.cols, np.int64)
        self.cell_w = np.bincount(idx, weights=np.asarray(self.cities.weights, np.float64), minlength=n + e.n_extra)
        self.src_of = n + np.repeat(np.arange(e.n_extra), np.diff(e.node_ptr))

    def __getstate__(self):
        return {"prepared": self.prepared, "cities": self.cities}

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._derive()
        # where it is unpickled (a Dask worker, while the client solves the baseline), also the working copy of
        # the first removal, its pages touched now: first touching them in the first task took ~1 s per worker
        n = len(self.cell_w)
        nd, mark = np.empty(n), np.empty(n, np.uint8)
        nd.fill(np.inf)
        mark.fill(0)
        self._scratch = [(nd, mark)]

    def take_scratch(self):
        """A working copy made ahead (``nd``, ``mark`` all 0; ``nd``'s values arbitrary), once; else None."""
        scratch = self.__dict__.get("_scratch")
        return scratch.pop() if scratch else None


class IncrementalN1:
    """Removals re-solved incrementally (``fast_nb.resolve_removed``): only the nodes whose baseline shortest
    path may use a removed edge are solved again — the same times as a full re-solve (tested), in time
    proportional to what the removal touches instead of to the grid. Holds the baseline, the grid and people
    (``N1Static``, shareable between batches) and a small pool of working copies (one per thread at a time),
    none of which is pickled (a Dask worker builds its own pool)."""

    def __init__(self, prepared: Prepared, cells: np.ndarray, delays: np.ndarray, base: np.ndarray | None,
                 cities: PointSet, threshold: float, positions: dict[str, list[int]], static: N1Static | None = None):
        """``base``: the baseline nearest times over the grid's cells and network nodes, or None to have it
        solved where it is first needed (a Dask worker: each solves its own at once instead of the client
        solving it and sending 213 MB at 1 km)."""
        if static is not None and (static.prepared is not prepared or static.cities is not cities):
            raise ValueError("static was made for another grid or other people")
        self.static = static if static is not None else N1Static(prepared, cities)
        self._base, self.threshold, self.positions = base, float(threshold), positions
        self.cells, self.delays = np.asarray(cells, np.int64), np.asarray(delays, np.float64)
        if base is not None and len(base) != len(self.static.cell_w):
            raise ValueError("the baseline is not over the grid's cells and network nodes")
        self._derive()

    def _derive(self) -> None:
        st = self.static
        self.prepared, self.cities = st.prepared, st.cities
        self.has_link, self.cell_w, self.src_of = st.has_link, st.cell_w, st.src_of
        self._pool: list = []
        self._lock = threading.Lock()
        self._base_lock = threading.Lock()

    @property
    def base(self) -> np.ndarray:
        """The baseline (solved here on first use when it was not given)."""
        if self._base is None:
            with self._base_lock:
                if self._base is None:
                    self._base = _solve_nearest(self.prepared, self.cells, self.delays)
        return self._base

    def __getstate__(self):
        state = {k: self.__dict__[k] for k in ("static", "threshold", "positions", "cells", "delays")}
        if self._base is None:  # solved where it is unpickled, on first use
            return state
        # the baseline as its finite values and a bit mask: two thirds of a national grid is sea or beyond the
        # border (inf), 136 MB of the 213 MB sent to every Dask worker at 1 km
        finite = np.isfinite(self._base)
        state["base_n"], state["base_mask"], state["base_values"] = len(self._base), np.packbits(finite), \
            self._base[finite]
        return state

    def __setstate__(self, state):
        base = None
        if "base_n" in state:
            n, mask, values = state.pop("base_n"), state.pop("base_mask"), state.pop("base_values")
            base = np.full(n, np.inf)  # numpy's own memory (huge pages), not the message buffer
            base[np.unpackbits(mask, count=n).view(bool)] = values
        self.__dict__.update(state)
        self._base = base
        self._derive()

    def on_path(self, segment_ids: Sequence[str]) -> bool:
        """Does any of ``segment_ids`` have an edge on some baseline shortest path (``batch.tight_segments``)?"""
        return bool(len(self.roots([p for sid in segment_ids for p in self.positions[sid]])))

    def roots(self, positions: Sequence[int]) -> np.ndarray:
        """Heads of the removed edges that lie on some baseline shortest path (the tolerance of ``tight``)."""
        e, base = self.prepared.network.edges, self.base
        out = []
        for p in positions:
            a, b, w = self.src_of[p], e.node_to[p], e.node_w[p]
            if np.isfinite(base[a]) and np.isfinite(base[b]) and abs(base[a] + w - base[b]) <= 1e-9 * max(1.0, base[b]):
                out.append(int(b))
        return np.array(out, np.int64)

    def _new_copy(self) -> tuple[np.ndarray, np.ndarray]:
        """A working copy (the baseline, marks all 0): the one ``N1Static`` made ahead if it is still free."""
        with self._lock:
            ahead = self.static.take_scratch()
        if ahead is not None and len(ahead[0]) == len(self.base):
            np.copyto(ahead[0], self.base)  # into pages touched already: ~0.1 s instead of ~1 s at 1 km
            return ahead
        return self.base.copy(), np.zeros(len(self.base), np.uint8)

    def impact(self, segment_ids: Sequence[str], cancel: np.ndarray | None = None) -> tuple[float, float]:
        """(population-minutes added, population losing the threshold) of removing ``segment_ids`` together."""
        fx = fast.compiled()
        prep = self.prepared
        pos = [p for sid in segment_ids for p in self.positions[sid]]
        roots = self.roots(pos)
        if not len(roots):
            return 0.0, 0.0  # on no shortest path: nothing changes
        e = prep.network.edges
        w = e.node_w.copy()
        w[pos] = np.inf
        with self._lock:
            buf = self._pool.pop() if self._pool else None
        nd, mark = buf if buf is not None else self._new_copy()
        try:
            a_nodes, pm, lost, finished = fx.resolve_removed(
                prep.cost.reshape(-1), prep.grid.nrows, prep.grid.ncols, float(prep.grid.res), bool(prep.knight),
                self.has_link, e.link_cells, e.link_ptr, e.link_to, e.link_w, e.node_ptr, e.node_to, w, self.base,
                roots, self.cells, self.delays, nd, mark, self.cell_w, self.threshold, UNREACHABLE_PENALTY_MIN,
                cancel if cancel is not None else np.zeros(1, np.int64))
            nd[a_nodes] = self.base[a_nodes]  # the working copy equals the baseline again
        except BaseException:
            nd, mark = None, None  # a half-used copy is dropped, never reused
            raise
        finally:
            if nd is not None:
                with self._lock:
                    self._pool.append((nd, mark))
        if not finished:
            raise kernel.Cancelled()
        return float(pm), float(lost)

    def times_after(self, segment_ids: Sequence[str]) -> np.ndarray:
        """The full nearest-time array after removing ``segment_ids`` together (hazard ensembles: their rows and
        delta rasters need every cell)."""
        fx = fast.compiled()
        prep = self.prepared
        pos = [p for sid in segment_ids for p in self.positions[sid]]
        e = prep.network.edges
        w = e.node_w.copy()
        w[pos] = np.inf
        nd, mark = self._new_copy()  # the first one the copy made ahead on a worker (else it would lie unused)
        fx.resolve_removed(prep.cost.reshape(-1), prep.grid.nrows, prep.grid.ncols, float(prep.grid.res),
                           bool(prep.knight), self.has_link, e.link_cells, e.link_ptr, e.link_to, e.link_w,
                           e.node_ptr, e.node_to, w, self.base, self.roots(pos), self.cells, self.delays, nd, mark,
                           self.cell_w, self.threshold, UNREACHABLE_PENALTY_MIN, np.zeros(1, np.int64))
        return nd
