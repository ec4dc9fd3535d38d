"""The user's own data as Processing parameters (advanced), read into core ``UserInputs``.

Every engine algorithm takes the same optional inputs: a study area (polygon layer or extent, any CRS), one or
more network line layers (speed or time field, optional mode and one-way fields, snapping tolerance, add to or
replace the bundled network), a friction raster (min/m or km/h), a population raster or polygons with a count,
and point layers of sites. Geometries go to WGS84 with QGIS' transform (any CRS); rasters are passed by file.
"""
from __future__ import annotations

import math

import numpy as np
import shapely
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCsException,
    QgsFeatureRequest,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingFeatureSource,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterExtent,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
    QgsRectangle,
    QgsVectorLayer,
    QgsWkbTypes,
)
from shapely import wkb
from shapely.geometry import box

from ..core.constants import SITE_SETS, WGS84
from ..core.engine.inputs import FRICTION_UNITS, NETWORK_USES, UserInputs, UserNetwork
from ..core.errors import HinterlandError
from ..i18n import translate
from ..messages import user_message
from .adapter import VECTOR_POLYGON

STUDY_AREA = "STUDY_AREA"
STUDY_EXTENT = "STUDY_EXTENT"
NETWORK = "NETWORK"
NETWORK_SPEED_FIELD = "NETWORK_SPEED_FIELD"
NETWORK_TIME_FIELD = "NETWORK_TIME_FIELD"
NETWORK_MODE_FIELD = "NETWORK_MODE_FIELD"
NETWORK_ONEWAY_FIELD = "NETWORK_ONEWAY_FIELD"
NETWORK_SNAP = "NETWORK_SNAP"
NETWORK_USE = "NETWORK_USE"
FRICTION = "FRICTION"
FRICTION_UNITS_PARAM = "FRICTION_UNITS"
POPULATION = "POPULATION"
POPULATION_POLYGONS = "POPULATION_POLYGONS"
POPULATION_FIELD = "POPULATION_FIELD"
SITES = "SITES"
SITE_NAME_FIELD = "SITE_NAME_FIELD"
INPUT_PARAMETERS = (STUDY_AREA, STUDY_EXTENT, NETWORK, NETWORK_SPEED_FIELD, NETWORK_TIME_FIELD, NETWORK_MODE_FIELD,
                    NETWORK_ONEWAY_FIELD, NETWORK_SNAP, NETWORK_USE, FRICTION, FRICTION_UNITS_PARAM, POPULATION,
                    POPULATION_POLYGONS, POPULATION_FIELD, SITES, SITE_NAME_FIELD)
_WGS84 = QgsCoordinateReferenceSystem(WGS84)
#: our own checks instead of Processing's invalid-geometry filter (whose exception, raised inside the feature
#: iterator, has crashed QGIS under pytest)
_NO_CHECK = QgsProcessingFeatureSource.Flag.FlagSkipGeometryValidityChecks
_TRUE = {"1", "true", "yes", "y", "t", "oneway", "ft"}
_REVERSE = {"-1", "reverse", "tf"}


