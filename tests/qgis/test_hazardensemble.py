"""hinterland:hazardensemble through Processing (bundled network, coarse 40 km grid); SCHEDULER on criticality."""
from __future__ import annotations

import pytest
from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsProcessingException, QgsVectorLayer

from tests.qgis.conftest import point_layer


@pytest.fixture()
def provider(real_provider):
    return real_provider


def centres():
    return point_layer((("Chengdu", 104.07, 30.67), ("Wuhan", 114.30, 30.59)))


def hazards(crs="EPSG:4326", circles=((114.3, 30.59, 0.5), (104.07, 30.67, 0.4), (88.0, 45.0, 0.1))):
    """Circles (lon, lat, radius in degrees) as a polygon layer with a 'zone' name; in EPSG:3857 when asked."""
    lyr = QgsVectorLayer(f"Polygon?crs={crs}&field=zone:string", "hazards", "memory")
    feats = []
    for k, (x, y, r) in enumerate(circles):
        f = QgsFeature(lyr.fields())
        g = QgsGeometry.fromPointXY(QgsPointXY(x, y)).buffer(r, 16)
        if crs != "EPSG:4326":
            from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsProject

            g.transform(QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"),
                                               QgsCoordinateReferenceSystem(crs), QgsProject.instance()))
        f.setGeometry(g)
        f.setAttributes([f"zone {k + 1}"])
        feats.append(f)
    lyr.dataProvider().addFeatures(feats)
    return lyr


def run(lyr, **extra):
    import processing

    return processing.run("hinterland:hazardensemble", {
        "CENTRES": centres(), "NAME_FIELD": "name", "PROFILE": "multimodal", "RESOLUTION": 40000, "THRESHOLD": 240,
        "HAZARDS": lyr, "HAZARD_NAME_FIELD": "zone", "OUTPUT": "memory:", "OUTPUT_SEGMENTS": "memory:", **extra})


def test_one_row_per_feature_and_segment_statistics(provider):
    out = run(hazards())
    rows = sorted(out["OUTPUT"].getFeatures(), key=lambda f: f["feature_id"])
    assert [r["hazard"] for r in rows] == ["zone 1", "zone 2", "zone 3"]
    wuhan, chengdu, desert = rows
    assert "hsr_v4_jingha_jinggangao" in wuhan["segments"] and wuhan["pop_minutes_added"] > 0
    assert desert["segments_n"] == 0 and desert["pop_minutes_added"] == 0
    for r in rows:
        assert r["population_after"] == pytest.approx(r["population_before"] - r["population_lost"])
    segs = list(out["OUTPUT_SEGMENTS"].getFeatures())
    cut = {s.strip() for r in rows for s in (r["segments"] or "").split(",") if s.strip()}
    assert {s["segment_id"] for s in segs} == cut
    for s in segs:
        assert s["hazards_n"] >= 1 and s["pop_minutes_max"] >= s["pop_minutes_mean"] - 1e-6
        assert s["worst_hazard"] in ("zone 1", "zone 2") and not s.geometry().isEmpty()
    # the same hazards in another CRS give the same table
    again = sorted(run(hazards("EPSG:3857"))["OUTPUT"].getFeatures(), key=lambda f: f["feature_id"])
    assert [r["segments"] for r in again] == [r["segments"] for r in rows]


def test_empty_hazard_layer_is_a_clear_message(provider):
    with pytest.raises(QgsProcessingException, match="no polygon features"):
        run(hazards(circles=()))


def test_bad_scheduler_is_a_clear_message(provider):
    with pytest.raises(QgsProcessingException, match="unknown scheduler 'nowhere'"):
        run(hazards(), SCHEDULER="nowhere")
    import processing

    with pytest.raises(QgsProcessingException, match="local:N needs a number of workers"):
        processing.run("hinterland:criticality", {
            "CENTRES": centres(), "RESOLUTION": 40000, "SCHEDULER": "local:0", "OUTPUT": "memory:"})


def test_scheduler_parameters_are_advanced_and_optional(provider):
    from qgis.core import Qgis, QgsApplication

    for alg_id in ("hazardensemble", "criticality", "earlywarning"):
        alg = QgsApplication.processingRegistry().algorithmById(f"hinterland:{alg_id}")
        p = alg.parameterDefinition("SCHEDULER")
        assert p is not None, alg_id
        assert p.flags() & Qgis.ProcessingParameterFlag.Advanced and p.flags() & Qgis.ProcessingParameterFlag.Optional


def test_hazard_ensemble_on_a_local_cluster_equals_in_process(provider):
    pytest.importorskip("distributed")
    here = sorted(run(hazards())["OUTPUT"].getFeatures(), key=lambda f: f["feature_id"])
    there = sorted(run(hazards(), SCHEDULER="local:2")["OUTPUT"].getFeatures(), key=lambda f: f["feature_id"])
    assert [f.attributes() for f in here] == [f.attributes() for f in there]


def test_criticality_and_early_warning_on_a_local_cluster_equal_in_process(provider):
    pytest.importorskip("distributed")
    import processing

    def crit(sched):
        out = processing.run("hinterland:criticality", {
            "CENTRES": centres(), "RESOLUTION": 40000, "THRESHOLD": 240, "MODES": "hsr", "SCHEDULER": sched,
            "OUTPUT": "memory:"})["OUTPUT"]
        return [(f["rank"], f["segment_id"], f["pop_minutes"], f["solved"]) for f in out.getFeatures()]

    def warn(sched):
        out = processing.run("hinterland:earlywarning", {
            "CENTRES": centres(), "RESOLUTION": 40000, "SCHEDULER": sched, "OUTPUT": "memory:"})["OUTPUT"]
        return [f.attributes() for f in out.getFeatures()]

    here = crit("")
    assert len(here) > 20 and here == crit("local:2")
    rows = warn("")
    assert any(r[4] == "segment_loss_points" for r in rows) and rows == warn("local:2")
