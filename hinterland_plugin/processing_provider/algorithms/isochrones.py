"""hinterland:isochrones — polygons per centre and threshold, overlapping or partitioned."""
from __future__ import annotations

import numpy as np
from qgis.core import QgsProcessingParameterEnum, QgsProcessingParameterFeatureSink, QgsWkbTypes

from ...core.engine.outputs import isochrones
from ...crs import albers_crs
from ...i18n import QT_TRANSLATE_NOOP
from ...styling import style_isochrones
from ..adapter import (
    VECTOR_POLYGON,
    add_features,
    cancel_flag,
    engine_call,
    isochrone_features,
    isochrone_fields,
    style_on_load,
)
from .base import EngineAlgorithm


class IsochronesAlgorithm(EngineAlgorithm):
    ALG_ID = "isochrones"
    DISPLAY_NAME = QT_TRANSLATE_NOOP("IsochronesAlgorithm", "Isochrones around hinterland centres")
    HELP = (QT_TRANSLATE_NOOP("IsochronesAlgorithm", "Isochrone polygons for each centre and threshold (minutes, comma-separated). MODE per_centre: one "
            "surface per centre, polygons may overlap; MODE nearest: cells go to their nearest centre, so the "
            "polygons of one threshold partition the covered area. Outlines are dissolved and smoothed at cell "
            "scale; area_km2 counts the raster cells, so it matches the travel-time raster."))

    MODE = "MODE"
    OUTPUT = "OUTPUT"

    def initAlgorithm(self, config=None):
        self.add_centres()
        self.add_profile_and_resolution()
        self.add_thresholds()
        self.addParameter(QgsProcessingParameterEnum(self.MODE, self.tr("Mode"), options=["per_centre", "nearest"],
                                                     defaultValue="per_centre", usesStaticStrings=True))
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Isochrones"), VECTOR_POLYGON))

    def processAlgorithm(self, parameters, context, feedback):
        thresholds = self.read_thresholds(parameters, context)
        mode = self.parameterAsEnumString(parameters, self.MODE, context) or "per_centre"
        centres = self.read_centres(parameters, context)
        engine, prepared = self.prepare(parameters, context, feedback)
        horizon = max(thresholds)
        flag = cancel_flag(feedback)
        names = [c.name for c in centres if c.enabled]
        if mode == "nearest":
            res = engine_call(engine.solve, prepared, centres, backup=False, max_time=horizon, cancel=flag)
            polys = isochrones(res.time, res.allocation, prepared.grid, thresholds, names, mode="nearest")
        else:
            surfaces = []
            active = [c for c in centres if c.enabled]
            for i, c in enumerate(active):
                r = engine_call(engine.solve, prepared, [c], backup=False, max_time=horizon, cancel=flag)
                surfaces.append(r.time)
                feedback.setProgress(40 + 40 * (i + 1) / len(active))
            dummy = np.full(prepared.grid.shape, -1, np.int32)
            polys = isochrones(surfaces[0], dummy, prepared.grid, thresholds, names, mode="per_centre",
                               centre_times=surfaces)
        fields = isochrone_fields()
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT, context, fields,
                                          QgsWkbTypes.Type.MultiPolygon, albers_crs())
        add_features(sink, isochrone_features(polys, fields, mode), self.OUTPUT)  # largest threshold first
        style_on_load(context, dest, lambda lyr: style_isochrones(lyr, names))
        feedback.setProgress(100)
        return {self.OUTPUT: dest}
