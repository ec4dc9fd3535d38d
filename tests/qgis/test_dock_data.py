"""The dock's own-data section, province table, prefecture choropleth, centre sets, Gateways and Monitor tabs,
driven through their buttons (offscreen, qtbot)."""
from __future__ import annotations

import pytest
from qgis.core import QgsFeature, QgsGeometry, QgsGraduatedSymbolRenderer, QgsPointXY, QgsRectangle, QgsVectorLayer
from qgis.PyQt.QtCore import Qt

import hinterland_plugin
from hinterland_plugin.core.engine.model import Engine
from hinterland_plugin.core.resources import data_path
from hinterland_plugin.gui.dock import HinterlandDock
from hinterland_plugin.gui.gateways_tab import GATEWAY_GROUP
from hinterland_plugin.gui.monitor_tab import MONITOR_GROUP
from hinterland_plugin.gui.results_group import RESULTS_GROUP
from hinterland_plugin.gui.state import CentreRow
from tests.synthetic import synthetic_gpkg


@pytest.fixture(scope="module")
def synthetic_engine(tmp_path_factory):
    return Engine(synthetic_gpkg(tmp_path_factory.mktemp("dockdata") / "t.gpkg"), dem=None)


def _dock(qgis_iface, qtbot, engine):
    plug = hinterland_plugin.classFactory(None)
    plug.initProcessing()
    plug.provider.set_engine(engine)
    d = HinterlandDock(qgis_iface)
    qtbot.addWidget(d)
    return plug, d


@pytest.fixture()
def dock(qgis_iface, qgis_processing, synthetic_engine, qtbot, project):
    plug, d = _dock(qgis_iface, qtbot, synthetic_engine)
    d.run_tab.resolution.setValue(10000)
    d.run_tab.profile.setCurrentIndex(d.run_tab.profile.findData("road"))
    d.run_tab.thresholds.setText("60,120")
    yield d
    d.unload()
    plug.unload()


@pytest.fixture()
def real_dock(qgis_iface, qgis_processing, real_engine, qtbot, project):
    plug, d = _dock(qgis_iface, qtbot, real_engine)
    yield d
    d.unload()
    plug.unload()


def _polygon(x0, y0, x1, y1, name="area"):
    lyr = QgsVectorLayer("Polygon?crs=EPSG:4326", name, "memory")
    f = QgsFeature()
    f.setGeometry(QgsGeometry.fromRect(QgsRectangle(x0, y0, x1, y1)))
    lyr.dataProvider().addFeatures([f])
    return lyr


def test_province_table_and_prefecture_choropleth(dock, qtbot, project):
    dock.state.add_centre(CentreRow("A", 102.0, 29.0))
    with qtbot.waitSignal(dock.resultsReady, timeout=120000):
        dock.run_tab.run_btn.click()
    rows = [r for r in dock.state.admin_rows if r["level"] == "province"]
    assert rows
    table = dock.run_tab.summary.provinces
    assert table.rowCount() == len(rows)
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert headers[0] in ("Province", "省份") and any("60" in h for h in headers)
    big = max(rows, key=lambda r: r["population"])
    assert table.item(0, 1).text() == f"{big['population']:,.0f}"  # largest first, thousands separators
    shares = [c for c, h in enumerate(headers) if h.startswith(("Share", "占比"))]
    assert shares and table.item(0, shares[0]).text().endswith(" %")
    group = project.layerTreeRoot().findGroup(RESULTS_GROUP)
    layers = {n.layer().customProperty("hinterland/kind"): n.layer() for n in group.findLayers()}
    prefs = layers["prefecture_times"]
    assert isinstance(prefs.renderer(), QgsGraduatedSymbolRenderer) and prefs.featureCount() > 0
    admin = layers["admin"]
    i = admin.fields().indexOf("mean_time_min")
    assert admin.fields().field(i).alias() not in ("", "mean_time_min")  # aliases on result fields
    # a reopened project shows the same province table
    dock.state.load(project)
    assert len([r for r in dock.state.admin_rows if r["level"] == "province"]) == len(rows)


