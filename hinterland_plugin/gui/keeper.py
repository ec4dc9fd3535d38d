"""Results of a project that was not saved yet go to the Processing temporary folder (removed when QGIS
exits). When the project is then saved, the keeper copies them into the project's results folder, points the
layers there and writes the project once more, so that reopening it finds every result. It also keeps layers
the user adds drawn on top while the plugin's render order is in use."""
from __future__ import annotations

import shutil
from pathlib import Path

from qgis.core import QgsProcessingUtils, QgsProject, QgsProviderRegistry
from qgis.PyQt.QtCore import QObject, QTimer

from ..core.constants import RESULT_PROPERTY
from .results_group import new_layers_on_top


def temporary_results_root() -> Path:
    return Path(QgsProcessingUtils.tempFolder()) / "hinterland"


class ResultsKeeper(QObject):
    def __init__(self, state, parent=None):
        super().__init__(parent)
        self.state = state
        self._project: QgsProject | None = None
        self._writing = False
        self._reading = False

    def attach(self, project: QgsProject) -> None:
        self.detach()
        self._project = project
        project.projectSaved.connect(self._saved)
        project.layersAdded.connect(self._added)
        project.cleared.connect(self._read_starts)  # a read begins with a clear
        project.loadingLayer.connect(self._read_starts)
        project.readProject.connect(self._read_ends)

    def detach(self) -> None:
        if self._project is not None:
            self._project.projectSaved.disconnect(self._saved)
            self._project.layersAdded.disconnect(self._added)
            self._project.cleared.disconnect(self._read_starts)
            self._project.loadingLayer.disconnect(self._read_starts)
            self._project.readProject.disconnect(self._read_ends)
            self._project = None

    def _read_starts(self, *_):
        """Layers a project read adds keep the project's saved order (they are not "added by the user")."""
        self._reading = True
        QTimer.singleShot(0, self._read_ends)  # Project > New: no readProject follows

    def _read_ends(self, *_):
        self._reading = False

    def _added(self, layers):
        if self._reading:
            return
        ids = [lyr.id() for lyr in layers]
        QTimer.singleShot(0, lambda: self._on_top(ids))  # after QGIS has put them into the layer order

    def _on_top(self, ids):
        if self._project is not None:
            layers = [self._project.mapLayer(i) for i in ids]
            new_layers_on_top(self._project, [lyr for lyr in layers if lyr is not None])

    def _saved(self):
        if self._writing or self._project is None or not self._project.fileName():
            return
        if self.adopt(self._project):
            self._writing = True
            try:
                self._project.write()
            finally:
                self._writing = False

    def adopt(self, project: QgsProject) -> int:
        """Copy every result layer's run folder out of the temporary folder into the project's results folder
        and repoint the layer; the number of layers moved."""
        root = temporary_results_root()
        target = None
        registry = QgsProviderRegistry.instance()
        moved = 0
        for lyr in project.mapLayers().values():
            if not lyr.customProperty(RESULT_PROPERTY):
                continue
            parts = registry.decodeUri(lyr.providerType(), lyr.source())
            path = Path(parts.get("path") or "")
            try:
                rel = path.relative_to(root)
            except ValueError:
                continue  # already in a folder the user controls
            target = target or self.state.results_folder(project)
            src = root / rel.parts[0]
            dst = target / rel.parts[0]
            if src.is_dir() and not dst.exists():
                shutil.copytree(src, dst)
            elif src.is_file() and not dst.exists():
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, dst)
            parts["path"] = str(target / rel)
            lyr.setDataSource(registry.encodeUri(lyr.providerType(), parts), lyr.name(), lyr.providerType())
            moved += 1
        return moved
