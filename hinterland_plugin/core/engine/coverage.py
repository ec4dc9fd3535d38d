"""Coverage and accessibility figures around hinterland centres.

Inputs are plain arrays: per-centre travel-time surfaces (minutes, NaN = unreachable / off land),
the land mask and cell area, and point sets (cities with population, sites with names) given as
grid cells. Everything is vectorised over cells; no Python loop over cells.

People are a point set too: the 2020 census surface's populated cells (``Engine.people``), so every
share is a share of the census population on the grid (mainland, Hong Kong, Macao and Taiwan).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from . import fast


@dataclass
class PointSet:
    """Points located on the grid: cell (row, col), name, category, weight (e.g. population)."""

    rows: np.ndarray
    cols: np.ndarray
    names: list[str]
    categories: list[str]
    weights: np.ndarray

    @classmethod
    def empty(cls) -> "PointSet":
        z = np.zeros(0, np.int64)
        return cls(z, z, [], [], np.zeros(0))

    def times(self, surface: np.ndarray) -> np.ndarray:
        return surface[self.rows, self.cols].astype(np.float64) if len(self.rows) else np.zeros(0)


def centre_times_at(points: PointSet, surfaces: Sequence[np.ndarray]) -> np.ndarray:
    """Cost matrix (points x centres) in minutes, NaN where unreachable."""
    if not surfaces:
        return np.zeros((len(points.rows), 0))
    return np.stack([points.times(s) for s in surfaces], axis=1)


def _two_smallest(columns: Sequence[np.ndarray]):
    """Smallest and second-smallest value per row over the columns (NaN = +inf), and the index of the smallest
    (-1 where all are NaN). In place, in the columns' float type (float32 surfaces stay float32): four passes
    per column and no temporary of the columns' size beyond one boolean mask."""
    n = len(columns[0]) if columns else 0
    dtype = np.result_type(*[c.dtype for c in columns]) if columns else np.float64
    first = np.full(n, np.inf, dtype)
    second = first.copy()
    arg = np.full(n, -1, np.int16 if len(columns) < 32000 else np.int64)
    for i, col in enumerate(columns):
        better = col < first  # NaN compares False
        np.fmin(second, col, out=second)  # right where not better (fmin ignores NaN) ...
        np.copyto(second, first, where=better)  # ... and where better the old first moves to second place
        np.copyto(first, col, where=better)
        arg[better] = i
    return first, second, arg


def _bins(t: np.ndarray, thresholds: np.ndarray) -> np.ndarray:
    """Index of the first threshold each time is within (t <= thresholds[k]); len(thresholds) beyond the largest
    or unreachable (NaN/inf). Small integers: the bins of several vectors are combined without the times."""
    k = np.searchsorted(thresholds, t, side="left")
    return k.astype(np.uint8) if len(thresholds) < 255 else k


class _Within:
    """Counts and sums of a time vector within each threshold, in one pass (bin indices + bincount); keeps only
    the per-threshold totals (a few numbers), not the vector. ``t`` (optional) adds the time sums."""

    def __init__(self, k: np.ndarray, n_thresholds: int, weights: np.ndarray | None = None,
                 t: np.ndarray | None = None):
        n = n_thresholds + 1
        self.w = np.cumsum(np.bincount(k, weights=weights, minlength=n))[:-1].astype(np.float64)
        if t is None:
            self.wt = None
            return
        finite = k < n_thresholds  # beyond the largest threshold (or unreachable) is never summed
        tf = t[finite].astype(np.float64)
        wt = tf if weights is None else tf * weights[finite]
        self.wt = np.cumsum(np.bincount(k[finite], weights=wt, minlength=n))[:-1]

    @classmethod
    def from_bins(cls, weight: np.ndarray, tsum: np.ndarray | None = None) -> "_Within":
        """From per-bin totals (the compiled passes of ``fast``): cumulated like the bincounts above."""
        out = cls.__new__(cls)
        out.w = np.cumsum(weight)[:-1]
        out.wt = None if tsum is None else np.cumsum(tsum)[:-1]
        return out

    @classmethod
    def of(cls, t: np.ndarray, thresholds: np.ndarray, weights: np.ndarray | None = None) -> "_Within":
        return cls(_bins(t, thresholds), len(thresholds), weights, t)


