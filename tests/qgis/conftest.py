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


@pytest.fixture(scope="session")
def real_engine():
    """The engine on the bundled China data."""
    from hinterland_build.data_build import DEFAULT_DEM, DEFAULT_OUTPUT
    from hinterland_plugin.core.engine.model import Engine

    return Engine(DEFAULT_OUTPUT, DEFAULT_DEM)


@pytest.fixture()
def real_provider(qgis_processing, real_engine, monkeypatch):
    """The hinterland provider registered, on the real engine whatever other tests left behind."""
    import hinterland_plugin

    plug = hinterland_plugin.classFactory(None)
    plug.initProcessing()
    plug.provider.set_engine(real_engine)  # the provider owns the engine; tests inject theirs through it
    yield plug.provider
    plug.unload()


def point_layer(points, crs="EPSG:4326"):
    """A memory point layer with a 'name' field from (name, x, y) tuples."""
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsVectorLayer

    lyr = QgsVectorLayer(f"Point?crs={crs}&field=name:string", "points", "memory")
    feats = []
    for name, x, y in points:
        f = QgsFeature(lyr.fields())
        f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(x, y)))
        f.setAttributes([name])
        feats.append(f)
    lyr.dataProvider().addFeatures(feats)
    return lyr
