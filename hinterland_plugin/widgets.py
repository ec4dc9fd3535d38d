"""Small layout helpers shared by the dock's tabs."""
from __future__ import annotations

from qgis.PyQt.QtWidgets import QGridLayout


def button_grid(*widgets, columns: int = 2) -> QGridLayout:
    """Buttons in rows of ``columns``: keeps the dock narrow enough for a 1920 px screen with QGIS' toolbars."""
    grid = QGridLayout()
    for i, w in enumerate(widgets):
        grid.addWidget(w, i // columns, i % columns)
    return grid