def test_own_data_is_remembered_and_passed(dock, qtbot, project, tmp_path):
    area = _polygon(101.5, 28.5, 103.0, 30.0)
    project.addMapLayer(area)
    box = dock.run_tab.inputs_box
    box.setCollapsed(False)
    box.combos["STUDY_AREA"].setLayer(area)
    assert dock.state.inputs["STUDY_AREA"] == area.id()
    params = dock.state.common_parameters(dock.state.centres_layer([CentreRow("A", 102.0, 29.0)]))
    assert params["STUDY_AREA"] is area
    dock.run_tab.resolution.setValue(1000)
    text = dock.run_tab.estimate_label.text()
    assert ("million" in text or "百万" in text) and ("MB" in text or "GB" in text)
    cells = dock.run_tab.estimate()[0]
    assert 2e4 < cells < 4e4  # ~27,000 km² at 1 km
    assert "run takes about" in text or "运行约需" in text  # and the time, which grows with the centres
    dock.run_tab.resolution.setValue(100)
    one = dock.run_tab.estimate_label.text()
    for k in range(8):
        dock.state.add_centre(CentreRow(f"C{k}", 102.0 + 0.1 * k, 29.0))
    assert dock.run_tab.estimate_label.text() != one
    dock.state.set_centres([])
    path = tmp_path / "p.qgz"
    assert project.write(str(path))
    project.clear()
    assert dock.state.inputs == {} and box.combos["STUDY_AREA"].currentLayer() is None
    assert project.read(str(path))
    assert box.combos["STUDY_AREA"].currentLayer() is not None
    assert box.combos["STUDY_AREA"].currentLayer().name() == "area"


def test_a_grid_past_the_memory_is_refused_before_running(dock, qtbot, project):
    dock.state.add_centre(CentreRow("A", 102.0, 29.0))
    started = []
    dock.runner.started.connect(started.append)
    dock.run_tab.resolution.setValue(100)  # all of China at 100 m: about a billion cells
    assert "GB" in dock.run_tab.estimate_label.text()
    if dock.run_tab.estimate()[2]:
        pytest.skip("this machine has the memory for all of China at 100 m")
    dock.run_tab.run_btn.click()
    assert not started and dock.run_tab.status.is_error
    assert "GB" in dock.run_tab.status.text()


def test_add_a_ready_made_centre_set(real_dock):
    tab = real_dock.centres_tab
    tab.sets_menu.aboutToShow.emit()
    actions = [a for a in tab.sets_menu.actions() if a.isEnabled()]
    assert len(actions) >= 4
    actions[0].trigger()
    n = len(real_dock.state.centres())
    assert n >= 3
    assert real_dock.state.undo() and real_dock.state.centres() == []  # one step to undo


def test_double_click_adds_the_candidate(real_dock):
    tree = real_dock.centres_tab.candidates
    item = tree.topLevelItem(0).child(0)
    tree.itemDoubleClicked.emit(item, 0)
    assert len(real_dock.state.centres()) == 1


def test_gateways_tab_run_and_closure(real_dock, qtbot, project):
    project.addMapLayer(_polygon(70, 15, 135, 55, "land"))
    project.addMapLayer(QgsVectorLayer("LineString?crs=EPSG:4326", "roads", "memory"))
    tab = real_dock.gateways_tab
    tab.resolution.setValue(50000)
    with qtbot.waitSignal(real_dock.runner.finished, timeout=300000) as blocker:
        tab.run_btn.click()
    assert blocker.args[0].ok, blocker.args[0].error
    assert tab.table.rowCount() == len(tab.gateway_rows) > 5
    assert tab.close_combo.count() == len(tab.gateway_rows)
    group = project.layerTreeRoot().findGroup(GATEWAY_GROUP)
    assert {"gateways", "gateway_prefectures", "gateway_allocation"} <= {
        n.layer().customProperty("hinterland/kind") for n in group.findLayers()}
    busiest = max(tab.gateway_rows, key=lambda r: r["population"])["gateway"]
    tab.close_combo.setCurrentText(busiest)
    with qtbot.waitSignal(real_dock.runner.finished, timeout=300000) as blocker:
        tab.close_btn.click()
    assert blocker.args[0].ok, blocker.args[0].error
    assert tab.closure_rows and tab.closure.rowCount() == len(tab.closure_rows)
    assert {tab.closure.item(r, 0).text() for r in range(tab.closure.rowCount())} == {busiest}
    groups = [g for g in project.layerTreeRoot().children() if g.name() == GATEWAY_GROUP]
    assert len(groups) == 1 and "gateway_delta" in {n.layer().customProperty("hinterland/kind")
                                                    for n in groups[0].findLayers()}
    # drawn as a user expects after the second run: the gateways on top, the hinterlands between the user's
    # lines and polygons (once they were appended under every polygon, invisible)
    order = [lyr.customProperty("hinterland/kind") or lyr.name() for lyr in project.layerTreeRoot().layerOrder()]
    assert order.index("gateways") < order.index("roads") < order.index("gateway_allocation") < order.index("land")


