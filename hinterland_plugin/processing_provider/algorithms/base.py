"""Base classes shared by every Hinterland algorithm."""
from __future__ import annotations

import html
from functools import lru_cache

from qgis.core import (
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)
from qgis.PyQt.QtGui import QIcon

from ...core.constants import SITE_SETS
from ...core.engine.coverage import PointSet
from ...core.engine.inputs import site_sets
from ...core.engine.model import bundled_points
from ...core.engine.params import parse_thresholds
from ...core.engine.profiles import load_profiles
from ...core.errors import HinterlandError
from ...core.resources import icon_path, resources_dir
from ...i18n import QT_TRANSLATE_NOOP, Translatable
from ...messages import user_message
from ..adapter import VECTOR_POINT, centres_from_source, check_output, engine_call
from ..inputs import input_parameters, read_inputs

DEFAULT_PROFILE = "multimodal"


@lru_cache(maxsize=1)
def profile_names() -> tuple[str, ...]:
    """Profiles of the bundled profiles.toml, default first (empty when the file cannot be read)."""
    try:
        names = sorted(load_profiles(resources_dir() / "profiles" / "profiles.toml"))
    except HinterlandError:
        return ()
    return tuple(sorted(names, key=lambda n: (n != DEFAULT_PROFILE, n)))


class HinterlandAlgorithm(Translatable, QgsProcessingAlgorithm):
    """Subclasses set ALG_ID, DISPLAY_NAME, GROUP_ID, GROUP_NAME, HELP and implement the rest."""

    ALG_ID = ""
    DISPLAY_NAME = ""
    GROUP_ID = "data"
    GROUP_NAME = QT_TRANSLATE_NOOP("HinterlandAlgorithm", "Data")
    HELP = ""

    def createInstance(self):
        return type(self)()

    def name(self) -> str:
        return self.ALG_ID

    def displayName(self) -> str:
        return self.class_text("DISPLAY_NAME")

    def group(self) -> str:
        return self.class_text("GROUP_NAME")

    def groupId(self) -> str:
        return self.GROUP_ID

    def shortHelpString(self) -> str:
        # QGIS shows the help as HTML: escape it, or placeholders such as time_centre_<i>.tif vanish
        return html.escape(self.class_text("HELP"), quote=False)

    def icon(self) -> QIcon:
        return QIcon(str(icon_path()))

    def checkParameterValues(self, parameters, context):
        ok, message = super().checkParameterValues(parameters, context)
        if not ok:
            return ok, message
        try:
            self._check_destinations(parameters, context)
        except QgsProcessingException as exc:
            return False, exc.args[0] if exc.args else str(exc)
        return True, ""

    def prepareAlgorithm(self, parameters, context, feedback):
        """Before any run (GUI, processing.run, qgis_process): see ``_check_destinations``."""
        self._check_destinations(parameters, context)
        return True

    def _check_destinations(self, parameters, context):
        """No output may replace an input of the run or lie in the plugin's bundled data — feature sinks and
        files as well as rasters."""
        for definition in self.destinationParameterDefinitions():
            name = definition.name()
            if parameters.get(name) in (None, ""):
                continue
            if isinstance(definition, (QgsProcessingParameterFileDestination, QgsProcessingParameterFolderDestination)):
                path = self.parameterAsFileOutput(parameters, name, context)
            else:
                path = self.parameterAsOutputLayer(parameters, name, context)
            check_output(path, parameters, context)


