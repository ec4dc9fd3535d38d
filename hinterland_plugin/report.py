"""Report-ready map and summary: print layout (PDF / PNG) and an HTML report.

The layout comes from ``resources/layouts/report_a4.qpt`` when present (edit it in QGIS' layout
designer: keep the item ids ``title``, ``subtitle``, ``main_map``, ``inset_map``, ``legend``,
``scalebar``, ``north_arrow``, ``summary``, ``indicators``, ``sources``); the plugin fills their content. Without the
template the same layout is built in code, and ``write_template`` saves that as the template.
"""
from __future__ import annotations

import html
import re
import sqlite3
from datetime import date
from functools import lru_cache
from pathlib import Path

from qgis.core import (
    Qgis,
    QgsCoordinateTransform,
    QgsGeometry,
    QgsLayoutExporter,
    QgsLayoutFrame,
    QgsLayoutItemLabel,
    QgsLayoutItemLegend,
    QgsLayoutItemManualTable,
    QgsLayoutItemMap,
    QgsLayoutItemPage,
    QgsLayoutItemPicture,
    QgsLayoutItemScaleBar,
    QgsLayoutMultiFrame,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsLayoutTable,
    QgsLayoutUtils,
    QgsLegendRenderer,
    QgsLegendStyle,
    QgsMapClippingRegion,
    QgsPrintLayout,
    QgsProject,
    QgsRasterLayer,
    QgsReadWriteContext,
    QgsRectangle,
    QgsRenderContext,
    QgsScaleBarSettings,
    QgsTableCell,
    QgsTextFormat,
    QgsTextRenderer,
    QgsUnitTypes,
)
from qgis.PyQt.QtCore import QSizeF, Qt
from qgis.PyQt.QtGui import QColor, QFont
from qgis.PyQt.QtXml import QDomDocument

from .charts import curve_image, image_base64
from .core.catalog import THEMES, name_field
from .core.constants import KIND_PROPERTY, RESULT_PROPERTY, STATUS_COLOURS, THEME_PROPERTY
from .core.engine.warning import format_value
from .core.resources import data_path, resources_dir
from .core.texts import text as bilingual
from .core.texts import texts
from .styling import hide_band_row

FONT = "Noto Sans CJK SC"
MM = QgsUnitTypes.LayoutUnit.LayoutMillimeters
TEMPLATE = "report_a4.qpt"

MAIN_THEMES = ("candidate_centres", "computing_hubs", "arsenal_sites", "corridors", "roads", "reference_lines",
               "maritime_boundary", "provinces", "country")
LEGEND_THEMES = ("candidate_centres", "computing_hubs", "arsenal_sites", "corridors", "roads")


#: item ids the filler looks for; ``summary`` and ``indicators`` are manual tables (frames), ``curve`` a picture
LABEL_IDS = ("title", "subtitle", "summary_caption", "curve_caption", "indicators_caption", "sources")
A4_MM = (297.0, 210.0)


def _fmt(size: float, bold: bool = False) -> QgsTextFormat:
    fmt = QgsTextFormat()
    font = QFont(FONT)
    font.setBold(bold)
    fmt.setFont(font)
    fmt.setSize(size)
    return fmt


def _land(project: QgsProject, country, south: bool) -> QgsGeometry:
    """Mainland with Hainan and Taiwan (parts reaching north of 15°N) or the South China Sea islands (south of
    24°N, east of 105°E), in the project CRS."""
    xf = QgsCoordinateTransform(country.crs(), project.crs(), project.transformContext())
    parts = []
    for feat in country.getFeatures():
        for part in feat.geometry().asGeometryCollection():
            bb = part.boundingBox()
            if south and not (bb.yMaximum() < 24.0 and bb.xMinimum() > 105.0):
                continue
            if not south and bb.yMaximum() < 15.0:
                continue
            g = QgsGeometry(part)
            g.transform(xf)
            parts.append(g)
    return QgsGeometry.collectGeometry(parts) if parts else QgsGeometry()


def _extent(project: QgsProject, country, south: bool) -> QgsRectangle:
    """Mainland extent (parts north of 15°N) or the South China Sea islands (south of 24°N, east of 105°E)."""
    geom = _land(project, country, south)
    rect = QgsRectangle(geom.boundingBox()) if not geom.isNull() else QgsRectangle()
    rect.scale(1.05)
    return rect


def _new_table(layout: QgsPrintLayout, ident: str):
    table = QgsLayoutItemManualTable.create(layout)
    layout.addMultiFrame(table)
    frame = QgsLayoutFrame(layout, table)
    frame.setId(ident)
    table.addFrame(frame)
    frame.attemptResize(QgsLayoutSize(80, 20, MM))
    return frame


def _build_items(layout: QgsPrintLayout) -> None:
    """The default A4 landscape items; every item gets the id the filler looks for (fill_layout places them)."""
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
    add(QgsLayoutItemLabel(layout), "summary_caption", 202, 125, 88, 4)
    add(QgsLayoutItemLabel(layout), "curve_caption", 202, 150, 88, 4)
    add(QgsLayoutItemPicture(layout), "curve", 202, 154, 88, 30)
    add(QgsLayoutItemLabel(layout), "indicators_caption", 202, 185, 88, 4)
    add(QgsLayoutItemLabel(layout), "sources", 8, 190, 281, 12)
    for ident, y in (("summary", 129), ("indicators", 189)):
        frame = _new_table(layout, ident)
        frame.attemptMove(QgsLayoutPoint(202, y, MM))


