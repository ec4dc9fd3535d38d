"""The report's second page (issue 19), each section only when asked for: the gateway hinterlands (a map of the
fastest gateway of every cell, one colour per gateway, and the gateways by residents served), monitoring (alerts
sorted by severity, the provinces that trigger a response, a trend chart per indicator) and the key-industry backup
reach (pairs by what losing the most critical segment between primary and backup adds).

Placement as on the first page: every item is sized from its content (tables never wrap, labels fit their text);
two columns; when the content does not fit the page, the font shrinks and the tables keep fewer rows (the caption
says how many were left out). The items have ids ``p2_*`` (``tests/qgis/test_report_layout.py`` checks them).
"""
from __future__ import annotations

import html
import os
import tempfile
from dataclasses import dataclass, field

from qgis.core import (
    Qgis,
    QgsLayoutExporter,
    QgsLayoutItemLabel,
    QgsLayoutItemMap,
    QgsLayoutItemPage,
    QgsLayoutItemPicture,
    QgsLayoutPoint,
    QgsPrintLayout,
    QgsProject,
)
from qgis.PyQt.QtCore import QPointF, QRectF
from qgis.PyQt.QtGui import QColor, QImage, QPainter

from .charts import image_base64
from .core.catalog import category_label
from .core.constants import THEME_PROPERTY
from .core.texts import texts
from .gui.trend_chart import STATUS, series_by_indicator, trend_image
from .report import A4_MM, MM, _extent, _label, _new_table, _num, _place, _set_table, label_measure, wrap

#: font factors and table row limits tried in turn until both columns fit
FITS = ((1.0, 14), (0.9, 12), (0.8, 10), (0.72, 8), (0.65, 6), (0.58, 5), (0.52, 4))


@dataclass
class Page2:
    """What the second page shows (None: the section is left out)."""
    gateway_rows: list[dict] | None = None
    gateway_layer: object | None = None  #: the styled allocation raster, in the report's project
    alerts: list[dict] | None = None  #: hinterland:monitor OUTPUT_ALERTS rows
    provinces: list[dict] | None = None  #: OUTPUT_PROVINCES rows
    series: list[dict] | None = None  #: OUTPUT_SERIES rows
    status: list[dict] = field(default_factory=list)  #: OUTPUT rows (indicator names and thresholds)
    backup_rows: list[dict] | None = None
    params: dict = field(default_factory=dict)  #: res, market, feed (text for the footer)

    @property
    def wanted(self) -> bool:
        return any(v is not None for v in (self.gateway_rows, self.alerts, self.backup_rows))


def _hours(v) -> str:
    x = _num(v)
    return "–" if x is None else f"{x / 60:,.1f}"


def _n(v, fmt: str = ",.0f", none: str = "–") -> str:
    """A table value (NULL QVariant, None, a number) as text."""
    x = _num(v)
    return none if x is None else format(x, fmt)


def gateway_rows(rows: list[dict], lang: str, n: int) -> tuple[list[list[str]], int]:
    t = texts("report", lang)["page2"]
    top = sorted(rows, key=lambda r: -(_num(r.get("population")) or 0))
    out = [list(t["gateway_head"])]
    for r in top[:n]:
        out.append([str(r.get("gateway") or ""), category_label(str(r.get("type") or ""), lang),
                    _n(r.get("population")), _n(r.get("area_km2")), _n(r.get("prefectures_n")),
                    _hours(r.get("mean_time_min"))])
    return out, max(0, len(top) - n)


def alert_rows(rows: list[dict], lang: str, n: int) -> tuple[list[list[str]], dict, int]:
    t = texts("report", lang)["page2"]
    status = texts("report", lang)["status"]
    words = dict(zip(("worsening", "improving", "stable"), t["trend_words"]))
    zh = lang == "zh"
    ranked = sorted(rows, key=lambda r: _num(r.get("rank")) or 0)
    out, colours = [list(t["alerts_head"])], {}
    for i, r in enumerate(ranked[:n], start=1):
        st = str(r.get("status") or "")
        out.append([status.get(st, st), str(r.get("name_zh" if zh else "name_en") or r.get("unit_id") or ""),
                    str(r.get("indicator_zh" if zh else "indicator_en") or r.get("indicator") or ""),
                    _n(r.get("value"), ",.4g", ""), str(r.get("date") or ""),
                    words.get(str(r.get("trend") or ""), str(r.get("trend") or ""))])
        if st in STATUS:
            colours[(i, 0)] = STATUS[st]
    return out, colours, max(0, len(ranked) - n)


