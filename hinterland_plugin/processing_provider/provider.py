"""The ``hinterland`` Processing provider: the one public interface of the plugin. It owns the engine."""
from __future__ import annotations

import threading

from qgis.core import QgsProcessingException, QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from ..core.dependencies import missing_dependencies
from ..core.engine.model import Engine
from ..core.errors import HinterlandError
from ..core.resources import data_path, icon_path, metadata, resources_dir
from ..i18n import Translatable
from ..messages import user_message
from .algorithms import ALGORITHMS


class HinterlandProvider(Translatable, QgsProcessingProvider):
    """``engine``: inject one (tests, other data); by default the bundled data's engine is built on first use
    and kept for the session, so its cache of prepared grids survives between runs."""

    def __init__(self, engine: Engine | None = None):
        super().__init__()
        self._engine = engine
        self._lock = threading.Lock()

    def id(self) -> str:  # noqa: A003 - QGIS API
        return "hinterland"

    def name(self) -> str:
        return self.tr("Hinterland")

    def longName(self) -> str:
        return self.tr("Hinterland — national strategic hinterland analysis")

    def icon(self) -> QIcon:
        return QIcon(str(icon_path()))

    def versionInfo(self) -> str:
        return metadata().get("version", "")

    def loadAlgorithms(self) -> None:
        for cls in ALGORITHMS:
            self.addAlgorithm(cls())

    def engine(self) -> Engine:
        """The session's engine; raises QgsProcessingException naming missing packages or data."""
        with self._lock:
            if self._engine is None:
                missing = missing_dependencies()
                if missing:
                    raise QgsProcessingException(self.tr(
                        "The accessibility engine needs these Python packages, which are missing or too old: {0}. "
                        "Install them into the Python that QGIS uses, e.g. python3 -m pip install --user {1}").format(
                        "; ".join(missing), " ".join(f"'{m.split(' (')[0].replace(' ', '')}'" for m in missing)))
                try:
                    self._engine = Engine(data_path(), data_path("dem_china.tif"),
                                          resources_dir() / "profiles" / "profiles.toml")
                except HinterlandError as exc:
                    raise QgsProcessingException(user_message(exc)) from exc
            return self._engine

    def set_engine(self, engine: Engine | None) -> None:
        """Replace the engine (None: the bundled one is built again on next use)."""
        with self._lock:
            self._engine = engine
