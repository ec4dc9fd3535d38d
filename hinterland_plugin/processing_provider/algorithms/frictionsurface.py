"""hinterland:frictionsurface — the friction (or speed) surface the engine travels over."""
from __future__ import annotations

from qgis.core import (
    QgsProcessingException,
    QgsProcessingParameterEnum,
    QgsProcessingParameterExtent,
    QgsProcessingParameterRasterDestination,
)

from ...crs import albers_crs
from ...i18n import QT_TRANSLATE_NOOP
from ..adapter import check_output, write_raster
from .base import EngineAlgorithm


class FrictionSurfaceAlgorithm(EngineAlgorithm):
    ALG_ID = "frictionsurface"
    DISPLAY_NAME = QT_TRANSLATE_NOOP("FrictionSurfaceAlgorithm", "Friction surface")
    HELP = (QT_TRANSLATE_NOOP("FrictionSurfaceAlgorithm", "Builds the off-network friction surface of a travel profile over China in the China Albers "
            "equal-area CRS: land mask from the bundled outline, slowdown by regional slope and altitude from "
            "the bundled 0.2° DEM, speeds from resources/profiles/profiles.toml. VALUE=friction writes minutes "
            "per metre (the engine's unit; NaN = impassable), VALUE=speed writes km/h."))

    EXTENT = "EXTENT"
    VALUE = "VALUE"
    OUTPUT = "OUTPUT"

    def initAlgorithm(self, config=None):
        self.addParameter(QgsProcessingParameterExtent(self.EXTENT, self.tr("Extent (default: China)"), optional=True))
        self.add_profile_and_resolution()
        self.addParameter(QgsProcessingParameterEnum(self.VALUE, self.tr("Value"), options=["friction", "speed"],
                                                     defaultValue="friction", usesStaticStrings=True))
        self.addParameter(QgsProcessingParameterRasterDestination(self.OUTPUT, self.tr("Friction surface")))

    def processAlgorithm(self, parameters, context, feedback):
        extent = None
        if parameters.get(self.EXTENT):
            rect = self.parameterAsExtent(parameters, self.EXTENT, context, albers_crs())
            if rect.isNull() or rect.isEmpty():
                raise QgsProcessingException(self.tr("The extent is empty."))
            extent = (rect.xMinimum(), rect.yMinimum(), rect.xMaximum(), rect.yMaximum())
        _engine, prepared = self.prepare(parameters, context, feedback, extent)
        if feedback.isCanceled():
            return {}
        value = self.parameterAsEnumString(parameters, self.VALUE, context) or "friction"
        arr = prepared.cost if value == "friction" else prepared.speed
        out = check_output(self.parameterAsOutputLayer(parameters, self.OUTPUT, context), parameters, context)
        out = write_raster(out, arr, prepared.grid)
        feedback.setProgress(100)
        return {self.OUTPUT: out}
