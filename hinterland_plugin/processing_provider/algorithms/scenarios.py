"""hinterland:corridordisruption, hinterland:criticality, hinterland:earlywarning — what a corridor failure costs."""
from __future__ import annotations

from functools import partial

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsProcessingException,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFile,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterString,
    QgsWkbTypes,
)
from shapely.ops import unary_union

from ...core.batch import Scheduler, criticality_batch
from ...core.constants import WGS84
from ...core.engine.scenarios import criticality, disruption_report, segments_crossing
from ...core.engine.warning import evaluate_scenarios, load_indicators
from ...core.gpkg import read_layer
from ...crs import geometry_to_albers
from ...i18n import QT_TRANSLATE_NOOP, language
from ...styling import style_criticality, style_delta
from ..adapter import (
    NO_GEOMETRY,
    VECTOR_ANY,
    VECTOR_LINE,
    VECTOR_POLYGON,
    add_features,
    cancel_flag,
    check_output,
    engine_call,
    qgs_geometry,
    style_on_load,
    table_features,
    table_fields,
    write_raster,
)
from .base import EngineAlgorithm
from .hazardensemble import add_scheduler_parameter, scheduler_of

DISRUPTION_COLUMNS = [
    ("scenario", "string"), ("threshold_min", "double"), ("area_before_km2", "double"),
    ("area_after_km2", "double"), ("area_lost_km2", "double"), ("population_before", "double"),
    ("population_after", "double"), ("population_lost", "double"), ("pop_minutes_added", "double"),
    ("unreachable_km2", "double"), ("cut_off_n", "int"), ("delayed_n", "int"), ("cut_off", "string"),
    ("delayed", "string"), ("centres_cut_off", "string"), ("segments", "string")]
SEGMENT_COLUMNS = [("segment_id", "string"), ("corridor_id", "string"), ("name_zh", "string"), ("name_en", "string"),
                   ("mode", "string")]
INDICATOR_COLUMNS = [("scenario", "string"), ("id", "string"), ("name_zh", "string"), ("name_en", "string"),
                     ("metric", "string"), ("value", "double"), ("status", "string"), ("amber", "double"),
                     ("red", "double"), ("direction", "string")]


def segment_geometries(gpkg) -> dict[str, tuple]:
    """segment_id -> (attributes, shapely line in WGS84) of the bundled corridor segments (read with OGR, so no
    QGIS layer object outlives the run)."""
    return {a["segment_id"]: (a, g) for a, g in read_layer(gpkg, "corridor_segments")}



