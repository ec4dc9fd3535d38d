"""The Disruption tab: operating segments from a searchable list (by corridor) or picked on the map, a hazard
zone (any polygon layer, or drawn), ``hinterland:corridordisruption`` and ``hinterland:criticality`` (N-1)
through the runner; every layer comes from the algorithms' declared outputs."""
from __future__ import annotations

from qgis.core import (
    Qgis,
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
    QgsRasterLayer,
    QgsRectangle,
    QgsSpatialIndex,
    QgsVectorLayer,
)
from qgis.gui import QgsMapLayerComboBox
from qgis.PyQt.QtCore import Qt, pyqtSignal
from qgis.PyQt.QtGui import QColor
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.constants import KIND_PROPERTY
from ..crs import point_transformer
from ..i18n import Translatable, language, translate
from ..styling import style_criticality, style_delta
from . import scenario_layers
from .criticality_view import CriticalityTable
from .map_tools import Highlight, PointTool, PolygonTool, ToolSwitch, canvas_crs, to_wgs84, wgs84
from .results_group import discard_run_folder, layer_rows
from .widgets import RunProgress, StatusLabel, bind_runner, button_grid, fill_table, filter_tree, tree_children

ROLE = Qt.ItemDataRole.UserRole


def before_after_columns() -> list[tuple[str, str]]:
    return [("threshold_min", translate("disruption_tab", "Threshold (min)")), ("population_before", translate("disruption_tab", "Population before")),
            ("population_after", translate("disruption_tab", "Population after")), ("population_lost", translate("disruption_tab", "Population losing coverage")),
            ("area_before_km2", translate("disruption_tab", "Area before (km²)")), ("area_after_km2", translate("disruption_tab", "Area after (km²)")),
            ("pop_minutes_added", translate("disruption_tab", "Population-minutes added")), ("cut_off", translate("disruption_tab", "Cut off")),
            ("delayed", translate("disruption_tab", "Delayed"))]


