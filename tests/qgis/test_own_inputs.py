"""Own data through Processing (issue 14): network, study area, friction, population, sites in any CRS."""
from __future__ import annotations

import gc

import numpy as np
import pytest
from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsProcessingException, QgsProject, QgsVectorLayer

import hinterland_plugin
from hinterland_plugin.core.engine.model import Engine
from hinterland_plugin.core.engine.outputs import read_geotiff, write_geotiff
from tests.synthetic import synthetic_gpkg


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    return Engine(synthetic_gpkg(tmp_path_factory.mktemp("own") / "t.gpkg"), None, disk_cache=False)


@pytest.fixture()
def provider(qgis_processing, engine):
    plug = hinterland_plugin.classFactory(None)
    plug.initProcessing()
    plug.provider.set_engine(engine)
    yield plug.provider
    plug.unload()


def run(alg, params):
    import processing

    return processing.run(f"hinterland:{alg}", params)


def _points(coords, crs="EPSG:4326"):
    lyr = QgsVectorLayer(f"Point?crs={crs}&field=name:string", "pts", "memory")
    feats = []
    for name, x, y in coords:
        f = QgsFeature(lyr.fields())
        f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(x, y)))
        f.setAttributes([name])
        feats.append(f)
    lyr.dataProvider().addFeatures(feats)
    return lyr


def _road(speed="100", crs="EPSG:3857", name="myroads"):
    """A straight road across the synthetic area at 31.5 N, in Web Mercator."""
    from pyproj import Transformer

    tr = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    lyr = QgsVectorLayer(f"LineString?crs={crs}&field=kmh:string&field=oneway:int", name, "memory")
    f = QgsFeature(lyr.fields())
    f.setGeometry(QgsGeometry.fromPolylineXY([QgsPointXY(*tr.transform(x, 31.5)) for x in (101.2, 104.0, 106.8)]))
    f.setAttributes([speed, 0])
    lyr.dataProvider().addFeatures([f])
    return lyr


def test_own_road_makes_travel_faster_and_is_keyed_by_content(provider, tmp_path):
    centre = _points([("W", 101.3, 31.5)])
    base = run("traveltime", {"CENTRES": centre, "PROFILE": "road", "RESOLUTION": 10000,
                              "OUTPUT_TIME": str(tmp_path / "a.tif")})
    own = run("traveltime", {"CENTRES": centre, "PROFILE": "road", "RESOLUTION": 10000, "NETWORK": [_road()],
                             "NETWORK_SPEED_FIELD": "kmh", "OUTPUT_TIME": str(tmp_path / "b.tif")})
    a, b = read_geotiff(base["OUTPUT_TIME"]), read_geotiff(own["OUTPUT_TIME"])
    assert np.nanmax(b) < np.nanmax(a) and (b <= a + 1e-4)[np.isfinite(a)].all()
    slower = run("traveltime", {"CENTRES": centre, "PROFILE": "road", "RESOLUTION": 10000,
                                "NETWORK": [_road("50")], "NETWORK_SPEED_FIELD": "kmh",
                                "OUTPUT_TIME": str(tmp_path / "c.tif")})
    c = read_geotiff(slower["OUTPUT_TIME"])
    assert np.nanmax(c) > np.nanmax(b)  # an edited speed is a new cache key, not the old result


@pytest.mark.parametrize("params, message", [
    ({"NETWORK_SPEED_FIELD": "nope"}, "no field"),
    ({"NETWORK_SPEED_FIELD": ""}, "speed field"),
    ({"NETWORK_SPEED_FIELD": "kmh", "speed": "-5"}, "positive"),
    ({"NETWORK_SPEED_FIELD": "kmh", "speed": "fast"}, "positive"),
])
def test_bad_network_input_is_a_clear_message(provider, tmp_path, params, message):
    road = _road(params.pop("speed", "100"))
    before = [f.attributes() for f in road.getFeatures()]
    with pytest.raises(QgsProcessingException, match=message):
        run("traveltime", {"CENTRES": _points([("W", 101.3, 31.5)]), "PROFILE": "road", "RESOLUTION": 10000,
                           "NETWORK": [road], "OUTPUT_TIME": str(tmp_path / "x.tif"), **params})
    assert [f.attributes() for f in road.getFeatures()] == before  # the user's layer is never modified


