"""The Compare tab: the baseline and every stored scenario side by side (population and area within each
threshold, sites cut off, population-minutes, centres cut off), exported as CSV."""
from __future__ import annotations

import csv
from pathlib import Path

from qgis.PyQt.QtCore import pyqtSignal
from qgis.PyQt.QtWidgets import QAbstractItemView, QFileDialog, QLabel, QPushButton, QTableWidget, QVBoxLayout, QWidget

from ..core.constants import SCENARIO_PROPERTY
from ..i18n import Translatable, translate
from . import scenario_layers
from .widgets import StatusLabel, button_grid, fill_table


def comparison(scenarios: dict) -> tuple[list[str], list[tuple[str, list]]]:
    """(column names, [(metric label, values per column)]): baseline first, then each scenario."""
    names = list(scenarios)
    cols = [translate("compare_tab", "Baseline")] + names
    thresholds = sorted({float(r["threshold_min"]) for s in scenarios.values() for r in s["rows"]})
    metrics: list[tuple[str, list]] = []

    def row_of(name, th):
        return next((r for r in scenarios[name]["rows"] if float(r["threshold_min"]) == th), None)

    for th in thresholds:
        rows = [row_of(n, th) for n in names]
        before = next((r.get("population_before") for r in rows if r is not None), None)
        metrics.append((translate("compare_tab", "Population within {0:g} min").format(th),
                        [before] + [r.get("population_after") if r else None for r in rows]))
        area = next((r.get("area_before_km2") for r in rows if r is not None), None)
        metrics.append((translate("compare_tab", "Area within {0:g} min (km²)").format(th),
                        [area] + [r.get("area_after_km2") if r else None for r in rows]))
        metrics.append((translate("compare_tab", "Sites and hubs cut off within {0:g} min").format(th),
                        [0] + [r.get("cut_off_n") if r else None for r in rows]))
    if names:
        first = [scenarios[n]["rows"][0] if scenarios[n]["rows"] else None for n in names]
        metrics.append((translate("compare_tab", "Population-minutes added"), [0] + [r.get("pop_minutes_added") if r else None for r in first]))
        metrics.append((translate("compare_tab", "Centres cut off"), [""] + [r.get("centres_cut_off") if r else None for r in first]))
        metrics.append((translate("compare_tab", "Segments"), [""] + [len(scenarios[n]["ids"]) for n in names]))
    return cols, metrics


class CompareTab(Translatable, QWidget):
    editRequested = pyqtSignal(str)  # noqa: N815 - scenario name

    def __init__(self, state, parent=None):
        super().__init__(parent)
        self.state = state
        lay = QVBoxLayout(self)
        head = QLabel(self.tr("Scenarios side by side (the baseline is the network without disruption)"))
        head.setWordWrap(True)
        lay.addWidget(head)
        self.compare = QTableWidget(0, 0)
        self.compare.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        lay.addWidget(self.compare, 3)
        self.remove_scn_btn = QPushButton(self.tr("Remove selected scenario"))
        self.remove_scn_btn.clicked.connect(self._remove_selected)
        self.load_scn_btn = QPushButton(self.tr("Edit selected scenario"))
        self.load_scn_btn.clicked.connect(self._edit_selected)
        self.export_cmp_btn = QPushButton(self.tr("Export CSV…"))
        self.export_cmp_btn.clicked.connect(self._export_dialog)
        lay.addLayout(button_grid(self.load_scn_btn, self.remove_scn_btn, self.export_cmp_btn))
        self.status = StatusLabel()
        lay.addWidget(self.status)
        state.scenariosChanged.connect(self.refresh)
        self.refresh()

    def comparison(self):
        return comparison(self.state.scenarios)

    def refresh(self) -> None:
        cols, metrics = self.comparison()
        fill_table(self.compare, cols, [values for _, values in metrics], [m for m, _ in metrics])

    def export_comparison(self, path) -> Path:
        """The comparison (metrics × baseline and scenarios) plus each scenario's segment ids, as CSV in UTF-8
        with BOM so that Excel opens the Chinese names correctly."""
        cols, metrics = self.comparison()
        path = Path(path)
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            w = csv.writer(fh)
            w.writerow([self.tr("Indicator")] + cols)
            for label, values in metrics:
                w.writerow([label] + ["" if v is None else v for v in values])
            w.writerow([self.tr("Segments")] + [""] + [" ".join(s["ids"]) for s in self.state.scenarios.values()])
        return path

    def _export_dialog(self):
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export scenario comparison"), "scenarios.csv", "CSV (*.csv)")
        if path:
            try:
                self.export_comparison(path)
            except OSError as exc:
                self.status.show_message(str(exc), error=True)

    def selected_scenario(self) -> str | None:
        cols = [c.column() for c in self.compare.selectedIndexes()]
        if not cols or cols[0] == 0:
            self.status.show_message(self.tr("Select a scenario column in the comparison first."), error=True)
            return None
        return list(self.state.scenarios)[cols[0] - 1]

    def _remove_selected(self):
        name = self.selected_scenario()
        if name is not None:
            self.remove_scenario(name)

    def remove_scenario(self, name: str) -> None:
        """Forget the scenario and remove its layers (minutes added, disrupted segments)."""
        scenario_layers.remove_layers(lambda lyr: lyr.customProperty(SCENARIO_PROPERTY) == name)
        self.state.remove_scenario(name)

    def _edit_selected(self):
        name = self.selected_scenario()
        if name is not None:
            self.editRequested.emit(name)
