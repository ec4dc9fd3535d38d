"""Backup siting against an independent exhaustive search (and PySAL spopt's MCLP where installed)."""
from __future__ import annotations

import itertools

import numpy as np
import pytest

from hinterland_plugin.core.engine.siting import choose


def _problem(seed, n_demand=60, n_cand=9):
    rng = np.random.default_rng(seed)
    cand = rng.uniform(10, 400, (n_demand, n_cand))
    cand[rng.random(cand.shape) < 0.1] = np.nan
    existing = rng.uniform(100, 600, n_demand)
    pop = rng.integers(1_000, 1_000_000, n_demand).astype(float)
    return existing, cand, pop


def brute(existing, cand, pop, k, objective, threshold):
    best = None
    for subset in itertools.combinations(range(cand.shape[1]), k):
        t = np.fmin.reduce(np.column_stack([existing] + [cand[:, j] for j in subset]), axis=1)
        v = pop[t <= threshold].sum() if objective == "coverage" else (pop * np.nan_to_num(np.minimum(t, 1440), nan=1440)).sum()
        if best is None or (v > best if objective == "coverage" else v < best):
            best = v
    return best


@pytest.mark.parametrize("objective", ["coverage", "pmedian"])
@pytest.mark.parametrize("k", [1, 2, 3])
def test_exact_equals_brute_force(objective, k):
    existing, cand, pop = _problem(k)
    res = choose(existing, cand, pop, k, objective, threshold=180.0)
    assert res.method == "exhaustive" and len(res.chosen) == k
    assert res.objective == pytest.approx(brute(existing, cand, pop, k, objective, 180.0))
    assert (res.objective >= res.baseline) if objective == "coverage" else (res.objective <= res.baseline)


def test_greedy_swap_close_to_optimum():
    existing, cand, pop = _problem(7, n_cand=14)
    exact = choose(existing, cand, pop, 3, "coverage", 180.0)
    heur = choose(existing, cand, pop, 3, "coverage", 180.0, max_exhaustive=1)
    assert heur.method == "greedy+swap"
    assert heur.objective >= 0.95 * exact.objective


def test_bad_arguments():
    existing, cand, pop = _problem(1)
    with pytest.raises(ValueError, match="k must be"):
        choose(existing, cand, pop, 0)
    with pytest.raises(ValueError, match="objective"):
        choose(existing, cand, pop, 1, "teleport")


def test_against_spopt_mclp():
    spopt = pytest.importorskip("spopt.locate")
    pulp = pytest.importorskip("pulp")
    rng = np.random.default_rng(3)
    cand = rng.uniform(10, 400, (40, 8))
    pop = rng.integers(1_000, 100_000, 40).astype(float)
    ours = choose(np.full(40, np.nan), cand, pop, 2, "coverage", 150.0)
    m = spopt.MCLP.from_cost_matrix(cand, pop, service_radius=150.0, p_facilities=2)
    m = m.solve(pulp.PULP_CBC_CMD(msg=False))
    theirs = float(pop[(cand[:, [i for i in range(8) if m.fac2cli[i]]] <= 150.0).any(axis=1)].sum())
    assert ours.objective == pytest.approx(theirs)


def test_against_spopt_pmedian():
    """p-median with no existing centres and every demand reachable: spopt's integer programme (CBC) and our
    exhaustive search must find the same minimum population-weighted time (ties may pick other sites)."""
    spopt = pytest.importorskip("spopt.locate")
    pulp = pytest.importorskip("pulp")
    rng = np.random.default_rng(5)
    cand = rng.uniform(10, 400, (40, 8))
    pop = rng.integers(1_000, 100_000, 40).astype(float)
    ours = choose(np.full(40, np.nan), cand, pop, 3, "pmedian", 180.0)
    m = spopt.PMedian.from_cost_matrix(cand, pop, p_facilities=3)
    m = m.solve(pulp.PULP_CBC_CMD(msg=False))
    chosen = [i for i in range(8) if m.fac2cli[i]]
    assert len(chosen) == 3
    theirs = float((pop * cand[:, chosen].min(axis=1)).sum())
    assert ours.objective == pytest.approx(theirs, rel=1e-9)
    assert sorted(ours.chosen) == sorted(chosen) or ours.objective == pytest.approx(theirs)