class EngineAlgorithm(HinterlandAlgorithm):
    """Shared parameters of the accessibility algorithms (PROFILE, RESOLUTION, CENTRES...)."""

    GROUP_ID = "accessibility"
    GROUP_NAME = QT_TRANSLATE_NOOP("EngineAlgorithm", "Accessibility")

    PROFILE = "PROFILE"
    RESOLUTION = "RESOLUTION"
    KNIGHT = "KNIGHT"
    THRESHOLDS = "THRESHOLDS"

    def engine(self):
        """The engine of the provider this algorithm belongs to."""
        provider = self.provider()
        if provider is None or not hasattr(provider, "engine"):
            raise QgsProcessingException(self.tr("The Hinterland Processing provider is not loaded."))
        return provider.engine()

    def add_threshold(self, name: str = "THRESHOLD", default: float = 180.0):
        """One coverage threshold in minutes (1 min to a week)."""
        self.addParameter(QgsProcessingParameterNumber(name, self.tr("Coverage threshold (minutes)"),
                                                       QgsProcessingParameterNumber.Type.Double, defaultValue=default,
                                                       minValue=1.0, maxValue=7 * 24 * 60.0))

    def add_thresholds(self, default: str = "60,120,180,240"):
        self.addParameter(QgsProcessingParameterString(self.THRESHOLDS, self.tr("Thresholds (minutes)"),
                                                       defaultValue=default))

    def read_thresholds(self, parameters, context) -> list[float]:
        """Sorted unique minutes; a bad list raises a translated QgsProcessingException."""
        return engine_call(parse_thresholds, self.parameterAsString(parameters, self.THRESHOLDS, context))

    def add_profile_and_resolution(self):
        self.addParameter(QgsProcessingParameterEnum(
            self.PROFILE, self.tr("Travel profile"), options=list(profile_names()), defaultValue=DEFAULT_PROFILE,
            usesStaticStrings=True))
        res = QgsProcessingParameterNumber(
            self.RESOLUTION, self.tr("Resolution (m)"), QgsProcessingParameterNumber.Type.Double,
            defaultValue=5000.0, minValue=100.0, maxValue=100000.0)
        self.addParameter(res)
        knight = QgsProcessingParameterBoolean(
            self.KNIGHT, self.tr("16 neighbours (knight's moves, as GRASS r.cost -k): less metrication error, "
                                 "about twice the solve time"), defaultValue=False, optional=True)
        knight.setFlags(knight.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced)
        self.addParameter(knight)
        self.add_inputs()

    def add_inputs(self, population: bool = True, sites: bool | None = None):
        """The user's own study area, network, friction, population and sites (advanced, optional)."""
        for definition in input_parameters(population, sites):
            self.addParameter(definition)

    def sites(self, engine, prepared, lang: str) -> dict:
        """The bundled site sets, plus the user's own (named after their layers)."""
        out = {k: bundled_points(engine, prepared, k, None, lang) for k in SITE_SETS}
        if prepared.inputs is not None and prepared.inputs.sites:
            out.update(site_sets(prepared.inputs, prepared.grid, prepared.land, PointSet))
        return out

    def add_centres(self, name="CENTRES", label=None, fields=True):
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
        profile = self.parameterAsEnumString(parameters, self.PROFILE, context) or DEFAULT_PROFILE
        res = self.parameterAsDouble(parameters, self.RESOLUTION, context)
        engine = self.engine()
        inputs = read_inputs(self, parameters, context, feedback)
        feedback.setProgressText(self.tr("Preparing the {0} grid at {1:g} m (cached after the first run)…").format(
            profile, res))
        knight = self.KNIGHT in parameters and self.parameterAsBoolean(parameters, self.KNIGHT, context)
        prepared = engine_call(engine.prepare, profile, res, extent, inputs=inputs, knight=knight)
        feedback.pushInfo(self.tr("{0} x {1} cells, {2} land cells, {3} network nodes.").format(
            prepared.grid.nrows, prepared.grid.ncols, int(prepared.land.sum()), prepared.network.n_extra))
        for note in prepared.notes:
            feedback.pushWarning(user_message(note))  # translated by its code
        return engine, prepared

    def read_centres(self, parameters, context, name="CENTRES", with_fields=True, capacity_field=None):
        source = self.parameterAsSource(parameters, name, context)
        nf = self.parameterAsString(parameters, "NAME_FIELD", context) if with_fields else None
        df = self.parameterAsString(parameters, "DELAY_FIELD", context) if with_fields else None
        return centres_from_source(source, nf or None, df or None, context, name, capacity_field or None)