def _ensure_items(layout: QgsPrintLayout) -> None:
    """Templates edited before an item existed still work: missing items are added, the old HTML labels
    ``summary`` / ``indicators`` become tables."""
    for ident in ("summary", "indicators"):
        item = layout.itemById(ident)
        if isinstance(item, QgsLayoutFrame) and isinstance(item.multiFrame(), QgsLayoutItemManualTable):
            continue
        if item is not None:
            layout.removeLayoutItem(item)
        _new_table(layout, ident)
    for ident in LABEL_IDS:
        if layout.itemById(ident) is None:
            item = QgsLayoutItemLabel(layout)
            item.setId(ident)
            layout.addLayoutItem(item)
    if layout.itemById("curve") is None:
        item = QgsLayoutItemPicture(layout)
        item.setId("curve")
        layout.addLayoutItem(item)


def to_a3(layout: QgsPrintLayout) -> QgsPrintLayout:
    """A3 landscape: fill_layout places every item for the page size (fonts and sizes grow by sqrt 2)."""
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
            _ensure_items(layout)
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


# --- names in the report's language -------------------------------------------------------------------------

_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")


@lru_cache(maxsize=1)
def _bilingual() -> dict[str, tuple[str, str]]:
    """name (zh, en or "zh en") -> (zh, en) of the bundled candidate centres and cities (candidates win)."""
    out: dict[str, tuple[str, str]] = {}
    try:
        con = sqlite3.connect(f"file:{data_path()}?mode=ro", uri=True)
        try:
            for table in ("cities", "candidate_centres"):
                for zh, en in con.execute(f"SELECT name_zh, name_en FROM {table}"):
                    if zh and en:
                        for key in (zh, en, f"{zh} {en}", f"{en} {zh}"):
                            out[key.casefold()] = (zh, en)
        finally:
            con.close()
    except sqlite3.Error:
        return {}
    return out


def display_name(name: str, lang: str) -> str:
    """A centre's name in the report's language where a bilingual name is known (bundled centres and cities,
    "成都 Chengdu" forms); else the part of a mixed name in that script; else the name as given."""
    name = str(name).strip()
    known = _bilingual().get(name.casefold())
    if known:
        return known[0] if lang == "zh" else known[1]
    words = name.split()
    cjk = [w for w in words if _CJK.search(w)]
    latin = [w for w in words if not _CJK.search(w)]
    if cjk and latin:
        for w in cjk + [" ".join(latin)]:
            hit = _bilingual().get(w.casefold())
            if hit:
                return hit[0] if lang == "zh" else hit[1]
        return " ".join(cjk if lang == "zh" else latin)
    return name


def centre_label(centre: str, lang: str) -> str:
    t = texts("report", lang)
    c = str(centre)
    if c == "ALL":
        return t["all_centres"]
    if c.startswith("without:"):
        return t["without"].format(display_name(c[len("without:"):], lang))
    return display_name(c, lang)


def _minutes(m: float, lang: str) -> str:
    return texts("report", lang)["minutes"].format(m=float(m))


# --- tables -------------------------------------------------------------------------------------------------

_TOKENS = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+\s*|\s+")
_NO_LINE_START = set(",。、;:)」』》?!%,.;:)")


def text_width_mm(text: str, size_pt: float, bold: bool = False) -> float:
    """Width of one line of ``text`` in the report font at ``size_pt``, in millimetres, as QGIS' text renderer
    measures it (the same measure as a label's sizeForText)."""
    context = QgsRenderContext()
    context.setScaleFactor(300 / 25.4)  # painter units per millimetre at 300 dpi
    return QgsTextRenderer.textWidth(context, _fmt(size_pt, bold), [text]) / context.scaleFactor()


def label_measure(label, size_pt: float, bold: bool = False):
    """A width function (text -> mm) measuring with ``label`` itself (its sizeForText, margins excluded)."""
    label.setMode(QgsLayoutItemLabel.Mode.ModeFont)
    label.setTextFormat(_fmt(size_pt, bold))
    label.setMargin(0.3)

    def width(text: str) -> float:
        label.setText(text)
        return label.sizeForText().width() - 0.6
    return width


def wrap(text: str, size_pt: float, width_mm: float, bold: bool = False, measure=None) -> str:
    """``text`` broken into lines no wider than ``width_mm`` (between words; between Chinese characters,
    never before closing punctuation); existing line breaks are kept. ``measure``: text -> mm (default
    text_width_mm at ``size_pt``)."""
    measure = measure or (lambda x: text_width_mm(x, size_pt, bold))
    out = []
    for para in str(text).split("\n"):
        line = ""
        for tok in _TOKENS.findall(para):
            if line and tok[0] not in _NO_LINE_START and measure((line + tok).rstrip()) > width_mm:
                out.append(line.rstrip())
                line = tok.lstrip()
            else:
                line += tok
        out.append(line.rstrip())
    return "\n".join(out)