class DisruptionTab(Translatable, QWidget):
    scenarioReady = pyqtSignal(str, list)  # noqa: N815 - scenario name, table rows
    criticalityReady = pyqtSignal(object)  # noqa: N815 - styled layer

    def __init__(self, state, runner, iface=None, parent=None):
        super().__init__(parent)
        self.state, self.runner, self.iface = state, runner, iface
        #: operating segments read once: id -> geometry (EPSG:4326); no layer object is kept alive
        self._geoms: dict[str, QgsGeometry] | None = None
        self._index, self._index_ids = QgsSpatialIndex(), {}
        self._centres_lyr = None
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.name_edit = QLineEdit(self.tr("Scenario {0}").format(1))
        form.addRow(self.tr("Scenario name"), self.name_edit)
        lay.addLayout(form)
        self.seg_search = QLineEdit()
        self.seg_search.setPlaceholderText(self.tr("Search segments (中文, English or id)"))
        self.seg_search.textChanged.connect(lambda text: filter_tree(self.seg_tree, text, with_group=True))
        lay.addWidget(self.seg_search)
        self.seg_tree = QTreeWidget()
        self.seg_tree.setHeaderLabels([self.tr("Corridor segment"), self.tr("Id")])
        self.seg_tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.seg_tree.itemChanged.connect(self._segment_toggled)
        lay.addWidget(self.seg_tree, 3)
        row = QHBoxLayout()
        self.pick_seg_btn = QPushButton(self.tr("Pick segments on map"))
        self.pick_seg_btn.setCheckable(True)
        self.pick_switch = ToolSwitch(iface, self.pick_seg_btn, self._make_pick_tool)
        self.clear_seg_btn = QPushButton(self.tr("Clear"))
        self.clear_seg_btn.clicked.connect(lambda: self.set_selected_ids([]))
        row.addWidget(self.pick_seg_btn)
        row.addWidget(self.clear_seg_btn)
        lay.addLayout(row)
        self.selected_label = QLabel("")
        self.selected_label.setWordWrap(True)
        lay.addWidget(self.selected_label)
        self._build_actions(lay)
        self.highlight = Highlight(iface, Qgis.GeometryType.Line, QColor(215, 25, 28, 200), 4)
        bind_runner(self, runner, self.status, (self.run_btn, self.crit_btn), self.cancel_btn)
        state.cleared.connect(self._state_cleared)

    def _build_actions(self, lay):
        form = QFormLayout()
        hz_row = QHBoxLayout()
        self.hazard_combo = QgsMapLayerComboBox()
        self.hazard_combo.setFilters(Qgis.LayerFilter.PolygonLayer)
        self.hazard_combo.setAllowEmptyLayer(True)
        self.hazard_combo.setLayer(None)
        self.draw_btn = QPushButton(self.tr("Draw…"))
        self.draw_btn.setCheckable(True)
        self.draw_btn.setToolTip(self.tr("Left click adds a vertex, right click closes the hazard polygon"))
        self.draw_switch = ToolSwitch(self.iface, self.draw_btn, self._make_draw_tool)
        hz_row.addWidget(self.hazard_combo, 1)
        hz_row.addWidget(self.draw_btn)
        form.addRow(self.tr("Hazard zone"), hz_row)
        lay.addLayout(form)
        self.run_btn = QPushButton(self.tr("Run scenario"))
        self.run_btn.clicked.connect(self.run_scenario)
        self.crit_btn = QPushButton(self.tr("Rank segments (N-1)"))
        self.crit_btn.setToolTip(self.tr("Remove each segment in turn and map the person-hours its loss adds"))
        self.crit_btn.clicked.connect(self.run_criticality)
        self.cancel_btn = QPushButton(self.tr("Cancel"))
        self.cancel_btn.setEnabled(False)
        self.cancel_btn.clicked.connect(self.runner.cancel)
        lay.addLayout(button_grid(self.run_btn, self.crit_btn, self.cancel_btn))
        self.progress = RunProgress(self.runner)
        lay.addWidget(self.progress)
        self.status = StatusLabel()
        lay.addWidget(self.status)
        self.rank_table = CriticalityTable()
        lay.addWidget(self.rank_table, 2)  # the N-1 ranks: the table a planner reads first
        self.before_after = QTableWidget(0, 0)
        self.before_after.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        lay.addWidget(self.before_after, 1)
        self.before_after.setVisible(False)  # until a scenario has run

    # ------------------------------------------------------------------ segments
    def load_segments(self) -> bool:
        """Read the operating corridor segments of the engine's data (lazily: the tab may never be opened)."""
        if self._geoms is not None:
            return True
        path = scenario_layers.engine_data_path()
        lyr = QgsVectorLayer(f"{path}|layername=corridor_segments", "segments", "ogr")
        if not lyr.isValid():
            self.status.show_message(self.tr("The corridor segments could not be read from {0}.").format(path), error=True)
            return False
        name_key = "name_zh" if language() == "zh" else "name_en"
        clyr = QgsVectorLayer(f"{path}|layername=corridors", "corridors", "ogr")
        corridors = {f["corridor_id"]: f[name_key] for f in clyr.getFeatures()} if clyr.isValid() else {}
        # road segments belong to a route of the national road network: named from it, not by its id (g0613_gy)
        rlyr = QgsVectorLayer(f"{path}|layername=roads", "roads", "ogr")
        if rlyr.isValid() and rlyr.fields().lookupField("route_id") >= 0:
            corridors.update({f["route_id"]: f[name_key] for f in rlyr.getFeatures() if f["route_id"] not in corridors})
        del clyr
        self._geoms, self._index, self._index_ids = {}, QgsSpatialIndex(), {}
        self.seg_tree.blockSignals(True)
        self.seg_tree.clear()
        groups: dict[str, QTreeWidgetItem] = {}
        for f in sorted(lyr.getFeatures(), key=lambda f: (str(f["corridor_id"]), int(f["seq"] or 0))):
            if f["status"] != "operating":
                continue  # only operating segments can fail; planned ones are not in the network
            sid, cid = str(f["segment_id"]), str(f["corridor_id"])
            self._geoms[sid] = QgsGeometry(f.geometry())
            k = len(self._index_ids) + 1
            self._index_ids[k] = sid
            feat = QgsFeature(k)
            feat.setGeometry(self._geoms[sid])
            self._index.addFeature(feat)
            if cid not in groups:
                groups[cid] = QTreeWidgetItem([str(corridors.get(cid, cid)), ""])
                groups[cid].setFlags(groups[cid].flags() | Qt.ItemFlag.ItemIsAutoTristate | Qt.ItemFlag.ItemIsUserCheckable)
                groups[cid].setCheckState(0, Qt.CheckState.Unchecked)
                self.seg_tree.addTopLevelItem(groups[cid])
            item = QTreeWidgetItem([str(f[name_key]), sid])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(0, Qt.CheckState.Unchecked)
            item.setData(0, ROLE, sid)
            groups[cid].addChild(item)
        del lyr
        self.seg_tree.blockSignals(False)
        return True

    def segment_ids(self) -> list[str]:
        """Every operating segment offered in the list."""
        self.load_segments()
        return [it.data(0, ROLE) for it in tree_children(self.seg_tree)]

    def selected_ids(self) -> list[str]:
        self.load_segments()
        return sorted(it.data(0, ROLE) for it in tree_children(self.seg_tree) if it.checkState(0) == Qt.CheckState.Checked)

    def set_selected_ids(self, ids) -> None:
        self.load_segments()
        ids = set(ids)
        self.seg_tree.blockSignals(True)
        for it in tree_children(self.seg_tree):
            it.setCheckState(0, Qt.CheckState.Checked if it.data(0, ROLE) in ids else Qt.CheckState.Unchecked)
        self.seg_tree.blockSignals(False)
        self._segment_toggled()

    def toggle_segment(self, segment_id: str) -> bool:
        for it in tree_children(self.seg_tree):
            if it.data(0, ROLE) == segment_id:
                on = it.checkState(0) != Qt.CheckState.Checked
                it.setCheckState(0, Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
                self.seg_tree.scrollToItem(it)
                return on
        return False

    def _segment_toggled(self, *_):
        items = [it for it in tree_children(self.seg_tree) if it.checkState(0) == Qt.CheckState.Checked]
        names = [it.text(0) for it in items]
        self.selected_label.setText(self.tr("{0} segments selected: {1}").format(
            len(names), "; ".join(names[:12]) + (" …" if len(names) > 12 else "")) if names else "")
        self.highlight.show([self._geoms[it.data(0, ROLE)] for it in items if it.data(0, ROLE) in (self._geoms or {})])

    def segment_at(self, point: QgsPointXY, crs: QgsCoordinateReferenceSystem | None = None,
                   tolerance_deg: float = 0.1) -> str | None:
        """The operating segment nearest to ``point`` (project CRS unless given), within the tolerance."""
        if not self.load_segments():
            return None
        p = to_wgs84(point, crs or QgsProject.instance().crs())
        geom = QgsGeometry.fromPointXY(p)
        best, best_d = None, tolerance_deg
        rect = QgsRectangle(p.x() - tolerance_deg, p.y() - tolerance_deg, p.x() + tolerance_deg, p.y() + tolerance_deg)
        for k in self._index.intersects(rect):
            sid = self._index_ids[k]
            d = self._geoms[sid].distance(geom)
            if d <= best_d:
                best, best_d = sid, d
        return best

    def _make_pick_tool(self, canvas):
        tool = PointTool(canvas)
        tool.clicked.connect(lambda p, _left: self.pick_at(p, canvas))
        return tool

    def pick_at(self, point: QgsPointXY, canvas) -> str | None:
        """A click on the canvas: toggle the segment within 8 pixels, or say that there is none."""
        fn = point_transformer(canvas_crs(canvas), wgs84())
        a = fn(point.x(), point.y())
        b = fn(point.x() + 8 * canvas.mapUnitsPerPixel(), point.y())
        sid = self.segment_at(point, canvas_crs(canvas), max(0.01, abs(b[0] - a[0])))
        if sid is None:
            self.status.show_message(self.tr("No operating corridor segment near the click."), error=True)
        else:
            self.toggle_segment(sid)
        return sid

    # ------------------------------------------------------------------ hazard polygon
    def _make_draw_tool(self, canvas):
        tool = PolygonTool(canvas)
        tool.polygon.connect(self._drawn)
        tool.tooFew.connect(self._too_few)
        return tool

    def _drawn(self, points, crs):
        self.draw_btn.setChecked(False)
        try:
            self.add_hazard_polygon(points, crs)
        except OSError as exc:
            self.status.show_message(str(exc), error=True)

    def _too_few(self):
        self.status.show_message(self.tr("A hazard polygon needs at least three vertices."), error=True)
        self.draw_btn.setChecked(False)

    def add_hazard_polygon(self, points: list[QgsPointXY], crs: QgsCoordinateReferenceSystem) -> QgsVectorLayer:
        """A new polygon layer (GeoPackage in the results folder) in the scenarios group, chosen as hazard zone."""
        n = 1 + sum(1 for lyr in QgsProject.instance().mapLayers().values()
                    if lyr.customProperty(KIND_PROPERTY) == "hazard")
        lyr = scenario_layers.write_hazard(points, crs, self.state.results_folder(), self.tr("Hazard zone {0}").format(n))
        scenario_layers.add_layer(lyr, "hazard")
        self.hazard_combo.setLayer(lyr)
        return lyr

    # ------------------------------------------------------------------ running
    def _validated(self):
        try:
            return self.state.validate()
        except ValueError as exc:
            self.status.show_message(str(exc), error=True)
            return None

    def _failed(self, run, what: str) -> bool:
        if not run.ok:
            discard_run_folder(run.extra.get("folder"))
            self.status.show_message(self.tr("{0} was cancelled or failed; nothing was added to the project.").format(what)
                                     + (" " + run.error if run.error else ""), error=True)
        return not run.ok

    def run_scenario(self) -> bool:
        valid = self._validated()
        if valid is None:
            return False
        active, thresholds = valid
        ids, hazard = self.selected_ids(), self.hazard_combo.currentLayer()
        if not ids and hazard is None:
            self.status.show_message(self.tr("Choose segments (list or map) or a hazard zone first."), error=True)
            return False
        if hazard is not None and hazard.featureCount() == 0:
            self.status.show_message(self.tr("The hazard layer '{0}' has no polygons.").format(hazard.name()), error=True)
            return False
        name = self.name_edit.text().strip() or self.tr("Scenario {0}").format(len(self.state.scenarios) + 1)
        folder = self.state.run_folder("scenario")
        self._centres_lyr = self.state.centres_layer(active)
        params = self.state.common_parameters(self._centres_lyr)
        params.update({"THRESHOLDS": ",".join(f"{t:g}" for t in thresholds), "DISRUPTED": ",".join(ids),
                       "HAZARD": hazard, "SCENARIO": name, "OUTPUT_DELTA": str(folder / "minutes_added.tif"),
                       "OUTPUT": str(folder / "disruption.gpkg"), "OUTPUT_SEGMENTS": str(folder / "segments.gpkg")})
        return self.runner.run("hinterland:corridordisruption", params, self._scenario_done, owner=self,
                               extra={"name": name, "folder": folder}, phase=self.tr("Running scenario '{0}'…").format(name))

    def _scenario_done(self, run):
        if self._failed(run, self.tr("The scenario")):
            return
        name = run.extra["name"]
        rows = layer_rows(QgsVectorLayer(str(run.results["OUTPUT"]), "disruption", "ogr"))
        ids = [s.strip() for s in (rows[0]["segments"] if rows else "").split(",") if s.strip()]
        self.state.set_scenario(name, ids, rows)
        delta = QgsRasterLayer(str(run.results["OUTPUT_DELTA"]), self.tr("Minutes added — {0}").format(name))
        if delta.isValid():
            style_delta(delta)
            scenario_layers.add_layer(delta, "delta", name, replace="scenario")
            scenario_layers.show_only(delta)
        cut = QgsVectorLayer(str(run.results.get("OUTPUT_SEGMENTS", "")), self.tr("Disrupted segments — {0}").format(name), "ogr")
        if cut.isValid() and cut.featureCount():
            scenario_layers.style_disrupted(cut)
            scenario_layers.add_layer(cut, "disrupted", name, replace="scenario")
        self.show_rows(rows)
        cut_off = rows[0]["centres_cut_off"] if rows else ""
        msg = self.tr("Scenario '{0}': {1} segments disrupted.").format(name, len(ids))
        if cut_off:
            msg += " " + self.tr("Centres cut off: {0}.").format(cut_off)
        self.status.show_message(msg, error=bool(cut_off))
        self.name_edit.setText(self.tr("Scenario {0}").format(len(self.state.scenarios) + 1))
        self.scenarioReady.emit(name, rows)

    def show_rows(self, rows: list[dict]) -> None:
        cols = before_after_columns()
        fill_table(self.before_after, [label for _, label in cols], [[r.get(k) for k, _ in cols] for r in rows])
        self.before_after.setVisible(bool(rows))  # an empty table took two thirds of the room from the N-1 ranks

    def edit_scenario(self, name: str) -> None:
        """Put a stored scenario back into the form (name, segments, before/after table)."""
        scn = self.state.scenarios[name]
        self.name_edit.setText(name)
        self.set_selected_ids(scn["ids"])
        self.show_rows(scn["rows"])

    def run_criticality(self) -> bool:
        valid = self._validated()
        if valid is None:
            return False
        active, thresholds = valid
        folder = self.state.run_folder("criticality")
        self._centres_lyr = self.state.centres_layer(active)
        params = self.state.common_parameters(self._centres_lyr)
        params.update({"THRESHOLD": max(thresholds), "OUTPUT": str(folder / "criticality.gpkg")})
        return self.runner.run("hinterland:criticality", params, self._criticality_done, owner=self,
                               extra={"threshold": max(thresholds), "folder": folder}, phase=self.tr("Ranking every segment (N-1)…"))

    def _criticality_done(self, run):
        if self._failed(run, self.tr("The N-1 ranking")):
            return
        lyr = QgsVectorLayer(str(run.results["OUTPUT"]), self.tr("Segment criticality (person-hours, {0:g} min)")
                             .format(run.extra["threshold"]), "ogr")
        style_criticality(lyr)
        self.rank_table.show_rows(layer_rows(lyr))
        scenario_layers.add_layer(lyr, "criticality", replace="kind")
        top = sorted(lyr.getFeatures(), key=lambda f: f["rank"])[:3]
        name_key = "name_zh" if language() == "zh" else "name_en"
        self.status.show_message(self.tr("Most critical: {0}").format(
            "; ".join(f"{f[name_key]} ({f['segment_id']})" for f in top)))
        self.criticalityReady.emit(lyr)

    def _state_cleared(self):
        if self._geoms is not None:
            self.set_selected_ids([])
        self.before_after.setRowCount(0)
        self.before_after.setVisible(False)
        self.rank_table.show_rows([])
        self.hazard_combo.setLayer(None)

    def close_tools(self) -> None:
        self.pick_switch.close()
        self.draw_switch.close()
        self.highlight.close()

