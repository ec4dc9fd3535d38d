"""The Run tab: travel profile, thresholds and resolution; Run / Cancel of ``hinterland:coverage`` through the
runner; the results group from the algorithm's declared outputs; the coverage table; travel times at a
point; the report (``hinterland:report``) and the folder results are written to."""
from __future__ import annotations

import math
from pathlib import Path

from qgis.core import QgsPointXY, QgsProcessingUtils, QgsProject, QgsRasterLayer, QgsSettings, QgsVectorLayer
from qgis.PyQt.QtCore import pyqtSignal
from qgis.PyQt.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..core.constants import SETTINGS_PREFIX
from ..crs import point_transformer
from ..i18n import Translatable, language, translate
from ..styling import style_prefecture_times
from .inputs_box import InputsBox, estimate, memory_limit, study_area_km2, time_estimate
from .map_tools import PointTool, ToolSwitch, canvas_crs
from .results_group import discard_run_folder, layer_rows, show_results
from .state import DEFAULT_THRESHOLDS, PROFILES
from .summary import SummaryTable
from .widgets import ERROR_STYLE, RunProgress, StatusLabel, bind_runner, button_grid


def _duration(seconds: float) -> str:
    if seconds < 10:  # a 5 km rerun takes under a second: "0.9 s", not "1 s" or "0 s"
        return translate("run_tab", "{0} s").format(f"{seconds:,.1f}")
    if seconds < 90:
        return translate("run_tab", "{0} s").format(f"{seconds:,.0f}")
    if seconds < 5400:
        return translate("run_tab", "{0} min").format(f"{seconds / 60:,.0f}")
    return translate("run_tab", "{0} h").format(f"{seconds / 3600:,.1f}")


