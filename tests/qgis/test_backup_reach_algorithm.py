"""hinterland:backupreach through Processing on the bundled data (coarse grid): one styled line per pair, times
consistent with hinterland:odmatrix, the critical segment's loss consistent with hinterland:corridordisruption's
machinery, the INDUSTRY filter and a named scenario."""
from __future__ import annotations

import os
import shutil
import sysconfig

import pytest
from qgis.core import QgsGraduatedSymbolRenderer, QgsProcessingException, QgsVectorLayer

from hinterland_plugin.core.engine.backup_reach import COLUMNS
from hinterland_plugin.processing_provider.algorithms.backup_reach import style_backup_reach
from tests.qgis.conftest import point_layer

RES = 40000


@pytest.fixture()
def provider(real_provider):
    return real_provider


def _run(**extra):
    import processing

    params = {"RESOLUTION": RES, "OUTPUT": "memory:"}
    params.update(extra)
    return processing.run("hinterland:backupreach", params)


def test_backup_reach_semiconductors(provider, real_engine):
    import processing

    out = _run(INDUSTRY=["semiconductors"], MARKET_MINUTES=240)
    lyr = out["OUTPUT"]
    feats = {f["pair_id"]: f for f in lyr.getFeatures()}
    expected = {a["pair_id"] for a, _g in real_engine.read("key_industries") if a["category"] == "semiconductors"}
    assert set(feats) == expected and len(expected) >= 3
    assert lyr.fields().names() == [c for c, _k in COLUMNS]
    for f in feats.values():
        assert f["industry"] == "semiconductors" and f["source"] and f["confidence"]
        assert f["time_min"] > 0 and f["market_population"] > 1e6
        assert f["backup_market_min"] > f["primary_market_min"]  # the backup is farther from the primary's market
        assert 0 <= f["backup_market_share"] <= 1
        assert f["route_segments_n"] >= 1 and f["critical_segment"]
        assert f["critical_added_min"] > 0 and f["critical_market_min"] >= f["backup_market_min"] - 0.05
    # consistency with hinterland:odmatrix (same profile, resolution and city points)
    rows = {a["pair_id"]: g for a, g in real_engine.read("key_industries")}
    origins = point_layer([(p, rows[p].coords[0][0], rows[p].coords[0][1]) for p in sorted(feats)])
    dests = point_layer([(p, rows[p].coords[-1][0], rows[p].coords[-1][1]) for p in sorted(feats)])
    od = processing.run("hinterland:odmatrix", {"ORIGINS": origins, "ORIGIN_ID_FIELD": "name", "DESTINATIONS": dests,
                                                "DESTINATION_ID_FIELD": "name", "PROFILE": "freight",
                                                "RESOLUTION": RES, "OUTPUT": "memory:"})["OUTPUT"]
    minutes = {(f["origin_id"], f["destination_id"]): f["minutes"] for f in od.getFeatures()}
    for pid, f in feats.items():
        assert f["time_min"] == pytest.approx(minutes[(pid, pid)], abs=0.06)
    # a named scenario: the critical segment of the first pair cut
    first = sorted(feats)[0]
    seg = feats[first]["critical_segment"]
    scen = {f["pair_id"]: f for f in _run(INDUSTRY=["semiconductors"], DISRUPTED=seg)["OUTPUT"].getFeatures()}
    assert scen[first]["scenario_added_min"] == pytest.approx(feats[first]["critical_added_min"], abs=0.11)
    assert all(s["scenario_added_min"] is None or s["scenario_added_min"] >= -1e-6 for s in scen.values())
    style_backup_reach(lyr)
    assert isinstance(lyr.renderer(), QgsGraduatedSymbolRenderer) and len(lyr.renderer().ranges()) == 6


def test_freight_is_the_default_and_slower_than_road(provider):
    fr = {f["pair_id"]: f["time_min"] for f in _run(INDUSTRY=["food"])["OUTPUT"].getFeatures()}
    road = {f["pair_id"]: f["time_min"] for f in _run(INDUSTRY=["food"], PROFILE="road")["OUTPUT"].getFeatures()}
    assert fr.keys() == road.keys() and fr
    assert all(fr[k] > road[k] for k in fr)  # trucks are slower than cars