def _set_table(frame, rows: list[list[str]], size_pt: float, header_rows: int = 1, colours: dict | None = None,
               left_cols: tuple = (0,)) -> QSizeF:
    """A manual table of plain cells (header rows bold), auto column widths, no wrapping (numbers never break);
    the frame takes the table's own size."""
    table = frame.multiFrame()
    contents = []
    for r, row in enumerate(rows):
        cells = []
        for c, text in enumerate(row):
            cell = QgsTableCell(text)
            cell.setTextFormat(_fmt(size_pt, bold=r < header_rows))
            cell.setHorizontalAlignment(Qt.AlignmentFlag.AlignLeft if c in left_cols else Qt.AlignmentFlag.AlignRight)
            cell.setVerticalAlignment(Qt.AlignmentFlag.AlignVCenter)
            if colours and (r, c) in colours:
                cell.setBackgroundColor(QColor(colours[(r, c)]))
            cells.append(cell)
        contents.append(cells)
    table.setIncludeTableHeader(False)
    table.setContentTextFormat(_fmt(size_pt))
    table.setCellMargin(0.2 * size_pt)
    table.setShowGrid(True)
    table.setVerticalGrid(False)
    table.setGridColor(QColor("#c8c8c8"))
    table.setGridStrokeWidth(0.1)
    table.setWrapBehavior(QgsLayoutTable.WrapBehavior.TruncateText)
    table.setResizeMode(QgsLayoutMultiFrame.ResizeMode.UseExistingFrames)
    table.setTableContents(contents)
    table.setColumnWidths([0.0] * (max((len(r) for r in rows), default=0)))
    return _fit_frame(frame)


def _fit_frame(frame) -> QSizeF:
    """Shrink a table's single frame to the table: the lowest height at which every row shows in it (QGIS'
    totalHeight() exceeds the frame height as soon as a row would need another frame)."""
    table = frame.multiFrame()

    width = table.totalWidth() + 0.05

    def fits(h):
        frame.attemptResize(QgsLayoutSize(width, h, MM))
        return table.totalHeight() <= h + 1e-6

    lo, hi = 0.5, 50.0
    while not fits(hi) and hi < 2000:
        lo, hi = hi, 2 * hi
    while hi - lo > 0.08:
        mid = (lo + hi) / 2
        lo, hi = (lo, mid) if fits(mid) else (mid, hi)
    fits(hi + 0.05)
    return frame.sizeWithUnits().toQSizeF()


def summary_rows(rows: list[dict], lang: str) -> list[list[str]]:
    """The map page's coverage table (all centres together) as a person reads it: header, one row per threshold."""
    t = texts("report", lang)
    out = [list(t["table_head"])]
    for r in sorted((r for r in rows if r.get("centre") == "ALL"), key=lambda r: r["threshold_min"]):
        out.append([_minutes(r["threshold_min"], lang), _count(r.get("area_km2")), _count(r.get("population")),
                    f"{100 * (_num(r.get('population_share')) or 0):.1f}%", _count(r.get("backup_population")),
                    _count(r.get("uncovered_population"))])
    return out


def summary_html(rows: list[dict], lang: str) -> str:
    grid = summary_rows(rows, lang)
    pad = "style='padding:1px 5px;text-align:right;border-bottom:1px solid #ccc;white-space:nowrap'"
    head = "".join(f"<th {pad}>{html.escape(h).replace(chr(10), '<br>')}</th>" for h in grid[0])
    body = "".join("<tr>" + "".join(f"<td {pad}>{html.escape(v)}</td>" for v in row) + "</tr>" for row in grid[1:])
    return (f"<p><b>{html.escape(bilingual('report.coverage_caption', lang))}</b></p>"
            "<table style='border-collapse:collapse;font-family:\"Noto Sans CJK SC\"'>"
            f"<tr>{head}</tr>{body}</table>")


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
    th = max(thresholds) if thresholds else None
    head = [h.format(th=th) if th else ("" if "{th" in h else h) for h in bilingual("report.least_served_head", lang)]
    body = ""
    for r in rows:
        t = r.get("mean_time_min")
        share = r.get(f"share_{th:g}") if th else None
        cells = [r.get("name", ""), f"{r.get('population') or 0:,.0f}",
                 (bilingual("report.indicator_minutes", lang).format(v=t) if t is not None else "∞"),
                 (f"{100 * share:.1f}%" if share is not None else ""), r.get("nearest_centre", "")]
        body += "<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in cells) + "</tr>"
    return "<table><tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in head) + f"</tr>{body}</table>"


def indicator_value(row: dict, lang: str = "en") -> str:
    """An indicator value in its unit, in the report's language."""
    metric, v = row.get("metric", ""), row.get("value")
    if lang == "zh" and v is not None:
        v = float(v)
        if metric == "max_time_to":
            return bilingual("report.indicator_minutes", lang).format(v=v) if v < 1e8 else "∞"
        if metric == "segment_loss_points":
            return texts("report", lang)["points"].format(v=v)
    return format_value(row)


def _indicator_cells(rows: list[dict], lang: str):
    t = texts("report", lang)
    scenarios = list(dict.fromkeys(r["scenario"] for r in rows))
    ids = list(dict.fromkeys(r["id"] for r in rows))
    by = {(r["scenario"], r["id"]): r for r in rows}
    name_key = name_field(lang)
    names = {iid: str(next(r[name_key] for r in rows if r["id"] == iid)) for iid in ids}
    labels = {s: t["baseline"] if s == "baseline" else s for s in scenarios}

    def cell(s, iid):
        r = by.get((s, iid))
        if r is None:
            return "", None
        return (f"{indicator_value(r, lang)} ({t['status'].get(r['status'], r['status'])})",
                STATUS_COLOURS.get(r["status"], "#ffffff"))
    return scenarios, ids, names, labels, cell


