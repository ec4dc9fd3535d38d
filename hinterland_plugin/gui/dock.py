"""The Hinterland dock: composes one widget per tab around the shared analysis state and runner.

Centres | Run (with the own-data section) | Scenarios (Disruption, Compare, Early warning) | Gateways | Monitor. The tabs hold no analysis state of their own
(the centres, scenarios and indicators live in ``AnalysisState``) and compute nothing: every figure comes
from a ``hinterland:*`` Processing algorithm started through the one ``AlgorithmRunner``."""
from __future__ import annotations

from qgis.core import Qgis, QgsProject
from qgis.gui import QgsDockWidget
from qgis.PyQt.QtCore import pyqtSignal
from qgis.PyQt.QtWidgets import QFrame, QScrollArea, QTabWidget, QVBoxLayout, QWidget

from ..i18n import Translatable
from .centres_tab import CentresTab
from .compare_tab import CompareTab
from .disruption_tab import DisruptionTab
from .gateways_tab import GatewaysTab
from .keeper import ResultsKeeper
from .monitor_tab import MonitorTab
from .run_tab import RunTab
from .runner import AlgorithmRunner
from .state import AnalysisState
from .warning_tab import WarningTab
from .widgets import RunProgress, StatusLabel


class HinterlandDock(Translatable, QgsDockWidget):
    resultsReady = pyqtSignal(list)  # noqa: N815 - coverage rows
    reportReady = pyqtSignal(dict)  # noqa: N815 - the report's results dict

    def __init__(self, iface=None, parent=None, project: QgsProject | None = None):
        super().__init__(self.tr("Hinterland"), parent)
        self.setObjectName("HinterlandDock")
        self.iface = iface
        self.state = AnalysisState(self)
        self.runner = AlgorithmRunner(self)
        self.centres_tab = CentresTab(self.state, iface)
        self.run_tab = RunTab(self.state, self.runner, iface)
        self.disruption_tab = DisruptionTab(self.state, self.runner, iface)
        self.compare_tab = CompareTab(self.state)
        self.warning_tab = WarningTab(self.state, self.runner)
        self.gateways_tab = GatewaysTab(self.state, self.runner, iface)
        self.monitor_tab = MonitorTab(self.state, self.runner, iface)
        self.run_tab.resultsReady.connect(self.resultsReady)
        self.run_tab.reportReady.connect(self.reportReady)
        self.run_tab.monitor_feed = self.monitor_tab.feed.currentLayer  # the report's page 2 monitors that feed
        self.compare_tab.editRequested.connect(self._edit_scenario)

        self.scenarios = QTabWidget()
        self.scenarios.addTab(self.disruption_tab, self.tr("Disruption"))
        self.scenarios.addTab(self.compare_tab, self.tr("Compare"))
        self.scenarios.addTab(self.warning_tab, self.tr("Early warning"))
        self.tabs = QTabWidget()
        # every tab scrolls: the dock's minimum height is then the tab bar and a few rows, not the tallest tab
        # (the Gateways tab made QGIS' window 773 px at least, taller than a 1366 x 768 screen)
        self._pages: dict[QWidget, QScrollArea] = {}
        for widget, title in ((self.centres_tab, self.tr("Centres")), (self.run_tab, self.tr("Run")),
                              (self.scenarios, self.tr("Scenarios")), (self.gateways_tab, self.tr("Gateways")),
                              (self.monitor_tab, self.tr("Monitor"))):
            page = QScrollArea()
            page.setWidgetResizable(True)
            page.setFrameShape(QFrame.Shape.NoFrame)
            page.setWidget(widget)
            self._pages[widget] = page
            self.tabs.addTab(page, title)
        self.tabs.currentChanged.connect(self._tab_changed)
        root = QWidget()
        lay = QVBoxLayout(root)
        lay.addWidget(self.tabs)
        root.setMinimumWidth(360)
        self.setWidget(root)
        self.keeper = ResultsKeeper(self.state, self)
        self.state.resultsFolderChosen.connect(self._folder_chosen)
        self.state.cleared.connect(self.runner.cancel)  # a run started for the old project adds nothing to the new
        self.state.cleared.connect(self._forget_feedback)
        self.state.attach(project or QgsProject.instance())
        self.keeper.attach(project or QgsProject.instance())

    def _forget_feedback(self):
        """Project > New: no progress bar at the last run's percent, no "Report written: <old file>"."""
        for bar in self.findChildren(RunProgress):
            bar.reset()
        for label in self.findChildren(StatusLabel):
            label.show_message("")

    def _tab_changed(self, index: int):
        if self.tabs.widget(index) is self._pages[self.scenarios]:
            self.disruption_tab.load_segments()  # read the segments only once somebody looks at them

    def _folder_chosen(self, folder: str):
        text = self.tr("Results of this project are written to {0} (Run tab, Results folder… to change).").format(folder)
        if self.iface is not None:
            self.iface.messageBar().pushMessage(self.tr("Hinterland"), text, level=Qgis.MessageLevel.Info, duration=10)

    def _edit_scenario(self, name: str):
        self.disruption_tab.edit_scenario(name)
        self.scenarios.setCurrentWidget(self.disruption_tab)

    # ------------------------------------------------------------------ what the plugin and scripts use
    def show_tab(self, name: str) -> None:
        """'centres', 'run', 'disruption', 'compare', 'warning', 'gateways' or 'monitor'."""
        widget = getattr(self, f"{name}_tab")
        if widget in (self.disruption_tab, self.compare_tab, self.warning_tab):
            self.scenarios.setCurrentWidget(widget)
            widget = self.scenarios
        self.tabs.setCurrentWidget(self._pages[widget])

    def cancel(self) -> None:
        self.runner.cancel()

    def close_tools(self) -> None:
        """Release every map tool and canvas item of the dock (on close and plugin unload)."""
        for tab in (self.centres_tab, self.run_tab, self.disruption_tab, self.gateways_tab, self.monitor_tab):
            tab.close_tools()

    def unload(self) -> None:
        """Cancel a running task and wait for it, release the map tools, stop following the project."""
        self.runner.cancel_all(wait=True)
        self.close_tools()
        self.state.detach()
        self.keeper.detach()

    def closeEvent(self, event):
        self.close_tools()
        super().closeEvent(event)
