"""The algorithms run headless from `qgis_process run hinterland:<id>` with the installed plugin."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import package  # noqa: E402

pytestmark = pytest.mark.skipif(shutil.which("qgis_process") is None, reason="qgis_process not installed")


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    cfg = tmp_path_factory.mktemp("qgis_config")
    package.install(cfg / "profiles" / "default")
    e = dict(os.environ)
    e.update(QGIS_CUSTOM_CONFIG_PATH=str(cfg), QT_QPA_PLATFORM="offscreen",
             PYTHONPATH=sysconfig.get_paths()["purelib"])  # the venv's shapely 2 / numba for the engine
    if Path("/usr/share/proj/proj.db").exists():
        e.setdefault("PROJ_DATA", "/usr/share/proj")
    return e


def qgis_process(env, *args, timeout=600):
    return subprocess.run(["qgis_process", "--json", *args], env=env, capture_output=True, text=True, timeout=timeout)


def test_algorithms_listed(env):
    out = subprocess.run(["qgis_process", "list"], env=env, capture_output=True, text=True, timeout=300)
    for alg in ("strategiclayers", "frictionsurface", "traveltime", "isochrones", "odmatrix"):
        assert f"hinterland:{alg}" in out.stdout, out.stdout[-2000:]


def test_strategiclayers_to_file(env, tmp_path):
    dest = tmp_path / "corridors.gpkg"
    res = qgis_process(env, "run", "hinterland:strategiclayers", "--", "THEME=corridors", f"OUTPUT={dest}")
    assert res.returncode == 0, res.stderr[-3000:]
    assert dest.exists() and dest.stat().st_size > 0


def test_traveltime_headless(env, tmp_path):
    centres = tmp_path / "centres.geojson"
    centres.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "Chengdu", "delay": 0},
         "geometry": {"type": "Point", "coordinates": [104.07, 30.67]}},
        {"type": "Feature", "properties": {"name": "Wuhan", "delay": 10},
         "geometry": {"type": "Point", "coordinates": [114.30, 30.59]}}]}), encoding="utf-8")
    out_t = tmp_path / "time.tif"
    res = qgis_process(env, "run", "hinterland:traveltime", "--", f"CENTRES={centres}", "NAME_FIELD=name",
                       "DELAY_FIELD=delay", "PROFILE=road", "RESOLUTION=20000", f"OUTPUT_TIME={out_t}")
    assert res.returncode == 0, res.stderr[-3000:]
    import numpy as np
    from osgeo import gdal

    ds = gdal.Open(str(out_t))
    t = ds.GetRasterBand(1).ReadAsArray()
    gt = ds.GetGeoTransform()
    x, y = _albers(104.07, 30.67)
    row, col = int((y - gt[3]) / gt[5]), int((x - gt[0]) / gt[1])
    assert np.nanmin(t) == 0.0 and np.isfinite(t).sum() > 10000
    assert t[row, col] < 20.0  # Chengdu is (next to) a centre


def test_bad_threshold_fails_with_message(env, tmp_path):
    centres = tmp_path / "c.geojson"
    centres.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [104.07, 30.67]}}]}))
    res = qgis_process(env, "run", "hinterland:isochrones", "--", f"CENTRES={centres}", "THRESHOLDS=abc",
                       "RESOLUTION=20000", f"OUTPUT={tmp_path / 'iso.gpkg'}")
    assert res.returncode != 0
    assert "not a number" in (res.stdout + res.stderr)


def _albers(lon, lat):
    from pyproj import Transformer

    from hinterland_plugin.core.catalog import ALBERS_CHINA_WKT

    return Transformer.from_crs("EPSG:4326", ALBERS_CHINA_WKT, always_xy=True).transform(lon, lat)
