"""What every Hinterland algorithm needs between QGIS and the core: source types, engine calls with
translated errors, cancel flags, centres read from point sources, fields, styled outputs."""
from __future__ import annotations

import math
import os

import numpy as np
import shapely
from qgis.core import (
    Qgis,
    QgsFeature,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsMapLayer,
    QgsProcessingException,
    QgsProcessingLayerPostProcessorInterface,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QMetaType, Qt

from ..core.engine.model import MAX_DELAY_MIN, Centre
from ..core.engine.outputs import write_geotiff
from ..core.errors import Cancelled, HinterlandError
from ..core.resources import resources_dir
from ..crs import to_albers
from ..i18n import translate
from ..messages import user_message

VECTOR_ANY = Qgis.ProcessingSourceType.VectorAnyGeometry
VECTOR_POINT = Qgis.ProcessingSourceType.VectorPoint
VECTOR_LINE = Qgis.ProcessingSourceType.VectorLine
VECTOR_POLYGON = Qgis.ProcessingSourceType.VectorPolygon
NO_GEOMETRY = Qgis.ProcessingSourceType.Vector


def engine_call(fn, *args, **kwargs):
    """Run a core function, turning its user-facing errors into translated QgsProcessingException."""
    try:
        return fn(*args, **kwargs)
    except HinterlandError as exc:
        raise QgsProcessingException(user_message(exc)) from exc
    except Cancelled as exc:
        raise QgsProcessingException(translate("adapter", "Cancelled.")) from exc


def cancel_flag(feedback):
    """A 1-element array the compiled solver polls; set when the user cancels."""
    flag = np.zeros(1, np.int64)
    if feedback is not None:
        if feedback.isCanceled():
            flag[0] = 1
        # direct: the algorithm runs in a task thread without an event loop, a queued call would never arrive
        feedback.canceled.connect(lambda: flag.__setitem__(0, 1), Qt.ConnectionType.DirectConnection)
    return flag


def _number(value, what: str, name: str) -> float | None:
    if value in (None, "") or (hasattr(value, "isNull") and value.isNull()):
        return None
    try:
        v = float(value)
    except (TypeError, ValueError) as exc:
        raise QgsProcessingException(translate("adapter", "Centre '{0}': the {1} '{2}' is not a number.").format(name, what, value)) from exc
    return v


def centres_from_source(source, name_field: str | None, delay_field: str | None, context, what: str = "CENTRES",
                        capacity_field: str | None = None) -> list[Centre]:
    """Point features -> core Centre objects in the China Albers CRS.

    Refuses empty layers, non-point layers, layers without a valid CRS and non-numeric delays or capacities.
    A multi-point gives one centre per part, each with the feature's name (/1, /2 …), delay and capacity."""
    if source is None:
        raise QgsProcessingException(translate("adapter", "The layer for {0} could not be read.").format(what))
    if QgsWkbTypes.geometryType(source.wkbType()) != QgsWkbTypes.GeometryType.PointGeometry:
        raise QgsProcessingException(translate("adapter", "{0} must be a point layer.").format(what))
    if not source.sourceCrs().isValid():
        raise QgsProcessingException(translate("adapter", "The layer for {0} has no valid coordinate reference system.").format(what))
    try:
        fn = to_albers(source.sourceCrs(), context.transformContext())
    except ValueError as exc:
        raise QgsProcessingException(str(exc)) from exc
    fields = source.fields()
    idx = {}
    for key, fld in (("name", name_field), ("delay", delay_field), ("capacity", capacity_field)):
        idx[key] = fields.lookupField(fld) if fld else -1
        if fld and idx[key] < 0:
            raise QgsProcessingException(translate("adapter", "Field '{0}' does not exist.").format(fld))
    centres = []
    for feat in source.getFeatures():
        geom = feat.geometry()
        if geom is None or geom.isEmpty():
            continue
        raw = feat[idx["name"]] if idx["name"] >= 0 else None
        name = str(raw) if raw not in (None, "") else str(feat.id())
        delay = _number(feat[idx["delay"]], translate("adapter", "delay"), name) if idx["delay"] >= 0 else None
        delay = 0.0 if delay is None else delay
        if not math.isfinite(delay) or delay < 0 or delay > MAX_DELAY_MIN:
            raise QgsProcessingException(
                translate("adapter", "Centre '{0}': the delay must be a number of minutes >= 0 and at most a week.").format(name))
        capacity = _number(feat[idx["capacity"]], translate("adapter", "capacity"), name) if idx["capacity"] >= 0 else None
        capacity = 1.0 if capacity is None else capacity
        if not math.isfinite(capacity) or capacity < 0:
            raise QgsProcessingException(translate("adapter", "Centre '{0}': the capacity must be a number >= 0.").format(name))
        parts = geom.asMultiPoint() if geom.isMultipart() else [geom.asPoint()]
        for k, pt in enumerate(parts):
            x, y = fn(pt.x(), pt.y())
            centres.append(Centre(name if len(parts) == 1 else f"{name}/{k + 1}", x, y, delay, capacity=capacity))
    if not centres:
        raise QgsProcessingException(translate("adapter", "{0} has no points.").format(what))
    return centres


_FIELD_TYPES = {"string": QMetaType.Type.QString, "double": QMetaType.Type.Double, "int": QMetaType.Type.Int}


def make_field(name: str, kind: str, alias: str = "") -> QgsField:
    """QgsField of kind 'string' | 'double' | 'int' (QMetaType, QGIS >= 3.38 and QGIS 4)."""
    f = QgsField(name, _FIELD_TYPES[kind])
    if alias:
        f.setAlias(alias)
    return f


class _Styler(QgsProcessingLayerPostProcessorInterface):
    def __init__(self, style):
        super().__init__()
        self._style = style

    def postProcessLayer(self, layer, context, feedback):
        if layer is not None and layer.isValid():
            self._style(layer)


_POST_PROCESSORS: list = []  # QGIS does not own Python post-processors: keep them alive


def style_on_load(context, dest: str, style) -> None:
    """Apply ``style(layer)`` when Processing loads the output ``dest`` into the project."""
    if not dest or not context.willLoadLayerOnCompletion(dest):
        return
    post = _Styler(style)
    _POST_PROCESSORS.append(post)
    del _POST_PROCESSORS[:-64]
    context.layerToLoadOnCompletionDetails(dest).setPostProcessor(post)


def _real(path: str) -> str:
    return os.path.normcase(os.path.realpath(path))


def protected_paths(parameters: dict, context) -> list[str]:
    """Files an output must never replace: every input layer's file and the plugin's bundled data."""
    out = [_real(str(resources_dir()))]
    for key, value in parameters.items():
        if str(key).startswith("OUTPUT"):
            continue  # a destination (every output parameter id starts with OUTPUT): rerunning may replace it
        if isinstance(value, str) and value and not value.startswith(("memory:", "TEMPORARY_OUTPUT")):
            path = value.split("|", 1)[0]
            if os.path.isfile(path):
                out.append(_real(path))
        elif isinstance(value, QgsMapLayer):
            path = value.source().split("|", 1)[0]
            if os.path.isfile(path):
                out.append(_real(path))
    return out


def check_output(path: str, parameters: dict, context) -> str:
    """Refuse an output file that is an input of the run or lies inside the plugin's bundled data."""
    if not path or path.startswith("memory:") or "TEMPORARY_OUTPUT" in path:
        return path
    target = _real(path.split("|", 1)[0])
    data_dir = _real(str(resources_dir()))
    for protected in protected_paths(parameters, context):
        if target == protected or (protected == data_dir and target.startswith(data_dir + os.sep)):
            raise QgsProcessingException(translate("adapter",
                "The output {0} would overwrite an input or the plugin's bundled data: choose another file.").format(
                path))
    return path


def write_raster(path: str, array, grid, **kwargs) -> str:
    """``write_geotiff`` with a translated message when the file cannot be written (read-only folder, …)."""
    try:
        return str(write_geotiff(path, array, grid, **kwargs))
    except (OSError, RuntimeError) as exc:
        raise QgsProcessingException(translate("adapter", "The raster {0} could not be written: {1}").format(
            path, str(exc) or type(exc).__name__)) from exc


def add_features(sink, features, dest_name: str) -> None:
    """Add features to a sink, refusing silently lost features (e.g. a file in a read-only folder)."""
    if sink is None:
        raise QgsProcessingException(translate("adapter", "The output {0} could not be created.").format(dest_name))
    for f in features:
        if not sink.addFeature(f, QgsFeatureSink.Flag.FastInsert):
            err = sink.lastError() if hasattr(sink, "lastError") else ""
            raise QgsProcessingException(translate("adapter", "The output {0} could not be written: {1}").format(
                dest_name, err or translate("adapter", "unknown error")))


def qgs_geometry(shp) -> QgsGeometry:
    """A shapely geometry as a QgsGeometry (through WKB); None gives an empty geometry."""
    g = QgsGeometry()
    if shp is not None:
        g.fromWkb(shapely.to_wkb(shp))
    return g


def isochrone_features(polys: list[dict], fields, mode: str) -> list[QgsFeature]:
    """Features of isochrone dicts (centre, threshold_min, area_km2, geometry), largest threshold first."""
    out = []
    for p in sorted(polys, key=lambda p: (-p["threshold_min"], p["centre_index"])):
        f = QgsFeature(fields)
        f.setGeometry(qgs_geometry(p["geometry"]))
        f.setAttributes([p["centre"], p["threshold_min"], p["area_km2"], mode])
        out.append(f)
    return out


def isochrone_fields() -> QgsFields:
    fields = QgsFields()
    for name, kind in (("centre", "string"), ("threshold_min", "double"), ("area_km2", "double"),
                       ("mode", "string")):
        fields.append(make_field(name, kind))
    return fields


def table_fields(columns) -> QgsFields:
    fields = QgsFields()
    for name, kind in columns:
        fields.append(make_field(name, kind))
    return fields


def table_features(fields: QgsFields, rows: list[dict]) -> list[QgsFeature]:
    names = fields.names()
    out = []
    for row in rows:
        f = QgsFeature(fields)
        f.setAttributes([row.get(n) for n in names])
        out.append(f)
    return out
