"""hinterland:strategiclayers through the Processing framework (as scripts and qgis_process use it)."""
from __future__ import annotations

import pytest
from qgis.core import QgsApplication, QgsProcessingException, QgsVectorLayer

import hinterland_plugin
from hinterland_plugin.core.resources import data_path


@pytest.fixture()
def provider(qgis_processing):
    plug = hinterland_plugin.classFactory(None)
    plug.initProcessing()
    yield plug.provider
    plug.unload()


def _source_count(key):
    return QgsVectorLayer(f"{data_path()}|layername={key}", key, "ogr").featureCount()


def test_copies_a_theme(provider):
    import processing

    res = processing.run("hinterland:strategiclayers", {"THEME": "corridors", "OUTPUT": "memory:"})
    out = res["OUTPUT"]
    assert out.featureCount() == _source_count("corridors") > 0
    assert {"source", "confidence", "name_zh", "name_en"} <= set(out.fields().names())


def test_extent_limits_features(provider):
    import processing

    # Sichuan basin box, in lon/lat
    res = processing.run("hinterland:strategiclayers", {
        "THEME": "cities", "EXTENT": "102.0,108.0,28.0,32.5 [EPSG:4326]", "OUTPUT": "memory:"})
    n = res["OUTPUT"].featureCount()
    assert 0 < n < _source_count("cities")
    for f in res["OUTPUT"].getFeatures():
        p = f.geometry().asPoint()
        assert 102.0 <= p.x() <= 108.0 and 28.0 <= p.y() <= 32.5


def test_unknown_theme_is_refused(provider):
    import processing

    with pytest.raises(QgsProcessingException):
        processing.run("hinterland:strategiclayers", {"THEME": "atlantis", "OUTPUT": "memory:"})


def test_algorithm_metadata(provider):
    alg = QgsApplication.processingRegistry().algorithmById("hinterland:strategiclayers")
    assert alg is not None
    assert alg.shortHelpString()
    assert {p.name() for p in alg.parameterDefinitions()} == {"THEME", "EXTENT", "OUTPUT"}
