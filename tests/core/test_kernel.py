"""The two-label grid+network Dijkstra: numba and scipy solvers agree with each other and with
an independent brute force; backup (second-nearest) is from a different source."""
from __future__ import annotations

import numpy as np
import pytest

from hinterland_plugin.core.engine import kernel as K

# rtol 1e-9: both solvers add the same float64 edge weights along shortest paths; differences can
# only come from summation order on equal-cost ties and from adding the delay first or last.
RTOL = 1e-9


def random_cost(rng, shape, barrier_frac=0.1):
    cost = rng.uniform(0.5, 3.0, size=shape) / 1000.0  # minutes per metre
    cost[rng.random(shape) < barrier_frac] = np.inf
    return cost.astype(np.float32)


def passable_cells(rng, cost, k):
    ok = np.flatnonzero(np.isfinite(cost.reshape(-1)))
    return rng.choice(ok, size=k, replace=False)


def _assert_same(a, b):
    fa, fb = np.isfinite(a), np.isfinite(b)
    assert (fa == fb).all()
    np.testing.assert_allclose(a[fa], b[fa], rtol=RTOL)


needs_numba = pytest.mark.skipif(not K.numba_available(), reason="numba not installed")


@needs_numba
@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("backup", [True, False])
def test_numba_equals_scipy_on_grid(seed, backup):
    rng = np.random.default_rng(seed)
    cost = random_cost(rng, (37, 53))
    src = passable_cells(rng, cost, 4)
    delay = rng.uniform(0, 30, size=4)
    a = K.solve_numba(cost, 1000.0, src, delay, backup=backup)
    b = K.solve_scipy(cost, 1000.0, src, delay, backup=backup)
    _assert_same(a.time, b.time)
    fin = np.isfinite(a.time)
    # allocation agrees except on exact ties
    tie_free = fin.copy()
    if backup:
        _assert_same(a.time2, b.time2)
        tie_free &= ~np.isclose(a.time, a.time2, rtol=RTOL)
    assert (a.source[tie_free] == b.source[tie_free]).all()
    if backup:
        both = fin & np.isfinite(a.time2)
        assert (a.source[both] != a.source2[both]).all()
        assert (a.time2[both] >= a.time[both]).all()


@needs_numba
def test_network_edges_shortcut():
    """A fast explicit link between two far cells is used, in both solvers, both directions."""
    cost = np.full((30, 40), 1.0 / 1000, np.float32)  # 1 min per metre... per km: 1 min/km*1000
    n = cost.size
    a, b = 0 * 40 + 0, 29 * 40 + 39
    # station nodes n (at a) and n+1 (at b): access 5 min, ride 3 min, egress 1 min
    extra = K.ExtraEdges.from_edges(n, 2, src=[a, n, n + 1, b, n + 1, n], dst=[n, n + 1, b, n + 1, n, a],
                                    w=[5.0, 3.0, 1.0, 5.0, 3.0, 1.0])
    s1 = K.solve_numba(cost, 1000.0, [a], [0.0], extra=extra)
    s2 = K.solve_scipy(cost, 1000.0, [a], [0.0], extra=extra)
    _assert_same(s1.time, s2.time)
    assert s1.time[b] == pytest.approx(9.0)
    # without the link the diagonal trip is much longer
    plain = K.solve_numba(cost, 1000.0, [a], [0.0])
    assert plain.time[b] > 29 * np.sqrt(2) * 1.0


def brute_force(cost, res, sources, delays):
    """Bellman-Ford style relaxation until nothing changes: independent of any heap."""
    nrows, ncols = cost.shape
    best = np.full(cost.shape, np.inf)
    for (r, c), d in zip(sources, delays):
        best[r, c] = min(best[r, c], d)
    c64 = cost.astype(np.float64)
    while True:
        old = best.copy()
        for dr in (-1, 0, 1):
            for dc in (-1, 0, 1):
                if dr == 0 and dc == 0:
                    continue
                step = res * (np.sqrt(2) if dr and dc else 1.0)
                src = np.full(cost.shape, np.inf)
                cs = np.full(cost.shape, np.inf)
                rs = slice(max(0, -dr), nrows - max(0, dr))
                rd = slice(max(0, dr), nrows - max(0, -dr))
                cs_ = slice(max(0, -dc), ncols - max(0, dc))
                cd = slice(max(0, dc), ncols - max(0, -dc))
                src[rd, cd] = best[rs, cs_]
                cs[rd, cd] = c64[rs, cs_]
                cand = src + (cs + c64) * 0.5 * step
                cand[~np.isfinite(c64)] = np.inf
                best = np.minimum(best, cand)
        if np.array_equal(best, old, equal_nan=True):
            return best


@needs_numba
def test_against_brute_force():
    rng = np.random.default_rng(7)
    cost = random_cost(rng, (25, 31), 0.15)
    src = passable_cells(rng, cost, 3)
    rc = [divmod(int(s), 31) for s in src]
    bf = brute_force(cost, 500.0, rc, [0.0, 0.0, 0.0])
    sol = K.solve_numba(cost, 500.0, src, [0.0, 0.0, 0.0], backup=False)
    _assert_same(sol.time.reshape(cost.shape), bf)


@needs_numba
def test_max_time_and_cancel():
    rng = np.random.default_rng(3)
    cost = random_cost(rng, (60, 60), 0.0)
    full = K.solve_numba(cost, 1000.0, [0], [0.0], backup=False)
    cut = K.solve_numba(cost, 1000.0, [0], [0.0], backup=False, max_time=60.0)
    inside = full.time <= 60.0
    np.testing.assert_array_equal(cut.time[inside], full.time[inside])
    assert np.isinf(cut.time[full.time > 60.0 + 1e-9]).all()
    big = random_cost(rng, (1100, 1000), 0.0)
    with pytest.raises(K.Cancelled):
        K.solve_numba(big, 1000.0, [0], [0.0], cancel=np.ones(1, np.int64))


def test_bad_sources_refused():
    cost = np.ones((5, 5), np.float32)
    with pytest.raises(ValueError, match="outside"):
        K.solve_scipy(cost, 1.0, [99], [0.0])
    with pytest.raises(ValueError, match="delays"):
        K.solve_scipy(cost, 1.0, [0], [-1.0])
