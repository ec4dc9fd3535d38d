"""hinterland:isochrones — polygons per centre and threshold, overlapping or partitioned."""
from __future__ import annotations

from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsFields,
    QgsGeometry,
    QgsProcessingException,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsWkbTypes,
)

from .base import EngineAlgorithm, make_field
from .strategic_layers import VECTOR_POLYGON


class IsochronesAlgorithm(EngineAlgorithm):
    ALG_ID = "isochrones"
    DISPLAY_NAME = "Isochrones around hinterland centres"
    HELP = ("Isochrone polygons for each centre and threshold (minutes, comma-separated). MODE per_centre: one "
            "surface per centre, polygons may overlap; MODE nearest: cells go to their nearest centre, so the "
            "polygons of one threshold partition the covered area. Outlines are dissolved and smoothed at cell "
            "scale; area_km2 counts the raster cells, so it matches the travel-time raster.")

    MODE = "MODE"
    OUTPUT = "OUTPUT"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_centres()
        self.add_profile_and_resolution()
        self.add_thresholds()
        self.addParameter(QgsProcessingParameterEnum(self.MODE, self.tr("Mode"), options=["per_centre", "nearest"],
                                                     defaultValue="per_centre", usesStaticStrings=True))
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Isochrones"), VECTOR_POLYGON))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        import numpy as np

        from ...core.engine.outputs import isochrones
        from ...engine_service import albers_crs, cancel_flag, engine_call

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
                if feedback.isCanceled():
                    raise QgsProcessingException(self.tr("Cancelled."))
                r = engine_call(engine.solve, prepared, [c], backup=False, max_time=horizon, cancel=flag)
                surfaces.append(r.time)
                feedback.setProgress(40 + 40 * (i + 1) / len(active))
            dummy = np.full(prepared.grid.shape, -1, np.int32)
            polys = isochrones(surfaces[0], dummy, prepared.grid, thresholds, names, mode="per_centre",
                               centre_times=surfaces)
        fields = QgsFields()
        fields.append(make_field("centre", "string"))
        fields.append(make_field("threshold_min", "double"))
        fields.append(make_field("area_km2", "double"))
        fields.append(make_field("mode", "string"))
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT, context, fields,
                                          QgsWkbTypes.Type.MultiPolygon, albers_crs())
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        # largest threshold first, so smaller ones draw on top
        for p in sorted(polys, key=lambda p: (-p["threshold_min"], p["centre_index"])):
            f = QgsFeature(fields)
            f.setGeometry(QgsGeometry.fromWkt(p["geometry"].wkt))
            f.setAttributes([p["centre"], p["threshold_min"], p["area_km2"], mode])
            sink.addFeature(f, QgsFeatureSink.Flag.FastInsert)
        feedback.setProgress(100)
        return {self.OUTPUT: dest}
