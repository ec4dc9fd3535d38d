"""The coverage table of the last run: shown in the dock, copied, exported as CSV (UTF-8 with BOM) or XLSX."""
from __future__ import annotations

import csv
import io
from pathlib import Path

from qgis.core import QgsFeature, QgsProject, QgsVectorFileWriter, QgsVectorLayer
from qgis.PyQt.QtGui import QGuiApplication
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..i18n import Translatable, translate
from ..processing_provider.adapter import make_field
from .admin_view import AdminTable
from .curve_view import CurveView
from .widgets import fill_table


def summary_columns() -> list[tuple[str, str]]:
    """(field, header as a person reads it) of the dock's coverage table."""
    return [("centre", translate("summary", "Centre")), ("threshold_min", translate("summary", "Within (min)")), ("area_km2", translate("summary", "Area (km²)")),
            ("population", translate("summary", "Population reached")), ("population_share", translate("summary", "Share of population")),
            ("pop_weighted_time_min", translate("summary", "Mean time per person (min)")), ("arsenal_sites_n", translate("summary", "Reserve sites")),
            ("computing_hubs_n", translate("summary", "Computing hubs")), ("hubs_n", translate("summary", "Corridor hubs"))]


def centre_label(centre: str) -> str:
    if centre == "ALL":
        return translate("summary", "All centres")
    if str(centre).startswith("without:"):
        return translate("summary", "Without {0}").format(str(centre)[len("without:"):])
    return str(centre)


def display_rows(rows: list[dict]) -> list[list[str]]:
    """Rows grouped (each centre by threshold, then all centres, then each 'without') and formatted: thousands
    separators, shares in per cent, whole minutes."""
    def group(row):
        c = str(row.get("centre"))
        return 1 if c == "ALL" else 2 if c.startswith("without:") else 0

    first = {}
    for i, row in enumerate(rows):
        first.setdefault(str(row.get("centre")), i)
    out = []
    for row in sorted(rows, key=lambda r: (group(r), first[str(r.get("centre"))], float(r.get("threshold_min") or 0))):
        cells = []
        for key, _ in summary_columns():
            v = row.get(key)
            if v is None:
                cells.append("")
            elif key == "centre":
                cells.append(centre_label(v))
            elif key == "population_share":
                cells.append(f"{100 * float(v):.1f} %")
            elif isinstance(v, (int, float)):
                cells.append(f"{float(v):,.0f}")
            else:
                cells.append(str(v))
        out.append(cells)
    return out


class SummaryTable(Translatable, QWidget):
    def __init__(self, state, parent=None):
        super().__init__(parent)
        self.state = state
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(0, 0)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.curve = CurveView(state)
        self.views = QTabWidget()
        self.views.addTab(self.table, self.tr("Table"))
        self.views.addTab(self.curve, self.tr("Coverage curve"))
        self.provinces = AdminTable(state)
        self.views.addTab(self.provinces, self.tr("Provinces"))
        lay.addWidget(self.views)
        row = QHBoxLayout()
        self.copy_btn = QPushButton(self.tr("Copy table"))
        self.copy_btn.clicked.connect(self.copy_summary)
        self.export_btn = QPushButton(self.tr("Export CSV…"))
        self.export_btn.clicked.connect(self._export_dialog)
        row.addWidget(self.copy_btn)
        row.addWidget(self.export_btn)
        lay.addLayout(row)
        state.coverageChanged.connect(self.refresh)
        self.refresh()

    @property
    def rows(self) -> list[dict]:
        return self.state.coverage_rows

    def refresh(self) -> None:
        cols = summary_columns()
        fill_table(self.table, [label for _, label in cols], display_rows(self.rows))
        self.table.setToolTip(self.tr("'Without' rows: what the other centres still cover if that centre fails."))

    def summary_csv(self) -> str:
        buf = io.StringIO()
        if self.rows:
            w = csv.DictWriter(buf, fieldnames=list(self.rows[0]))
            w.writeheader()
            w.writerows(self.rows)
        return buf.getvalue()

    def copy_summary(self) -> None:
        QGuiApplication.clipboard().setText(self.summary_csv())

    def _export_dialog(self):
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export coverage table"), "", "CSV (*.csv);;Excel (*.xlsx)")
        if path:
            self.export_summary(path)

    def export_summary(self, path: str | Path) -> Path:
        """CSV (UTF-8 with BOM, opens in Excel) or XLSX (through QGIS' own OGR writer)."""
        path = Path(path)
        if path.suffix.lower() != ".xlsx":
            path.write_text(self.summary_csv(), encoding="utf-8-sig")
            return path
        lyr = QgsVectorLayer("None", "coverage", "memory")
        cols = list(self.rows[0]) if self.rows else []
        lyr.dataProvider().addAttributes([make_field(c, "string" if c.endswith("names") or c == "centre"
                                                     else "double") for c in cols])
        lyr.updateFields()
        feats = []
        for row in self.rows:
            f = QgsFeature(lyr.fields())
            f.setAttributes([row.get(c) for c in cols])
            feats.append(f)
        lyr.dataProvider().addFeatures(feats)
        opts = QgsVectorFileWriter.SaveVectorOptions()
        opts.driverName = "XLSX"
        err = QgsVectorFileWriter.writeAsVectorFormatV3(lyr, str(path), QgsProject.instance().transformContext(), opts)
        if err[0] != QgsVectorFileWriter.WriterError.NoError:
            raise OSError(str(err[1]))
        return path
