"""hinterland:backupsiting — the next k centres from the candidates, given the centres already chosen."""
from __future__ import annotations

import math

import numpy as np
from qgis.core import (
    QgsFeature,
    QgsGeometry,
    QgsPointXY,
    QgsProcessingException,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
    QgsVectorLayer,
    QgsWkbTypes,
)

from ...core.catalog import name_field
from ...core.engine.coverage import coarsen_points
from ...core.engine.siting import choose
from ...core.resources import data_path
from ...crs import albers_crs
from ...i18n import QT_TRANSLATE_NOOP, language
from ..adapter import VECTOR_POINT, add_features, cancel_flag, centres_from_source, engine_call, table_fields
from .base import EngineAlgorithm

#: at most this many (demand point x candidate) times are kept (float64: 8 bytes each)
MAX_SITING_CELLS = 40_000_000


class BackupSitingAlgorithm(EngineAlgorithm):
    ALG_ID = "backupsiting"
    DISPLAY_NAME = QT_TRANSLATE_NOOP("BackupSitingAlgorithm", "Backup centre siting")
    GROUP_ID = "resilience"
    GROUP_NAME = QT_TRANSLATE_NOOP("BackupSitingAlgorithm", "Resilience")
    HELP = (QT_TRANSLATE_NOOP("BackupSitingAlgorithm", "Chooses the next K centres from CANDIDATES (default: the bundled candidate hinterland centres) to add "
            "to CENTRES: OBJECTIVE coverage maximises the people (2020 census on the grid) within THRESHOLD "
            "minutes of some centre (maximal covering); pmedian minimises the population-weighted time to the nearest "
            "centre. Exact (all combinations) when there are at most 20,000 of them, else greedy plus 1-swap "
            "improvement; the method used is reported."))

    CANDIDATES = "CANDIDATES"
    CANDIDATE_NAME_FIELD = "CANDIDATE_NAME_FIELD"
    K = "K"
    THRESHOLD = "THRESHOLD"
    OBJECTIVE = "OBJECTIVE"
    OUTPUT = "OUTPUT"

    def initAlgorithm(self, config=None):
        self.add_centres()
        self.addParameter(QgsProcessingParameterFeatureSource(self.CANDIDATES, self.tr("Candidate centres (points)"),
                                                              [VECTOR_POINT], optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.CANDIDATE_NAME_FIELD, self.tr("Candidate name field"), parentLayerParameterName=self.CANDIDATES,
            optional=True))
        self.addParameter(QgsProcessingParameterNumber(self.K, self.tr("Number of centres to add"),
                                                       QgsProcessingParameterNumber.Type.Integer, defaultValue=1,
                                                       minValue=1, maxValue=20))
        self.add_threshold(self.THRESHOLD)
        self.addParameter(QgsProcessingParameterEnum(self.OBJECTIVE, self.tr("Objective"),
                                                     options=["coverage", "pmedian"], defaultValue="coverage",
                                                     usesStaticStrings=True))
        self.add_profile_and_resolution()
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Chosen centres"), VECTOR_POINT))

    def processAlgorithm(self, parameters, context, feedback):
        existing = self.read_centres(parameters, context)
        source = self.parameterAsSource(parameters, self.CANDIDATES, context)
        if source is None:
            source = QgsVectorLayer(f"{data_path()}|layername=candidate_centres", "candidates", "ogr")
            label_field = name_field(language())
        else:
            label_field = self.parameterAsString(parameters, self.CANDIDATE_NAME_FIELD, context) or next(
                (f for f in ("name", "name_en", "name_zh", "NAME") if source.fields().lookupField(f) >= 0), None)
        candidates = centres_from_source(source, label_field, None, context, self.CANDIDATES)
        k = self.parameterAsInt(parameters, self.K, context)
        try:
            whole = float(parameters.get(self.K, k)) == k
        except (TypeError, ValueError):
            whole = False
        if not whole:
            raise QgsProcessingException(self.tr("K must be a whole number of centres, not {0}.").format(
                parameters.get(self.K)))
        threshold = self.parameterAsDouble(parameters, self.THRESHOLD, context)
        objective = self.parameterAsEnumString(parameters, self.OBJECTIVE, context) or "coverage"
        engine, prepared = self.prepare(parameters, context, feedback)
        people = engine_call(engine.people, prepared)
        # the demand: census people; at fine grids summed over blocks so that candidates x demand fits in memory
        factor = max(1, math.ceil(math.sqrt(len(people.rows) * max(1, len(candidates)) / MAX_SITING_CELLS)))
        cities = coarsen_points(people, factor)
        if factor > 1:
            feedback.pushInfo(self.tr("Demand summed over blocks of {0} x {0} cells ({1:,} demand points).").format(
                factor, len(cities.rows)))
        flag = cancel_flag(feedback)
        base = engine_call(engine.solve, prepared, existing, backup=False, cancel=flag).time
        taken = {int(c) for c in engine_call(engine.source_cells, prepared, existing)}
        columns, usable = [], []  # only the city cells of each candidate's surface are kept (memory)
        feedback.setProgressText(self.tr("Solving travel times from each candidate…"))
        for i, c in enumerate(candidates):
            try:
                cell = int(engine_call(engine.source_cells, prepared, [c])[0])
                if cell in taken:
                    feedback.pushInfo(self.tr("Candidate '{0}' is already a centre: skipped.").format(c.name))
                    continue
                columns.append(cities.times(engine_call(engine.solve, prepared, [c], backup=False, cancel=flag).time))
                usable.append(c)
                taken.add(cell)
            except QgsProcessingException as exc:
                if flag[0]:
                    raise
                feedback.pushWarning(str(exc))
            feedback.setProgress(10 + 80 * (i + 1) / len(candidates))
        if k > len(usable):
            raise QgsProcessingException(self.tr(
                "K ({0}) is larger than the number of usable candidates ({1}) that are not centres already.").format(
                k, len(usable)))
        cand = np.stack(columns, axis=1) if columns else np.zeros((len(cities.rows), 0))
        res = choose(cities.times(base), cand, cities.weights, k, objective, threshold)
        feedback.pushInfo(self.tr("Method: {0}; objective {1:,.0f} (existing centres alone: {2:,.0f}).").format(
            res.method, res.objective, res.baseline))
        fields = table_fields([("rank", "int"), ("name", "string"), ("objective", "string"),
                               ("value_after", "double"), ("value_before", "double"), ("method", "string")])
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT, context, fields, QgsWkbTypes.Type.Point, albers_crs())
        feats = []
        for rank, j in enumerate(res.chosen, start=1):
            c = usable[j]
            f = QgsFeature(fields)
            f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(c.x, c.y)))
            f.setAttributes([rank, c.name, objective, res.objective, res.baseline, res.method])
            feats.append(f)
        add_features(sink, feats, self.OUTPUT)
        return {self.OUTPUT: dest}
