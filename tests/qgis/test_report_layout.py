"""The report's print layout at A4 and A3, in zh and en, for 1 and 30 centres, without and with 5 scenarios of
early-warning indicators: no two items overlap (the inset, north arrow and scale bar sit inside the main map and
apart from each other), everything lies on the page, text fits its frame, the inset stays off the land."""
from __future__ import annotations

import re

import pytest
from qgis.core import (
    QgsLayoutFrame,
    QgsLayoutItem,
    QgsLayoutItemLabel,
    QgsLayoutItemLegend,
    QgsLayoutItemPage,
    QgsProject,
    QgsRectangle,
    QgsVectorLayer,
)

from hinterland_plugin.core.engine.warning import load_indicators
from hinterland_plugin.core.resources import data_path
from tests.qgis.conftest import point_layer

ON_MAP = ("inset_map", "north_arrow", "scalebar")
TOL = 0.05  # mm
SCENARIOS = {"zh": "合肥—武汉高铁{k}号区段与沿江通道同时中断", "en": "Hefei–Wuhan HSR section {k} and the Yangtze corridor cut"}


def _centres(n: int):
    """n candidate centres named as users do: Chinese, English, "中文 English" in turn (and one unknown point)."""
    cand = QgsVectorLayer(f"{data_path()}|layername=candidate_centres", "c", "ogr")
    pts = []
    for i, f in enumerate(cand.getFeatures()):
        p = f.geometry().asPoint()
        name = (f"{f['name_zh']} {f['name_en']}", f["name_en"], f["name_zh"])[i % 3]
        pts.append((name, p.x(), p.y()))
    pts.append(("Point 30", 87.6, 43.8))
    return pts[:n] if n > 1 else [("成都 Chengdu", 104.07, 30.67)]


def coverage_case(n: int) -> dict:
    import processing
    from qgis.core import QgsProcessingUtils

    pts = _centres(n)
    out = processing.run("hinterland:coverage", {
        "CENTRES": point_layer(pts), "NAME_FIELD": "name", "PROFILE": "multimodal", "RESOLUTION": 40000,
        "THRESHOLDS": "60,120,180,240", "OUTPUT": "memory:", "OUTPUT_TIME": "TEMPORARY_OUTPUT",
        "OUTPUT_ISOCHRONES": QgsProcessingUtils.generateTempFilename(f"iso{n}.gpkg")})
    table = out["OUTPUT"]
    rows = [dict(zip(table.fields().names(), f.attributes())) for f in table.getFeatures()]
    return {"outputs": {k: out[k] for k in ("OUTPUT_TIME", "OUTPUT_ISOCHRONES")}, "rows": rows,
            "names": [p[0] for p in pts]}


def indicator_rows(n_scenarios: int, lang: str) -> list[dict] | None:
    if not n_scenarios:
        return None
    rows = []
    for k, scen in enumerate(["baseline"] + [SCENARIOS[lang].format(k=k) for k in range(1, n_scenarios + 1)]):
        for j, ind in enumerate(load_indicators()):
            value = {"population_share_within": 0.6123 - 0.01 * k, "max_time_to": 187.0 + 40 * k,
                     "segment_loss_points": 2.04 + k}[ind["metric"]]
            rows.append({"scenario": scen, "id": ind["id"], "name_zh": ind["name_zh"], "name_en": ind["name_en"],
                         "metric": ind["metric"], "value": value, "status": ("green", "amber", "red")[(j + k) % 3]})
    return rows


def build_case(cov: dict, lang: str, page: str, n_scenarios: int):
    from hinterland_plugin.layers import add_strategic_layers
    from hinterland_plugin.report import fill_layout, new_layout, to_a3
    from hinterland_plugin.result_layers import load_coverage_outputs

    project = QgsProject()
    add_strategic_layers(project, lang=lang)
    load_coverage_outputs(cov["outputs"], project, cov["names"], lang=lang)
    layout = new_layout(project)
    if page == "A3":
        layout = to_a3(layout)
    params = {"centres": ", ".join(cov["names"]), "centre_names": cov["names"], "profile": "multimodal",
              "thresholds": "60,120,180,240", "res": 40000.0}
    fill_layout(layout, project, lang, cov["rows"], params, indicator_rows(n_scenarios, lang))
    return layout, project


