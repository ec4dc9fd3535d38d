"""traveltime / isochrones / odmatrix / frictionsurface through Processing, on the synthetic area."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsProcessingException, QgsVectorLayer

import hinterland_plugin
from hinterland_plugin.core.engine.model import Engine
from hinterland_plugin.core.engine.outputs import read_geotiff  # noqa: E402
from hinterland_plugin.core.engine.profiles import get_profile
from tests.synthetic import COUNTIES, hsr_board_alight, hsr_ride_min, synthetic_gpkg


@pytest.fixture(scope="module")
def synthetic_engine(tmp_path_factory):
    return Engine(synthetic_gpkg(tmp_path_factory.mktemp("alg") / "t.gpkg"), dem=None)


@pytest.fixture()
def provider(qgis_processing, synthetic_engine, monkeypatch):
    plug = hinterland_plugin.classFactory(None)
    plug.initProcessing()
    plug.provider.set_engine(synthetic_engine)
    yield plug.provider
    plug.unload()


def points(coords, crs="EPSG:4326", names=None, delays=None):
    lyr = QgsVectorLayer(f"Point?crs={crs}&field=name:string&field=delay:double&field=label:string", "pts", "memory")
    feats = []
    for i, (x, y) in enumerate(coords):
        f = QgsFeature(lyr.fields())
        f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(x, y)))
        f.setAttributes([names[i] if names else f"p{i}", delays[i] if delays else 0.0, "x"])
        feats.append(f)
    lyr.dataProvider().addFeatures(feats)
    return lyr


def run(alg, params):
    import processing

    return processing.run(f"hinterland:{alg}", params)


def test_traveltime_rasters(provider, tmp_path):
    centres = points([(101.5, 30.0), (105.0, 31.0)], names=["W", "N"], delays=[0.0, 15.0])
    out = run("traveltime", {"CENTRES": centres, "NAME_FIELD": "name", "DELAY_FIELD": "delay",
                             "PROFILE": "multimodal", "RESOLUTION": 5000,
                             "OUTPUT_TIME": str(tmp_path / "t.tif"), "OUTPUT_ALLOCATION": str(tmp_path / "a.tif"),
                             "OUTPUT_BACKUP": str(tmp_path / "b.tif")})
    from osgeo import gdal

    assert "Albers" in gdal.Open(out["OUTPUT_TIME"]).GetProjection()
    t = read_geotiff(out["OUTPUT_TIME"])
    a = read_geotiff(out["OUTPUT_ALLOCATION"])
    b = read_geotiff(out["OUTPUT_BACKUP"])
    land = np.isfinite(t)
    assert land.sum() > 9000 and set(np.unique(a[land])) == {0, 1}
    assert (b[land] >= t[land]).all()
    assert np.nanmin(t) == 0.0  # at the undelayed centre


def test_isochrones_both_modes(provider):
    centres = points([(102.0, 29.0), (105.5, 31.0)], names=["A", "B"])
    for mode in ("per_centre", "nearest"):
        res = run("isochrones", {"CENTRES": centres, "NAME_FIELD": "name", "PROFILE": "road", "RESOLUTION": 5000,
                                 "THRESHOLDS": "60,120", "MODE": mode, "OUTPUT": "memory:"})
        lyr = res["OUTPUT"]
        rows = {(f["centre"], f["threshold_min"]): f for f in lyr.getFeatures()}
        assert set(rows) == {("A", 60.0), ("A", 120.0), ("B", 60.0), ("B", 120.0)}
        for f in rows.values():
            assert f.geometry().isGeosValid() and f["area_km2"] > 0
        assert rows[("A", 120.0)]["area_km2"] > rows[("A", 60.0)]["area_km2"]


def test_odmatrix(provider):
    o = points([(101.5, 30.0)], names=["W"])
    d = points([(106.5, 30.0), (101.6, 30.0)], names=["E", "near"])
    res = run("odmatrix", {"ORIGINS": o, "ORIGIN_ID_FIELD": "name", "DESTINATIONS": d,
                           "DESTINATION_ID_FIELD": "name", "PROFILE": "multimodal", "RESOLUTION": 5000,
                           "OUTPUT": "memory:"})
    rows = {(f["origin_id"], f["destination_id"]): f["minutes"] for f in res["OUTPUT"].getFeatures()}
    board, alight = hsr_board_alight()
    assert rows[("W", "E")] == pytest.approx(board + hsr_ride_min() + alight, abs=0.05)
    assert rows[("W", "near")] < 20


def test_frictionsurface(provider, tmp_path):
    out = run("frictionsurface", {"PROFILE": "road", "RESOLUTION": 10000, "VALUE": "speed",
                                  "OUTPUT": str(tmp_path / "f.tif")})
    v = read_geotiff(out["OUTPUT"])
    flat = get_profile("road").land_speed_kmh  # the synthetic area has no DEM: flat land everywhere
    assert np.nanmax(v) == pytest.approx(flat) and np.nanmin(v) == pytest.approx(flat)


@pytest.mark.parametrize("params, message", [
    ({"THRESHOLDS": "abc"}, "not a number"),
    ({"THRESHOLDS": "-5"}, "positive"),
    ({"CENTRES_AT": (120.0, 45.0)}, "outside the study area"),
    ({"DELAY": -4.0}, "delay"),
    ({"EMPTY": True}, "no points"),
    ({"PROJECTED": True}, None),
])
def test_bad_input_is_refused_clearly(provider, params, message):
    coords = [params.get("CENTRES_AT", (102.0, 29.0))]
    if params.get("PROJECTED"):
        # the same place given in Web Mercator metres: transformed, not mistaken for degrees
        from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsProject

        xf = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"),
                                    QgsCoordinateReferenceSystem("EPSG:3857"), QgsProject.instance())
        p = xf.transform(QgsPointXY(102.0, 29.0))
        centres = points([(p.x(), p.y())], crs="EPSG:3857")
    else:
        centres = points([] if params.get("EMPTY") else coords, delays=[params.get("DELAY", 0.0)])
    p = {"CENTRES": centres, "DELAY_FIELD": "delay", "PROFILE": "road", "RESOLUTION": 10000,
         "THRESHOLDS": params.get("THRESHOLDS", "60"), "MODE": "nearest", "OUTPUT": "memory:"}
    if message is None:
        assert run("isochrones", p)["OUTPUT"].featureCount() == 1
        return
    with pytest.raises(QgsProcessingException, match=message):
        run("isochrones", p)


def test_coverage_table_and_layers(provider, tmp_path):
    centres = points([(102.0, 29.0), (105.5, 31.0)], names=["A", "B"])
    res = run("coverage", {"CENTRES": centres, "NAME_FIELD": "name", "PROFILE": "road", "RESOLUTION": 10000,
                           "THRESHOLDS": "60,120", "OUTPUT": "memory:", "OUTPUT_LAYERS": str(tmp_path / "layers")})
    rows = {(f["centre"], f["threshold_min"]): f for f in res["OUTPUT"].getFeatures()}
    assert set(rows) == {(c, t) for c in ("A", "B", "ALL", "without:A", "without:B") for t in (60.0, 120.0)}
    for t in (60.0, 120.0):
        a, b, al = rows[("A", t)], rows[("B", t)], rows[("ALL", t)]
        assert max(a["area_km2"], b["area_km2"]) <= al["area_km2"] <= a["area_km2"] + b["area_km2"]
        assert al["area_km2"] + al["uncovered_area_km2"] == pytest.approx(
            al["area_km2"] / al["area_share"] if al["area_share"] else 0, rel=1e-3)
        assert al["backup_area_km2"] == pytest.approx(a["area_km2"] + b["area_km2"] - al["area_km2"], abs=0.5)
    for t in (60.0, 120.0):  # centre failure: the other centre still covers exactly its own area
        assert rows[("without:A", t)]["area_km2"] == rows[("B", t)]["area_km2"]
        assert rows[("without:B", t)]["population"] == rows[("A", t)]["population"]
    for name in ("time.tif", "allocation.tif", "backup.tif", "isochrones.gpkg", "kcoverage_120.tif"):
        assert (tmp_path / "layers" / name).exists()
    k = read_geotiff(tmp_path / "layers" / "kcoverage_120.tif")
    assert set(np.unique(k)) <= {0, 1, 2, 255} and (k == 1).any() and (k == 255).any()  # two centres far apart: no overlap at 120 min


def test_coverage_declares_every_layer_it_writes(provider, tmp_path):
    """The GUI and qgis_process read only declared outputs: time, allocation, backup, isochrones, per-centre
    and k-coverage rasters come back in the results dict; nearest time/backup equal traveltime's solve."""
    centres = points([(102.0, 29.0), (105.5, 31.0)], names=["A", "B"])
    common = {"CENTRES": centres, "NAME_FIELD": "name", "PROFILE": "road", "RESOLUTION": 10000}
    res = run("coverage", {**common, "THRESHOLDS": "60,120", "OUTPUT": "memory:",
                           "OUTPUT_TIME": str(tmp_path / "t.tif"), "OUTPUT_ALLOCATION": str(tmp_path / "a.tif"),
                           "OUTPUT_BACKUP": str(tmp_path / "b.tif"), "OUTPUT_ISOCHRONES": str(tmp_path / "iso.gpkg"),
                           "PER_CENTRE": True})
    assert res["OUTPUT_TIME"] == str(tmp_path / "t.tif") and res["OUTPUT_BACKUP"] == str(tmp_path / "b.tif")
    assert len(res["OUTPUT_CENTRE_TIMES"]) == 2 and len(res["OUTPUT_KCOVERAGE"]) == 2
    assert all(Path(p).exists() for p in res["OUTPUT_CENTRE_TIMES"] + res["OUTPUT_KCOVERAGE"])
    iso = QgsVectorLayer(res["OUTPUT_ISOCHRONES"], "iso", "ogr")
    assert iso.isValid() and iso.featureCount() > 0
    assert set(iso.uniqueValues(iso.fields().lookupField("centre"))) == {"A", "B"}
    run("traveltime", {**common, "OUTPUT_TIME": str(tmp_path / "tt.tif"), "OUTPUT_BACKUP": str(tmp_path / "tb.tif"),
                            "OUTPUT_ALLOCATION": str(tmp_path / "ta.tif")})
    for mine, theirs in (("t.tif", "tt.tif"), ("b.tif", "tb.tif")):
        a, b = read_geotiff(tmp_path / mine), read_geotiff(tmp_path / theirs)
        assert np.array_equal(np.isnan(a), np.isnan(b))
        np.testing.assert_allclose(a[~np.isnan(a)], b[~np.isnan(b)], rtol=1e-6)
    assert np.array_equal(read_geotiff(tmp_path / "a.tif"), read_geotiff(tmp_path / "ta.tif"))
    assert not list(tmp_path.glob("time.tif")), "no file that was not asked for"


