"""hinterland:hazardensemble — one corridor disruption per hazard polygon: a row per feature and loss statistics per
segment (how often each segment is cut, the mean and max population-minutes), optionally on a Dask cluster."""
from __future__ import annotations

from qgis.core import (
    Qgis,
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsGeometry,
    QgsProcessingException,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterString,
    QgsWkbTypes,
)

from ...core.batch import (
    HAZARD_COLUMNS,
    SCHEDULER_HELP,
    SEGMENT_STAT_COLUMNS,
    hazard_ensemble,
    parse_scheduler,
    segments_crossing_each,
)
from ...core.constants import WGS84
from ...crs import geometry_to_albers
from ...i18n import QT_TRANSLATE_NOOP, translate
from ..adapter import NO_GEOMETRY, VECTOR_LINE, VECTOR_POLYGON, add_features, engine_call, table_features, table_fields
from .base import EngineAlgorithm

FEATURE_COLUMNS = [("feature_id", "int")] + HAZARD_COLUMNS
SEGMENT_COLUMNS = SEGMENT_STAT_COLUMNS + [("corridor_id", "string"), ("name_zh", "string"), ("name_en", "string"),
                                          ("mode", "string")]


def add_scheduler_parameter(alg) -> None:
    """The optional advanced SCHEDULER parameter (empty: in-process, as before)."""
    p = QgsProcessingParameterString("SCHEDULER", translate("hazardensemble", "Scheduler (empty: in this process; local:N; tcp://host:port)"),
                                     optional=True)
    p.setFlags(p.flags() | Qgis.ProcessingParameterFlag.Advanced)
    p.setHelp(translate("hazardensemble", "Where the batch runs: ") + SCHEDULER_HELP)
    alg.addParameter(p)


def scheduler_of(alg, parameters, context) -> str:
    """SCHEDULER as given ('inprocess' when empty); a malformed value is refused before any work starts."""
    text = (alg.parameterAsString(parameters, "SCHEDULER", context) or "").strip() or "inprocess"
    engine_call(parse_scheduler, text)
    return text