def indicator_grid(rows: list[dict], lang: str, size_pt: float, name_mm: float,
                   scenarios_as_rows: bool) -> tuple[list[list[str]], dict]:
    """(rows of text, {(row, col): colour}) of the early-warning table; long names wrapped to ``name_mm``."""
    t = texts("report", lang)
    scenarios, ids, names, labels, cell = _indicator_cells(rows, lang)
    colours = {}
    if scenarios_as_rows:  # one row per scenario, one column per indicator
        head, row_keys, col_keys, row_names, col_names = t["scenario_head"], scenarios, ids, labels, names

        def at(r, c):
            return cell(r, c)
    else:  # one row per indicator, one column per scenario
        head, row_keys, col_keys, row_names, col_names = t["warning_head"], ids, scenarios, names, labels

        def at(r, c):
            return cell(c, r)
    grid = [[head] + [wrap(col_names[k], size_pt, name_mm, bold=True) for k in col_keys]]
    for r, rk in enumerate(row_keys, start=1):
        line = [wrap(row_names[rk], size_pt, name_mm)]
        for c, ck in enumerate(col_keys, start=1):
            text, colour = at(rk, ck)
            line.append(text)
            if colour:
                colours[(r, c)] = colour
        grid.append(line)
    return grid, colours


def indicators_html(rows: list[dict], lang: str, font_pt: float | None = 6, caption: bool = True) -> str:
    """Indicators (rows) × scenarios (columns), each cell coloured green / amber / red."""
    if not rows:
        return ""
    t = texts("report", lang)
    scenarios, ids, names, labels, cell = _indicator_cells(rows, lang)
    pad = "padding:1px 4px;border-bottom:1px solid #ccc"
    head = f"<th style='{pad};text-align:left'>{html.escape(t['warning_head'])}</th>" + "".join(
        f"<th style='{pad}'>{html.escape(labels[s])}</th>" for s in scenarios)
    body = ""
    for iid in ids:
        body += f"<tr><td style='{pad}'>{html.escape(names[iid])}</td>"
        for s in scenarios:
            text, colour = cell(s, iid)
            style = f"{pad};text-align:right;white-space:nowrap" + (f";background:{colour}" if colour else "")
            body += f"<td style='{style}'>{html.escape(text)}</td>"
        body += "</tr>"
    size = f"font-size:{font_pt}pt;" if font_pt else ""
    return (f"<table style='border-collapse:collapse;font-family:\"Noto Sans CJK SC\";{size}'>"
            + (f"<caption style='text-align:left;font-weight:bold'>{html.escape(t['warning'])}</caption>"
               if caption else "") +
            f"<tr>{head}</tr>{body}</table>")


# --- legend, curve --------------------------------------------------------------------------------------------

def _fill_legend(legend, t: dict, lang: str, layers: list) -> None:
    """The legend: results first, then the strategic themes; raster legends without the band line; every
    class listed (no filter by map: the size must be known before the map is drawn)."""
    legend.setTitle(t["legend"])
    legend.setAutoUpdateModel(False)
    legend.setLegendFilterByMapEnabled(False)
    root = legend.model().rootGroup()
    root.removeAllChildren()
    for lyr in layers:
        node = root.addLayer(lyr)
        if isinstance(lyr, QgsRasterLayer):  # drop the "Band 1 (Gray)" line above the classes
            hide_band_row(node)
            legend.model().refreshLayerLegend(node)
    legend.setSplitLayer(True)
    legend.setEqualColumnWidth(False)


def _legend_size(legend, size_pt: float, cols: int) -> QSizeF:
    """Style the legend at ``size_pt`` with ``cols`` columns and return the size its content needs (mm)."""
    for style in (QgsLegendStyle.Style.Title, QgsLegendStyle.Style.Subgroup, QgsLegendStyle.Style.SymbolLabel):
        size = {QgsLegendStyle.Style.Title: 1.5 * size_pt, QgsLegendStyle.Style.Subgroup: 1.1 * size_pt}.get(
            style, size_pt)
        legend.rstyle(style).setTextFormat(_fmt(size, bold=style != QgsLegendStyle.Style.SymbolLabel))
    legend.rstyle(QgsLegendStyle.Style.Subgroup).setMargin(QgsLegendStyle.Side.Top, 0.5 * size_pt)
    legend.rstyle(QgsLegendStyle.Style.Symbol).setMargin(QgsLegendStyle.Side.Top, 0.25 * size_pt)
    legend.setSymbolHeight(0.42 * size_pt)
    legend.setSymbolWidth(0.8 * size_pt)
    legend.setColumnSpace(0.5 * size_pt)
    legend.setMaximumSymbolSize(0.55 * size_pt)
    legend.setColumnCount(cols)
    legend.setResizeToContents(False)
    return legend_content_size(legend)


def legend_content_size(legend) -> QSizeF:
    """The size (mm) a layout legend's content needs, as QGIS' legend renderer lays it out."""
    context = QgsLayoutUtils.createRenderContextForLayout(legend.layout(), None)
    return QgsLegendRenderer(legend.model(), legend.legendSettings()).minimumSize(context)


def curves_from_rows(rows: list[dict]) -> dict:
    """A coarse coverage curve from the coverage table alone (people within each threshold, 0 at 0 min)."""
    ths = sorted({float(r["threshold_min"]) for r in rows})
    curves = {}
    for r in rows:
        c = str(r.get("centre"))
        if not c.startswith("without:"):
            curves.setdefault(c, {})[float(r["threshold_min"])] = float(r.get("population") or 0)
    return {"minutes": [0.0] + ths, "curves": {c: [0.0] + [v.get(t, 0.0) for t in ths] for c, v in curves.items()}}


def curve_texts(lang: str) -> dict:
    t = texts("report", lang)
    return {"x": t["curve_x"], "y": t["curve_y"], "all": t["curve_all"], "each": t["curve_each"]}


# --- arrangement ----------------------------------------------------------------------------------------------

