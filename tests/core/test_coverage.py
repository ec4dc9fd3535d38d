"""Coverage table and accessibility indices; 2SFCA / E2SFCA / gravity checked against PySAL access."""
from __future__ import annotations

import numpy as np
import pytest

from hinterland_plugin.core.engine.coverage import PointSet, coverage_table, decay, gravity, two_step_fca


def test_coverage_table_counts_by_hand():
    land = np.ones((4, 5), bool)
    land[0, 0] = False
    a = np.full((4, 5), np.nan, np.float32)
    b = np.full((4, 5), np.nan, np.float32)
    a[:, :3] = [[np.nan, 10, 70], [20, 30, 80], [40, 50, 90], [60, 65, 130]]
    b[:, 2:] = [[50, 40, 30], [60, 20, 10], [70, 35, 25], [200, 45, 55]]
    cities = PointSet(np.array([0, 1, 3]), np.array([1, 4, 3]), ["c1", "c2", "c3"], ["city"] * 3,
                      np.array([100.0, 1000.0, 10.0]))
    sites = {"sites": PointSet(np.array([2]), np.array([0]), ["S"], ["grain_base"], np.ones(1))}
    rows = coverage_table([a, b], ["A", "B"], land, 25.0, [60], cities, sites)
    by = {r["centre"]: r for r in rows}
    assert by["A"]["area_km2"] == 6 * 25.0  # the cells 10, 20, 30, 40, 50, 60 of A
    assert by["A"]["population"] == 100 and by["A"]["sites_names"] == "S"
    assert by["B"]["population"] == 1010 and by["B"]["sites_n"] == 0
    assert by["ALL"]["population"] == 1110 and by["ALL"]["population_share"] == 1.0
    covered = (np.nan_to_num(a, nan=1e9) <= 60) | (np.nan_to_num(b, nan=1e9) <= 60)
    both = (np.nan_to_num(a, nan=1e9) <= 60) & (np.nan_to_num(b, nan=1e9) <= 60)
    assert by["ALL"]["area_km2"] == covered.sum() * 25.0
    assert by["ALL"]["backup_area_km2"] == both.sum() * 25.0
    assert by["ALL"]["uncovered_area_km2"] == (land & ~covered).sum() * 25.0
    assert by["A"]["pop_weighted_time_min"] == 10.0
    # centre failure rows: what the other centre still covers
    assert by["without:A"]["area_km2"] == by["B"]["area_km2"] and by["without:B"]["population"] == 100


def test_k_coverage():
    from hinterland_plugin.core.engine.coverage import k_coverage

    a = np.array([[10.0, np.nan], [70.0, 30.0]])
    b = np.array([[50.0, 20.0], [np.nan, 90.0]])
    assert k_coverage([a, b], 60).tolist() == [[2, 1], [0, 1]]


def test_decay_shapes():
    t = np.array([0.0, 60.0, 120.0, 121.0, np.nan])
    assert list(decay(t, "binary", 120)) == [1, 1, 1, 0, 0]
    g = decay(t, "gaussian", 120)
    assert g[0] == 1.0 and g[2] == pytest.approx(0.0) and 0 < g[1] < 1 and g[3] == 0


def _problem(seed=4, n_demand=30, n_supply=5):
    rng = np.random.default_rng(seed)
    cost = rng.uniform(5, 200, (n_demand, n_supply))
    cost[rng.random(cost.shape) < 0.1] = np.nan
    return cost, rng.integers(1000, 100000, n_demand).astype(float), rng.integers(1, 50, n_supply).astype(float)


def _access_frames(cost, demand, supply):
    pd = pytest.importorskip("pandas")
    ddf = pd.DataFrame({"pop": demand}, index=pd.Index(range(len(demand)), name="d"))
    sdf = pd.DataFrame({"cap": supply}, index=pd.Index(range(len(supply)), name="s"))
    ii, jj = np.nonzero(np.isfinite(cost))
    cdf = pd.DataFrame({"origin": ii, "dest": jj, "minutes": cost[ii, jj]})
    return ddf, sdf, cdf


