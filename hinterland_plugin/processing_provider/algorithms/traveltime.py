"""hinterland:traveltime — nearest-centre travel time, allocation and backup (second-nearest) rasters."""
from __future__ import annotations

import numpy as np
from qgis.core import QgsProcessingParameterRasterDestination

from ...i18n import QT_TRANSLATE_NOOP
from ...styling import style_allocation, style_time
from ..adapter import cancel_flag, check_output, engine_call, style_on_load, write_raster
from .base import EngineAlgorithm


class TravelTimeAlgorithm(EngineAlgorithm):
    ALG_ID = "traveltime"
    DISPLAY_NAME = QT_TRANSLATE_NOOP("TravelTimeAlgorithm", "Travel time from hinterland centres")
    HELP = (QT_TRANSLATE_NOOP("TravelTimeAlgorithm", "One multi-source solve over the grid and the corridor network: for every land cell the travel time "
            "in minutes to the nearest centre (OUTPUT_TIME), the index of that centre in the order of the input "
            "features (OUTPUT_ALLOCATION, -1 = none) and the time to the second-nearest centre (OUTPUT_BACKUP). "
            "A readiness delay (minutes) per centre is added at the start. NoData outside land."))

    OUTPUT_TIME = "OUTPUT_TIME"
    OUTPUT_ALLOCATION = "OUTPUT_ALLOCATION"
    OUTPUT_BACKUP = "OUTPUT_BACKUP"

    def initAlgorithm(self, config=None):
        self.add_centres()
        self.add_profile_and_resolution()
        self.addParameter(QgsProcessingParameterRasterDestination(self.OUTPUT_TIME, self.tr("Travel time (minutes)")))
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.OUTPUT_ALLOCATION, self.tr("Nearest centre (index)"), optional=True))
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.OUTPUT_BACKUP, self.tr("Second-nearest centre time (minutes)"), optional=True))

    def processAlgorithm(self, parameters, context, feedback):
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
        names = [c.name for c in result.centres]
        for key, array, kwargs, style in (
                (self.OUTPUT_TIME, result.time, {}, style_time),
                (self.OUTPUT_ALLOCATION, result.allocation, {"nodata": -1, "dtype": "int32"},
                 lambda lyr: style_allocation(lyr, names)),
                (self.OUTPUT_BACKUP, result.backup, {}, style_time)):
            if key != self.OUTPUT_TIME and not parameters.get(key):
                continue
            path = check_output(self.parameterAsOutputLayer(parameters, key, context), parameters, context)
            outputs[key] = write_raster(path, array, prepared.grid, **kwargs)
            style_on_load(context, outputs[key], style)
        feedback.setProgress(100)
        return outputs
