"""Engine on a small synthetic study area: grid, friction, network join, centres, isochrones."""
from __future__ import annotations

import numpy as np
import pytest
from shapely.geometry import Point

from hinterland_plugin.core.engine import kernel
from hinterland_plugin.core.engine.friction import to_grid_crs
from hinterland_plugin.core.engine.grid import Grid, GridError, check_resolution
from hinterland_plugin.core.engine.model import Centre, Engine, EngineError
from hinterland_plugin.core.engine.outputs import isochrones, write_geotiff
from tests.synthetic import hsr_board_alight, hsr_ride_min, synthetic_gpkg

pytest.importorskip("osgeo.gdal")


@pytest.fixture(scope="module")
def gpkg(tmp_path_factory):
    return synthetic_gpkg(tmp_path_factory.mktemp("eng") / "test.gpkg")


@pytest.fixture(scope="module")
def engine(gpkg):
    return Engine(gpkg, dem=None)


def albers(lon, lat, grid):
    p = to_grid_crs(Point(lon, lat), grid)
    return p.x, p.y


@pytest.fixture(scope="module")
def prepared(engine):
    return engine.prepare("multimodal", 5000.0)


def test_grid_and_land(prepared):
    g = prepared.grid
    assert g.res == 5000.0
    land_km2 = prepared.land.sum() * 25.0
    # 6° x 4° at ~30°N: about 578 km x 445 km
    assert 230_000 < land_km2 < 290_000
    assert np.isnan(prepared.cost[~prepared.land]).all()
    assert np.allclose(prepared.cost[prepared.land], 60.0 / (prepared.profile.land_speed_kmh * 1000.0))  # no DEM: flat


def test_network_join(prepared):
    net = prepared.network
    assert net.stations == [("west", "hsr"), ("east", "hsr")]  # the planned segment is left out
    assert (net.station_cell >= 0).all()
    assert net.minutes["t:01"] == pytest.approx(hsr_ride_min())


def test_rail_shortcut_and_backup(engine, prepared):
    g = prepared.grid
    west = Centre("W", *albers(101.5, 30.0, g))
    east_pt = albers(106.5, 30.0, g)
    res = engine.solve(prepared, [west])
    r, c, _ = g.cell_of(*east_pt)
    board, alight = hsr_board_alight()
    by_train = board + hsr_ride_min() + alight
    assert res.time[r, c] == pytest.approx(by_train, abs=0.01)
    road = engine.solve(engine.prepare("road", 5000.0), [west])
    assert road.time[r, c] > 2.5 * by_train
    # two centres: backup is the other centre's time, from a different source
    two = engine.solve(prepared, [west, Centre("E", *east_pt, delay_min=30.0)])
    fin = np.isfinite(two.backup)
    assert (two.allocation[fin] != two.backup_allocation[fin]).all()
    assert (two.backup[fin] >= two.time[fin]).all()


def test_numba_and_scipy_agree_through_engine(engine, prepared):
    if not kernel.numba_available():
        pytest.skip("numba not installed")
    g = prepared.grid
    cs = [Centre("A", *albers(102.0, 29.0, g)), Centre("B", *albers(105.0, 31.0, g), delay_min=12.0)]
    a = engine.solve(prepared, cs, use_numba=True)
    b = engine.solve(prepared, cs, use_numba=False)
    np.testing.assert_allclose(a.time, b.time, rtol=1e-6, equal_nan=True)
    np.testing.assert_allclose(a.backup, b.backup, rtol=1e-6, equal_nan=True)


def test_cache_is_reused_and_keyed(engine):
    a = engine.prepare("multimodal", 5000.0)
    assert engine.prepare("multimodal", 5000.0) is a
    assert engine.prepare("multimodal", 10000.0) is not a
    assert engine.prepare("multimodal", 5000.0, exclude_segments=frozenset({"t:01"})).network.n_extra == 0


def test_bad_input_messages(engine, prepared):
    g = prepared.grid
    with pytest.raises(EngineError, match="outside the study area"):
        engine.solve(prepared, [Centre("far", *albers(120.0, 45.0, g))])
    with pytest.raises(EngineError, match="no centres"):
        engine.solve(prepared, [])
    with pytest.raises(EngineError, match="disabled"):
        engine.solve(prepared, [Centre("x", *albers(102.0, 29.0, g), enabled=False)])
    with pytest.raises(EngineError, match="delay"):
        engine.solve(prepared, [Centre("x", *albers(102.0, 29.0, g), delay_min=-3)])
    with pytest.raises(EngineError, match="unknown profile"):
        engine.prepare("teleport", 5000.0)
    for bad in ("abc", -5, 0, float("nan"), 10):
        with pytest.raises(GridError):
            check_resolution(bad)
    with pytest.raises(GridError, match="memory"):
        engine.prepare("road", 100.0, extent=(-3e6, 0, 3e6, 6e6))  # 3.6e9 cells: refused before allocating


