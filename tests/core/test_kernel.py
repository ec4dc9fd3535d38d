"""The two-label grid+network Dijkstra: numba and scipy solvers agree with each other and with
an independent brute force; backup (second-nearest) is from a different source."""
from __future__ import annotations

import dataclasses

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


def test_equals_scikit_image_mcp_geometric():
    """Independent implementation: skimage MCP_Geometric (fully connected) on the same friction.

    Its edge cost is (c_a + c_b) / 2 * length in cell units; with c = cost * res that is our
    (c_a + c_b) / 2 * res * length, so the results must agree to float rounding (rtol 1e-9).
    """
    skgraph = pytest.importorskip("skimage.graph")
    rng = np.random.default_rng(11)
    cost = random_cost(rng, (80, 120), 0.12)
    res = 2500.0
    src = passable_cells(rng, cost, 3)
    ours = K.solve_scipy(cost, res, src, np.zeros(3), backup=False).time.reshape(cost.shape)
    if K.numba_available():
        ours_nb = K.solve_numba(cost, res, src, np.zeros(3), backup=False).time.reshape(cost.shape)
        _assert_same(ours_nb, ours)
    c = cost.astype(np.float64) * res
    mcp = skgraph.MCP_Geometric(np.where(np.isfinite(c), c, np.inf), fully_connected=True)
    theirs, _ = mcp.find_costs([divmod(int(s), cost.shape[1]) for s in src])
    _assert_same(ours, np.where(np.isfinite(theirs), theirs, np.inf))


def test_network_part_equals_networkx():
    """Explicit edges only (a random sparse network hung off a few cells) vs networkx Dijkstra."""
    nx = pytest.importorskip("networkx")
    rng = np.random.default_rng(5)
    cost = np.full((10, 10), np.inf, np.float32)  # no grid movement at all: only the network
    n = cost.size
    m = 40
    src, dst, w = [], [], []
    for _ in range(120):
        a, b = rng.integers(0, m, 2)
        if a != b:
            t = float(rng.uniform(1, 60))
            src += [n + a, n + b]
            dst += [n + b, n + a]
            w += [t, t]
    cells = rng.choice(n, 6, replace=False)
    for k, cell in enumerate(cells):  # board / alight at six cells
        src += [int(cell), n + k]
        dst += [n + k, int(cell)]
        w += [10.0, 2.0]
    extra = K.ExtraEdges.from_edges(n, m, src, dst, w)
    g = nx.DiGraph()
    for a, b, t in zip(src, dst, w):
        if not g.has_edge(a, b) or g[a][b]["weight"] > t:
            g.add_edge(a, b, weight=t)
    start = int(cells[0])
    ref = nx.single_source_dijkstra_path_length(g, start)
    for solver in (K.solve_scipy,) + ((K.solve_numba,) if K.numba_available() else ()):
        sol = solver(cost, 1000.0, [start], [0.0], extra=extra, backup=False)
        for node in range(n + m):
            if node in ref:
                assert sol.time[node] == pytest.approx(ref[node], rel=1e-12), (solver.__name__, node)
            else:
                assert np.isinf(sol.time[node])


@needs_numba
@pytest.mark.parametrize("seed", range(12))
def test_region_pass_backup_equals_two_label_solve(seed):
    """The second-nearest labels from one pass per source region (seeded across region boundaries, regions on
    threads) equal the two-label solve: grid barriers, network nodes with one-way and zero-minute edges, source
    delays, two sources on one node, a time horizon. Independent of the brute force above: two algorithms."""
    rng = np.random.default_rng(100 + seed)
    nr, nc = (int(x) for x in rng.integers(4, 45, 2))
    cost = random_cost(rng, (nr, nc), barrier_frac=0.2)
    n, m = nr * nc, int(rng.integers(1, 8))
    ne = int(rng.integers(5, 40))
    w = rng.uniform(0, 20, ne)
    w[rng.random(ne) < 0.2] = 0.0
    extra = K.ExtraEdges.from_edges(n, m, rng.integers(0, n + m, ne), rng.integers(0, n + m, ne), w)
    k = int(rng.integers(2, 7))
    src = rng.integers(0, n + m, k)
    if seed % 3 == 0:
        src[1] = src[0]
    delay = rng.uniform(0, 30, k) if seed % 2 else np.zeros(k)
    horizon = 60.0 if seed % 4 == 0 else np.inf
    ref = K.solve_numba(cost, 1000.0, src, delay, extra, backup=True, backup_method="labels", max_time=horizon)
    for workers in (1, 2, 3):
        got = K.solve_numba(cost, 1000.0, src, delay, extra, backup=True, backup_method="pass", workers=workers,
                            max_time=horizon)
        _assert_same(got.time, ref.time)
        _assert_same(got.time2, ref.time2)
        both = np.isfinite(got.time2)
        assert (got.source2[both] != got.source[both]).all()
        assert (got.source2[~both] == -1).all()
    assert np.isfinite(ref.time2).any()  # the case has second labels to compare


