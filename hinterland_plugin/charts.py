"""Charts drawn with QPainter (QtGui only, no widgets): the coverage curve — people reached against minutes,
one line per centre and one for all centres. Used by the report (a picture item) and reusable by the dock
(``curve_image`` gives a QImage of any size)."""
from __future__ import annotations

import base64
import math

from qgis.PyQt.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from qgis.PyQt.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPainterPath, QPen

from .styling import PALETTE

#: at most this many centres get their own colour and legend entry; more are drawn as thin grey lines
COLOURED_CENTRES = 8
FONT = "Noto Sans CJK SC"


def _nice_step(top: float, n: int = 5) -> float:
    raw = max(top, 1e-9) / n
    mag = 10 ** math.floor(math.log10(raw))
    return next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)


def draw_coverage_curve(painter: QPainter, rect: QRectF, data: dict, texts: dict, px_per_pt: float,
                        thresholds=(), labels: dict | None = None) -> tuple[QRectF | None, list]:
    """Draw into ``rect`` (painter units). ``data``: coverage_curves() output; ``texts``: ``x`` / ``y`` axis
    titles, ``all`` (label of the all-centres line), ``each`` (label of the grey lines, with {n}); ``px_per_pt``:
    painter units per typographic point; ``labels``: display name per centre name. Returns the legend box (None
    without a legend) and the drawn points of every line, for checks."""
    labels = labels or {}
    minutes = data.get("minutes") or [0.0, 1.0]
    curves = data.get("curves") or {}
    centres = [k for k in curves if k != "ALL"]
    font = QFont(FONT)
    font.setPixelSize(max(1, round(6 * px_per_pt)))
    painter.setFont(font)
    fm = QFontMetricsF(font)
    line_h = fm.height()
    top_val = max([max(v) for v in curves.values() if v] + [1.0]) / 1e6
    step = _nice_step(top_val)
    y_max = step * math.ceil(top_val / step)
    ticks_y = [step * i for i in range(int(round(y_max / step)) + 1)]
    x_max = float(minutes[-1]) or 1.0
    x_step = 60.0 if x_max <= 600 else 120.0
    ticks_x = [x_step * i for i in range(int(x_max // x_step) + 1)]
    tick_w = max(fm.horizontalAdvance(f"{t:g}") for t in ticks_y)
    left = rect.left() + line_h + tick_w + 2 * px_per_pt
    bottom = rect.bottom() - 2 * line_h - px_per_pt
    top = rect.top() + 0.5 * line_h
    right = rect.right() - max(2 * px_per_pt, fm.horizontalAdvance(f"{ticks_x[-1]:g}") / 2 + px_per_pt)
    plot = QRectF(QPointF(left, top), QPointF(right, bottom))

    def pt(m, v):
        return QPointF(plot.left() + plot.width() * m / x_max, plot.bottom() - plot.height() * (v / 1e6) / y_max)

    grid = QPen(QColor("#dddddd"), 0.3 * px_per_pt)
    painter.setPen(grid)
    for v in ticks_y:
        y = plot.bottom() - plot.height() * v / y_max
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
    dash = QPen(QColor("#999999"), 0.4 * px_per_pt, Qt.PenStyle.DashLine)
    painter.setPen(dash)
    for t in thresholds:
        if 0 < t <= x_max:
            x = plot.left() + plot.width() * t / x_max
            painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
    painter.setPen(QPen(QColor("#333333"), 0.4 * px_per_pt))
    painter.drawLine(plot.bottomLeft(), plot.bottomRight())
    painter.drawLine(plot.bottomLeft(), plot.topLeft())
    for v in ticks_y:
        y = plot.bottom() - plot.height() * v / y_max
        painter.drawText(QRectF(rect.left() + line_h, y - line_h / 2, tick_w, line_h),
                         int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), f"{v:g}")
    for m in ticks_x:
        x = plot.left() + plot.width() * m / x_max
        painter.drawText(QRectF(x - 20 * px_per_pt, plot.bottom() + 0.5 * px_per_pt, 40 * px_per_pt, line_h),
                         int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop), f"{m:g}")
    painter.drawText(QRectF(plot.left(), rect.bottom() - line_h, plot.width(), line_h),
                     int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom), texts.get("x", "minutes"))
    painter.save()
    painter.translate(rect.left(), plot.center().y())
    painter.rotate(-90)
    painter.drawText(QRectF(-plot.height() / 2, 0, plot.height(), line_h),
                     int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop), texts.get("y", "million people"))
    painter.restore()

    coloured = len(centres) <= COLOURED_CENTRES
    legend = []
    drawn = []
    for i, name in enumerate(centres):
        colour = QColor(PALETTE[i % len(PALETTE)]) if coloured else QColor("#b0b0b0")
        drawn.append([pt(m, v) for m, v in zip(minutes, curves[name])])
        _polyline(painter, drawn[-1], QPen(colour, (0.6 if coloured else 0.35) * px_per_pt))
        if coloured:
            legend.append((labels.get(name, name), colour, 0.6))
    if not coloured and centres:
        legend.append((texts.get("each", "each centre ({n})").format(n=len(centres)), QColor("#b0b0b0"), 0.35))
    if "ALL" in curves and len(centres) != 1:
        drawn.append([pt(m, v) for m, v in zip(minutes, curves["ALL"])])
        _polyline(painter, drawn[-1], QPen(QColor("#000000"), 1.1 * px_per_pt))
        legend.insert(0, (texts.get("all", "all centres"), QColor("#000000"), 1.1))
    return _draw_legend(painter, plot, legend, fm, px_per_pt), drawn