def _place(item, x: float, y: float, w: float, h: float) -> None:
    item.attemptMove(QgsLayoutPoint(x, y, MM))
    item.attemptResize(QgsLayoutSize(w, h, MM))


def _label(item, text: str, size_pt: float, bold: bool = False) -> QSizeF:
    """Plain label sized to its text (margins included)."""
    item.setMode(QgsLayoutItemLabel.Mode.ModeFont)
    item.setText(text)
    item.setTextFormat(_fmt(size_pt, bold))
    item.setMargin(0.3)
    item.setVisibility(bool(text))
    return item.sizeForText()


def _subtitle(t: dict, lang: str, names: list[str], params: dict, size_pt: float, width_mm: float,
              measure) -> str:
    """The subtitle with as many centre names as fit on one line, then the count."""
    today = date.today().isoformat()
    profile = t["profiles"].get(params.get("profile"), params.get("profile", ""))
    values = {**params, "profile": profile, "date": today}
    for k in range(len(names), 0, -1):
        listed = t["list_sep"].join(names[:k]) + ("" if k == len(names) else t["more_centres"].format(n=len(names)))
        text = t["subtitle"].format(**{**values, "centres": listed})
        if 1.05 * measure(text) + 1 <= width_mm:
            return text
    return t["subtitle"].format(**{**values, "centres": t["more_centres"].format(n=len(names)).lstrip("… ")})


def _to_map(main, x_mm: float, y_mm: float, w_mm: float, h_mm: float) -> QgsGeometry:
    """A layout rectangle (mm) on the main map as a polygon in map coordinates."""
    pos, size, ext = main.positionWithUnits(), main.sizeWithUnits(), main.extent()
    fx, fy = ext.width() / size.width(), ext.height() / size.height()
    x0, y1 = ext.xMinimum() + (x_mm - pos.x()) * fx, ext.yMaximum() - (y_mm - pos.y()) * fy
    return QgsGeometry.fromRect(QgsRectangle(x0, y1 - h_mm * fy, x0 + w_mm * fx, y1))


def _place_on_map(main, land: QgsGeometry, inset, north, bar, s: float, inset_aspect: float) -> None:
    """Inset in the empty sea south-east (as large as fits without touching land; the map extent grows towards
    the south-east when nothing fits), north arrow in a free top corner, scale bar bottom left."""
    pos, size = main.positionWithUnits(), main.sizeWithUnits()
    pad = 1.5 * s
    clear = land

    def free(x, y, w, h):  # 1.5 mm of sea around the box
        return clear.isNull() or not _to_map(main, x - pad, y - pad, w + 2 * pad, h + 2 * pad).intersects(clear)
    found = None
    for grow in (0.0, 0.08, 0.16, 0.24):
        if grow:
            e = QgsRectangle(main.extent())
            main.zoomToExtent(QgsRectangle(e.xMinimum(), e.yMinimum() - grow * e.height(),
                                           e.xMaximum() + grow * e.width(), e.yMaximum()))
        for frac in (0.42, 0.38, 0.34, 0.30, 0.27, 0.24, 0.21):
            h = frac * size.height()
            w = h / inset_aspect
            x, y = pos.x() + size.width() - pad - w, pos.y() + size.height() - pad - h
            if free(x, y, w, h):
                found = (x, y, w, h)
                break
        if found:
            break
    if found is None:
        h = 0.21 * size.height()
        found = (pos.x() + size.width() - pad - h / inset_aspect, pos.y() + size.height() - pad - h,
                 h / inset_aspect, h)
    _place(inset, *found)
    nw, nh = 7 * s, 10 * s
    corners = [(pos.x() + size.width() - pad - nw, pos.y() + pad), (pos.x() + pad, pos.y() + pad)]
    ok = [c for c in corners if free(c[0], c[1], nw, nh)]
    _place(north, *(ok or corners)[0], nw, nh)
    bar.setStyle("Single Box")
    bar.setUnits(QgsUnitTypes.DistanceUnit.DistanceKilometers)
    bar.setUnitLabel("km")
    bar.setNumberOfSegments(2)
    bar.setNumberOfSegmentsLeft(0)
    bar.setTextFormat(_fmt(6 * s))
    bar.setHeight(1.6 * s)
    bar.setMaximumBarWidth(0.35 * size.width())
    bar.setSegmentSizeMode(QgsScaleBarSettings.SegmentSizeMode.SegmentSizeFitWidth)
    bar.setMinimumBarWidth(0.15 * size.width())
    bar.update()
    bar.refreshItemSize()
    bsize = bar.sizeWithUnits()
    bar.attemptMove(QgsLayoutPoint(pos.x() + pad, pos.y() + size.height() - pad - bsize.height(), MM))


def _clip_to_country(layout, main, country, layers: list) -> None:
    """Lines (corridors, reference lines) stop at the border: the map clips them to the country outline."""
    feat = next(country.getFeatures(), None)
    if feat is None:
        return
    layout.reportContext().setLayer(country)
    layout.reportContext().setFeature(feat)
    clip = main.atlasClippingSettings()
    clip.setEnabled(True)
    clip.setFeatureClippingType(QgsMapClippingRegion.FeatureClippingType.ClipPainterOnly)
    clip.setRestrictToLayers(True)
    clip.setLayersToClip(layers)