def test_unknown_backup_method_is_refused():
    with pytest.raises(ValueError, match="backup method"):
        K.solve_numba(np.ones((3, 3), np.float32), 1.0, [0], [0.0], backup_method="fast")


@pytest.mark.parametrize("seed", range(4))
def test_knight_moves_numba_equals_scipy_graph(seed):
    """The compiled 16-neighbour solve equals scipy's Dijkstra on the explicit graph with knight edges (both
    labels, with network edges), and the region-pass backup equals the two-label one with knight's moves too."""
    if not K.numba_available():
        pytest.skip("numba not installed")
    rng = np.random.default_rng(200 + seed)
    cost = random_cost(rng, (29, 41), barrier_frac=0.15)
    n, m = cost.size, 3
    extra = K.ExtraEdges.from_edges(n, m, rng.integers(0, n + m, 12), rng.integers(0, n + m, 12),
                                    rng.uniform(0, 10, 12))
    src = passable_cells(rng, cost, 3)
    a = K.solve_numba(cost, 1000.0, src, np.zeros(3), extra, backup=True, knight=True)
    b = K.solve_scipy(cost, 1000.0, src, np.zeros(3), extra, backup=True, knight=True)
    _assert_same(a.time, b.time)
    _assert_same(a.time2, b.time2)
    c = K.solve_numba(cost, 1000.0, src, np.zeros(3), extra, backup=True, knight=True, backup_method="pass")
    _assert_same(c.time2, a.time2)
    eight = K.solve_numba(cost, 1000.0, src, np.zeros(3), extra, backup=False)
    assert not np.allclose(np.nan_to_num(a.time, posinf=0), np.nan_to_num(eight.time, posinf=0))


def test_knight_moves_cut_metrication_on_a_uniform_grid():
    """On a uniform surface the 8-neighbour grid overestimates a straight line in a knight's direction (26.6
    degrees) by 8.0 % (20 diagonal + 20 straight steps), the worst direction (22.5 degrees) by 8.24 %, 5.5 % on
    average over directions; with 16 neighbours the knight's line is exact, the worst direction is off by 2.75 %
    and the average by 1.4 % (cost float32: exact to ~1e-7)."""
    cost = np.full((101, 101), 1.0 / 1000.0, np.float32)  # 1 min per km
    res = 1000.0
    centre = 50 * 101 + 50
    eight = K.solve_scipy(cost, res, [centre], [0.0], backup=False).time.reshape(cost.shape)
    sixteen = K.solve_scipy(cost, res, [centre], [0.0], backup=False, knight=True).time.reshape(cost.shape)
    straight = np.hypot(40, 20)  # minutes to (50 + 40, 50 + 20) at 1 min/km
    assert eight[90, 70] / straight == pytest.approx((20 * np.sqrt(2) + 20) / straight, rel=1e-6)
    assert sixteen[90, 70] / straight == pytest.approx(1.0, rel=1e-6)
    rr, cc = np.mgrid[0:101, 0:101]
    d = np.hypot(rr - 50, cc - 50)
    ring = (d > 30) & (d < 45)
    assert (eight[ring] / d[ring]).max() == pytest.approx(1.0824, abs=1e-3)
    assert (sixteen[ring] / d[ring]).max() == pytest.approx(1.0275, abs=1e-3)
    assert (eight[ring] / d[ring]).mean() == pytest.approx(1.055, abs=2e-3)
    assert (sixteen[ring] / d[ring]).mean() == pytest.approx(1.0144, abs=2e-3)


