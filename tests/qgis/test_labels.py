"""Every result layer, the strategic layers and the dock's tables read as words, in zh and in en (issue 16
point 11): each field has an alias, a coded value (ALL, without:X, nearest, hsr, border_crossing, amber...) is
shown as a label, and in Chinese no English unit ("208 min", "3.0 pt") or raw code is left in a table cell,
header or legend."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from qgis.core import QgsApplication, QgsRasterLayer, QgsVectorLayer
from qgis.PyQt.QtCore import QCoreApplication, QTranslator
from qgis.PyQt.QtWidgets import QTableWidget

import hinterland_plugin
from hinterland_plugin import i18n
from hinterland_plugin.core.engine.model import Engine
from hinterland_plugin.gui.dock import HinterlandDock
from hinterland_plugin.gui.state import CentreRow
from hinterland_plugin.layers import add_strategic_layers
from tests.synthetic import synthetic_gpkg

ROOT = Path(__file__).resolve().parents[2]

#: codes the engine and the data write into attribute tables (written down here, not read from the label table
#: under test, so a code that loses its label fails)
CODES = {"ALL", "nearest", "per_centre", "hsr", "rail", "road", "water", "province", "prefecture", "site", "hub",
         "segment", "green", "amber", "red", "none", "respond", "watch", "normal", "no_data", "seaport",
         "river_port", "border_crossing", "dry_port", "hub_city", "operating", "planned", "under_construction",
         "verified", "partial", "unverified", "country", "third_front", "maritime_boundary", "expressway",
         "trunk_highway", "ferry", "sea_crossing", "east", "west", "central", "northeast", "transfer", "backup"}
#: fields whose values are codes
CODED = {"centre", "mode", "level", "status", "worst", "kind", "state", "type", "gateway_type", "category",
         "region", "relation", "confidence", "solved", "closed", "response"}
SNAKE = re.compile(r"[a-z]+(_[a-z]+)+")
#: in Chinese: an English unit after a number, or a code, in a cell, header or legend
ENGLISH = re.compile(r"\d\s*(min|pt|h|hours?)\b|\b(ALL|multimodal|nearest|per_centre|Band \d)\b|without:")


@pytest.fixture(scope="module")
def island_engine(tmp_path_factory):
    return Engine(synthetic_gpkg(tmp_path_factory.mktemp("labels") / "island.gpkg", island=True), dem=None)


@pytest.fixture()
def in_language(request, monkeypatch, tmp_path):
    """The UI in ``request.param`` ('zh' with the compiled Chinese translation, or 'en')."""
    lang = request.param
    monkeypatch.setattr(i18n, "qgis_locale", lambda: "zh_CN" if lang == "zh" else "en_US")
    translator = None
    if lang == "zh":
        sys.path.insert(0, str(ROOT / "scripts"))
        import package

        translator = QTranslator()
        assert translator.load(str(package.compile_translations(tmp_path)[0]))
        QCoreApplication.installTranslator(translator)
    yield lang
    if translator is not None:
        QCoreApplication.removeTranslator(translator)


def _shown(layer: QgsVectorLayer, i: int, value) -> str:
    """A value as the attribute table shows it (through the field's editor widget / formatter)."""
    setup = layer.editorWidgetSetup(i)
    formatter = QgsApplication.fieldFormatterRegistry().fieldFormatter(setup.type())
    return str(formatter.representValue(layer, i, setup.config(), None, value))


def layer_problems(layer, lang: str) -> list[str]:
    out = []
    name = layer.name()
    if isinstance(layer, QgsRasterLayer):
        renderer = layer.renderer()
        labels = [text for text, _ in renderer.legendSymbologyItems()] if renderer is not None else []
    else:
        renderer = layer.renderer()
        labels = [item.label() for item in renderer.legendSymbolItems()] if renderer is not None else []
        fields = layer.fields()
        for i in range(fields.count()):
            field = fields.at(i).name()
            if field == "fid":
                continue
            if layer.attributeDisplayName(i) == field:
                out.append(f"{name}: field {field} has no alias")
            if field not in CODED:
                continue
            for value in layer.uniqueValues(i, 200):
                if value is None or str(value) in ("", "NULL"):
                    continue
                shown = _shown(layer, i, value)
                raw = str(value)
                # in English a code that is a plain word ("province", "green") may read as itself
                coded = raw in CODES if lang == "zh" else raw == "ALL"
                if (coded or raw.startswith("without:") or SNAKE.fullmatch(raw)) and shown == raw:
                    out.append(f"{name}: {field} shows the code {raw!r}")
                if shown.startswith("(") and shown.endswith(")") and shown[1:-1] == raw:
                    out.append(f"{name}: {field} value {raw!r} is missing from its value map")
    if lang == "zh":
        out += [f"{name}: legend {text!r}" for text in labels if ENGLISH.search(text)]
        if ENGLISH.search(name):
            out.append(f"layer name {name!r}")
    return out


def table_problems(widget) -> list[str]:
    out = []
    for table in widget.findChildren(QTableWidget):
        texts = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())
                 if table.horizontalHeaderItem(c) is not None]
        texts += [table.verticalHeaderItem(r).text() for r in range(table.rowCount())
                  if table.verticalHeaderItem(r) is not None]
        texts += [table.item(r, c).text() for r in range(table.rowCount()) for c in range(table.columnCount())
                  if table.item(r, c) is not None]
        out += [f"table cell/header {t!r}" for t in texts if ENGLISH.search(t)]
    return out


