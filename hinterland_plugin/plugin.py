"""The QGIS plugin object: registrations in initGui()/initProcessing(), mirrored in unload()."""
from __future__ import annotations

from qgis.core import Qgis, QgsApplication, QgsProject
from qgis.PyQt.QtCore import QCoreApplication, Qt, QTimer
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QAction

from .i18n import install_translator, tr
from .core.resources import icon_path

MENU = "&Hinterland"


class HinterlandPlugin:
    """Adds the *Add strategic layers* action and the ``hinterland`` Processing provider."""

    def __init__(self, iface):
        self.iface = iface  # None when started by qgis_process (initProcessing only)
        self.provider = None
        self.translator = None
        self.actions: list[QAction] = []
        self.menu_name = MENU
        self.dock = None
        self.panel_action = None

    # ------------------------------------------------------------------ registration
    def initProcessing(self):  # noqa: N802 - QGIS API
        if self.provider is not None:
            return
        from .engine_service import warm_up
        from .processing_provider.provider import HinterlandProvider

        warm_up()  # main thread: CRS objects first built in a task thread go stale (see albers_crs)
        self.provider = HinterlandProvider()
        QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self):  # noqa: N802 - QGIS API
        if self.translator is None:
            self.translator = install_translator()
        self.initProcessing()
        action = QAction(QIcon(str(icon_path())), tr("Add strategic layers"), self.iface.mainWindow())
        action.setObjectName("hinterlandAddStrategicLayers")
        action.setToolTip(tr("Add the sourced strategic-hinterland layers (corridors, reserve sites, "
                             "computing hubs, candidate centres, reference lines) to the project"))
        action.triggered.connect(self.add_strategic_layers)
        self.iface.addPluginToMenu(self.menu_name, action)
        self.iface.addToolBarIcon(action)
        self.actions.append(action)

        from .dock import HinterlandDock

        self.dock = HinterlandDock(self.iface, self.iface.mainWindow())
        self.iface.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.hide()
        panel = self.dock.toggleViewAction()
        panel.setIcon(QIcon(str(icon_path())))
        panel.setText(tr("Hinterland analysis panel"))
        panel.setObjectName("hinterlandTogglePanel")
        self.iface.addPluginToMenu(self.menu_name, panel)
        self.iface.addToolBarIcon(panel)
        self.panel_action = panel
        # centre sets travel with the project: reload them when a project is opened
        QgsProject.instance().readProject.connect(self._project_read)

    def unload(self):
        if self.dock is not None:
            QgsProject.instance().readProject.disconnect(self._project_read)
            if self.iface is not None:
                self.iface.removePluginMenu(self.menu_name, self.panel_action)
                self.iface.removeToolBarIcon(self.panel_action)
                self.iface.removeDockWidget(self.dock)
            self.dock.cancel()
            self.dock.close_tools()
            self.dock.deleteLater()
            self.dock = None
            self.panel_action = None
        for action in self.actions:
            if self.iface is not None:
                self.iface.removePluginMenu(self.menu_name, action)
                self.iface.removeToolBarIcon(action)
            action.triggered.disconnect(self.add_strategic_layers)
            action.deleteLater()
        self.actions.clear()
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        if self.translator is not None:
            QCoreApplication.removeTranslator(self.translator)
            self.translator = None

    # ------------------------------------------------------------------ actions
    def add_strategic_layers(self, _checked: bool = False):
        from .layers import HinterlandError, add_strategic_layers

        bar = self.iface.messageBar()
        try:
            result = add_strategic_layers(QgsProject.instance())
        except HinterlandError as exc:
            bar.pushMessage(tr("Hinterland"), str(exc), level=Qgis.MessageLevel.Critical)
            return None
        if result.crs_set:
            # QGIS main window may still apply "CRS of the first layer added" to the empty project
            # from a queued event: set the equal-area CRS again once those have run.
            QTimer.singleShot(0, self._reapply_albers)
        if result.added:
            msg = tr("Added {0} strategic layers.").format(len(result.added))
            if result.crs_set:
                msg += " " + tr("The empty project now uses the China Albers equal-area CRS.")
            bar.pushMessage(tr("Hinterland"), msg, level=Qgis.MessageLevel.Success, duration=5)
        else:
            bar.pushMessage(tr("Hinterland"), tr("The strategic layers are already in the project."),
                            level=Qgis.MessageLevel.Info, duration=5)
        return result

    def _project_read(self, _doc=None):
        if self.dock is not None:
            try:
                self.dock.load_from_project(QgsProject.instance())
            except ValueError:
                pass  # not our entry, or damaged: leave the table as it is

    def _reapply_albers(self):
        from .layers import albers_crs

        project = QgsProject.instance()
        if project.crs() != albers_crs():
            project.setCrs(albers_crs())
