"""Base class shared by every Hinterland algorithm."""
from __future__ import annotations

from qgis.core import QgsProcessingAlgorithm
from qgis.PyQt.QtGui import QIcon

from ...i18n import tr
from ...core.resources import icon_path


class HinterlandAlgorithm(QgsProcessingAlgorithm):
    """Subclasses set ALG_ID, DISPLAY_NAME, GROUP_ID, GROUP_NAME, HELP and implement the rest."""

    ALG_ID = ""
    DISPLAY_NAME = ""
    GROUP_ID = "data"
    GROUP_NAME = "Data"
    HELP = ""

    def tr(self, text: str) -> str:
        return tr(text)

    def createInstance(self):  # noqa: N802
        return type(self)()

    def name(self) -> str:
        return self.ALG_ID

    def displayName(self) -> str:  # noqa: N802
        return self.tr(self.DISPLAY_NAME)

    def group(self) -> str:
        return self.tr(self.GROUP_NAME)

    def groupId(self) -> str:  # noqa: N802
        return self.GROUP_ID

    def shortHelpString(self) -> str:  # noqa: N802
        return self.tr(self.HELP)

    def icon(self) -> QIcon:
        return QIcon(str(icon_path()))


class EngineAlgorithm(HinterlandAlgorithm):
    """Shared parameters of the accessibility algorithms (PROFILE, RESOLUTION, CENTRES...)."""

    GROUP_ID = "accessibility"
    GROUP_NAME = "Accessibility"

    PROFILE = "PROFILE"
    RESOLUTION = "RESOLUTION"
    THRESHOLDS = "THRESHOLDS"

    def add_thresholds(self, default: str = "60,120,180,240"):
        from qgis.core import QgsProcessingParameterString

        self.addParameter(QgsProcessingParameterString(self.THRESHOLDS, self.tr("Thresholds (minutes)"),
                                                       defaultValue=default))

    def read_thresholds(self, parameters, context) -> list[float]:
        """Sorted unique minutes; a bad list raises a translated QgsProcessingException."""
        from ...core.engine.params import parse_thresholds
        from ...engine_service import engine_call

        return engine_call(parse_thresholds, self.parameterAsString(parameters, self.THRESHOLDS, context))

    def add_profile_and_resolution(self):
        from qgis.core import QgsProcessingParameterEnum, QgsProcessingParameterNumber

        from ...engine_service import PROFILES

        self.addParameter(QgsProcessingParameterEnum(
            self.PROFILE, self.tr("Travel profile"), options=list(PROFILES), defaultValue="multimodal",
            usesStaticStrings=True))
        res = QgsProcessingParameterNumber(
            self.RESOLUTION, self.tr("Resolution (m)"), QgsProcessingParameterNumber.Type.Double,
            defaultValue=5000.0, minValue=100.0, maxValue=100000.0)
        self.addParameter(res)

    def add_centres(self, name="CENTRES", label=None, fields=True):
        from qgis.core import QgsProcessingParameterFeatureSource, QgsProcessingParameterField

        from .strategic_layers import VECTOR_POINT

        label = label or self.tr("Hinterland centres (points)")
        self.addParameter(QgsProcessingParameterFeatureSource(name, label, [VECTOR_POINT]))
        if fields:
            self.addParameter(QgsProcessingParameterField(
                "NAME_FIELD", self.tr("Centre name field"), parentLayerParameterName=name, optional=True))
            self.addParameter(QgsProcessingParameterField(
                "DELAY_FIELD", self.tr("Readiness delay field (minutes)"), parentLayerParameterName=name,
                type=QgsProcessingParameterField.DataType.Numeric, optional=True))

    def prepare(self, parameters, context, feedback, extent=None):
        """Engine + prepared grid (cached across runs) for PROFILE and RESOLUTION."""
        from ...engine_service import engine_call, get_engine

        profile = self.parameterAsEnumString(parameters, self.PROFILE, context) or "multimodal"
        res = self.parameterAsDouble(parameters, self.RESOLUTION, context)
        engine = get_engine()
        feedback.pushInfo(self.tr("Preparing the {0} grid at {1:g} m (cached after the first run)…").format(profile, res))
        prepared = engine_call(engine.prepare, profile, res, extent)
        feedback.pushInfo(self.tr("{0} x {1} cells, {2} land cells, {3} network nodes.").format(
            prepared.grid.nrows, prepared.grid.ncols, int(prepared.land.sum()), prepared.network.n_extra))
        return engine, prepared

    def read_centres(self, parameters, context, name="CENTRES", with_fields=True):
        from ...engine_service import centres_from_source

        source = self.parameterAsSource(parameters, name, context)
        nf = self.parameterAsString(parameters, "NAME_FIELD", context) if with_fields else None
        df = self.parameterAsString(parameters, "DELAY_FIELD", context) if with_fields else None
        return centres_from_source(source, nf or None, df or None, context, name)


_POST_PROCESSORS: list = []  # QGIS does not own Python post-processors: keep them alive


def style_on_load(context, dest: str, style) -> None:
    """Apply ``style(layer)`` when Processing loads the output ``dest`` into the project."""
    from qgis.core import QgsProcessingLayerPostProcessorInterface

    if not context.willLoadLayerOnCompletion(dest):
        return

    class _Styler(QgsProcessingLayerPostProcessorInterface):
        def postProcessLayer(self, layer, context, feedback):  # noqa: N802
            if layer is not None and layer.isValid():
                style(layer)

    post = _Styler()
    _POST_PROCESSORS.append(post)
    del _POST_PROCESSORS[:-16]
    context.layerToLoadOnCompletionDetails(dest).setPostProcessor(post)


def make_field(name: str, kind: str):
    """QgsField of kind 'string' | 'double' | 'int' on QGIS >= 3.38 (QMetaType) and older (QVariant)."""
    from qgis.core import QgsField

    try:
        from qgis.PyQt.QtCore import QMetaType

        types = {"string": QMetaType.Type.QString, "double": QMetaType.Type.Double, "int": QMetaType.Type.Int}
        return QgsField(name, types[kind])
    except TypeError:  # pragma: no cover - QGIS < 3.38
        from qgis.PyQt.QtCore import QVariant

        types = {"string": QVariant.String, "double": QVariant.Double, "int": QVariant.Int}
        return QgsField(name, types[kind])
