"""The coverage curve of the last run in the dock — people reached against minutes, one line per centre and
one for all centres — drawn by ``charts`` (the code the report uses) from the coverage table's thresholds."""
from __future__ import annotations

from qgis.PyQt.QtGui import QPixmap
from qgis.PyQt.QtWidgets import QLabel, QSizePolicy

from ..charts import curve_image
from ..i18n import Translatable, language
from ..report import curve_texts, curves_from_rows


class CurveView(Translatable, QLabel):
    def __init__(self, state, parent=None):
        super().__init__(parent)
        self.state = state
        self.image = None
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)  # the picture follows the size
        self.setWordWrap(True)
        state.coverageChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        rows = self.state.coverage_rows
        if not rows:
            self.image = None
            self.setPixmap(QPixmap())
            self.setText(self.tr("Run the analysis first."))
            return
        data = curves_from_rows(rows)
        dpi = max(72, self.logicalDpiX())
        width, height = max(self.width(), 240), max(self.height(), 160)
        self.image = curve_image(data, width / dpi * 25.4, height / dpi * 25.4, curve_texts(language()), dpi=dpi,
                                 thresholds=data["minutes"][1:])
        self.setPixmap(QPixmap.fromImage(self.image))

    def resizeEvent(self, event):
        super().resizeEvent(event)
        if self.state.coverage_rows:
            self.refresh()