@needs_numba
@pytest.mark.parametrize("horizon", [np.inf, 40.0])
def test_times_only_solve_equals_the_full_one(horizon):
    """keep_source=False (re-solves that only read times): the same times, no source array."""
    rng = np.random.default_rng(300)
    cost = random_cost(rng, (41, 37), barrier_frac=0.15)
    n, m = cost.size, 4
    extra = K.ExtraEdges.from_edges(n, m, rng.integers(0, n + m, 20), rng.integers(0, n + m, 20),
                                    rng.uniform(0, 10, 20))
    src = passable_cells(rng, cost, 4)
    delay = rng.uniform(0, 20, 4)
    full = K.solve_numba(cost, 1000.0, src, delay, extra, backup=False, max_time=horizon)
    lean = K.solve_numba(cost, 1000.0, src, delay, extra, backup=False, max_time=horizon, keep_source=False)
    np.testing.assert_array_equal(lean.time, full.time)
    assert lean.source is None and full.source is not None
    both = K.solve_numba(cost, 1000.0, src, delay, extra, backup=True, keep_source=False)
    assert both.source is not None  # a backup needs the nearest sources whatever keep_source says


def _bucket_case(seed):
    rng = np.random.default_rng(500 + seed)
    nr, nc = (int(x) for x in rng.integers(3, 50, 2))
    # few friction values: many grid edges exactly as light as the lightest one (a bucket one step too wide fails)
    cost = (rng.choice([0.5, 0.5, 0.6, 2.0, 3.0], (nr, nc)) / 1000.0).astype(np.float32)
    cost[rng.random((nr, nc)) < 0.25] = np.inf
    n, m = nr * nc, int(rng.integers(0, 9))
    ne = int(rng.integers(0, 60))
    # network edges: zero-minute joins, rides lighter than a grid step, and heavy ones (many buckets ahead)
    w = rng.choice([0.0, 0.01, 0.3, 5.0, 400.0], ne) * rng.uniform(0.5, 1.5, ne)
    extra = K.ExtraEdges.from_edges(n, m, rng.integers(0, n + m, ne), rng.integers(0, n + m, ne), w)
    k = int(rng.integers(1, 7))
    src = rng.integers(0, n + m, k)
    if seed % 3 == 0 and k > 1:
        src[1] = src[0]
    delay = rng.uniform(0, 2000, k) if seed % 2 else np.zeros(k)  # delays beyond the heaviest edge too
    horizon = float(rng.uniform(20, 200)) if seed % 4 == 0 else np.inf
    return cost, extra, src, delay, horizon, seed % 5 == 0


@needs_numba
@pytest.mark.parametrize("seed", range(16))
def test_bucket_queue_equals_the_heap_to_the_last_bit(seed, monkeypatch):
    """The one-label solve with the bucket queue (Dinitz, light network nodes in a small heap) gives the heap
    solve's times bit for bit, and the same nearest source wherever no other source is exactly as near."""
    cost, extra, src, delay, horizon, knight = _bucket_case(seed)
    got = K.solve_numba(cost, 1000.0, src, delay, extra, backup=False, max_time=horizon, knight=knight)
    status = K.solve_buckets(cost.reshape(-1), *cost.shape, 1000.0, extra, src, delay, horizon, knight=knight)[2]
    assert status == 1  # the bucket queue ran (not the fallback)
    monkeypatch.setenv("HINTERLAND_QUEUE", "heap")
    ref = K.solve_numba(cost, 1000.0, src, delay, extra, backup=False, max_time=horizon, knight=knight)
    np.testing.assert_array_equal(got.time, ref.time)
    singles = np.stack([K.solve_numba(cost, 1000.0, [s], [d], extra, backup=False, max_time=horizon,
                                      knight=knight).time for s, d in zip(src, delay)])
    unique = np.isfinite(ref.time) & ((singles == ref.time).sum(axis=0) == 1)
    np.testing.assert_array_equal(got.source[unique], ref.source[unique])
    assert (got.source[~np.isfinite(got.time)] == -1).all()


