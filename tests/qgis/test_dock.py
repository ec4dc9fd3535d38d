"""The dock driven like a user would, offscreen with qtbot: centres, run, rerun, cancel, bad input, picking."""
from __future__ import annotations

import time
from pathlib import Path

import pytest
from qgis.core import (
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsGeometry,
    QgsPointXY,
    QgsRectangle,
    QgsVectorLayer,
    edit,
)
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QColor

import hinterland_plugin
from hinterland_plugin.core.engine.model import Engine
from hinterland_plugin.crs import albers_crs, point_transformer
from hinterland_plugin.gui.dock import HinterlandDock
from hinterland_plugin.gui.results_group import RESULTS_GROUP
from hinterland_plugin.gui.state import AnalysisState, CentreRow
from tests.qgis.conftest import point_layer
from tests.synthetic import synthetic_gpkg


@pytest.fixture(scope="module")
def synthetic_engine(tmp_path_factory):
    return Engine(synthetic_gpkg(tmp_path_factory.mktemp("dock") / "t.gpkg"), dem=None)


@pytest.fixture()
def dock(qgis_iface, qgis_processing, synthetic_engine, qtbot, project):
    plug = hinterland_plugin.classFactory(None)
    plug.initProcessing()
    plug.provider.set_engine(synthetic_engine)
    d = HinterlandDock(qgis_iface)
    qtbot.addWidget(d)
    d.run_tab.resolution.setValue(10000)
    d.run_tab.profile.setCurrentIndex(d.run_tab.profile.findData("road"))
    d.run_tab.thresholds.setText("60,120")
    yield d
    d.unload()
    plug.unload()


def test_candidates_listed_and_searchable(dock):
    tab = dock.centres_tab
    tree = tab.candidates
    n = sum(tree.topLevelItem(i).childCount() for i in range(tree.topLevelItemCount()))
    assert n >= 1
    tab.search.setText("zzzz-nothing")
    assert all(tree.topLevelItem(i).isHidden() for i in range(tree.topLevelItemCount()))
    tab.search.setText("")
    first = tree.topLevelItem(0).child(0)
    first.setCheckState(0, Qt.CheckState.Checked)
    tab.add_checked_btn.click()
    assert tab.table.rowCount() == 1 and len(dock.state.centres()) == 1
    tab.add_checked_btn.click()  # nothing ticked any more
    assert "Tick" in tab.status.text() or "勾选" in tab.status.text()
    second = tree.topLevelItem(0).child(1) or tree.topLevelItem(1).child(0)
    tree.itemDoubleClicked.emit(second, 0)  # a double click adds the candidate
    assert len(dock.state.centres()) == 2 and dock.state.centres()[1].name == second.data(0, Qt.ItemDataRole.UserRole)[0]


def test_table_edits_reach_the_state(dock):
    dock.state.add_centre(CentreRow("A", 102.0, 29.0))
    tab = dock.centres_tab
    tab.table.item(0, 3).setText("25")
    tab.table.item(0, 2).setText("7")
    tab.table.item(0, 1).setText("Alpha centre")
    tab.table.item(0, 0).setCheckState(Qt.CheckState.Unchecked)
    c = dock.state.centres()[0]
    assert (c.name, c.capacity, c.delay_min, c.enabled) == ("Alpha centre", 7.0, 25.0, False)
    tab.table.selectRow(0)
    tab.remove_btn.click()
    assert dock.state.centres() == [] and tab.table.rowCount() == 0
    # undo, step by step: the removal, the four edits, the addition
    tab.undo_btn.click()
    assert [c.name for c in dock.state.centres()] == ["Alpha centre"] and tab.table.rowCount() == 1
    for expected in ((True, "Alpha centre"), (True, "A"), (True, "A"), (True, "A")):
        tab.undo_btn.click()
        c = dock.state.centres()[0]
        assert (c.enabled, c.name) == expected
    assert (c.capacity, c.delay_min) == (1.0, 0.0)
    tab.undo_btn.click()
    assert dock.state.centres() == [] and not tab.undo_btn.isEnabled()


