"""A saved project refers to the bundled layers through a token the plugin maps to its own folder: the project
opens on another machine or profile, and a moved project folder still finds them."""
from __future__ import annotations

import shutil
import zipfile

import hinterland_plugin
from hinterland_plugin.core.resources import data_path
from hinterland_plugin.layers import DATA_TOKEN, add_strategic_layers


def test_bundled_layers_are_saved_as_a_token_and_found_again(qgis_app, project, tmp_path):
    plug = hinterland_plugin.classFactory(None)
    plug.initProcessing()  # registers the path writer / preprocessor (mirrored in unload)
    try:
        add_strategic_layers(project, lang="en")
        n = len(project.mapLayers())
        qgz = tmp_path / "a" / "p.qgz"
        qgz.parent.mkdir()
        assert project.write(str(qgz))
        with zipfile.ZipFile(qgz) as z:
            xml = z.read(next(n for n in z.namelist() if n.endswith(".qgs"))).decode("utf-8")
        assert DATA_TOKEN in xml and str(data_path().parent) not in xml
        moved = tmp_path / "elsewhere"
        shutil.move(str(qgz.parent), str(moved))
        project.clear()
        assert project.read(str(moved / "p.qgz"))
        layers = list(project.mapLayers().values())
        assert len(layers) == n and all(lyr.isValid() for lyr in layers)
        assert all(str(data_path().parent) in lyr.source() for lyr in layers if "layername=" in lyr.source())
    finally:
        plug.unload()
    assert plug.path_hooks is None