def _dock(qgis_iface, qtbot, engine):
    plug = hinterland_plugin.classFactory(None)
    plug.initProcessing()
    plug.provider.set_engine(engine)
    dock = HinterlandDock(qgis_iface)
    qtbot.addWidget(dock)
    return plug, dock


@pytest.mark.parametrize("in_language", ["zh", "en"], indirect=True)
def test_coverage_scenario_n1_and_warning_read_as_words(qgis_iface, qgis_processing, island_engine, qtbot,
                                                         project, in_language):
    from qgis.core import QgsLayerTreeModel

    layers_panel = QgsLayerTreeModel(project.layerTreeRoot())  # open before the runs, as in QGIS
    plug, dock = _dock(qgis_iface, qtbot, island_engine)
    try:
        dock.run_tab.resolution.setValue(10000)
        dock.run_tab.profile.setCurrentIndex(dock.run_tab.profile.findData("multimodal"))
        dock.run_tab.thresholds.setText("120,600")
        dock.state.add_centre(CentreRow("Island", 108.2, 30.0))
        dock.state.add_centre(CentreRow("Mainland", 102.0, 29.0))
        with qtbot.waitSignal(dock.resultsReady, timeout=120000):
            dock.run_tab.run_btn.click()
        panel = dock.disruption_tab
        panel.name_edit.setText("bridge down")
        panel.set_selected_ids(["t:03"])
        with qtbot.waitSignal(panel.scenarioReady, timeout=120000):
            panel.run_btn.click()
        with qtbot.waitSignal(panel.criticalityReady, timeout=120000):
            panel.crit_btn.click()
        with qtbot.waitSignal(dock.warning_tab.indicatorsReady, timeout=120000):
            dock.warning_tab.eval_btn.click()
        layers = list(project.mapLayers().values())
        kinds = {lyr.customProperty("hinterland/kind") for lyr in layers}
        assert {"coverage", "isochrones", "admin", "prefecture_times", "access", "time", "allocation", "backup",
                "delta", "disrupted", "criticality"} <= kinds
        problems = [p for lyr in layers for p in layer_problems(lyr, in_language)]
        for node in project.layerTreeRoot().findLayers():  # the layers panel: classes only, no band line
            if isinstance(node.layer(), QgsRasterLayer):
                problems += [f"{node.layer().name()}: panel shows {n.data(0)!r}"
                             for n in layers_panel.layerLegendNodes(node) if "Band" in str(n.data(0))]
        if in_language == "zh":
            problems += table_problems(dock)
        assert problems == []
        alloc = next(n for n in project.layerTreeRoot().findLayers()
                     if n.layer().customProperty("hinterland/kind") == "allocation")
        assert [n.data(0) for n in layers_panel.layerLegendNodes(alloc)] == ["Island", "Mainland"]  # every class
        # the coverage table's own rows: all centres and each "without" in words, centre names as they are
        cov = next(lyr for lyr in layers if lyr.customProperty("hinterland/kind") == "coverage")
        i = cov.fields().indexFromName("centre")
        shown = {_shown(cov, i, v) for v in cov.uniqueValues(i)}
        assert {"Island", "Mainland"} <= shown
        assert ({"全部中心", "缺少 Island"} if in_language == "zh" else {"All centres", "Without Island"}) <= shown
    finally:
        dock.unload()
        plug.unload()