class RunTab(Translatable, QWidget):
    resultsReady = pyqtSignal(list)  # noqa: N815 - coverage rows
    reportReady = pyqtSignal(dict)  # noqa: N815 - the report's results dict

    def __init__(self, state, runner, iface=None, parent=None):
        super().__init__(parent)
        self.state, self.runner, self.iface = state, runner, iface
        self._centres_lyr = None
        lay = self._scroll_layout()
        form = QFormLayout()
        self.profile = QComboBox()
        labels = {"multimodal": self.tr("multimodal"), "road": self.tr("road"), "rail": self.tr("rail")}
        for name in PROFILES:  # shown translated, passed by name
            self.profile.addItem(labels.get(name, name), name)
        self.thresholds = QLineEdit(DEFAULT_THRESHOLDS)
        self.resolution = QDoubleSpinBox()
        self.resolution.setRange(100, 100000)  # what the engine accepts: nothing typed is silently clamped
        self.resolution.setSingleStep(1000)
        self.resolution.setDecimals(0)
        self.resolution.setSuffix(" m")
        self.resolution.setValue(5000)
        form.addRow(self.tr("Travel profile"), self.profile)
        form.addRow(self.tr("Thresholds (minutes)"), self.thresholds)
        form.addRow(self.tr("Resolution (m)"), self.resolution)
        lay.addLayout(form)
        self.inputs_box = InputsBox(state, iface)
        lay.addWidget(self.inputs_box)
        self.estimate_label = QLabel("")
        self.estimate_label.setWordWrap(True)
        lay.addWidget(self.estimate_label)
        for sig in (self.profile.currentTextChanged, self.thresholds.textChanged, self.resolution.valueChanged):
            sig.connect(self._parameters_changed)
        state.inputsChanged.connect(self.update_estimate)
        state.centresChanged.connect(self.update_estimate)  # the time grows with the number of centres
        self.run_btn = QPushButton(self.tr("Run"))
        self.run_btn.clicked.connect(self.run)
        self.cancel_btn = QPushButton(self.tr("Cancel"))
        self.cancel_btn.setEnabled(False)
        self.cancel_btn.clicked.connect(runner.cancel)
        row = QHBoxLayout()
        row.addWidget(self.run_btn)
        row.addWidget(self.cancel_btn)
        lay.addLayout(row)
        self.progress = RunProgress(runner)
        lay.addWidget(self.progress)
        self.status = StatusLabel()
        lay.addWidget(self.status)
        self.summary = SummaryTable(state)
        lay.addWidget(self.summary, 3)
        self.identify_btn = QPushButton(self.tr("Travel times at a point"))
        self.identify_btn.setCheckable(True)
        self.identify_switch = ToolSwitch(iface, self.identify_btn, self._make_identify_tool)
        lay.addWidget(self.identify_btn)
        self.identify_label = QLabel("")
        self.identify_label.setWordWrap(True)
        lay.addWidget(self.identify_label)
        lay.addLayout(self._report_row())
        note = QLabel(self.tr("Population: 2020 (7th) census, county residents placed on the grid."))
        note.setWordWrap(True)
        lay.addWidget(note)
        bind_runner(self, runner, self.status, (self.run_btn, self.report_btn), self.cancel_btn)
        state.coverageChanged.connect(lambda: self.identify_label.setText(""))
        runner.started.connect(lambda _id: self.identify_label.setText(""))  # a rerun clears the old answer
        self._restore_settings()

    def _scroll_layout(self) -> QVBoxLayout:
        """The tab's layout inside a scroll area: the own-data section makes it taller than a 1080 px screen."""
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        inner = QWidget()
        scroll.setWidget(inner)
        outer.addWidget(scroll)
        return QVBoxLayout(inner)

    def _report_row(self):
        self.report_lang = QComboBox()
        self.report_lang.addItem(self.tr("Chinese"), "zh")
        self.report_lang.addItem(self.tr("English"), "en")
        self.report_lang.setCurrentIndex(max(0, self.report_lang.findData(language())))
        self.report_btn = QPushButton(self.tr("Report…"))
        self.report_btn.setToolTip(self.tr("PDF, PNG (300 dpi) and HTML report of the current centres"))
        self.report_btn.clicked.connect(self._report_dialog)
        self.folder_btn = QPushButton(self.tr("Results folder…"))
        self.folder_btn.clicked.connect(self._folder_dialog)
        self.page2 = QCheckBox(self.tr("Page 2: gateways, monitoring, backup reach"))
        self.page2.setToolTip(self.tr("A second page with the gateway hinterlands, the monitoring of the feed chosen "
                                      "in the Monitor tab (the synthetic sample when none) and the key-industry "
                                      "backup reach"))
        #: the Monitor tab's feed layer (None: the synthetic sample), set by the dock
        self.monitor_feed = lambda: None
        grid = button_grid(self.report_lang, self.report_btn, self.folder_btn)
        grid.addWidget(self.page2, 2, 0, 1, 2)
        return grid

    # ------------------------------------------------------------------ parameters
    def _parameters_changed(self, *_):
        self.state.set_parameters(self.profile.currentData() or "multimodal", self.thresholds.text(), self.resolution.value())
        self.update_estimate()

    def estimate(self) -> tuple[float, float, bool]:
        """(cells, bytes, fits in memory) of the grid the next run makes."""
        cells, need = estimate(study_area_km2(self.state.input_parameters()), self.state.resolution)
        return cells, need, need <= memory_limit()

    def update_estimate(self, *_) -> None:
        cells, need, fits = self.estimate()
        if need >= 1024 ** 3:
            text = self.tr("Grid: about {0} million cells, ~{1} GB of memory.").format(f"{cells / 1e6:,.1f}",
                                                                                 f"{need / 1024 ** 3:,.1f}")
        else:
            text = self.tr("Grid: about {0} million cells, ~{1} MB of memory.").format(f"{cells / 1e6:,.2f}",
                                                                                 f"{need / 1024 ** 2:,.0f}")
        run_s, first_s = time_estimate(cells, sum(c.enabled for c in self.state.centres()))
        text += " " + self.tr("A run takes about {0}, the first at this resolution about {1} (as on the benchmark "
                              "machine).").format(_duration(run_s), _duration(first_s))
        if not fits:
            text += " " + self.tr("More than this machine has free ({0} GB): choose a coarser resolution or a smaller "
                             "study area.").format(f"{memory_limit() / 1024 ** 3:,.1f}")
        self.estimate_label.setText(text)
        self.estimate_label.setStyleSheet("" if fits else ERROR_STYLE)

    def _restore_settings(self):
        s = QgsSettings()
        self.profile.setCurrentIndex(max(0, self.profile.findData(s.value(SETTINGS_PREFIX + "profile", "multimodal",
                                                                          type=str))))
        self.thresholds.setText(s.value(SETTINGS_PREFIX + "thresholds", DEFAULT_THRESHOLDS, type=str))
        self.resolution.setValue(s.value(SETTINGS_PREFIX + "resolution", 5000.0, type=float))
        self._parameters_changed()

    def _save_settings(self):
        s = QgsSettings()
        s.setValue(SETTINGS_PREFIX + "profile", self.profile.currentData())
        s.setValue(SETTINGS_PREFIX + "thresholds", self.thresholds.text())
        s.setValue(SETTINGS_PREFIX + "resolution", self.resolution.value())

    def _validated(self):
        try:
            valid = self.state.validate()
        except ValueError as exc:
            self.status.show_message(str(exc), error=True)
            return None
        if not self.estimate()[2]:  # refused here, before the engine would run out of memory
            self.update_estimate()
            self.status.show_message(self.estimate_label.text(), error=True)
            return None
        return valid

    # ------------------------------------------------------------------ coverage
    def run(self) -> bool:
        valid = self._validated()
        if valid is None:
            return False
        active, thresholds = valid
        self._save_settings()
        try:
            folder = self.state.run_folder("coverage")
        except OSError as exc:
            self.status.show_message(str(exc), error=True)
            return False
        self._centres_lyr = self.state.centres_layer(active)  # kept alive while the task runs
        params = self.state.common_parameters(self._centres_lyr)
        params.update({"THRESHOLDS": ",".join(f"{t:g}" for t in thresholds), "CAPACITY_FIELD": "capacity",
                       "CATCHMENT": max(thresholds), "OUTPUT": str(folder / "coverage.gpkg"),
                       "OUTPUT_ACCESS": str(folder / "access.gpkg"), "OUTPUT_TIME": str(folder / "time.tif"),
                       "OUTPUT_ALLOCATION": str(folder / "allocation.tif"),
                       "OUTPUT_BACKUP": str(folder / "backup.tif"),
                       "OUTPUT_ISOCHRONES": str(folder / "isochrones.gpkg"), "PER_CENTRE": True,
                       "OUTPUT_ADMIN": str(folder / "admin.gpkg"), "OUTPUT_PREFECTURES": str(folder / "prefectures.gpkg")})
        return self.runner.run("hinterland:coverage", params, self._finished, owner=self,
                               extra={"names": [c.name for c in active], "folder": folder},
                               phase=self.tr("Running… (the first run at a resolution prepares the grid)"))

    def _finished(self, run):
        if not run.ok:
            discard_run_folder(run.extra["folder"])
            self.status.show_message(self.tr("The analysis was cancelled or failed; nothing was added to the project.")
                                     + (" " + run.error if run.error else ""), error=True)
            return
        project = QgsProject.instance()
        names = run.extra["names"]
        table = QgsVectorLayer(str(run.results["OUTPUT"]), "coverage", "ogr")
        rows = layer_rows(table)
        access = QgsVectorLayer(str(run.results["OUTPUT_ACCESS"]), "access", "ogr") \
            if run.results.get("OUTPUT_ACCESS") else None
        extra = []
        if run.results.get("OUTPUT_PREFECTURES"):
            prefs = QgsVectorLayer(str(run.results["OUTPUT_PREFECTURES"]), self.tr("Prefectures: mean time per resident"),
                                   "ogr")
            if prefs.isValid():
                style_prefecture_times(prefs)
                extra.append((prefs, "prefecture_times", False))
        admin = QgsVectorLayer(str(run.results["OUTPUT_ADMIN"]), self.tr("Coverage by province and prefecture"), "ogr") \
            if run.results.get("OUTPUT_ADMIN") else None
        if admin is not None:
            extra.append((admin, "admin", True))
        show_results(run.results, project, names, access, table=table, extra=extra)
        self.state.set_coverage(rows, names, [str(p) for p in run.results.get("OUTPUT_CENTRE_TIMES") or []],
                                layer_rows(admin))
        self.status.show_message(self.tr("Done: {0} rows.").format(len(rows)))
        self.resultsReady.emit(rows)

    # ------------------------------------------------------------------ identify
    def _make_identify_tool(self, canvas):
        tool = PointTool(canvas)
        tool.clicked.connect(lambda p, _left: self.identify_at(p, canvas_crs(canvas)))
        return tool

    def identify_at(self, point: QgsPointXY, crs=None) -> list[tuple[str, float]]:
        """Travel time from each centre of the last run to ``point`` (project CRS unless given), nearest first."""
        times = self.state.centre_times
        if not times:
            self.status.show_message(self.tr("Run the analysis first."), error=True)
            return []
        out = []
        for name, path in zip(self.state.result_names, times):
            lyr = QgsRasterLayer(str(path), name)
            if not lyr.isValid():
                continue
            q = point_transformer(crs or QgsProject.instance().crs(), lyr.crs())(point.x(), point.y())
            value, ok = lyr.dataProvider().sample(QgsPointXY(*q), 1)
            out.append((name, float(value) if ok and not math.isnan(value) else math.inf))
        out.sort(key=lambda x: x[1])
        self.identify_label.setText("\n".join(
            self.tr("{0}: {1} min").format(n, f"{t:,.0f}") if math.isfinite(t) else f"{n}: " + self.tr("not reachable")
            for n, t in out))
        return out

    # ------------------------------------------------------------------ report
    def _report_dialog(self):
        folder = QFileDialog.getExistingDirectory(self, self.tr("Folder for the report"))
        if folder:
            self.report(Path(folder))

    def report(self, folder: Path) -> bool:
        """Start hinterland:report; files report_<lang>.pdf/.png/.html in ``folder``."""
        valid = self._validated()
        if valid is None:
            return False
        active, thresholds = valid
        lang = self.report_lang.currentData()
        folder = Path(folder)
        self._centres_lyr = self.state.centres_layer(active)
        params = self.state.common_parameters(self._centres_lyr)
        params.update({"THRESHOLDS": ",".join(f"{t:g}" for t in thresholds), "LANGUAGE": lang,
                       "OUTPUT_PDF": str(folder / f"report_{lang}.pdf"), "OUTPUT_PNG": str(folder / f"report_{lang}.png"),
                       "OUTPUT_HTML": str(folder / f"report_{lang}.html")})
        if self.state.indicator_rows:  # once evaluated, the report carries the same indicators and scenarios
            params.update(self.state.report_parameters(Path(QgsProcessingUtils.tempFolder())))
        if self.page2.isChecked():
            params.update({"GATEWAYS": True, "MONITOR": True, "BACKUP_REACH": True})
            feed = self.monitor_feed()
            if feed is not None:
                params["MONITOR_FEED"] = feed
        return self.runner.run("hinterland:report", params, self._report_finished, owner=self,
                               phase=self.tr("Writing the report…"))

    def _report_finished(self, run):
        if not run.ok:
            self.status.show_message(self.tr("The report failed.") + (" " + run.error if run.error else ""), error=True)
            return
        self.status.show_message(self.tr("Report written: {0}").format(run.results.get("OUTPUT_PDF", "")))
        self.reportReady.emit(run.results)

    # ------------------------------------------------------------------ results folder
    def _folder_dialog(self):
        current = str(self.state.results_folder())
        folder = QFileDialog.getExistingDirectory(self, self.tr("Folder for the results"), current)
        if folder:
            self.state.set_results_folder(QgsProject.instance(), folder)
            self.status.show_message(self.tr("Results are written to {0}.").format(folder))

    def close_tools(self) -> None:
        self.identify_switch.close()
