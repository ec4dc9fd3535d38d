"""hinterland:population — the 2020 census population on the analysis grid (people per cell)."""
from __future__ import annotations

import numpy as np
from qgis.core import (
    QgsProcessingException,
    QgsProcessingParameterEnum,
    QgsProcessingParameterExtent,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
)

from ...core.engine.inputs import population_on_grid
from ...crs import albers_crs
from ...i18n import QT_TRANSLATE_NOOP
from ...styling import style_population
from ..adapter import check_output, engine_call, style_on_load, write_raster
from ..inputs import read_inputs
from .base import EngineAlgorithm


class PopulationAlgorithm(EngineAlgorithm):
    ALG_ID = "population"
    DISPLAY_NAME = QT_TRANSLATE_NOOP("PopulationAlgorithm", "Census population surface")
    HELP = (QT_TRANSLATE_NOOP("PopulationAlgorithm", "People per cell of the analysis grid (China Albers equal-area) from the 2020 census: the 7th national "
            "census by county (Lei Dong et al., 'China Census', MIT licence), Hong Kong and Macao from their 2021 "
            "censuses, Taiwan from household registration. Each county's residents are spread over its own land "
            "cells (urban residents towards its towns and cities, rural residents by terrain), so every county's "
            "cells add up to its census count. VALUE total, urban or rural. The same surface every analysis counts."))

    EXTENT = "EXTENT"
    VALUE = "VALUE"
    OUTPUT = "OUTPUT"

    def initAlgorithm(self, config=None):
        self.addParameter(QgsProcessingParameterExtent(self.EXTENT, self.tr("Extent (default: China)"), optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.RESOLUTION, self.tr("Resolution (m)"), QgsProcessingParameterNumber.Type.Double,
            defaultValue=5000.0, minValue=100.0, maxValue=100000.0))
        self.addParameter(QgsProcessingParameterEnum(self.VALUE, self.tr("Value"), options=["total", "urban", "rural"],
                                                     defaultValue="total", usesStaticStrings=True))
        self.addParameter(QgsProcessingParameterRasterDestination(self.OUTPUT, self.tr("People per cell")))
        self.add_inputs()

    def processAlgorithm(self, parameters, context, feedback):
        extent = None
        if parameters.get(self.EXTENT):
            rect = self.parameterAsExtent(parameters, self.EXTENT, context, albers_crs())
            if rect.isNull() or rect.isEmpty():
                raise QgsProcessingException(self.tr("The extent is empty."))
            extent = (rect.xMinimum(), rect.yMinimum(), rect.xMaximum(), rect.yMaximum())
        res = self.parameterAsDouble(parameters, self.RESOLUTION, context)
        engine = self.engine()
        feedback.setProgressText(self.tr("Preparing the grid at {0:g} m (cached after the first run)…").format(res))
        inputs = read_inputs(self, parameters, context, feedback)
        prepared = engine_call(engine.prepare, "road", res, extent, inputs=inputs)  # only the grid and land are used
        feedback.setProgressText(self.tr("Placing the 2020 census population on the grid (cached)…"))
        value = self.parameterAsEnumString(parameters, self.VALUE, context) or "total"
        if inputs is not None and (inputs.population or inputs.population_polygons):
            arr = population_on_grid(inputs, prepared.grid, prepared.land).astype("float32")
        else:
            arr = getattr(engine_call(engine.population, prepared), value).copy()
        arr[~prepared.land & (arr == 0)] = float("nan")
        feedback.pushInfo(self.tr("{0:,.0f} people on this grid.").format(float(np.nansum(arr, dtype=np.float64))))
        out = check_output(self.parameterAsOutputLayer(parameters, self.OUTPUT, context), parameters, context)
        out = write_raster(out, arr, prepared.grid)
        style_on_load(context, out, style_population)
        feedback.setProgress(100)
        return {self.OUTPUT: out}
