"""The dock's Scenarios tab driven like a user would (offscreen, qtbot) on the synthetic island study area:
pick segments from the list and on the map, hazard polygon, run, before/after, comparison, N-1 layer,
early-warning colours, project round trip, bad input and cancel."""
from __future__ import annotations

import json

import pytest
from qgis.core import QgsPointXY
from qgis.PyQt.QtCore import Qt

import hinterland_plugin
from hinterland_plugin import engine_service
from hinterland_plugin.core.engine.model import Engine
from hinterland_plugin.dock import CentreRow, HinterlandDock
from hinterland_plugin.scenario_panel import SCENARIO_GROUP, WGS84
from tests.synthetic import synthetic_gpkg


@pytest.fixture(scope="module")
def island_engine(tmp_path_factory):
    return Engine(synthetic_gpkg(tmp_path_factory.mktemp("scn") / "island.gpkg", island=True), dem=None)


@pytest.fixture()
def panel(qgis_iface, qgis_processing, island_engine, monkeypatch, qtbot, project):
    monkeypatch.setattr(engine_service, "_ENGINE", island_engine)
    plug = hinterland_plugin.classFactory(None)
    plug.initProcessing()
    d = HinterlandDock(qgis_iface)
    qtbot.addWidget(d)
    d.resolution.setValue(10000)
    d.profile.setCurrentText("multimodal")
    d.thresholds.setText("120,600")
    d.add_centre(CentreRow("Island", 108.2, 30.0))
    d.add_centre(CentreRow("Mainland", 102.0, 29.0))
    d.tabs.setCurrentWidget(d.scenario_panel)
    yield d.scenario_panel
    d.cancel()
    d.close_tools()
    plug.unload()


def _run(panel, qtbot, name, ids=None, hazard=None):
    panel.name_edit.setText(name)
    if ids is not None:
        panel.set_selected_ids(ids)
    panel.hazard_combo.setLayer(hazard)
    with qtbot.waitSignal(panel.scenarioReady, timeout=120000) as blocker:
        assert panel.run_scenario()
    return blocker.args[1]


def test_segment_list_and_map_pick(panel):
    ids = [it.data(0, Qt.ItemDataRole.UserRole) for it in panel._segment_items()]
    assert sorted(ids) == ["t:01", "t:03"]  # the planned t:02 cannot fail and is not offered
    panel.seg_search.setText("t:03")
    assert [it.isHidden() for it in panel._segment_items()] == [True, False] or \
        sorted((it.data(0, Qt.ItemDataRole.UserRole), it.isHidden()) for it in panel._segment_items()) == \
        [("t:01", True), ("t:03", False)]
    # a click on the line between mainland and island (in degrees) toggles t:03; far away finds nothing
    assert panel.segment_at(QgsPointXY(107.3, 30.02), WGS84) == "t:03"
    assert panel.segment_at(QgsPointXY(104.0, 28.5), WGS84) is None
    assert panel.toggle_segment("t:03") and panel.selected_ids() == ["t:03"]
    assert "1" in panel.selected_label.text()