def test_outputs_never_overwrite_inputs_or_bundled_data(provider, tmp_path):
    from hinterland_plugin.core.resources import data_path

    centres_file = tmp_path / "centres.geojson"
    centres_file.write_text('{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"A"},'
                            '"geometry":{"type":"Point","coordinates":[102.0,29.0]}}]}', encoding="utf-8")
    before = centres_file.read_bytes()
    for target in (str(centres_file), str(data_path()), str(data_path().parent / "new.tif")):
        with pytest.raises(QgsProcessingException, match="overwrite|覆盖"):
            run("traveltime", {"CENTRES": str(centres_file), "RESOLUTION": 20000, "OUTPUT_TIME": target})
    assert centres_file.read_bytes() == before


def test_coverage_counts_census_people_and_answers_by_unit(provider, tmp_path):
    """People are the census counties' residents on the grid: the ALL row within a week covers everybody the
    centres reach; the table by province/prefecture adds up; the choropleth has the prefecture."""
    centres = points([(102.0, 29.0), (105.5, 31.0)], names=["A", "B"])
    res = run("coverage", {"CENTRES": centres, "NAME_FIELD": "name", "PROFILE": "road", "RESOLUTION": 10000,
                           "THRESHOLDS": "60,10080", "OUTPUT": "memory:", "OUTPUT_ADMIN": "memory:",
                           "OUTPUT_PREFECTURES": str(tmp_path / "pref.gpkg")})
    rows = {(f["centre"], f["threshold_min"]): f for f in res["OUTPUT"].getFeatures()}
    everybody = sum(c[3] for c in COUNTIES)
    assert rows[("ALL", 10080.0)]["population"] == pytest.approx(everybody, rel=1e-6)
    assert rows[("ALL", 10080.0)]["population_share"] == pytest.approx(1.0, abs=1e-4)
    assert 0 < rows[("ALL", 60.0)]["population"] < everybody
    admin = {(f["level"], f["code"]): f for f in res["OUTPUT_ADMIN"].getFeatures()}
    assert set(admin) == {("province", "510000"), ("prefecture", "510100")}
    prov = admin[("province", "510000")]
    assert prov["population"] == pytest.approx(everybody, rel=1e-6) and prov["name"] == "Testprovince"
    assert prov["within_60"] == pytest.approx(rows[("ALL", 60.0)]["population"], rel=1e-6)
    assert 0 < prov["mean_time_min"] < 10080 and prov["nearest_centre"] in ("A", "B")
    pref = QgsVectorLayer(res["OUTPUT_PREFECTURES"], "pref", "ogr")
    assert pref.featureCount() == 1 and next(pref.getFeatures())["mean_time_min"] == pytest.approx(
        admin[("prefecture", "510100")]["mean_time_min"])