def test_study_area_population_raster_and_sites_in_coverage(provider, engine, tmp_path):
    prep = engine.prepare("road", 10000.0)
    pop = np.where(prep.land, 100.0, 0.0).astype(np.float32)
    pop_tif = write_geotiff(tmp_path / "pop.tif", pop, prep.grid)
    area = QgsVectorLayer("Polygon?crs=EPSG:4326", "area", "memory")
    f = QgsFeature()
    f.setGeometry(QgsGeometry.fromWkt("POLYGON((101 28, 104 28, 104 32, 101 32, 101 28))"))
    area.dataProvider().addFeatures([f])
    depots = _points([("Depot A", 102.0, 29.5), ("Depot far", 106.5, 29.5)])
    depots.setName("depots")
    more = _points([("Depot B", 102.5, 29.5)])
    more.setName("depots")  # a second layer of the same name: a set of its own, not merged or lost
    hubs = _points([("Own hub", 102.2, 29.2)])
    hubs.setName("hubs")  # the name of a bundled set: kept apart from it
    res = run("coverage", {"CENTRES": _points([("A", 102.0, 29.0)]), "NAME_FIELD": "name", "PROFILE": "road",
                           "RESOLUTION": 10000, "THRESHOLDS": "10080", "OUTPUT": "memory:", "STUDY_AREA": area,
                           "POPULATION": str(pop_tif), "SITES": [depots, more, hubs], "SITE_NAME_FIELD": "name"})
    row = next(r for r in res["OUTPUT"].getFeatures() if r["centre"] == "ALL")
    own = engine.prepare("road", 10000.0, inputs=None)
    west = own.land.copy()
    xs, _ys = own.grid.centres()
    from pyproj import Transformer

    lon_edge = Transformer.from_crs("EPSG:4326", own.grid.crs, always_xy=True).transform(104.0, 30.0)[0]
    assert row["population"] == pytest.approx(100.0 * (west & (xs[None, :] < lon_edge)).sum(), rel=0.03)
    assert row["depots_n"] == 1 and row["depots_names"] == "Depot A"  # the far depot lies outside the area
    assert row["depots (2)_names"] == "Depot B" and row["hubs (2)_names"] == "Own hub"
    assert "Own hub" not in (row["hubs_names"] or "")
    del res, row  # the memory layer of OUTPUT collected after QGIS has exited crashes the session
    gc.collect()


def test_friction_in_kmh_replaces_the_land_surface(provider, engine, tmp_path):
    prep = engine.prepare("road", 10000.0)
    speed = np.where(prep.land, 10.0, np.nan).astype(np.float32)
    tif = write_geotiff(tmp_path / "v.tif", speed, prep.grid)
    out = run("frictionsurface", {"PROFILE": "road", "RESOLUTION": 10000, "VALUE": "speed", "FRICTION": str(tif),
                                  "FRICTION_UNITS": "kmh", "OUTPUT": str(tmp_path / "o.tif")})
    v = read_geotiff(out["OUTPUT"])
    assert np.nanmax(v) == pytest.approx(10.0, rel=1e-5)


def _gpkg_road(path, speed=100.0, crs="EPSG:3857"):
    """The road of ``_road`` written to a GeoPackage (a file the user edits and saves)."""
    from qgis.core import QgsVectorFileWriter

    mem = _road(str(speed), crs)
    opts = QgsVectorFileWriter.SaveVectorOptions()
    opts.driverName = "GPKG"
    err = QgsVectorFileWriter.writeAsVectorFormatV3(mem, str(path), QgsProject.instance().transformContext(), opts)
    assert err[0] == QgsVectorFileWriter.WriterError.NoError, err
    return QgsVectorLayer(str(path), "roads", "ogr")


def _max_time(tmp_path, name, **params):
    out = run("traveltime", {"CENTRES": _points([("W", 101.3, 31.5)]), "PROFILE": "road", "RESOLUTION": 10000,
                             "NETWORK_SPEED_FIELD": "kmh", "OUTPUT_TIME": str(tmp_path / f"{name}.tif"), **params})
    return float(np.nanmax(read_geotiff(out["OUTPUT_TIME"])))


