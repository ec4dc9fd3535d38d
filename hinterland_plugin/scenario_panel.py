"""The dock's Scenarios tab: corridor disruptions, N-1 criticality and early-warning indicators.

Every computation is a Processing algorithm (hinterland:corridordisruption, :criticality, :earlywarning) run in a
``QgsProcessingAlgRunnerTask``, exactly as scripts would call it. Scenario layers live in their own group
("Hinterland scenarios / 腹地情景"), so a coverage rerun does not remove them and the user's layers are never
touched. Scenarios (name, segment ids, table rows) and the indicator definitions are stored in the project.
"""
from __future__ import annotations

import json
import math
import tempfile
from pathlib import Path

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsGeometry,
    QgsMapLayerProxyModel,
    QgsPointXY,
    QgsProcessingAlgRunnerTask,
    QgsProcessingContext,
    QgsProject,
    QgsRasterLayer,
    QgsRectangle,
    QgsSpatialIndex,
    QgsVectorLayer,
)
from qgis.gui import QgsMapLayerComboBox, QgsMapTool, QgsRubberBand
from qgis.PyQt.QtCore import Qt, pyqtSignal
from qgis.PyQt.QtGui import QColor
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
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

from .core.engine.warning import format_value
from .i18n import language, tr
from .widgets import button_grid

WGS84 = QgsCoordinateReferenceSystem("EPSG:4326")
SCENARIO_GROUP = "Hinterland scenarios / 腹地情景"
PROJECT_SCOPE = "hinterland"
STATUS_COLOURS = {"green": "#a6d96a", "amber": "#fdae61", "red": "#d7191c"}
BASELINE = "baseline"


def data_file() -> Path:
    """The GeoPackage the engine uses (the bundled one unless a session engine says otherwise)."""
    from . import engine_service
    from .core.resources import data_path

    eng = engine_service._ENGINE
    return Path(eng.gpkg) if eng is not None else data_path()


class PointTool(QgsMapTool):
    """Emits every click (map point, left button?)."""

    clicked = pyqtSignal(QgsPointXY, bool)

    def canvasReleaseEvent(self, event):  # noqa: N802
        self.clicked.emit(self.toMapCoordinates(event.pos()), event.button() != Qt.MouseButton.RightButton)