@pytest.mark.parametrize("setup, words", [
    (lambda s: None, ("at least one centre", "至少添加")),
    (lambda s: s.add_centre(CentreRow("A", 102.0, 29.0, enabled=False)), ("disabled", "停用")),
    (lambda s: (s.add_centre(CentreRow("A", 102.0, 29.0)), s.set_parameters("road", "abc", 10000)), ("abc",)),
    (lambda s: (s.add_centre(CentreRow("A", 102.0, 29.0)), s.set_parameters("road", "-5", 10000)), ("-5",)),
])
def test_bad_input_is_reported_and_nothing_added(dock, project, setup, words):
    setup(dock.state)
    n_layers = len(project.mapLayers())
    dock.run_tab.run_btn.click()
    assert not dock.runner.busy()
    assert dock.run_tab.status.is_error
    assert any(w in dock.run_tab.status.text() for w in words), dock.run_tab.status.text()
    assert len(project.mapLayers()) == n_layers


def _run(dock, qtbot, timeout=120000):
    with qtbot.waitSignal(dock.resultsReady, timeout=timeout) as blocker:
        dock.run_tab.run_btn.click()
    return blocker.args[0]


def test_run_rerun_replaces_results(dock, qtbot, project):
    dock.state.add_centre(CentreRow("A", 102.0, 29.0))
    dock.state.add_centre(CentreRow("B", 105.5, 31.0, delay_min=20))
    rows = _run(dock, qtbot)
    assert {r["centre"] for r in rows} == {"A", "B", "ALL", "without:A", "without:B"}
    table = dock.run_tab.summary.table
    assert table.rowCount() == len(rows)
    # read as a person reads it: labels, grouped rows (centres, all, without), per cent, thousands separators
    assert table.horizontalHeaderItem(0).text() in ("Centre", "中心")
    firsts = [table.item(r, 0).text() for r in range(table.rowCount())]
    assert firsts[:4] == ["A", "A", "B", "B"] and firsts[4] in ("All centres", "全部中心")
    assert firsts[-1].endswith("B") and firsts[-1] != "B"
    assert all(table.item(r, 4).text().endswith(" %") for r in range(table.rowCount()))
    big = max(rows, key=lambda r: r["population"])
    assert f"{big['population']:,.0f}" in [table.item(r, 3).text() for r in range(table.rowCount())]
    assert dock.run_tab.progress.value() == 100
    group = project.layerTreeRoot().findGroup(RESULTS_GROUP)
    kinds = sorted(n.layer().customProperty("hinterland/kind") for n in group.findLayers())
    assert kinds == ["access", "admin", "allocation", "backup", "coverage", "isochrones", "prefecture_times", "time"]
    assert all(n.layer().isValid() for n in group.findLayers())
    time_layer = next(n.layer() for n in group.findLayers() if n.layer().customProperty("hinterland/kind") == "time")
    first_folder = Path(time_layer.source()).parent
    assert (first_folder / "time.tif").exists() and (first_folder / "coverage.gpkg").exists()
    # change one centre and rerun: still one results group with the same layers
    dock.centres_tab.table.item(1, 3).setText("0")
    assert dock.state.centres()[1].delay_min == 0
    _run(dock, qtbot)
    groups = [g for g in project.layerTreeRoot().children() if g.name() == RESULTS_GROUP]
    assert len(groups) == 1 and len(groups[0].findLayers()) == 8
    assert not first_folder.exists()  # the replaced run's files go
    assert all(n.layer().isValid() for n in groups[0].findLayers())
    assert dock.run_tab.summary.summary_csv().splitlines()[0].startswith("centre,threshold_min")


def test_results_are_drawn_below_point_and_line_layers(dock, qtbot, project):
    own_poly = project.addMapLayer(QgsVectorLayer("Polygon?crs=EPSG:4326", "my zones", "memory"))
    own_pt = project.addMapLayer(point_layer([("mine", 103.0, 30.0)]))
    dock.state.add_centre(CentreRow("A", 102.0, 29.0))
    _run(dock, qtbot)
    group = project.layerTreeRoot().findGroup(RESULTS_GROUP)
    assert project.layerTreeRoot().children()[0] is group  # on top of the tree, where the user looks
    order = project.layerTreeRoot().layerOrder()
    time_layer = next(lyr for lyr in order if lyr.customProperty("hinterland/kind") == "time")
    assert order.index(own_pt) < order.index(time_layer) < order.index(own_poly)  # points over rasters
    later = project.addMapLayer(point_layer([("later", 104.0, 30.0)]))
    qtbot.wait(50)
    assert project.layerTreeRoot().layerOrder()[0] is later  # a layer added afterwards is drawn on top


