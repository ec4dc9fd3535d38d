"""hinterland:corridordisruption and hinterland:criticality through Processing on the bundled network."""
from __future__ import annotations

import numpy as np
import pytest
from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsProcessingException, QgsVectorLayer

from hinterland_plugin.core.engine.outputs import read_geotiff
from tests.qgis.conftest import point_layer


@pytest.fixture()
def provider(real_provider):
    return real_provider


def centres():
    return point_layer((("Chengdu", 104.07, 30.67), ("Wuhan", 114.30, 30.59)))


def test_criticality_then_disruption_of_the_top_segment(provider, tmp_path):
    import processing

    crit = processing.run("hinterland:criticality", {"CENTRES": centres(), "NAME_FIELD": "name",
                                                     "PROFILE": "multimodal", "RESOLUTION": 40000,
                                                     "THRESHOLD": 240, "OUTPUT": "memory:"})["OUTPUT"]
    feats = sorted(crit.getFeatures(), key=lambda f: f["rank"])
    assert len(feats) > 100 and feats[0]["pop_minutes"] > 0
    assert all(a["pop_minutes"] >= b["pop_minutes"] for a, b in zip(feats, feats[1:]))
    top = feats[0]["segment_id"]
    out = processing.run("hinterland:corridordisruption", {
        "CENTRES": centres(), "NAME_FIELD": "name", "PROFILE": "multimodal", "RESOLUTION": 40000,
        "THRESHOLDS": "120,240", "DISRUPTED": top, "OUTPUT_DELTA": str(tmp_path / "d.tif"), "OUTPUT": "memory:"})
    rows = list(out["OUTPUT"].getFeatures())
    assert len(rows) == 2
    assert rows[1]["pop_minutes_added"] == pytest.approx(feats[0]["pop_minutes"], rel=1e-6)
    delta = read_geotiff(out["OUTPUT_DELTA"])
    assert (delta[np.isfinite(delta)] >= -1e-3).all() and np.nanmax(delta) > 0


def test_hazard_polygon_and_bad_ids(provider, tmp_path):
    import processing

    hz = QgsVectorLayer("Polygon?crs=EPSG:4326", "hazard", "memory")
    f = QgsFeature()
    f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(114.3, 30.59)).buffer(0.5, 8))
    hz.dataProvider().addFeatures([f])
    out = processing.run("hinterland:corridordisruption", {
        "CENTRES": centres(), "PROFILE": "multimodal", "RESOLUTION": 40000, "THRESHOLDS": "240",
        "HAZARD": hz, "OUTPUT_DELTA": str(tmp_path / "h.tif"), "OUTPUT": "memory:"})
    row = next(out["OUTPUT"].getFeatures())
    assert "hsr_v4_jingha_jinggangao" in row["segments"]
    with pytest.raises(QgsProcessingException, match="nope:01"):
        processing.run("hinterland:corridordisruption", {
            "CENTRES": centres(), "RESOLUTION": 40000, "DISRUPTED": "nope:01",
            "OUTPUT_DELTA": str(tmp_path / "x.tif"), "OUTPUT": "memory:"})
    with pytest.raises(QgsProcessingException, match="DISRUPTED"):
        processing.run("hinterland:corridordisruption", {
            "CENTRES": centres(), "RESOLUTION": 40000, "OUTPUT_DELTA": str(tmp_path / "y.tif"), "OUTPUT": "memory:"})


def test_backup_siting_with_bundled_candidates(provider):
    import processing

    out = processing.run("hinterland:backupsiting", {
        "CENTRES": centres(), "NAME_FIELD": "name", "K": 2, "THRESHOLD": 180, "OBJECTIVE": "coverage",
        "PROFILE": "multimodal", "RESOLUTION": 40000, "OUTPUT": "memory:"})["OUTPUT"]
    rows = sorted(out.getFeatures(), key=lambda f: f["rank"])
    assert [f["rank"] for f in rows] == [1, 2]
    assert rows[0]["value_after"] >= rows[0]["value_before"]
    assert rows[0]["method"] == "exhaustive"
    with pytest.raises(QgsProcessingException, match="larger than the number of candidates"):
        processing.run("hinterland:backupsiting", {"CENTRES": centres(), "CANDIDATES": centres(), "K": 5,
                                                   "RESOLUTION": 40000, "OUTPUT": "memory:"})


def test_early_warning_baseline_and_disrupted(provider):
    import processing

    crit = processing.run("hinterland:criticality", {"CENTRES": centres(), "NAME_FIELD": "name",
                                                     "RESOLUTION": 40000, "THRESHOLD": 180, "OUTPUT": "memory:"})
    top = min(crit["OUTPUT"].getFeatures(), key=lambda f: f["rank"])["segment_id"]
    out = processing.run("hinterland:earlywarning", {"CENTRES": centres(), "NAME_FIELD": "name",
                                                     "RESOLUTION": 40000, "DISRUPTED": top, "OUTPUT": "memory:"})
    rows = {(f["scenario"], f["id"]): f for f in out["OUTPUT"].getFeatures()}
    assert {s for s, _ in rows} == {"baseline", "disrupted"}
    assert all(f["status"] in ("green", "amber", "red") for f in rows.values())
    assert rows[("disrupted", "pop3h")]["value"] <= rows[("baseline", "pop3h")]["value"]
