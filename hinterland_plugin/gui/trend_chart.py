"""A small trend chart per indicator for the Monitor tab: one line per unit over the observation dates (from
``hinterland:monitor`` OUTPUT_SERIES), the amber and red thresholds dashed, drawn with QPainter into an image."""
from __future__ import annotations

from datetime import date

from qgis.PyQt.QtCore import QPointF, QRectF, Qt
from qgis.PyQt.QtGui import QColor, QFont, QImage, QPainter, QPen

from ..charts import FONT

STATUS = {"green": "#1a9641", "amber": "#fdae61", "red": "#d7191c"}


def _day(text: str) -> int:
    try:
        return date.fromisoformat(str(text)[:10]).toordinal()
    except ValueError:
        return 0


def series_by_indicator(rows: list[dict]) -> dict[str, dict[str, list[tuple[int, float, str]]]]:
    """indicator -> unit -> [(day, value, status)] by date."""
    out: dict[str, dict[str, list]] = {}
    for r in rows:
        if r.get("value") is None:
            continue
        out.setdefault(str(r.get("indicator")), {}).setdefault(str(r.get("unit_id")), []).append(
            (_day(r.get("date")), float(r["value"]), str(r.get("status") or "")))
    for units in out.values():
        for pts in units.values():
            pts.sort()
    return out


def trend_image(title: str, units: dict[str, list], thresholds: tuple = (), width: int = 320,
                height: int = 120) -> QImage:
    """One indicator: lines per unit (coloured by the unit's latest status), thresholds dashed."""
    img = QImage(width, height, QImage.Format.Format_ARGB32)
    img.fill(QColor("white"))
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = QFont(FONT)
    font.setPixelSize(11)
    p.setFont(font)
    p.setPen(QColor("#333333"))
    p.drawText(QRectF(4, 2, width - 8, 14), Qt.AlignmentFlag.AlignLeft, title)
    plot = QRectF(34, 20, width - 42, height - 34)
    days = [d for pts in units.values() for d, _v, _s in pts] or [0, 1]
    values = [v for pts in units.values() for _d, v, _s in pts] + [t for _k, t in thresholds if t is not None]
    lo, hi = min(values or [0.0]), max(values or [1.0])
    if hi - lo < 1e-9:
        lo, hi = lo - 1, hi + 1
    d0, d1 = min(days), max(days) if max(days) > min(days) else min(days) + 1

    def pt(d, v):
        return QPointF(plot.left() + plot.width() * (d - d0) / (d1 - d0),
                       plot.bottom() - plot.height() * (v - lo) / (hi - lo))

    p.setPen(QPen(QColor("#999999"), 1))
    p.drawLine(plot.bottomLeft(), plot.bottomRight())
    p.drawLine(plot.bottomLeft(), plot.topLeft())
    for v in (lo, hi):
        p.drawText(QRectF(0, pt(d0, v).y() - 7, 32, 14), Qt.AlignmentFlag.AlignRight, f"{v:,.3g}")
    for kind, t in thresholds:
        if t is not None:
            pen = QPen(QColor(STATUS.get(kind, "#999999")), 1, Qt.PenStyle.DashLine)
            p.setPen(pen)
            p.drawLine(pt(d0, t), pt(d1, t))
    for pts in units.values():
        colour = QColor(STATUS.get(pts[-1][2], "#4d4d4d"))
        p.setPen(QPen(colour, 1.6))
        for a, b in zip(pts, pts[1:]):
            p.drawLine(pt(a[0], a[1]), pt(b[0], b[1]))
        p.setBrush(colour)
        p.drawEllipse(pt(pts[-1][0], pts[-1][1]), 2.5, 2.5)
    p.end()
    return img
