"""The Gateways tab: ``hinterland:gatewayhinterland`` over the bundled gateway types (seaports, Yangtze ports,
border crossings, dry ports, hub cities), one colour per gateway; the per-gateway table; and "close a gateway":
the same run with CLOSE, showing where its traffic goes (OUTPUT_CLOSURE, OUTPUT_CLOSURE_ALLOCATION,
OUTPUT_CLOSURE_DELTA); below, the key-industry backup reach (``backup_reach_box``). The layers go to their own
group, replaced on every run."""
from __future__ import annotations

from qgis.core import QgsProject, QgsRasterLayer, QgsVectorLayer
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from ..core.catalog import category_label
from ..core.engine.gateways import ALL_TYPES, DEFAULT_TYPES
from ..i18n import Translatable, language, translate
from ..styling import style_delta, style_gateway_allocation, style_gateway_points, style_gateway_prefectures
from .backup_reach_box import BackupReachBox
from .results_group import (
    add_result,
    discard_run_folder,
    insert_group,
    layer_rows,
    remove_layers,
    render_below_points_and_lines,
)
from .widgets import StatusLabel, bind_runner, button_grid, fill_table

GATEWAY_GROUP = "Gateway hinterlands / 门户腹地"


def gateway_display(rows: list[dict]) -> tuple[list[str], list[list[str]]]:
    """Gateways by people served, as a person reads them."""
    lang = language()
    headers = [translate("gateways_tab", "Gateway"), translate("gateways_tab", "Type"), translate("gateways_tab", "Residents served"), translate("gateways_tab", "Area (km²)"), translate("gateways_tab", "Prefectures"),
               translate("gateways_tab", "Mean time (min)")]
    out = []
    for r in sorted(rows, key=lambda r: -float(r.get("population") or 0)):
        out.append([str(r.get("gateway") or ""), category_label(str(r.get("type") or ""), lang),
                    f"{float(r.get('population') or 0):,.0f}", f"{float(r.get('area_km2') or 0):,.0f}",
                    f"{int(r.get('prefectures_n') or 0):,}", f"{float(r.get('mean_time_min') or 0):,.0f}"])
    return headers, out


def closure_display(rows: list[dict]) -> tuple[list[str], list[list[str]]]:
    headers = [translate("gateways_tab", "Closed"), translate("gateways_tab", "Traffic goes to"), translate("gateways_tab", "Residents"), translate("gateways_tab", "Area (km²)"), translate("gateways_tab", "Minutes added (mean)"),
               translate("gateways_tab", "Prefectures")]
    out = [[str(r.get("closed") or ""), str(r.get("to_gateway") or ""), f"{float(r.get('population') or 0):,.0f}",
            f"{float(r.get('area_km2') or 0):,.0f}", f"{float(r.get('mean_added_min') or 0):,.0f}",
            f"{int(r.get('prefectures_n') or 0):,}"]
           for r in sorted(rows, key=lambda r: -float(r.get("population") or 0))]
    return headers, out


