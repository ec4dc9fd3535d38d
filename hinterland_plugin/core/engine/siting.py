"""Backup siting: choose the next k centres from candidates, given the centres already chosen.

Objectives on a demand x candidate time matrix (minutes, NaN = unreachable):
* ``coverage`` (maximal covering): maximise the population within ``threshold`` of any centre;
* ``pmedian``: minimise the population-weighted time to the nearest centre (unreachable counts
  ``penalty`` minutes).
Exhaustive search over all k-subsets when there are at most ``max_exhaustive`` of them (exact),
else greedy selection followed by 1-swap improvement (a local optimum; reported as such).
"""
from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np

PENALTY_MIN = 24 * 60.0


@dataclass
class SitingResult:
    chosen: list[int]  #: candidate indices in order of selection (exhaustive: by marginal value)
    objective: float  #: covered population (coverage) or population-weighted minutes (pmedian)
    baseline: float  #: the same for the existing centres alone
    method: str  #: 'exhaustive' or 'greedy+swap'


def _score(existing: np.ndarray, cand: np.ndarray, pop: np.ndarray, subset, objective: str, threshold: float,
           penalty: float) -> float:
    t = existing.copy()
    for j in subset:
        t = np.fmin(t, cand[:, j])
    if objective == "coverage":
        return float(pop[t <= threshold].sum())
    return float((pop * np.where(np.isfinite(t), np.minimum(t, penalty), penalty)).sum())


def choose(existing: np.ndarray, cand: np.ndarray, pop: np.ndarray, k: int, objective: str = "coverage",
           threshold: float = 180.0, penalty: float = PENALTY_MIN, max_exhaustive: int = 20000) -> SitingResult:
    """``existing``: minutes from the already chosen centres (per demand point, NaN = none);
    ``cand``: demand x candidate minutes; ``pop``: demand weights."""
    if objective not in ("coverage", "pmedian"):
        raise ValueError(f"unknown objective '{objective}'")
    n_cand = cand.shape[1]
    if not 1 <= k <= n_cand:
        raise ValueError(f"k must be between 1 and the number of candidates ({n_cand})")
    existing = np.where(np.isfinite(existing), existing, np.nan).astype(np.float64)
    better = (lambda a, b: a > b) if objective == "coverage" else (lambda a, b: a < b)
    base = _score(existing, cand, pop, (), objective, threshold, penalty)
    if math.comb(n_cand, k) <= max_exhaustive:
        best, best_set = None, None
        for subset in itertools.combinations(range(n_cand), k):
            v = _score(existing, cand, pop, subset, objective, threshold, penalty)
            if best is None or better(v, best):
                best, best_set = v, subset
        order = _order(existing, cand, pop, list(best_set), objective, threshold, penalty, better)
        return SitingResult(order, best, base, "exhaustive")
    chosen: list[int] = []
    for _ in range(k):
        rest = [j for j in range(n_cand) if j not in chosen]
        vals = [_score(existing, cand, pop, chosen + [j], objective, threshold, penalty) for j in rest]
        pick = rest[int(np.argmax(vals) if objective == "coverage" else np.argmin(vals))]
        chosen.append(pick)
    value = _score(existing, cand, pop, chosen, objective, threshold, penalty)
    improved = True
    while improved:  # 1-swap local search
        improved = False
        for i in range(len(chosen)):
            for j in range(n_cand):
                if j in chosen:
                    continue
                trial = chosen[:i] + [j] + chosen[i + 1:]
                v = _score(existing, cand, pop, trial, objective, threshold, penalty)
                if better(v, value):
                    chosen, value, improved = trial, v, True
    return SitingResult(chosen, value, base, "greedy+swap")


def _order(existing, cand, pop, subset, objective, threshold, penalty, better):
    """Order a chosen set by marginal value (first the candidate that helps most on its own)."""
    out, rest = [], list(subset)
    while rest:
        vals = [_score(existing, cand, pop, out + [j], objective, threshold, penalty) for j in rest]
        pick = max(range(len(rest)), key=lambda i: vals[i]) if objective == "coverage" else \
            min(range(len(rest)), key=lambda i: vals[i])
        out.append(rest.pop(pick))
    return out