def test_isochrones_consistent_with_raster(engine, prepared, tmp_path):
    g = prepared.grid
    cs = [Centre("A", *albers(102.0, 29.0, g)), Centre("B", *albers(105.5, 31.0, g))]
    res = engine.solve(prepared, cs)
    polys = isochrones(res.time, res.allocation, g, [60, 120], ["A", "B"], mode="nearest")
    assert {(p["centre"], p["threshold_min"]) for p in polys} == {("A", 60), ("A", 120), ("B", 60), ("B", 120)}
    for p in polys:
        cells = ((res.allocation == p["centre_index"]) & (res.time <= p["threshold_min"])).sum()
        assert p["area_km2"] == pytest.approx(cells * 25.0)
        assert p["geometry"].is_valid
        # smoothed outline stays within ~one cell of the raster area
        assert abs(p["geometry"].area / 1e6 - p["area_km2"]) < 0.15 * p["area_km2"] + 50
    a120 = next(p["geometry"] for p in polys if p["centre"] == "A" and p["threshold_min"] == 120)
    b120 = next(p["geometry"] for p in polys if p["centre"] == "B" and p["threshold_min"] == 120)
    assert a120.intersection(b120).area < 0.02 * min(a120.area, b120.area)  # a partition
    out = write_geotiff(tmp_path / "t.tif", res.time, g)
    from osgeo import gdal

    ds = gdal.Open(str(out))
    back = ds.GetRasterBand(1).ReadAsArray()
    assert ds.GetGeoTransform()[1] == 5000.0 and "China Albers" in ds.GetProjection()
    np.testing.assert_array_equal(np.isnan(back), np.isnan(res.time))


def test_grid_cell_of():
    g = Grid(0.0, 100.0, 10.0, 10, 10)
    r, c, inside = g.cell_of(np.array([5.0, 99.0, -1.0]), np.array([95.0, 1.0, 50.0]))
    assert list(r[:2]) == [0, 9] and list(c[:2]) == [0, 9] and list(inside) == [True, True, False]


def test_parse_thresholds():
    from hinterland_plugin.core.engine.params import ParameterError, parse_thresholds

    assert parse_thresholds("240, 60,120;180") == [60.0, 120.0, 180.0, 240.0]
    assert parse_thresholds([90, "30"]) == [30.0, 90.0]
    for bad, msg in (("abc", "not a number"), ("-5", "positive"), ("", "at least one"), ("1e9", "week")):
        with pytest.raises(ParameterError, match=msg):
            parse_thresholds(bad)


def test_errors_carry_a_code_and_arguments(engine, prepared):
    """Adapters translate by code: every error the user can see has one, with the template's placeholders."""
    from hinterland_plugin.core.engine.params import parse_thresholds
    from hinterland_plugin.core.errors import MESSAGES, HinterlandError

    g = prepared.grid
    with pytest.raises(HinterlandError) as info:
        engine.solve(prepared, [Centre("far", *albers(120.0, 45.0, g))])
    assert info.value.code == "centre_outside" and info.value.params == {"name": "far"}
    with pytest.raises(HinterlandError) as info:
        parse_thresholds("60,abc")
    assert info.value.code == "threshold_nan" and info.value.params == {"value": "abc"}
    with pytest.raises(HinterlandError) as info:
        engine.solve(prepared, [Centre("x", *albers(102.0, 29.0, g), delay_min=1e308)])
    assert info.value.code == "bad_delay"
    assert str(HinterlandError("free text")) == "free text" and HinterlandError("free text").code == "text"
    for code, template in MESSAGES.items():
        assert str(HinterlandError(code, **{k: "x" for k in _placeholders(template)})), code


def _placeholders(template: str) -> list[str]:
    import string

    return [name for _, name, _, _ in string.Formatter().parse(template) if name]


def test_prepared_grid_is_cached_on_disk_by_content(tmp_path):
    """A second engine (a new QGIS session) loads the prepared grid from the disk cache; the solve is the same;
    a change of the data's content invalidates it."""
    gpkg = synthetic_gpkg(tmp_path / "t.gpkg")
    cache = tmp_path / "cache"
    a = Engine(gpkg, None, disk_cache=cache)
    pa = a.prepare("road", 10000.0)
    files = list(cache.glob("prepared_*.pkl"))
    assert len(files) == 1
    b = Engine(gpkg, None, disk_cache=cache)
    pb = b.prepare("road", 10000.0)
    assert np.array_equal(pa.cost, pb.cost, equal_nan=True) and pb.network.n_extra == pa.network.n_extra
    c = Centre("c", *albers(102.0, 29.0, pa.grid))
    np.testing.assert_array_equal(a.solve(pa, [c]).time, b.solve(pb, [c]).time)
    files[0].write_bytes(b"damaged")  # a damaged cache file is rebuilt, never an error
    assert Engine(gpkg, None, disk_cache=cache).prepare("road", 10000.0).grid == pa.grid
    with open(gpkg, "ab") as fh:
        fh.write(b"\0")  # new content -> new key
    Engine(gpkg, None, disk_cache=cache).prepare("road", 10000.0)
    assert len(list(cache.glob("prepared_*.pkl"))) == 2