def input_parameters(population: bool = True, sites: bool | None = None) -> list:
    """The parameter definitions (all optional and advanced); ``sites`` defaults to ``population``."""
    defs = [
        QgsProcessingParameterFeatureSource(STUDY_AREA, translate("inputs", "Study area (polygons, any CRS)"), [VECTOR_POLYGON],
                                            optional=True),
        QgsProcessingParameterExtent(STUDY_EXTENT, translate("inputs", "Study area as an extent"), optional=True),
        QgsProcessingParameterMultipleLayers(NETWORK, translate("inputs", "Own network (line layers, any CRS)"),
                                             QgsProcessing.SourceType.TypeVectorLine, optional=True),
        QgsProcessingParameterString(NETWORK_SPEED_FIELD, translate("inputs", "Network speed field (km/h)"), optional=True),
        QgsProcessingParameterString(NETWORK_TIME_FIELD, translate("inputs", "Network time field (minutes per feature)"),
                                     optional=True),
        QgsProcessingParameterString(NETWORK_MODE_FIELD, translate("inputs", "Network mode field (road, rail, hsr, water)"),
                                     optional=True),
        QgsProcessingParameterString(NETWORK_ONEWAY_FIELD, translate("inputs", "Network one-way field (1/true = digitised direction)"),
                                     optional=True),
        QgsProcessingParameterNumber(NETWORK_SNAP, translate("inputs", "Network snapping tolerance (m)"),
                                     QgsProcessingParameterNumber.Type.Double, defaultValue=1.0, minValue=0.0,
                                     maxValue=10000.0),
        QgsProcessingParameterEnum(NETWORK_USE, translate("inputs", "Own network: add to the bundled network or replace it"),
                                   options=list(NETWORK_USES), defaultValue="add", usesStaticStrings=True),
        QgsProcessingParameterRasterLayer(FRICTION, translate("inputs", "Own friction surface (raster)"), optional=True),
        QgsProcessingParameterEnum(FRICTION_UNITS_PARAM, translate("inputs", "Friction units"), options=list(FRICTION_UNITS),
                                   defaultValue="min_per_m", usesStaticStrings=True),
    ]
    if population:
        defs += [
            QgsProcessingParameterRasterLayer(POPULATION, translate("inputs", "Own population (raster of people per cell)"),
                                              optional=True),
            QgsProcessingParameterFeatureSource(POPULATION_POLYGONS, translate("inputs", "Own population (polygons with a count)"),
                                                [VECTOR_POLYGON], optional=True),
            QgsProcessingParameterField(POPULATION_FIELD, translate("inputs", "Population count field"),
                                        parentLayerParameterName=POPULATION_POLYGONS,
                                        type=QgsProcessingParameterField.DataType.Numeric, optional=True),
        ]
    if population if sites is None else sites:
        defs += [
            QgsProcessingParameterMultipleLayers(SITES, translate("inputs", "Own sites to count (point layers)"),
                                                 QgsProcessing.SourceType.TypeVectorPoint, optional=True),
            QgsProcessingParameterString(SITE_NAME_FIELD, translate("inputs", "Site name field"), optional=True),
        ]
    for d in defs:
        d.setFlags(d.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced)
    return defs


def _to_wgs84(crs, context):
    if not crs.isValid():
        raise QgsProcessingException(translate("inputs", "A layer of the own inputs has no valid coordinate reference system."))
    return QgsCoordinateTransform(crs, _WGS84, context.transformContext())


def _shapely(geom, xf):
    g = type(geom)(geom)
    try:
        g.transform(xf)
    except QgsCsException as exc:
        raise QgsProcessingException(translate("inputs", "A geometry of the own inputs cannot be transformed to WGS84.")) from exc
    return wkb.loads(bytes(g.asWkb()))


def _study_area(alg, parameters, context):
    source = alg.parameterAsSource(parameters, STUDY_AREA, context)
    if source is not None:
        xf = _to_wgs84(source.sourceCrs(), context)
        # no QGIS validity check: an invalid polygon is repaired (make_valid) and one of no area refused below
        parts = [_shapely(f.geometry(), xf) for f in source.getFeatures(QgsFeatureRequest(), _NO_CHECK) if not f.geometry().isEmpty()]
        if not parts:
            raise QgsProcessingException(translate("inputs", "The study area layer has no polygon."))
        area = shapely.union_all(parts)
        return area if area.is_valid else shapely.make_valid(area)
    if parameters.get(STUDY_EXTENT):
        rect = alg.parameterAsExtent(parameters, STUDY_EXTENT, context, _WGS84)
        if rect.isNull() or rect.isEmpty() or rect == QgsRectangle():
            raise QgsProcessingException(translate("inputs", "The study area extent is empty."))
        return box(rect.xMinimum(), rect.yMinimum(), rect.xMaximum(), rect.yMaximum())
    return None


def _number(value):
    if value is None or (hasattr(value, "isNull") and value.isNull()) or value == "":
        return None
    return float(value)


