"""hinterland:backupreach — how far each backup city of the key-industry list is from its primary and its markets,
and what a disruption between them costs."""
from __future__ import annotations

from pyproj import Transformer
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsGraduatedSymbolRenderer,
    QgsLineSymbol,
    QgsProcessingException,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsRendererRange,
    QgsVectorLayer,
    QgsWkbTypes,
)
from shapely.ops import unary_union

from ...core.constants import KIND_PROPERTY, WGS84
from ...core.engine.backup_reach import COLUMNS, DEFAULT_MARKET_MIN, INDUSTRIES, backup_reach, pairs_from_rows
from ...core.engine.gateways import FREIGHT
from ...core.engine.scenarios import segments_crossing
from ...crs import geometry_to_albers
from ...i18n import QT_TRANSLATE_NOOP, language, translate
from ...styling import label_fields
from ..adapter import (
    VECTOR_LINE,
    VECTOR_POLYGON,
    add_features,
    cancel_flag,
    engine_call,
    qgs_geometry,
    style_on_load,
    table_fields,
)
from .base import EngineAlgorithm, profile_names

#: classes of the minutes the critical segment's loss adds (upper bounds), yellow to dark red
COST_CLASSES = (15.0, 60.0, 180.0, 600.0)
COST_COLOURS = ("#fed976", "#fd8d3c", "#f03b20", "#bd0026", "#67000d")


def style_backup_reach(layer: QgsVectorLayer, field: str = "critical_added_min") -> None:
    """Pair lines coloured and widened by the minutes the most critical segment between them adds (grey: no
    segment on the route matters, e.g. a trip over land only)."""
    unit = translate("backup_reach", "min")
    ranges = [QgsRendererRange(-1.0, 0.0, QgsLineSymbol.createSimple({"line_color": "#9e9e9e", "line_width": "0.4",
                                                                       "line_style": "dash"}),
                               translate("backup_reach", "no critical segment"))]
    lo = 0.0
    for k, hi in enumerate(COST_CLASSES + (1e9,)):
        label = f"{lo:g} – {hi:g} {unit}" if hi < 1e9 else f"> {lo:g} {unit}"
        sym = QgsLineSymbol.createSimple({"line_color": COST_COLOURS[k], "line_width": f"{0.6 + 0.45 * k:.2f}",
                                          "capstyle": "round"})
        ranges.append(QgsRendererRange(lo + 1e-9, hi, sym, label))
        lo = hi
    renderer = QgsGraduatedSymbolRenderer(f'coalesce("{field}", 0)', ranges)
    layer.setRenderer(renderer)
    layer.setCustomProperty(KIND_PROPERTY, "backup_reach")
    label_fields(layer, None, "backup_reach")
    layer.triggerRepaint()