def coverage_table(surfaces: Sequence[np.ndarray], names: Sequence[str], land: np.ndarray, cell_km2: float,
                   thresholds: Sequence[float], cities: PointSet, sites: dict[str, PointSet],
                   near: "Nearest | None" = None) -> list[dict]:
    """One row per (centre or 'ALL', threshold) with explicit units in the keys.

    * ``area_km2``: land within T of the centre (for ALL: of any centre);
    * ``population``: people (census cells) within T; ``population_share``: of all people on the grid;
    * ``<set>_n`` / ``<set>_names``: points of each site set (arsenal sites, hubs, ...) within T;
    * ``mean_time_min``: mean time over land cells within T; ``pop_weighted_time_min`` over the people within T;
    * for ALL only: ``backup_area_km2`` / ``backup_population`` (covered by >= 2 centres within T) and
      ``uncovered_area_km2`` / ``uncovered_population`` (by none);
    * centre failure, one row ``without:<centre>`` per centre (when there are several): area and population
      the other centres still cover within T.

    One pass per centre over the land cells and the people (cumulative counts over the sorted thresholds), so a
    1 km grid of China with millions of populated cells takes seconds, not minutes — compiled (``fast``, numba)
    a fraction of a second, the numpy passes the fallback (same sums, same order). ``near``: the nearest and
    second-nearest times of the same surfaces when the caller has them (:func:`nearest_two`).
    """
    ths = np.array(sorted(float(t) for t in thresholds))
    w = np.asarray(cities.weights, np.float64)
    total_pop = float(w.sum()) or 1.0
    n_land = int(np.count_nonzero(land))
    land_km2 = n_land * cell_km2
    site_t = {k: [v.times(s) for s in surfaces] for k, v in sites.items()}
    fx = fast.compiled() if surfaces else None
    counts = (_counts_compiled(fx, surfaces, names, land, ths, cities, w, near) if fx is not None
              else _counts_numpy(surfaces, names, land, ths, cities, w))
    cover, all_c, all_p, two_c, two_p, without = counts

    def row(name, k, wc, wp, site_times):
        area = float(wc.w[k]) * cell_km2
        pop = float(wp.w[k])
        out = {"centre": name, "threshold_min": float(ths[k]), "area_km2": round(area, 1),
               "area_share": round(area / land_km2, 4) if land_km2 else 0.0,
               "population": int(round(pop)), "population_share": round(pop / total_pop, 4),
               "mean_time_min": round(float(wc.wt[k] / wc.w[k]), 1) if wc.w[k] > 0 else None,
               "pop_weighted_time_min": round(float(wp.wt[k] / wp.w[k]), 1) if wp.w[k] > 0 else None}
        for key, pset in sites.items():
            t = site_times[key]
            with np.errstate(invalid="ignore"):
                picked = [pset.names[j] for j in np.flatnonzero(t <= ths[k])]
            out[f"{key}_n"] = len(picked)
            out[f"{key}_names"] = "; ".join(picked)
        return out

    rows = []
    for k in range(len(ths)):
        for i, name in enumerate(names):
            rows.append(row(name, k, cover[i][0], cover[i][1], {key: v[i] for key, v in site_t.items()}))
        all_sites = {key: (_two_smallest(v)[0] if v else np.zeros(0)) for key, v in site_t.items()}
        r = row("ALL", k, all_c, all_p, all_sites)
        r["backup_area_km2"] = round(float(two_c.w[k]) * cell_km2, 1)
        r["uncovered_area_km2"] = round(float(n_land - all_c.w[k]) * cell_km2, 1)
        r["backup_population"] = int(round(float(two_p.w[k])))
        r["uncovered_population"] = int(round(total_pop - float(all_p.w[k]))) if len(w) else 0
        rows.append(r)
        for i, name in enumerate(names if without else []):
            wc, wp = without[i]
            area, pop = float(wc.w[k]) * cell_km2, float(wp.w[k])
            rows.append({"centre": f"without:{name}", "threshold_min": float(ths[k]), "area_km2": round(area, 1),
                         "area_share": round(area / land_km2, 4) if land_km2 else 0.0,
                         "population": int(round(pop)), "population_share": round(pop / total_pop, 4)})
    return rows


