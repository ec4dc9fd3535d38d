"""Plugin life cycle in the repository layout: classFactory, initGui, the dock on first use, unload symmetry."""
from __future__ import annotations

import time

import pytest
from qgis.core import QgsApplication, QgsProject
from qgis.PyQt.QtWidgets import QAction

import hinterland_plugin
from hinterland_plugin.core.catalog import THEMES
from hinterland_plugin.core.engine.model import Engine
from hinterland_plugin.gui.centres_tab import CentresTab
from hinterland_plugin.gui.state import AnalysisState, CentreRow
from tests.synthetic import synthetic_gpkg


@pytest.fixture()
def plugin(iface, qgis_app):
    plug = hinterland_plugin.classFactory(iface)
    plug.initGui()
    yield plug
    if plug.actions:  # the test did not unload
        plug.unload()


def test_init_gui_registers_actions_and_provider_but_no_dock(iface, qgis_app, monkeypatch):
    reads = []
    monkeypatch.setattr(CentresTab, "load_candidates", lambda self: reads.append("candidates"))
    monkeypatch.setattr(AnalysisState, "indicator_count", lambda self: reads.append("indicators") or 0)
    plugin = hinterland_plugin.classFactory(iface)
    plugin.initGui()
    try:
        assert len(plugin.actions) == 1
        action = plugin.actions[0]
        assert isinstance(action, QAction) and action.objectName() == "hinterlandAddStrategicLayers"
        assert plugin.panel_action.objectName() == "hinterlandTogglePanel"
        assert [a[-1] for a in iface.added("addPluginToMenu")] == [action, plugin.panel_action]
        assert [a[-1] for a in iface.added("addToolBarIcon")] == [action, plugin.panel_action]
        assert plugin.panel_action.isCheckable() and not plugin.panel_action.isChecked()
        assert plugin.dock is None and iface.added("addDockWidget") == []  # created on first use
        assert reads == []  # neither the candidate centres nor the indicator set are read at QGIS start-up
        assert QgsApplication.processingRegistry().providerById("hinterland") is plugin.provider
        assert "hinterland:strategiclayers" in {a.id() for a in plugin.provider.algorithms()}
        plugin.panel_action.setChecked(True)
        assert plugin.dock is not None and reads.count("candidates") == 1
    finally:
        plugin.unload()


def test_panel_action_creates_the_dock_once_and_toggles_it(plugin, iface):
    plugin.panel_action.trigger()
    dock = plugin.dock
    assert dock is not None and not dock.isHidden()
    assert [a[-1] for a in iface.added("addDockWidget")] == [dock]
    plugin.panel_action.trigger()
    assert plugin.dock is dock and dock.isHidden()
    plugin.panel_action.trigger()
    assert plugin.dock is dock and not dock.isHidden() and len(iface.added("addDockWidget")) == 1
    dock.close()  # closed with its own button: the action follows
    assert not plugin.panel_action.isChecked()


def test_unload_mirrors_init_gui(plugin, iface):
    action = plugin.actions[0]
    assert action.receivers(action.triggered) >= 1
    plugin.panel_action.trigger()
    plugin.unload()
    assert iface.unbalanced() == {}
    assert plugin.actions == [] and plugin.panel_action is None
    assert plugin.provider is None and plugin.translator is None
    assert QgsApplication.processingRegistry().providerById("hinterland") is None
    assert action in [a[-1] for a in iface.added("removePluginMenu")]
    assert len(iface.added("removeDockWidget")) == 1 and plugin.dock is None


def test_unload_during_a_run_cancels_and_waits(plugin, iface, project, qtbot, tmp_path):
    plugin.provider.set_engine(Engine(synthetic_gpkg(tmp_path / "t.gpkg"), dem=None))
    dock = plugin.show_panel(True)
    canvas = iface.mapCanvas()
    for i in range(12):  # a run of many seconds at 400 m
        dock.state.add_centre(CentreRow(f"C{i}", 101.5 + 0.4 * i, 28.5 + 0.3 * i))
    dock.run_tab.resolution.setValue(400)
    dock.centres_tab.pick_btn.setChecked(True)
    assert canvas.mapTool() is dock.centres_tab.pick_switch.tool
    finished = []
    dock.runner.finished.connect(finished.append)
    dock.run_tab.run_btn.click()
    assert dock.runner.busy()
    qtbot.waitUntil(lambda: "Solving" in dock.run_tab.status.text() or "求解" in dock.run_tab.status.text(),
                    timeout=60000)
    t0 = time.monotonic()
    plugin.unload()
    assert time.monotonic() - t0 < 5  # the solve was cancelled, not waited out (> 10 s)
    assert QgsApplication.taskManager().countActiveTasks() == 0  # cancelled and waited for, not left running
    assert iface.unbalanced() == {} and plugin.dock is None
    assert canvas.mapTool() is None  # the pick tool is released
    assert QgsApplication.processingRegistry().providerById("hinterland") is None
    qtbot.wait(200)
    assert finished == []  # no callback reaches the unloaded dock
    assert project.layerTreeRoot().findGroup("Hinterland results / 腹地分析结果") is None