def test_editing_the_same_layer_recomputes(provider, tmp_path):
    """The prepared grid is cached by the content of the layer: an unsaved edit, then a saved edit of the file
    itself, each give a new result, and the unedited layer the cached one."""
    layer = _gpkg_road(tmp_path / "roads.gpkg")
    fast = _max_time(tmp_path, "a", NETWORK=[layer])
    assert _max_time(tmp_path, "a2", NETWORK=[layer]) == fast
    idx = layer.fields().lookupField("kmh")
    fid = next(layer.getFeatures()).id()
    assert layer.startEditing() and layer.changeAttributeValue(fid, idx, "300")
    edited = _max_time(tmp_path, "b", NETWORK=[layer])  # the edit buffer, not yet saved
    assert edited < fast
    layer.rollBack()
    assert _max_time(tmp_path, "c", NETWORK=[layer]) == fast
    other = QgsVectorLayer(str(tmp_path / "roads.gpkg"), "roads", "ogr")  # the file edited by someone else
    assert other.dataProvider().changeAttributeValues({fid: {idx: "150"}})
    del other
    layer.reload()
    saved = _max_time(tmp_path, "d", NETWORK=[layer])
    del layer  # an OGR layer alive at the end of the session has crashed QGIS' exit
    assert edited < saved < fast


def test_network_in_a_geographic_crs_and_mixed_crs_give_the_same_times(provider, tmp_path):
    """The network in EPSG:4326 (lengths are measured on the grid, not in degrees), the centres in Web Mercator,
    the study area in UTM: the same result as everything in one CRS."""
    centre_3857 = _points([("W", *_merc(101.3, 31.5))], "EPSG:3857")
    same = run("traveltime", {"CENTRES": _points([("W", 101.3, 31.5)]), "PROFILE": "road", "RESOLUTION": 10000,
                              "NETWORK": [_road(crs="EPSG:3857")], "NETWORK_SPEED_FIELD": "kmh",
                              "OUTPUT_TIME": str(tmp_path / "a.tif")})
    mixed = run("traveltime", {"CENTRES": centre_3857, "PROFILE": "road", "RESOLUTION": 10000,
                               "NETWORK": [_road(crs="EPSG:4326")], "NETWORK_SPEED_FIELD": "kmh",
                               "OUTPUT_TIME": str(tmp_path / "b.tif")})
    a, b = read_geotiff(same["OUTPUT_TIME"]), read_geotiff(mixed["OUTPUT_TIME"])
    np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-3)


def _merc(lon, lat):
    from pyproj import Transformer

    return Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True).transform(lon, lat)


def test_oneway_against_the_digitised_direction(provider, tmp_path):
    """OSM's oneway=-1: the road runs from its last vertex to its first."""
    def road(flag):
        lyr = _road()
        idx = lyr.fields().lookupField("oneway")
        lyr.dataProvider().changeAttributeValues({next(lyr.getFeatures()).id(): {idx: flag}})
        return lyr

    west_to_east = {"NETWORK_ONEWAY_FIELD": "oneway"}
    fwd = _max_time(tmp_path, "f", NETWORK=[road(1)], **west_to_east)
    back = _max_time(tmp_path, "r", NETWORK=[road(-1)], **west_to_east)
    both = _max_time(tmp_path, "b", NETWORK=[road(0)], **west_to_east)
    none = _max_time(tmp_path, "n")
    # the centre lies at the western end: a road towards it is of no use, one away from it as good as both ways
    assert fwd == pytest.approx(both, rel=1e-6) and both < back == pytest.approx(none, rel=1e-6)


def test_unknown_mode_is_a_clear_message(provider, tmp_path):
    lyr = QgsVectorLayer("LineString?crs=EPSG:4326&field=kmh:double&field=mode:string", "r", "memory")
    f = QgsFeature(lyr.fields())
    f.setGeometry(QgsGeometry.fromPolylineXY([QgsPointXY(101.2, 31.5), QgsPointXY(106.8, 31.5)]))
    f.setAttributes([80.0, "motorway"])
    lyr.dataProvider().addFeatures([f])
    with pytest.raises(QgsProcessingException, match="motorway"):
        _max_time(tmp_path, "m", NETWORK=[lyr], NETWORK_MODE_FIELD="mode")