def test_backup_reach_section(real_dock, qtbot, project):
    from hinterland_plugin.gui.backup_reach_box import BACKUP_GROUP

    box = real_dock.gateways_tab.backup
    box.industry.setCurrentIndex(box.industry.findData("semiconductors"))
    with qtbot.waitSignal(real_dock.runner.finished, timeout=300000) as blocker:
        box.run_btn.click()
    assert blocker.args[0].ok, blocker.args[0].error
    assert box.rows and all(r["industry"] == "semiconductors" for r in box.rows)
    assert box.table.rowCount() == len(box.rows)
    group = project.layerTreeRoot().findGroup(BACKUP_GROUP)
    (node,) = group.findLayers()
    assert node.layer().customProperty("hinterland/kind") == "backup_reach" and node.layer().featureCount() == len(box.rows)


def test_monitor_tab_synthetic_feed(real_dock, qtbot, project):
    tab = real_dock.monitor_tab
    with qtbot.waitSignal(real_dock.runner.finished, timeout=120000) as blocker:
        tab.run_btn.click()
    assert blocker.args[0].ok, blocker.args[0].error
    assert tab.alert_rows and tab.table.rowCount() == len(tab.alert_rows)
    assert tab.table.item(0, 0).text() in ("red", "红")  # most severe first
    assert len(tab.charts) >= 2 and not tab.charts[0].pixmap().isNull()
    assert "SYNTHETIC" in tab.status.text() or "合成" in tab.status.text()
    group = project.layerTreeRoot().findGroup(MONITOR_GROUP)
    assert group is not None and any("SYNTHETIC" in n.layer().name() or "合成" in n.layer().name()
                                     for n in group.findLayers())


def test_a_reopened_project_keeps_its_layer_order(dock, qtbot, project, tmp_path):
    """Layers read with a project are not "added by the user": they keep the saved order (the results stay
    above the polygons). In real QGIS they were all moved on top in id order, the rasters under the provinces;
    offscreen the read does not reproduce that (checked: passes without the keeper's read guard) - this test
    guards the order, scripts/run_qgis.sh --screenshot-provinces shows the real case."""
    gpkg = data_path()
    for layer, name in (("provinces", "z_land"), ("corridor_segments", "b_roads"),
                        ("candidate_centres", "a_points")):
        assert project.addMapLayer(QgsVectorLayer(f"{gpkg}|layername={layer}", name, "ogr")).isValid()
    dock.state.add_centre(CentreRow("A", 102.0, 29.0))
    with qtbot.waitSignal(dock.resultsReady, timeout=120000):
        dock.run_tab.run_btn.click()
    qtbot.wait(50)
    path = tmp_path / "order.qgs"
    before = [lyr.name() for lyr in project.layerTreeRoot().layerOrder()]
    assert before.index("Travel time (minutes)") < before.index("z_land")
    assert project.write(str(path))
    project.clear()
    assert project.read(str(path))
    qtbot.wait(50)
    after = [lyr.name() for lyr in project.layerTreeRoot().layerOrder()]
    assert after == before


def _lines(name, lat, speed=100.0):
    lyr = QgsVectorLayer("LineString?crs=EPSG:4326&field=kmh:double&field=label:string", name, "memory")
    f = QgsFeature(lyr.fields())
    f.setGeometry(QgsGeometry.fromPolylineXY([QgsPointXY(101.2, lat), QgsPointXY(106.8, lat)]))
    f.setAttributes([speed, name])
    lyr.dataProvider().addFeatures([f])
    return lyr


def _sites(name, lon, lat):
    lyr = QgsVectorLayer("Point?crs=EPSG:4326&field=name:string", name, "memory")
    f = QgsFeature(lyr.fields())
    f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(lon, lat)))
    f.setAttributes([f"{name} 1"])
    lyr.dataProvider().addFeatures([f])
    return lyr