def test_cancel_stops_a_long_solve_within_two_seconds(dock, qtbot, project):
    for i in range(12):  # twelve solves of a 1.7 million-cell grid (400 m): far longer than the 2 s allowed
        dock.state.add_centre(CentreRow(f"C{i}", 101.5 + 0.4 * i, 28.5 + 0.3 * i))
    dock.run_tab.resolution.setValue(400)
    phases = []
    dock.runner.status.connect(phases.append)
    dock.run_tab.run_btn.click()
    assert dock.runner.busy() and dock.run_tab.cancel_btn.isEnabled() and not dock.run_tab.run_btn.isEnabled()
    assert dock.run_tab.progress.maximum() == 0  # moving from the first second
    qtbot.waitUntil(lambda: any("Solving" in p or "求解" in p for p in phases), timeout=120000)
    qtbot.wait(500)
    assert dock.runner.busy()
    t0 = time.monotonic()
    dock.run_tab.cancel_btn.click()
    qtbot.waitUntil(lambda: not dock.runner.busy(), timeout=30000)
    assert time.monotonic() - t0 < 2.0  # the run itself takes > 10 s
    assert "cancel" in dock.run_tab.status.text().lower() or "取消" in dock.run_tab.status.text()
    assert project.layerTreeRoot().findGroup(RESULTS_GROUP) is None
    assert dock.run_tab.run_btn.isEnabled() and not dock.run_tab.cancel_btn.isEnabled()


def test_centre_set_round_trip(dock, project):
    dock.state.add_centre(CentreRow("甲", 102.0, 29.0, capacity=5, delay_min=15))
    dock.state.add_centre(CentreRow("B", 105.5, 31.0, enabled=False))
    # every change is written to the project: a fresh state (another dock, the reopened project) reads it back
    other = AnalysisState()
    assert other.load(project)
    got = other.centres()
    assert [(c.name, c.capacity, c.delay_min, c.enabled) for c in got] == [("甲", 5.0, 15.0, True), ("B", 1.0, 0.0, False)]
    dock.state.set_centres([])
    assert dock.centres_tab.table.rowCount() == 0
    assert not AnalysisState().load(project)  # the empty set was written too
    with pytest.raises(ValueError):
        dock.state.load_centres_json("not json")


def test_new_project_clears_the_dock(dock, project):
    dock.state.add_centre(CentreRow("A", 102.0, 29.0))
    dock.state.set_scenario("cut", ["t:01"], [])
    project.clear()
    assert dock.state.centres() == [] and dock.state.scenarios == {}
    assert dock.centres_tab.table.rowCount() == 0 and dock.compare_tab.compare.columnCount() == 1
    ok, _ = project.readEntry("hinterland", "centres", "")
    assert not ok


def test_no_stale_progress_or_message(dock, qtbot, project):
    """A progress report that arrives after the run finished leaves 100 % (real QGIS showed 60 % after a written
    report); Project > New leaves no percent and no message of the old project's last run."""
    dock.state.add_centre(CentreRow("A", 102.0, 29.0))
    _run(dock, qtbot)
    assert dock.run_tab.progress.value() == 100 and dock.run_tab.status.text()
    dock.runner.progressChanged.emit(60.0)  # late, from the finished task
    assert dock.run_tab.progress.value() == 100
    project.clear()
    assert dock.run_tab.progress.value() == 0 and dock.run_tab.status.text() == ""
    assert dock.disruption_tab.progress.value() == 0


def test_new_project_during_a_run_gets_nothing_of_it(dock, qtbot, project):
    for i in range(12):
        dock.state.add_centre(CentreRow(f"C{i}", 101.5 + 0.4 * i, 28.5 + 0.3 * i))
    dock.run_tab.resolution.setValue(400)
    dock.run_tab.run_btn.click()
    qtbot.waitUntil(lambda: "Solving" in dock.run_tab.status.text() or "求解" in dock.run_tab.status.text(),
                    timeout=60000)
    project.clear()  # Project > New
    qtbot.waitUntil(lambda: not dock.runner.busy(), timeout=30000)
    assert project.layerTreeRoot().findGroup(RESULTS_GROUP) is None and project.mapLayers() == {}
    assert dock.state.coverage_rows == [] and dock.state.centres() == []