def test_solve_each_on_threads_equals_one_by_one(engine, prepared):
    g = prepared.grid
    cs = [Centre(n, *albers(x, y, g)) for n, x, y in (("a", 102.0, 29.0), ("b", 105.5, 31.0), ("c", 103.5, 30.2))]
    threaded = engine.solve_each(prepared, cs, workers=2)
    serial = [engine.solve(prepared, [c], backup=False).time for c in cs]
    for t, s in zip(threaded, serial):
        np.testing.assert_array_equal(t, s)


def test_layers_read_once_while_the_file_stays_the_same(tmp_path, monkeypatch):
    """Engine.read keeps the last layers read: the same rows again without touching the file, each caller its own
    attribute dicts; a rewritten file (other size or date) is read again; a missing file stays a clear error."""
    import os
    import shutil

    from hinterland_plugin.core.engine import model

    path = synthetic_gpkg(tmp_path / "memo.gpkg")
    eng = Engine(path, dem=None)
    calls = []
    real = model.read_layer
    monkeypatch.setattr(model, "read_layer", lambda p, layer: calls.append(layer) or real(p, layer))
    a = eng.read("country")
    a[0][0]["name_zh"] = "changed by a caller"
    b = eng.read("country")
    assert calls == ["country"] and b[0][0].get("name_zh") != "changed by a caller"
    assert [g.wkb for _, g in a] == [g.wkb for _, g in b]
    st = os.stat(path)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    eng.read("country")
    assert calls == ["country", "country"]
    shutil.move(path, tmp_path / "gone.gpkg")
    with pytest.raises(EngineError):
        eng.read("country")


def test_cached_grid_reads_its_speeds_only_when_asked(tmp_path):
    """The disk cache keeps the speeds (read after preparing only by the friction-surface raster) in a file of
    their own: a grid from the cache solves without them; asked for, they are the built ones, read once and
    shared with the knight's-move and N-1 copies; pickled (Dask), the grid is whole; the file gone, rebuilt."""
    import pickle

    from hinterland_plugin.core.engine.scenarios import segment_edge_positions, without_segments

    gpkg = synthetic_gpkg(tmp_path / "t.gpkg")
    cache = tmp_path / "cache"
    built = Engine(gpkg, None, disk_cache=False).prepare("road", 10000.0)
    assert built.speed_loaded()
    first = Engine(gpkg, None, disk_cache=cache).prepare("road", 10000.0)
    assert not first.speed_loaded() and len(list(cache.glob("prepspeed_*.pkl"))) == 1
    eng = Engine(gpkg, None, disk_cache=cache)
    p = eng.prepare("road", 10000.0)
    c = Centre("c", *albers(102.0, 29.0, p.grid))
    np.testing.assert_array_equal(eng.solve(p, [c]).time, Engine(gpkg, None, disk_cache=False).solve(built, [c]).time)
    knight = eng.prepare("road", 10000.0, knight=True)
    cut = without_segments(p, list(segment_edge_positions(p))[:1])  # a grid copy as every N-1 removal makes
    assert not (p.speed_loaded() or knight.speed_loaded() or cut.speed_loaded())
    np.testing.assert_array_equal(p.speed, built.speed)
    assert knight.speed is p.speed and cut.speed is p.speed  # read once
    back = pickle.loads(pickle.dumps(eng.prepare("road", 10000.0, knight=True)))
    assert back.speed_loaded() and "_load_speed" not in back.__dict__
    np.testing.assert_array_equal(back.speed, built.speed)
    fresh = Engine(gpkg, None, disk_cache=cache).prepare("road", 10000.0)
    for f in cache.glob("prepspeed_*.pkl"):
        f.unlink()  # the user cleared the cache folder meanwhile
    np.testing.assert_array_equal(fresh.speed, built.speed)
    for f in cache.glob("prepspeed_*.pkl"):
        f.unlink()
    again = Engine(gpkg, None, disk_cache=cache).prepare("road", 10000.0)  # a grid file without its speeds: rebuilt
    assert list(cache.glob("prepspeed_*.pkl")), "the speeds were not written again"
    np.testing.assert_array_equal(again.speed, built.speed)
    with pytest.raises(AttributeError):
        fresh.no_such_grid  # noqa: B018