def _saved(mem, folder):
    """``mem`` as a GeoPackage layer (a memory layer's features do not survive a saved project)."""
    from qgis.core import QgsProject, QgsVectorFileWriter

    path = folder / f"{mem.name()}.gpkg"
    opts = QgsVectorFileWriter.SaveVectorOptions()
    opts.driverName = "GPKG"
    err = QgsVectorFileWriter.writeAsVectorFormatV3(mem, str(path), QgsProject.instance().transformContext(), opts)
    assert err[0] == QgsVectorFileWriter.WriterError.NoError, err
    return QgsVectorLayer(str(path), mem.name(), "ogr")


def test_several_network_and_site_layers_are_ticked_remembered_and_passed(dock, qtbot, project, tmp_path,
                                                                         synthetic_engine):
    """The dock takes several network line layers and several site point layers, as Processing does: ticked in
    a list, saved with the project, passed as lists, and every site layer counted in the coverage table."""
    roads = [_saved(_lines("roads_a", 29.5), tmp_path), _saved(_lines("roads_b", 31.5), tmp_path),
             _saved(_lines("not_ticked", 30.5), tmp_path)]
    depots = [_saved(_sites("depots", 102.5, 29.5), tmp_path), _saved(_sites("clinics", 104.0, 31.5), tmp_path)]
    for lyr in roads + depots:
        project.addMapLayer(lyr)
    box = dock.run_tab.inputs_box
    box.setCollapsed(False)
    net, sites = box.lists["NETWORK"], box.lists["SITES"]
    assert {net.itemText(i) for i in range(net.count())} == {"roads_a", "roads_b", "not_ticked"}
    assert {sites.itemText(i) for i in range(sites.count())} == {"depots", "clinics"}  # points only
    for i in range(net.count()):
        if net.itemText(i) != "not_ticked":
            net.setItemCheckState(i, Qt.CheckState.Checked)
    for i in range(sites.count()):
        sites.setItemCheckState(i, Qt.CheckState.Checked)
    assert box.fields["NETWORK_SPEED_FIELD"].layer() is not None  # the fields of the first ticked layer
    box.fields["NETWORK_SPEED_FIELD"].setField("kmh")
    box.fields["SITE_NAME_FIELD"].setField("name")
    assert sorted(dock.state.inputs["NETWORK"]) == sorted(r.id() for r in roads[:2])
    assert sorted(dock.state.inputs["SITES"]) == sorted(d.id() for d in depots)
    params = dock.state.common_parameters(dock.state.centres_layer([CentreRow("A", 102.0, 29.0)]))
    assert sorted(lyr.name() for lyr in params["NETWORK"]) == ["roads_a", "roads_b"]
    assert sorted(lyr.name() for lyr in params["SITES"]) == ["clinics", "depots"]
    assert params["NETWORK_SPEED_FIELD"] == "kmh" and params["SITE_NAME_FIELD"] == "name"
    path = tmp_path / "p.qgz"
    assert project.write(str(path))
    project.clear()
    assert dock.state.inputs == {} and not net.layer_ids() and not sites.layer_ids()
    assert project.read(str(path))
    assert sorted(project.mapLayer(i).name() for i in net.layer_ids()) == ["roads_a", "roads_b"]
    assert sorted(project.mapLayer(i).name() for i in sites.layer_ids()) == ["clinics", "depots"]
    assert box.fields["NETWORK_SPEED_FIELD"].currentField() == "kmh"
    # a run counts both site layers and uses both roads
    dock.state.add_centre(CentreRow("A", 102.0, 29.0))
    with qtbot.waitSignal(dock.resultsReady, timeout=120000):
        dock.run_tab.run_btn.click()
    row = next(r for r in dock.state.coverage_rows if r["centre"] == "ALL")
    assert "depots_n" in row and "clinics_n" in row, " ".join(sorted(row))
    used = [{i.split(":")[0] for i in p.inputs.network.ident} for p in synthetic_engine._cache.values()
            if p.inputs is not None]
    assert {"roads_a", "roads_b"} in used  # the grid of the run was built with both ticked road layers
    # a ticked layer removed from the project leaves the other one
    project.removeMapLayer([lyr for lyr in project.mapLayers().values() if lyr.name() == "roads_b"][0])
    params = dock.state.common_parameters(dock.state.centres_layer([CentreRow("A", 102.0, 29.0)]))
    assert [lyr.name() for lyr in params["NETWORK"]] == ["roads_a"]