def _relabel_time(layers: list, lang: str) -> None:
    """Travel-time classes in the report's language ("1 h – 2 h" -> "1 小时 – 2 小时")."""
    if lang != "zh":
        return
    hours, minutes = bilingual("units.hours", lang), bilingual("units.minutes", lang)
    for lyr in layers:
        renderer = lyr.renderer() if isinstance(lyr, QgsRasterLayer) else None
        shader = renderer.shader() if hasattr(renderer, "shader") and renderer.shader() else None
        ramp = shader.rasterShaderFunction() if shader else None
        if not hasattr(ramp, "colorRampItemList"):
            continue
        items = ramp.colorRampItemList()
        for it in items:
            it.label = re.sub(r"(\d) min\b", lambda m: minutes.format(m.group(1)),
                              re.sub(r"(\d) h\b", lambda m: hours.format(m.group(1)), it.label))
        ramp.setColorRampItemList(items)


def _relabel_isochrones(layers: list, lang: str) -> None:
    """Isochrone legend entries in the report's language (the private project's copy of the layer)."""
    _relabel_time(layers, lang)
    for lyr in layers:
        renderer = lyr.renderer() if lyr.customProperty(KIND_PROPERTY) == "isochrones" else None
        if renderer is None or not hasattr(renderer, "categories"):
            continue
        for i, cat in enumerate(renderer.categories()):
            renderer.updateCategoryLabel(i, display_name(str(cat.value()), lang))


def _content(items: dict, lang: str, rows: list[dict], indicators, s: float, f: float) -> dict:
    """Table and legend sizes at font factor ``f`` (independent of the column's width)."""
    tsize = 6 * s * f
    out = {"f": f, "cap": 7 * s * f, "summary": _set_table(items["summary"], summary_rows(rows, lang), tsize),
           "ind": []}
    for as_rows in (False, True) if indicators else ():
        grid, colours = indicator_grid(indicators, lang, tsize, 20 * s * f / 0.8, as_rows)
        out["ind"].append((_set_table(items["indicators"], grid, tsize, header_rows=1, colours=colours), grid,
                           colours))
    out["legend"] = [(cols, _legend_size(items["legend"], 5.5 * s * f, cols)) for cols in (1, 2, 3, 4)]
    return out


def _panel(content: dict, s: float, width: float, avail: float, curve_min: float) -> dict | None:
    """The right-hand column at ``width`` mm from ``content`` sizes, or None if it does not fit ``avail`` mm."""
    if content["summary"].width() > width:
        return None
    plan = dict(content)
    plan["width"] = width
    plan["ind"] = None
    if content["ind"]:
        fitting = [c for c in content["ind"] if c[0].width() <= width]
        if not fitting:
            return None
        plan["ind"] = min(fitting, key=lambda c: c[0].height())
    legends = [c for c in content["legend"] if c[1].width() <= width]
    if not legends:
        return None
    plan["legend"] = min(legends, key=lambda c: (round(c[1].height()), c[0]))
    cap_h = 1.6 * content["cap"] * 25.4 / 72 + 0.6
    gap = 2.5 * s
    fixed = (plan["legend"][1].height() + gap + cap_h + content["summary"].height() + gap
             + ((gap + cap_h + plan["ind"][0].height()) if plan["ind"] else 0.0))
    if fixed + (cap_h + curve_min if curve_min else 0.0) > avail:
        return None
    plan["curve_h"] = min(62 * s, avail - fixed - cap_h - gap) if curve_min else 0.0
    return plan


FONT_FACTORS = (1.0, 0.9, 0.8, 0.72, 0.65, 0.58, 0.52)


def _plan_panel(items, t, lang, rows, indicators, s, avail) -> dict:
    """The largest font factor (binary search over FONT_FACTORS) at which legend, tables and curve fit."""
    cache = {}

    def plan_at(k, curve_min):
        if k not in cache:
            cache[k] = _content(items, lang, rows, indicators, s, FONT_FACTORS[k])
        for width in (88 * s, 100 * s, 112 * s):
            plan = _panel(cache[k], s, width, avail, curve_min)
            if plan:
                return plan
        return None

    for curve_min in (30 * s, 0.0):
        lo, hi = 0, len(FONT_FACTORS) - 1
        if plan_at(hi, curve_min) is None:
            continue
        while lo < hi:
            mid = (lo + hi) // 2
            lo, hi = (lo, mid) if plan_at(mid, curve_min) else (mid + 1, hi)
        return plan_at(lo, curve_min)
    raise ValueError("the report's tables and legend do not fit on the page")


def _stack_panel(items: dict, plan: dict, t: dict, lang: str, indicators, x: float, y: float, s: float,
                 curve_data: dict, thresholds) -> None:
    gap, width, cap = 2.5 * s, plan["width"], plan["cap"]
    tsize = 6 * s * plan["f"]
    cols, lsize = plan["legend"]
    lsize = _legend_size(items["legend"], 5.5 * s * plan["f"], cols)
    _place(items["legend"], x, y, lsize.width() + 0.2, lsize.height() + 0.2)
    y += lsize.height() + gap

    def caption(ident, text):
        nonlocal y
        size = _label(items[ident], text, cap, bold=True)
        _place(items[ident], x, y, max(width, size.width() + 0.05), size.height() + 0.05)
        y += size.height() + 0.1

    caption("summary_caption", t["coverage_caption"])
    size = _set_table(items["summary"], items["_summary_rows"], tsize)
    items["summary"].attemptMove(QgsLayoutPoint(x, y, MM))
    y += size.height() + 0.1 + gap
    curve = items["curve"]
    if plan["curve_h"] > 0:
        caption("curve_caption", t["curve_caption"])
        h = plan["curve_h"]
        img = curve_image(curve_data, width, h, curve_texts(lang), dpi=300, thresholds=thresholds,
                          labels={n: display_name(n, lang) for n in curve_data.get("curves", {})})
        curve.setPicturePath(image_base64(img), Qgis.PictureFormat.Raster)
        curve.setResizeMode(QgsLayoutItemPicture.ResizeMode.Zoom)
        _place(curve, x, y, width, h)
        curve.setVisibility(True)
        y += h + gap
    else:
        items["curve_caption"].setVisibility(False)
        curve.setVisibility(False)
    frame = items["indicators"]
    if plan["ind"]:
        caption("indicators_caption", t["warning"])
        _size, grid, colours = plan["ind"]
        _set_table(frame, grid, tsize, header_rows=1, colours=colours)
        frame.attemptMove(QgsLayoutPoint(x, y, MM))
    frame.setVisibility(bool(plan["ind"]))
    items["indicators_caption"].setVisibility(bool(plan["ind"]))