def _network(alg, parameters, context, feedback) -> UserNetwork:
    layers = alg.parameterAsLayerList(parameters, NETWORK, context)
    if not layers:
        return UserNetwork.empty()
    names = tuple(alg.parameterAsString(parameters, key, context) or "" for key in
                  (NETWORK_SPEED_FIELD, NETWORK_TIME_FIELD, NETWORK_MODE_FIELD, NETWORK_ONEWAY_FIELD))
    if not (names[0] or names[1]):
        raise QgsProcessingException(translate("inputs", "Give the network's speed field (km/h) or time field (minutes)."))
    nets = []
    for layer in layers:
        if not isinstance(layer, QgsVectorLayer) or QgsWkbTypes.geometryType(layer.wkbType()) != \
                QgsWkbTypes.GeometryType.LineGeometry:
            raise QgsProcessingException(translate("inputs", "The network layer '{0}' is not a line layer.").format(layer.name()))
        nets.append(_network_layer(layer, names, context, feedback))
    return UserNetwork.concat(nets)


def _network_layer(layer, names, context, feedback) -> UserNetwork:
    """One line layer as arrays: only the fields that are used are read, QGIS transforms to WGS84 while reading
    (its edit buffer and filter apply: what the user sees is what is used); 10⁶ segments take about a second."""
    fields = layer.fields()
    for f in names:
        if f and fields.lookupField(f) < 0:
            raise QgsProcessingException(user_message(HinterlandError("network_field", layer=layer.name(), field=f)))
    _to_wgs84(layer.crs(), context)
    idx = [fields.lookupField(f) if f else -1 for f in names]
    failed = []
    req = QgsFeatureRequest().setSubsetOfAttributes([i for i in idx if i >= 0])
    req.setDestinationCrs(_WGS84, context.transformContext())
    req.setTransformErrorCallback(lambda feat: failed.append(feat.id()))
    convert = QgsWkbTypes.isCurvedType(layer.wkbType())
    wkbs, rows, fids = [], [], []
    for n, feat in enumerate(layer.getFeatures(req)):
        if n % 10000 == 0 and feedback is not None and feedback.isCanceled():
            raise QgsProcessingException(translate("inputs", "Cancelled."))
        geom = feat.geometry()
        if geom.isEmpty():
            continue
        if convert:
            geom = QgsGeometry(geom.constGet().segmentize())
        wkbs.append(bytes(geom.asWkb()))
        rows.append(feat.attributes())
        fids.append(feat.id())
    if failed:
        raise QgsProcessingException(user_message(HinterlandError(
            "network_geographic", layer=layer.name(), detail=f"{len(failed)} features, the first {failed[0]}")))
    values = [_positive(layer, rows, fids, i, what) for i, what in zip(idx[:2], ("speed", "time"))]
    mode = np.array(["road" if idx[2] < 0 or r[idx[2]] in (None, "") else str(r[idx[2]]).strip().lower()
                     for r in rows], str).reshape(-1)
    way = [_oneway(r[idx[3]]) if idx[3] >= 0 else 0 for r in rows]
    geoms = shapely.from_wkb(wkbs)
    back = np.array([w < 0 for w in way], bool).reshape(-1)
    if back.any():  # one-way against the digitised direction (OSM oneway=-1): the line turned round
        geoms[back] = shapely.reverse(geoms[back])
    return UserNetwork.from_geometries(geoms, values[0], values[1], mode, np.array(way, bool).reshape(-1),
                                       [f"{layer.name()}:{fid}" for fid in fids])


def _positive(layer, rows, fids, i, what) -> np.ndarray:
    """Field ``i`` of every row as a number > 0 (NaN when the field is not used); else a clear message."""
    out = np.full(len(rows), np.nan)
    if i < 0:
        return out
    for j, r in enumerate(rows):
        try:
            v = _number(r[i])
        except (TypeError, ValueError):
            v = None
        if v is None or not (v > 0 and math.isfinite(v)):
            raise QgsProcessingException(user_message(HinterlandError(
                "network_value", layer=layer.name(), feature=str(fids[j]), what=what, value=str(r[i]))))
        out[j] = v
    return out