def _rect(item) -> QgsRectangle:
    """The item's box in layout coordinates (every page below the one before)."""
    pos, size = item.pos(), item.sizeWithUnits()
    return QgsRectangle(pos.x(), pos.y(), pos.x() + size.width(), pos.y() + size.height())


def _overlap(a: QgsRectangle, b: QgsRectangle) -> bool:
    return (min(a.xMaximum(), b.xMaximum()) - max(a.xMinimum(), b.xMinimum()) > TOL
            and min(a.yMaximum(), b.yMaximum()) - max(a.yMinimum(), b.yMinimum()) > TOL)


def _inside(a: QgsRectangle, b: QgsRectangle) -> bool:
    return (a.xMinimum() >= b.xMinimum() - TOL and a.yMinimum() >= b.yMinimum() - TOL
            and a.xMaximum() <= b.xMaximum() + TOL and a.yMaximum() <= b.yMaximum() + TOL)


def _page_rect(layout, item) -> QgsRectangle:
    """The rectangle (layout coordinates) of the page the item is on."""
    page = layout.pageCollection().page(max(0, item.page()))
    pos, size = page.pos(), page.pageSize()
    return QgsRectangle(pos.x(), pos.y(), pos.x() + size.width(), pos.y() + size.height())


def check_layout(layout, project, lang: str) -> None:
    from hinterland_plugin.report import _land, _to_map, legend_content_size

    items = {i.id(): i for i in layout.items() if isinstance(i, QgsLayoutItem) and not isinstance(i, QgsLayoutItemPage)
             and i.isVisible() and i.id()}
    for ident in ("title", "subtitle", "main_map", "inset_map", "legend", "scalebar", "north_arrow", "summary",
                  "summary_caption", "sources"):
        assert ident in items, ident
    main = _rect(items["main_map"])
    for ident, item in items.items():
        r = _rect(item)
        assert r.width() > 0 and r.height() > 0, ident
        page_rect = _page_rect(layout, item)
        assert _inside(r, page_rect), (ident, r.toString(1), page_rect.toString(1))
        if ident in ON_MAP:
            assert _inside(r, main), (ident, r.toString(1), main.toString(1))
    idents = sorted(items)
    for k, a in enumerate(idents):
        for b in idents[k + 1:]:
            if "main_map" in (a, b) and ({a, b} - {"main_map"}) <= set(ON_MAP):
                continue
            assert not _overlap(_rect(items[a]), _rect(items[b])), (a, b, _rect(items[a]).toString(1),
                                                                       _rect(items[b]).toString(1))
    for ident, item in items.items():
        size = item.sizeWithUnits()
        if isinstance(item, QgsLayoutItemLabel):
            need = item.sizeForText()
            assert need.width() <= size.width() + TOL and need.height() <= size.height() + TOL, (ident, need, size)
            # slack: the PDF measures text a little wider than the layout; a frame cut to the text wraps its end
            assert need.width() <= 0.97 * size.width() + 1, (ident, need, size)
        elif isinstance(item, QgsLayoutFrame):
            need = item.multiFrame().totalSize()
            assert need.width() <= size.width() + TOL and need.height() <= size.height() + TOL, (ident, need, size)
        elif isinstance(item, QgsLayoutItemLegend):
            need = legend_content_size(item)  # QGIS' legend renderer
            assert need.width() <= size.width() + TOL and need.height() <= size.height() + TOL, (ident, need, size)
    # the inset sits in the sea: it covers no land of the mainland, Hainan or Taiwan
    country = next(lyr for lyr in project.mapLayers().values() if lyr.customProperty("hinterland/theme") == "country")
    r = _rect(items["inset_map"])
    assert not _to_map(items["main_map"], r.xMinimum(), r.yMinimum(), r.width(), r.height()).intersects(
        _land(project, country, south=False))
    # the subtitle speaks one language: centre names with a known bilingual form follow it
    sub = items["subtitle"].text()
    if lang == "zh":
        assert not re.search(r"Chengdu|Baoji|Changsha|profile|multimodal", sub), sub
    else:
        assert not re.search(r"[\u4e00-\u9fff]", sub), sub


@pytest.fixture(scope="module")
def cases(qgis_processing, real_engine):
    import hinterland_plugin

    plug = hinterland_plugin.classFactory(None)
    plug.initProcessing()
    plug.provider.set_engine(real_engine)
    yield {n: coverage_case(n) for n in (1, 30)}
    plug.unload()


