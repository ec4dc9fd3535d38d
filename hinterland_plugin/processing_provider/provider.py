"""The ``hinterland`` Processing provider: the one public interface of the plugin."""
from __future__ import annotations

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from ..i18n import tr
from ..core.resources import icon_path, metadata


class HinterlandProvider(QgsProcessingProvider):
    def id(self) -> str:  # noqa: A003
        return "hinterland"

    def name(self) -> str:
        return tr("Hinterland")

    def longName(self) -> str:  # noqa: N802
        return tr("Hinterland — national strategic hinterland analysis")

    def icon(self) -> QIcon:
        return QIcon(str(icon_path()))

    def versionInfo(self) -> str:  # noqa: N802
        return metadata().get("version", "")

    def loadAlgorithms(self) -> None:  # noqa: N802
        from .algorithms import ALGORITHMS

        for cls in ALGORITHMS:
            self.addAlgorithm(cls())
