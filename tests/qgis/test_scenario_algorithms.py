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
    for r in rows:  # a disruption only removes coverage, so after = before - lost
        assert r["population_after"] == pytest.approx(r["population_before"] - r["population_lost"])
        assert r["area_after_km2"] == pytest.approx(r["area_before_km2"] - r["area_lost_km2"], abs=0.2)
        assert r["population_before"] > 0 and r["segments"] == top and r["centres_cut_off"] == ""
        assert r["cut_off_n"] == (len(r["cut_off"].split("; ")) if r["cut_off"] else 0)
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
    chosen = {f["name"] for f in rows}
    assert not chosen & {f["name"] for f in centres().getFeatures()}, "an existing centre is never 'added'"
    with pytest.raises(QgsProcessingException, match="larger than the number of usable candidates"):
        processing.run("hinterland:backupsiting", {"CENTRES": centres(), "CANDIDATES": centres(), "K": 5,
                                                   "RESOLUTION": 40000, "OUTPUT": "memory:"})


def test_backup_siting_names_user_candidates_and_skips_existing_centres(provider):
    """User candidates are named by their name field (not the feature id); one identical to a centre is skipped."""
    import processing

    cands = point_layer((("Lanzhou", 103.83, 36.06), ("Kunming", 102.71, 25.04), ("Wuhan again", 114.30, 30.59)))
    out = processing.run("hinterland:backupsiting", {
        "CENTRES": centres(), "NAME_FIELD": "name", "CANDIDATES": cands, "K": 2, "THRESHOLD": 180,
        "RESOLUTION": 40000, "OUTPUT": "memory:"})["OUTPUT"]
    assert {f["name"] for f in out.getFeatures()} == {"Lanzhou", "Kunming"}


def test_early_warning_baseline_and_disrupted(provider, tmp_path):
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
    # two named scenarios at once; the second is the first plus another segment, so it cannot be better
    second = sorted(crit["OUTPUT"].getFeatures(), key=lambda f: f["rank"])[1]["segment_id"]
    out = processing.run("hinterland:earlywarning", {
        "CENTRES": centres(), "NAME_FIELD": "name", "RESOLUTION": 40000,
        "DISRUPTED": f"{top}; {top},{second}", "SCENARIO_NAMES": "A;A+B", "OUTPUT": "memory:"})
    rows = {(f["scenario"], f["id"]): f for f in out["OUTPUT"].getFeatures()}
    assert {s for s, _ in rows} == {"baseline", "A", "A+B"}
    assert rows[("A+B", "pop3h")]["value"] <= rows[("A", "pop3h")]["value"]
    assert rows[("A", "pop3h")]["amber"] == 0.8 and rows[("A", "pop3h")]["direction"] == "low_is_bad"
    with pytest.raises(QgsProcessingException, match="(?i)indicator"):
        bad = tmp_path / "bad.json"
        bad.write_text('{"indicators": [{"id": "x", "metric": "teleport"}]}', encoding="utf-8")
        processing.run("hinterland:earlywarning", {"CENTRES": centres(), "RESOLUTION": 40000,
                                                   "INDICATORS": str(bad), "OUTPUT": "memory:"})


def test_disruption_that_cuts_off_a_centre_is_reported(qgis_processing, tmp_path, monkeypatch):
    """Synthetic island served by one segment (t:03): the table names the centre, the log warns, no crash."""
    import processing

    import hinterland_plugin
    from hinterland_plugin.core.engine.model import Engine
    from tests.synthetic import synthetic_gpkg

    plug = hinterland_plugin.classFactory(None)
    plug.initProcessing()
    plug.provider.set_engine(Engine(synthetic_gpkg(tmp_path / "i.gpkg", island=True), None))
    try:
        from qgis.core import QgsProcessingFeedback

        class Log(QgsProcessingFeedback):
            warnings: list = []

            def pushWarning(self, text):  # noqa: N802
                self.warnings.append(text)
                super().pushWarning(text)

        log = Log()
        out = processing.run("hinterland:corridordisruption", {
            "CENTRES": point_layer((("Island", 108.2, 30.0), ("Mainland", 102.0, 29.0))), "NAME_FIELD": "name",
            "RESOLUTION": 10000, "THRESHOLDS": "600", "DISRUPTED": "t:03", "SCENARIO": "bridge down",
            "OUTPUT_DELTA": str(tmp_path / "d.tif"), "OUTPUT": "memory:"}, feedback=log)
        row = next(out["OUTPUT"].getFeatures())
        assert row["centres_cut_off"] == "Island" and row["scenario"] == "bridge down"
        assert any("Island" in w and "cut off" in w for w in log.warnings)
    finally:
        plug.unload()