def _counts_numpy(surfaces, names, land, ths, cities, w):
    """The counts of :func:`coverage_table` in numpy passes (no numba)."""
    nth = len(ths)
    flat_land = land.ravel()
    # the surfaces' own float type (float32 from the engine): a land-only copy of each, no float64 copies
    cells = [np.asarray(s).ravel()[flat_land] for s in surfaces]
    pts = [surface[cities.rows, cities.cols] if len(cities.rows) else np.zeros(0, np.float32)
           for surface in surfaces]
    c1, c2, carg = _two_smallest(cells) if cells else (np.zeros(0), np.zeros(0), np.zeros(0, np.int64))
    p1, p2, parg = _two_smallest(pts) if pts else (np.full(len(w), np.inf),) * 2 + (np.zeros(len(w), np.int64),)
    cover = [(_Within.of(c, ths), _Within.of(pt, ths, w)) for c, pt in zip(cells, pts)]
    del cells, pts
    kc1, kc2, kp1, kp2 = _bins(c1, ths), _bins(c2, ths), _bins(p1, ths), _bins(p2, ths)
    all_c, all_p = _Within(kc1, nth, None, c1), _Within(kp1, nth, w, p1)
    two_c, two_p = _Within(kc2, nth), _Within(kp2, nth, w)
    del c1, c2, p1, p2
    without = []
    if len(names) > 1:  # without centre i: its cells fall back to their second-nearest centre
        for i in range(len(names)):
            without.append((_Within(np.where(carg == i, kc2, kc1), nth),
                            _Within(np.where(parg == i, kp2, kp1), nth, w)))
    return cover, all_c, all_p, two_c, two_p, without


def _counts_compiled(fx, surfaces, names, land, ths, cities, w, near):
    """The counts of :func:`coverage_table` in compiled passes: one per surface and set (land cells, people)
    plus three over the nearest/second-nearest times; no copies of the surfaces."""
    if near is None:
        near = nearest_two(surfaces)
    cells = np.flatnonzero(land.ravel())
    ncols = land.shape[1]
    people = (np.asarray(cities.rows, np.int64) * ncols + np.asarray(cities.cols, np.int64)) if len(w) \
        else np.zeros(0, np.int64)
    none = np.zeros(0)
    flat = [np.asarray(s).ravel() for s in surfaces]
    cover = [(_Within.from_bins(*fx.binned(t, cells, none, ths)), _Within.from_bins(*fx.binned(t, people, w, ths)))
             for t in flat]
    t1, t2, a1 = near.time.ravel(), near.backup.ravel(), near.allocation.ravel()
    all_c = _Within.from_bins(*fx.binned(t1, cells, none, ths))
    all_p = _Within.from_bins(*fx.binned(t1, people, w, ths))
    two_c = _Within.from_bins(fx.binned(t2, cells, none, ths)[0])
    two_p = _Within.from_bins(fx.binned(t2, people, w, ths)[0])
    without = []
    if len(names) > 1:  # without centre i: its cells fall back to their second-nearest centre
        wc = fx.binned_without(t1, a1, t2, cells, none, ths, len(surfaces))
        wp = fx.binned_without(t1, a1, t2, people, w, ths, len(surfaces))
        without = [(_Within.from_bins(wc[i]), _Within.from_bins(wp[i])) for i in range(len(surfaces))]
    return cover, all_c, all_p, two_c, two_p, without


def k_coverage(surfaces: Sequence[np.ndarray], threshold: float) -> np.ndarray:
    """How many centres reach each cell within ``threshold`` minutes (uint8)."""
    if not surfaces:
        raise ValueError("no surfaces")
    k = np.zeros(np.shape(surfaces[0]), np.uint8)
    with np.errstate(invalid="ignore"):
        for s in surfaces:  # one surface at a time: no stacked copy of all of them
            k += np.asarray(s) <= threshold
    return k


# ----------------------------------------------------------------------------- accessibility indices


def decay(t: np.ndarray, kind: str = "gaussian", d0: float = 120.0, beta: float = 1.0) -> np.ndarray:
    """Distance-decay weights of travel time ``t`` (minutes), 0 beyond the catchment ``d0``.

    kind: 'binary' (1 within d0); 'gaussian' (Dai 2010: (exp(-(t/d0)^2/2) - exp(-1/2)) / (1 - exp(-1/2)),
    1 at 0 and 0 at d0); 'exponential' exp(-beta t / d0); 'power' (1 + t)^-beta.
    """
    t = np.asarray(t, np.float64)
    with np.errstate(invalid="ignore", over="ignore"):
        inside = np.isfinite(t) & (t <= d0)
        if kind == "binary":
            w = np.ones_like(t)
        elif kind == "gaussian":
            w = (np.exp(-0.5 * (t / d0) ** 2) - np.exp(-0.5)) / (1 - np.exp(-0.5))
        elif kind == "exponential":
            w = np.exp(-beta * t / d0)
        elif kind == "power":
            w = (1.0 + t) ** (-beta)
        else:
            raise ValueError(f"unknown decay '{kind}'")
    return np.where(inside, w, 0.0)