def test_2sfca_equals_pysal_access():
    access = pytest.importorskip("access")
    cost, demand, supply = _problem()
    ddf, sdf, cdf = _access_frames(cost, demand, supply)
    A = access.Access(demand_df=ddf, demand_value="pop", supply_df=sdf, supply_value="cap", cost_df=cdf,
                      cost_origin="origin", cost_dest="dest", cost_name="minutes")
    theirs = A.two_stage_fca(name="x", max_cost=120).iloc[:, 0].reindex(range(len(demand))).fillna(0).to_numpy()
    ours = two_step_fca(cost, demand, supply, d0=120, kind="binary")
    # same formula on the same matrix: only float summation order differs (rtol 1e-9)
    np.testing.assert_allclose(ours, theirs, rtol=1e-9)


def test_e2sfca_step_weights_equals_pysal_access():
    access = pytest.importorskip("access")
    from access import weights

    cost, demand, supply = _problem(seed=9)
    ddf, sdf, cdf = _access_frames(cost, demand, supply)
    steps = {30: 1.0, 60: 0.68, 120: 0.22}
    A = access.Access(demand_df=ddf, demand_value="pop", supply_df=sdf, supply_value="cap", cost_df=cdf,
                      cost_origin="origin", cost_dest="dest", cost_name="minutes")
    theirs = A.enhanced_two_stage_fca(name="x", weight_fn=weights.step_fn(steps), max_cost=120)
    theirs = theirs.iloc[:, 0].reindex(range(len(demand))).fillna(0).to_numpy()
    ours = two_step_fca(cost, demand, supply, d0=120, weight_fn=weights.step_fn(steps))
    np.testing.assert_allclose(ours, theirs, rtol=1e-9)


def test_gravity_equals_pysal_weighted_catchment():
    access = pytest.importorskip("access")
    from access import weights

    cost, demand, supply = _problem(seed=2)
    ddf, sdf, cdf = _access_frames(cost, demand, supply)
    fn = weights.gravity(scale=60, alpha=-1.5, min_dist=1)
    A = access.Access(demand_df=ddf, demand_value="pop", supply_df=sdf, supply_value="cap", cost_df=cdf,
                      cost_origin="origin", cost_dest="dest", cost_name="minutes")
    theirs = A.weighted_catchment(name="x", weight_fn=fn).iloc[:, 0].reindex(range(len(demand))).fillna(0).to_numpy()
    ours = gravity(cost, supply, weight_fn=fn)
    np.testing.assert_allclose(ours, theirs, rtol=1e-9)


def _naive(surfaces, names, land, cell_km2, ths, pts, sites):
    """The coverage table by brute force over every cell and point (the definition, not the fast path)."""
    stack = np.stack(surfaces)
    out = {}
    w = pts.weights
    tp = np.stack([pts.times(s) for s in surfaces])
    for th in ths:
        with np.errstate(invalid="ignore"):
            within, pin = stack <= th, tp <= th
        for i, n in enumerate(names):
            out[(n, th)] = (within[i].sum() * cell_km2, w[pin[i]].sum())
        out[("ALL", th)] = (within.any(0).sum() * cell_km2, w[pin.any(0)].sum(), (within.sum(0) >= 2).sum() * cell_km2,
                            w[pin.sum(0) >= 2].sum())
        for i, n in enumerate(names):
            others = [j for j in range(len(names)) if j != i]
            out[(f"without:{n}", th)] = (within[others].any(0).sum() * cell_km2, w[pin[others].any(0)].sum())
    return out


def test_fast_coverage_table_equals_brute_force():
    rng = np.random.default_rng(7)
    land = rng.random((60, 70)) < 0.8
    surfaces = []
    for _ in range(3):
        s = rng.uniform(0, 400, land.shape).astype(np.float32)
        s[~land | (rng.random(land.shape) < 0.1)] = np.nan
        surfaces.append(s)
    r, c = np.nonzero(land)
    pts = PointSet(r, c, [], [], rng.integers(1, 1000, len(r)).astype(float))
    ths = [60.0, 120.0, 240.0]
    rows = {(x["centre"], x["threshold_min"]): x for x in coverage_table(surfaces, ["a", "b", "c"], land, 4.0, ths,
                                                                           pts, {})}
    for key, expected in _naive(surfaces, ["a", "b", "c"], land, 4.0, ths, pts, {}).items():
        got = rows[key]
        assert got["area_km2"] == pytest.approx(expected[0]) and got["population"] == round(expected[1]), key
        if key[0] == "ALL":
            assert got["backup_area_km2"] == pytest.approx(expected[2])
            assert got["backup_population"] == round(expected[3])


