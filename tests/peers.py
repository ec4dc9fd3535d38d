"""Independent accumulated-cost implementations run on the same input as the engine (tests, bench).

Convention: ``cost`` (rows x cols) is minutes per metre per cell, NaN/inf impassable; square cells of
``res`` metres; moving between 8-neighbours a, b costs (cost[a] + cost[b]) / 2 * distance. Results
are minutes, NaN where unreachable.

* :func:`mcp_geometric` — scikit-image ``MCP_Geometric(fully_connected=True)``; it measures distance
  in cells, so it is given ``cost * res``.
* :func:`grass_rcost` — GRASS ``r.cost`` (8 neighbours, no knight's move) in a temporary XY location
  whose cells are ``res`` wide. r.cost also measures moves in cells (diagonal x sqrt 2) and averages
  the two cell costs, so it too is given ``cost * res``; null cells are barriers.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]


def mcp_geometric(cost: np.ndarray, res: float, sources) -> np.ndarray:
    from skimage.graph import MCP_Geometric

    c = cost.astype(np.float64) * res
    c[~np.isfinite(c)] = np.inf
    out, _ = MCP_Geometric(c, fully_connected=True).find_costs([tuple(map(int, s)) for s in sources])
    out = np.asarray(out, np.float64)
    out[~np.isfinite(out)] = np.nan
    return out


def grass_available() -> bool:
    return shutil.which("grass") is not None


GRASS_SCRIPT = r'''
import json, resource, sys, time
import grass.script as gs
a = json.loads(sys.argv[1])
gs.run_command("r.in.gdal", input=a["input"], output="c", flags="o", overwrite=True, quiet=True)
gs.run_command("g.region", raster="c", quiet=True)
coords = ",".join(f"{x},{y}" for x, y in a["starts"])
t = time.perf_counter()
gs.run_command("r.cost", input="c", output="acc", start_coordinates=coords, memory=a["mem"],
               overwrite=True, quiet=True)
rcost = time.perf_counter() - t
gs.run_command("r.out.gdal", input="acc", output=a["output"], type="Float64", format="GTiff",
               flags="f", overwrite=True, quiet=True)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0  # largest child so far: r.in.gdal or r.cost
open(a["timing"], "w").write(json.dumps({"rcost_s": rcost, "children_peak_mb": peak}))
'''


def grass_rcost(cost: np.ndarray, res: float, sources, workdir: str | None = None, mem_mb: int = 2000,
                timings: dict | None = None) -> np.ndarray:
    if not grass_available():
        raise RuntimeError("GRASS GIS is not installed (apt-get install grass-core)")
    sys.path.insert(0, str(ROOT))
    from hinterland_plugin.core.engine.grid import Grid
    from hinterland_plugin.core.engine.outputs import read_geotiff, write_geotiff

    t0 = time.perf_counter()
    nrows, ncols = cost.shape
    grid = Grid(0.0, nrows * res, res, nrows, ncols)
    with tempfile.TemporaryDirectory(dir=workdir) as tmpd:
        tmp = Path(tmpd)
        c = cost.astype(np.float64) * res
        c[~np.isfinite(c)] = np.nan
        write_geotiff(tmp / "cost.tif", c, grid)
        starts = [((col + 0.5) * res, (nrows - row - 0.5) * res) for row, col in sources]
        args = {"input": str(tmp / "cost.tif"), "output": str(tmp / "acc.tif"), "timing": str(tmp / "t.json"),
                "starts": starts, "mem": mem_mb}
        (tmp / "run.py").write_text(GRASS_SCRIPT)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("GISBASE", "GISRC", "PYTHONPATH"))}
        proc = subprocess.run(["grass", "--tmp-location", "XY", "--exec", "python3", str(tmp / "run.py"),
                               json.dumps(args)], capture_output=True, text=True, env=env, timeout=7200)
        if proc.returncode != 0 or not (tmp / "acc.tif").exists():
            raise RuntimeError(f"r.cost failed: {proc.stderr[-2000:]}")
        out = read_geotiff(tmp / "acc.tif").astype(np.float64)
        if timings is not None:
            timings.update(json.loads((tmp / "t.json").read_text()))
    out[~np.isfinite(out)] = np.nan
    out[out < -1e300] = np.nan
    if timings is not None:
        timings["total_s"] = time.perf_counter() - t0
    return out