def province_rows(rows: list[dict], lang: str, n: int) -> list[list[str]]:
    t = texts("report", lang)["page2"]
    zh = lang == "zh"
    hit = sorted((r for r in rows if _num(r.get("response"))),
                 key=lambda r: (-(_num(r.get("red_n")) or 0), -(_num(r.get("amber_n")) or 0), str(r.get("adcode"))))
    out = [list(t["provinces_head"])]
    for r in hit[:n]:
        out.append([str(r.get("name_zh" if zh else "name_en") or r.get("adcode") or ""), _n(r.get("red_n"), ".0f", "0"),
                    _n(r.get("amber_n"), ".0f", "0"), str(r.get("rules_zh" if zh else "rules_en") or r.get("rules") or "")])
    return out


def backup_rows(rows: list[dict], lang: str, n: int) -> tuple[list[list[str]], int]:
    t = texts("report", lang)["page2"]
    ranked = sorted(rows, key=lambda r: (-(_num(r.get("critical_added_min")) or 0), str(r.get("pair_id"))))
    out = [list(t["backup_head"])]
    for r in ranked[:n]:
        cost = t["cut_off"] if _num(r.get("critical_cut_off")) else _n(r.get("critical_added_min"))
        out.append([category_label(str(r.get("industry") or ""), lang), f"{r.get('primary')} → {r.get('backup')}",
                    _hours(r.get("time_min")), _n(r.get("backup_market_added_min"), "+,.0f"),
                    str(r.get("critical_segment") or "–"), cost])
    return out, max(0, len(ranked) - n)


def trend_picture(series: list[dict], status: list[dict], lang: str, width_mm: float, dpi: int = 300) -> QImage:
    """The trend charts of every indicator side by side (two per row) in one image ``width_mm`` wide."""
    zh = lang == "zh"
    titles = {str(r.get("indicator")): r.get("indicator_zh" if zh else "indicator_en") for r in status}
    limits = {}
    for r in status:
        limits.setdefault(str(r.get("indicator")), (("amber", r.get("amber")), ("red", r.get("red"))))
    charts = [trend_image(str(titles.get(k) or k), units, limits.get(k, ()))
              for k, units in sorted(series_by_indicator(series).items())]
    cols = 2 if len(charts) > 1 else 1
    rows = (len(charts) + cols - 1) // cols or 1
    cw, ch = 320, 120
    px = max(1, round(width_mm / 25.4 * dpi))
    scale = px / (cols * cw)
    img = QImage(px, max(1, round(rows * ch * scale)), QImage.Format.Format_ARGB32)
    img.setDotsPerMeterX(round(dpi / 0.0254))
    img.setDotsPerMeterY(round(dpi / 0.0254))
    img.fill(QColor("white"))
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    for k, chart in enumerate(charts):
        r, c = divmod(k, cols)
        p.drawImage(QRectF(QPointF(c * cw * scale, r * ch * scale), QPointF((c + 1) * cw * scale, (r + 1) * ch * scale)),
                    chart)
    p.end()
    return img


def _item(layout, cls, ident):
    item = layout.itemById(ident)
    if item is None:
        item = cls(layout)
        item.setId(ident)
        layout.addLayoutItem(item)
    return item


def _table(layout, ident):
    return layout.itemById(ident) or _new_table(layout, ident)


def fill_second_page(layout: QgsPrintLayout, project: QgsProject, lang: str, page2: Page2) -> None:
    """Add page 2 and place its sections (nothing when none was asked for)."""
    if not page2.wanted:
        return
    t = texts("report", lang)["page2"]
    pages = layout.pageCollection()
    size = pages.page(0).pageSize()
    page = QgsLayoutItemPage(layout)
    page.setPageSize(size)
    pages.addPage(page)
    y0 = page.pos().y()
    pw, ph = size.width(), size.height()
    s = pw / A4_MM[0]
    margin, gap = 7 * s, 2.5 * s
    title = _item(layout, QgsLayoutItemLabel, "p2_title")
    tsize = _label(title, t["title"], 13 * s, bold=True)
    _place(title, margin, y0 + margin - 2 * s, pw - 2 * margin, tsize.height() + 0.05)
    top = y0 + margin - 2 * s + tsize.height() + 0.2 + gap
    feed = page2.params.get("feed") or t["feed_synthetic"]
    foot_pt = 5.5 * s
    footer = _item(layout, QgsLayoutItemLabel, "p2_footer")
    text = wrap(t["footer"].format(res=float(page2.params.get("res") or 0), feed=feed,
                                   market=float(page2.params.get("market") or 0)), foot_pt, 0.95 * (pw - 2 * margin),
                measure=label_measure(footer, foot_pt))
    fsize = _label(footer, text, foot_pt)
    bottom = y0 + ph - margin - fsize.height() - 0.05
    _place(footer, margin, bottom, pw - 2 * margin, fsize.height() + 0.05)
    bottom -= gap
    has_left = page2.gateway_rows is not None
    has_right = page2.alerts is not None or page2.backup_rows is not None
    width = pw - 2 * margin
    left_w = (0.5 * (width - gap)) if (has_left and has_right) else width
    x_right = margin + (left_w + gap if has_left else 0.0)
    right_w = pw - margin - x_right
    for f, n in FITS:
        ok = True
        if has_left:
            ok = _left(layout, project, lang, page2, t, margin, top, left_w, bottom - top, s, f, n, dry=True)
        if ok and has_right:
            ok = _right(layout, lang, page2, t, x_right, top, right_w, bottom - top, s, f, n, dry=True)
        if ok:
            break
    if has_left:
        _left(layout, project, lang, page2, t, margin, top, left_w, bottom - top, s, f, n)
    if has_right:
        _right(layout, lang, page2, t, x_right, top, right_w, bottom - top, s, f, n)