@needs_numba
@pytest.mark.parametrize("seed", range(16))
def test_bucket_region_pass_equals_the_heap_pass_to_the_last_bit(seed, monkeypatch):
    """The second-nearest pass on the bucket queue, seeded from the region boundaries only, gives the heap pass's
    second times bit for bit (zero-minute and light network edges, heavy rides, delays, coincident sources,
    horizons, knight's moves; 1 to 3 threads), and a second source that is never the nearest one."""
    cost, extra, src, delay, horizon, knight = _bucket_case(seed)
    if len(src) < 2:
        src, delay = np.append(src, src[0]), np.append(delay, delay[0] + 7.0)
    calls = []
    real = K._run_buckets
    monkeypatch.setattr(K, "_run_buckets", lambda *a: calls.append(a[-5] is not None) or real(*a))
    got = [K.solve_numba(cost, 1000.0, src, delay, extra, backup=True, backup_method="pass", workers=w,
                         max_time=horizon, knight=knight) for w in (1, 2, 3)]
    assert any(calls)  # the region passes ran on the buckets
    monkeypatch.setenv("HINTERLAND_QUEUE", "heap")
    ref = K.solve_numba(cost, 1000.0, src, delay, extra, backup=True, backup_method="pass", max_time=horizon,
                        knight=knight)
    two = K.solve_numba(cost, 1000.0, src, delay, extra, backup=True, backup_method="labels", max_time=horizon,
                        knight=knight)
    for g in got:
        np.testing.assert_array_equal(g.time, ref.time)
        np.testing.assert_array_equal(g.time2, ref.time2)
        _assert_same(g.time2, two.time2)
        both = np.isfinite(g.time2)
        assert (g.source2[both] != g.source[both]).all()
        assert (g.source2[~both] == -1).all()


@needs_numba
def test_bucket_queue_falls_back_to_the_heap(monkeypatch):
    """No positive grid edge (zero-friction cells) or too many buckets: the heap answers, with the same times."""
    rng = np.random.default_rng(9)
    cost = random_cost(rng, (20, 30))
    cost[3, 4] = 0.0
    src = passable_cells(rng, cost, 3)
    a = K.solve_numba(cost, 1000.0, src, [0.0, 5.0, 9.0], backup=False)
    monkeypatch.setenv("HINTERLAND_QUEUE", "heap")
    np.testing.assert_array_equal(a.time, K.solve_numba(cost, 1000.0, src, [0.0, 5.0, 9.0], backup=False).time)
    monkeypatch.delenv("HINTERLAND_QUEUE")
    cost = random_cost(rng, (20, 30))
    monkeypatch.setattr(K, "MAX_BUCKETS", 2)
    b = K.solve_numba(cost, 1000.0, src, [0.0, 5.0, 9.0], backup=False)
    monkeypatch.setattr(K, "MAX_BUCKETS", 1 << 24)
    np.testing.assert_array_equal(b.time, K.solve_numba(cost, 1000.0, src, [0.0, 5.0, 9.0], backup=False).time)


@needs_numba
def test_region_pass_without_the_bucket_queue_equals_two_labels():
    """A zero-friction cell (no positive grid edge: no bucket queue) sends the region pass to the heap, seeded
    from the same boundary seeds: the two-label solve's second times."""
    rng = np.random.default_rng(3)
    cost = (rng.uniform(0.5, 3, (40, 50)) / 1000).astype(np.float32)
    cost[5, 6] = 0.0
    cost[rng.random(cost.shape) < 0.15] = np.inf
    assert K._bucket_state(cost.reshape(-1), 1000.0, False, K.ExtraEdges.empty()) is None
    src, delay = [3, 777, 1500, 1999], [0.0, 5.0, 9.0, 2.0]
    got = K.solve_numba(cost, 1000.0, src, delay, backup=True, backup_method="pass", workers=2)
    ref = K.solve_numba(cost, 1000.0, src, delay, backup=True, backup_method="labels")
    _assert_same(got.time2, ref.time2)
    assert np.isfinite(got.time2).sum() > 1000


