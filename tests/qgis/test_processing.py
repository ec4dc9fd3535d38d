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


def test_help_keeps_its_angle_brackets(qgis_processing):
    """QGIS renders the help as HTML: placeholders like time_centre_<i>.tif must not vanish."""
    import hinterland_plugin

    plug = hinterland_plugin.classFactory(None)
    plug.initProcessing()
    try:
        from qgis.core import QgsApplication

        text = QgsApplication.processingRegistry().algorithmById("hinterland:coverage").shortHelpString()
        assert "time_centre_&lt;i&gt;.tif" in text and "<i>" not in text
    finally:
        plug.unload()


def test_time_legend_follows_the_language_asked_for(qgis_app, tmp_path):
    import numpy as np
    from qgis.core import QgsRasterLayer

    from hinterland_plugin.core.engine.grid import Grid
    from hinterland_plugin.core.engine.outputs import write_geotiff
    from hinterland_plugin.styling import time_renderer

    write_geotiff(tmp_path / "t.tif", np.ones((2, 2), np.float32), Grid(0, 0, 1000, 2, 2))
    lyr = QgsRasterLayer(str(tmp_path / "t.tif"), "t")
    labels = {}
    for lang in ("zh", "en"):
        renderer = time_renderer(lyr, lang)  # keep the renderer alive while its shader is read
        shader = renderer.shader()
        labels[lang] = [i.label for i in shader.rasterShaderFunction().colorRampItemList()]
    assert "小时" in labels["zh"][1] and labels["en"][1] == "1 h – 2 h"


def test_result_rasters_show_no_band_line_in_the_layers_panel(qgis_app, project, tmp_path):
    import numpy as np
    from qgis.core import QgsLayerTreeModel

    from hinterland_plugin.core.engine.grid import Grid
    from hinterland_plugin.core.engine.outputs import write_geotiff
    from hinterland_plugin.result_layers import load_coverage_outputs

    write_geotiff(tmp_path / "t.tif", np.ones((2, 2), np.float32), Grid(0, 0, 1000, 2, 2))
    layers = load_coverage_outputs({"OUTPUT_TIME": str(tmp_path / "t.tif")}, project, ["A"], lang="en")
    model = QgsLayerTreeModel(project.layerTreeRoot())
    node = project.layerTreeRoot().findLayer(layers[0].id())
    labels = [n.data(0) for n in model.layerLegendNodes(node)]
    assert labels and not any("Band" in str(lab) for lab in labels) and labels[0] == "0 min – 1 h"