def _caption(layout, ident, text, x, y, w, size_pt) -> float:
    item = _item(layout, QgsLayoutItemLabel, ident)
    text = wrap(text, size_pt, 0.95 * w, bold=True, measure=label_measure(item, size_pt, bold=True))
    size = _label(item, text, size_pt, bold=True)
    _place(item, x, y, w, size.height() + 0.05)
    return size.height() + 0.1


def _put_table(layout, ident, rows, x, y, size_pt, colours=None) -> tuple[float, float]:
    frame = _table(layout, ident)
    size = _set_table(frame, rows, size_pt, colours=colours, left_cols=(0, 1, 2) if ident == "p2_alerts" else (0, 1))
    frame.attemptMove(QgsLayoutPoint(x, y, MM))
    frame.setVisibility(True)
    return size.width(), size.height()


def _left(layout, project, lang, page2, t, x, y, w, avail, s, f, n, dry=False) -> bool:
    """Gateway map and table; ``dry``: only whether it fits at font factor ``f`` with ``n`` rows."""
    cap, tpt, gap = 7 * s * f, 6 * s * f, 2.5 * s
    rows, more = gateway_rows(page2.gateway_rows or [], lang, n)
    head = t["gateway_table"] + (" " + t["gateway_more"].format(n=more) if more else "")
    y1 = y + _caption(layout, "p2_gateway_caption", t["gateway_map"], x, y, w, cap)
    tw, th = _put_table(layout, "p2_gateways", rows, x, 0, tpt)
    need_below = _caption(layout, "p2_gateway_table_caption", head, x, 0, w, cap) + th
    map_h = avail - (y1 - y) - gap - need_below - gap
    if tw > w or map_h < 45 * s:
        return False
    if dry:
        return True
    m = _item(layout, QgsLayoutItemMap, "p2_gateway_map")
    m.setFrameEnabled(True)
    by_key = {lyr.customProperty(THEME_PROPERTY): lyr for lyr in project.mapLayers().values()
              if lyr.customProperty(THEME_PROPERTY)}
    layers = [by_key[k] for k in ("provinces",) if k in by_key]
    if page2.gateway_layer is not None:
        layers.append(page2.gateway_layer)
    layers += [by_key[k] for k in ("country",) if k in by_key]
    m.setCrs(project.crs())
    m.setLayers(layers)
    m.setKeepLayerSet(True)
    _place(m, x, y1, w, map_h)
    if "country" in by_key:
        m.zoomToExtent(_extent(project, by_key["country"], south=False))
    yb = y1 + map_h + gap
    yb += _caption(layout, "p2_gateway_table_caption", head, x, yb, w, cap)
    _put_table(layout, "p2_gateways", rows, x, yb, tpt)
    return True