class CorridorDisruptionAlgorithm(EngineAlgorithm):
    ALG_ID = "corridordisruption"
    DISPLAY_NAME = QT_TRANSLATE_NOOP("CorridorDisruptionAlgorithm", "Corridor disruption")
    GROUP_ID = "resilience"
    GROUP_NAME = QT_TRANSLATE_NOOP("CorridorDisruptionAlgorithm", "Resilience")
    HELP = (QT_TRANSLATE_NOOP("CorridorDisruptionAlgorithm", "Removes corridor segments — by id (DISRUPTED, comma-separated, e.g. hsr_h5_yanjiang:03) and/or every "
            "segment crossing the polygons of HAZARD — and compares travel times to the nearest centre before and "
            "after. OUTPUT_DELTA: minutes added per cell. OUTPUT: per threshold, the land area and people "
            "(2020 census on the grid) covered before and after and losing coverage, the population-minutes added, "
            "the reserve sites, computing hubs and corridor hubs cut off (no longer within the threshold) or delayed "
            "(> 1 min), and the centres the disruption cuts off (each centre alone reaches less than half of the "
            "land it reached within the largest threshold). Unreachable cells are 1,000,000 in OUTPUT_DELTA."))

    DISRUPTED = "DISRUPTED"
    HAZARD = "HAZARD"
    SCENARIO = "SCENARIO"
    OUTPUT_DELTA = "OUTPUT_DELTA"
    OUTPUT = "OUTPUT"
    OUTPUT_SEGMENTS = "OUTPUT_SEGMENTS"

    def initAlgorithm(self, config=None):
        self.add_centres()
        self.add_profile_and_resolution()
        self.add_thresholds()
        self.addParameter(QgsProcessingParameterString(self.DISRUPTED, self.tr("Disrupted segment ids"),
                                                       optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(self.HAZARD, self.tr("Hazard zone (polygons)"),
                                                              [VECTOR_POLYGON], optional=True))
        self.addParameter(QgsProcessingParameterString(self.SCENARIO, self.tr("Scenario name"), optional=True))
        self.addParameter(QgsProcessingParameterRasterDestination(self.OUTPUT_DELTA, self.tr("Minutes added")))
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Disruption table"), NO_GEOMETRY))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT_SEGMENTS, self.tr("Disrupted segments"), VECTOR_LINE, optional=True, createByDefault=False))

    def processAlgorithm(self, parameters, context, feedback):
        thresholds = self.read_thresholds(parameters, context)
        centres = self.read_centres(parameters, context)
        engine, prepared = self.prepare(parameters, context, feedback)
        ids = [t.strip() for t in (self.parameterAsString(parameters, self.DISRUPTED, context) or "").split(",")
               if t.strip()]
        hazard = self.parameterAsSource(parameters, self.HAZARD, context)
        if hazard is not None and QgsWkbTypes.geometryType(hazard.wkbType()) != QgsWkbTypes.GeometryType.PolygonGeometry:
            raise QgsProcessingException(self.tr("The hazard zone must be a polygon layer."))
        if hazard is not None:
            try:
                polys = [geometry_to_albers(f.geometry(), hazard.sourceCrs(), context.transformContext())
                         for f in hazard.getFeatures() if not f.geometry().isEmpty()]
            except ValueError as exc:
                raise QgsProcessingException(str(exc)) from exc
            if polys:
                ids += segments_crossing(prepared, engine, unary_union(polys))
        lang = language()
        people = engine_call(engine.people, prepared)
        sites = self.sites(engine, prepared, lang)
        scenario = self.parameterAsString(parameters, self.SCENARIO, context) or self.tr("Scenario")
        feedback.setProgressText(self.tr("Solving before and after the disruption…"))
        rep = engine_call(disruption_report, engine, prepared, centres, ids, thresholds, people, sites, scenario,
                          cancel=cancel_flag(feedback))
        feedback.pushInfo(self.tr("{0} segments disrupted: {1}").format(len(rep.segment_ids), ", ".join(rep.segment_ids)))
        if rep.unreachable_km2 > 0:
            feedback.pushWarning(self.tr("{0:,.0f} km² can no longer be reached from any centre.").format(
                rep.unreachable_km2))
        cell_km2 = prepared.grid.res ** 2 / 1e6
        for r in rep.reach:
            if r.cut_off:
                feedback.pushWarning(self.tr(
                    "Centre '{0}' is cut off by this disruption: within {1:g} min it reaches {2:,.0f} km² instead "
                    "of {3:,.0f} km².").format(r.name, max(thresholds), r.cells_after * cell_km2,
                                               r.cells_before * cell_km2))
        out = check_output(self.parameterAsOutputLayer(parameters, self.OUTPUT_DELTA, context), parameters, context)
        out = write_raster(out, rep.delta, prepared.grid)
        style_on_load(context, out, style_delta)
        fields = table_fields(DISRUPTION_COLUMNS)
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT, context, fields, QgsWkbTypes.Type.NoGeometry)
        add_features(sink, table_features(fields, rep.rows), self.OUTPUT)
        result = {self.OUTPUT_DELTA: out, self.OUTPUT: dest}
        if parameters.get(self.OUTPUT_SEGMENTS):
            geoms = segment_geometries(engine.gpkg)
            fields = table_fields(SEGMENT_COLUMNS)
            sink, seg_dest = self.parameterAsSink(parameters, self.OUTPUT_SEGMENTS, context, fields,
                                                  QgsWkbTypes.Type.LineString, QgsCoordinateReferenceSystem(WGS84))
            feats = []
            for sid in rep.segment_ids:
                attrs, shp = geoms[sid]
                f = QgsFeature(fields)
                f.setGeometry(qgs_geometry(shp))
                f.setAttributes([sid, attrs.get("corridor_id"), attrs.get("name_zh"), attrs.get("name_en"),
                                 attrs.get("mode")])
                feats.append(f)
            add_features(sink, feats, self.OUTPUT_SEGMENTS)
            result[self.OUTPUT_SEGMENTS] = seg_dest
        return result


