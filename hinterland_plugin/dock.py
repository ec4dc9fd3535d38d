"""The Hinterland dock: choose centres, run coverage/accessibility in a background task, read the figures.

The dock runs the same Processing algorithm as scripts (``hinterland:coverage``) through
``QgsProcessingAlgRunnerTask``, so the work happens off the UI thread with progress and cancel.
"""
from __future__ import annotations

import csv
import json
import math
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsGeometry,
    QgsPointXY,
    QgsProcessingAlgRunnerTask,
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsProject,
    QgsSettings,
    QgsVectorLayer,
)
from qgis.gui import QgsDockWidget, QgsMapToolEmitPoint
from qgis.PyQt.QtCore import Qt, pyqtSignal
from qgis.PyQt.QtGui import QGuiApplication
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .core.catalog import category_label
from .core.engine.params import ParameterError, parse_thresholds
from .i18n import language, tr
from .core.resources import data_path
from .widgets import button_grid

WGS84 = QgsCoordinateReferenceSystem("EPSG:4326")
SETTINGS = "hinterland/dock/"
PROJECT_SCOPE = "hinterland"
PROFILES = ("multimodal", "road", "rail")


class _Feedback(QgsProcessingFeedback):
    """Keeps the last error the algorithm reported, to show it in the dock."""

    def __init__(self):
        super().__init__()
        self.errors: list[str] = []

    def reportError(self, error, fatalError=False):  # noqa: N802, N803
        self.errors.append(str(error))
        super().reportError(error, fatalError)


@dataclass
class CentreRow:
    name: str
    lon: float
    lat: float
    capacity: float = 1.0
    delay_min: float = 0.0
    enabled: bool = True


class CentrePickTool(QgsMapToolEmitPoint):
    """Left click adds a centre, right click removes the nearest one."""

    picked = pyqtSignal(QgsPointXY, bool)  # map point, True = add / False = remove

    def canvasReleaseEvent(self, event):  # noqa: N802
        point = self.toMapCoordinates(event.pos())
        self.picked.emit(point, event.button() != Qt.MouseButton.RightButton)