def fill_layout(layout: QgsPrintLayout, project: QgsProject, lang: str, rows: list[dict], params: dict,
                indicators: list[dict] | None = None, curves: dict | None = None) -> QgsPrintLayout:
    """Fill and place every item for the page size, language and content: nothing overlaps, text fits.

    ``params``: centres (names joined) or centre_names (list), profile, thresholds, res; ``curves``: the
    coverage curve (``core.engine.curves.coverage_curves``), else a coarse one from ``rows``."""
    _ensure_items(layout)
    t = texts("report", lang)
    by_key = {lyr.customProperty(THEME_PROPERTY): lyr for lyr in project.mapLayers().values()
              if lyr.customProperty(THEME_PROPERTY)}
    results = [lyr for lyr in project.mapLayers().values() if lyr.customProperty(RESULT_PROPERTY)]
    order = {name: i for i, name in enumerate(("isochrones", "time"))}
    results.sort(key=lambda lyr: order.get(lyr.customProperty(KIND_PROPERTY, ""), 9))
    shown_results = [lyr for lyr in results if lyr.customProperty(KIND_PROPERTY) in ("isochrones", "time")]
    strategic = [by_key[k] for k in MAIN_THEMES if k in by_key]
    layers = strategic[:-2] + shown_results + strategic[-2:]  # results above boundaries, below points/lines
    _relabel_isochrones(shown_results, lang)
    names = list(params.get("centre_names") or [n for n in str(params.get("centres", "")).split(", ") if n])
    items = {ident: layout.itemById(ident) for ident in LABEL_IDS + (
        "main_map", "inset_map", "legend", "scalebar", "north_arrow", "summary", "indicators", "curve")}
    items["_summary_rows"] = summary_rows(rows, lang)

    page = layout.pageCollection().page(0).pageSize()
    pw, ph = page.width(), page.height()
    s = pw / A4_MM[0]
    margin, gap = 7 * s, 2.5 * s
    size = _label(items["title"], t["title"], 15 * s, bold=True)
    # labels get the whole width of their column: the PDF's text measures a little wider than the layout's,
    # and a label frame cut to its text would wrap the last word onto a second line
    _place(items["title"], margin, margin - 2 * s, pw - 2 * margin, size.height() + 0.05)
    y = margin - 2 * s + size.height() + 0.2
    sub = _subtitle(t, lang, [display_name(n, lang) for n in names], params, 8 * s, pw - 2 * margin,
                    label_measure(items["subtitle"], 8 * s))
    size = _label(items["subtitle"], sub, 8 * s)
    _place(items["subtitle"], margin, y, pw - 2 * margin, size.height() + 0.05)
    top = y + size.height() + 0.1 + gap
    src_pt = 5.5 * s
    src = wrap(t["sources"].format(**{**params, "profile": t["profiles"].get(params.get("profile"),
                                                                            params.get("profile", ""))}),
               src_pt, 0.95 * (pw - 2 * margin), measure=label_measure(items["sources"], src_pt))
    size = _label(items["sources"], src, src_pt)
    bottom = ph - margin - size.height() - 0.05
    _place(items["sources"], margin, bottom, pw - 2 * margin, size.height() + 0.05)
    bottom -= gap

    legend = items["legend"]
    _fill_legend(legend, t, lang, shown_results + [by_key[k] for k in LEGEND_THEMES if k in by_key])
    plan = _plan_panel(items, t, lang, rows, indicators, s, bottom - top)
    x_panel = pw - margin - plan["width"]
    thresholds = sorted({float(r["threshold_min"]) for r in rows})
    _stack_panel(items, plan, t, lang, indicators, x_panel, top, s, curves or curves_from_rows(rows), thresholds)

    main = items["main_map"]
    main.setCrs(project.crs())
    main.setLayers(layers)
    main.setKeepLayerSet(True)
    _place(main, margin, top, x_panel - gap - margin, bottom - top)
    country = by_key["country"]
    main.zoomToExtent(_extent(project, country, south=False))
    _clip_to_country(layout, main, country, [by_key[k] for k in ("corridors", "reference_lines") if k in by_key])
    inset = items["inset_map"]
    inset.setCrs(project.crs())
    inset.setLayers([by_key[k] for k in ("maritime_boundary", "provinces", "country") if k in by_key])
    inset.setKeepLayerSet(True)
    south = _extent(project, country, south=True)
    _place_on_map(main, _land(project, country, south=False), inset, items["north_arrow"], items["scalebar"], s,
                  south.height() / south.width() if south.width() else 1.2)
    inset.zoomToExtent(south)
    return layout


