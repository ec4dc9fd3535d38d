"""Gateway hinterlands (core): assignment = argmin of per-gateway times, prefectures, closure, freight profile."""
from __future__ import annotations

import numpy as np
import pytest
from pyproj import Transformer

from hinterland_plugin.core.engine import gateways as G
from hinterland_plugin.core.engine.admin import group_raster
from hinterland_plugin.core.engine.model import Centre, Engine
from hinterland_plugin.core.errors import EngineError
from tests.synthetic import synthetic_gpkg


def _surfaces(seed: int = 3, shape=(12, 15), n=4):
    rng = np.random.default_rng(seed)
    out = [rng.uniform(10, 500, shape).astype(np.float32) for _ in range(n)]
    out[1][0, :3] = np.nan  # unreachable from gateway 1
    return out


def _unit(shape):
    unit = np.zeros(shape, np.int32)
    unit[:, shape[1] // 2:] = 1
    unit[-2:, :] = -1
    return unit


def test_assignment_is_the_argmin_of_per_gateway_times():
    surf = _surfaces()
    shape = surf[0].shape
    land = np.ones(shape, bool)
    people = np.full(shape, 10.0)
    ans = G.gateway_hinterlands(surf, ["A", "B", "C", "D"], ["seaport"] * 4, land, 4.0, people, _unit(shape),
                                ["p0", "p1"])
    stack = np.stack([np.where(np.isnan(s), np.inf, s) for s in surf])
    assert (ans.allocation == np.argmin(stack, axis=0)).all()
    np.testing.assert_allclose(ans.time, stack.min(axis=0))
    second = np.sort(stack, axis=0)[1]
    np.testing.assert_allclose(ans.backup, second)
    assert (ans.backup_allocation != ans.allocation).all()
    rows = {r["gateway"]: r for r in ans.gateway_rows}
    for g, name in enumerate("ABCD"):
        assert rows[name]["area_km2"] == pytest.approx(4.0 * (ans.allocation == g).sum())
        assert rows[name]["population"] == pytest.approx(10.0 * (ans.allocation == g).sum())
    assert sum(r["population_share"] for r in ans.gateway_rows) == pytest.approx(1.0, abs=1e-3)
    # prefectures: argmin of the people-weighted mean time per gateway
    unit = _unit(shape)
    for i, row in enumerate(ans.prefecture_rows):
        m = unit == i
        means = [float(np.mean(s[m])) if np.isfinite(s[m]).all() else float(np.nanmean(s[m])) for s in surf]
        assert row["gateway"] == "ABCD"[int(np.argmin(means))]
        assert row["time_min"] == pytest.approx(min(means), abs=0.06)
        assert row["backup_gateway"] == "ABCD"[int(np.argsort(means)[1])]
    assert sum(r["prefectures_n"] for r in ans.gateway_rows) == 2


def test_closure_shifts_traffic_to_the_next_best():
    surf = _surfaces(seed=7)
    shape = surf[0].shape
    land = np.ones(shape, bool)
    land[0, 0] = False
    surf = [np.where(land, s, np.nan).astype(np.float32) for s in surf]
    people = np.arange(shape[0] * shape[1], dtype=np.float64).reshape(shape)
    names = ["A", "B", "C", "D"]
    base = G.gateway_hinterlands(surf, names, ["x"] * 4, land, 1.0, people, _unit(shape), ["p0", "p1"])
    ans = G.gateway_hinterlands(surf, names, ["x"] * 4, land, 1.0, people, _unit(shape), ["p0", "p1"], close=["B"])
    cl = ans.closure
    lost = base.allocation == 1
    assert (cl.lost == lost).all()
    # a single closure: every cell B served goes to its backup gateway; the others do not move
    assert (cl.allocation[lost] == base.backup_allocation[lost]).all()
    assert (cl.allocation[~lost] == base.allocation[~lost]).all()
    assert not (cl.allocation == 1).any()
    np.testing.assert_allclose(cl.time[lost], base.backup[lost])
    moved = {r["to_gateway"]: r for r in cl.rows}
    for g, name in enumerate(names):
        m = lost & (base.backup_allocation == g)
        if m.any():
            assert moved[name]["population"] == pytest.approx(people[m].sum())
            assert moved[name]["area_km2"] == pytest.approx(m.sum())
            assert moved[name]["mean_added_min"] >= 0
    assert sum(r["population"] for r in cl.rows) == pytest.approx(people[lost].sum())
    g_rows = {r["gateway"]: r for r in ans.gateway_rows}
    assert g_rows["B"]["closed"] == 1 and g_rows["B"]["population_after"] == 0
    assert sum(r["population_after"] for r in ans.gateway_rows) == pytest.approx(people[land].sum())
    for row in ans.prefecture_rows:
        assert row["gateway_after"] != "B"
        if row["gateway"] != "B":
            assert row["gateway_after"] == row["gateway"] and row["added_min"] == 0
        else:
            assert row["gateway_after"] == row["backup_gateway"]
            assert row["time_after_min"] == pytest.approx(row["backup_time_min"])


def test_bad_closures():
    surf = _surfaces(n=2)
    shape = surf[0].shape
    args = (["A", "B"], ["x", "x"], np.ones(shape, bool), 1.0, np.ones(shape), _unit(shape), ["p0", "p1"])
    with pytest.raises(EngineError, match="unknown gateway.*Nope"):
        G.gateway_hinterlands(surf, *args, close=["Nope"])
    with pytest.raises(EngineError, match="nowhere"):
        G.gateway_hinterlands(surf, *args, close=["A", "B"])
    with pytest.raises(EngineError, match="no gateways"):
        G.gateway_hinterlands([], *args)
    assert G.unique_names(["a", "b", "a", "a"]) == ["a", "b", "a (2)", "a (3)"]


def test_freight_profile_overrides_the_passenger_modes():
    prof, penalties = G.freight_profile()
    assert prof.name == "freight" and "hsr" not in {m.name for m in prof.modes}
    rail = next(m for m in prof.modes if m.name == "rail")
    for cat in ("rail_trunk", "china_europe"):  # every rail category rides at the freight speed
        assert rail.road_class(cat).speed_kmh <= 80  # freight trains, not the passenger operating speed
    road = next(m for m in prof.modes if m.name == "road")
    assert road.road_class("expressway").speed_kmh <= 100  # trucks: at most 100 km/h on expressways
    assert road.road_class("fixed_link") is None  # recorded speeds of bridges / ro-ro stay
    assert set(penalties) >= set(G.DEFAULT_TYPES) and penalties["border_crossing"] > 0
    # one freight profile for every algorithm: the engine's PROFILE=freight is the gateway algorithm's
    assert prof.key() == G.get_profile("freight").key()


def test_on_the_synthetic_study_area(tmp_path):
    """End to end on the synthetic gpkg: two gateways west and east, the west one closed."""
    engine = Engine(synthetic_gpkg(tmp_path / "s.gpkg"), None, disk_cache=False)
    prof, _pen = G.freight_profile(categories=G.segment_categories(engine.read("corridor_segments")))
    prepared = engine.prepare(prof, 20000)
    tr = Transformer.from_crs("EPSG:4326", prepared.grid.crs, always_xy=True)
    (xw, yw), (xe, ye) = tr.transform(102.0, 30.0), tr.transform(106.0, 30.0)
    centres = [Centre("W", xw, yw, 60.0), Centre("E", xe, ye, 0.0)]
    surfaces = engine.solve_each(prepared, centres)
    pop = engine.population(prepared)
    unit, codes = group_raster(pop.unit, pop.units, "prefecture_adcode")
    ans = G.gateway_hinterlands(surfaces, ["W", "E"], ["dry_port", "seaport"], prepared.land,
                                prepared.grid.res ** 2 / 1e6, pop.total, unit, codes, close=["W"])
    assert {r["gateway"] for r in ans.gateway_rows} == {"W", "E"}
    assert all(r["population"] > 0 for r in ans.gateway_rows)
    assert ans.closure.rows[0]["to_gateway"] == "E"
    w = next(r for r in ans.gateway_rows if r["gateway"] == "W")
    assert ans.closure.rows[0]["population"] == pytest.approx(w["population"], rel=1e-6)
    assert len(ans.prefecture_rows) == 1 and ans.prefecture_rows[0]["gateway_after"] == "E"
