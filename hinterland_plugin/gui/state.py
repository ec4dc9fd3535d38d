"""The analysis state of the dock, independent of any widget: the centre set (a list of dataclasses with a
signal), the run parameters, the scenarios, the indicator definitions and results, the last coverage run and
where results are written. It alone reads and writes the plugin's project entries (PROJECT_SCOPE) and is
cleared on Project ▸ New (QgsProject.cleared), so nothing leaks into another project."""
from __future__ import annotations

import json
import math
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsProject, QgsVectorLayer
from qgis.PyQt.QtCore import QObject, pyqtSignal

from ..core.constants import (
    PROJECT_KEY_CENTRES,
    PROJECT_KEY_INDICATOR_RESULTS,
    PROJECT_KEY_INDICATORS,
    PROJECT_KEY_RESULTS_FOLDER,
    PROJECT_KEY_SCENARIOS,
    PROJECT_SCOPE,
)
from ..core.engine.params import parse_thresholds
from ..core.engine.warning import DEFAULT_FILE, load_indicators
from ..core.errors import HinterlandError
from ..i18n import Translatable
from ..messages import user_message
from .keeper import temporary_results_root
from .results_group import layer_rows, result_layer
from .state_io import PROJECT_KEY_INPUTS, input_parameters, inputs_entry, json_entry, scenarios_entry

PROFILES = ("multimodal", "road", "rail")
DEFAULT_THRESHOLDS = "60,120,180,240"


@dataclass
class CentreRow:
    name: str
    lon: float
    lat: float
    capacity: float = 1.0
    delay_min: float = 0.0
    enabled: bool = True