def test_nearest_two_equals_brute_force_with_nan_and_ties():
    from hinterland_plugin.core.engine.coverage import nearest_two

    rng = np.random.default_rng(7)
    surfaces = [np.round(rng.uniform(0, 50, (30, 40)), 0).astype(np.float32) for _ in range(4)]  # many ties
    for s in surfaces:
        s[rng.random(s.shape) < 0.3] = np.nan
    near = nearest_two(surfaces)
    stack = np.stack([np.where(np.isnan(s), np.inf, s) for s in surfaces])
    order = np.argsort(stack, axis=0, kind="stable")  # ties: the lower centre index first
    first, second = np.take_along_axis(stack, order[:1], 0)[0], np.take_along_axis(stack, order[1:2], 0)[0]
    np.testing.assert_array_equal(near.time, np.where(np.isfinite(first), first, np.nan))
    np.testing.assert_array_equal(near.backup, np.where(np.isfinite(second), second, np.nan))
    np.testing.assert_array_equal(near.allocation, np.where(np.isfinite(first), order[0], -1))
    np.testing.assert_array_equal(near.backup_allocation, np.where(np.isfinite(second), order[1], -1))


def test_admin_rows_equal_brute_force_for_any_threshold_order():
    from hinterland_plugin.core.engine.admin import admin_rows

    rng = np.random.default_rng(8)
    time = np.round(rng.uniform(0, 200, 5000), 0).astype(np.float32)  # values equal to thresholds occur
    time[rng.random(5000) < 0.2] = np.nan
    alloc = np.where(np.isnan(time), -1, rng.integers(0, 3, 5000)).astype(np.int32)
    pop = rng.uniform(0, 100, 5000)
    pop[rng.random(5000) < 0.1] = 0.0
    unit = rng.integers(-1, 6, 5000).astype(np.int32)
    ths = [120.0, 30.0, 60.0]
    rows = admin_rows(time, alloc, pop, unit, [f"u{i}" for i in range(6)], ths, ["a", "b", "c"])
    for i, row in enumerate(rows):
        sel = (unit == i) & (pop > 0)
        for th in ths:
            want = pop[sel & (time <= th)].sum()
            assert row[f"within_{th:g}"] == pytest.approx(want, rel=1e-12, abs=1e-9)
        reached = sel & np.isfinite(time)
        assert row["reached"] == pytest.approx(pop[reached].sum(), rel=1e-12)
        assert row["mean_time_min"] == pytest.approx((pop[reached] * time[reached]).sum() / pop[reached].sum(),
                                                     rel=1e-9)


def _random_case(seed=11):
    rng = np.random.default_rng(seed)
    land = rng.random((80, 90)) < 0.7
    surfaces = []
    for _ in range(4):
        s = np.round(rng.uniform(0, 300, land.shape), 0).astype(np.float32)  # ties and values on the thresholds
        s[~land | (rng.random(land.shape) < 0.15)] = np.nan
        surfaces.append(s)
    r, c = np.nonzero(land & (rng.random(land.shape) < 0.9))
    pts = PointSet(r, c, [], [], rng.uniform(0, 5000, len(r)))
    return land, surfaces, pts