def test_scenarios_before_after_and_comparison(panel, qtbot, project, tmp_path):
    own = project.addMapLayer(panel.dock.centres_layer([CentreRow("mine", 103.0, 30.0)]))
    rows = _run(panel, qtbot, "bridge down", ["t:03"])
    assert [r["threshold_min"] for r in rows] == [120.0, 600.0]
    r600 = rows[1]
    assert r600["centres_cut_off"] == "Island"
    assert r600["population_after"] <= r600["population_before"]
    assert "Island" in panel.status.text()
    assert panel.before_after.rowCount() == 2
    rows2 = _run(panel, qtbot, "line down", ["t:01"])
    assert rows2[0]["segments"] == "t:01"
    cols, metrics = panel.comparison()
    assert cols[1:] == ["bridge down", "line down"]
    pop120 = metrics[0][1]
    assert pop120[0] >= pop120[1] and pop120[0] >= pop120[2]
    assert panel.compare.columnCount() == 3 and panel.compare.rowCount() == len(metrics)
    group = project.layerTreeRoot().findGroup(SCENARIO_GROUP)
    kinds = sorted(n.layer().customProperty("hinterland/kind") for n in group.findLayers())
    assert kinds == ["delta", "delta", "disrupted", "disrupted"]  # per scenario: minutes added, what was cut
    cut = next(n.layer() for n in group.findLayers() if n.layer().customProperty("hinterland/scenario") ==
               "bridge down" and n.layer().customProperty("hinterland/kind") == "disrupted")
    assert [f["segment_id"] for f in cut.getFeatures()] == ["t:03"]
    _run(panel, qtbot, "bridge down", ["t:03"])  # rerun replaces, never duplicates
    assert len(group.findLayers()) == 4 and len(panel.scenarios) == 2
    out = panel.export_comparison(tmp_path / "cmp.csv")
    import csv

    with out.open(encoding="utf-8-sig") as fh:
        table = list(csv.reader(fh))
    assert table[0][-2:] == ["bridge down", "line down"] and len(table) == len(metrics) + 2
    assert table[-1][-2:] == ["t:03", "t:01"]
    # stored in the project and read back
    panel.scenarios.clear()
    panel.load_from_project(project)
    assert list(panel.scenarios) == ["bridge down", "line down"]
    panel.remove_scenario("line down")
    assert list(panel.scenarios) == ["bridge down"] and len(group.findLayers()) == 2
    assert own.id() in project.mapLayers() and own.featureCount() == 1  # the user's layer is untouched


def test_hazard_polygon_scenario(panel, qtbot, project):
    from qgis.core import QgsCoordinateReferenceSystem

    albers = QgsCoordinateReferenceSystem("EPSG:3857")  # another CRS than the data
    from qgis.core import QgsCoordinateTransform

    xf = QgsCoordinateTransform(WGS84, albers, project)
    ring = [xf.transform(QgsPointXY(x, y)) for x, y in ((107.0, 29.5), (107.4, 29.5), (107.4, 30.5), (107.0, 30.5))]
    lyr = panel.add_hazard_polygon(ring, albers)
    assert panel.hazard_combo.currentLayer() is lyr
    rows = _run(panel, qtbot, "storm", [], lyr)
    assert rows[0]["segments"] == "t:03"


def test_bad_input_and_cancel(panel, qtbot, project):
    panel.set_selected_ids([])
    panel.hazard_combo.setLayer(None)
    n = len(project.mapLayers())
    assert not panel.run_scenario()
    assert "hazard" in panel.status.text() or "灾害" in panel.status.text()
    panel.dock.thresholds.setText("soon")
    panel.set_selected_ids(["t:01"])
    assert not panel.run_scenario() and "soon" in panel.status.text()
    panel.dock.thresholds.setText("120")
    # cancel an N-1 run straight away: a clear message, nothing added, the panel usable again
    assert panel.run_criticality()
    panel.cancel()
    qtbot.waitUntil(lambda: panel.task is None, timeout=60000)
    assert len(project.mapLayers()) == n
    assert "cancel" in panel.status.text().lower() or "取消" in panel.status.text()
    assert panel.run_btn.isEnabled() and not panel.cancel_btn.isEnabled()


def test_criticality_layer_and_indicators(panel, qtbot, project, tmp_path):
    with qtbot.waitSignal(panel.criticalityReady, timeout=120000) as blocker:
        assert panel.run_criticality()
    lyr = blocker.args[0]
    assert lyr.customProperty("hinterland/kind") == "criticality"
    assert lyr.renderer().type() == "graduatedSymbol"
    top = min(lyr.getFeatures(), key=lambda f: f["rank"])
    assert top["segment_id"] in ("t:01", "t:03") and top["pop_minutes"] > 0
    _run(panel, qtbot, "bridge down", ["t:03"])
    # a stricter indicator set from a plain file, kept in the project
    text = json.dumps({"indicators": [
        {"id": "pop10h", "name_zh": "10小时人口", "name_en": "Population within 10 h",
         "metric": "population_share_within", "minutes": 600, "amber": 0.999, "red": 0.99,
         "direction": "low_is_bad"}]})
    (tmp_path / "ind.json").write_text(text, encoding="utf-8")
    panel.set_indicators_text((tmp_path / "ind.json").read_text(encoding="utf-8"))
    with qtbot.waitSignal(panel.indicatorsReady, timeout=120000) as blocker:
        assert panel.run_indicators()
    rows = blocker.args[0]
    assert {r["scenario"] for r in rows} == {"baseline", "bridge down"}
    t = panel.indicators
    assert t.rowCount() == 1 and t.columnCount() == 3
    statuses = [t.item(0, c).data(Qt.ItemDataRole.UserRole) for c in (1, 2)]
    assert statuses[0] in ("green", "amber", "red")
    by = {r["scenario"]: r for r in rows}
    assert by["bridge down"]["value"] <= by["baseline"]["value"]
    assert t.item(0, 2).background().color().name() in ("#a6d96a", "#fdae61", "#d7191c")
    # saved with the project (definitions and results) and restored into a fresh panel
    panel.save_to_project(project)
    other = HinterlandDock(None)
    qtbot.addWidget(other)
    other.load_from_project(project)
    assert other.scenario_panel.indicators_text == text
    assert other.scenario_panel.indicators.rowCount() == 1
    out = panel.save_indicators(tmp_path / "copy.json")
    assert json.loads(out.read_text(encoding="utf-8"))["indicators"][0]["id"] == "pop10h"
    with pytest.raises(ValueError):
        panel.set_indicators_text('{"indicators": [{"id": "x", "metric": "nope"}]}')
    assert panel.indicators_text == text  # a bad file does not replace the good one


