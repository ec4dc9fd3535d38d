"""The Early-warning tab: indicators × (baseline and scenarios) in green/amber/red from
``hinterland:earlywarning``; indicator sets load from / save to JSON and travel with the project."""
from __future__ import annotations

from pathlib import Path

from qgis.core import QgsProcessingUtils
from qgis.PyQt.QtCore import Qt, pyqtSignal
from qgis.PyQt.QtGui import QColor
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.constants import STATUS_COLOURS
from ..core.field_labels import indicator_text
from ..i18n import Translatable, language
from .results_group import layer_rows
from .widgets import RunProgress, StatusLabel, bind_runner, button_grid

BASELINE = "baseline"


class WarningTab(Translatable, QWidget):
    indicatorsReady = pyqtSignal(list)  # noqa: N815 - indicator rows

    def __init__(self, state, runner, parent=None):
        super().__init__(parent)
        self.state, self.runner = state, runner
        self._centres_lyr = None
        lay = QVBoxLayout(self)
        self.ind_file_label = QLabel("")
        self.ind_file_label.setWordWrap(True)
        lay.addWidget(self.ind_file_label)
        self.indicators = QTableWidget(0, 0)
        self.indicators.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        lay.addWidget(self.indicators, 3)
        self.eval_btn = QPushButton(self.tr("Evaluate indicators"))
        self.eval_btn.setToolTip(self.tr("Baseline and every scenario; includes an N-1 run per scenario"))
        self.eval_btn.clicked.connect(self.run_indicators)
        self.load_ind_btn = QPushButton(self.tr("Load indicators…"))
        self.load_ind_btn.clicked.connect(self._load_dialog)
        self.save_ind_btn = QPushButton(self.tr("Save indicators…"))
        self.save_ind_btn.clicked.connect(self._save_dialog)
        self.reset_ind_btn = QPushButton(self.tr("Default"))
        self.reset_ind_btn.clicked.connect(lambda: self.state.set_indicators_text(None))
        self.cancel_btn = QPushButton(self.tr("Cancel"))
        self.cancel_btn.setEnabled(False)
        self.cancel_btn.clicked.connect(runner.cancel)
        lay.addLayout(button_grid(self.eval_btn, self.cancel_btn, self.reset_ind_btn, self.load_ind_btn,
                                  self.save_ind_btn))
        self.progress = RunProgress(runner)
        lay.addWidget(self.progress)
        self.status = StatusLabel()
        lay.addWidget(self.status)
        bind_runner(self, runner, self.status, (self.eval_btn,), self.cancel_btn)
        state.indicatorsChanged.connect(self.refresh)
        self.refresh()

    def run_indicators(self) -> bool:
        try:
            active, _ = self.state.validate()
        except ValueError as exc:
            self.status.show_message(str(exc), error=True)
            return False
        self._centres_lyr = self.state.centres_layer(active)
        params = self.state.common_parameters(self._centres_lyr)
        params.update(self.state.warning_parameters(Path(QgsProcessingUtils.tempFolder())))  # a passing input
        params["OUTPUT"] = "TEMPORARY_OUTPUT"
        named = params["SCENARIO_NAMES"].split(";") if params["DISRUPTED"] else []
        return self.runner.run("hinterland:earlywarning", params, self._done, owner=self, phase=self.tr(
            "Evaluating the indicators for the baseline and {0} scenarios…").format(len(named)))

    def _done(self, run):
        if not run.ok:
            self.status.show_message(self.tr("{0} was cancelled or failed; nothing was added to the project.").format(
                self.tr("The indicator evaluation")) + (" " + run.error if run.error else ""), error=True)
            return
        rows = layer_rows(run.take_layer("OUTPUT"))
        self.state.set_indicator_rows(rows)
        reds = sum(r["status"] == "red" for r in rows)
        self.status.show_message(self.tr("Indicators evaluated: {0} red.").format(reds), error=reds > 0)
        self.indicatorsReady.emit(rows)

    def refresh(self) -> None:
        src = self.tr("default indicators") if self.state.indicators_text is None else self.tr("indicators of this project")
        self.ind_file_label.setText(self.tr("{0} indicators ({1}).").format(self.state.indicator_count(), src))
        keys = {"scenario", "id", "status", "direction", "amber", "red", "name_zh", "name_en"}
        rows = [r for r in self.state.indicator_rows if isinstance(r, dict) and keys <= r.keys()]  # damaged: skip
        scenarios = list(dict.fromkeys(r["scenario"] for r in rows))
        ids = list(dict.fromkeys(r["id"] for r in rows))
        by = {(r["scenario"], r["id"]): r for r in rows}
        name_key = "name_zh" if language() == "zh" else "name_en"
        labels = {"green": self.tr("green"), "amber": self.tr("amber"), "red": self.tr("red")}
        t = self.indicators
        t.clear()
        t.setColumnCount(len(scenarios) + 1)
        t.setRowCount(len(ids))
        t.setHorizontalHeaderLabels([self.tr("Indicator")] + [self.tr("Baseline") if s == BASELINE else s for s in scenarios])
        for r, iid in enumerate(ids):
            first = by[(scenarios[0], iid)]
            head = QTableWidgetItem(first[name_key])
            cmp = "<" if first["direction"] == "low_is_bad" else ">"
            head.setToolTip(self.tr("amber if {0} {1:g}, red if {0} {2:g}").format(cmp, first["amber"], first["red"]))
            t.setItem(r, 0, head)
            for c, s in enumerate(scenarios, start=1):
                row = by.get((s, iid))
                if row is None:
                    continue
                item = QTableWidgetItem(f"{indicator_text(row, language())}  ({labels.get(row['status'], row['status'])})")
                item.setBackground(QColor(STATUS_COLOURS.get(row["status"], "#ffffff")))
                item.setData(Qt.ItemDataRole.UserRole, row["status"])
                t.setItem(r, c, item)
        header = t.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # long names wrap, values stay whole
        for c in range(1, t.columnCount()):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        t.setWordWrap(True)
        t.resizeRowsToContents()

    def _load_dialog(self):
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Load indicators"), "", "JSON (*.json)")
        if path:
            try:
                self.state.set_indicators_text(Path(path).read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                self.status.show_message(str(exc), error=True)

    def _save_dialog(self):
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save indicators"), "indicators.json", "JSON (*.json)")
        if path:
            self.save_indicators(path)

    def save_indicators(self, path) -> Path:
        Path(path).write_text(self.state.indicators_json(), encoding="utf-8")
        return Path(path)
