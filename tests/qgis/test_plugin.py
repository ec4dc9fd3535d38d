"""Plugin life cycle in the repository layout: classFactory, initGui, action, unload symmetry."""
from __future__ import annotations

import pytest
from qgis.core import QgsApplication
from qgis.PyQt.QtWidgets import QAction

import hinterland_plugin


@pytest.fixture()
def plugin(iface, qgis_app):
    plug = hinterland_plugin.classFactory(iface)
    plug.initGui()
    yield plug
    if plug.actions:  # the test did not unload
        plug.unload()


def test_init_gui_registers_action_and_provider(plugin, iface):
    assert len(plugin.actions) == 1
    action = plugin.actions[0]
    assert isinstance(action, QAction)
    assert action.objectName() == "hinterlandAddStrategicLayers"
    assert [a[-1] for a in iface.added("addPluginToMenu")] == [action, plugin.panel_action]
    assert [a[-1] for a in iface.added("addToolBarIcon")] == [action, plugin.panel_action]
    assert [a[-1] for a in iface.added("addDockWidget")] == [plugin.dock]
    assert plugin.panel_action.isCheckable() and not plugin.dock.isVisible()
    assert QgsApplication.processingRegistry().providerById("hinterland") is plugin.provider
    ids = {a.id() for a in plugin.provider.algorithms()}
    assert "hinterland:strategiclayers" in ids


def test_unload_mirrors_init_gui(plugin, iface):
    action = plugin.actions[0]
    receivers_before = action.receivers(action.triggered)
    assert receivers_before >= 1
    plugin.unload()
    assert iface.unbalanced() == {}
    assert plugin.actions == []
    assert plugin.provider is None and plugin.translator is None
    assert QgsApplication.processingRegistry().providerById("hinterland") is None
    assert action in [a[-1] for a in iface.added("removePluginMenu")]
    assert len(iface.added("removeDockWidget")) == 1 and plugin.dock is None


def test_load_unload_load_again(iface, qgis_app):
    for _ in range(2):
        plug = hinterland_plugin.classFactory(iface)
        plug.initGui()
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


def test_action_adds_layers_and_reports(plugin, iface, project):
    result = plugin.actions[0].trigger()
    assert result is None  # trigger() returns nothing; check the project instead
    group = project.layerTreeRoot().findGroup("Strategic hinterland / 国家战略腹地")
    assert group is not None and len(group.findLayers()) == 12


def test_project_signal_connected_and_released(plugin, iface):
    from qgis.core import QgsProject

    proj = QgsProject.instance()
    before = proj.receivers(proj.readProject)
    assert before >= 1
    plugin.unload()
    assert proj.receivers(proj.readProject) == before - 1
