"""hinterland:strategiclayers — copy one theme of the bundled data into a new layer."""
from __future__ import annotations

from qgis.core import (
    QgsFeatureRequest,
    QgsFeatureSink,
    QgsProcessingException,
    QgsProcessingParameterEnum,
    QgsProcessingParameterExtent,
    QgsProcessingParameterFeatureSink,
    QgsVectorLayer,
)

from ...core.catalog import THEMES
from ...core.resources import data_path
from ...i18n import QT_TRANSLATE_NOOP
from ..adapter import VECTOR_ANY
from .base import HinterlandAlgorithm


class StrategicLayersAlgorithm(HinterlandAlgorithm):
    ALG_ID = "strategiclayers"
    DISPLAY_NAME = QT_TRANSLATE_NOOP("StrategicLayersAlgorithm", "Strategic hinterland reference layer")
    GROUP_ID = "data"
    GROUP_NAME = QT_TRANSLATE_NOOP("StrategicLayersAlgorithm", "Data")
    HELP = (QT_TRANSLATE_NOOP("StrategicLayersAlgorithm", "Copies one theme of the bundled, sourced reference data (corridors, corridor segments, "
            "hubs, strategic reserve sites, computing hubs, candidate centres, cities, boundaries, "
            "reference lines) into a new layer, optionally limited to an extent. Every feature keeps "
            "its 'source' and 'confidence'. THEME takes the index or the key, e.g. 'corridors'."))

    THEME = "THEME"
    EXTENT = "EXTENT"
    OUTPUT = "OUTPUT"

    def initAlgorithm(self, config=None):  # noqa: N802
        param = QgsProcessingParameterEnum(
            self.THEME, self.tr("Theme"), options=[t.key for t in THEMES], defaultValue=THEMES[0].key,
            usesStaticStrings=True)
        self.addParameter(param)
        self.addParameter(QgsProcessingParameterExtent(self.EXTENT, self.tr("Extent"), optional=True))
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Output layer"), VECTOR_ANY))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        key = self.parameterAsEnumString(parameters, self.THEME, context)
        if key not in {t.key for t in THEMES}:
            raise QgsProcessingException(self.tr("Unknown theme '{0}'.").format(key))
        gpkg = data_path()
        if not gpkg.exists():
            raise QgsProcessingException(self.tr("The bundled data file is missing: {0}.").format(gpkg))
        source = QgsVectorLayer(f"{gpkg}|layername={key}", key, "ogr")
        if not source.isValid():
            raise QgsProcessingException(self.tr("Could not open layer '{0}' from {1}.").format(key, gpkg))
        request = QgsFeatureRequest()
        if parameters.get(self.EXTENT):
            given = self.parameterAsExtentCrs(parameters, self.EXTENT, context)
            if given.isValid() is False and "[" in str(parameters.get(self.EXTENT)):
                raise QgsProcessingException(self.tr("The extent's coordinate reference system is not known."))
            rect = self.parameterAsExtent(parameters, self.EXTENT, context, source.crs())
            if rect.isNull() or rect.isEmpty():
                raise QgsProcessingException(self.tr("The extent is empty."))
            request.setFilterRect(rect)
        sink, dest_id = self.parameterAsSink(parameters, self.OUTPUT, context, source.fields(),
                                             source.wkbType(), source.crs())
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        total = max(1, source.featureCount())
        count = 0
        for i, feat in enumerate(source.getFeatures(request)):
            if feedback.isCanceled():
                break
            sink.addFeature(feat, QgsFeatureSink.Flag.FastInsert)
            count += 1
            feedback.setProgress(100.0 * i / total)
        feedback.pushInfo(self.tr("{0} features copied from '{1}'.").format(count, key))
        return {self.OUTPUT: dest_id}


