"""The coverage curve chart: the legend sits where no line is (it covered the lines of the report's short chart)."""
from __future__ import annotations

import numpy as np
import pytest
from qgis.PyQt.QtCore import QRectF
from qgis.PyQt.QtGui import QColor, QImage, QPainter

from hinterland_plugin.charts import draw_coverage_curve


def _curves(n_centres: int) -> dict:
    minutes = [float(m) for m in range(0, 361, 15)]
    rng = np.random.default_rng(n_centres)
    curves = {}
    for i in range(n_centres):
        scale = rng.uniform(5e6, 6e7)
        curves[f"c{i}"] = [scale * (1 - np.exp(-m / rng.uniform(80, 300))) for m in minutes]
    curves["ALL"] = [sum(c[k] for c in curves.values()) for k in range(len(minutes))]
    return {"minutes": minutes, "curves": curves}


def _segments_hit(box: QRectF, points: list) -> bool:
    """Any line segment between consecutive drawn points passing through the box (sampled finely)."""
    for a, b in zip(points, points[1:]):
        for f in np.linspace(0.0, 1.0, 50):
            x = a.x() + f * (b.x() - a.x())
            y = a.y() + f * (b.y() - a.y())
            if box.contains(x, y):
                return True
    return False


@pytest.mark.parametrize("size", [(1800, 420), (1800, 900), (900, 600)])  # the report's short strip, taller ones
@pytest.mark.parametrize("n", [1, 3, 5])
def test_legend_box_does_not_cover_a_line(qgis_app, size, n):
    img = QImage(size[0], size[1], QImage.Format.Format_ARGB32)
    img.fill(QColor("white"))
    painter = QPainter(img)
    box, lines = draw_coverage_curve(painter, QRectF(0, 0, *size), _curves(n), {"x": "minutes", "y": "million"},
                                     300 / 72.0, thresholds=(60, 120, 180, 240))
    painter.end()
    assert box is not None and lines
    assert not any(_segments_hit(box, line) for line in lines)
    assert QRectF(0, 0, *size).contains(box)
