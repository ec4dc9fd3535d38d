"""hinterland:backupsiting — the next k centres from the candidates, given the centres already chosen."""
from __future__ import annotations

from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsFields,
    QgsGeometry,
    QgsPointXY,
    QgsProcessingException,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterNumber,
    QgsVectorLayer,
    QgsWkbTypes,
)

from .base import EngineAlgorithm, make_field
from .strategic_layers import VECTOR_POINT


class BackupSitingAlgorithm(EngineAlgorithm):
    ALG_ID = "backupsiting"
    DISPLAY_NAME = "Backup centre siting"
    GROUP_ID = "resilience"
    GROUP_NAME = "Resilience"
    HELP = ("Chooses the next K centres from CANDIDATES (default: the bundled candidate hinterland centres) to add "
            "to CENTRES: OBJECTIVE coverage maximises the population (GeoNames cities >= 15,000) within THRESHOLD "
            "minutes of some centre (maximal covering); pmedian minimises the population-weighted time to the nearest "
            "centre. Exact (all combinations) when there are at most 20,000 of them, else greedy plus 1-swap "
            "improvement; the method used is reported.")

    CANDIDATES = "CANDIDATES"
    K = "K"
    THRESHOLD = "THRESHOLD"
    OBJECTIVE = "OBJECTIVE"
    OUTPUT = "OUTPUT"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_centres()
        self.addParameter(QgsProcessingParameterFeatureSource(self.CANDIDATES, self.tr("Candidate centres (points)"),
                                                              [VECTOR_POINT], optional=True))
        self.addParameter(QgsProcessingParameterNumber(self.K, self.tr("Number of centres to add"),
                                                       QgsProcessingParameterNumber.Type.Integer, defaultValue=1,
                                                       minValue=1, maxValue=20))
        self.addParameter(QgsProcessingParameterNumber(self.THRESHOLD, self.tr("Coverage threshold (minutes)"),
                                                       QgsProcessingParameterNumber.Type.Double, defaultValue=180.0,
                                                       minValue=1.0))
        self.addParameter(QgsProcessingParameterEnum(self.OBJECTIVE, self.tr("Objective"),
                                                     options=["coverage", "pmedian"], defaultValue="coverage",
                                                     usesStaticStrings=True))
        self.add_profile_and_resolution()
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Chosen centres"), VECTOR_POINT))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        from ...core.engine.coverage import centre_times_at
        from ...core.engine.model import bundled_points
        from ...core.engine.siting import choose
        from ...engine_service import centres_from_source, engine_call
        from ...i18n import language
        from ...core.resources import data_path

        existing = self.read_centres(parameters, context)
        source = self.parameterAsSource(parameters, self.CANDIDATES, context)
        if source is None:
            source = QgsVectorLayer(f"{data_path()}|layername=candidate_centres", "candidates", "ogr")
            name_field = "name_zh" if language() == "zh" else "name_en"
        else:
            name_field = None
        candidates = centres_from_source(source, name_field, None, context, self.CANDIDATES)
        k = self.parameterAsInt(parameters, self.K, context)
        if k > len(candidates):
            raise QgsProcessingException(self.tr("K ({0}) is larger than the number of candidates ({1}).").format(
                k, len(candidates)))
        threshold = self.parameterAsDouble(parameters, self.THRESHOLD, context)
        objective = self.parameterAsEnumString(parameters, self.OBJECTIVE, context) or "coverage"
        engine, prepared = self.prepare(parameters, context, feedback)
        cities = bundled_points(engine, prepared, "cities", "population", language())
        base = engine_call(engine.solve, prepared, existing, backup=False).time
        surfaces = []
        usable = []
        for i, c in enumerate(candidates):
            if feedback.isCanceled():
                raise QgsProcessingException(self.tr("Cancelled."))
            try:
                surfaces.append(engine_call(engine.solve, prepared, [c], backup=False).time)
                usable.append(c)
            except QgsProcessingException as exc:
                feedback.pushWarning(str(exc))
            feedback.setProgress(10 + 80 * (i + 1) / len(candidates))
        if len(usable) < k:
            raise QgsProcessingException(self.tr("Too few usable candidates inside the study area."))
        cand = centre_times_at(cities, surfaces)
        res = choose(cities.times(base), cand, cities.weights, k, objective, threshold)
        feedback.pushInfo(self.tr("Method: {0}; objective {1:,.0f} (existing centres alone: {2:,.0f}).").format(
            res.method, res.objective, res.baseline))
        fields = QgsFields()
        for name, kind in (("rank", "int"), ("name", "string"), ("objective", "string"), ("value_after", "double"),
                           ("value_before", "double"), ("method", "string")):
            fields.append(make_field(name, kind))
        from ...engine_service import albers_crs

        sink, dest = self.parameterAsSink(parameters, self.OUTPUT, context, fields, QgsWkbTypes.Type.Point, albers_crs())
        for rank, j in enumerate(res.chosen, start=1):
            c = usable[j]
            f = QgsFeature(fields)
            f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(c.x, c.y)))
            f.setAttributes([rank, c.name, objective, res.objective, res.baseline, res.method])
            sink.addFeature(f, QgsFeatureSink.Flag.FastInsert)
        return {self.OUTPUT: dest}
