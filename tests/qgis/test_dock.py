"""The dock driven like a user would, offscreen with qtbot: centres, run, rerun, cancel, bad input."""
from __future__ import annotations

import pytest
from qgis.PyQt.QtCore import Qt

import hinterland_plugin
from hinterland_plugin import engine_service
from hinterland_plugin.core.engine.model import Engine
from hinterland_plugin.dock import CentreRow, HinterlandDock
from hinterland_plugin.results import RESULTS_GROUP
from tests.synthetic import synthetic_gpkg


@pytest.fixture(scope="module")
def synthetic_engine(tmp_path_factory):
    return Engine(synthetic_gpkg(tmp_path_factory.mktemp("dock") / "t.gpkg"), dem=None)


@pytest.fixture()
def dock(qgis_iface, qgis_processing, synthetic_engine, monkeypatch, qtbot, project):
    monkeypatch.setattr(engine_service, "_ENGINE", synthetic_engine)
    plug = hinterland_plugin.classFactory(None)
    plug.initProcessing()
    d = HinterlandDock(qgis_iface)
    qtbot.addWidget(d)
    d.resolution.setValue(10000)
    d.profile.setCurrentText("road")
    d.thresholds.setText("60,120")
    yield d
    d.cancel()
    plug.unload()


def test_candidates_listed_and_searchable(dock):
    tree = dock.candidates
    n = sum(tree.topLevelItem(i).childCount() for i in range(tree.topLevelItemCount()))
    assert n >= 1
    dock.search.setText("zzzz-nothing")
    assert all(tree.topLevelItem(i).isHidden() for i in range(tree.topLevelItemCount()))
    dock.search.setText("")
    first = tree.topLevelItem(0).child(0)
    first.setCheckState(0, Qt.CheckState.Checked)
    dock.add_checked_candidates()
    assert dock.table.rowCount() == 1
    dock.add_checked_candidates()  # nothing ticked any more
    assert "Tick" in dock.status.text() or "勾选" in dock.status.text()


@pytest.mark.parametrize("setup, words", [
    (lambda d: None, ("at least one centre", "至少添加")),
    (lambda d: d.add_centre(CentreRow("A", 102.0, 29.0, enabled=False)), ("disabled", "停用")),
    (lambda d: (d.add_centre(CentreRow("A", 102.0, 29.0)), d.thresholds.setText("abc")), ("not a number",)),
    (lambda d: (d.add_centre(CentreRow("A", 102.0, 29.0)), d.thresholds.setText("-5")), ("positive",)),
])
def test_bad_input_is_reported_and_nothing_added(dock, project, setup, words):
    setup(dock)
    n_layers = len(project.mapLayers())
    dock.run()
    assert dock.task is None
    assert any(w in dock.status.text() for w in words), dock.status.text()
    assert len(project.mapLayers()) == n_layers


def _run(dock, qtbot):
    with qtbot.waitSignal(dock.resultsReady, timeout=120000) as blocker:
        dock.run()
    return blocker.args[0]


def test_run_rerun_replaces_results(dock, qtbot, project):
    dock.add_centre(CentreRow("A", 102.0, 29.0))
    dock.add_centre(CentreRow("B", 105.5, 31.0, delay_min=20))
    rows = _run(dock, qtbot)
    assert {r["centre"] for r in rows} == {"A", "B", "ALL", "without:A", "without:B"}
    assert dock.summary.rowCount() == len(rows)
    group = project.layerTreeRoot().findGroup(RESULTS_GROUP)
    assert group is not None and len(group.findLayers()) == 5
    # change one centre and rerun: still one results group with four layers
    dock.table.item(1, 3).setText("0")
    _run(dock, qtbot)
    groups = [g for g in project.layerTreeRoot().children() if g.name() == RESULTS_GROUP]
    assert len(groups) == 1 and len(groups[0].findLayers()) == 5
    assert "centre,threshold_min" in dock.summary_csv().splitlines()[0]


