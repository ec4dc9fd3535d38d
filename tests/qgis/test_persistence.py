"""Nothing lost on save and reopen (issue 15): every result the dock adds is a file in the project's results
folder (rasters, GeoPackage layers, the drawn hazard zone, the coverage table), and the dock's state
(centres, scenarios, indicators) travels in the project. Save, clear, reopen — also after moving the folder."""
from __future__ import annotations

import json
import shutil

import pytest
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsPointXY,
    QgsProcessingUtils,
    QgsProject,
    QgsRasterLayer,
    QgsVectorLayer,
)

import hinterland_plugin
from hinterland_plugin.core.constants import KIND_PROPERTY, RESULT_PROPERTY
from hinterland_plugin.core.engine.model import Engine
from hinterland_plugin.gui.dock import HinterlandDock
from hinterland_plugin.gui.state import CentreRow
from tests.synthetic import synthetic_gpkg

POP10H = {"id": "pop10h", "name_zh": "10小时人口", "name_en": "Population within 10 h",
          "metric": "population_share_within", "minutes": 600, "amber": 0.999, "red": 0.99,
          "direction": "low_is_bad"}


@pytest.fixture(scope="module")
def island_engine(tmp_path_factory):
    return Engine(synthetic_gpkg(tmp_path_factory.mktemp("persist") / "island.gpkg", island=True), dem=None)


@pytest.fixture()
def dock(qgis_iface, qgis_processing, island_engine, qtbot, project):
    plug = hinterland_plugin.classFactory(None)
    plug.initProcessing()
    plug.provider.set_engine(island_engine)
    d = HinterlandDock(qgis_iface)
    qtbot.addWidget(d)
    d.run_tab.resolution.setValue(10000)
    d.run_tab.profile.setCurrentText("multimodal")
    d.run_tab.thresholds.setText("120,600")
    yield d
    d.unload()
    plug.unload()


def _results(project: QgsProject) -> dict:
    """kind (and scenario) -> feature count (vectors) or raster size, for every result layer."""
    out = {}
    for lyr in project.mapLayers().values():
        if not lyr.customProperty(RESULT_PROPERTY):
            continue
        assert lyr.isValid(), lyr.source()
        key = (lyr.customProperty(KIND_PROPERTY), lyr.customProperty("hinterland/scenario") or "")
        out[key] = lyr.featureCount() if isinstance(lyr, QgsVectorLayer) else (lyr.width(), lyr.height())
    return out


def _fill(dock, qtbot, tmp_path):
    dock.state.add_centre(CentreRow("Island", 108.2, 30.0))
    dock.state.add_centre(CentreRow("Mainland", 102.0, 29.0, capacity=3))
    with qtbot.waitSignal(dock.resultsReady, timeout=120000):
        assert dock.run_tab.run()
    panel = dock.disruption_tab
    panel.name_edit.setText("bridge down")
    panel.set_selected_ids(["t:03"])
    with qtbot.waitSignal(panel.scenarioReady, timeout=120000):
        assert panel.run_scenario()
    panel.set_selected_ids([])
    ring = [QgsPointXY(x, y) for x, y in ((107.0, 29.5), (107.4, 29.5), (107.4, 30.5), (107.0, 30.5))]
    panel.add_hazard_polygon(ring, QgsCoordinateReferenceSystem("EPSG:4326"))
    with qtbot.waitSignal(panel.criticalityReady, timeout=120000):
        assert panel.run_criticality()
    dock.state.set_indicators_text(json.dumps({"indicators": [POP10H]}))
    with qtbot.waitSignal(dock.warning_tab.indicatorsReady, timeout=120000):
        assert dock.warning_tab.run_indicators()


def test_save_clear_reopen_and_move_loses_nothing(dock, qtbot, project, tmp_path):
    folder = tmp_path / "a"
    folder.mkdir()
    path = folder / "study.qgz"
    assert project.write(str(path))
    chosen = []
    dock.state.resultsFolderChosen.connect(chosen.append)
    _fill(dock, qtbot, tmp_path)
    assert dock.state.results_folder() == folder / "study_hinterland"  # beside the project, remembered in it
    assert chosen == [str(folder / "study_hinterland")]  # told once, not at every run
    before = _results(project)
    kinds = {k for k, _ in before}
    assert kinds >= {"time", "allocation", "backup", "isochrones", "access", "coverage", "delta", "disrupted",
                     "hazard", "criticality"}, kinds
    assert all(str(lyr.source()).startswith(str(folder)) for lyr in project.mapLayers().values()
               if lyr.customProperty(RESULT_PROPERTY)), "a result outside the project's results folder"
    rows = list(dock.state.coverage_rows)
    centres, scenarios, indicators = dock.state.centres(), dict(dock.state.scenarios), list(dock.state.indicator_rows)
    assert project.write()

    project.clear()
    assert dock.state.centres() == [] and dock.run_tab.summary.table.rowCount() == 0
    assert project.read(str(path))
    assert _results(project) == before
    assert dock.state.centres() == centres and dock.state.scenarios == scenarios
    assert dock.state.indicator_rows == indicators and dock.warning_tab.indicators.rowCount() == 1
    assert dock.state.coverage_rows == rows and dock.run_tab.summary.table.rowCount() == len(rows)

    # move the whole folder elsewhere: the project finds its results relative to itself
    project.clear()
    moved = tmp_path / "b"
    shutil.move(str(folder), str(moved))
    assert project.read(str(moved / "study.qgz"))
    assert _results(project) == before
    assert dock.state.results_folder() == moved / "study_hinterland"


def test_results_of_an_unsaved_project_move_beside_it_when_it_is_saved(dock, qtbot, project, tmp_path):
    dock.state.add_centre(CentreRow("Mainland", 102.0, 29.0))
    with qtbot.waitSignal(dock.resultsReady, timeout=120000):
        assert dock.run_tab.run()
    ring = [QgsPointXY(x, y) for x, y in ((107.0, 29.5), (107.4, 29.5), (107.4, 30.5), (107.0, 30.5))]
    dock.disruption_tab.add_hazard_polygon(ring, QgsCoordinateReferenceSystem("EPSG:4326"))
    tmp = QgsProcessingUtils.tempFolder()
    for lyr in project.mapLayers().values():
        assert str(lyr.source()).startswith(tmp), lyr.source()
    assert any(isinstance(lyr, QgsRasterLayer) for lyr in project.mapLayers().values())
    before = _results(project)
    path = tmp_path / "later.qgz"
    assert project.write(str(path))  # saved for the first time: the results follow the project
    for lyr in project.mapLayers().values():
        assert str(lyr.source()).startswith(str(tmp_path / "later_hinterland")), lyr.source()
    project.clear()
    assert project.read(str(path))
    assert _results(project) == before
