"""The "Own data" section of the Run tab: the same optional inputs as the algorithms' advanced parameters
(``processing_provider/inputs.py``): study area (polygon layer or extent), network (one or more line layers,
ticked in a list, and their fields), friction raster and units, population raster or polygons with a count
field, sites (one or more point layers and a name field). Layers come from the project; the choice lives in
``AnalysisState.inputs`` (saved in the project; NETWORK and SITES as lists of layer ids) and every algorithm
the dock runs receives it. The field lists show the fields of the first ticked layer (every ticked layer needs
them, as in Processing). Also the memory estimate shown before a run."""
from __future__ import annotations

from qgis.core import (
    Qgis,
    QgsCoordinateReferenceSystem,
    QgsDistanceArea,
    QgsGeometry,
    QgsProject,
    QgsRectangle,
    QgsVectorLayer,
)
from qgis.gui import QgsCheckableComboBox, QgsCollapsibleGroupBox, QgsFieldComboBox, QgsMapLayerComboBox
from qgis.PyQt.QtCore import Qt, pyqtSignal
from qgis.PyQt.QtWidgets import QComboBox, QDoubleSpinBox, QFormLayout, QHBoxLayout, QLineEdit, QPushButton, QWidget

from ..core.engine.grid import BYTES_PER_CELL, MAX_WORKING_BYTES, available_bytes
from ..core.engine.inputs import FRICTION_UNITS, NETWORK_USES
from ..i18n import Translatable, translate

#: land of the default grid (all of China), km²
CHINA_KM2 = 9.6e6

LAYER_KEYS = ("STUDY_AREA", "FRICTION", "POPULATION", "POPULATION_POLYGONS")  # one layer each
FIELD_KEYS = {"NETWORK_SPEED_FIELD": "NETWORK", "NETWORK_TIME_FIELD": "NETWORK", "NETWORK_MODE_FIELD": "NETWORK",
              "NETWORK_ONEWAY_FIELD": "NETWORK", "POPULATION_FIELD": "POPULATION_POLYGONS",
              "SITE_NAME_FIELD": "SITES"}
LIST_KEYS = {"NETWORK": Qgis.GeometryType.Line, "SITES": Qgis.GeometryType.Point}  # several layers: a list


def unit_labels() -> dict[str, str]:
    return {"min_per_m": translate("inputs_box", "minutes per metre"), "kmh": translate("inputs_box", "speed (km/h)"),
            "add": translate("inputs_box", "add to the bundled network"), "replace": translate("inputs_box", "replace the bundled network")}


def estimate(area_km2: float, res_m: float) -> tuple[float, float]:
    """(cells, bytes) of a grid over ``area_km2`` at ``res_m``: cells = area / res², ~60 bytes per cell."""
    cells = area_km2 * 1e6 / (res_m * res_m)
    return cells, cells * BYTES_PER_CELL


#: seconds of a coverage run in the dock, per cell of ``estimate`` (the study area's cells), fitted to ``make
#: bench`` of 2026-12-02 (all of China, 4 centres, this project's 2-core test machine): the dock's 5 km rerun
#: 0.9 s, a warm 1 km run ~18 s; the first run at a resolution (grid, network, census surface built) 2.1 s more at
#: 5 km, ~13 s more at 1 km. A fixed part, per cell and centre (each centre is solved on its own) and per cell on
#: the first run at a resolution. (A new installation compiles its kernels once more: ~9 s, not counted.)
RUN_FIXED_S, FIRST_FIXED_S, SOLVE_S_PER_CELL, PREPARE_S_PER_CELL = 0.3, 1.7, 4.6e-7, 1.2e-6


def time_estimate(cells: float, centres: int) -> tuple[float, float]:
    """(seconds of a run, seconds of the first run at this grid) on a machine like the benchmark's."""
    run = RUN_FIXED_S + cells * SOLVE_S_PER_CELL * max(1, centres)
    return run, run + FIRST_FIXED_S + cells * PREPARE_S_PER_CELL


def memory_limit() -> float:
    return min(MAX_WORKING_BYTES, 0.8 * available_bytes())