def _oneway(value) -> int:
    """1: one way in the digitised direction (1, true, yes, ...), -1: against it (-1, reverse), 0: both ways."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip().lower() if value is not None else ""
    return 1 if text in _TRUE else -1 if text in _REVERSE else 0


def _population_polygons(alg, parameters, context):
    source = alg.parameterAsSource(parameters, POPULATION_POLYGONS, context)
    if source is None:
        return ()
    field = alg.parameterAsString(parameters, POPULATION_FIELD, context)
    if not field:
        raise QgsProcessingException(translate("inputs", "Give the population count field of the population polygons."))
    xf = _to_wgs84(source.sourceCrs(), context)
    out = []
    for f in source.getFeatures(QgsFeatureRequest(), _NO_CHECK):
        if f.geometry().isEmpty():
            continue
        try:
            count = _number(f[field])
        except (TypeError, ValueError):
            count = float("nan")
        out.append((_shapely(f.geometry(), xf), count if count is not None else float("nan")))
    return tuple(out)


def _sites(alg, parameters, context) -> dict:
    layers = alg.parameterAsLayerList(parameters, SITES, context)
    name_f = alg.parameterAsString(parameters, SITE_NAME_FIELD, context) or ""
    out = {}
    for layer in layers:
        xf = _to_wgs84(layer.crs(), context)
        idx = layer.fields().lookupField(name_f) if name_f else -1
        rows = []
        for f in layer.getFeatures():
            if f.geometry().isEmpty():
                continue
            shp = _shapely(f.geometry(), xf)
            name = str(f[idx]) if idx >= 0 and f[idx] not in (None, "") else str(f.id())
            rows += [(name, float(p.x), float(p.y)) for p in getattr(shp, "geoms", [shp])]
        out[_unique(layer.name(), out)] = rows
    return out


def _unique(name: str, taken) -> str:
    """The layer's name as the site set's name (its table columns: ``<name>_n``), made unique among the other
    layers and the bundled sets: two layers both called 'points' are two sets, 'points' and 'points (2)'."""
    out, k = name, 1
    while out in taken or out in SITE_SETS:
        k += 1
        out = f"{name} ({k})"
    return out


def _raster_path(alg, parameters, key, context) -> str | None:
    layer = alg.parameterAsRasterLayer(parameters, key, context)
    if layer is None:
        return None
    path = layer.source().split("|", 1)[0]
    return path or None


def read_inputs(alg, parameters, context, feedback=None) -> UserInputs | None:
    """UserInputs from the parameters (None when the algorithm has none of them or none is given)."""
    if alg.parameterDefinition(STUDY_AREA) is None:
        return None
    has_pop = alg.parameterDefinition(POPULATION) is not None
    try:
        inputs = UserInputs(
            study_area=_study_area(alg, parameters, context),
            network=_network(alg, parameters, context, feedback),
            network_use=alg.parameterAsEnumString(parameters, NETWORK_USE, context) or "add",
            snap_m=alg.parameterAsDouble(parameters, NETWORK_SNAP, context),
            friction=_raster_path(alg, parameters, FRICTION, context),
            friction_units=alg.parameterAsEnumString(parameters, FRICTION_UNITS_PARAM, context) or "min_per_m",
            population=_raster_path(alg, parameters, POPULATION, context) if has_pop else None,
            population_polygons=_population_polygons(alg, parameters, context) if has_pop else (),
            sites=_sites(alg, parameters, context) if alg.parameterDefinition(SITES) is not None else {},
        )
    except HinterlandError as exc:
        raise QgsProcessingException(user_message(exc)) from exc
    return None if inputs.empty else inputs


def pass_through(parameters: dict) -> dict:
    """The own-input parameters given to an algorithm, to hand on to a child algorithm."""
    return {k: parameters[k] for k in INPUT_PARAMETERS if parameters.get(k) not in (None, "")}