@pytest.mark.parametrize("page", ["A4", "A3"])
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("n_centres", [1, 30])
@pytest.mark.parametrize("n_scenarios", [0, 5])
def test_layout_has_no_overlaps(cases, page, lang, n_centres, n_scenarios):
    layout, project = build_case(cases[n_centres], lang, page, n_scenarios)
    check_layout(layout, project, lang)
    assert (layout.itemById("indicators").isVisible()) == bool(n_scenarios)
    assert layout.itemById("curve").isVisible()
    table = layout.itemById("summary").multiFrame().tableContents()
    texts = [c.content() for row in table for c in row]
    assert any(re.fullmatch(r"\d{1,3}(,\d{3})+", str(v)) for v in texts)  # thousands separators
    assert any(str(v).endswith("%") for v in texts)
    assert not any("ALL" in str(v) or "without:" in str(v) for v in texts)


def test_centre_names_follow_the_report_language():
    from hinterland_plugin.report import centre_label, display_name

    assert display_name("成都 Chengdu", "zh") == "成都" and display_name("成都 Chengdu", "en") == "Chengdu"
    assert display_name("Chengdu", "zh") == "成都" and display_name("武汉", "en") == "Wuhan"
    assert display_name("Point 3", "zh") == "Point 3"  # no bilingual name known: as the user wrote it
    assert display_name("我的中心 My centre", "en") == "My centre"
    assert centre_label("ALL", "zh") == "全部中心" and centre_label("ALL", "en") == "All centres"
    assert centre_label("without:成都 Chengdu", "en") == "Without Chengdu"


def test_coverage_curve_counts_people():
    import numpy as np

    from hinterland_plugin.core.engine.coverage import PointSet
    from hinterland_plugin.core.engine.curves import coverage_curves, curve_minutes

    a = np.array([[10.0, 50.0], [np.inf, 130.0]])
    b = np.array([[70.0, 20.0], [30.0, np.nan]])
    people = PointSet(np.array([0, 0, 1, 1]), np.array([0, 1, 0, 1]), list("abcd"), list("xxxx"),
                      np.array([1.0, 2.0, 3.0, 4.0]))
    out = coverage_curves([a, b], ["A", "B"], people, [0, 30, 60, 120, 180])
    assert out["curves"]["A"] == [0, 1, 3, 3, 7]
    assert out["curves"]["B"] == [0, 5, 5, 6, 6]
    assert out["curves"]["ALL"] == [0, 6, 6, 6, 10]
    assert curve_minutes([240])[-1] == 360 and curve_minutes([300])[-1] == 450


def test_minutes_added_legend_lists_only_what_is_drawn(qgis_app, tmp_path):
    """'No change' is transparent through the renderer's transparency: no legend item (it showed a black swatch
    like 'cut off'); the band line is dropped from the layer tree legend."""
    import numpy as np
    from osgeo import gdal
    from qgis.core import QgsLayerTreeModel, QgsRasterLayer

    from hinterland_plugin.styling import hide_band_row, style_delta

    path = str(tmp_path / "delta.tif")
    ds = gdal.GetDriverByName("GTiff").Create(path, 3, 1, 1, gdal.GDT_Float32)
    ds.SetGeoTransform((0, 1, 0, 1, 0, -1))
    ds.GetRasterBand(1).WriteArray(np.array([[0.0, 10.0, 1e6]], np.float32))
    ds = None
    layer = QgsRasterLayer(path, "delta")
    style_delta(layer)
    block = layer.renderer().block(1, QgsRectangle(0, 0, 3, 1), 3, 1)
    assert (block.color(0, 0) >> 24) == 0  # no change: transparent
    assert (block.color(0, 1) >> 24) == 255 and block.color(0, 2) & 0xFFFFFF == 0  # +10 min drawn, cut off black
    project = QgsProject()
    project.addMapLayer(layer)
    node = project.layerTreeRoot().findLayer(layer.id())
    model = QgsLayerTreeModel(project.layerTreeRoot())
    hide_band_row(node)
    model.refreshLayerLegend(node)
    labels = [n.data(0) for n in model.layerLegendNodes(node)]
    assert labels[0].startswith("≤ +15") and len(labels) == 7
    assert not any("Band" in t or "no change" in t or "无变化" in t for t in labels)