class HinterlandDock(QgsDockWidget):
    resultsReady = pyqtSignal(list)  # coverage rows
    reportReady = pyqtSignal(dict)  # output paths

    COLS = ("enabled", "name", "capacity", "delay")

    def __init__(self, iface=None, parent=None):
        super().__init__(tr("Hinterland"), parent)
        self.setObjectName("HinterlandDock")
        self.iface = iface
        self.task = None
        self.rows: list[dict] = []
        self.result_dir: Path | None = None
        self.pick_tool = None
        self._build()
        self._load_candidates()
        self._restore_settings()

    # ------------------------------------------------------------------ UI
    def _build(self):
        root = QWidget()
        lay = QVBoxLayout(root)
        tabs = QTabWidget()
        lay.addWidget(tabs)

        # --- centres tab
        ct = QWidget()
        cl = QVBoxLayout(ct)
        self.search = QLineEdit()
        self.search.setPlaceholderText(tr("Search candidate centres (中文 or English)"))
        self.search.textChanged.connect(self._filter_candidates)
        cl.addWidget(self.search)
        self.candidates = QTreeWidget()
        self.candidates.setHeaderLabels([tr("Candidate centres")])
        cl.addWidget(self.candidates, 2)
        self.add_checked_btn = QPushButton(tr("Add checked"))
        self.add_checked_btn.clicked.connect(self.add_checked_candidates)
        self.add_selection_btn = QPushButton(tr("Add selected points"))
        self.add_selection_btn.setToolTip(tr("Add selected points of the active layer"))
        self.add_selection_btn.clicked.connect(self.add_from_active_layer)
        self.pick_btn = QPushButton(tr("Pick on map"))
        self.pick_btn.setCheckable(True)
        self.pick_btn.toggled.connect(self._toggle_pick)
        cl.addLayout(button_grid(self.add_checked_btn, self.add_selection_btn, self.pick_btn))
        self.table = QTableWidget(0, len(self.COLS))
        self.table.setHorizontalHeaderLabels([tr("On"), tr("Name"), tr("Capacity"), tr("Delay (min)")])
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        cl.addWidget(self.table, 3)
        self.remove_btn = QPushButton(tr("Remove selected"))
        self.remove_btn.clicked.connect(self.remove_selected)
        self.save_btn = QPushButton(tr("Save set…"))
        self.save_btn.clicked.connect(self._save_dialog)
        self.load_btn = QPushButton(tr("Load set…"))
        self.load_btn.clicked.connect(self._load_dialog)
        cl.addLayout(button_grid(self.remove_btn, self.save_btn, self.load_btn))
        tabs.addTab(ct, tr("Centres"))

        # --- run tab
        rt = QWidget()
        rl = QVBoxLayout(rt)
        form = QFormLayout()
        self.profile = QComboBox()
        self.profile.addItems(PROFILES)
        self.thresholds = QLineEdit("60,120,180,240")
        self.resolution = QDoubleSpinBox()
        self.resolution.setRange(1000, 50000)
        self.resolution.setSingleStep(1000)
        self.resolution.setDecimals(0)
        self.resolution.setSuffix(" m")
        self.resolution.setValue(5000)
        form.addRow(tr("Travel profile"), self.profile)
        form.addRow(tr("Thresholds (minutes)"), self.thresholds)
        form.addRow(tr("Resolution (m)"), self.resolution)
        rl.addLayout(form)
        row = QHBoxLayout()
        self.run_btn = QPushButton(tr("Run"))
        self.run_btn.clicked.connect(self.run)
        self.cancel_btn = QPushButton(tr("Cancel"))
        self.cancel_btn.setEnabled(False)
        self.cancel_btn.clicked.connect(self.cancel)
        row.addWidget(self.run_btn)
        row.addWidget(self.cancel_btn)
        rl.addLayout(row)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        rl.addWidget(self.progress)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        rl.addWidget(self.status)
        self.summary = QTableWidget(0, 0)
        self.summary.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.summary.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        rl.addWidget(self.summary, 3)
        row = QHBoxLayout()
        self.identify_btn = QPushButton(tr("Travel times at a point"))
        self.identify_btn.setCheckable(True)
        self.identify_btn.toggled.connect(self._toggle_identify)
        rl.addWidget(self.identify_btn)
        self.identify_label = QLabel("")
        self.identify_label.setWordWrap(True)
        rl.addWidget(self.identify_label)
        self.copy_btn = QPushButton(tr("Copy table"))
        self.copy_btn.clicked.connect(self.copy_summary)
        self.export_btn = QPushButton(tr("Export CSV…"))
        self.export_btn.clicked.connect(self._export_dialog)
        row.addWidget(self.copy_btn)
        row.addWidget(self.export_btn)
        rl.addLayout(row)
        row = QHBoxLayout()
        self.report_lang = QComboBox()
        self.report_lang.addItems(["zh", "en"])
        self.report_lang.setCurrentText(language())
        self.report_btn = QPushButton(tr("Report…"))
        self.report_btn.setToolTip(tr("PDF, PNG (300 dpi) and HTML report of the current centres"))
        self.report_btn.clicked.connect(self._report_dialog)
        row.addWidget(self.report_lang)
        row.addWidget(self.report_btn)
        rl.addLayout(row)
        note = QLabel(tr("Population: GeoNames population of cities with at least 15,000 inhabitants, not a census."))
        note.setWordWrap(True)
        rl.addWidget(note)
        tabs.addTab(rt, tr("Run"))

        # --- scenarios tab (segments are read when the tab is first shown)
        from .scenario_panel import ScenarioPanel

        self.scenario_panel = ScenarioPanel(self)
        tabs.addTab(self.scenario_panel, tr("Scenarios"))
        tabs.currentChanged.connect(self._tab_changed)
        self.tabs = tabs
        root.setMinimumWidth(360)
        self.setWidget(root)

    def _tab_changed(self, index: int):
        if self.tabs.widget(index) is self.scenario_panel:
            self.scenario_panel.load_segments()

    # ------------------------------------------------------------------ candidates
    def _load_candidates(self):
        self.candidates.clear()
        path = data_path()
        lyr = QgsVectorLayer(f"{path}|layername=candidate_centres", "c", "ogr")
        if not lyr.isValid():
            self._message(tr("The candidate centres could not be read from {0}.").format(path), error=True)
            return
        lang = language()
        groups: dict[str, QTreeWidgetItem] = {}
        for f in lyr.getFeatures():
            cat = f["category"]
            if cat not in groups:
                g = QTreeWidgetItem([category_label(cat, lang)])
                g.setFlags(g.flags() & ~Qt.ItemFlag.ItemIsUserCheckable)
                self.candidates.addTopLevelItem(g)
                groups[cat] = g
            name = f["name_zh"] if lang == "zh" else f["name_en"]
            item = QTreeWidgetItem([f"{name}  ({f['name_en'] if lang == 'zh' else f['name_zh']})"])
            item.setCheckState(0, Qt.CheckState.Unchecked)
            p = f.geometry().asPoint()
            item.setData(0, Qt.ItemDataRole.UserRole, (name, p.x(), p.y()))
            groups[cat].addChild(item)
        self.candidates.expandAll()

    def _filter_candidates(self, text: str):
        text = text.strip().lower()
        for i in range(self.candidates.topLevelItemCount()):
            g = self.candidates.topLevelItem(i)
            shown = 0
            for j in range(g.childCount()):
                c = g.child(j)
                hide = bool(text) and text not in c.text(0).lower()
                c.setHidden(hide)
                shown += not hide
            g.setHidden(shown == 0)

    def add_checked_candidates(self):
        added = 0
        for i in range(self.candidates.topLevelItemCount()):
            g = self.candidates.topLevelItem(i)
            for j in range(g.childCount()):
                c = g.child(j)
                if c.checkState(0) == Qt.CheckState.Checked:
                    name, lon, lat = c.data(0, Qt.ItemDataRole.UserRole)
                    added += self.add_centre(CentreRow(name, lon, lat))
                    c.setCheckState(0, Qt.CheckState.Unchecked)
        if not added:
            self._message(tr("Tick one or more candidate centres first."), error=True)

    def add_from_active_layer(self):
        layer = self.iface.activeLayer() if self.iface else None
        if not isinstance(layer, QgsVectorLayer) or layer.geometryType() != Qgis.GeometryType.Point:
            self._message(tr("Select a point layer in the Layers panel first."), error=True)
            return
        feats = list(layer.selectedFeatures()) or list(layer.getFeatures())
        if not feats:
            self._message(tr("The layer '{0}' has no points.").format(layer.name()), error=True)
            return
        from .engine_service import point_transformer

        try:
            to_wgs84 = point_transformer(layer.crs(), WGS84)
        except ValueError as exc:
            self._message(str(exc), error=True)
            return
        name_field = next((n for n in ("name_zh" if language() == "zh" else "name_en", "name", "NAME")
                           if layer.fields().lookupField(n) >= 0), None)
        for f in feats:
            g = f.geometry()
            if g.isEmpty():
                continue
            c = g.centroid().asPoint()
            lon, lat = to_wgs84(c.x(), c.y())
            name = str(f[name_field]) if name_field else f"{layer.name()} {f.id()}"
            self.add_centre(CentreRow(name, lon, lat))

    # ------------------------------------------------------------------ table of centres
    def centres(self) -> list[CentreRow]:
        out = []
        for r in range(self.table.rowCount()):
            lon, lat = self.table.item(r, 1).data(Qt.ItemDataRole.UserRole)
            out.append(CentreRow(
                self.table.item(r, 1).text(), lon, lat,
                _float(self.table.item(r, 2).text(), 1.0), _float(self.table.item(r, 3).text(), math.nan),
                self.table.item(r, 0).checkState() == Qt.CheckState.Checked))
        return out

    def add_centre(self, c: CentreRow) -> bool:
        for existing in self.centres():
            if abs(existing.lon - c.lon) < 1e-6 and abs(existing.lat - c.lat) < 1e-6:
                return False
        r = self.table.rowCount()
        self.table.insertRow(r)
        on = QTableWidgetItem()
        on.setCheckState(Qt.CheckState.Checked if c.enabled else Qt.CheckState.Unchecked)
        self.table.setItem(r, 0, on)
        name = QTableWidgetItem(c.name)
        name.setData(Qt.ItemDataRole.UserRole, (c.lon, c.lat))
        self.table.setItem(r, 1, name)
        self.table.setItem(r, 2, QTableWidgetItem(f"{c.capacity:g}"))
        self.table.setItem(r, 3, QTableWidgetItem(f"{c.delay_min:g}"))
        return True

    def remove_selected(self):
        for r in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(r)

    def set_centres(self, rows: list[CentreRow]):
        self.table.setRowCount(0)
        for c in rows:
            self.add_centre(c)

    def centres_json(self) -> str:
        return json.dumps([asdict(c) for c in self.centres()], ensure_ascii=False)

    def load_centres_json(self, text: str):
        try:
            rows = [CentreRow(**d) for d in json.loads(text)]
        except (ValueError, TypeError) as exc:
            raise ValueError(tr("Not a Hinterland centre set: {0}").format(exc)) from exc
        self.set_centres(rows)

    def save_to_project(self, project: QgsProject | None = None):
        (project or QgsProject.instance()).writeEntry(PROJECT_SCOPE, "centres", self.centres_json())

    def load_from_project(self, project: QgsProject | None = None) -> bool:
        """Centres, scenarios and indicators stored in the project; False when it has no centre set."""
        self.scenario_panel.load_from_project(project)
        text, ok = (project or QgsProject.instance()).readEntry(PROJECT_SCOPE, "centres", "")
        if ok and text:
            self.load_centres_json(text)
            return True
        return False

    def _save_dialog(self):
        path, _ = QFileDialog.getSaveFileName(self, tr("Save centre set"), "", "JSON (*.json)")
        if path:
            Path(path).write_text(self.centres_json(), encoding="utf-8")
            self.save_to_project()

    def _load_dialog(self):
        path, _ = QFileDialog.getOpenFileName(self, tr("Load centre set"), "", "JSON (*.json)")
        if path:
            try:
                self.load_centres_json(Path(path).read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                self._message(str(exc), error=True)

    # ------------------------------------------------------------------ map tool
    def _toggle_pick(self, on: bool):
        if self.iface is None:
            return
        canvas = self.iface.mapCanvas()
        if on:
            self.pick_tool = CentrePickTool(canvas)
            self.pick_tool.picked.connect(self._picked)
            canvas.setMapTool(self.pick_tool)
        elif self.pick_tool is not None:
            canvas.unsetMapTool(self.pick_tool)
            self.pick_tool = None

    def _picked(self, point: QgsPointXY, add: bool):
        from .engine_service import point_transformer

        p = QgsPointXY(*point_transformer(QgsProject.instance().crs(), WGS84)(point.x(), point.y()))
        if add:
            self.add_centre(CentreRow(tr("Point {0}").format(self.table.rowCount() + 1), p.x(), p.y()))
            return
        best, best_d = None, 1.0  # degrees
        for r, c in enumerate(self.centres()):
            d = math.hypot(c.lon - p.x(), c.lat - p.y())
            if d < best_d:
                best, best_d = r, d
        if best is not None:
            self.table.removeRow(best)

    # ------------------------------------------------------------------ run
    def validate(self):
        """Returns (centres, thresholds) or raises ValueError with a user message."""
        rows = self.centres()
        if not rows:
            raise ValueError(tr("Add at least one centre."))
        active = [c for c in rows if c.enabled]
        if not active:
            raise ValueError(tr("All centres are disabled: tick at least one."))
        for c in active:
            if not math.isfinite(c.delay_min) or c.delay_min < 0:
                raise ValueError(tr("Centre '{0}': the delay must be a number of minutes >= 0.").format(c.name))
        try:
            thresholds = parse_thresholds(self.thresholds.text())
        except ParameterError as exc:
            from .engine_service import translate_message

            raise ValueError(translate_message(str(exc))) from exc
        return active, thresholds

    def centres_layer(self, rows: list[CentreRow]) -> QgsVectorLayer:
        lyr = QgsVectorLayer("Point?crs=EPSG:4326&field=name:string&field=delay:double&field=capacity:double",
                             "centres", "memory")
        feats = []
        for c in rows:
            f = QgsFeature(lyr.fields())
            f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(c.lon, c.lat)))
            f.setAttributes([c.name, c.delay_min, c.capacity])
            feats.append(f)
        lyr.dataProvider().addFeatures(feats)
        return lyr

    def run(self):
        if self.task is not None or self.scenario_panel.task is not None:
            return
        try:
            active, thresholds = self.validate()
        except ValueError as exc:
            self._message(str(exc), error=True)
            return
        self._save_settings()
        self.save_to_project()
        alg = QgsApplication.processingRegistry().createAlgorithmById("hinterland:coverage")
        if alg is None:
            self._message(tr("The Hinterland Processing provider is not loaded."), error=True)
            return
        self.result_dir = Path(tempfile.mkdtemp(prefix="hinterland_"))
        self._centres_lyr = self.centres_layer(active)  # kept alive while the task runs
        params = {"CENTRES": self._centres_lyr, "NAME_FIELD": "name", "DELAY_FIELD": "delay",
                  "PROFILE": self.profile.currentText(), "RESOLUTION": self.resolution.value(),
                  "THRESHOLDS": ",".join(f"{t:g}" for t in thresholds), "OUTPUT": "memory:",
                  "OUTPUT_LAYERS": str(self.result_dir), "CAPACITY_FIELD": "capacity",
                  "CATCHMENT": max(thresholds), "OUTPUT_ACCESS": "memory:"}
        self.context = QgsProcessingContext()
        self.context.setProject(QgsProject.instance())
        self.feedback = _Feedback()
        self.feedback.progressChanged.connect(lambda p: self.progress.setValue(int(p)))
        self.task = QgsProcessingAlgRunnerTask(alg, params, self.context, self.feedback)
        self.task.executed.connect(self._finished)
        self.run_btn.setEnabled(False)
        self.cancel_btn.setEnabled(True)
        self._message(tr("Running… (the first run at a resolution prepares the grid)"))
        QgsApplication.taskManager().addTask(self.task)

    def cancel(self):
        if self.task is not None:
            self.feedback.cancel()
            self.task.cancel()
        self.scenario_panel.cancel()

    def _finished(self, ok: bool, results: dict):
        self.task = None
        self.run_btn.setEnabled(True)
        self.cancel_btn.setEnabled(False)
        if not ok:
            detail = self.feedback.errors[-1] if self.feedback.errors else ""
            if self.feedback.isCanceled():
                detail = tr("Cancelled.")
            self._message(tr("The analysis was cancelled or failed; nothing was added to the project.")
                          + (" " + detail if detail else ""), error=True)
            return
        table = self.context.takeResultLayer(results["OUTPUT"])
        rows = [dict(zip(table.fields().names(), f.attributes())) for f in table.getFeatures()] if table else []
        self.rows = rows
        self._fill_summary(rows)
        from .results import show_results

        access = self.context.takeResultLayer(results["OUTPUT_ACCESS"]) if results.get("OUTPUT_ACCESS") else None
        self.result_names = [c.name for c in self.centres() if c.enabled]
        show_results(Path(results.get("OUTPUT_LAYERS", self.result_dir)), QgsProject.instance(),
                     self.result_names, access)
        self.progress.setValue(100)
        self._message(tr("Done: {0} rows.").format(len(rows)))
        self.resultsReady.emit(rows)

    # ------------------------------------------------------------------ report
    def _report_dialog(self):
        folder = QFileDialog.getExistingDirectory(self, tr("Folder for the report"))
        if folder:
            self.report(Path(folder))

    def report(self, folder: Path) -> bool:
        """Start hinterland:report in a background task; files report_<lang>.pdf/.png/.html in ``folder``."""
        if self.task is not None or self.scenario_panel.task is not None:
            return False
        try:
            active, thresholds = self.validate()
        except ValueError as exc:
            self._message(str(exc), error=True)
            return False
        alg = QgsApplication.processingRegistry().createAlgorithmById("hinterland:report")
        if alg is None:
            self._message(tr("The Hinterland Processing provider is not loaded."), error=True)
            return False
        lang = self.report_lang.currentText()
        folder = Path(folder)
        self._centres_lyr = self.centres_layer(active)
        params = {"CENTRES": self._centres_lyr, "NAME_FIELD": "name", "DELAY_FIELD": "delay",
                  "PROFILE": self.profile.currentText(), "RESOLUTION": self.resolution.value(),
                  "THRESHOLDS": ",".join(f"{t:g}" for t in thresholds), "LANGUAGE": lang,
                  "OUTPUT_PDF": str(folder / f"report_{lang}.pdf"), "OUTPUT_PNG": str(folder / f"report_{lang}.png"),
                  "OUTPUT_HTML": str(folder / f"report_{lang}.html")}
        params.update(self.scenario_panel.report_parameters())
        self.context = QgsProcessingContext()
        self.context.setProject(QgsProject.instance())
        self.feedback = _Feedback()
        self.feedback.progressChanged.connect(lambda p: self.progress.setValue(int(p)))
        self.task = QgsProcessingAlgRunnerTask(alg, params, self.context, self.feedback)
        self.task.executed.connect(self._report_finished)
        self.run_btn.setEnabled(False)
        self.report_btn.setEnabled(False)
        self.cancel_btn.setEnabled(True)
        self._message(tr("Writing the report…"))
        QgsApplication.taskManager().addTask(self.task)
        return True

    def _report_finished(self, ok: bool, results: dict):
        self.task = None
        self.run_btn.setEnabled(True)
        self.report_btn.setEnabled(True)
        self.cancel_btn.setEnabled(False)
        if not ok:
            detail = self.feedback.errors[-1] if self.feedback.errors else ""
            self._message(tr("The report failed.") + (" " + detail if detail else ""), error=True)
            return
        self._message(tr("Report written: {0}").format(results.get("OUTPUT_PDF", "")))
        self.reportReady.emit(results)

    # ------------------------------------------------------------------ summary table
    SUMMARY_COLS = ("centre", "threshold_min", "area_km2", "population", "population_share",
                    "pop_weighted_time_min", "arsenal_sites_n", "computing_hubs_n", "hubs_n")

    def _fill_summary(self, rows: list[dict]):
        cols = list(self.SUMMARY_COLS)
        self.summary.clear()
        self.summary.setColumnCount(len(cols))
        self.summary.setRowCount(len(rows))
        self.summary.setHorizontalHeaderLabels(cols)
        for r, row in enumerate(rows):
            for c, key in enumerate(cols):
                v = row.get(key)
                self.summary.setItem(r, c, QTableWidgetItem("" if v is None else f"{v:,}" if isinstance(v, int) else str(v)))

    def summary_csv(self) -> str:
        import io

        buf = io.StringIO()
        if self.rows:
            w = csv.DictWriter(buf, fieldnames=list(self.rows[0]))
            w.writeheader()
            w.writerows(self.rows)
        return buf.getvalue()

    def copy_summary(self):
        QGuiApplication.clipboard().setText(self.summary_csv())

    def _export_dialog(self):
        path, _ = QFileDialog.getSaveFileName(self, tr("Export coverage table"), "",
                                              "CSV (*.csv);;Excel (*.xlsx)")
        if path:
            self.export_summary(path)

    def export_summary(self, path: str) -> Path:
        """CSV (UTF-8 with BOM, opens in Excel) or XLSX (through QGIS' own OGR writer)."""
        path = Path(path)
        if path.suffix.lower() != ".xlsx":
            path.write_text(self.summary_csv(), encoding="utf-8-sig")
            return path
        from qgis.core import QgsVectorFileWriter

        from .processing_provider.algorithms.base import make_field

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

    # ------------------------------------------------------------------ identify
    def _toggle_identify(self, on: bool):
        if self.iface is None:
            return
        canvas = self.iface.mapCanvas()
        if on:
            self.identify_tool = CentrePickTool(canvas)
            self.identify_tool.picked.connect(lambda p, _add: self.identify_at(p))
            canvas.setMapTool(self.identify_tool)
        elif getattr(self, "identify_tool", None) is not None:
            canvas.unsetMapTool(self.identify_tool)
            self.identify_tool = None

    def identify_at(self, point: QgsPointXY, crs: QgsCoordinateReferenceSystem | None = None) -> list[tuple[str, float]]:
        """Travel time from each centre of the last run to ``point`` (project CRS unless given)."""
        from qgis.core import QgsRasterLayer

        if self.result_dir is None or not getattr(self, "result_names", None):
            self._message(tr("Run the analysis first."), error=True)
            return []
        out = []
        for i, name in enumerate(self.result_names):
            lyr = QgsRasterLayer(str(self.result_dir / f"time_centre_{i}.tif"), name)
            if not lyr.isValid():
                continue
            from .engine_service import point_transformer

            q = point_transformer(crs or QgsProject.instance().crs(), lyr.crs())(point.x(), point.y())
            value, ok = lyr.dataProvider().sample(QgsPointXY(*q), 1)
            out.append((name, float(value) if ok and not math.isnan(value) else math.inf))
        out.sort(key=lambda x: x[1])
        limit = max(parse_thresholds(self.thresholds.text()))
        self.identify_label.setText("\n".join(
            f"{n}: {t:.0f} min" if math.isfinite(t) else f"{n}: > {limit:g} min" for n, t in out))
        return out

    # ------------------------------------------------------------------ misc
    def _message(self, text: str, error: bool = False):
        self.status.setText(text)
        self.status.setStyleSheet("color: #b2182b;" if error else "")

    def _restore_settings(self):
        s = QgsSettings()
        self.profile.setCurrentText(s.value(SETTINGS + "profile", "multimodal", type=str))
        self.thresholds.setText(s.value(SETTINGS + "thresholds", "60,120,180,240", type=str))
        self.resolution.setValue(s.value(SETTINGS + "resolution", 5000.0, type=float))

    def _save_settings(self):
        s = QgsSettings()
        s.setValue(SETTINGS + "profile", self.profile.currentText())
        s.setValue(SETTINGS + "thresholds", self.thresholds.text())
        s.setValue(SETTINGS + "resolution", self.resolution.value())

    def close_tools(self):
        """Release every map tool and canvas item of the dock (on close and plugin unload)."""
        self._toggle_pick(False)
        self._toggle_identify(False)
        self.scenario_panel.close_tools()

    def closeEvent(self, event):  # noqa: N802
        self.close_tools()
        super().closeEvent(event)


def _float(text: str, default: float) -> float:
    try:
        return float(str(text).strip())
    except ValueError:
        return default