class CriticalityAlgorithm(EngineAlgorithm):
    ALG_ID = "criticality"
    DISPLAY_NAME = QT_TRANSLATE_NOOP("CriticalityAlgorithm", "Corridor segment criticality (N-1)")
    GROUP_ID = "resilience"
    GROUP_NAME = QT_TRANSLATE_NOOP("CriticalityAlgorithm", "Resilience")
    HELP = (QT_TRANSLATE_NOOP("CriticalityAlgorithm", "Removes each operating corridor segment of the profile in turn and ranks the segments by the "
            "population-minutes added (2020 census people on the grid; a person cut off counts 24 h) and by the population "
            "losing coverage within THRESHOLD. Reuses the cached graph and re-solves only for segments that lie on "
            "some shortest path; the others cannot change any travel time."))

    THRESHOLD = "THRESHOLD"
    MODES = "MODES"
    FAMILIES = "FAMILIES"
    OUTPUT = "OUTPUT"

    def initAlgorithm(self, config=None):
        self.add_centres()
        self.add_profile_and_resolution()
        self.addParameter(QgsProcessingParameterString(
            self.MODES, self.tr("Only segments of these modes (e.g. rail,hsr or road; empty: all)"), optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.FAMILIES, self.tr("Only segments of these families (e.g. expressway, hsr_8v8h; empty: all)"),
            optional=True))
        self.add_threshold(self.THRESHOLD)
        add_scheduler_parameter(self)
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Segment criticality"), VECTOR_ANY))

    def processAlgorithm(self, parameters, context, feedback):
        centres = self.read_centres(parameters, context)
        engine, prepared = self.prepare(parameters, context, feedback)
        threshold = self.parameterAsDouble(parameters, self.THRESHOLD, context)
        people = engine_call(engine.people, prepared)
        geoms = segment_geometries(engine.gpkg)
        only = self._subset(parameters, context, geoms, prepared)
        feedback.setProgressText(self.tr("Removing each segment in turn (N-1)…"))
        scheduler = scheduler_of(self, parameters, context)
        rank = criticality if scheduler == "inprocess" else criticality_batch  # same ranking (tests/core/test_batch.py)
        extra = {} if scheduler == "inprocess" else {"scheduler": scheduler}
        ranking = engine_call(rank, engine, prepared, centres, threshold, people,
                              cancel=feedback.isCanceled, progress=feedback.setProgress, only=only, **extra)
        fields = table_fields([("rank", "int"), ("segment_id", "string"), ("name_zh", "string"),
                               ("name_en", "string"), ("mode", "string"), ("pop_minutes", "double"),
                               ("population_lost", "double"), ("solved", "int")])
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT, context, fields, QgsWkbTypes.Type.LineString,
                                          QgsCoordinateReferenceSystem(WGS84))
        feats = []
        for rank, s in enumerate(ranking, start=1):
            attrs, shp = geoms[s.segment_id]
            f = QgsFeature(fields)
            f.setGeometry(qgs_geometry(shp))
            f.setAttributes([rank, s.segment_id, attrs.get("name_zh"), attrs.get("name_en"), attrs.get("mode"),
                             s.pop_minutes, s.pop_lost, int(s.resolved)])
            feats.append(f)
        add_features(sink, feats, self.OUTPUT)
        style_on_load(context, dest, style_criticality)
        feedback.pushInfo(self.tr("{0} segments ranked; {1} needed a new solve.").format(
            len(ranking), sum(s.resolved for s in ranking)))
        return {self.OUTPUT: dest}

    def _subset(self, parameters, context, geoms, prepared) -> list[str] | None:
        """Segment ids of the chosen modes and families (None: all)."""
        chosen = []
        for key in (self.MODES, self.FAMILIES):
            text = self.parameterAsString(parameters, key, context) or ""
            chosen.append({t.strip() for t in text.split(",") if t.strip()})
        modes, families = chosen
        if not (modes or families):
            return None
        only = [sid for sid, (a, _g) in geoms.items()
                if (not modes or a.get("mode") in modes) and (not families or a.get("family") in families)]
        if not any(sid in prepared.network.minutes for sid in only):
            raise QgsProcessingException(self.tr("No operating segment of this profile matches {0}.").format(
                ", ".join(sorted(modes | families))))
        return only