# --- page 2: gateway hinterlands, monitoring, backup reach (issue 19) -------------------------------------------

P2_ITEMS = ("p2_title", "p2_footer", "p2_gateway_caption", "p2_gateway_map", "p2_gateway_table_caption", "p2_gateways",
            "p2_alerts_caption", "p2_alerts", "p2_provinces_caption", "p2_provinces", "p2_trend_caption", "p2_trend",
            "p2_backup_caption", "p2_backup")


@pytest.fixture(scope="module")
def page2_data(cases, real_engine):
    """The rows of one run each of gatewayhinterland, monitor (synthetic sample) and backupreach (coarse)."""
    import processing
    from qgis.core import QgsProcessingUtils

    from hinterland_plugin.core.resources import resources_dir

    def rows(layer):
        return [dict(zip(layer.fields().names(), f.attributes())) for f in layer.getFeatures()]

    alloc = QgsProcessingUtils.generateTempFilename("p2_alloc.tif")
    gw = processing.run("hinterland:gatewayhinterland", {"RESOLUTION": 50000, "OUTPUT_ALLOCATION": alloc,
                                                         "OUTPUT": "memory:"})
    mon = processing.run("hinterland:monitor", {
        "FEED": str(resources_dir() / "data" / "sample_feed_synthetic.csv"), "OUTPUT": "memory:",
        "OUTPUT_ALERTS": "memory:", "OUTPUT_PROVINCES": "memory:", "OUTPUT_SERIES": "memory:"})
    br = processing.run("hinterland:backupreach", {"RESOLUTION": 50000, "OUTPUT": "memory:"})
    return {"alloc": alloc, "gateways": rows(gw["OUTPUT"]), "alerts": rows(mon["OUTPUT_ALERTS"]),
            "provinces": rows(mon["OUTPUT_PROVINCES"]), "series": rows(mon["OUTPUT_SERIES"]),
            "status": rows(mon["OUTPUT"]), "backup": rows(br["OUTPUT"])}


@pytest.mark.parametrize("page", ["A4", "A3"])
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("sections", ["all", "gateways", "monitor_backup"])
def test_second_page_has_no_overlaps(cases, page2_data, page, lang, sections):
    from qgis.core import QgsRasterLayer

    from hinterland_plugin.report_page2 import Page2, fill_second_page
    from hinterland_plugin.styling import style_gateway_allocation

    layout, project = build_case(cases[30], lang, page, 5)
    d = page2_data
    p2 = Page2(params={"res": 50000.0, "market": 240.0})
    if sections in ("all", "gateways"):
        lyr = QgsRasterLayer(d["alloc"], "gateways")
        style_gateway_allocation(lyr, [r["gateway"] for r in d["gateways"]])
        project.addMapLayer(lyr)
        p2.gateway_rows, p2.gateway_layer = d["gateways"], lyr
    if sections in ("all", "monitor_backup"):
        p2.alerts, p2.provinces, p2.series, p2.status = d["alerts"], d["provinces"], d["series"], d["status"]
        p2.backup_rows = d["backup"]
    fill_second_page(layout, project, lang, p2)
    assert layout.pageCollection().pageCount() == 2
    check_layout(layout, project, lang)
    shown = {i.id() for i in layout.items() if isinstance(i, QgsLayoutItem) and i.isVisible() and i.id().startswith("p2_")}
    assert {"p2_title", "p2_footer"} <= shown <= set(P2_ITEMS)
    assert ("p2_gateway_map" in shown) == (sections != "monitor_backup")
    assert ("p2_alerts" in shown and "p2_trend" in shown and "p2_backup" in shown) == (sections != "gateways")
    for ident in shown - {"p2_title", "p2_footer"}:
        assert layout.itemById(ident).page() == 1, ident  # everything of page 2 is on page 2
    if "p2_alerts" in shown:  # sorted by severity: reds first
        cells = [row[0].content() for row in layout.itemById("p2_alerts").multiFrame().tableContents()[1:]]
        red = "红" if lang == "zh" else "red"
        assert cells and cells[0] == red and cells == sorted(cells, key=lambda c: c != red)


def test_no_second_page_unless_asked(cases):
    from hinterland_plugin.report_page2 import Page2, fill_second_page

    layout, project = build_case(cases[1], "en", "A4", 0)
    fill_second_page(layout, project, "en", Page2())
    assert layout.pageCollection().pageCount() == 1