def test_load_unload_load_again(iface, qgis_app):
    for _ in range(2):
        plug = hinterland_plugin.classFactory(iface)
        plug.initGui()
        plug.panel_action.trigger()
        assert QgsApplication.processingRegistry().providerById("hinterland") is not None
        plug.unload()
        assert QgsApplication.processingRegistry().providerById("hinterland") is None
    assert iface.unbalanced() == {}


def test_processing_only_start_without_iface(qgis_app):
    """qgis_process starts the plugin with iface=None and calls only initProcessing()."""
    plug = hinterland_plugin.classFactory(None)
    plug.initProcessing()
    plug.initProcessing()  # idempotent, as QGIS may call it again from initGui
    assert QgsApplication.processingRegistry().providerById("hinterland") is plug.provider
    plug.unload()
    assert QgsApplication.processingRegistry().providerById("hinterland") is None


def test_action_adds_layers_once(plugin, iface, project):
    plugin.actions[0].trigger()
    group = project.layerTreeRoot().findGroup("Strategic hinterland / 国家战略腹地")
    assert group is not None and len(group.findLayers()) == len(THEMES)
    assert all(n.layer().isValid() for n in group.findLayers())
    plugin.actions[0].trigger()  # clicking again completes the group, never duplicates it
    groups = [g for g in project.layerTreeRoot().children() if g.name() == group.name()]
    assert len(groups) == 1 and len(groups[0].findLayers()) == len(THEMES)


def test_action_on_an_empty_project_shows_china(plugin, iface, project, qtbot):
    """The canvas ends on China (with the South China Sea islands), not on every layer's extent (the Belt and
    Road lines reach Istanbul and Rotterdam) (issue 16 point 11)."""
    from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsPointXY, QgsRectangle

    canvas = iface.mapCanvas()
    canvas.resize(1200, 800)

    def follow():  # what QGIS' main window does: the canvas shows the project CRS
        canvas.setDestinationCrs(project.crs())

    project.crsChanged.connect(follow)
    try:
        canvas.setExtent(QgsRectangle(-20, 30, 40, 60))  # Europe
        plugin.actions[0].trigger()
        qtbot.wait(100)  # the zoom runs after QGIS' own queued "first layer" handling
    finally:
        project.crsChanged.disconnect(follow)
    wgs84 = QgsCoordinateReferenceSystem("EPSG:4326")
    to_canvas = QgsCoordinateTransform(wgs84, canvas.mapSettings().destinationCrs(), project)
    ext = canvas.extent()
    for lon, lat in ((87.6, 43.8), (126.6, 45.8), (109.5, 18.3), (116.4, 39.9)):  # Urumqi, Harbin, Sanya, Beijing
        assert ext.contains(to_canvas.transform(QgsPointXY(lon, lat))), (lon, lat, ext.toString())
    for lon, lat in ((29.0, 41.0), (4.5, 51.9)):  # Istanbul, Rotterdam: where the BRI lines end
        assert not ext.contains(to_canvas.transform(QgsPointXY(lon, lat))), (lon, lat, ext.toString())


def test_project_signals_follow_the_dock(plugin, iface):
    proj = QgsProject.instance()
    before = proj.receivers(proj.readProject), proj.receivers(proj.cleared)
    plugin.panel_action.trigger()
    # the state (reads its entries, forgets on clear) and the results keeper (a read keeps the saved layer order)
    assert (proj.receivers(proj.readProject), proj.receivers(proj.cleared)) == (before[0] + 2, before[1] + 2)
    plugin.unload()
    assert (proj.receivers(proj.readProject), proj.receivers(proj.cleared)) == before