class EarlyWarningAlgorithm(EngineAlgorithm):
    ALG_ID = "earlywarning"
    DISPLAY_NAME = QT_TRANSLATE_NOOP("EarlyWarningAlgorithm", "Early-warning indicators")
    GROUP_ID = "resilience"
    GROUP_NAME = QT_TRANSLATE_NOOP("EarlyWarningAlgorithm", "Resilience")
    HELP = (QT_TRANSLATE_NOOP("EarlyWarningAlgorithm", "Evaluates early-warning indicators (default resources/profiles/indicators.json, or INDICATORS: a JSON "
            "file of the same form) for the baseline and for each disrupted scenario: population share within a "
            "time of a centre, longest time from a computing hub or reserve site to a centre, largest coverage loss "
            "from one failed segment (N-1). Each gets green, amber or red. DISRUPTED: segment ids separated by "
            "commas; several scenarios separated by ';' (named in SCENARIO_NAMES, also ';'-separated)."))

    INDICATORS = "INDICATORS"
    DISRUPTED = "DISRUPTED"
    SCENARIO_NAMES = "SCENARIO_NAMES"
    OUTPUT = "OUTPUT"

    def initAlgorithm(self, config=None):
        self.add_centres()
        self.add_profile_and_resolution()
        self.addParameter(QgsProcessingParameterFile(self.INDICATORS, self.tr("Indicator file (JSON)"),
                                                     extension="json", optional=True))
        self.addParameter(QgsProcessingParameterString(self.DISRUPTED, self.tr("Disrupted segment ids"),
                                                       optional=True))
        self.addParameter(QgsProcessingParameterString(self.SCENARIO_NAMES, self.tr("Scenario names"),
                                                       optional=True))
        add_scheduler_parameter(self)
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Indicator table"), NO_GEOMETRY))

    def processAlgorithm(self, parameters, context, feedback):
        path = self.parameterAsFile(parameters, self.INDICATORS, context)
        indicators = engine_call(load_indicators, path or None)
        centres = self.read_centres(parameters, context)
        engine, prepared = self.prepare(parameters, context, feedback)
        lang = language()
        people = engine_call(engine.people, prepared)
        sets = self.sites(engine, prepared, lang)
        groups = [[t.strip() for t in g.split(",") if t.strip()]
                  for g in (self.parameterAsString(parameters, self.DISRUPTED, context) or "").split(";")]
        groups = [g for g in groups if g]
        names = [n.strip() for n in (self.parameterAsString(parameters, self.SCENARIO_NAMES, context) or "").split(";")]
        unknown = sorted({i for g in groups for i in g if i not in prepared.network.minutes})
        if unknown:
            raise QgsProcessingException(self.tr("Unknown or non-operating segment ids for this profile: {0}").format(
                ", ".join(unknown)))
        scenarios = []
        for k, g in enumerate(groups):
            label = names[k] if k < len(names) and names[k] else ("disrupted" if len(groups) == 1 else f"disrupted {k + 1}")
            scenarios.append((label, g))
        feedback.setProgressText(self.tr("Evaluating the indicators (N-1 runs for the segment indicator)…"))
        sched = engine_call(Scheduler, scheduler_of(self, parameters, context))  # one cluster for all N-1 runs
        try:
            engine_call(sched.open)
            rows = engine_call(evaluate_scenarios, engine, prepared, centres, indicators, scenarios, people, sets,
                               cancel=cancel_flag(feedback), progress=feedback.setProgress,
                               n1=None if sched.kind == "inprocess" else partial(criticality_batch, scheduler=sched))
        finally:
            sched.close()
        for r in rows:
            feedback.pushInfo(f"{r['scenario']}: {r['name_en']} = {r['value']:.3g} → {r['status']}")
        fields = table_fields(INDICATOR_COLUMNS)
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT, context, fields, QgsWkbTypes.Type.NoGeometry)
        add_features(sink, table_features(fields, rows), self.OUTPUT)
        return {self.OUTPUT: dest}