def gravity(cost: np.ndarray, supply: np.ndarray, kind: str = "power", d0: float = np.inf,
            beta: float = 1.0, weight_fn=None) -> np.ndarray:
    """Hansen potential per demand point: A_i = sum_j S_j f(t_ij). ``cost`` is demand x supply."""
    w = weights_from_fn(cost, weight_fn, d0) if weight_fn is not None else decay(cost, kind, d0, beta)
    return w @ np.asarray(supply, np.float64)


def weights_from_fn(cost: np.ndarray, fn, d0: float) -> np.ndarray:
    """Weights from any scalar function of time (e.g. a step function), 0 beyond d0 / unreachable."""
    t = np.asarray(cost, np.float64)
    inside = np.isfinite(t) & (t <= d0)
    w = np.zeros_like(t)
    w[inside] = np.vectorize(fn, otypes=[np.float64])(t[inside])
    return w


def two_step_fca(cost: np.ndarray, demand: np.ndarray, supply: np.ndarray, d0: float = 120.0,
                 kind: str = "binary", beta: float = 1.0, weight_fn=None) -> np.ndarray:
    """2SFCA (kind='binary', Luo & Wang 2003) or enhanced/kernel 2SFCA (other kinds, weights f(t)).

    Step 1: R_j = S_j / sum_k P_k f(t_kj);  step 2: A_i = sum_j R_j f(t_ij). Supply with no demand in
    its catchment contributes nothing. ``cost`` is demand x supply (minutes, NaN = unreachable).
    """
    w = weights_from_fn(cost, weight_fn, d0) if weight_fn is not None else decay(cost, kind, d0, beta)
    demand = np.asarray(demand, np.float64)
    supply = np.asarray(supply, np.float64)
    pop_in = demand @ w  # per supply
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(pop_in > 0, supply / pop_in, 0.0)
    return w @ ratio


# ----------------------------------------------------------------------------- from per-centre surfaces


@dataclass
class Nearest:
    """Nearest and second-nearest centre per cell, derived from per-centre surfaces (no second solve)."""

    time: np.ndarray  #: minutes to the nearest centre (float32, NaN where none)
    allocation: np.ndarray  #: index of that centre (int32, -1 where none)
    backup: np.ndarray  #: minutes to the second-nearest centre (float32, NaN where fewer than two)
    backup_allocation: np.ndarray | None  #: index of the second-nearest centre (None when not asked for)


def nearest_two(surfaces: Sequence[np.ndarray], backup_allocation: bool = True) -> Nearest:
    """The two smallest times per cell over the centres' own surfaces, in one pass and O(cells) memory.

    Equals the two-label solve of all centres together (the second label comes from another centre);
    ties go to the lower centre index. ``backup_allocation=False``: the second centre's index is not kept
    (``backup_allocation`` is None; one full-grid int32 array less for the callers that never show it)."""
    if not surfaces:
        raise ValueError("no surfaces")
    shape = surfaces[0].shape
    t1 = np.full(shape, np.inf, np.float32)
    t2 = np.full(shape, np.inf, np.float32)
    a1 = np.full(shape, -1, np.int32)
    a2 = np.full(shape, -1, np.int32)
    fx = fast.compiled()
    if fx is not None:  # one fused pass per surface
        f1, f2, b1, b2 = t1.ravel(), t2.ravel(), a1.ravel(), a2.ravel()
        for i, s in enumerate(surfaces):
            fx.two_update(np.ascontiguousarray(s, np.float32).ravel(), i, f1, b1, f2, b2)
        fx.two_finish(f1, b1, f2, b2)
        return Nearest(t1, a1, t2, a2 if backup_allocation else None)
    for i, s in enumerate(surfaces):
        t = np.asarray(s, np.float32)  # NaN compares False below: no copy with NaN replaced
        better = t < t1
        second = ~better & (t < t2)
        # the old best moves to second place where the new one is better
        np.copyto(t2, t1, where=better)
        np.copyto(a2, a1, where=better)
        np.copyto(t2, t, where=second)
        np.copyto(a2, i, where=second)
        np.copyto(t1, t, where=better)
        np.copyto(a1, i, where=better)
    for t, a in ((t1, a1), (t2, a2)):
        off = ~np.isfinite(t)
        t[off] = np.nan
        a[off] = -1
    return Nearest(t1, a1, t2, a2 if backup_allocation else None)