class HazardEnsembleAlgorithm(EngineAlgorithm):
    ALG_ID = "hazardensemble"
    DISPLAY_NAME = QT_TRANSLATE_NOOP("HazardEnsembleAlgorithm", "Hazard ensemble (one disruption per polygon)")
    GROUP_ID = "resilience"
    GROUP_NAME = QT_TRANSLATE_NOOP("HazardEnsembleAlgorithm", "Resilience")
    HELP = (QT_TRANSLATE_NOOP("HazardEnsembleAlgorithm", "Every polygon of HAZARDS (e.g. each flood or earthquake footprint, any CRS) is one scenario: the corridor "
            "segments crossing it fail together and travel times to the nearest centre are solved again. OUTPUT: one "
            "row per feature — segments cut, population (2020 census) within THRESHOLD before and after, "
            "population losing coverage, population-minutes added (a cell cut off counts 24 h), land losing coverage "
            "and land no longer reachable. OUTPUT_SEGMENTS: per segment cut by at least one hazard, how many hazards "
            "cut it and the mean and maximum population-minutes of those hazards. SCHEDULER (advanced): empty runs "
            "in QGIS; local:N uses N worker processes on this machine, tcp://host:8786 an existing Dask cluster."))

    HAZARDS = "HAZARDS"
    HAZARD_NAME_FIELD = "HAZARD_NAME_FIELD"
    THRESHOLD = "THRESHOLD"
    OUTPUT = "OUTPUT"
    OUTPUT_SEGMENTS = "OUTPUT_SEGMENTS"

    def initAlgorithm(self, config=None):
        self.add_centres()
        self.add_profile_and_resolution()
        self.add_threshold(self.THRESHOLD)
        self.addParameter(QgsProcessingParameterFeatureSource(self.HAZARDS, self.tr("Hazard polygons (one scenario each)"),
                                                              [VECTOR_POLYGON]))
        self.addParameter(QgsProcessingParameterField(self.HAZARD_NAME_FIELD, self.tr("Hazard name field"),
                                                      parentLayerParameterName=self.HAZARDS, optional=True))
        add_scheduler_parameter(self)
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Hazard table"), NO_GEOMETRY))
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT_SEGMENTS, self.tr("Segment loss statistics"),
                                                            VECTOR_LINE))

    def _hazards(self, parameters, context):
        source = self.parameterAsSource(parameters, self.HAZARDS, context)
        if source is None:
            raise QgsProcessingException(self.tr("The hazard layer could not be read."))
        if QgsWkbTypes.geometryType(source.wkbType()) != QgsWkbTypes.GeometryType.PolygonGeometry:
            raise QgsProcessingException(self.tr("The hazard zone must be a polygon layer."))
        name_field = self.parameterAsString(parameters, self.HAZARD_NAME_FIELD, context)
        idx = source.fields().lookupField(name_field) if name_field else -1
        if name_field and idx < 0:
            raise QgsProcessingException(self.tr("Field '{0}' does not exist.").format(name_field))
        out = []
        for f in source.getFeatures():
            if f.geometry() is None or f.geometry().isEmpty():
                continue
            try:
                poly = geometry_to_albers(f.geometry(), source.sourceCrs(), context.transformContext())
            except ValueError as exc:
                raise QgsProcessingException(str(exc)) from exc
            raw = f[idx] if idx >= 0 else None
            name = str(raw) if raw not in (None, "") and not (hasattr(raw, "isNull") and raw.isNull()) else str(f.id())
            out.append((f.id(), name, poly))
        if not out:
            raise QgsProcessingException(self.tr("The hazard layer has no polygon features: each polygon is one "
                                                 "scenario, so there is nothing to run."))
        return out

    def processAlgorithm(self, parameters, context, feedback):
        centres = self.read_centres(parameters, context)
        hazards = self._hazards(parameters, context)
        threshold = self.parameterAsDouble(parameters, self.THRESHOLD, context)
        scheduler = scheduler_of(self, parameters, context)
        engine, prepared = self.prepare(parameters, context, feedback)
        people = engine_call(engine.people, prepared)  # the 2020 census, as criticality and disruption count
        ids = engine_call(segments_crossing_each, prepared, engine, [p for _i, _n, p in hazards])
        feedback.setProgressText(self.tr("Solving {0} hazard scenarios ({1})…").format(len(hazards), scheduler))
        res = engine_call(hazard_ensemble, engine, prepared, centres, [(n, s) for (_i, n, _p), s in zip(hazards, ids)],
                          threshold, people, scheduler=scheduler, cancel=feedback.isCanceled,
                          progress=lambda done, total: feedback.setProgress(100.0 * done / max(1, total)))
        rows = [{"feature_id": fid, **r} for (fid, _n, _p), r in zip(hazards, res.rows)]
        fields = table_fields(FEATURE_COLUMNS)
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT, context, fields, QgsWkbTypes.Type.NoGeometry)
        add_features(sink, table_features(fields, rows), self.OUTPUT)
        seg_fields = table_fields(SEGMENT_COLUMNS)
        sink, seg_dest = self.parameterAsSink(parameters, self.OUTPUT_SEGMENTS, context, seg_fields,
                                              QgsWkbTypes.Type.LineString, QgsCoordinateReferenceSystem(WGS84))
        geoms = {a["segment_id"]: (a, g) for a, g in engine.read("corridor_segments")}
        feats = []
        for r in res.segments:
            attrs, shp = geoms[r["segment_id"]]
            f = QgsFeature(seg_fields)
            g = QgsGeometry()
            g.fromWkb(shp.wkb)
            f.setGeometry(g)
            f.setAttributes([r.get(n) if n in r else attrs.get(n) for n in seg_fields.names()])
            feats.append(f)
        add_features(sink, feats, self.OUTPUT_SEGMENTS)
        feedback.pushInfo(self.tr("{0} hazards; {1} segments cut by at least one; {2} hazards cross no segment.").format(
            len(rows), len(res.segments), sum(1 for r in rows if not r["segments_n"])))
        return {self.OUTPUT: dest, self.OUTPUT_SEGMENTS: seg_dest}