class AnalysisState(Translatable, QObject):
    centresChanged = pyqtSignal()  # noqa: N815 - Qt signal names
    scenariosChanged = pyqtSignal()  # noqa: N815
    indicatorsChanged = pyqtSignal()  # noqa: N815
    coverageChanged = pyqtSignal()  # noqa: N815
    inputsChanged = pyqtSignal()  # noqa: N815 - the own-data choice
    resultsFolderChosen = pyqtSignal(str)  # noqa: N815 - the default folder, chosen once for a saved project
    cleared = pyqtSignal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.profile = "multimodal"
        self.thresholds_text = DEFAULT_THRESHOLDS
        self.resolution = 5000.0
        self._centres: list[CentreRow] = []
        self._undo: list[list[CentreRow]] = []  # earlier centre sets, newest last
        self.scenarios: dict[str, dict] = {}  # name -> {"ids": [...], "rows": [...]}
        self.indicators_text: str | None = None  # None = the bundled default set
        self.indicator_rows: list[dict] = []
        self.coverage_rows: list[dict] = []
        self.result_names: list[str] = []  # enabled centres of the last coverage run
        self.centre_times: list[str] = []  # OUTPUT_CENTRE_TIMES of the last coverage run
        self.admin_rows: list[dict] = []  # OUTPUT_ADMIN of the last coverage run
        self.inputs: dict = {}  # own data: parameter name -> layer id / field name / option
        self._project: QgsProject | None = None
        self._loading = False

    # ------------------------------------------------------------------ project life cycle
    def attach(self, project: QgsProject) -> None:
        """Follow ``project``: read its entries now and on every read, forget everything when it is cleared."""
        self.detach()
        self._project = project
        project.readProject.connect(self._project_read)
        project.cleared.connect(self.clear)
        self.load(project)

    def detach(self) -> None:
        if self._project is not None:
            self._project.readProject.disconnect(self._project_read)
            self._project.cleared.disconnect(self.clear)
            self._project = None

    def _project_read(self, _doc=None):
        self.load(self._project)

    def clear(self) -> None:
        self._centres, self._undo = [], []
        self.scenarios = {}
        self.indicators_text = None
        self.indicator_rows = []
        self.coverage_rows = []
        self.result_names = []
        self.centre_times = []
        self.admin_rows = []
        self.inputs = {}
        self.inputsChanged.emit()
        for sig in (self.centresChanged, self.scenariosChanged, self.indicatorsChanged, self.coverageChanged):
            sig.emit()
        self.cleared.emit()

    def save(self, project: QgsProject | None = None) -> None:
        project = project or self._project or QgsProject.instance()
        project.writeEntry(PROJECT_SCOPE, PROJECT_KEY_CENTRES, self.centres_json())
        project.writeEntry(PROJECT_SCOPE, PROJECT_KEY_SCENARIOS, json.dumps(self.scenarios, ensure_ascii=False,
                                                                            default=str))
        project.writeEntry(PROJECT_SCOPE, PROJECT_KEY_INDICATORS, self.indicators_text or "")
        project.writeEntry(PROJECT_SCOPE, PROJECT_KEY_INDICATOR_RESULTS,
                           json.dumps(self.indicator_rows, ensure_ascii=False, default=str))
        project.writeEntry(PROJECT_SCOPE, PROJECT_KEY_INPUTS, json.dumps(self.inputs, ensure_ascii=False))

    def load(self, project: QgsProject | None = None) -> bool:
        """Read centres, scenarios and indicators from the project; False when it has no centre set.

        A damaged entry is skipped (the rest is read); a damaged indicator set raises nothing here."""
        project = project or self._project or QgsProject.instance()
        self._loading = True
        try:
            self.inputs = inputs_entry(json_entry(project, PROJECT_KEY_INPUTS, {}))
            self.scenarios = scenarios_entry(json_entry(project, PROJECT_KEY_SCENARIOS, {}))
            text, ok = project.readEntry(PROJECT_SCOPE, PROJECT_KEY_INDICATORS, "")
            try:
                self.set_indicators_text(text if ok and text else None)
            except ValueError:
                self.set_indicators_text(None)
            rows = json_entry(project, PROJECT_KEY_INDICATOR_RESULTS, [])
            self.indicator_rows = [r for r in rows if isinstance(r, dict)] if isinstance(rows, list) else []
            text, ok = project.readEntry(PROJECT_SCOPE, PROJECT_KEY_CENTRES, "")
            has_centres = False
            if ok and text:
                try:
                    self.load_centres_json(text)
                    has_centres = bool(self._centres)
                except ValueError:
                    pass
            else:
                self.set_centres([])
            self._undo = []
            self.coverage_rows = layer_rows(result_layer(project, "coverage"))  # a reopened project's last run
            self.result_names, self.centre_times = [], []
            self.admin_rows = layer_rows(result_layer(project, "admin"))
        finally:
            self._loading = False
        self.inputsChanged.emit()
        self.scenariosChanged.emit()
        self.indicatorsChanged.emit()
        self.coverageChanged.emit()
        return has_centres

    def _save_soon(self) -> None:
        if not self._loading and self._project is not None:
            self.save(self._project)

    # ------------------------------------------------------------------ centres
    def centres(self) -> list[CentreRow]:
        return [replace(c) for c in self._centres]

    def add_centre(self, c: CentreRow) -> bool:
        """Append a centre; False (nothing added) when one already sits at the same place."""
        if any(abs(e.lon - c.lon) < 1e-6 and abs(e.lat - c.lat) < 1e-6 for e in self._centres):
            return False
        self._remember()
        self._centres.append(replace(c))
        self._centres_changed()
        return True

    def update_centre(self, index: int, **values) -> None:
        changed = replace(self._centres[index], **values)
        if changed == self._centres[index]:
            return
        self._remember()
        self._centres[index] = changed
        self._centres_changed()

    def remove_centres(self, indices) -> None:
        indices = {i for i in indices if 0 <= i < len(self._centres)}
        if indices:
            self._remember()
        for i in sorted(indices, reverse=True):
            if 0 <= i < len(self._centres):
                del self._centres[i]
        self._centres_changed()

    def set_centres(self, rows: list[CentreRow]) -> None:
        self._remember()
        self._centres = []
        for c in rows:
            if not any(abs(e.lon - c.lon) < 1e-6 and abs(e.lat - c.lat) < 1e-6 for e in self._centres):
                self._centres.append(replace(c))
        self._centres_changed()

    def _remember(self):
        if not self._loading:
            self._undo.append([replace(c) for c in self._centres])
            del self._undo[:-50]

    def can_undo(self) -> bool:
        return bool(self._undo)

    def undo(self) -> bool:
        """Back to the centre set before the last change (add, edit, remove, load); False when there is none."""
        if not self._undo:
            return False
        self._centres = self._undo.pop()
        self._centres_changed()
        return True

    def _centres_changed(self):
        self._save_soon()
        self.centresChanged.emit()

    def centres_json(self) -> str:
        return json.dumps([asdict(c) for c in self._centres], ensure_ascii=False)

    def load_centres_json(self, text: str) -> None:
        try:
            rows = [CentreRow(**d) for d in json.loads(text)]
        except (ValueError, TypeError) as exc:
            raise ValueError(self.tr("Not a Hinterland centre set: {0}").format(exc)) from exc
        self.set_centres(rows)

    # ------------------------------------------------------------------ run parameters
    def set_parameters(self, profile: str, thresholds_text: str, resolution: float) -> None:
        self.profile, self.thresholds_text, self.resolution = profile, thresholds_text, float(resolution)

    def thresholds(self) -> list[float]:
        try:
            return parse_thresholds(self.thresholds_text)
        except HinterlandError as exc:
            raise ValueError(user_message(exc)) from exc

    def validate(self) -> tuple[list[CentreRow], list[float]]:
        """(enabled centres, thresholds) or ValueError with a message for the user."""
        if not self._centres:
            raise ValueError(self.tr("Add at least one centre."))
        active = [c for c in self._centres if c.enabled]
        if not active:
            raise ValueError(self.tr("All centres are disabled: tick at least one."))
        for c in active:
            if not math.isfinite(c.delay_min) or c.delay_min < 0:
                raise ValueError(self.tr("Centre '{0}': the delay must be a number of minutes >= 0.").format(c.name))
        return [replace(c) for c in active], self.thresholds()

    def common_parameters(self, centres_layer: QgsVectorLayer) -> dict:
        """CENTRES and the run parameters every engine algorithm takes."""
        return dict(self.input_parameters(), CENTRES=centres_layer, NAME_FIELD="name", DELAY_FIELD="delay",
                    PROFILE=self.profile, RESOLUTION=self.resolution)

    def set_inputs(self, inputs: dict) -> None:
        """The own-data choice (parameter name -> layer id, list of layer ids for NETWORK / SITES, field name or
        option), saved in the project."""
        self.inputs = inputs_entry(inputs)
        self._save_soon()
        self.inputsChanged.emit()

    def input_parameters(self) -> dict:
        """The own data as Processing values, for every algorithm the dock runs."""
        return input_parameters(self.inputs, self._project)

    @staticmethod
    def centres_layer(rows: list[CentreRow]) -> QgsVectorLayer:
        lyr = QgsVectorLayer("Point?crs=EPSG:4326&field=name:string&field=delay:double&field=capacity:double",
                             "centres", "memory")
        feats = []
        for c in rows:
            f = QgsFeature(lyr.fields())
            f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(c.lon, c.lat)))
            f.setAttributes([c.name, c.delay_min, c.capacity])
            feats.append(f)
        lyr.dataProvider().addFeatures(feats)
        return lyr

    # ------------------------------------------------------------------ coverage results
    def set_coverage(self, rows: list[dict], names: list[str], centre_times: list[str],
                     admin_rows: list[dict] | None = None) -> None:
        self.coverage_rows, self.result_names, self.centre_times = list(rows), list(names), list(centre_times)
        self.admin_rows = list(admin_rows or [])
        self.coverageChanged.emit()

    # ------------------------------------------------------------------ scenarios
    def set_scenario(self, name: str, ids: list[str], rows: list[dict]) -> None:
        self.scenarios[name] = {"ids": list(ids), "rows": list(rows)}
        self._save_soon()
        self.scenariosChanged.emit()

    def remove_scenario(self, name: str) -> None:
        self.scenarios.pop(name, None)
        self._save_soon()
        self.scenariosChanged.emit()

    def warning_parameters(self, folder: Path) -> dict:
        """DISRUPTED / SCENARIO_NAMES for every scenario, INDICATORS (a file in ``folder``) for a project set."""
        named = [(n, s["ids"]) for n, s in self.scenarios.items() if s["ids"]]
        params = {"DISRUPTED": ";".join(",".join(ids) for _, ids in named),
                  "SCENARIO_NAMES": ";".join(n.replace(";", ",") for n, _ in named)}
        if self.indicators_text is not None:
            path = Path(folder) / "indicators.json"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(self.indicators_text, encoding="utf-8")
            params["INDICATORS"] = str(path)
        return params

    def report_parameters(self, folder: Path) -> dict:
        """Early-warning parameters for hinterland:report once indicators were evaluated: the same definitions
        and scenarios, re-evaluated for the report's centres (empty before)."""
        if not self.indicator_rows:
            return {}
        return dict(self.warning_parameters(folder), EARLY_WARNING=True)

    # ------------------------------------------------------------------ indicators
    def set_indicators_text(self, text: str | None) -> None:
        """Use these indicator definitions (JSON text; None = bundled default). ValueError if invalid."""
        if text is not None:
            try:
                load_indicators(text)
            except HinterlandError as exc:
                raise ValueError(self.tr("The indicator file could not be used: {0}").format(user_message(exc))) from exc
        self.indicators_text = text
        self._save_soon()
        self.indicatorsChanged.emit()

    def indicator_count(self) -> int:
        return len(load_indicators(self.indicators_text))

    def indicators_json(self) -> str:
        return self.indicators_text if self.indicators_text is not None else DEFAULT_FILE.read_text(encoding="utf-8")

    def set_indicator_rows(self, rows: list[dict]) -> None:
        self.indicator_rows = list(rows)
        self._save_soon()
        self.indicatorsChanged.emit()

    # ------------------------------------------------------------------ where results are written
    def results_folder(self, project: QgsProject | None = None) -> Path:
        """The folder the user controls: the project's entry, else ``<project>_hinterland`` beside a saved
        project (remembered in the project), else the Processing temporary folder."""
        project = project or self._project or QgsProject.instance()
        text, ok = project.readEntry(PROJECT_SCOPE, PROJECT_KEY_RESULTS_FOLDER, "")
        base = Path(project.absolutePath()) if project.fileName() else None
        if ok and text:
            path = Path(text)
            return path if path.is_absolute() or base is None else base / path
        if base is not None:
            name = f"{project.baseName()}_hinterland"
            project.writeEntry(PROJECT_SCOPE, PROJECT_KEY_RESULTS_FOLDER, name)
            self.resultsFolderChosen.emit(str(base / name))
            return base / name
        return temporary_results_root()

    @staticmethod
    def set_results_folder(project: QgsProject, folder: str | Path) -> None:
        """Remember ``folder``, relative to the project when it lies beside it (the project can move)."""
        folder = Path(folder)
        if project.fileName():
            try:
                folder = folder.resolve().relative_to(Path(project.absolutePath()).resolve())
            except ValueError:
                pass
        project.writeEntry(PROJECT_SCOPE, PROJECT_KEY_RESULTS_FOLDER, str(folder))

    def run_folder(self, kind: str, project: QgsProject | None = None) -> Path:
        """A new folder for one run's files (earlier runs are never overwritten while their layers are open)."""
        base = self.results_folder(project)
        stamp = time.strftime("%Y%m%d_%H%M%S")
        for n in range(1000):
            folder = base / (f"{kind}_{stamp}" + (f"_{n}" if n else ""))
            if not folder.exists():
                folder.mkdir(parents=True)
                return folder
        raise OSError(self.tr("No free folder name in {0}.").format(base))

