"""The QGIS plugin object: registrations in initGui()/initProcessing(), mirrored in unload().

initGui() only registers actions and the provider: the dock (which reads the candidate centres and the
indicator set) is created the first time its action is switched on."""
from __future__ import annotations

from qgis.core import Qgis, QgsApplication, QgsCoordinateTransform, QgsProject
from qgis.PyQt.QtCore import QCoreApplication, Qt, QTimer
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QAction

from .core.constants import THEME_PROPERTY
from .core.resources import icon_path
from .crs import register_user_crs, warm_up
from .gui.dock import HinterlandDock
from .i18n import Translatable, install_translator
from .layers import LayerError, add_strategic_layers, albers_crs, register_path_hooks, unregister_path_hooks
from .processing_provider.provider import HinterlandProvider

MENU = "&Hinterland"


class HinterlandPlugin(Translatable):
    """Adds *Add strategic layers*, the *Hinterland analysis panel* and the ``hinterland`` Processing provider."""

    def __init__(self, iface):
        self.iface = iface  # None when started by qgis_process (initProcessing only)
        self.provider = None
        self.path_hooks = None
        self.translator = None
        self.actions: list[QAction] = []
        self.menu_name = MENU
        self.dock: HinterlandDock | None = None
        self.panel_action: QAction | None = None

    # ------------------------------------------------------------------ registration
    def initProcessing(self):
        if self.provider is not None:
            return
        warm_up()  # main thread: CRS objects first built in a task thread go stale (see crs.albers_crs)
        self.path_hooks = register_path_hooks()  # bundled layers saved as a token, found again on any machine
        self.provider = HinterlandProvider()
        QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self):
        if self.translator is None:
            self.translator = install_translator()
        self.initProcessing()
        # desktop QGIS: China Albers as a named user CRS before any project is read, so the status bar and
        # layer properties show its name, not "Unknown CRS" (found again, never added twice)
        register_user_crs()
        window = self.iface.mainWindow()
        action = QAction(QIcon(str(icon_path())), self.tr("Add strategic layers"), window)
        action.setObjectName("hinterlandAddStrategicLayers")
        action.setToolTip(self.tr("Add the sourced strategic-hinterland layers (corridors, reserve sites, "
                             "computing hubs, candidate centres, reference lines) to the project"))
        action.triggered.connect(self.add_strategic_layers)
        self.iface.addPluginToMenu(self.menu_name, action)
        self.iface.addToolBarIcon(action)
        self.actions.append(action)

        panel = QAction(QIcon(str(icon_path("hinterland_panel.svg"))), self.tr("Hinterland analysis panel"), window)
        panel.setObjectName("hinterlandTogglePanel")
        panel.setCheckable(True)
        panel.toggled.connect(self.show_panel)
        self.iface.addPluginToMenu(self.menu_name, panel)
        self.iface.addToolBarIcon(panel)
        self.panel_action = panel

    def show_panel(self, on: bool = True) -> HinterlandDock | None:
        """Show or hide the dock; it is created here the first time (not at QGIS start-up)."""
        if self.dock is None and on:
            self.dock = HinterlandDock(self.iface, self.iface.mainWindow())
            self.iface.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
            self.dock.openedStateChanged.connect(self.panel_action.setChecked)  # closed with its [x]
        if self.dock is not None and on:
            self.dock.setUserVisible(True)  # shown and raised when tabified with other docks
        elif self.dock is not None:
            self.dock.hide()
        return self.dock

    def unload(self):
        if self.panel_action is not None:
            self.panel_action.toggled.disconnect(self.show_panel)
            if self.iface is not None:
                self.iface.removePluginMenu(self.menu_name, self.panel_action)
                self.iface.removeToolBarIcon(self.panel_action)
        if self.dock is not None:
            self.dock.unload()  # cancels a running task and waits for it; releases the map tools
            if self.iface is not None:
                self.iface.removeDockWidget(self.dock)
            self.dock.openedStateChanged.disconnect(self.panel_action.setChecked)
            self.dock.deleteLater()
            self.dock = None
        if self.panel_action is not None:
            self.panel_action.deleteLater()
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
            unregister_path_hooks(self.path_hooks)
            self.path_hooks = None
        if self.translator is not None:
            QCoreApplication.removeTranslator(self.translator)
            self.translator = None

    # ------------------------------------------------------------------ actions
    def add_strategic_layers(self, _checked: bool = False):
        bar = self.iface.messageBar()
        try:
            result = add_strategic_layers(QgsProject.instance())
        except LayerError as exc:
            bar.pushMessage(self.tr("Hinterland"), str(exc), level=Qgis.MessageLevel.Critical)
            return None
        if result.crs_set:
            # QGIS main window may still apply "CRS of the first layer added" to the empty project
            # from a queued event (and zoom to the Belt and Road lines that reach Europe): set the equal-area
            # CRS again once those have run, then show China
            country = next((lyr for lyr in result.added if lyr.customProperty(THEME_PROPERTY) == "country"), None)
            QTimer.singleShot(0, lambda: (self._reapply_albers(), self._zoom_to(country)))
        if result.added:
            msg = self.tr("Added {0} strategic layers.").format(len(result.added))
            if result.crs_set:
                msg += " " + self.tr("The empty project now uses the China Albers equal-area CRS.")
            bar.pushMessage(self.tr("Hinterland"), msg, level=Qgis.MessageLevel.Success, duration=5)
        else:
            bar.pushMessage(self.tr("Hinterland"), self.tr("The strategic layers are already in the project."),
                            level=Qgis.MessageLevel.Info, duration=5)
        return result

    def _zoom_to(self, layer) -> None:
        """The canvas on ``layer`` (the country outline: all of China with the South China Sea islands)."""
        if layer is None or self.iface is None:
            return
        canvas = self.iface.mapCanvas()
        xf = QgsCoordinateTransform(layer.crs(), canvas.mapSettings().destinationCrs(), QgsProject.instance())
        extent = xf.transformBoundingBox(layer.extent())
        extent.scale(1.05)
        canvas.setExtent(extent)
        canvas.refresh()

    @staticmethod
    def _reapply_albers():
        project = QgsProject.instance()
        if project.crs() != albers_crs():
            project.setCrs(albers_crs())