@pytest.mark.parametrize("in_language", ["zh"], indirect=True)
def test_strategic_gateway_and_monitor_layers_read_as_words(qgis_iface, qgis_processing, real_engine, qtbot,
                                                             project, in_language):
    add_strategic_layers(project, lang=in_language)
    problems = [p for lyr in project.mapLayers().values() for p in layer_problems(lyr, in_language)]
    assert problems == []
    project.clear()
    plug, dock = _dock(qgis_iface, qtbot, real_engine)
    try:
        tab = dock.gateways_tab
        tab.resolution.setValue(50000)
        with qtbot.waitSignal(dock.runner.finished, timeout=300000):
            tab.run_btn.click()
        tab.close_combo.setCurrentIndex(0)
        with qtbot.waitSignal(dock.runner.finished, timeout=300000):
            tab.close_btn.click()
        with qtbot.waitSignal(dock.runner.finished, timeout=300000):
            dock.monitor_tab.run_btn.click()
        kinds = {lyr.customProperty("hinterland/kind") for lyr in project.mapLayers().values()}
        assert {"gateways", "gateway_prefectures", "output_points", "output_provinces"} <= kinds
        problems = [p for lyr in project.mapLayers().values() for p in layer_problems(lyr, in_language)]
        problems += table_problems(dock.gateways_tab) + table_problems(dock.monitor_tab)
        assert problems == []
    finally:
        dock.unload()
        plug.unload()


def test_no_band_line_in_a_layers_panel_that_was_open_before_the_run(qgis_app, project, tmp_path):
    """QGIS' layers panel exists before the results are added; it showed 'Band 1 (Gray)' above the classes
    although a model made afterwards did not."""
    import numpy as np
    from qgis.core import QgsLayerTreeModel

    from hinterland_plugin.core.engine.grid import Grid
    from hinterland_plugin.core.engine.outputs import write_geotiff
    from hinterland_plugin.result_layers import load_coverage_outputs

    panel = QgsLayerTreeModel(project.layerTreeRoot())  # open first, as in the application
    write_geotiff(tmp_path / "t.tif", np.ones((2, 2), np.float32), Grid(0, 0, 1000, 2, 2))
    layers = load_coverage_outputs({"OUTPUT_TIME": str(tmp_path / "t.tif")}, project, ["A"], lang="en")
    node = project.layerTreeRoot().findLayer(layers[0].id())
    labels = [n.data(0) for n in panel.layerLegendNodes(node)]
    assert labels and not any("Band" in str(lab) for lab in labels), labels


@pytest.mark.parametrize("in_language", ["zh"], indirect=True)
def test_segment_list_names_every_corridor_and_road(qgis_iface, qgis_processing, real_engine, qtbot, project,
                                                      in_language):
    """The Disruption tab's segment list groups by corridor or road route: each group is named (seen in real
    QGIS: the road routes showed as 'bohai_ferry', 'g0613_gy')."""
    plug, dock = _dock(qgis_iface, qtbot, real_engine)
    try:
        tab = dock.disruption_tab
        assert tab.load_segments()
        groups = [tab.seg_tree.topLevelItem(i).text(0) for i in range(tab.seg_tree.topLevelItemCount())]
        assert len(groups) > 20
        assert [g for g in groups if not any("\u4e00" <= ch <= "\u9fff" for ch in g)] == []
    finally:
        dock.unload()
        plug.unload()


def test_report_least_served_table_says_minutes_in_the_reports_language(qgis_app):
    """The HTML report's least-served prefectures: '2,252 分钟' in Chinese (it said '2,252 min')."""
    from hinterland_plugin.report import least_served_html

    rows = [{"level": "prefecture", "code": "540100", "name": "阿里地区", "population": 123281,
             "mean_time_min": 2252.4, "share_60": 0.0, "nearest_centre": "成都"}]
    zh, en = least_served_html(rows, "zh", [60]), least_served_html(rows, "en", [60])
    assert "2,252 分钟" in zh and not ENGLISH.search(zh.replace("<", " <"))
    assert "2,252 min" in en