def _draw_legend(painter: QPainter, plot: QRectF, legend: list, fm: QFontMetricsF,
                 px_per_pt: float) -> QRectF | None:
    """Inside the plot, top left: cumulative curves start at zero and rise to the right, so that corner is the
    empty one (bottom right put the box over the lines of a short chart)."""
    if not legend:
        return None
    line_h = fm.height()
    sw = 5 * px_per_pt
    width = max(fm.horizontalAdvance(t) for t, _c, _w in legend) + sw + 3 * px_per_pt
    box = QRectF(plot.left() + px_per_pt, plot.top() + px_per_pt, width, len(legend) * line_h)
    painter.fillRect(box, QColor(255, 255, 255, 220))
    for k, (text, colour, w) in enumerate(legend):
        y = box.top() + (k + 0.5) * line_h
        painter.setPen(QPen(colour, w * px_per_pt))
        painter.drawLine(QPointF(box.left() + px_per_pt, y), QPointF(box.left() + px_per_pt + sw, y))
        painter.setPen(QPen(QColor("#333333")))
        painter.drawText(QRectF(box.left() + sw + 2 * px_per_pt, y - line_h / 2, width, line_h),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), text)
    return box


def _polyline(painter: QPainter, points: list, pen: QPen) -> None:
    if len(points) < 2:
        return
    path = QPainterPath(points[0])
    for p in points[1:]:
        path.lineTo(p)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(path)


def curve_image(data: dict, width_mm: float, height_mm: float, texts: dict, dpi: int = 300, thresholds=(),
                labels: dict | None = None) -> QImage:
    """The coverage curve as a white-background image of the given physical size."""
    px_mm = dpi / 25.4
    img = QImage(max(1, round(width_mm * px_mm)), max(1, round(height_mm * px_mm)), QImage.Format.Format_ARGB32)
    img.setDotsPerMeterX(round(dpi / 0.0254))
    img.setDotsPerMeterY(round(dpi / 0.0254))
    img.fill(QColor("white"))
    painter = QPainter(img)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    draw_coverage_curve(painter, QRectF(0, 0, img.width(), img.height()), data, texts, dpi / 72.0, thresholds,
                        labels)
    painter.end()
    return img


def image_base64(img: QImage) -> str:
    """``base64:<PNG>`` — a picture path QGIS layout pictures accept without a file."""
    ba = QByteArray()
    buf = QBuffer(ba)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    img.save(buf, "PNG")
    buf.close()
    return "base64:" + base64.b64encode(bytes(ba)).decode("ascii")