class LayerChecklist(QgsCheckableComboBox):
    """The project's vector layers of one geometry type, any number of them ticked (``layer_ids`` in list order).
    Follows the project: layers added or removed appear or go, ticks are kept."""

    changed = pyqtSignal()

    def __init__(self, geometry_type, parent=None):
        super().__init__(parent)
        self.geometry_type = geometry_type
        self.setDefaultText(translate("InputsBox", "(none)"))  # the same words as the single-layer lists
        self._quiet = False
        self.model().itemCheckStateChanged.connect(self._emit)  # clicks and setItemCheckState alike
        QgsProject.instance().layersAdded.connect(self.refresh)
        QgsProject.instance().layersRemoved.connect(self.refresh)
        self.refresh()

    def refresh(self, *_):
        ticked = set(self.layer_ids())
        layers = [lyr for lyr in QgsProject.instance().mapLayers().values()
                  if isinstance(lyr, QgsVectorLayer) and lyr.geometryType() == self.geometry_type]
        self._quiet = True
        try:
            self.clear()
            for lyr in sorted(layers, key=lambda lyr: lyr.name().lower()):
                state = Qt.CheckState.Checked if lyr.id() in ticked else Qt.CheckState.Unchecked
                self.addItemWithCheckState(lyr.name(), state, lyr.id())
        finally:
            self._quiet = False

    def layer_ids(self) -> list[str]:
        return [str(v) for v in self.checkedItemsData()]

    def set_layer_ids(self, ids) -> None:
        self._quiet = True
        try:
            for i in range(self.count()):
                on = self.itemData(i) in ids
                self.setItemCheckState(i, Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        finally:
            self._quiet = False

    def first_layer(self):
        ids = self.layer_ids()
        return QgsProject.instance().mapLayer(ids[0]) if ids else None

    def _emit(self, *_):
        if not self._quiet:
            self.changed.emit()


class InputsBox(Translatable, QgsCollapsibleGroupBox):
    """Collapsible "Own data" group; edits go straight to ``state.set_inputs``."""

    def __init__(self, state, iface=None, parent=None):
        super().__init__(self.tr("Own data"), parent)
        self.state, self.iface = state, iface
        self.setCollapsed(True)
        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # narrow dock: the field under its label
        self.combos: dict[str, QgsMapLayerComboBox] = {}
        self.fields: dict[str, QgsFieldComboBox] = {}
        filters = {"STUDY_AREA": Qgis.LayerFilter.PolygonLayer, "FRICTION": Qgis.LayerFilter.RasterLayer,
                   "POPULATION": Qgis.LayerFilter.RasterLayer, "POPULATION_POLYGONS": Qgis.LayerFilter.PolygonLayer}
        for key in LAYER_KEYS:
            box = QgsMapLayerComboBox()
            box.setFilters(filters[key])
            box.setAllowEmptyLayer(True, self.tr("(none)"))
            box.setLayer(None)
            self.combos[key] = box
        self.lists = {key: LayerChecklist(kind) for key, kind in LIST_KEYS.items()}
        for key, parent_key in FIELD_KEYS.items():
            f = QgsFieldComboBox()
            f.setAllowEmptyFieldName(True)
            if parent_key in self.lists:
                self.lists[parent_key].changed.connect(self._follow_lists)
            else:
                self.combos[parent_key].layerChanged.connect(f.setLayer)
            self.fields[key] = f
        self.extent = QLineEdit()
        self.extent.setPlaceholderText(self.tr("extent: xmin,xmax,ymin,ymax [EPSG:4326]"))
        self.extent_btn = QPushButton(self.tr("Map extent"))
        self.extent_btn.setToolTip(self.tr("Use the extent shown in the map as the study area"))
        self.extent_btn.clicked.connect(self.use_canvas_extent)
        ext_row = QWidget()
        h = QHBoxLayout(ext_row)
        h.setContentsMargins(0, 0, 0, 0)
        h.addWidget(self.extent, 1)
        h.addWidget(self.extent_btn)
        self.snap = QDoubleSpinBox()
        self.snap.setRange(0, 10000)
        self.snap.setValue(1.0)
        self.snap.setSuffix(self.tr(" m"))
        labels = unit_labels()
        self.use = QComboBox()
        for v in NETWORK_USES:
            self.use.addItem(labels[v], v)
        self.units = QComboBox()
        for v in FRICTION_UNITS:
            self.units.addItem(labels[v], v)
        rows = [(self.tr("Study area (polygons)"), self.combos["STUDY_AREA"]), (self.tr("or extent"), ext_row),
                (self.tr("Network (lines)"), self.lists["NETWORK"]),
                (self.tr("Speed field (km/h)"), self.fields["NETWORK_SPEED_FIELD"]),
                (self.tr("or time field (min)"), self.fields["NETWORK_TIME_FIELD"]),
                (self.tr("Mode field"), self.fields["NETWORK_MODE_FIELD"]),
                (self.tr("One-way field"), self.fields["NETWORK_ONEWAY_FIELD"]),
                (self.tr("Snapping tolerance"), self.snap), (self.tr("Own network"), self.use),
                (self.tr("Friction (raster)"), self.combos["FRICTION"]), (self.tr("Friction units"), self.units),
                (self.tr("Population (raster)"), self.combos["POPULATION"]),
                (self.tr("or population polygons"), self.combos["POPULATION_POLYGONS"]),
                (self.tr("Count field"), self.fields["POPULATION_FIELD"]),
                (self.tr("Sites (points)"), self.lists["SITES"]), (self.tr("Site name field"), self.fields["SITE_NAME_FIELD"])]
        for label, widget in rows:
            form.addRow(label, widget)
        self._showing = False
        self.show_state()
        for box in self.combos.values():
            box.layerChanged.connect(self._edited)
        for box in self.lists.values():
            box.changed.connect(self._edited)
        for f in self.fields.values():
            f.fieldChanged.connect(self._edited)
        self.extent.editingFinished.connect(self._edited)
        self.snap.valueChanged.connect(self._edited)
        self.use.currentIndexChanged.connect(self._edited)
        self.units.currentIndexChanged.connect(self._edited)
        state.inputsChanged.connect(self.show_state)

    # ------------------------------------------------------------------ state <-> widgets
    def values(self) -> dict:
        out = {}
        for key, box in self.combos.items():
            if box.currentLayer() is not None:
                out[key] = box.currentLayer().id()
        for key, box in self.lists.items():
            if box.layer_ids():
                out[key] = box.layer_ids()
        for key, f in self.fields.items():
            if f.currentField() and f.layer() is not None:
                out[key] = f.currentField()
        if self.extent.text().strip():
            out["STUDY_EXTENT"] = self.extent.text().strip()
        if out.get("NETWORK"):
            out.update(NETWORK_SNAP=self.snap.value(), NETWORK_USE=self.use.currentData())
        if out.get("FRICTION"):
            out["FRICTION_UNITS"] = self.units.currentData()
        return out

    def _follow_lists(self):
        """The field lists of NETWORK and SITES show the fields of the first ticked layer."""
        for key, parent_key in FIELD_KEYS.items():
            if parent_key in self.lists:
                field = self.fields[key].currentField()
                self.fields[key].setLayer(self.lists[parent_key].first_layer())
                self.fields[key].setField(field)

    def _edited(self, *_):
        if not self._showing:
            self.state.set_inputs(self.values())

    def show_state(self):
        self._showing = True
        try:
            inputs = self.state.inputs
            project = QgsProject.instance()
            for key, box in self.combos.items():
                box.setLayer(project.mapLayer(inputs.get(key, "")) if inputs.get(key) else None)
            for key, box in self.lists.items():
                box.refresh()
                box.set_layer_ids(inputs.get(key, []))
            for key, f in self.fields.items():
                owner = self.lists.get(FIELD_KEYS[key])
                f.setLayer(owner.first_layer() if owner is not None else self.combos[FIELD_KEYS[key]].currentLayer())
                f.setField(inputs.get(key, ""))
            self.extent.setText(str(inputs.get("STUDY_EXTENT", "")))
            self.snap.setValue(float(inputs.get("NETWORK_SNAP", 1.0)))
            self.use.setCurrentIndex(max(0, self.use.findData(inputs.get("NETWORK_USE", "add"))))
            self.units.setCurrentIndex(max(0, self.units.findData(inputs.get("FRICTION_UNITS", "min_per_m"))))
            if inputs:
                self.setCollapsed(False)
        finally:
            self._showing = False

    def use_canvas_extent(self):
        if self.iface is None:
            return
        canvas = self.iface.mapCanvas()
        r: QgsRectangle = canvas.extent()
        crs = canvas.mapSettings().destinationCrs().authid()
        self.extent.setText(f"{r.xMinimum():.6f},{r.xMaximum():.6f},{r.yMinimum():.6f},{r.yMaximum():.6f} [{crs}]")
        self._edited()


def study_area_km2(params: dict, project: QgsProject | None = None) -> float:
    """Area of the study area of ``params`` (Processing values: a layer or an extent string), else all China."""
    project = project or QgsProject.instance()
    layer = params.get("STUDY_AREA")
    da = QgsDistanceArea()
    da.setEllipsoid("WGS84")
    if layer is not None and hasattr(layer, "getFeatures"):
        da.setSourceCrs(layer.crs(), project.transformContext())
        return sum(da.measureArea(f.geometry()) for f in layer.getFeatures()) / 1e6
    text = str(params.get("STUDY_EXTENT") or "")
    if text:
        coords, _, crs = text.partition("[")
        try:
            x0, x1, y0, y1 = (float(v) for v in coords.split(","))
        except ValueError:
            return CHINA_KM2
        from_crs = project.crs()
        if crs.strip(" ]"):
            from_crs = QgsCoordinateReferenceSystem(crs.strip(" ]"))
        da.setSourceCrs(from_crs, project.transformContext())
        return da.measureArea(QgsGeometry.fromRect(QgsRectangle(x0, y0, x1, y1))) / 1e6
    return CHINA_KM2
