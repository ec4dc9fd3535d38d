"""hinterland:odmatrix — travel time between every origin and every destination point."""
from __future__ import annotations

import math

from qgis.core import (
    QgsFeature,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterField,
    QgsWkbTypes,
)

from ...i18n import QT_TRANSLATE_NOOP
from ..adapter import NO_GEOMETRY, add_features, cancel_flag, centres_from_source, engine_call, table_fields
from .base import EngineAlgorithm


class OdMatrixAlgorithm(EngineAlgorithm):
    ALG_ID = "odmatrix"
    DISPLAY_NAME = QT_TRANSLATE_NOOP("OdMatrixAlgorithm", "Origin–destination travel-time matrix")
    HELP = (QT_TRANSLATE_NOOP("OdMatrixAlgorithm", "Travel time in minutes from every origin to every destination over the grid and corridor network "
            "(one solve per origin, reusing the cached graph). Unreachable pairs get an empty minutes value."))

    OUTPUT = "OUTPUT"

    def initAlgorithm(self, config=None):
        self.add_centres("ORIGINS", self.tr("Origins (points)"), fields=False)
        self.addParameter(QgsProcessingParameterField("ORIGIN_ID_FIELD", self.tr("Origin id field"),
                                                      parentLayerParameterName="ORIGINS", optional=True))
        self.add_centres("DESTINATIONS", self.tr("Destinations (points)"), fields=False)
        self.addParameter(QgsProcessingParameterField("DESTINATION_ID_FIELD", self.tr("Destination id field"),
                                                      parentLayerParameterName="DESTINATIONS", optional=True))
        self.add_profile_and_resolution()
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("OD matrix"), NO_GEOMETRY))

    def processAlgorithm(self, parameters, context, feedback):
        o_src = self.parameterAsSource(parameters, "ORIGINS", context)
        d_src = self.parameterAsSource(parameters, "DESTINATIONS", context)
        origins = centres_from_source(o_src, self.parameterAsString(parameters, "ORIGIN_ID_FIELD", context) or None,
                                      None, context, "ORIGINS")
        dests = centres_from_source(d_src, self.parameterAsString(parameters, "DESTINATION_ID_FIELD", context) or None,
                                    None, context, "DESTINATIONS")
        engine, prepared = self.prepare(parameters, context, feedback)
        cells = engine_call(engine.source_cells, prepared, dests)
        rows, cols = cells // prepared.grid.ncols, cells % prepared.grid.ncols
        fields = table_fields([("origin_id", "string"), ("destination_id", "string"), ("minutes", "double")])
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT, context, fields, QgsWkbTypes.Type.NoGeometry)
        flag = cancel_flag(feedback)
        feedback.setProgressText(self.tr("Solving from each origin…"))
        for i, o in enumerate(origins):
            res = engine_call(engine.solve, prepared, [o], backup=False, cancel=flag)
            feats = []
            for d, r, c in zip(dests, rows, cols):
                t = float(res.time[r, c])
                f = QgsFeature(fields)
                f.setAttributes([o.name, d.name, round(t, 2) if math.isfinite(t) else None])
                feats.append(f)
            add_features(sink, feats, self.OUTPUT)
            feedback.setProgress(40 + 60 * (i + 1) / len(origins))
        return {self.OUTPUT: dest}