def export(layout: QgsPrintLayout, pdf: str | None, png: str | None, dpi: int = 300) -> None:
    exporter = QgsLayoutExporter(layout)
    if pdf:
        settings = QgsLayoutExporter.PdfExportSettings()
        settings.dpi = dpi
        settings.textRenderFormat = Qgis.TextRenderFormat.AlwaysText  # searchable text, embedded CJK font
        res = exporter.exportToPdf(pdf, settings)
        if res != QgsLayoutExporter.ExportResult.Success:
            raise OSError(f"PDF export failed: {exporter.errorMessage()}")
    if png:
        settings = QgsLayoutExporter.ImageExportSettings()
        settings.dpi = dpi
        settings.exportMetadata = False
        settings.generateWorldFile = False
        settings.pages = [0]  # the map page (page 2 has its own output)
        res = exporter.exportToImage(png, settings)
        if res != QgsLayoutExporter.ExportResult.Success:
            raise OSError(f"PNG export failed: {exporter.errorMessage()}")


def _num(v) -> float | None:
    """A number from a table value; None for NULL (None or a null QVariant) and text."""
    try:
        return float(v) if v is not None else None
    except (TypeError, ValueError):
        return None


def _count(v, fmt: str = ",.0f") -> str:
    x = _num(v)
    return "" if x is None else format(x, fmt)


def by_centre_rows(rows: list[dict], lang: str) -> list[list[str]]:
    """The coverage table as a person reads it: each centre by threshold, then all centres, then each 'without'
    (what the others still cover); thousands separators, shares in per cent, minutes per resident."""
    def group(r):
        c = str(r.get("centre"))
        return 1 if c == "ALL" else 2 if c.startswith("without:") else 0

    first: dict[str, int] = {}
    for i, r in enumerate(rows):
        first.setdefault(str(r.get("centre")), i)
    out = []
    for r in sorted(rows, key=lambda r: (group(r), first[str(r.get("centre"))], float(r.get("threshold_min") or 0))):
        share = _num(r.get("population_share"))
        out.append([centre_label(r.get("centre"), lang), _minutes(r["threshold_min"], lang),
                    _count(r.get("area_km2")), _count(r.get("population")),
                    "" if share is None else f"{100 * share:.1f}%", _count(r.get("pop_weighted_time_min")),
                    _count(r.get("arsenal_sites_n")), _count(r.get("computing_hubs_n"))])
    return out


def write_html(path: Path, png_name: str, rows: list[dict], lang: str, params: dict,
               indicators: list[dict] | None = None, admin: list[dict] | None = None,
               curves: dict | None = None) -> Path:
    t = texts("report", lang)
    head = "".join(f"<th>{html.escape(c)}</th>" for c in t["by_centre_head"])
    body = "".join("<tr>" + "".join(f"<td>{html.escape(v)}</td>" for v in row) + "</tr>"
                   for row in by_centre_rows(rows, lang))
    names = list(params.get("centre_names") or [n for n in str(params.get("centres", "")).split(", ") if n])
    profile = t["profiles"].get(params.get("profile"), params.get("profile", ""))
    values = {**params, "profile": profile}
    subtitle = t["subtitle"].format(**{**values, "centres": t["list_sep"].join(display_name(n, lang) for n in names),
                                       "date": date.today().isoformat()})
    curve = curves or curves_from_rows(rows)
    img = curve_image(curve, 160, 90, curve_texts(lang), dpi=150,
                      thresholds=sorted({float(r["threshold_min"]) for r in rows}),
                      labels={n: display_name(n, lang) for n in curve.get("curves", {})})
    curve_src = "data:image/png;base64," + image_base64(img)[len("base64:"):]
    without = any(str(r.get("centre", "")).startswith("without:") for r in rows)
    doc = f"""<!DOCTYPE html>
<html lang="{'zh-CN' if lang == 'zh' else 'en'}"><head><meta charset="utf-8"><title>{html.escape(t['title'])}</title>
<style>body{{font-family:"Noto Sans CJK SC",sans-serif;max-width:1100px;margin:2em auto}}
table{{border-collapse:collapse;font-size:85%}}td,th{{border:1px solid #bbb;padding:2px 6px}}
td{{text-align:right;white-space:nowrap}}td:first-child{{text-align:left}}</style></head>
<body><h1>{html.escape(t['title'])}</h1>
<p>{html.escape(subtitle)}</p>
<img src="{html.escape(png_name, quote=True)}" style="width:100%" alt="map">
<h2>{html.escape(t['method_head'])}</h2><p>{html.escape(t['method'].format(**values))}</p>
<h2>{html.escape(t['coverage_head'])}</h2>{summary_html(rows, lang)}
<h3>{html.escape(t['curve_caption'])}</h3><img src="{curve_src}" style="width:640px" alt="curve">
<h3>{html.escape(t['by_centre'])}</h3><table><tr>{head}</tr>{body}</table>
{('<p>' + html.escape(t['without_note']) + '</p>') if without else ''}
{('<h2>' + html.escape(t['least_served']) + '</h2>'
   + least_served_html(admin, lang, sorted({r['threshold_min'] for r in rows}))) if admin else ''}
{('<h2>' + html.escape(t['warning']) + '</h2>' + indicators_html(indicators, lang, None, caption=False)) if indicators else ''}
<h2>{html.escape(t['sources_head'])}</h2><p>{html.escape(t['sources'].format(**values))}</p>
</body></html>"""
    path.write_text(doc, encoding="utf-8")
    return path


def theme_keys() -> list[str]:
    return [t.key for t in THEMES]
