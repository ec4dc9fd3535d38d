"""hinterland:gatewayhinterland — the hinterland of every gateway (ports, border crossings, dry ports)."""
from __future__ import annotations

import math
from functools import partial

import numpy as np
from pyproj import Transformer
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsGeometry,
    QgsPointXY,
    QgsProcessingException,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterString,
    QgsWkbTypes,
)

from ...core.catalog import ALBERS_CHINA_WKT, name_field
from ...core.constants import WGS84
from ...core.engine.admin import group_raster
from ...core.engine.gateways import (
    ALL_TYPES,
    DEFAULT_TYPES,
    FREIGHT,
    Gateway,
    default_gateways,
    freight_profile,
    gateway_hinterlands,
    segment_categories,
    unique_names,
)
from ...core.engine.grid import check_memory
from ...core.engine.model import MAX_DELAY_MIN, Centre
from ...core.errors import HinterlandError
from ...crs import albers_crs
from ...i18n import QT_TRANSLATE_NOOP, language
from ...messages import user_message
from ...styling import (
    style_delta,
    style_gateway_allocation,
    style_gateway_points,
    style_gateway_prefectures,
    style_time,
)
from ..adapter import (
    NO_GEOMETRY,
    VECTOR_POINT,
    VECTOR_POLYGON,
    add_features,
    cancel_flag,
    centres_from_source,
    check_output,
    engine_call,
    qgs_geometry,
    style_on_load,
    table_features,
    table_fields,
    write_raster,
)
from ..inputs import read_inputs
from .base import EngineAlgorithm, profile_names

GATEWAY_COLUMNS = [
    ("gateway", "string"), ("type", "string"), ("hub_id", "string"), ("penalty_min", "double"),
    ("area_km2", "double"), ("area_share", "double"), ("population", "double"), ("population_share", "double"),
    ("mean_time_min", "double"), ("backup_population", "double"), ("prefectures_n", "int"),
    ("prefectures", "string"), ("closed", "int"), ("area_after_km2", "double"), ("population_after", "double")]
PREFECTURE_COLUMNS = [
    ("adcode", "string"), ("name", "string"), ("province_adcode", "string"), ("gateway", "string"),
    ("gateway_type", "string"), ("time_min", "double"), ("backup_gateway", "string"), ("backup_time_min", "double"),
    ("population", "double"), ("area_km2", "double"), ("gateway_after", "string"), ("time_after_min", "double"),
    ("added_min", "double")]
CLOSURE_COLUMNS = [("closed", "string"), ("to_gateway", "string"), ("area_km2", "double"), ("population", "double"),
                   ("mean_added_min", "double"), ("prefectures_n", "int"), ("prefectures", "string")]



