"""Fixtures for the QGIS side (pytest-qgis provides qgis_app / qgis_iface)."""
from __future__ import annotations

from collections import Counter

import pytest
from qgis.core import QgsProject


class RecordingIface:
    """Wraps pytest-qgis' QgisInterface and keeps a ledger of every registration.

    After ``unload()`` the ledger must be balanced: each add has its remove.
    """

    PAIRS = {
        "addPluginToMenu": "removePluginMenu",
        "addPluginToVectorMenu": "removePluginVectorMenu",
        "addPluginToRasterMenu": "removePluginRasterMenu",
        "addToolBarIcon": "removeToolBarIcon",
        "addDockWidget": "removeDockWidget",
        "registerMapLayerConfigWidgetFactory": "unregisterMapLayerConfigWidgetFactory",
        "addCustomActionForLayerType": "removeCustomActionForLayerType",
    }

    def __init__(self, inner):
        self._inner = inner
        self.ledger: Counter = Counter()
        self.calls: list[tuple[str, tuple]] = []

    def __getattr__(self, name):
        target = getattr(self._inner, name)
        if name in self.PAIRS or name in self.PAIRS.values():
            def recorder(*args):
                self.calls.append((name, args))
                obj = args[-1]
                if name in self.PAIRS:
                    self.ledger[(name, id(obj))] += 1
                else:
                    add = next(k for k, v in self.PAIRS.items() if v == name)
                    self.ledger[(add, id(obj))] -= 1
                return target(*args)
            return recorder
        return target

    def unbalanced(self):
        return {k: v for k, v in self.ledger.items() if v != 0}

    def added(self, name):
        return [args for n, args in self.calls if n == name]


@pytest.fixture()
def iface(qgis_iface):
    return RecordingIface(qgis_iface)


@pytest.fixture()
def project(qgis_app):
    proj = QgsProject.instance()
    proj.clear()
    yield proj
    proj.clear()