def _right(layout, lang, page2, t, x, y, w, avail, s, f, n, dry=False) -> bool:
    """Alerts, provinces, trend, backup reach stacked in the right column."""
    cap, tpt, gap = 7 * s * f, 6 * s * f, 2.5 * s
    y_end = y + avail + gap  # the last block's gap may reach into the margin above the footer
    cur = y
    blocks = []
    if page2.alerts is not None:
        rows, colours, more = alert_rows(page2.alerts, lang, n)
        head = t["alerts"] + (" " + t["alerts_more"].format(n=more) if more else "")
        if len(rows) == 1:
            head += " " + t["alerts_none"]
        blocks.append(("p2_alerts", head, rows if len(rows) > 1 else None, colours))
        prows = province_rows(page2.provinces or [], lang, max(3, n // 2))
        phead = t["provinces"] + ("" if len(prows) > 1 else " " + t["provinces_none"])
        blocks.append(("p2_provinces", phead, prows if len(prows) > 1 else None, None))
    if page2.backup_rows is not None:
        rows, more = backup_rows(page2.backup_rows, lang, n)
        head = t["backup"] + (" " + t["backup_more"].format(n=more) if more else "")
        blocks.append(("p2_backup", head, rows, None))
    if page2.alerts is not None and page2.series:
        blocks.insert(2, ("p2_trend", t["trend"], "trend", None))  # after alerts and provinces
    for ident, head, rows, colours in blocks:
        cur += _caption(layout, f"{ident}_caption", head, x, cur, w, cap)
        if rows == "trend":
            img = trend_picture(page2.series, page2.status, lang, w)
            h = min(w * img.height() / max(1, img.width()), 60 * s)
            if not dry:
                pic = _item(layout, QgsLayoutItemPicture, ident)
                pic.setPicturePath(image_base64(img), Qgis.PictureFormat.Raster)
                pic.setResizeMode(QgsLayoutItemPicture.ResizeMode.Zoom)
                _place(pic, x, cur, w, h)
            cur += h + gap
        elif rows is not None:
            tw, th = _put_table(layout, ident, rows, x, cur, tpt, colours)
            if tw > w:
                return False
            cur += th + gap
        else:
            item = layout.itemById(ident)
            if item is not None:
                item.setVisibility(False)
            cur += gap
    return cur <= y_end + 1e-6


def export_page2_png(layout: QgsPrintLayout, path: str, dpi: int = 300) -> None:
    """Page 2 alone as a PNG at ``path`` (QGIS names a later page '<name>_2.png': written there, then moved)."""
    settings = QgsLayoutExporter.ImageExportSettings()
    settings.dpi = dpi
    settings.exportMetadata = False
    settings.generateWorldFile = False
    settings.pages = [1]
    with tempfile.TemporaryDirectory(prefix="hinterland_page2_") as tmp:
        base = os.path.join(tmp, "page.png")
        res = QgsLayoutExporter(layout).exportToImage(base, settings)
        if res != QgsLayoutExporter.ExportResult.Success:
            raise OSError("PNG export of page 2 failed")
        os.replace(os.path.join(tmp, "page_2.png"), path)


def _html_table(rows: list[list[str]], colours: dict | None = None) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in rows[0])
    body = []
    for r, row in enumerate(rows[1:], start=1):
        cells = []
        for c, v in enumerate(row):
            style = f' style="background:{colours[(r, c)]}"' if colours and (r, c) in colours else ""
            cells.append(f"<td{style}>{html.escape(v)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><tr>{head}</tr>{''.join(body)}</table>"


def page2_html(page2: Page2, lang: str) -> str:
    """The second page's sections as HTML (every row, not only those that fit the page), for the HTML report."""
    if not page2.wanted:
        return ""
    t = texts("report", lang)["page2"]
    parts = [f"<h2>{html.escape(t['title'])}</h2>"]
    if page2.gateway_rows is not None:
        rows, _more = gateway_rows(page2.gateway_rows, lang, len(page2.gateway_rows))
        parts.append(f"<h3>{html.escape(t['gateway_table'])}</h3>{_html_table(rows)}")
    if page2.alerts is not None:
        rows, colours, _more = alert_rows(page2.alerts, lang, len(page2.alerts))
        parts.append(f"<h3>{html.escape(t['alerts'])}</h3>"
                     + (_html_table(rows, colours) if len(rows) > 1 else f"<p>{html.escape(t['alerts_none'])}</p>"))
        prows = province_rows(page2.provinces or [], lang, len(page2.provinces or []))
        parts.append(f"<h3>{html.escape(t['provinces'])}</h3>"
                     + (_html_table(prows) if len(prows) > 1 else f"<p>{html.escape(t['provinces_none'])}</p>"))
        if page2.series:
            img = trend_picture(page2.series, page2.status, lang, 160, dpi=150)
            src = "data:image/png;base64," + image_base64(img)[len("base64:"):]
            parts.append(f'<h3>{html.escape(t["trend"])}</h3><img src="{src}" style="width:800px" alt="trends">')
    if page2.backup_rows is not None:
        rows, _more = backup_rows(page2.backup_rows, lang, len(page2.backup_rows))
        parts.append(f"<h3>{html.escape(t['backup'])}</h3>{_html_table(rows)}")
    feed = page2.params.get("feed") or t["feed_synthetic"]
    parts.append("<p>" + html.escape(t["footer"].format(res=float(page2.params.get("res") or 0), feed=feed,
                                                         market=float(page2.params.get("market") or 0))) + "</p>")
    return "\n".join(parts)


def add_page2_html(path, page2: Page2, lang: str) -> None:
    """Insert the second page's sections into a written HTML report, before its data sources."""
    extra = page2_html(page2, lang)
    if not extra:
        return
    text = path.read_text(encoding="utf-8")
    t = texts("report", lang)
    marker = f"<h2>{html.escape(t['sources_head'])}</h2>"
    text = text.replace(marker, extra + "\n" + marker, 1) if marker in text else text.replace(
        "</body>", extra + "\n</body>", 1)
    path.write_text(text, encoding="utf-8")