class ScenarioPanel(QWidget):
    scenarioReady = pyqtSignal(str, list)  # scenario name, table rows
    criticalityReady = pyqtSignal(object)  # styled layer
    indicatorsReady = pyqtSignal(list)  # indicator rows

    def __init__(self, dock):
        super().__init__()
        self.dock = dock
        self.iface = dock.iface
        self.task = None
        self.scenarios: dict[str, dict] = {}  # name -> {"ids": [...], "rows": [...]}
        self.indicator_rows: list[dict] = []
        self.indicators_text: str | None = None  # None = the bundled default file
        #: operating segments read once: id -> geometry (EPSG:4326); no layer object is kept alive, so
        #: nothing of the OGR provider outlives QGIS when the dock is destroyed late
        self._geoms: dict[str, QgsGeometry] | None = None
        self._index: QgsSpatialIndex | None = None
        self._index_ids: dict[int, str] = {}
        self._hazard_points: list[QgsPointXY] = []
        self.pick_tool = self.draw_tool = None
        self.rubber = None
        self._build()

    # ------------------------------------------------------------------ UI
    def _build(self):
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.inner = QTabWidget()
        lay.addWidget(self.inner)

        # --- disruption
        d = QWidget()
        dl = QVBoxLayout(d)
        form = QFormLayout()
        self.name_edit = QLineEdit(tr("Scenario {0}").format(1))
        form.addRow(tr("Scenario name"), self.name_edit)
        dl.addLayout(form)
        self.seg_search = QLineEdit()
        self.seg_search.setPlaceholderText(tr("Search segments (中文, English or id)"))
        self.seg_search.textChanged.connect(self._filter_segments)
        dl.addWidget(self.seg_search)
        self.seg_tree = QTreeWidget()
        self.seg_tree.setHeaderLabels([tr("Corridor segment"), tr("Id")])
        self.seg_tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.seg_tree.itemChanged.connect(self._segment_toggled)
        dl.addWidget(self.seg_tree, 3)
        row = QHBoxLayout()
        self.pick_seg_btn = QPushButton(tr("Pick segments on map"))
        self.pick_seg_btn.setCheckable(True)
        self.pick_seg_btn.toggled.connect(self._toggle_pick)
        self.clear_seg_btn = QPushButton(tr("Clear"))
        self.clear_seg_btn.clicked.connect(lambda: self.set_selected_ids([]))
        row.addWidget(self.pick_seg_btn)
        row.addWidget(self.clear_seg_btn)
        dl.addLayout(row)
        self.selected_label = QLabel("")
        self.selected_label.setWordWrap(True)
        dl.addWidget(self.selected_label)
        form = QFormLayout()
        hz_row = QHBoxLayout()
        self.hazard_combo = QgsMapLayerComboBox()
        self.hazard_combo.setFilters(QgsMapLayerProxyModel.Filter.PolygonLayer)
        self.hazard_combo.setAllowEmptyLayer(True)
        self.hazard_combo.setLayer(None)
        self.draw_btn = QPushButton(tr("Draw…"))
        self.draw_btn.setCheckable(True)
        self.draw_btn.setToolTip(tr("Left click adds a vertex, right click closes the hazard polygon"))
        self.draw_btn.toggled.connect(self._toggle_draw)
        hz_row.addWidget(self.hazard_combo, 1)
        hz_row.addWidget(self.draw_btn)
        form.addRow(tr("Hazard zone"), hz_row)
        dl.addLayout(form)
        self.run_btn = QPushButton(tr("Run scenario"))
        self.run_btn.clicked.connect(self.run_scenario)
        self.crit_btn = QPushButton(tr("Rank segments (N-1)"))
        self.crit_btn.setToolTip(tr("Remove each segment in turn and map the population-minutes its loss adds"))
        self.crit_btn.clicked.connect(self.run_criticality)
        self.cancel_btn = QPushButton(tr("Cancel"))
        self.cancel_btn.setEnabled(False)
        self.cancel_btn.clicked.connect(self.cancel)
        dl.addLayout(button_grid(self.run_btn, self.crit_btn, self.cancel_btn))
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        dl.addWidget(self.progress)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        dl.addWidget(self.status)
        self.before_after = QTableWidget(0, 0)
        self.before_after.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        dl.addWidget(self.before_after, 2)
        self.inner.addTab(d, tr("Disruption"))

        # --- comparison
        c = QWidget()
        cl = QVBoxLayout(c)
        head = QLabel(tr("Scenarios side by side (the baseline is the network without disruption)"))
        head.setWordWrap(True)
        cl.addWidget(head)
        self.compare = QTableWidget(0, 0)
        self.compare.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        cl.addWidget(self.compare, 3)
        row = QHBoxLayout()
        self.remove_scn_btn = QPushButton(tr("Remove selected scenario"))
        self.remove_scn_btn.clicked.connect(self._remove_selected_scenario)
        self.load_scn_btn = QPushButton(tr("Edit selected scenario"))
        self.load_scn_btn.clicked.connect(self._edit_selected_scenario)
        self.export_cmp_btn = QPushButton(tr("Export CSV…"))
        self.export_cmp_btn.clicked.connect(self._export_comparison_dialog)
        cl.addLayout(button_grid(self.load_scn_btn, self.remove_scn_btn, self.export_cmp_btn))
        self.inner.addTab(c, tr("Compare"))

        # --- early warning
        w = QWidget()
        wl = QVBoxLayout(w)
        self.ind_file_label = QLabel("")
        self.ind_file_label.setWordWrap(True)
        wl.addWidget(self.ind_file_label)
        self.indicators = QTableWidget(0, 0)
        self.indicators.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        wl.addWidget(self.indicators, 3)
        self.eval_btn = QPushButton(tr("Evaluate indicators"))
        self.eval_btn.setToolTip(tr("Baseline and every scenario; includes an N-1 run per scenario"))
        self.eval_btn.clicked.connect(self.run_indicators)
        self.load_ind_btn = QPushButton(tr("Load indicators…"))
        self.load_ind_btn.clicked.connect(self._load_indicators_dialog)
        self.save_ind_btn = QPushButton(tr("Save indicators…"))
        self.save_ind_btn.clicked.connect(self._save_indicators_dialog)
        self.reset_ind_btn = QPushButton(tr("Default"))
        self.reset_ind_btn.clicked.connect(lambda: self.set_indicators_text(None))
        wl.addLayout(button_grid(self.eval_btn, self.reset_ind_btn, self.load_ind_btn, self.save_ind_btn))
        self.inner.addTab(w, tr("Early warning"))
        self._show_indicator_source()

    # ------------------------------------------------------------------ segments
    def load_segments(self) -> bool:
        """Read the operating corridor segments of the engine's data (lazily: the tab may never be opened)."""
        if self._geoms is not None:
            return True
        lyr = QgsVectorLayer(f"{data_file()}|layername=corridor_segments", "segments", "ogr")
        if not lyr.isValid():
            self._message(tr("The corridor segments could not be read from {0}.").format(data_file()), error=True)
            return False
        lang = language()
        corridors = {}
        clyr = QgsVectorLayer(f"{data_file()}|layername=corridors", "corridors", "ogr")
        if clyr.isValid():
            corridors = {f["corridor_id"]: f["name_zh"] if lang == "zh" else f["name_en"] for f in clyr.getFeatures()}
        del clyr
        rows = []
        self._geoms, self._index, self._index_ids = {}, QgsSpatialIndex(), {}
        for f in sorted(lyr.getFeatures(), key=lambda f: (str(f["corridor_id"]), int(f["seq"] or 0))):
            if f["status"] != "operating":
                continue  # only operating segments can fail; planned ones are not in the network
            sid = str(f["segment_id"])
            geom = QgsGeometry(f.geometry())
            self._geoms[sid] = geom
            k = len(self._index_ids) + 1
            self._index_ids[k] = sid
            feat = QgsFeature(k)
            feat.setGeometry(geom)
            self._index.addFeature(feat)
            rows.append((str(f["corridor_id"]), str(f["name_zh"] if lang == "zh" else f["name_en"]), sid))
        del lyr
        self._fill_segment_tree(rows, corridors)
        return True

    def _fill_segment_tree(self, rows, corridors):
        self.seg_tree.blockSignals(True)
        self.seg_tree.clear()
        groups: dict[str, QTreeWidgetItem] = {}
        for cid, name, sid in rows:
            if cid not in groups:
                g = QTreeWidgetItem([corridors.get(cid, cid), ""])
                g.setFlags(g.flags() | Qt.ItemFlag.ItemIsAutoTristate | Qt.ItemFlag.ItemIsUserCheckable)
                g.setCheckState(0, Qt.CheckState.Unchecked)
                self.seg_tree.addTopLevelItem(g)
                groups[cid] = g
            item = QTreeWidgetItem([name, sid])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(0, Qt.CheckState.Unchecked)
            item.setData(0, Qt.ItemDataRole.UserRole, sid)
            groups[cid].addChild(item)
        self.seg_tree.blockSignals(False)

    def _segment_items(self):
        for i in range(self.seg_tree.topLevelItemCount()):
            g = self.seg_tree.topLevelItem(i)
            for j in range(g.childCount()):
                yield g.child(j)

    def selected_ids(self) -> list[str]:
        self.load_segments()
        return sorted(it.data(0, Qt.ItemDataRole.UserRole) for it in self._segment_items()
                      if it.checkState(0) == Qt.CheckState.Checked)

    def set_selected_ids(self, ids):
        self.load_segments()
        ids = set(ids)
        self.seg_tree.blockSignals(True)
        for it in self._segment_items():
            it.setCheckState(0, Qt.CheckState.Checked if it.data(0, Qt.ItemDataRole.UserRole) in ids
                             else Qt.CheckState.Unchecked)
        self.seg_tree.blockSignals(False)
        self._segment_toggled()

    def toggle_segment(self, segment_id: str) -> bool:
        for it in self._segment_items():
            if it.data(0, Qt.ItemDataRole.UserRole) == segment_id:
                on = it.checkState(0) != Qt.CheckState.Checked
                it.setCheckState(0, Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
                self.seg_tree.scrollToItem(it)
                return on
        return False

    def _segment_toggled(self, *_):
        ids = [it.text(0) for it in self._segment_items() if it.checkState(0) == Qt.CheckState.Checked]
        self.selected_label.setText(tr("{0} segments selected: {1}").format(len(ids), "; ".join(ids[:12]) +
                                                                            (" …" if len(ids) > 12 else ""))
                                    if ids else "")
        self._highlight(self.selected_ids() if ids else [])

    def _filter_segments(self, text: str):
        text = text.strip().lower()
        for i in range(self.seg_tree.topLevelItemCount()):
            g = self.seg_tree.topLevelItem(i)
            shown = 0
            for j in range(g.childCount()):
                c = g.child(j)
                hide = bool(text) and text not in (c.text(0) + " " + c.text(1) + " " + g.text(0)).lower()
                c.setHidden(hide)
                shown += not hide
            g.setHidden(shown == 0)

    def segment_at(self, point: QgsPointXY, crs: QgsCoordinateReferenceSystem | None = None,
                   tolerance_deg: float = 0.1) -> str | None:
        """The operating segment nearest to ``point`` (project CRS unless given), within the tolerance."""
        if not self.load_segments():
            return None
        src = crs or QgsProject.instance().crs()
        from .engine_service import point_transformer

        p = QgsPointXY(*point_transformer(src, WGS84)(point.x(), point.y()))
        geom = QgsGeometry.fromPointXY(p)
        best, best_d = None, tolerance_deg
        rect = QgsRectangle(p.x() - tolerance_deg, p.y() - tolerance_deg, p.x() + tolerance_deg, p.y() + tolerance_deg)
        for k in self._index.intersects(rect):
            sid = self._index_ids[k]
            d = self._geoms[sid].distance(geom)
            if d <= best_d:
                best, best_d = sid, d
        return best

    def _toggle_pick(self, on: bool):
        if self.iface is None:
            return
        canvas = self.iface.mapCanvas()
        if on:
            self.pick_tool = PointTool(canvas)
            self.pick_tool.clicked.connect(self._picked)
            canvas.setMapTool(self.pick_tool)
        elif self.pick_tool is not None:
            canvas.unsetMapTool(self.pick_tool)
            self.pick_tool = None

    def _picked(self, point: QgsPointXY, _left: bool):
        canvas = self.iface.mapCanvas()
        # 8 pixels, in degrees near the click
        crs = canvas.mapSettings().destinationCrs()
        from .engine_service import point_transformer

        to_wgs84 = point_transformer(crs, WGS84)
        a = to_wgs84(point.x(), point.y())
        b = to_wgs84(point.x() + 8 * canvas.mapUnitsPerPixel(), point.y())
        sid = self.segment_at(point, crs, max(0.01, abs(b[0] - a[0])))
        if sid is None:
            self._message(tr("No operating corridor segment near the click."), error=True)
        else:
            self.toggle_segment(sid)

    def _highlight(self, ids: list[str]):
        """Red rubber band over the chosen segments (canvas only, nothing added to the project)."""
        if self.iface is None:
            return
        canvas = self.iface.mapCanvas()
        if self.rubber is None:
            self.rubber = QgsRubberBand(canvas, Qgis.GeometryType.Line)
            self.rubber.setColor(QColor(215, 25, 28, 200))
            self.rubber.setWidth(4)
        self.rubber.reset(Qgis.GeometryType.Line)
        if not ids or not self.load_segments():
            return
        for sid in ids:
            if sid in self._geoms:
                self.rubber.addGeometry(self._geoms[sid], WGS84)

    # ------------------------------------------------------------------ hazard polygon
    def _toggle_draw(self, on: bool):
        if self.iface is None:
            return
        canvas = self.iface.mapCanvas()
        if on:
            self._hazard_points = []
            self._draw_band = QgsRubberBand(canvas, Qgis.GeometryType.Polygon)
            self._draw_band.setColor(QColor(215, 25, 28, 80))
            self.draw_tool = PointTool(canvas)
            self.draw_tool.clicked.connect(self._draw_click)
            canvas.setMapTool(self.draw_tool)
        else:
            if self.draw_tool is not None:
                canvas.unsetMapTool(self.draw_tool)
                self.draw_tool = None
            if getattr(self, "_draw_band", None) is not None:
                canvas.scene().removeItem(self._draw_band)
                self._draw_band = None

    def _draw_click(self, point: QgsPointXY, left: bool):
        if left:
            self._hazard_points.append(point)
            self._draw_band.addPoint(point)
            return
        crs = self.iface.mapCanvas().mapSettings().destinationCrs()
        if len(self._hazard_points) >= 3:
            self.add_hazard_polygon(self._hazard_points, crs)
        else:
            self._message(tr("A hazard polygon needs at least three vertices."), error=True)
        self.draw_btn.setChecked(False)

    def add_hazard_polygon(self, points: list[QgsPointXY], crs: QgsCoordinateReferenceSystem) -> QgsVectorLayer:
        """A new scratch polygon layer in the scenarios group, chosen as the hazard zone."""
        n = 1 + sum(1 for lyr in QgsProject.instance().mapLayers().values()
                    if lyr.customProperty("hinterland/kind") == "hazard")
        lyr = QgsVectorLayer(f"Polygon?crs={crs.authid() or 'EPSG:4326'}", tr("Hazard zone {0}").format(n), "memory")
        if not crs.authid():
            lyr.setCrs(crs)
        f = QgsFeature()
        f.setGeometry(QgsGeometry.fromPolygonXY([list(points) + [points[0]]]))
        lyr.dataProvider().addFeatures([f])
        lyr.renderer().symbol().setColor(QColor(215, 25, 28, 60))
        lyr.setCustomProperty("hinterland/kind", "hazard")
        self._add_to_group(lyr)
        self.hazard_combo.setLayer(lyr)
        return lyr

    # ------------------------------------------------------------------ running
    def _busy(self) -> bool:
        if self.task is not None or self.dock.task is not None:
            self._message(tr("Another analysis is running; wait for it or cancel it."), error=True)
            return True
        return False

    def _start(self, alg_id: str, params: dict, done, message: str) -> bool:
        alg = QgsApplication.processingRegistry().createAlgorithmById(alg_id)
        if alg is None:
            self._message(tr("The Hinterland Processing provider is not loaded."), error=True)
            return False
        from .dock import _Feedback

        self.context = QgsProcessingContext()
        self.context.setProject(QgsProject.instance())
        self.feedback = _Feedback()
        self.feedback.progressChanged.connect(lambda p: self.progress.setValue(int(p)))
        self.task = QgsProcessingAlgRunnerTask(alg, params, self.context, self.feedback)
        self.task.executed.connect(done)
        for b in (self.run_btn, self.crit_btn, self.eval_btn):
            b.setEnabled(False)
        self.cancel_btn.setEnabled(True)
        self.progress.setValue(0)
        self._message(message)
        QgsApplication.taskManager().addTask(self.task)
        return True

    def _end(self, ok: bool, what: str) -> bool:
        self.task = None
        for b in (self.run_btn, self.crit_btn, self.eval_btn):
            b.setEnabled(True)
        self.cancel_btn.setEnabled(False)
        if not ok:
            detail = tr("Cancelled.") if self.feedback.isCanceled() else (
                self.feedback.errors[-1] if self.feedback.errors else "")
            self._message(tr("{0} was cancelled or failed; nothing was added to the project.").format(what)
                          + (" " + detail if detail else ""), error=True)
        return ok

    def cancel(self):
        if self.task is not None:
            self.feedback.cancel()
            self.task.cancel()

    def _common_params(self, active) -> dict:
        self._centres_lyr = self.dock.centres_layer(active)  # kept alive while the task runs
        return {"CENTRES": self._centres_lyr, "NAME_FIELD": "name", "DELAY_FIELD": "delay",
                "PROFILE": self.dock.profile.currentText(), "RESOLUTION": self.dock.resolution.value()}

    def run_scenario(self) -> bool:
        if self._busy():
            return False
        try:
            active, thresholds = self.dock.validate()
        except ValueError as exc:
            self._message(str(exc), error=True)
            return False
        ids = self.selected_ids()
        hazard = self.hazard_combo.currentLayer()
        if not ids and hazard is None:
            self._message(tr("Choose segments (list or map) or a hazard zone first."), error=True)
            return False
        if hazard is not None and hazard.featureCount() == 0:
            self._message(tr("The hazard layer '{0}' has no polygons.").format(hazard.name()), error=True)
            return False
        name = self.name_edit.text().strip() or tr("Scenario {0}").format(len(self.scenarios) + 1)
        self._pending = name
        folder = Path(tempfile.mkdtemp(prefix="hinterland_scn_"))
        params = self._common_params(active)
        params.update({"THRESHOLDS": ",".join(f"{t:g}" for t in thresholds), "DISRUPTED": ",".join(ids),
                       "HAZARD": hazard, "SCENARIO": name, "OUTPUT_DELTA": str(folder / "delta.tif"),
                       "OUTPUT": "memory:"})
        return self._start("hinterland:corridordisruption", params, self._scenario_done,
                           tr("Running scenario '{0}'…").format(name))

    def _scenario_done(self, ok: bool, results: dict):
        if not self._end(ok, tr("The scenario")):
            return
        table = self.context.takeResultLayer(results["OUTPUT"])
        rows = [dict(zip(table.fields().names(), f.attributes())) for f in table.getFeatures()] if table else []
        name = self._pending
        ids = [s.strip() for s in (rows[0]["segments"] if rows else "").split(",") if s.strip()]
        self.scenarios[name] = {"ids": ids, "rows": rows}
        delta = QgsRasterLayer(results["OUTPUT_DELTA"], tr("Minutes added — {0}").format(name))
        if delta.isValid():
            from .styling import delta_renderer

            delta.setRenderer(delta_renderer(delta))
            delta.setCustomProperty("hinterland/kind", "delta")
            delta.setCustomProperty("hinterland/scenario", name)
            self._add_to_group(delta, replace_scenario=name)
            self._show_only(delta)
        cut = self.disrupted_layer(name, ids)
        if cut is not None:
            self._add_to_group(cut, replace_scenario=name)
        self._fill_before_after(rows)
        self._fill_compare()
        self.save_to_project()
        cut = rows[0]["centres_cut_off"] if rows else ""
        msg = tr("Scenario '{0}': {1} segments disrupted.").format(name, len(ids))
        if cut:
            msg += " " + tr("Centres cut off: {0}.").format(cut)
        self._message(msg, error=bool(cut))
        self.progress.setValue(100)
        self.name_edit.setText(tr("Scenario {0}").format(len(self.scenarios) + 1))
        self.scenarioReady.emit(name, rows)

    def run_criticality(self) -> bool:
        if self._busy():
            return False
        try:
            active, thresholds = self.dock.validate()
        except ValueError as exc:
            self._message(str(exc), error=True)
            return False
        params = self._common_params(active)
        params.update({"THRESHOLD": max(thresholds), "OUTPUT": "memory:"})
        self._crit_threshold = max(thresholds)
        return self._start("hinterland:criticality", params, self._criticality_done,
                           tr("Ranking every segment (N-1)…"))

    def _criticality_done(self, ok: bool, results: dict):
        if not self._end(ok, tr("The N-1 ranking")):
            return
        lyr = self.context.takeResultLayer(results["OUTPUT"])
        from .styling import style_criticality

        lyr.setName(tr("Segment criticality (population-minutes, {0:g} min)").format(self._crit_threshold))
        style_criticality(lyr)
        self._add_to_group(lyr, replace_kind="criticality")
        top = sorted(lyr.getFeatures(), key=lambda f: f["rank"])[:3]
        name_key = "name_zh" if language() == "zh" else "name_en"
        self._message(tr("Most critical: {0}").format("; ".join(f"{f[name_key]} ({f['segment_id']})" for f in top)))
        self.progress.setValue(100)
        self.criticalityReady.emit(lyr)

    def run_indicators(self) -> bool:
        if self._busy():
            return False
        try:
            active, _ = self.dock.validate()
        except ValueError as exc:
            self._message(str(exc), error=True)
            return False
        params = self._common_params(active)
        params.update(self._warning_parameters())
        named = params["SCENARIO_NAMES"].split(";") if params["DISRUPTED"] else []
        params["OUTPUT"] = "memory:"
        self.inner.setCurrentIndex(2)
        return self._start("hinterland:earlywarning", params, self._indicators_done,
                           tr("Evaluating the indicators for the baseline and {0} scenarios…").format(len(named)))

    def report_parameters(self) -> dict:
        """Early-warning parameters for hinterland:report once the user has evaluated indicators here:
        the same definitions and scenarios, re-evaluated for the report's centres."""
        if not self.indicator_rows:
            return {}
        return dict(self._warning_parameters(), EARLY_WARNING=True)

    def _warning_parameters(self) -> dict:
        """DISRUPTED / SCENARIO_NAMES for every scenario and INDICATORS when the project has its own set."""
        named = [(n, s["ids"]) for n, s in self.scenarios.items() if s["ids"]]
        params = {"DISRUPTED": ";".join(",".join(ids) for _, ids in named),
                  "SCENARIO_NAMES": ";".join(n.replace(";", ",") for n, _ in named)}
        if self.indicators_text is not None:
            path = Path(tempfile.mkdtemp(prefix="hinterland_ind_")) / "indicators.json"
            path.write_text(self.indicators_text, encoding="utf-8")
            params["INDICATORS"] = str(path)
        return params

    def _indicators_done(self, ok: bool, results: dict):
        if not self._end(ok, tr("The indicator evaluation")):
            return
        table = self.context.takeResultLayer(results["OUTPUT"])
        self.indicator_rows = [dict(zip(table.fields().names(), f.attributes())) for f in table.getFeatures()]
        self._fill_indicators()
        self.save_to_project()
        reds = sum(r["status"] == "red" for r in self.indicator_rows)
        self._message(tr("Indicators evaluated: {0} red.").format(reds), error=reds > 0)
        self.progress.setValue(100)
        self.indicatorsReady.emit(self.indicator_rows)

    # ------------------------------------------------------------------ tables
    @staticmethod
    def before_after_columns() -> list[tuple[str, str]]:
        return [("threshold_min", tr("Threshold (min)")), ("population_before", tr("Population before")),
                ("population_after", tr("Population after")), ("population_lost", tr("Population losing coverage")),
                ("area_before_km2", tr("Area before (km²)")), ("area_after_km2", tr("Area after (km²)")),
                ("pop_minutes_added", tr("Population-minutes added")), ("cut_off", tr("Cut off")),
                ("delayed", tr("Delayed"))]

    def _fill_before_after(self, rows: list[dict]):
        cols = self.before_after_columns()
        t = self.before_after
        t.clear()
        t.setColumnCount(len(cols))
        t.setRowCount(len(rows))
        t.setHorizontalHeaderLabels([label for _, label in cols])
        for r, row in enumerate(rows):
            for c, (key, _) in enumerate(cols):
                t.setItem(r, c, QTableWidgetItem(_fmt(row.get(key))))
        t.resizeColumnsToContents()

    def comparison(self) -> tuple[list[str], list[tuple[str, list]]]:
        """(column names, [(metric label, values per column)]): baseline first, then each scenario."""
        names = list(self.scenarios)
        cols = [tr("Baseline")] + names
        thresholds = sorted({float(r["threshold_min"]) for s in self.scenarios.values() for r in s["rows"]})
        metrics: list[tuple[str, list]] = []

        def row_of(name, th):
            return next((r for r in self.scenarios[name]["rows"] if float(r["threshold_min"]) == th), None)

        for th in thresholds:
            rows = [row_of(n, th) for n in names]
            before = next((r["population_before"] for r in rows if r is not None), None)
            metrics.append((tr("Population within {0:g} min").format(th),
                            [before] + [r["population_after"] if r else None for r in rows]))
            area = next((r["area_before_km2"] for r in rows if r is not None), None)
            metrics.append((tr("Area within {0:g} min (km²)").format(th),
                            [area] + [r["area_after_km2"] if r else None for r in rows]))
            metrics.append((tr("Sites and hubs cut off within {0:g} min").format(th),
                            [0] + [r["cut_off_n"] if r else None for r in rows]))
        if names:
            first = [self.scenarios[n]["rows"][0] if self.scenarios[n]["rows"] else None for n in names]
            metrics.append((tr("Population-minutes added"), [0] + [r["pop_minutes_added"] if r else None for r in first]))
            metrics.append((tr("Centres cut off"), [""] + [r["centres_cut_off"] if r else None for r in first]))
            metrics.append((tr("Segments"), [""] + [len(self.scenarios[n]["ids"]) for n in names]))
        return cols, metrics

    def _fill_compare(self):
        cols, metrics = self.comparison()
        t = self.compare
        t.clear()
        t.setColumnCount(len(cols))
        t.setRowCount(len(metrics))
        t.setHorizontalHeaderLabels(cols)
        t.setVerticalHeaderLabels([m for m, _ in metrics])
        for r, (_, values) in enumerate(metrics):
            for c, v in enumerate(values):
                t.setItem(r, c, QTableWidgetItem(_fmt(v)))
        t.resizeColumnsToContents()

    def export_comparison(self, path) -> Path:
        """The comparison table (metrics × baseline and scenarios) plus each scenario's segment ids, as CSV
        in UTF-8 with BOM so that Excel opens the Chinese names correctly."""
        import csv

        cols, metrics = self.comparison()
        path = Path(path)
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            w = csv.writer(fh)
            w.writerow([tr("Indicator")] + cols)
            for label, values in metrics:
                w.writerow([label] + ["" if v is None else v for v in values])
            w.writerow([tr("Segments")] + [""] + [" ".join(s["ids"]) for s in self.scenarios.values()])
        return path

    def _export_comparison_dialog(self):
        path, _ = QFileDialog.getSaveFileName(self, tr("Export scenario comparison"), "scenarios.csv", "CSV (*.csv)")
        if path:
            try:
                self.export_comparison(path)
            except OSError as exc:
                self._message(str(exc), error=True)

    def _selected_scenario(self) -> str | None:
        cols = [c.column() for c in self.compare.selectedIndexes()]
        if not cols or cols[0] == 0:
            self._message(tr("Select a scenario column in the comparison first."), error=True)
            return None
        return list(self.scenarios)[cols[0] - 1]

    def _remove_selected_scenario(self):
        name = self._selected_scenario()
        if name is not None:
            self.remove_scenario(name)

    def remove_scenario(self, name: str):
        self.scenarios.pop(name, None)
        self._remove_layers(lambda lyr: lyr.customProperty("hinterland/scenario") == name)
        self._fill_compare()
        self.save_to_project()

    def _edit_selected_scenario(self):
        name = self._selected_scenario()
        if name is not None:
            self.name_edit.setText(name)
            self.set_selected_ids(self.scenarios[name]["ids"])
            self._fill_before_after(self.scenarios[name]["rows"])
            self.inner.setCurrentIndex(0)

    def _fill_indicators(self):
        rows = self.indicator_rows
        scenarios = list(dict.fromkeys(r["scenario"] for r in rows))
        ids = list(dict.fromkeys(r["id"] for r in rows))
        by = {(r["scenario"], r["id"]): r for r in rows}
        name_key = "name_zh" if language() == "zh" else "name_en"
        t = self.indicators
        t.clear()
        t.setColumnCount(len(scenarios) + 1)
        t.setRowCount(len(ids))
        t.setHorizontalHeaderLabels([tr("Indicator")] + [tr("Baseline") if s == BASELINE else s for s in scenarios])
        for r, iid in enumerate(ids):
            first = by[(scenarios[0], iid)]
            head = QTableWidgetItem(first[name_key])
            cmp = "<" if first["direction"] == "low_is_bad" else ">"
            head.setToolTip(tr("amber if {0} {1:g}, red if {0} {2:g}").format(cmp, first["amber"], first["red"]))
            t.setItem(r, 0, head)
            for c, s in enumerate(scenarios, start=1):
                row = by.get((s, iid))
                if row is None:
                    continue
                labels = {"green": tr("green"), "amber": tr("amber"), "red": tr("red")}
                item = QTableWidgetItem(f"{format_value(row)}  ({labels.get(row['status'], row['status'])})")
                item.setBackground(QColor(STATUS_COLOURS.get(row["status"], "#ffffff")))
                item.setData(Qt.ItemDataRole.UserRole, row["status"])
                t.setItem(r, c, item)
        header = t.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # long names wrap, values stay whole
        for c in range(1, t.columnCount()):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        t.setWordWrap(True)
        t.resizeRowsToContents()

    # ------------------------------------------------------------------ indicators file / project
    def set_indicators_text(self, text: str | None, save: bool = True):
        """Use these indicator definitions (JSON text; None = bundled default). Raises ValueError if invalid."""
        if text is not None:
            from .core.engine.warning import IndicatorError, load_indicators

            try:
                load_indicators(text)
            except IndicatorError as exc:
                raise ValueError(tr("The indicator file could not be used: {0}").format(exc)) from exc
        self.indicators_text = text
        self._show_indicator_source()
        if save:
            self.save_to_project()

    def _show_indicator_source(self):
        from .core.engine.warning import load_indicators

        items = load_indicators(self.indicators_text)
        src = tr("default indicators") if self.indicators_text is None else tr("indicators of this project")
        self.ind_file_label.setText(tr("{0} indicators ({1}).").format(len(items), src))

    def _load_indicators_dialog(self):
        path, _ = QFileDialog.getOpenFileName(self, tr("Load indicators"), "", "JSON (*.json)")
        if path:
            try:
                self.set_indicators_text(Path(path).read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                self._message(str(exc), error=True)

    def _save_indicators_dialog(self):
        path, _ = QFileDialog.getSaveFileName(self, tr("Save indicators"), "indicators.json", "JSON (*.json)")
        if path:
            self.save_indicators(path)

    def save_indicators(self, path) -> Path:
        from .core.engine.warning import DEFAULT_FILE

        text = self.indicators_text if self.indicators_text is not None else DEFAULT_FILE.read_text(encoding="utf-8")
        Path(path).write_text(text, encoding="utf-8")
        return Path(path)

    def save_to_project(self, project: QgsProject | None = None):
        project = project or QgsProject.instance()
        project.writeEntry(PROJECT_SCOPE, "scenarios", json.dumps(self.scenarios, ensure_ascii=False, default=str))
        project.writeEntry(PROJECT_SCOPE, "indicators", self.indicators_text or "")
        project.writeEntry(PROJECT_SCOPE, "indicator_results", json.dumps(self.indicator_rows, ensure_ascii=False))

    def load_from_project(self, project: QgsProject | None = None):
        project = project or QgsProject.instance()
        text, ok = project.readEntry(PROJECT_SCOPE, "scenarios", "")
        try:
            self.scenarios = json.loads(text) if ok and text else {}
        except ValueError:
            self.scenarios = {}
        text, ok = project.readEntry(PROJECT_SCOPE, "indicators", "")
        try:
            self.indicators_text = None
            if ok and text:
                self.set_indicators_text(text, save=False)
        except ValueError as exc:
            self._message(str(exc), error=True)
        text, ok = project.readEntry(PROJECT_SCOPE, "indicator_results", "")
        try:
            self.indicator_rows = json.loads(text) if ok and text else []
        except ValueError:
            self.indicator_rows = []
        self._fill_compare()
        self._fill_indicators()
        self._show_indicator_source()

    # ------------------------------------------------------------------ layers
    def _group(self):
        root = QgsProject.instance().layerTreeRoot()
        return root.findGroup(SCENARIO_GROUP) or root.insertGroup(0, SCENARIO_GROUP)

    def _remove_layers(self, predicate):
        project = QgsProject.instance()
        group = project.layerTreeRoot().findGroup(SCENARIO_GROUP)
        if group is None:
            return
        ids = [n.layerId() for n in group.findLayers() if n.layer() is not None and predicate(n.layer())]
        project.removeMapLayers(ids)

    def _add_to_group(self, lyr, replace_scenario: str | None = None, replace_kind: str | None = None):
        kind = lyr.customProperty("hinterland/kind")
        if replace_scenario is not None:
            self._remove_layers(lambda x: x.customProperty("hinterland/scenario") == replace_scenario
                                and x.customProperty("hinterland/kind") == kind)
        if replace_kind is not None:
            self._remove_layers(lambda x: x.customProperty("hinterland/kind") == replace_kind)
        lyr.setCustomProperty("hinterland/result", True)
        QgsProject.instance().addMapLayer(lyr, False)
        self._group().insertLayer(0, lyr)

    def disrupted_layer(self, name: str, ids: list[str]) -> QgsVectorLayer | None:
        """The scenario's failed segments as a red line layer, so exported maps show what was cut."""
        if not ids or not self.load_segments():
            return None
        lyr = QgsVectorLayer("LineString?crs=EPSG:4326&field=segment_id:string", tr("Disrupted segments — {0}")
                             .format(name), "memory")
        feats = []
        for sid in ids:
            if sid in self._geoms:
                f = QgsFeature(lyr.fields())
                f.setGeometry(self._geoms[sid])
                f.setAttributes([sid])
                feats.append(f)
        lyr.dataProvider().addFeatures(feats)
        from qgis.core import QgsLineSymbol, QgsSingleSymbolRenderer

        lyr.setRenderer(QgsSingleSymbolRenderer(QgsLineSymbol.createSimple(
            {"line_color": "#000000", "line_width": "1.4", "line_style": "dash", "capstyle": "round"})))
        lyr.setCustomProperty("hinterland/kind", "disrupted")
        lyr.setCustomProperty("hinterland/scenario", name)
        return lyr

    def _show_only(self, lyr):
        """One surface at a time: the new delta map is shown; other Hinterland rasters are switched off (the
        user's own layers are left as they are)."""
        root = QgsProject.instance().layerTreeRoot()
        for node in root.findLayers():
            other = node.layer()
            if other is None or other is lyr or not other.customProperty("hinterland/result"):
                continue
            if isinstance(other, QgsRasterLayer):
                node.setItemVisibilityChecked(False)

    # ------------------------------------------------------------------ misc
    def _message(self, text: str, error: bool = False):
        self.status.setText(text)
        self.status.setStyleSheet("color: #b2182b;" if error else "")

    def close_tools(self):
        self._toggle_pick(False)
        self._toggle_draw(False)
        if self.rubber is not None and self.iface is not None:
            self.iface.mapCanvas().scene().removeItem(self.rubber)
            self.rubber = None


def _fmt(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        if not math.isfinite(v):
            return "∞"
        return f"{v:,.0f}" if abs(v) >= 100 else f"{v:,.3g}"
    if isinstance(v, int):
        return f"{v:,}"
    return str(v)


