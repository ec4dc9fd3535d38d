"""GeoTIFF writing under a block cache smaller than the raster (a deadlock inside GDAL 3.6 before)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = r"""
import sys, numpy as np
from concurrent.futures import ThreadPoolExecutor
from hinterland_plugin.core.engine.grid import Grid
from hinterland_plugin.core.engine.outputs import read_geotiff, write_geotiff
g = Grid(0.0, 0.0, 1000.0, 2600, 2900)  # 30 MB of float32 against an 8 MB cache; overviews
a = np.random.default_rng(0).uniform(0, 600, g.shape).astype(np.float32)
a[:, :500] = np.nan
# a writer thread beside the main thread, as the coverage algorithm does
with ThreadPoolExecutor(max_workers=1) as pool:
    job = pool.submit(write_geotiff, sys.argv[1] + "/a.tif", a, g)
    write_geotiff(sys.argv[1] + "/b.tif", (a > 300).astype(np.uint8), g, nodata=255, dtype="uint8")
    job.result()
back = read_geotiff(sys.argv[1] + "/a.tif")
assert np.array_equal(back, a, equal_nan=True)
from osgeo import gdal
ds = gdal.Open(sys.argv[1] + "/a.tif")  # kept: a band outlives a dropped dataset only as a crash
assert ds.GetRasterBand(1).GetOverviewCount() == 5
print("ok")
"""


def test_rasters_with_overviews_are_written_with_a_tiny_gdal_cache(tmp_path):
    env = dict(os.environ, GDAL_CACHEMAX="8", PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path)], env=env, capture_output=True, text=True,
                          timeout=120)  # a hang fails here instead of stopping the suite
    assert proc.returncode == 0 and proc.stdout.strip().endswith("ok"), proc.stderr[-2000:]
