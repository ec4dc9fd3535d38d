"""The zip from `make package` installs into a profile and QGIS loads it through metadata.txt."""
from __future__ import annotations

import configparser
import importlib
import sys
import zipfile
from pathlib import Path

import pytest
from qgis.core import QgsApplication
from qgis.PyQt.QtCore import QCoreApplication

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import package  # noqa: E402


@pytest.fixture(scope="module")
def built_zip(tmp_path_factory):
    return package.build_zip(tmp_path_factory.mktemp("dist") / "hinterland_plugin.zip")


def test_zip_layout(built_zip):
    names = zipfile.ZipFile(built_zip).namelist()
    assert all(n.startswith("hinterland_plugin/") for n in names)
    for required in ("hinterland_plugin/__init__.py", "hinterland_plugin/metadata.txt",
                     "hinterland_plugin/resources/data/hinterland.gpkg",
                     "hinterland_plugin/resources/icons/hinterland.svg",
                     "hinterland_plugin/resources/styles/corridors.qml",
                     "hinterland_plugin/i18n/hinterland_zh_CN.qm",
                     "hinterland_plugin/core/catalog.py",
                     "hinterland_plugin/processing_provider/provider.py"):
        assert required in names, required
    assert not any("__pycache__" in n or n.endswith(".pyc") for n in names)
    assert not any("/data/src/" in n for n in names)


def test_zip_is_reproducible(built_zip, tmp_path):
    again = package.build_zip(tmp_path / "again.zip")
    assert again.read_bytes() == built_zip.read_bytes()


@pytest.fixture()
def installed_modules():
    """Swap the repository's hinterland_plugin modules out while the installed copy is tested."""
    saved = {k: v for k, v in sys.modules.items() if k == "hinterland_plugin" or k.startswith("hinterland_plugin.")}
    for k in saved:
        del sys.modules[k]
    yield
    for k in [k for k in sys.modules if k == "hinterland_plugin" or k.startswith("hinterland_plugin.")]:
        del sys.modules[k]
    sys.modules.update(saved)


def test_install_and_load_like_qgis(built_zip, tmp_path, qgis_iface, installed_modules):
    import qgis.utils

    profile = tmp_path / "profile"
    target = package.install(profile, built_zip)
    assert (target / "metadata.txt").exists()
    ini = configparser.RawConfigParser()
    ini.optionxform = str
    ini.read(profile / "QGIS" / "QGIS3.ini")
    assert ini.get("PythonPlugins", "hinterland_plugin") == "true"

    plugins_dir = str(target.parent)
    qgis.utils.plugin_paths.insert(0, plugins_dir)
    sys.path.insert(0, plugins_dir)
    try:
        qgis.utils.updateAvailablePlugins()
        assert qgis.utils.pluginMetadata("hinterland_plugin", "name") == "Hinterland"
        assert qgis.utils.pluginMetadata("hinterland_plugin", "hasProcessingProvider") == "yes"
        assert qgis.utils.loadPlugin("hinterland_plugin")
        mod = sys.modules["hinterland_plugin"]
        assert Path(mod.__file__).resolve().parent == target.resolve()
        assert qgis.utils.startPlugin("hinterland_plugin")
        plug = qgis.utils.plugins["hinterland_plugin"]
        paths = importlib.import_module("hinterland_plugin.core.resources")
        assert paths.resources_dir() == target / "resources"
        assert paths.data_path().exists()
        assert QgsApplication.processingRegistry().providerById("hinterland") is not None
        assert len(plug.actions) == 1
        assert qgis.utils.unloadPlugin("hinterland_plugin")
        assert QgsApplication.processingRegistry().providerById("hinterland") is None
    finally:
        qgis.utils.plugin_paths.remove(plugins_dir)
        sys.path.remove(plugins_dir)
        qgis.utils.available_plugins[:] = [p for p in qgis.utils.available_plugins if p != "hinterland_plugin"]


def test_installed_translation_loads(built_zip, tmp_path, installed_modules):
    target = package.install(tmp_path / "profile", built_zip, enable=False)
    sys.path.insert(0, str(target.parent))
    try:
        i18n = importlib.import_module("hinterland_plugin.i18n")
        translator = i18n.install_translator("zh_CN")
        assert translator is not None
        try:
            assert i18n.translate("HinterlandPlugin", "Add strategic layers") == "添加战略图层"
        finally:
            QCoreApplication.removeTranslator(translator)
        assert i18n.translate("HinterlandPlugin", "Add strategic layers") == "Add strategic layers"
    finally:
        sys.path.remove(str(target.parent))
