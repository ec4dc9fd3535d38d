"""The Centres tab: candidate centres (searchable, grouped by category), points of the active layer, picks on
the map (snapped to a point feature under the cursor), and the editable table — a view of the state's centre
set, which alone holds the centres. Chosen centres are drawn on the canvas."""
from __future__ import annotations

import math
from pathlib import Path

from qgis.core import Qgis, QgsGeometry, QgsPointXY, QgsVectorLayer
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QColor, QKeySequence
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QAction,
    QFileDialog,
    QHeaderView,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.catalog import category_label
from ..core.centre_sets import centre_sets
from ..core.resources import data_path
from ..crs import point_transformer
from ..i18n import Translatable, language
from .map_tools import CentreTool, Highlight, ToolSwitch, name_of, wgs84
from .state import CentreRow
from .widgets import StatusLabel, button_grid, filter_tree, tree_children

ROLE = Qt.ItemDataRole.UserRole


class CentresTab(Translatable, QWidget):
    def __init__(self, state, iface=None, parent=None):
        super().__init__(parent)
        self.state, self.iface = state, iface
        lay = QVBoxLayout(self)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search candidate centres (中文 or English)"))
        self.search.textChanged.connect(lambda text: filter_tree(self.candidates, text))
        lay.addWidget(self.search)
        self.candidates = QTreeWidget()
        self.candidates.setHeaderLabels([self.tr("Candidate centres")])
        self.candidates.itemDoubleClicked.connect(self._double_clicked)
        lay.addWidget(self.candidates, 2)
        self.add_checked_btn = QPushButton(self.tr("Add checked"))
        self.add_checked_btn.clicked.connect(self.add_checked_candidates)
        self.add_selection_btn = QPushButton(self.tr("Add selected points"))
        self.add_selection_btn.setToolTip(self.tr("Add selected points of the active layer"))
        self.add_selection_btn.clicked.connect(self.add_from_active_layer)
        self.pick_btn = QPushButton(self.tr("Pick on map"))
        self.pick_btn.setCheckable(True)
        self.pick_switch = ToolSwitch(iface, self.pick_btn, self._make_tool)
        self.sets_btn = QPushButton(self.tr("Add set…"))
        self.sets_btn.setToolTip(self.tr("Add a ready-made set of centres: all free-trade-zone cities, national new "
                                    "areas, innovation zones, Yangtze hubs or agglomeration cores"))
        self.sets_menu = QMenu(self.sets_btn)
        self.sets_menu.aboutToShow.connect(self._fill_sets_menu)
        self.sets_btn.setMenu(self.sets_menu)
        lay.addLayout(button_grid(self.add_checked_btn, self.add_selection_btn, self.pick_btn, self.sets_btn))
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([self.tr("On"), self.tr("Name"), self.tr("Capacity"), self.tr("Delay (min)")])
        header = self.table.horizontalHeader()  # the name takes the room; on, capacity, delay as wide as they need
        for col in (0, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.itemChanged.connect(self._edited)
        lay.addWidget(self.table, 3)
        self.remove_btn = QPushButton(self.tr("Remove selected"))
        self.remove_btn.clicked.connect(self.remove_selected)
        self.save_btn = QPushButton(self.tr("Save set…"))
        self.save_btn.clicked.connect(self._save_dialog)
        self.load_btn = QPushButton(self.tr("Load set…"))
        self.load_btn.clicked.connect(self._load_dialog)
        self.undo_btn = QPushButton(self.tr("Undo"))
        self.undo_btn.setToolTip(self.tr("Undo the last change to the centres (Ctrl+Z)"))
        self.undo_btn.clicked.connect(state.undo)
        undo = QAction(self)
        undo.setShortcut(QKeySequence(QKeySequence.StandardKey.Undo))
        undo.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)  # the tab's, not QGIS' undo
        undo.triggered.connect(state.undo)
        self.addAction(undo)
        lay.addLayout(button_grid(self.remove_btn, self.undo_btn, self.save_btn, self.load_btn))
        self.status = StatusLabel()
        lay.addWidget(self.status)
        self.markers = Highlight(iface, Qgis.GeometryType.Point, QColor(0, 0, 0, 220), 2)
        state.centresChanged.connect(self._refresh)
        self.load_candidates()
        self._refresh()

    # ------------------------------------------------------------------ candidates
    def load_candidates(self) -> None:
        self.candidates.clear()
        path = data_path()
        lyr = QgsVectorLayer(f"{path}|layername=candidate_centres", "c", "ogr")
        if not lyr.isValid():
            self.status.show_message(self.tr("The candidate centres could not be read from {0}.").format(path), error=True)
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
            name = name_of(f, lyr)
            other = f["name_en"] if lang == "zh" else f["name_zh"]
            item = QTreeWidgetItem([f"{name}  ({other})"])
            item.setCheckState(0, Qt.CheckState.Unchecked)
            p = f.geometry().asPoint()
            item.setData(0, ROLE, (name, p.x(), p.y()))
            groups[cat].addChild(item)
        self.candidates.expandAll()

    def add_checked_candidates(self) -> int:
        added = 0
        for item in tree_children(self.candidates):
            if item.checkState(0) == Qt.CheckState.Checked:
                name, lon, lat = item.data(0, ROLE)
                added += self.state.add_centre(CentreRow(name, lon, lat))
                item.setCheckState(0, Qt.CheckState.Unchecked)
        if not added:
            self.status.show_message(self.tr("Tick one or more candidate centres first."), error=True)
        return added

    def centre_sets(self) -> dict:
        """Ready-made sets of the bundled data (key -> members); empty when the data has none."""
        try:
            return {k: v for k, v in centre_sets(data_path()).items() if v}
        except Exception:  # noqa: BLE001 - a data file without the policy layers offers no set
            return {}

    def _fill_sets_menu(self):
        self.sets_menu.clear()
        lang = language()
        for key, members in self.centre_sets().items():
            action = self.sets_menu.addAction(self.tr("{0} ({1} cities)").format(category_label(key, lang), len(members)))
            action.triggered.connect(lambda _checked=False, k=key: self.add_set(k))
        if self.sets_menu.isEmpty():
            self.sets_menu.addAction(self.tr("No ready-made sets in the bundled data")).setEnabled(False)

    def add_set(self, key: str) -> int:
        """Add every member of the ready-made set ``key``; the number added."""
        members = self.centre_sets().get(key, [])
        zh = language() == "zh"
        rows = [CentreRow(m.name_zh if zh else m.name_en, m.lon, m.lat) for m in members]
        known = {(round(c.lon, 6), round(c.lat, 6)) for c in self.state.centres()}
        new = [r for r in rows if (round(r.lon, 6), round(r.lat, 6)) not in known]
        if new:
            self.state.set_centres(self.state.centres() + new)  # one step to undo
        self.status.show_message(self.tr("{0} centres added.").format(len(new)))
        return len(new)

    def _double_clicked(self, item, _column):
        data = item.data(0, ROLE)
        if data:
            self.state.add_centre(CentreRow(*data))

    def add_from_active_layer(self) -> int:
        layer = self.iface.activeLayer() if self.iface else None
        if not isinstance(layer, QgsVectorLayer) or layer.geometryType() != Qgis.GeometryType.Point:
            self.status.show_message(self.tr("Select a point layer in the Layers panel first."), error=True)
            return 0
        feats = list(layer.selectedFeatures()) or list(layer.getFeatures())
        if not feats:
            self.status.show_message(self.tr("The layer '{0}' has no points.").format(layer.name()), error=True)
            return 0
        try:
            to_wgs84 = point_transformer(layer.crs(), wgs84())
        except ValueError as exc:
            self.status.show_message(str(exc), error=True)
            return 0
        rows = []
        for f in feats:
            g = f.geometry()
            if g.isEmpty():
                continue
            c = g.centroid().asPoint()
            lon, lat = to_wgs84(c.x(), c.y())
            rows.append(CentreRow(name_of(f, layer) or f"{layer.name()} {f.id()}", lon, lat))
        return sum(self.state.add_centre(r) for r in rows)

    # ------------------------------------------------------------------ map
    def _make_tool(self, canvas):
        tool = CentreTool(canvas)
        tool.picked.connect(self.picked)
        return tool

    def picked(self, lon: float, lat: float, name: str, add: bool) -> None:
        """A click on the map at lon/lat: add a centre (named after the snapped feature) or remove the nearest."""
        centres = self.state.centres()
        if add:
            self.state.add_centre(CentreRow(name or self.tr("Point {0}").format(len(centres) + 1), lon, lat))
            return
        best, best_d = None, 1.0  # degrees
        for i, c in enumerate(centres):
            d = math.hypot(c.lon - lon, c.lat - lat)
            if d < best_d:
                best, best_d = i, d
        if best is not None:
            self.state.remove_centres([best])

    # ------------------------------------------------------------------ table
    def _refresh(self):
        self.table.blockSignals(True)
        centres = self.state.centres()
        self.table.setRowCount(len(centres))
        for r, c in enumerate(centres):  # items are updated in place: one may be the one being edited
            for col, text in enumerate(("", c.name, f"{c.capacity:g}", f"{c.delay_min:g}")):
                item = self.table.item(r, col)
                if item is None:
                    item = QTableWidgetItem()
                    self.table.setItem(r, col, item)
                item.setText(text)
            self.table.item(r, 0).setCheckState(Qt.CheckState.Checked if c.enabled else Qt.CheckState.Unchecked)
        self.table.blockSignals(False)
        self.undo_btn.setEnabled(self.state.can_undo())
        self.markers.show([QgsGeometry.fromPointXY(QgsPointXY(c.lon, c.lat)) for c in centres if c.enabled])

    def _edited(self, item: QTableWidgetItem):
        col, text = item.column(), item.text()
        if col == 0:
            self.state.update_centre(item.row(), enabled=item.checkState() == Qt.CheckState.Checked)
        elif col == 1:
            self.state.update_centre(item.row(), name=text.strip() or self.state.centres()[item.row()].name)
        else:
            key, default = ("capacity", 1.0) if col == 2 else ("delay_min", math.nan)
            self.state.update_centre(item.row(), **{key: _float(text, default)})

    def remove_selected(self) -> None:
        self.state.remove_centres({i.row() for i in self.table.selectedIndexes()})

    def _save_dialog(self):
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save centre set"), "", "JSON (*.json)")
        if path:
            Path(path).write_text(self.state.centres_json(), encoding="utf-8")

    def _load_dialog(self):
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Load centre set"), "", "JSON (*.json)")
        if path:
            try:
                self.state.load_centres_json(Path(path).read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                self.status.show_message(str(exc), error=True)

    def close_tools(self) -> None:
        self.pick_switch.close()
        self.markers.close()


def _float(text: str, default: float) -> float:
    try:
        return float(str(text).strip())
    except ValueError:
        return default
