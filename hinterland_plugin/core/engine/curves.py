"""Coverage curves: people reached within t minutes, for t on a grid of minutes, per centre and for all centres."""
from __future__ import annotations

from typing import Sequence

import numpy as np


def curve_minutes(thresholds: Sequence[float] = (), step: float = 10.0) -> list[float]:
    """0, step, ... up to the larger of 6 h and 1.5 × the largest threshold (rounded up to the step)."""
    top = max([360.0] + [1.5 * float(t) for t in thresholds])
    top = step * np.ceil(top / step)
    return [float(m) for m in np.arange(0.0, top + step / 2, step)]


def people_within(times: np.ndarray, weights: np.ndarray, minutes: Sequence[float]) -> list[float]:
    """Sum of ``weights`` whose time is ≤ each of ``minutes`` (NaN / inf never counted)."""
    t = np.asarray(times, float).ravel()
    w = np.asarray(weights, float).ravel()
    ok = np.isfinite(t)
    order = np.argsort(t[ok], kind="stable")
    ts, cum = t[ok][order], np.concatenate([[0.0], np.cumsum(w[ok][order])])
    return [float(cum[np.searchsorted(ts, m, side="right")]) for m in minutes]


def coverage_curves(surfaces: Sequence[np.ndarray], names: Sequence[str], people, minutes: Sequence[float]) -> dict:
    """``{"minutes": [...], "total": people on the grid, "curves": {name: [...], ..., "ALL": [...]}}``;
    ``people`` is a PointSet (cells and weights); ALL uses the nearest centre's time."""
    curves, near = {}, None
    for name, s in zip(names, surfaces):
        t = np.asarray(people.times(s), float)
        curves[str(name)] = people_within(t, people.weights, minutes)
        near = t if near is None else np.fmin(near, t)
    if near is not None:
        curves["ALL"] = people_within(near, people.weights, minutes)
    return {"minutes": [float(m) for m in minutes], "total": float(np.sum(people.weights)), "curves": curves}
