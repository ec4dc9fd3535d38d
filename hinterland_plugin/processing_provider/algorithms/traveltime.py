"""hinterland:traveltime — nearest-centre travel time, allocation and backup (second-nearest) rasters."""
from __future__ import annotations

from qgis.core import QgsProcessingParameterRasterDestination

from .base import EngineAlgorithm


class TravelTimeAlgorithm(EngineAlgorithm):
    ALG_ID = "traveltime"
    DISPLAY_NAME = "Travel time from hinterland centres"
    HELP = ("One multi-source solve over the grid and the corridor network: for every land cell the travel time "
            "in minutes to the nearest centre (OUTPUT_TIME), the index of that centre in the order of the input "
            "features (OUTPUT_ALLOCATION, -1 = none) and the time to the second-nearest centre (OUTPUT_BACKUP). "
            "A readiness delay (minutes) per centre is added at the start. NoData outside land.")

    OUTPUT_TIME = "OUTPUT_TIME"
    OUTPUT_ALLOCATION = "OUTPUT_ALLOCATION"
    OUTPUT_BACKUP = "OUTPUT_BACKUP"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_centres()
        self.add_profile_and_resolution()
        self.addParameter(QgsProcessingParameterRasterDestination(self.OUTPUT_TIME, self.tr("Travel time (minutes)")))
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.OUTPUT_ALLOCATION, self.tr("Nearest centre (index)"), optional=True))
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.OUTPUT_BACKUP, self.tr("Second-nearest centre time (minutes)"), optional=True))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        import numpy as np

        from ...core.engine.outputs import write_geotiff
        from ...engine_service import cancel_flag, engine_call

        centres = self.read_centres(parameters, context)
        engine, prepared = self.prepare(parameters, context, feedback)
        feedback.setProgress(40)
        want_backup = bool(parameters.get(self.OUTPUT_BACKUP))
        result = engine_call(engine.solve, prepared, centres, backup=want_backup, cancel=cancel_flag(feedback))
        feedback.setProgress(80)
        reached = np.isfinite(result.time)
        feedback.pushInfo(self.tr("{0} centres; {1} of {2} land cells reached; median {3:.0f} min.").format(
            len(result.centres), int(reached.sum()), int(prepared.land.sum()),
            float(np.median(result.time[reached])) if reached.any() else float("nan")))
        outputs = {}
        out = self.parameterAsOutputLayer(parameters, self.OUTPUT_TIME, context)
        outputs[self.OUTPUT_TIME] = str(write_geotiff(out, result.time, prepared.grid))
        if parameters.get(self.OUTPUT_ALLOCATION):
            out = self.parameterAsOutputLayer(parameters, self.OUTPUT_ALLOCATION, context)
            outputs[self.OUTPUT_ALLOCATION] = str(write_geotiff(out, result.allocation, prepared.grid, nodata=-1,
                                                                dtype="int32"))
        if want_backup:
            out = self.parameterAsOutputLayer(parameters, self.OUTPUT_BACKUP, context)
            outputs[self.OUTPUT_BACKUP] = str(write_geotiff(out, result.backup, prepared.grid))
        feedback.setProgress(100)
        return outputs