def test_criticality_and_delta_styles(qgis_app, tmp_path):
    from qgis.core import QgsFeature, QgsRasterLayer, QgsVectorLayer

    from hinterland_plugin.core.engine.outputs import write_geotiff
    from hinterland_plugin.styling import delta_renderer, style_criticality

    lyr = QgsVectorLayer("LineString?crs=EPSG:4326&field=pop_minutes:double", "crit", "memory")
    values = [0.0] * 20 + [float(v) for v in range(1, 101)] + [1e9]
    feats = []
    for v in values:
        f = QgsFeature(lyr.fields())
        f.setAttributes([v])
        feats.append(f)
    lyr.dataProvider().addFeatures(feats)
    style_criticality(lyr)
    ranges = lyr.renderer().ranges()
    assert ranges[0].upperValue() == 0 and len(ranges) == 6
    top = ranges[-1]
    assert top.lowerValue() < 1e9 <= top.upperValue() and top.lowerValue() >= 97  # the 3 % most critical
    assert top.symbol().width() > ranges[1].symbol().width()
    # delta raster: 0 transparent, 1e6 "cut off" in black
    import numpy as np

    from hinterland_plugin.core.engine.grid import Grid

    grid = Grid(0, 0, 1000, 2, 2)
    write_geotiff(tmp_path / "d.tif", np.array([[0, 20], [300, 1e6]], np.float32), grid)
    r = QgsRasterLayer(str(tmp_path / "d.tif"), "d")
    ren = delta_renderer(r)
    shader = ren.shader()
    colours = []
    for v in (0.0, 20.0, 300.0, 1e6):
        ok, red, green, blue, alpha = shader.shade(v)
        colours.append((red, green, blue, alpha))
    assert colours[3][:3] == (0, 0, 0) and colours[1] != colours[2]
    transparency = ren.rasterTransparency()  # 'no change' is transparent through the renderer, not a legend class
    assert transparency.alphaValue(0.0, 255) == 0 and transparency.alphaValue(20.0, 255) == 255


def test_cancel_mid_n1(provider):
    """A user cancelling the N-1 run part-way gets 'Cancelled.', not a partial layer."""
    import processing
    from qgis.core import QgsProcessingFeedback

    class CancelAt(QgsProcessingFeedback):
        def __init__(self):
            super().__init__()
            self.progressChanged.connect(lambda p: p >= 20 and self.cancel())

    fb = CancelAt()
    with pytest.raises(QgsProcessingException, match="Cancelled|取消"):
        processing.run("hinterland:criticality", {"CENTRES": centres(), "RESOLUTION": 40000, "THRESHOLD": 240,
                                                  "OUTPUT": "memory:"}, feedback=fb)
    assert 20 <= fb.progress() < 100


def test_criticality_of_one_mode_only(provider):
    """N-1 can rank a chosen mode (here: rail and HSR only) as well as all segments."""
    import processing

    out = processing.run("hinterland:criticality", {
        "CENTRES": centres(), "NAME_FIELD": "name", "PROFILE": "multimodal", "RESOLUTION": 40000, "THRESHOLD": 180,
        "MODES": "rail,hsr", "OUTPUT": "memory:"})["OUTPUT"]
    modes = {f["mode"] for f in out.getFeatures()}
    assert modes and modes <= {"rail", "hsr"}
    with pytest.raises(QgsProcessingException, match="matches"):
        processing.run("hinterland:criticality", {"CENTRES": centres(), "RESOLUTION": 40000, "MODES": "teleport",
                                                  "OUTPUT": "memory:"})