def catchment_ratio(cost: np.ndarray, demand: np.ndarray, supply: np.ndarray, d0: float, kind: str = "binary",
                    beta: float = 1.0) -> np.ndarray:
    """Step 1 of 2SFCA: R_j = S_j / sum_k P_k f(t_kj) (0 where no demand in the catchment); ``cost`` is
    demand x supply."""
    w = decay(cost, kind, d0, beta)
    pop_in = np.asarray(demand, np.float64) @ w
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(pop_in > 0, np.asarray(supply, np.float64) / pop_in, 0.0)


def access_indices(points: PointSet, surfaces: Sequence[np.ndarray], capacity: np.ndarray, catchment: float,
                   beta: float, demand: PointSet | None = None) -> dict[str, np.ndarray]:
    """Per point: nearest time, gravity potential (power decay, ``beta``), 2SFCA and E2SFCA (Gaussian) per
    100,000 residents, with centre capacities and a catchment in minutes.

    ``demand``: who competes for the supply in step 1 (the census people on the grid); default: the points
    themselves (the textbook form, checked against PySAL ``access``). Step 2 is evaluated at the points."""
    cost = centre_times_at(points, surfaces)  # points x centres
    capacity = np.asarray(capacity, np.float64)
    with np.errstate(invalid="ignore"):
        nearest = np.fmin.reduce(cost, axis=1) if cost.shape[1] else np.full(len(points.rows), np.nan)
    out = {"time_min": nearest, "gravity": gravity(cost, capacity, kind="power", beta=beta)}
    for key, kind in (("sfca2_per_100k", "binary"), ("e2sfca_per_100k", "gaussian")):
        if demand is None:
            ratio = catchment_ratio(cost, points.weights, capacity, catchment, kind)
        else:  # millions of census cells: step 1 centre by centre, no demand x centre matrix
            pop_in = _demand_within(demand, surfaces, catchment, kind)
            with np.errstate(divide="ignore", invalid="ignore"):
                ratio = np.where(pop_in > 0, capacity / pop_in, 0.0)
        out[key] = decay(cost, kind, catchment) @ ratio * 1e5
    return out


def _demand_within(demand: PointSet, surfaces: Sequence[np.ndarray], d0: float, kind: str) -> np.ndarray:
    """Per centre: sum of the demand weights x f(time) (step 1 of 2SFCA), one surface at a time (compiled when
    numba is there: no gathered copies at all)."""
    w = np.asarray(demand.weights, np.float64)
    fx = fast.compiled()
    if fx is None or not len(w) or kind not in ("binary", "gaussian"):
        return np.array([w @ decay(demand.times(s), kind, d0) for s in surfaces], np.float64)
    out = []
    for surface in surfaces:
        flat = np.ascontiguousarray(surface)
        idx = np.asarray(demand.rows, np.int64) * flat.shape[1] + np.asarray(demand.cols, np.int64)
        out.append(fx.demand_within(flat.ravel(), idx, w, float(d0), kind == "gaussian"))
    return np.array(out, np.float64)


def coarsen_points(points: PointSet, factor: int) -> PointSet:
    """People summed over ``factor`` x ``factor`` blocks of cells, each block placed on its most populous
    cell: a demand set small enough for siting at fine resolutions (the totals are kept exactly)."""
    if factor <= 1 or len(points.rows) == 0:
        return points
    br, bc = points.rows // factor, points.cols // factor
    block = br * (int(points.cols.max()) // factor + 1) + bc
    order = np.lexsort((-points.weights, block))
    uniq, first, inverse = np.unique(block[order], return_index=True, return_inverse=True)
    sums = np.bincount(inverse, weights=points.weights[order], minlength=len(uniq))
    head = order[first]
    return PointSet(points.rows[head], points.cols[head], [], [], sums)