def test_report_from_the_dock_carries_the_indicators(panel, qtbot, tmp_path):
    """Once indicators were evaluated in the panel, the dock's report re-evaluates them with the scenarios."""
    assert panel.report_parameters() == {}
    panel.scenarios = {"bridge down": {"ids": ["t:03"], "rows": []}, "nothing": {"ids": [], "rows": []}}
    panel.indicator_rows = [{"scenario": "baseline"}]
    p = panel.report_parameters()
    assert p["EARLY_WARNING"] is True and p["DISRUPTED"] == "t:03" and p["SCENARIO_NAMES"] == "bridge down"
    assert "INDICATORS" not in p  # the default set
    panel.set_indicators_text('{"indicators": []}')
    assert json.loads(open(panel.report_parameters()["INDICATORS"], encoding="utf-8").read()) == {"indicators": []}


def test_dock_fits_next_to_the_map(qgis_app, qtbot):
    """The dock's minimum width (all tabs) leaves room for the map on a 1920 px screen; a long unwrapped label
    or a row of buttons once pushed QGIS' window past the screen edge."""
    d = HinterlandDock(None)
    qtbot.addWidget(d)
    assert d.widget().minimumSizeHint().width() <= 520


def test_map_tools_draw_and_pick(panel, project):
    """The hazard drawing tool (left clicks, right click closes) and the segment pick tool on the canvas."""
    canvas = panel.iface.mapCanvas()
    from qgis.core import QgsCoordinateReferenceSystem

    canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:4326"))
    panel.draw_btn.setChecked(True)
    assert canvas.mapTool() is panel.draw_tool
    for x, y in ((107.0, 29.5), (107.4, 29.5), (107.4, 30.5)):
        panel._draw_click(QgsPointXY(x, y), True)
    panel._draw_click(QgsPointXY(0, 0), False)  # right click: close
    lyr = panel.hazard_combo.currentLayer()
    assert lyr is not None and lyr.customProperty("hinterland/kind") == "hazard" and lyr.featureCount() == 1
    assert not panel.draw_btn.isChecked() and panel.draw_tool is None
    # two clicks are not a polygon: a message, no layer
    n = len(project.mapLayers())
    panel.draw_btn.setChecked(True)
    panel._draw_click(QgsPointXY(107.0, 29.5), True)
    panel._draw_click(QgsPointXY(0, 0), False)
    assert len(project.mapLayers()) == n and ("three" in panel.status.text() or "三个" in panel.status.text())
    # pick: a click on the island link toggles it, a click in the void says so
    panel.pick_seg_btn.setChecked(True)
    from qgis.core import QgsRectangle

    canvas.setExtent(QgsRectangle(100, 27, 110, 33))
    panel._picked(QgsPointXY(107.3, 30.0), True)
    assert panel.selected_ids() == ["t:03"]
    panel._picked(QgsPointXY(104.0, 28.2), True)
    assert panel.selected_ids() == ["t:03"] and panel.status.text()
    panel.pick_seg_btn.setChecked(False)
    assert panel.pick_tool is None