class GatewayHinterlandAlgorithm(EngineAlgorithm):
    ALG_ID = "gatewayhinterland"
    DISPLAY_NAME = QT_TRANSLATE_NOOP("GatewayHinterlandAlgorithm", "Gateway hinterlands")
    GROUP_ID = "gateways"
    GROUP_NAME = QT_TRANSLATE_NOOP("GatewayHinterlandAlgorithm", "Gateways and monitoring")
    HELP = (QT_TRANSLATE_NOOP("GatewayHinterlandAlgorithm", "Assigns every cell and every prefecture to its fastest gateway under the freight profile (trucks, rail "
            "freight, Yangtze barges; profiles.toml [profiles.freight]) plus the gateway's own time (customs, "
            "transshipment, gauge change: gateway_penalty_min by type). Gateways: the bundled seaports, Yangtze "
            "ports, border crossings and dry ports / China–Europe assembly hubs (TYPES; hub cities on request), or "
            "GATEWAYS (points, with NAME_FIELD, TYPE_FIELD, PENALTY_FIELD in minutes). Outputs: the gateway of each "
            "cell (one colour per gateway), the time to it, the second-best gateway and its time; per gateway the "
            "area, people (2020 census) and prefectures it serves; per prefecture its fastest and second-best "
            "gateway (people-weighted mean time of its cells). CLOSE (gateway names or hub ids, separated by ';'): "
            "the hinterland the closed gateways lose, where that traffic goes next (people and area shifted to each "
            "gateway, minutes added) and each prefecture's gateway after the closure."))

    GATEWAYS = "GATEWAYS"
    TYPE_FIELD = "TYPE_FIELD"
    PENALTY_FIELD = "PENALTY_FIELD"
    TYPES = "TYPES"
    CLOSE = "CLOSE"
    OUTPUT = "OUTPUT"
    OUTPUT_ALLOCATION = "OUTPUT_ALLOCATION"
    OUTPUT_TIME = "OUTPUT_TIME"
    OUTPUT_BACKUP = "OUTPUT_BACKUP"
    OUTPUT_BACKUP_ALLOCATION = "OUTPUT_BACKUP_ALLOCATION"
    OUTPUT_PREFECTURES = "OUTPUT_PREFECTURES"
    OUTPUT_CLOSURE = "OUTPUT_CLOSURE"
    OUTPUT_CLOSURE_ALLOCATION = "OUTPUT_CLOSURE_ALLOCATION"
    OUTPUT_CLOSURE_DELTA = "OUTPUT_CLOSURE_DELTA"

    def initAlgorithm(self, config=None):
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.GATEWAYS, self.tr("Gateways (points; empty: the bundled ports, border crossings and dry ports)"),
            [VECTOR_POINT], optional=True))
        self.addParameter(QgsProcessingParameterField(
            "NAME_FIELD", self.tr("Gateway name field"), parentLayerParameterName=self.GATEWAYS, optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.TYPE_FIELD, self.tr("Gateway type field (seaport, river_port, border_crossing, dry_port, hub_city)"),
            parentLayerParameterName=self.GATEWAYS, optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.PENALTY_FIELD, self.tr("Gateway time field (minutes at the gateway, instead of the type's)"),
            parentLayerParameterName=self.GATEWAYS, type=QgsProcessingParameterField.DataType.Numeric,
            optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            self.TYPES, self.tr("Bundled gateway types"), options=list(ALL_TYPES), allowMultiple=True,
            defaultValue=list(DEFAULT_TYPES), usesStaticStrings=True))
        names = sorted(profile_names(), key=lambda n: (n != FREIGHT, n))
        self.addParameter(QgsProcessingParameterEnum(
            self.PROFILE, self.tr("Travel profile"), options=names, defaultValue=FREIGHT, usesStaticStrings=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.RESOLUTION, self.tr("Resolution (m)"), QgsProcessingParameterNumber.Type.Double, defaultValue=10000.0,
            minValue=100.0, maxValue=100000.0))
        self.addParameter(QgsProcessingParameterString(
            self.CLOSE, self.tr("Close these gateways (names or hub ids, separated by ';')"), optional=True))
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.OUTPUT_ALLOCATION, self.tr("Gateway hinterlands (fastest gateway)")))
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Gateways: area, people and "
                                                                                 "prefectures served"), VECTOR_POINT))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT_PREFECTURES, self.tr("Prefectures: fastest and second-best gateway"), VECTOR_POLYGON,
            optional=True))
        for key, label in ((self.OUTPUT_TIME, self.tr("Time to the fastest gateway (minutes)")),
                           (self.OUTPUT_BACKUP, self.tr("Time to the second-best gateway (minutes)")),
                           (self.OUTPUT_BACKUP_ALLOCATION, self.tr("Second-best gateway")),
                           (self.OUTPUT_CLOSURE_ALLOCATION, self.tr("Where the closed gateways' traffic goes")),
                           (self.OUTPUT_CLOSURE_DELTA, self.tr("Minutes added by the closure"))):
            self.addParameter(QgsProcessingParameterRasterDestination(key, label, optional=True, createByDefault=False))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT_CLOSURE, self.tr("Closure: traffic shifted to each gateway"), NO_GEOMETRY, optional=True,
            createByDefault=False))
        self.add_inputs(sites=False)  # own study area, network, friction, population (issue 14)

    # ------------------------------------------------------------------ inputs
    def _profile(self, parameters, context, engine):
        name = self.parameterAsEnumString(parameters, self.PROFILE, context) or FREIGHT
        cats = segment_categories(engine_call(engine.read, "corridor_segments"))
        try:
            prof, penalties = freight_profile(engine.profiles, cats)
        except HinterlandError as exc:
            if name == FREIGHT:
                raise QgsProcessingException(str(exc)) from exc
            prof, penalties = None, {}
        return (prof if name == FREIGHT else name), penalties, name

    def _user_gateways(self, parameters, context, penalties, feedback) -> list[Gateway]:
        source = self.parameterAsSource(parameters, self.GATEWAYS, context)
        nf = self.parameterAsString(parameters, "NAME_FIELD", context) or None
        tf = self.parameterAsString(parameters, self.TYPE_FIELD, context) or None
        pf = self.parameterAsString(parameters, self.PENALTY_FIELD, context) or None
        points = centres_from_source(source, nf, pf, context, self.GATEWAYS)  # delay field = the gateway's minutes
        kinds = [""] * len(points)
        if tf:
            idx = source.fields().lookupField(tf)
            values = []
            for feat in source.getFeatures():
                geom = feat.geometry()
                if geom is None or geom.isEmpty():
                    continue
                parts = len(geom.asMultiPoint()) if geom.isMultipart() else 1
                values += [str(feat[idx] or "").strip()] * parts
            kinds = values
            unknown = sorted({k for k in kinds if k and k not in penalties})
            if unknown:
                feedback.pushWarning(self.tr("Gateway types without a time in the freight profile (0 min): {0}").format(
                    ", ".join(unknown)))
        out = []
        for c, kind in zip(points, kinds):
            penalty = c.delay_min if pf else float(penalties.get(kind, 0.0))
            out.append(Gateway(c.name, kind, c.x, c.y, penalty))
        return out

    def _gateways(self, parameters, context, engine, prepared, penalties, feedback) -> list[Gateway]:
        if parameters.get(self.GATEWAYS):
            gws = self._user_gateways(parameters, context, penalties, feedback)
            engine_call(engine.source_cells, prepared, [Centre(g.name, g.x, g.y) for g in gws])
        else:
            types = self.parameterAsEnumStrings(parameters, self.TYPES, context) or list(DEFAULT_TYPES)
            tr = Transformer.from_crs(WGS84, ALBERS_CHINA_WKT, always_xy=True)  # as every Centre (source_cells)
            gws = default_gateways(engine_call(engine.read, "hubs"), tr.transform, penalties, types, language())
            kept = []
            for g in gws:  # a bundled gateway off this grid (a small extent) is left out, with a warning
                try:
                    engine.source_cells(prepared, [Centre(g.name, g.x, g.y)])
                    kept.append(g)
                except HinterlandError:
                    feedback.pushWarning(self.tr("Gateway '{0}' is not on land of this grid: left out.").format(g.name))
            gws = kept
        if not gws:
            raise QgsProcessingException(self.tr("No gateways were given."))
        for g in gws:
            if not math.isfinite(g.penalty_min) or g.penalty_min < 0 or g.penalty_min > MAX_DELAY_MIN:
                raise QgsProcessingException(self.tr(
                    "Gateway '{0}': the time at the gateway must be a number of minutes >= 0 and at most a week.").format(
                    g.name))
        for g, n in zip(gws, unique_names([g.name for g in gws])):
            g.name = n
        return gws

    def _closed(self, parameters, context, gws) -> list[str]:
        text = self.parameterAsString(parameters, self.CLOSE, context) or ""
        by_id = {g.gateway_id: g.name for g in gws if g.gateway_id}
        names = {g.name for g in gws}
        out = []
        for token in (t.strip() for t in text.split(";")):
            if not token:
                continue
            parts = [token] if token in names or token in by_id else [p.strip() for p in token.split(",") if p.strip()]
            out += [by_id.get(p, p) for p in parts]
        return out

    # ------------------------------------------------------------------ run
    def processAlgorithm(self, parameters, context, feedback):
        engine = self.engine()
        prof, penalties, pname = self._profile(parameters, context, engine)
        res = self.parameterAsDouble(parameters, self.RESOLUTION, context)
        feedback.setProgressText(self.tr("Preparing the {0} grid at {1:g} m (cached after the first run)…").format(
            pname, res))
        prepared = engine_call(engine.prepare, prof, res, inputs=read_inputs(self, parameters, context, feedback))
        for note in prepared.notes:
            feedback.pushWarning(user_message(note))
        gws = self._gateways(parameters, context, engine, prepared, penalties, feedback)
        close = self._closed(parameters, context, gws)
        engine_call(check_memory, prepared.grid.size, res, bytes_per_cell=4 * len(gws) + 24)
        feedback.pushInfo(self.tr("{0} gateways; {1} x {2} cells.").format(len(gws), prepared.grid.nrows,
                                                                          prepared.grid.ncols))
        feedback.setProgressText(self.tr("Solving freight times from each gateway…"))
        centres = [Centre(g.name, g.x, g.y, g.penalty_min) for g in gws]
        surfaces = engine_call(engine.solve_each, prepared, centres, cancel=cancel_flag(feedback),
                               progress=lambda done, total: feedback.setProgress(5 + 70 * done / total))
        feedback.setProgressText(self.tr("Placing the 2020 census population on the grid (cached)…"))
        pop = engine_call(engine.population, prepared)
        unit, codes = group_raster(pop.unit, pop.units, "prefecture_adcode")
        lang = language()
        prefs = {str(a["adcode"]): (a, g) for a, g in engine_call(engine.read, "prefectures")}
        labels = {c: str(a.get(name_field(lang)) or a.get("name_zh") or c) for c, (a, _g) in prefs.items()}
        provinces = {c: str(a.get("province_adcode") or "") for c, (a, _g) in prefs.items()}
        names = [g.name for g in gws]
        ans = engine_call(gateway_hinterlands, surfaces, names, [g.kind for g in gws], prepared.land,
                          prepared.grid.res ** 2 / 1e6, pop.total, unit, codes, labels, provinces, close)
        feedback.setProgress(85)
        result = self._rasters(parameters, context, prepared, ans, names)
        result[self.OUTPUT] = self._gateway_layer(parameters, context, gws, ans)
        if parameters.get(self.OUTPUT_PREFECTURES):
            result[self.OUTPUT_PREFECTURES] = self._prefecture_layer(parameters, context, ans, prefs, names)
        if ans.closure is not None:
            result.update(self._closure(parameters, context, prepared, ans, names, feedback))
        for r in sorted(ans.gateway_rows, key=lambda r: -r["population"])[:10]:
            feedback.pushInfo(self.tr("{0}: {1:,.0f} people, {2:,.0f} km², {3} prefectures").format(
                r["gateway"], r["population"], r["area_km2"], r["prefectures_n"]))
        feedback.setProgress(100)
        return result

    def _write(self, parameters, context, key, array, prepared, style, **kwargs) -> str:
        path = check_output(self.parameterAsOutputLayer(parameters, key, context), parameters, context)
        out = write_raster(path, array, prepared.grid, **kwargs)
        style_on_load(context, out, style)
        return out

    def _rasters(self, parameters, context, prepared, ans, names) -> dict:
        out = {}
        alloc_style = partial(style_gateway_allocation, names=names)
        for key, array, kwargs, style in (
                (self.OUTPUT_ALLOCATION, ans.allocation, {"nodata": -1, "dtype": "int32"}, alloc_style),
                (self.OUTPUT_TIME, ans.time, {}, style_time),
                (self.OUTPUT_BACKUP, ans.backup, {}, style_time),
                (self.OUTPUT_BACKUP_ALLOCATION, ans.backup_allocation, {"nodata": -1, "dtype": "int32"}, alloc_style)):
            if key == self.OUTPUT_ALLOCATION or parameters.get(key):
                out[key] = self._write(parameters, context, key, array, prepared, style, **kwargs)
        return out

    def _gateway_layer(self, parameters, context, gws, ans) -> str:
        fields = table_fields(GATEWAY_COLUMNS)
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT, context, fields, QgsWkbTypes.Type.Point,
                                          albers_crs())
        feats = []
        for g, row in zip(gws, ans.gateway_rows):
            f = QgsFeature(fields)
            f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(g.x, g.y)))
            values = dict(row, hub_id=g.gateway_id, penalty_min=g.penalty_min)
            f.setAttributes([values.get(n) for n in fields.names()])
            feats.append(f)
        add_features(sink, feats, self.OUTPUT)
        style_on_load(context, dest, partial(style_gateway_points, names=[g.name for g in gws]))
        return dest

    def _prefecture_layer(self, parameters, context, ans, prefs, names) -> str:
        fields = table_fields(PREFECTURE_COLUMNS)
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT_PREFECTURES, context, fields,
                                          QgsWkbTypes.Type.MultiPolygon, QgsCoordinateReferenceSystem(WGS84))
        feats = []
        for row in ans.prefecture_rows:
            f = QgsFeature(fields)
            shp = prefs.get(row["adcode"], (None, None))[1]
            if shp is not None:
                f.setGeometry(qgs_geometry(shp))
            f.setAttributes([row.get(n) for n in fields.names()])
            feats.append(f)
        add_features(sink, feats, self.OUTPUT_PREFECTURES)
        style_on_load(context, dest, lambda lyr: style_gateway_prefectures(lyr, names))
        return dest

    def _closure(self, parameters, context, prepared, ans, names, feedback) -> dict:
        cl = ans.closure
        out = {}
        for r in cl.rows:
            feedback.pushInfo(self.tr("Closing {0}: {1:,.0f} people and {2:,.0f} km² go to {3}.").format(
                r["closed"], r["population"], r["area_km2"], r["to_gateway"] or self.tr("no gateway")))
        if parameters.get(self.OUTPUT_CLOSURE):
            fields = table_fields(CLOSURE_COLUMNS)
            sink, dest = self.parameterAsSink(parameters, self.OUTPUT_CLOSURE, context, fields,
                                              QgsWkbTypes.Type.NoGeometry)
            add_features(sink, table_features(fields, cl.rows), self.OUTPUT_CLOSURE)
            out[self.OUTPUT_CLOSURE] = dest
        if parameters.get(self.OUTPUT_CLOSURE_ALLOCATION):
            moved = np.where(cl.lost, cl.allocation, -1).astype(np.int32)
            out[self.OUTPUT_CLOSURE_ALLOCATION] = self._write(
                parameters, context, self.OUTPUT_CLOSURE_ALLOCATION, moved, prepared,
                lambda lyr: style_gateway_allocation(lyr, names), nodata=-1, dtype="int32")
        if parameters.get(self.OUTPUT_CLOSURE_DELTA):
            with np.errstate(invalid="ignore"):
                delta = np.where(np.isfinite(ans.time), np.nan_to_num(cl.time, nan=1e6) - ans.time, np.nan)
            out[self.OUTPUT_CLOSURE_DELTA] = self._write(parameters, context, self.OUTPUT_CLOSURE_DELTA,
                                                         delta.astype(np.float32), prepared, style_delta)
        return out