def test_map_style_friction_raster_gives_grass_rcost(provider, engine, tmp_path):
    """A Malaria Atlas Project-style friction surface (minutes per metre, 0.0005–0.05, float32, nodata -9999 in
    holes and off the land) fed to hinterland:traveltime as FRICTION with NETWORK_USE=replace and no network:
    the travel times equal GRASS r.cost's on the same file from the same start cell (8 neighbours; rtol 1e-6 as
    the other peer tests: both are exact searches over the same cost model, a model difference shows at the
    percent level)."""
    from osgeo import gdal, osr

    from tests import peers

    if not peers.grass_available():
        pytest.skip("GRASS GIS not installed")
    prep = engine.prepare("road", 5000.0)
    grid = prep.grid
    rng = np.random.default_rng(14)
    fric = np.exp(rng.uniform(np.log(0.0005), np.log(0.05), grid.shape)).astype(np.float32)
    fric[rng.random(grid.shape) < 0.08] = -9999.0  # scattered nodata: impassable
    fric[20:24, 10:60] = -9999.0  # and a barrier with a way round it
    fric[~prep.land] = -9999.0
    path = tmp_path / "friction_min_per_m.tif"
    ds = gdal.GetDriverByName("GTiff").Create(str(path), grid.ncols, grid.nrows, 1, gdal.GDT_Float32)
    ds.SetGeoTransform(grid.gdal_geotransform())
    srs = osr.SpatialReference()
    srs.SetFromUserInput(grid.crs)
    ds.SetProjection(srs.ExportToWkt())
    ds.GetRasterBand(1).SetNoDataValue(-9999.0)
    ds.GetRasterBand(1).WriteArray(fric)
    ds = None
    lon, lat = 102.0, 29.5
    out = run("traveltime", {"CENTRES": _points([("A", lon, lat)]), "PROFILE": "road", "RESOLUTION": 5000,
                             "FRICTION": str(path), "FRICTION_UNITS": "min_per_m", "NETWORK_USE": "replace",
                             "OUTPUT_TIME": str(tmp_path / "t.tif")})
    ours = read_geotiff(out["OUTPUT_TIME"]).astype(np.float64)
    src = gdal.Open(str(path))
    raster = src.GetRasterBand(1).ReadAsArray().astype(np.float64)
    raster[raster == src.GetRasterBand(1).GetNoDataValue()] = np.nan
    r, c, inside = grid.cell_of(*np.array(_xy(grid, lon, lat)).reshape(2, 1))
    start = (int(r[0]), int(c[0]))
    assert inside[0] and np.isfinite(raster[start]) and ours[start] == 0.0
    theirs = peers.grass_rcost(raster, grid.res, [start])
    assert ours.shape == theirs.shape and np.isfinite(theirs).sum() > 0.8 * np.isfinite(raster).sum()
    np.testing.assert_allclose(ours, theirs, rtol=1e-6, equal_nan=True)


def _xy(grid, lon, lat):
    from pyproj import Transformer

    return Transformer.from_crs("EPSG:4326", grid.crs, always_xy=True).transform(lon, lat)


def _polygon_layer(wkt, crs="EPSG:4326"):
    lyr = QgsVectorLayer(f"Polygon?crs={crs}", "area", "memory")
    if wkt:
        f = QgsFeature()
        f.setGeometry(QgsGeometry.fromWkt(wkt))
        lyr.dataProvider().addFeatures([f])
    return lyr


def _raster(tmp_path, engine, values, name):
    prep = engine.prepare("road", 10000.0)
    arr = np.full(prep.grid.shape, values, np.float32) if np.isscalar(values) else values(prep)
    return str(write_geotiff(tmp_path / name, arr.astype(np.float32), prep.grid))


@pytest.mark.parametrize("case, message", [
    ("empty study area layer", "no polygon"),
    ("zero-area study area", "empty or not a valid polygon"),
    ("friction <= 0", "values <= 0"),
    ("negative population", "negative"),
    ("unreadable friction file", "cannot be read|not a valid|Could not load"),
])
def test_bad_own_data_is_a_clear_message(provider, engine, tmp_path, case, message):
    params = {"CENTRES": _points([("W", 102.0, 29.5)]), "PROFILE": "road", "RESOLUTION": 10000,
              "THRESHOLDS": "60", "OUTPUT": "memory:"}
    if case == "empty study area layer":
        params["STUDY_AREA"] = _polygon_layer(None)
    elif case == "zero-area study area":
        params["STUDY_AREA"] = _polygon_layer("POLYGON((102 29, 103 29, 104 29, 102 29))")
    elif case == "friction <= 0":
        params["FRICTION"] = _raster(tmp_path, engine, lambda p: np.where(p.land, -0.001, np.nan), "f.tif")
    elif case == "negative population":
        params["POPULATION"] = _raster(tmp_path, engine, -5.0, "p.tif")
    else:
        bad = tmp_path / "broken.tif"
        bad.write_bytes(b"II*\x00 not really a tiff")
        params["FRICTION"] = str(bad)
    with pytest.raises(QgsProcessingException, match=message) as exc:
        run("coverage", params)
    assert "Traceback" not in str(exc.value)