class GatewaysTab(Translatable, QWidget):
    def __init__(self, state, runner, iface=None, parent=None):
        super().__init__(parent)
        self.state, self.runner, self.iface = state, runner, iface
        self.gateway_rows: list[dict] = []
        self.closure_rows: list[dict] = []
        lay = QVBoxLayout(self)
        self.types = QListWidget()
        lang = language()
        for t in ALL_TYPES:
            item = QListWidgetItem(category_label(t, lang))
            item.setData(Qt.ItemDataRole.UserRole, t)
            item.setCheckState(Qt.CheckState.Checked if t in DEFAULT_TYPES else Qt.CheckState.Unchecked)
            self.types.addItem(item)
        self.types.setMaximumHeight(110)
        self.resolution = QDoubleSpinBox()
        self.resolution.setRange(1000, 100000)
        self.resolution.setDecimals(0)
        self.resolution.setSingleStep(5000)
        self.resolution.setSuffix(self.tr(" m"))
        self.resolution.setValue(10000)
        form = QFormLayout()
        form.addRow(self.tr("Gateway types"), self.types)
        form.addRow(self.tr("Resolution"), self.resolution)
        lay.addLayout(form)
        self.run_btn = QPushButton(self.tr("Gateway hinterlands"))
        self.run_btn.setToolTip(self.tr("Assign every cell and prefecture to its fastest gateway (freight profile)"))
        self.run_btn.clicked.connect(lambda _checked=False: self.run())
        self.close_combo = QComboBox()
        self.close_combo.setToolTip(self.tr("Run the hinterlands first to choose a gateway"))
        self.close_btn = QPushButton(self.tr("Close gateway"))
        self.close_btn.setToolTip(self.tr("Where does the traffic of this gateway go if it closes?"))
        self.close_btn.clicked.connect(lambda _checked=False: self.run(self.close_combo.currentText()))
        self.cancel_btn = QPushButton(self.tr("Cancel"))
        self.cancel_btn.setEnabled(False)
        self.cancel_btn.clicked.connect(runner.cancel)
        lay.addLayout(button_grid(self.run_btn, self.cancel_btn, self.close_combo, self.close_btn))
        self.status = StatusLabel()
        lay.addWidget(self.status)
        self.table = QTableWidget(0, 0)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        lay.addWidget(self.table, 2)
        self.closure = QTableWidget(0, 0)
        self.closure.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        lay.addWidget(self.closure, 1)
        self.backup = BackupReachBox(state, runner)  # key-industry backup reach (hinterland:backupreach)
        lay.addWidget(self.backup, 1)
        bind_runner(self, runner, self.status, (self.run_btn, self.close_btn), self.cancel_btn)
        state.cleared.connect(self._clear)

    def chosen_types(self) -> list[str]:
        return [self.types.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.types.count())
                if self.types.item(i).checkState() == Qt.CheckState.Checked]

    def run(self, close: str = "") -> bool:
        """Start hinterland:gatewayhinterland (``close``: a gateway name whose closure is computed too)."""
        types = self.chosen_types()
        if not types:
            self.status.show_message(self.tr("Tick at least one gateway type."), error=True)
            return False
        try:
            folder = self.state.run_folder("gateways")
        except OSError as exc:
            self.status.show_message(str(exc), error=True)
            return False
        params = dict(self.state.input_parameters(), TYPES=types, RESOLUTION=self.resolution.value(),
                      OUTPUT_ALLOCATION=str(folder / "gateway_allocation.tif"), OUTPUT=str(folder / "gateways.gpkg"),
                      OUTPUT_PREFECTURES=str(folder / "gateway_prefectures.gpkg"))
        if close:
            params.update(CLOSE=close, OUTPUT_CLOSURE=str(folder / "closure.gpkg"),
                          OUTPUT_CLOSURE_ALLOCATION=str(folder / "closure_allocation.tif"),
                          OUTPUT_CLOSURE_DELTA=str(folder / "closure_delta.tif"))
        return self.runner.run("hinterland:gatewayhinterland", params, self._finished, owner=self,
                               extra={"folder": folder, "close": close},
                               phase=self.tr("Gateway hinterlands… (the first run at a resolution prepares the grid)"))

    def _finished(self, run):
        if not run.ok:
            discard_run_folder(run.extra["folder"])
            self.status.show_message(self.tr("The gateway run was cancelled or failed; nothing was added.")
                                     + (" " + run.error if run.error else ""), error=True)
            return
        project = QgsProject.instance()
        points = QgsVectorLayer(str(run.results["OUTPUT"]), self.tr("Gateways"), "ogr")
        self.gateway_rows = layer_rows(points)
        names = [str(r.get("gateway")) for r in self.gateway_rows]
        layers = []
        if points.isValid():
            style_gateway_points(points, names)
            layers.append((points, "gateways", True))
        if run.results.get("OUTPUT_PREFECTURES"):
            prefs = QgsVectorLayer(str(run.results["OUTPUT_PREFECTURES"]), self.tr("Prefectures by gateway"), "ogr")
            style_gateway_prefectures(prefs, names)
            layers.append((prefs, "gateway_prefectures", False))
        alloc = QgsRasterLayer(str(run.results["OUTPUT_ALLOCATION"]), self.tr("Gateway hinterlands"))
        style_gateway_allocation(alloc, names)
        layers.append((alloc, "gateway_allocation", True))
        self.closure_rows = []
        if run.results.get("OUTPUT_CLOSURE"):
            self.closure_rows = layer_rows(QgsVectorLayer(str(run.results["OUTPUT_CLOSURE"]), "closure", "ogr"))
            after = QgsRasterLayer(str(run.results["OUTPUT_CLOSURE_ALLOCATION"]),
                                   self.tr("After closing {0}").format(run.extra["close"]))
            style_gateway_allocation(after, names)
            delta = QgsRasterLayer(str(run.results["OUTPUT_CLOSURE_DELTA"]), self.tr("Minutes added by the closure"))
            style_delta(delta)
            layers[1:1] = [(delta, "gateway_delta", True)]  # drawn above the hinterlands: where the traffic shifts
            layers.append((after, "gateway_after", False))
        self._replace_group(project, layers)
        self.show_rows()
        current = self.close_combo.currentText()
        self.close_combo.clear()
        self.close_combo.addItems(names)
        self.close_combo.setCurrentText(current or (names[0] if names else ""))
        self.status.show_message(self.tr("Done: {0} gateways.").format(len(names)))

    @staticmethod
    def _replace_group(project, layers):
        root = project.layerTreeRoot()
        old = root.findGroup(GATEWAY_GROUP)
        if old is not None:
            remove_layers(project, [n.layer() for n in old.findLayers() if n.layer() is not None])
            root.removeChildNode(old)
        group = insert_group(project, GATEWAY_GROUP)
        for layer, kind, visible in layers:
            if layer.isValid():
                add_result(project, group, layer, kind, visible)
        render_below_points_and_lines(project)

    def show_rows(self):
        fill_table(self.table, *gateway_display(self.gateway_rows))
        fill_table(self.closure, *closure_display(self.closure_rows))
        self.closure.setVisible(bool(self.closure_rows))

    def _clear(self):
        self.gateway_rows, self.closure_rows = [], []
        self.close_combo.clear()
        self.show_rows()

    def close_tools(self) -> None:
        pass