class BackupReachAlgorithm(EngineAlgorithm):
    ALG_ID = "backupreach"
    DISPLAY_NAME = QT_TRANSLATE_NOOP("BackupReachAlgorithm", "Key-industry backup reach")
    GROUP_ID = "gateways"
    GROUP_NAME = QT_TRANSLATE_NOOP("BackupReachAlgorithm", "Gateways and monitoring")
    HELP = (QT_TRANSLATE_NOOP("BackupReachAlgorithm", "For every pair of the key-industry backup list (primary cluster city -> documented backup or transfer city; "
        "INDUSTRY keeps some industries only), under the freight profile by default: the time from the primary to "
        "the backup; the primary's market, defined as the people (2020 census) living within MARKET_MINUTES of the "
        "primary, and how it is served from the backup instead (people-weighted mean minutes from the backup to those "
        "people against from the primary, the share the backup reaches within MARKET_MINUTES, the people within "
        "MARKET_MINUTES of the backup); the corridor segments on the fastest primary -> backup route, each removed "
        "in turn (exact re-solves), the most critical one, the minutes its loss adds and what serving the primary's "
        "market from the backup costs then (mean minutes, population-minutes). DISRUPTED (segment ids, ',') and/or "
        "HAZARD (polygons): a named scenario, its added minutes primary -> backup and backup -> market. One line per "
            "pair, coloured by the minutes the critical segment adds; every row keeps the pair's source and confidence."))

    INDUSTRY = "INDUSTRY"
    MARKET_MINUTES = "MARKET_MINUTES"
    DISRUPTED = "DISRUPTED"
    HAZARD = "HAZARD"
    OUTPUT = "OUTPUT"

    def initAlgorithm(self, config=None):
        self.addParameter(QgsProcessingParameterEnum(
            self.INDUSTRY, self.tr("Industries (empty: all)"), options=list(INDUSTRIES), allowMultiple=True,
            optional=True, usesStaticStrings=True))
        names = sorted(profile_names(), key=lambda n: (n != FREIGHT, n))
        self.addParameter(QgsProcessingParameterEnum(
            self.PROFILE, self.tr("Travel profile"), options=names, defaultValue=FREIGHT, usesStaticStrings=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.RESOLUTION, self.tr("Resolution (m)"), QgsProcessingParameterNumber.Type.Double, defaultValue=10000.0,
            minValue=100.0, maxValue=100000.0))
        self.addParameter(QgsProcessingParameterNumber(
            self.MARKET_MINUTES, self.tr("Market: people within this many minutes of the primary"),
            QgsProcessingParameterNumber.Type.Double, defaultValue=DEFAULT_MARKET_MIN, minValue=1.0,
            maxValue=7 * 24 * 60.0))
        self.addParameter(QgsProcessingParameterString(self.DISRUPTED, self.tr("Disrupted segment ids (scenario)"),
                                                       optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(self.HAZARD, self.tr("Hazard zone (polygons, scenario)"),
                                                              [VECTOR_POLYGON], optional=True))
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Backup reach (primary → backup)"),
                                                            VECTOR_LINE))

    def _scenario(self, parameters, context, engine, prepared) -> list[str]:
        ids = [t.strip() for t in (self.parameterAsString(parameters, self.DISRUPTED, context) or "").split(",")
               if t.strip()]
        hazard = self.parameterAsSource(parameters, self.HAZARD, context)
        if hazard is not None:
            if QgsWkbTypes.geometryType(hazard.wkbType()) != QgsWkbTypes.GeometryType.PolygonGeometry:
                raise QgsProcessingException(self.tr("The hazard zone must be a polygon layer."))
            try:
                polys = [geometry_to_albers(f.geometry(), hazard.sourceCrs(), context.transformContext())
                         for f in hazard.getFeatures() if not f.geometry().isEmpty()]
            except ValueError as exc:
                raise QgsProcessingException(str(exc)) from exc
            if polys:
                ids += segments_crossing(prepared, engine, unary_union(polys))
            if not ids:
                raise QgsProcessingException(self.tr("The hazard zone crosses no segment of the network."))
        return sorted(set(ids))

    def processAlgorithm(self, parameters, context, feedback):
        engine = self.engine()
        profile = self.parameterAsEnumString(parameters, self.PROFILE, context) or FREIGHT
        res = self.parameterAsDouble(parameters, self.RESOLUTION, context)
        market = self.parameterAsDouble(parameters, self.MARKET_MINUTES, context)
        industries = self.parameterAsEnumStrings(parameters, self.INDUSTRY, context) or []
        feedback.setProgressText(self.tr("Preparing the {0} grid at {1:g} m (cached after the first run)…").format(
            profile, res))
        prepared = engine_call(engine.prepare, profile, res)
        lang = language()
        rows_in = engine_call(engine.read, "key_industries")
        tr = Transformer.from_crs(WGS84, prepared.grid.crs, always_xy=True)
        pairs = pairs_from_rows(rows_in, tr.transform, lang, industries)
        if not pairs:
            raise QgsProcessingException(self.tr("No key-industry pair matches the chosen industries."))
        geoms = {str(a.get("pair_id")): g for a, g in rows_in}
        ids = self._scenario(parameters, context, engine, prepared)
        feedback.pushInfo(self.tr("{0} pairs, {1} places; market: people within {2:g} min of the primary.").format(
            len(pairs), len({(p.px, p.py) for p in pairs} | {(p.bx, p.by) for p in pairs}), market))
        feedback.setProgressText(self.tr("Solving from every primary and backup city, then without each route segment…"))
        rows = engine_call(backup_reach, engine, prepared, pairs, market, ids, cancel=cancel_flag(feedback),
                           progress=feedback.setProgress)
        fields = table_fields(COLUMNS)
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT, context, fields, QgsWkbTypes.Type.LineString,
                                          QgsCoordinateReferenceSystem(WGS84))
        feats = []
        for row in rows:
            f = QgsFeature(fields)
            f.setGeometry(qgs_geometry(geoms.get(row["pair_id"])))
            f.setAttributes([row.get(n) for n in fields.names()])
            feats.append(f)
        add_features(sink, feats, self.OUTPUT)
        style_on_load(context, dest, style_backup_reach)
        for row in sorted(rows, key=lambda r: -(r["critical_added_min"] or 0))[:5]:
            feedback.pushInfo(self.tr("{0}: {1} → {2} {3:,.0f} min; losing {4} adds {5} min").format(
                row["industry"], row["primary"], row["backup"], row["time_min"] or 0, row["critical_segment"] or "-",
                row["critical_added_min"] if row["critical_added_min"] is not None else "-"))
        return {self.OUTPUT: dest}