def test_identify_access_and_xlsx(dock, qtbot, project, tmp_path):
    dock.state.add_centre(CentreRow("A", 102.0, 29.0, capacity=10))
    dock.state.add_centre(CentreRow("B", 105.5, 31.0, capacity=1))
    _run(dock, qtbot)
    assert len(dock.state.centre_times) == 2  # the declared per-centre outputs, not files guessed in a folder
    times = dock.run_tab.identify_at(QgsPointXY(102.05, 29.0), QgsCoordinateReferenceSystem("EPSG:4326"))
    assert [n for n, _ in times][0] == "A" and times[0][1] < 30
    assert "A:" in dock.run_tab.identify_label.text()
    far = dict(dock.run_tab.identify_at(QgsPointXY(105.5, 31.0), QgsCoordinateReferenceSystem("EPSG:4326")))
    assert 120 < far["A"] < 10000  # beyond the largest threshold: still the value, not "> 120 min"
    assert f"A: {far['A']:,.0f} min" in dock.run_tab.identify_label.text()
    group = project.layerTreeRoot().findGroup(RESULTS_GROUP)
    acc = next(n.layer() for n in group.findLayers() if n.layer().customProperty("hinterland/kind") == "access")
    assert "E2SFCA" in acc.name() or "可达性" in acc.name()
    vals = {f["name"]: f["e2sfca_per_100k"] for f in acc.getFeatures()}
    assert vals["Alpha"] > 0  # Alpha sits next to the big-capacity centre
    out = dock.run_tab.summary.export_summary(str(tmp_path / "cov.xlsx"))
    back = QgsVectorLayer(str(out), "x", "ogr")
    assert back.isValid() and back.featureCount() == len(dock.state.coverage_rows)
    _run(dock, qtbot)
    assert dock.run_tab.identify_label.text() == ""  # a rerun clears the old answer


def test_centre_outside_study_area_is_explained(dock, qtbot, project):
    dock.state.add_centre(CentreRow("Paris", 2.35, 48.85))
    folders = set(dock.state.results_folder().glob("coverage_*"))
    dock.run_tab.run_btn.click()
    qtbot.waitUntil(lambda: not dock.runner.busy(), timeout=120000)
    assert "outside the study area" in dock.run_tab.status.text() or "研究区" in dock.run_tab.status.text()
    assert project.layerTreeRoot().findGroup(RESULTS_GROUP) is None
    assert set(dock.state.results_folder().glob("coverage_*")) == folders  # the failed run leaves no folder


def test_resolution_is_not_clamped(dock):
    dock.run_tab.resolution.setValue(500)
    assert dock.run_tab.resolution.value() == 500 and dock.state.resolution == 500


def test_pick_snaps_to_a_point_feature_and_otherwise_takes_the_exact_coordinate(dock, project):
    canvas = dock.iface.mapCanvas()
    albers = QgsCoordinateReferenceSystem("EPSG:3857")
    canvas.setDestinationCrs(albers)
    lyr = point_layer([("Xi'an", 104.0, 30.0)])
    project.addMapLayer(lyr)
    canvas.setLayers([lyr])
    to_map = point_transformer(QgsCoordinateReferenceSystem("EPSG:4326"), albers)
    cx, cy = to_map(104.0, 30.0)
    canvas.setExtent(QgsRectangle(cx - 50000, cy - 50000, cx + 50000, cy + 50000))
    tab = dock.centres_tab
    tab.pick_btn.setChecked(True)
    tool = canvas.mapTool()
    assert tool is tab.pick_switch.tool
    near = QgsPointXY(cx + 2 * canvas.mapUnitsPerPixel(), cy)  # 2 px off the symbol: snapped, named
    tool.click(near, True)
    c = dock.state.centres()[0]
    assert c.name == "Xi'an" and abs(c.lon - 104.0) < 1e-9 and abs(c.lat - 30.0) < 1e-9
    far = to_map(104.2, 30.1)  # far from any feature: the exact clicked coordinate
    tool.click(QgsPointXY(*far), True)
    c = dock.state.centres()[1]
    assert abs(c.lon - 104.2) < 1e-7 and abs(c.lat - 30.1) < 1e-7 and c.name != "Xi'an"
    assert tab.markers.count() == 2  # chosen centres are drawn on the canvas
    tool.click(QgsPointXY(*far), False)  # right click removes the nearest
    assert [c.name for c in dock.state.centres()] == ["Xi'an"]
    tab.pick_btn.setChecked(False)
    assert canvas.mapTool() is not tool and tab.pick_switch.tool is None


