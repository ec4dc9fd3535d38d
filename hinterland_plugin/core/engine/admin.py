"""Answers by administrative unit: people within each threshold, share, mean time, nearest centre.

Everything takes plain arrays on one grid — a travel-time surface (minutes to the nearest centre, NaN
where unreached), the allocation raster (index of the nearest centre, -1 none), people per cell and an
id raster of units (0..n-1, -1 outside) — and returns plain rows (dicts), one per unit.

:func:`group_raster` turns the county id raster of a ``PopulationSurface`` into a prefecture or
province id raster (``key = 'prefecture_adcode'`` / ``'province_adcode'``).
"""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from . import fast


def group_lut(units: Sequence[dict[str, Any]], key: str) -> tuple[np.ndarray, list[str]]:
    """(group id of each unit — one more entry, -1, for unit -1 —, sorted group codes) by ``units[i][key]``."""
    codes = sorted({str(u.get(key) or "") for u in units} - {""})
    index = {c: i for i, c in enumerate(codes)}
    return np.array([index.get(str(u.get(key) or ""), -1) for u in units] + [-1], np.int32), codes


def group_raster(unit: np.ndarray, units: Sequence[dict[str, Any]], key: str) -> tuple[np.ndarray, list[str]]:
    """Map a unit id raster to groups by ``units[i][key]``; returns (group id raster, sorted group codes)."""
    lut, codes = group_lut(units, key)
    return lut[unit], codes


def _key(t: float) -> str:
    return f"{t:g}"


def admin_rows(time: np.ndarray, allocation: np.ndarray, population: np.ndarray, unit: np.ndarray,
               codes: Sequence[str], thresholds: Sequence[float], centre_names: Sequence[str],
               names: dict[str, str] | None = None, lut: np.ndarray | None = None) -> list[dict[str, Any]]:
    """One row per unit ``codes[i]`` (id ``i`` in ``unit``):

    ``code``, ``name``, ``population`` (people on the unit's cells), ``reached`` (people with a finite
    time), ``within_<t>`` and ``share_<t>`` (people within ``t`` minutes and their share of the
    unit's people, 0 for an empty unit), ``mean_time_min`` (population-weighted mean time over the
    reached people, None when nobody is reached) and ``nearest_centre`` (the centre serving most of the
    unit's people, '' when none).

    ``lut`` (from :func:`group_lut`): ``unit`` holds finer units (the census counties), unit ``k`` counted in
    group ``lut[k]`` — whole grids passed as they are, nothing gathered or converted (the 1 km coverage
    peak fell from 2.55 to 2.36 GB).
    """
    n = len(codes)
    ths = np.unique(np.asarray(list(thresholds), np.float64))
    nc = max(len(centre_names), 1)
    fx = fast.compiled()
    if fx is not None and len(ths):  # one compiled pass, same sums in the same order
        people, got, ptime, bins, by_centre = fx.admin_sums(
            np.ascontiguousarray(time).ravel(), np.ascontiguousarray(allocation).ravel(),
            np.ascontiguousarray(population).ravel(), np.ascontiguousarray(unit).ravel(),
            lut if lut is not None else np.zeros(1, np.int32), lut is not None, ths, n, nc)
        cum = np.cumsum(bins, axis=1)
    else:
        people, got, ptime, cum, by_centre = _sums_numpy(time, allocation, population,
                                                         unit if lut is None else lut[unit], ths, n, nc)
    within = {th: cum[:, int(np.searchsorted(ths, float(th)))] for th in thresholds}
    best = by_centre.argmax(axis=1)
    rows = []
    for i, code in enumerate(codes):
        row: dict[str, Any] = {"code": code, "name": (names or {}).get(code, code),
                               "population": float(people[i]), "reached": float(got[i])}
        for th in thresholds:
            row[f"within_{_key(th)}"] = float(within[th][i])
            row[f"share_{_key(th)}"] = float(within[th][i] / people[i]) if people[i] > 0 else 0.0
        row["mean_time_min"] = float(ptime[i] / got[i]) if got[i] > 0 else None
        row["nearest_centre"] = centre_names[best[i]] if by_centre[i, best[i]] > 0 else ""
        rows.append(row)
    return rows


def _sums_numpy(time, allocation, population, unit, ths, n, nc):
    """The per-unit sums of :func:`admin_rows` in numpy passes (no numba)."""
    pop = np.nan_to_num(np.asarray(population, np.float64), nan=0.0)
    ok = (unit >= 0) & (pop > 0)
    u = unit[ok]
    p = pop[ok]
    t = np.asarray(time)[ok]  # the surface's own float type; products below in float64
    a = np.asarray(allocation)[ok]
    reached = np.isfinite(t)
    people = np.bincount(u, weights=p, minlength=n)
    got = np.bincount(u[reached], weights=p[reached], minlength=n)
    ptime = np.bincount(u[reached], weights=p[reached] * t[reached].astype(np.float64), minlength=n)
    # people within each threshold: one bin index per cell (the first threshold it is within; unreached and
    # beyond the largest in the last bin), one bincount over (unit, bin), cumulated over the bins
    m = len(ths)
    k = np.searchsorted(ths, t, side="left")  # NaN sorts last: bin m
    cum = np.cumsum(np.bincount(u * (m + 1) + k, weights=p, minlength=n * (m + 1)).reshape(n, m + 1), axis=1)
    served = (a >= 0) & (a < nc) & reached
    by_centre = np.bincount(u[served] * nc + a[served], weights=p[served], minlength=n * nc).reshape(n, nc)
    return people, got, ptime, cum, by_centre


def admin_columns(thresholds: Sequence[float]) -> list[tuple[str, str]]:
    """(name, kind) of the fields of :func:`admin_rows`, kind 'string' | 'double', in row order."""
    cols = [("code", "string"), ("name", "string"), ("population", "double"), ("reached", "double")]
    for th in thresholds:
        cols += [(f"within_{_key(th)}", "double"), (f"share_{_key(th)}", "double")]
    return cols + [("mean_time_min", "double"), ("nearest_centre", "string")]