def test_compiled_tables_equal_the_numpy_fallback_to_the_last_bit(monkeypatch):
    """The compiled passes (fast_nb) and the numpy fallback sum the same values in the same order: equal rows."""
    pytest.importorskip("numba")
    from hinterland_plugin.core.engine import fast
    from hinterland_plugin.core.engine.admin import admin_rows
    from hinterland_plugin.core.engine.coverage import access_indices, nearest_two

    land, surfaces, pts = _random_case()
    ths = [120.0, 60.0, 180.0, 240.0]
    names = ["a", "b", "c", "d"]
    unit = np.random.default_rng(3).integers(-1, 7, land.shape).astype(np.int32)

    def run():
        near = nearest_two(surfaces)
        rows = coverage_table(surfaces, names, land, 2.5, ths, pts, {})
        t, a, p = near.time[pts.rows, pts.cols], near.allocation[pts.rows, pts.cols], pts.weights
        adm = admin_rows(t, a, p, unit[pts.rows, pts.cols], [f"u{i}" for i in range(7)], ths, names)
        acc = access_indices(PointSet(pts.rows[:50], pts.cols[:50], [], [], pts.weights[:50]), surfaces,
                             [1.0, 2.0, 3.0, 4.0], 120.0, 1.0, demand=pts)
        return near, rows, adm, acc

    assert fast.compiled() is not None
    near_c, rows_c, adm_c, acc_c = run()
    monkeypatch.setenv("HINTERLAND_SOLVER", "scipy")  # no numba: the numpy passes
    assert fast.compiled() is None
    near_n, rows_n, adm_n, acc_n = run()
    for f in ("time", "allocation", "backup", "backup_allocation"):
        np.testing.assert_array_equal(getattr(near_c, f), getattr(near_n, f))
    assert rows_c == rows_n
    assert adm_c == adm_n
    for key in acc_c:  # 2SFCA step 1: a sequential sum against numpy's dot product
        np.testing.assert_allclose(acc_c[key], acc_n[key], rtol=1e-12)
    # and the compiled path answers what the brute force does (so the equality above is not two equal mistakes)
    naive = _naive(surfaces, names, land, 2.5, sorted(ths), pts, {})
    got = {(x["centre"], x["threshold_min"]): x for x in rows_c}
    for key, expected in naive.items():
        assert got[key]["area_km2"] == pytest.approx(expected[0]) and got[key]["population"] == round(expected[1])


@pytest.mark.parametrize("compiled", [True, False])
def test_admin_rows_from_whole_grids_with_a_lookup_equal_the_gathered_cells(compiled, monkeypatch):
    """admin_rows on whole grids (float32 people, county ids mapped to groups by a lookup table, as the coverage
    algorithm calls it) gives the rows of the populated cells gathered and mapped first, to the last bit."""
    from hinterland_plugin.core.engine.admin import admin_rows, group_lut, group_raster

    if compiled:
        pytest.importorskip("numba")
    else:
        monkeypatch.setenv("HINTERLAND_SOLVER", "scipy")
    rng = np.random.default_rng(21)
    shape = (70, 60)
    time = np.round(rng.uniform(0, 300, shape), 0).astype(np.float32)
    time[rng.random(shape) < 0.2] = np.nan
    alloc = np.where(np.isnan(time), -1, rng.integers(0, 3, shape)).astype(np.int32)
    pop = rng.uniform(0, 900, shape).astype(np.float32)
    pop[rng.random(shape) < 0.3] = 0.0
    county = rng.integers(-1, 9, shape).astype(np.int32)
    units = [{"prefecture_adcode": str(510100 + 100 * (k % 4)) if k != 5 else ""} for k in range(9)]
    ths = [180.0, 60.0, 120.0]
    lut, codes = group_lut(units, "prefecture_adcode")
    whole = admin_rows(time, alloc, pop, county, codes, ths, ["a", "b", "c"], lut=lut)
    rows, cols = np.nonzero(pop > 0)
    unit, codes2 = group_raster(county[rows, cols], units, "prefecture_adcode")
    gathered = admin_rows(time[rows, cols], alloc[rows, cols], pop[rows, cols], unit, codes2, ths, ["a", "b", "c"])
    assert codes == codes2 and whole == gathered
    assert sum(r["population"] for r in whole) == pytest.approx(
        float(pop[(county >= 0) & (lut[county] >= 0)].sum(dtype=np.float64)), rel=1e-12)