def test_pick_prefers_a_candidate_centre_over_a_nearer_point(dock, project):
    """In Xi'an the dry-port hub is drawn 2-3 px from the city's star: a click between them gives the city
    (seen in real QGIS: the pick became "西安国际港务区(陆港)")."""
    canvas = dock.iface.mapCanvas()
    merc = QgsCoordinateReferenceSystem("EPSG:3857")
    canvas.setDestinationCrs(merc)
    to_map = point_transformer(QgsCoordinateReferenceSystem("EPSG:4326"), merc)
    cx, cy = to_map(108.94, 34.34)
    canvas.setExtent(QgsRectangle(cx - 50000, cy - 50000, cx + 50000, cy + 50000))
    upp = canvas.mapUnitsPerPixel()
    hub_lon, hub_lat = point_transformer(merc, QgsCoordinateReferenceSystem("EPSG:4326"))(cx + 3 * upp, cy)
    city = point_layer([("西安", 108.94, 34.34)])
    city.setCustomProperty("hinterland/theme", "candidate_centres")
    hub = point_layer([("西安国际港务区(陆港)", hub_lon, hub_lat)])
    project.addMapLayers([city, hub])
    canvas.setLayers([hub, city])  # the hub drawn on top
    dock.centres_tab.pick_btn.setChecked(True)
    canvas.mapTool().click(QgsPointXY(cx + 2 * upp, cy), True)  # 1 px from the hub, 2 px from the city
    assert dock.state.centres()[0].name == "西安"
    dock.centres_tab.pick_btn.setChecked(False)


def test_report_button_writes_files(dock, qtbot, tmp_path, real_engine):
    QgsApplication.processingRegistry().providerById("hinterland").set_engine(real_engine)  # real China
    dock.state.add_centre(CentreRow("成都", 104.07, 30.67))
    dock.run_tab.resolution.setValue(20000)
    dock.run_tab.report_lang.setCurrentIndex(dock.run_tab.report_lang.findData("zh"))
    with qtbot.waitSignal(dock.reportReady, timeout=180000) as blocker:
        assert dock.run_tab.report(tmp_path)
    for key in ("OUTPUT_PDF", "OUTPUT_PNG", "OUTPUT_HTML"):
        assert (tmp_path / blocker.args[0][key].split("/")[-1]).exists()


@pytest.mark.parametrize("key, text", [
    ("centres", "not json"), ("centres", '[{"name": "x"}]'), ("scenarios", "[1, 2]"),
    ("scenarios", '{"s": {"ids": "t:01", "rows": 3}}'), ("indicators", '{"indicators": [{"id": "x"}]}'),
    ("indicator_results", '{"a": 1}'), ("indicator_results", '[1, {"scenario": "baseline"}]'),
])
def test_damaged_project_entries_are_skipped(qgis_app, qtbot, project, key, text):
    project.writeEntry("hinterland", "centres", '[{"name": "A", "lon": 102.0, "lat": 29.0}]')
    project.writeEntry("hinterland", key, text)
    d = HinterlandDock(None)  # reads the project: nothing raises, the rest of the entries is used
    qtbot.addWidget(d)
    if key != "centres":
        assert [c.name for c in d.state.centres()] == ["A"]
    assert isinstance(d.state.scenarios, dict) and d.compare_tab.compare.columnCount() >= 1
    assert d.warning_tab.indicators.rowCount() == 0
    d.unload()