def test_cancel_adds_nothing(dock, qtbot, project):
    dock.add_centre(CentreRow("A", 102.0, 29.0))
    dock.resolution.setValue(2000)
    dock.run()
    dock.cancel()
    qtbot.waitUntil(lambda: dock.task is None, timeout=120000)
    if "cancelled" in dock.status.text() or "取消" in dock.status.text():
        assert project.layerTreeRoot().findGroup(RESULTS_GROUP) is None
    else:  # the task finished before the cancel reached it: then its results are complete
        assert project.layerTreeRoot().findGroup(RESULTS_GROUP) is not None


def test_centre_set_round_trip(dock, project, tmp_path):
    dock.add_centre(CentreRow("甲", 102.0, 29.0, capacity=5, delay_min=15))
    dock.add_centre(CentreRow("B", 105.5, 31.0, enabled=False))
    dock.save_to_project(project)
    dock.set_centres([])
    assert dock.table.rowCount() == 0
    assert dock.load_from_project(project)
    got = dock.centres()
    assert [(c.name, c.capacity, c.delay_min, c.enabled) for c in got] == [("甲", 5.0, 15.0, True), ("B", 1.0, 0.0, False)]
    with pytest.raises(ValueError):
        dock.load_centres_json("not json")


def test_identify_access_and_xlsx(dock, qtbot, project, tmp_path):
    from qgis.core import QgsCoordinateReferenceSystem, QgsPointXY, QgsVectorLayer

    dock.add_centre(CentreRow("A", 102.0, 29.0, capacity=10))
    dock.add_centre(CentreRow("B", 105.5, 31.0, capacity=1))
    _run(dock, qtbot)
    # travel times at a point next to A: A first, small
    times = dock.identify_at(QgsPointXY(102.05, 29.0), QgsCoordinateReferenceSystem("EPSG:4326"))
    assert [n for n, _ in times][0] == "A" and times[0][1] < 30
    assert "A:" in dock.identify_label.text()
    # accessibility layer of cities joined the results
    group = project.layerTreeRoot().findGroup(RESULTS_GROUP)
    names = [n.layer().name() for n in group.findLayers()]
    assert any("E2SFCA" in n for n in names), names
    acc = next(n.layer() for n in group.findLayers() if "E2SFCA" in n.layer().name())
    vals = {f["name"]: f["e2sfca_per_100k"] for f in acc.getFeatures()}
    assert vals["Alpha"] > 0  # Alpha sits next to the big-capacity centre
    # XLSX export through QGIS' writer, readable back
    out = dock.export_summary(str(tmp_path / "cov.xlsx"))
    back = QgsVectorLayer(str(out), "x", "ogr")
    assert back.isValid() and back.featureCount() == len(dock.rows)


def test_centre_outside_study_area_is_explained(dock, qtbot, project):
    dock.add_centre(CentreRow("Paris", 2.35, 48.85))
    dock.run()
    qtbot.waitUntil(lambda: dock.task is None, timeout=120000)
    assert "outside the study area" in dock.status.text()
    assert project.layerTreeRoot().findGroup(RESULTS_GROUP) is None


def test_report_button_writes_files(dock, qtbot, tmp_path, monkeypatch):
    from hinterland_plugin import engine_service as es
    from hinterland_plugin.core.data_build import DEFAULT_DEM, DEFAULT_OUTPUT
    from hinterland_plugin.core.engine.model import Engine

    monkeypatch.setattr(es, "_ENGINE", Engine(DEFAULT_OUTPUT, DEFAULT_DEM))  # the report draws real China
    dock.add_centre(CentreRow("成都", 104.07, 30.67))
    dock.resolution.setValue(20000)
    dock.report_lang.setCurrentText("zh")
    with qtbot.waitSignal(dock.reportReady, timeout=180000) as blocker:
        assert dock.report(tmp_path)
    for key in ("OUTPUT_PDF", "OUTPUT_PNG", "OUTPUT_HTML"):
        assert (tmp_path / blocker.args[0][key].split("/")[-1]).exists()