@needs_numba
@pytest.mark.parametrize("seed", range(14))
def test_incremental_resolve_after_removals_equals_a_full_solve(seed):
    """N-1 re-solves only the nodes whose baseline shortest path may use a removed edge (fast_nb.resolve_removed):
    bit-identical times to solving the whole graph again, with zero-minute and one-way network edges, source
    delays, sources on network nodes, knight's moves; the impact sums equal the plain definition."""
    from hinterland_plugin.core.engine import fast

    fx = fast.compiled()
    rng = np.random.default_rng(900 + seed)
    nr, nc = (int(x) for x in rng.integers(4, 40, 2))
    cost = random_cost(rng, (nr, nc), barrier_frac=0.2)
    n, m = nr * nc, int(rng.integers(2, 12))
    ne = int(rng.integers(10, 80))
    w = rng.choice([0.0, 0.2, 3.0, 30.0], ne) * rng.uniform(0.5, 1.5, ne)
    src_e = np.concatenate([rng.integers(0, n, ne // 2), n + rng.integers(0, m, ne - ne // 2)])
    dst_e = np.concatenate([n + rng.integers(0, m, ne // 2), rng.integers(0, n + m, ne - ne // 2)])  # cells -> stations
    extra = K.ExtraEdges.from_edges(n, m, src_e, dst_e, w)
    knight = seed % 4 == 1
    k = int(rng.integers(1, 5))
    src = rng.integers(0, n + m, k)
    delay = rng.uniform(0, 50, k) if seed % 2 else np.zeros(k)
    base = K.solve_numba(cost, 1000.0, src, delay, extra, backup=False, keep_source=False, knight=knight).time
    has_link = np.zeros(n, np.uint8)
    has_link[extra.link_cells] = 1
    src_of = n + np.repeat(np.arange(m), np.diff(extra.node_ptr))
    cell_w = rng.uniform(0, 100, n + m)
    cell_w[n:] = 0.0
    nd, mark = base.copy(), np.zeros(n + m, np.uint8)
    checked = 0
    for _ in range(6):
        if not len(extra.node_w):
            break
        with np.errstate(invalid="ignore"):
            used = np.flatnonzero(base[src_of] + extra.node_w == base[extra.node_to])  # on a shortest path
        pool = used if len(used) and rng.random() < 0.8 else np.arange(len(extra.node_w))
        pos = rng.choice(pool, size=min(len(pool), int(rng.integers(1, 4))), replace=False)
        cut = extra.node_w.copy()
        cut[pos] = np.inf
        roots = np.array([extra.node_to[p] for p in pos
                          if np.isfinite(base[src_of[p]]) and base[src_of[p]] + extra.node_w[p] == base[extra.node_to[p]]],
                         np.int64)
        full = K.solve_numba(cost, 1000.0, src, delay, dataclasses.replace(extra, node_w=cut), backup=False,
                             keep_source=False, knight=knight).time
        a_nodes, pm, lost, done = fx.resolve_removed(
            cost.reshape(-1), nr, nc, 1000.0, knight, has_link, extra.link_cells, extra.link_ptr, extra.link_to,
            extra.link_w, extra.node_ptr, extra.node_to, cut, base, roots, np.asarray(src, np.int64),
            np.asarray(delay, np.float64), nd, mark, cell_w, 60.0, 1440.0, np.zeros(1, np.int64))
        assert done
        np.testing.assert_array_equal(nd, full)
        assert not mark.any()  # left clean for the next removal
        tb, ta = base[:n], full[:n]
        with np.errstate(invalid="ignore"):
            added = np.where(np.isfinite(tb), np.where(np.isfinite(ta), np.clip(ta - tb, 0, 1440.0), 1440.0), 0.0)
            want_lost = cell_w[:n][(tb <= 60.0) & ~(ta <= 60.0)].sum()
        assert pm == pytest.approx((cell_w[:n] * added).sum(), rel=1e-12, abs=1e-9)
        assert lost == pytest.approx(want_lost, rel=1e-12, abs=1e-9)
        nd[a_nodes] = base[a_nodes]
        np.testing.assert_array_equal(nd, base)
        checked += int(len(roots) > 0)
    assert checked  # the case removed edges that some shortest path used