@pytest.mark.parametrize("crs_def", ["EPSG:3857", "EPSG:4326", "ALBERS"])
@pytest.mark.parametrize("half_width_deg", [0.05, 5.0])
def test_a_click_lands_where_it_was_made(dock, project, crs_def, half_width_deg):
    """Map point of a click in the canvas CRS -> WGS84 centre, for several canvas CRSs and scales (issue 16.1);
    a point layer 3 px away snaps the click at every scale, one 30 px away does not."""
    crs = albers_crs() if crs_def == "ALBERS" else QgsCoordinateReferenceSystem(crs_def)
    canvas = dock.iface.mapCanvas()
    canvas.setDestinationCrs(crs)
    to_map = point_transformer(QgsCoordinateReferenceSystem("EPSG:4326"), crs)
    lon, lat = 108.94, 34.34  # Xi'an
    x0, y0 = to_map(lon - half_width_deg, lat - half_width_deg)
    x1, y1 = to_map(lon + half_width_deg, lat + half_width_deg)
    canvas.setExtent(QgsRectangle(x0, y0, x1, y1))
    canvas.setLayers([])
    dock.centres_tab.pick_btn.setChecked(True)
    tool = canvas.mapTool()
    tool.click(QgsPointXY(*to_map(lon, lat)), True)
    c = dock.state.centres()[0]
    assert abs(c.lon - lon) < 1e-7 and abs(c.lat - lat) < 1e-7, (c.lon, c.lat)
    px = canvas.mapUnitsPerPixel()
    x, y = to_map(lon + 1, lat + 1)
    sites = point_layer([("near", 0, 0), ("far", 0, 0)], crs.authid() or "EPSG:4326")
    sites.setCrs(crs)
    with edit(sites):
        for f, dx in zip(sites.getFeatures(), (3 * px, 30 * px)):
            sites.changeGeometry(f.id(), QgsGeometry.fromPointXY(QgsPointXY(x + dx, y)))
    project.addMapLayer(sites)
    canvas.setLayers([sites])
    tool.click(QgsPointXY(x, y), True)
    assert dock.state.centres()[1].name == "near"
    tool.click(QgsPointXY(x + 60 * px, y), True)
    assert dock.state.centres()[2].name.startswith(("Point", "点"))
    dock.centres_tab.pick_btn.setChecked(False)


def test_coverage_curve(dock, qtbot, project):
    curve = dock.run_tab.summary.curve
    assert curve.image is None
    dock.state.add_centre(CentreRow("A", 102.0, 29.0))
    dock.state.add_centre(CentreRow("B", 105.5, 31.0))
    _run(dock, qtbot)
    dock.run_tab.summary.views.setCurrentWidget(curve)
    img = curve.image
    assert img is not None and img.width() >= 240 and img.height() >= 160
    coloured = sum(QColor(img.pixel(x, y)).hsvSaturation() > 100
                   for x in range(0, img.width(), 2) for y in range(0, img.height(), 2))
    assert coloured > 30  # the centre lines are drawn
    project.clear()
    assert curve.image is None  # a new project shows no old curve


def test_report_page2_from_the_dock(dock, project, monkeypatch, tmp_path):
    """'Page 2' asks hinterland:report for the gateways, monitoring and backup-reach sections, monitoring the feed
    chosen in the Monitor tab; unticked, the report has one page."""
    from qgis.core import QgsVectorLayer

    sent = []
    monkeypatch.setattr(dock.runner, "run", lambda alg, params, *a, **k: sent.append((alg, params)) or True)
    dock.state.add_centre(CentreRow("成都", 104.07, 30.67))
    assert dock.run_tab.report(tmp_path)
    assert not {"GATEWAYS", "MONITOR", "BACKUP_REACH", "MONITOR_FEED"} & set(sent[-1][1])
    dock.run_tab.page2.setChecked(True)
    assert dock.run_tab.report(tmp_path)
    alg, params = sent[-1]
    assert alg == "hinterland:report" and params["GATEWAYS"] and params["MONITOR"] and params["BACKUP_REACH"]
    assert "MONITOR_FEED" not in params  # none chosen: the report's synthetic sample, said so on the page
    feed = QgsVectorLayer("None?field=unit_id:string&field=indicator:string&field=date:string&field=value:double",
                          "my feed", "memory")
    project.addMapLayer(feed)
    dock.monitor_tab.feed.setLayer(feed)
    assert dock.run_tab.report(tmp_path)
    assert sent[-1][1]["MONITOR_FEED"] is feed