def test_refusals(provider):
    with pytest.raises(QgsProcessingException, match="nope:01"):
        _run(INDUSTRY=["food"], DISRUPTED="nope:01")
    poly = QgsVectorLayer("Polygon?crs=EPSG:4326", "far", "memory")
    from qgis.core import QgsFeature, QgsGeometry

    f = QgsFeature()
    f.setGeometry(QgsGeometry.fromWkt("POLYGON((0 0, 1 0, 1 1, 0 1, 0 0))"))
    poly.dataProvider().addFeatures([f])
    with pytest.raises(QgsProcessingException):
        _run(INDUSTRY=["food"], HAZARD=poly)


@pytest.mark.skipif(shutil.which("qgis_process") is None, reason="qgis_process not installed")
def test_backupreach_headless(tmp_path_factory):
    """`qgis_process run hinterland:backupreach` with the installed plugin: a styled GeoPackage of the pairs."""
    from tests.qgis.test_qgis_process import package, qgis_process

    cfg = tmp_path_factory.mktemp("qgis_config_br")
    package.install(cfg / "profiles" / "default")
    env = dict(os.environ, QGIS_CUSTOM_CONFIG_PATH=str(cfg), QT_QPA_PLATFORM="offscreen",
               PYTHONPATH=sysconfig.get_paths()["purelib"], PROJ_DATA=os.environ.get("PROJ_DATA", "/usr/share/proj"))
    dest = tmp_path_factory.mktemp("br_out") / "pairs.gpkg"
    res = qgis_process(env, "run", "hinterland:backupreach", "--", "INDUSTRY=textiles", "RESOLUTION=50000",
                       "MARKET_MINUTES=180", f"OUTPUT={dest}")
    assert res.returncode == 0, res.stderr[-3000:]
    lyr = QgsVectorLayer(str(dest), "pairs", "ogr")
    feats = list(lyr.getFeatures())
    assert len(feats) >= 8 and all(f["industry"] == "textiles" and f["market_min"] == 180 for f in feats)
    assert all(f["time_min"] > 0 and f["confidence"] for f in feats)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_field_reads_as_words(provider, lang):
    from hinterland_plugin.core.field_labels import field_label, value_labels

    lyr = _run(INDUSTRY=["nev"])["OUTPUT"]
    style_backup_reach(lyr)
    for name in lyr.fields().names():
        label = field_label(name, lang, "backup_reach")
        assert label and label != name, name
        if lang == "zh":
            assert any("\u4e00" <= ch <= "\u9fff" for ch in label), (name, label)
    for field in ("industry", "relation", "confidence"):
        codes = value_labels(field, lang, "backup_reach")
        assert {str(f[field]) for f in lyr.getFeatures()} <= set(codes), field


def _line_layer():
    from qgis.core import QgsFeature, QgsGeometry

    lyr = QgsVectorLayer("LineString?crs=EPSG:4326", "line", "memory")
    f = QgsFeature()
    f.setGeometry(QgsGeometry.fromWkt("LINESTRING(104 30, 114 30)"))
    lyr.dataProvider().addFeatures([f])
    return lyr


@pytest.mark.parametrize("params, message", [
    ({"INDUSTRY": ["chips"]}, ""),  # not one of the industries
    ({"RESOLUTION": 50}, ""),  # finer than the engine supports
    ({"RESOLUTION": 1e6}, ""),
    ({"MARKET_MINUTES": 0}, ""),
    ({"MARKET_MINUTES": 1e6}, ""),
    ({"DISRUPTED": "g42:07, nope:99"}, "nope:99"),
    ({"PROFILE": "bicycle"}, ""),
    ({"HAZARD": "line"}, "polygon"),
    ({"OUTPUT": "bundled"}, ""),  # never over the plugin's own data
    ({"OUTPUT": "/proc/hinterland_no_such_dir/out.gpkg"}, ""),
], ids=["industry", "res_fine", "res_coarse", "market_zero", "market_long", "segment", "profile", "hazard_line",
        "out_bundled", "out_uncreatable"])
def test_bad_input_is_refused_clearly(provider, params, message):
    from hinterland_plugin.core.resources import data_path

    params = dict(params)
    if params.get("HAZARD") == "line":
        params["HAZARD"] = _line_layer()
    if params.get("OUTPUT") == "bundled":
        params["OUTPUT"] = str(data_path())
    before = data_path().stat().st_mtime_ns
    with pytest.raises(QgsProcessingException, match=message) as err:
        _run(INDUSTRY=params.pop("INDUSTRY", ["food"]), **params)
    assert "Traceback" not in str(err.value)
    assert data_path().stat().st_mtime_ns == before