def test_friction_raster_that_does_not_cover_warns_and_leaves_cells_impassable(provider, engine, tmp_path):
    """A friction raster covering the western half only: a warning, and the eastern land is not reached."""
    import processing
    from qgis.core import QgsProcessingFeedback

    prep = engine.prepare("road", 10000.0)
    west = np.full(prep.grid.shape, np.nan, np.float32)
    west[:, : prep.grid.ncols // 2] = 0.001
    path = write_geotiff(tmp_path / "west.tif", west, prep.grid)
    warnings = []

    class Feedback(QgsProcessingFeedback):
        def pushWarning(self, text):  # noqa: N802 - Qt name
            warnings.append(text)

    feedback = Feedback()
    out = processing.run("hinterland:traveltime", {
        "CENTRES": _points([("W", 102.0, 29.5)]), "PROFILE": "road", "RESOLUTION": 10000, "FRICTION": str(path),
        "NETWORK_USE": "replace", "OUTPUT_TIME": str(tmp_path / "t.tif")}, feedback=feedback)
    del feedback  # a Python subclass of a QGIS object collected after QGIS has exited crashes the session
    gc.collect()
    t = read_geotiff(out["OUTPUT_TIME"])
    assert np.isfinite(t[:, : prep.grid.ncols // 2][prep.land[:, : prep.grid.ncols // 2]]).all()
    assert not np.isfinite(t[:, prep.grid.ncols // 2:]).any()
    assert any("does not cover" in w or "未覆盖" in w for w in warnings), warnings


def test_a_study_area_outside_china_with_centres_in_it(provider, tmp_path):
    """Bavaria (an area-centred equal-area grid, no bundled data there): a centre in Munich lands on the grid where
    Munich is (centres come in China Albers and are moved to the grid's CRS), the area is reached, and coverage
    runs too (nobody counted: no census there)."""
    from osgeo import gdal
    from pyproj import Geod, Transformer

    area = _polygon_layer("POLYGON((10 47.5, 13 47.5, 13 50, 10 50, 10 47.5))")
    centre = _points([("Munich", 11.58, 48.14)])
    out = run("traveltime", {"CENTRES": centre, "PROFILE": "road", "RESOLUTION": 5000, "STUDY_AREA": area,
                             "OUTPUT_TIME": str(tmp_path / "t.tif")})
    t = read_geotiff(out["OUTPUT_TIME"])
    assert np.isfinite(t).mean() > 0.9 and np.nanmin(t) == 0.0
    ds = gdal.Open(out["OUTPUT_TIME"])
    x0, dx, _, y1, _, dy = ds.GetGeoTransform()
    r, c = np.unravel_index(np.nanargmin(t), t.shape)
    lon, lat = Transformer.from_crs(ds.GetProjection(), "EPSG:4326", always_xy=True).transform(
        x0 + (c + 0.5) * dx, y1 + (r + 0.5) * dy)
    assert Geod(ellps="WGS84").inv(lon, lat, 11.58, 48.14)[2] < 5000  # the zero is at Munich
    del ds
    res = run("coverage", {"CENTRES": centre, "NAME_FIELD": "name", "PROFILE": "road", "RESOLUTION": 5000,
                           "THRESHOLDS": "60", "STUDY_AREA": area, "OUTPUT": "memory:"})
    row = next(r for r in res["OUTPUT"].getFeatures() if r["centre"] == "ALL")
    assert row["area_km2"] > 0 and row["population"] == 0
    del res, row
    gc.collect()


def test_gateway_hinterlands_take_own_data(provider, tmp_path):
    """gatewayhinterland takes the own study area and network too (the dock's Gateways tab passes them): a fast
    own road makes the far cells nearer their gateway, a study area makes the grid smaller."""
    def run_gw(name, **extra):
        out = run("gatewayhinterland", {"RESOLUTION": 10000, "OUTPUT_ALLOCATION": str(tmp_path / f"{name}_a.tif"),
                                        "OUTPUT_TIME": str(tmp_path / f"{name}_t.tif"), "OUTPUT": "memory:", **extra})
        return read_geotiff(out["OUTPUT_TIME"])

    plain = run_gw("plain")
    road = run_gw("road", NETWORK=[_road("300")], NETWORK_SPEED_FIELD="kmh")
    both = np.isfinite(plain) & np.isfinite(road)
    assert (road[both] <= plain[both] + 1e-3).all() and road[both].min() < plain[both].max()
    assert np.nanmax(road) < np.nanmax(plain)
    small = run_gw("small", STUDY_AREA=_polygon_layer("POLYGON((101 28, 103 28, 103 31, 101 31, 101 28))"))
    assert small.size < plain.size
    gc.collect()