def test_population_surface_keeps_the_census_totals(provider, tmp_path):
    out = run("population", {"RESOLUTION": 10000, "OUTPUT": str(tmp_path / "pop.tif")})
    arr = read_geotiff(out["OUTPUT"])
    assert np.nansum(arr, dtype=np.float64) == pytest.approx(sum(c[3] for c in COUNTIES), rel=1e-6)
    urban = read_geotiff(run("population", {"RESOLUTION": 10000, "VALUE": "urban",
                                            "OUTPUT": str(tmp_path / "u.tif")})["OUTPUT"])
    assert np.nansum(urban, dtype=np.float64) == pytest.approx(sum(c[4] for c in COUNTIES), rel=1e-6)


def test_rerun_to_the_same_output_replaces_it(provider, tmp_path):
    centres = points([(102.0, 29.0)], names=["A"])
    params = {"CENTRES": centres, "RESOLUTION": 20000, "OUTPUT_TIME": str(tmp_path / "t.tif")}
    run("traveltime", params)
    first = (tmp_path / "t.tif").stat().st_mtime_ns
    run("traveltime", params)
    assert (tmp_path / "t.tif").stat().st_mtime_ns >= first


def test_knight_parameter_gives_the_16_neighbour_solve(provider, synthetic_engine, tmp_path):
    """KNIGHT=true (advanced) solves with r.cost -k's 16 neighbours: the raster equals the core's knight solve
    on the same grid and is nowhere slower than the 8-neighbour one, and shorter on most cells."""
    from hinterland_plugin.core.engine.model import Centre

    centres = points([(101.5, 30.0)], names=["W"])
    outs = {k: run("traveltime", {"CENTRES": centres, "NAME_FIELD": "name", "PROFILE": "road", "RESOLUTION": 5000,
                                  "KNIGHT": k, "OUTPUT_TIME": str(tmp_path / f"t{k}.tif")}) for k in (False, True)}
    eight, sixteen = (read_geotiff(outs[k]["OUTPUT_TIME"]) for k in (False, True))
    prep = synthetic_engine.prepare("road", 5000.0, knight=True)
    assert prep.knight and not synthetic_engine.prepare("road", 5000.0).knight
    from pyproj import Transformer

    x, y = Transformer.from_crs("EPSG:4326", prep.grid.crs, always_xy=True).transform(101.5, 30.0)
    core = synthetic_engine.solve(prep, [Centre("W", x, y)], backup=False).time
    np.testing.assert_allclose(sixteen, core, rtol=1e-6, equal_nan=True)
    fin = np.isfinite(eight)
    assert (sixteen[fin] <= eight[fin] * (1 + 1e-6)).all()
    assert (sixteen[fin] < eight[fin] * (1 - 1e-3)).mean() > 0.5
