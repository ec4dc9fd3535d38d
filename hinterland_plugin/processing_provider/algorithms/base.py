"""Base class shared by every Hinterland algorithm."""
from __future__ import annotations

from qgis.core import QgsProcessingAlgorithm
from qgis.PyQt.QtGui import QIcon

from ...i18n import tr
from ...paths import icon_path


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
