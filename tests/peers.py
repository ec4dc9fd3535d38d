"""Independent accumulated-cost implementations, run on the same input (for tests and benchmarks).

Convention (the project's): ``cost`` is a 2-D array (rows x cols) of travel cost in minutes per
metre; NaN or inf means impassable. Cells are square, ``res`` metres wide. A move between
8-neighbours a and b costs ``(cost[a] + cost[b]) / 2 * d`` with ``d = res`` for orthogonal and
``d = res * sqrt(2)`` for diagonal moves (no knight's move). ``sources`` are (row, col) cells with
accumulated cost 0. Results are float64 minutes, NaN where impassable or unreachable. A source that
lies outside the grid or on an impassable cell is an error (ValueError) in all three functions.

* :func:`dijkstra_reference` -- scipy.sparse.csgraph Dijkstra on the explicit 8-neighbour graph
  (brute force, small grids only; the yardstick for the other two).
* :func:`mcp_geometric` -- scikit-image ``MCP_Geometric(fully_connected=True)``. It charges
  ``(c[a] + c[b]) / 2 * d`` with ``d`` in cells (1 or sqrt 2), so it is given ``cost * res``.
* :func:`grass_rcost` -- GRASS GIS ``r.cost`` (8 neighbours: ``-k`` is not given) in a throw-away
  XY location whose cells are ``res`` map units wide. r.cost's move cost is
  ``(c[a] + c[b]) * fac`` with ``fac = 1/2`` (E-W), ``(ns_res/ew_res)/2`` (N-S) and
  ``sqrt(1 + (ns_res/ew_res)**2)/2`` (diagonal): the average of the two cells times the move
  length *in E-W cells*, independent of the map units (raster/r.cost/main.c; checked numerically in
  tests/core/test_peers.py). Its output is therefore multiplied by ``res``. Null cells are barriers.
"""
from __future__ import annotations

import functools
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np

__all__ = ["dijkstra_reference", "mcp_geometric", "grass_available", "grass_rcost"]

SQRT2 = float(np.sqrt(2.0))


def _prepare(cost, res, sources):
    """float64 copy of ``cost`` with NaN for impassable, validated ``res`` and source list."""
    c = np.array(cost, dtype=np.float64, copy=True)
    if c.ndim != 2 or c.size == 0:
        raise ValueError(f"cost must be a non-empty 2-D array, got shape {c.shape}")
    c[~np.isfinite(c)] = np.nan
    if np.any(c < 0):  # NaN compares False
        raise ValueError("cost has negative cells")
    res = float(res)
    if not (np.isfinite(res) and res > 0):
        raise ValueError(f"res must be a positive number, got {res!r}")
    src = []
    for s in sources:
        r, k = (int(v) for v in s)
        if not (0 <= r < c.shape[0] and 0 <= k < c.shape[1]):
            raise ValueError(f"source {(r, k)} is outside the {c.shape} grid")
        if np.isnan(c[r, k]):
            raise ValueError(f"source {(r, k)} lies on an impassable cell")
        src.append((r, k))
    if not src:
        raise ValueError("no sources")
    return c, res, src


# --------------------------------------------------------------------------- brute force reference
def dijkstra_reference(cost, res, sources) -> np.ndarray:
    """Minimum accumulated cost by scipy's Dijkstra on the explicit 8-neighbour graph (small grids)."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import dijkstra

    c, res, src = _prepare(cost, res, sources)
    nr, nc = c.shape
    idx = np.arange(nr * nc).reshape(nr, nc)
    rows, cols, wts = [], [], []
    # each undirected pair once: E, S, SE, SW
    for dr, dk, d in ((0, 1, res), (1, 0, res), (1, 1, res * SQRT2), (1, -1, res * SQRT2)):
        r0, r1 = 0, nr - dr
        k0, k1 = max(0, -dk), nc - max(0, dk)
        a = c[r0:r1, k0:k1]
        b = c[r0 + dr:r1 + dr, k0 + dk:k1 + dk]
        ok = np.isfinite(a) & np.isfinite(b)
        ia = idx[r0:r1, k0:k1][ok]
        ib = idx[r0 + dr:r1 + dr, k0 + dk:k1 + dk][ok]
        w = (a[ok] + b[ok]) / 2.0 * d
        rows += [ia, ib]
        cols += [ib, ia]
        wts += [w, w]
    rows, cols, wts = np.concatenate(rows), np.concatenate(cols), np.concatenate(wts)
    # csgraph drops zero entries of a sparse matrix (= no edge): lift exact zeros to the smallest
    # positive double, which changes no sum by a representable amount.
    wts = np.where(wts > 0, wts, np.finfo(np.float64).tiny)
    g = coo_matrix((wts, (rows, cols)), shape=(nr * nc, nr * nc)).tocsr()
    flat = [r * nc + k for r, k in src]
    dist = dijkstra(g, directed=True, indices=flat, min_only=True)
    out = np.asarray(dist, np.float64).reshape(nr, nc)
    out[~np.isfinite(out) | np.isnan(c)] = np.nan
    return out


# --------------------------------------------------------------------------- scikit-image
def mcp_geometric(cost: np.ndarray, res: float, sources) -> np.ndarray:
    """Accumulated cost by scikit-image ``MCP_Geometric(fully_connected=True)``."""
    from skimage.graph import MCP_Geometric

    c, res, src = _prepare(cost, res, sources)
    c *= res  # MCP measures move length in cells: (c_a + c_b)/2 * {1, sqrt 2}
    c[np.isnan(c)] = np.inf  # MCP skips infinite (and negative) cells
    out, _ = MCP_Geometric(c, fully_connected=True).find_costs(src)
    out = np.array(out, dtype=np.float64)
    out[~np.isfinite(out)] = np.nan
    return out


# --------------------------------------------------------------------------- GRASS r.cost
def _grass_exe() -> str | None:
    return shutil.which("grass") or next(
        (p for p in ("/usr/bin/grass", "/usr/local/bin/grass") if os.access(p, os.X_OK)), None)


@functools.lru_cache(maxsize=1)
def grass_available() -> bool:
    """True if a GRASS GIS start script is found and answers ``grass --config version``."""
    exe = _grass_exe()
    if exe is None:
        return False
    try:
        with tempfile.TemporaryDirectory(prefix="peers-grass-") as home:
            p = subprocess.run([exe, "--config", "version"], capture_output=True, text=True,
                               timeout=60, env=_clean_env(home, home))
        return p.returncode == 0 and p.stdout.strip()[:1].isdigit()
    except (OSError, subprocess.SubprocessError):
        return False


def _clean_env(home: str, tmp: str) -> dict:
    """A minimal environment: nothing of the caller's GRASS, Python, QGIS or GDAL settings leaks in."""
    return {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": home,  # GRASS creates $HOME/.grass8; keep it inside the temp dir
        "TMPDIR": tmp,  # --tmp-location is created under $TMPDIR
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "GRASS_VERBOSE": "0",
    }


# Runs inside `grass --tmp-location XY --exec python3 script.py args.json`.
_GRASS_SCRIPT = r'''
import json, resource, sys, time
import grass.script as gs

a = json.load(open(sys.argv[1]))
t = {}
t0 = time.perf_counter()
gs.run_command("r.in.gdal", input=a["cost"], output="cost", flags="o", quiet=True)
gs.run_command("r.in.gdal", input=a["starts"], output="starts", flags="o", quiet=True)
gs.run_command("g.region", raster="cost", quiet=True)
t["import_s"] = time.perf_counter() - t0
info = gs.raster_info("cost")
t["region"] = gs.region()
t["cost_type"] = info["datatype"]
t1 = time.perf_counter()
# 8 neighbours, or 16 with -k (knight's moves); null input cells are barriers (no null_cost)
gs.run_command("r.cost", input="cost", output="acc", start_raster="starts",
               memory=int(a["mem_mb"]), quiet=True, flags="k" if a.get("knight") else "")
t["rcost_s"] = time.perf_counter() - t1
# largest peak RSS of the modules run so far (r.in.gdal, g.region, r.cost): in practice r.cost's
t["children_peak_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0
t2 = time.perf_counter()
gs.run_command("r.out.gdal", input="acc", output=a["out"], format="GTiff", type="Float64",
               nodata="nan", flags="fc", quiet=True)
t["export_s"] = time.perf_counter() - t2
json.dump(t, open(a["timings"], "w"))
'''


def _write_tif(path: Path, arr: np.ndarray, res: float, gdal_type: int, nodata: float) -> None:
    from osgeo import gdal

    drv = gdal.GetDriverByName("GTiff")
    ds = drv.Create(str(path), arr.shape[1], arr.shape[0], 1, gdal_type,
                    options=["TILED=YES", "BIGTIFF=IF_SAFER"])
    if ds is None:
        raise RuntimeError(f"GDAL could not create {path}")
    # north-up, row 0 at the top, cells of res map units; no SRS (imported into an XY location)
    ds.SetGeoTransform((0.0, res, 0.0, arr.shape[0] * res, 0.0, -res))
    band = ds.GetRasterBand(1)
    band.SetNoDataValue(nodata)
    band.WriteArray(arr)
    band.FlushCache()
    ds = None


def _read_tif(path: Path) -> np.ndarray:
    from osgeo import gdal

    ds = gdal.Open(str(path))
    if ds is None:
        raise RuntimeError(f"GDAL could not open {path}")
    band = ds.GetRasterBand(1)
    out = band.ReadAsArray().astype(np.float64)
    nd = band.GetNoDataValue()
    if nd is not None and not np.isnan(nd):
        out[out == nd] = np.nan
    mask = band.GetMaskBand().ReadAsArray()  # 0 where GDAL considers the cell nodata
    out[mask == 0] = np.nan
    ds = None
    out[~np.isfinite(out)] = np.nan
    return out


def grass_rcost(cost: np.ndarray, res: float, sources, workdir: str | None = None, mem_mb: int = 2000,
                timings: dict | None = None, timeout: float | None = 3600.0, knight: bool = False) -> np.ndarray:
    """Accumulated cost by GRASS ``r.cost`` (8 neighbours; 16 with ``knight``: ``r.cost -k``), in minutes; NaN
    where null.

    Runs ``grass --tmp-location XY --exec python3 <script>`` with a clean environment in a temporary
    directory (under ``workdir`` if given) that is removed afterwards, whatever happens. ``mem_mb``
    is r.cost's ``memory`` option. If ``timings`` is a dict it receives ``rcost_s`` (the r.cost call
    alone, timed inside GRASS), ``import_s``, ``export_s`` (inside GRASS), ``children_peak_mb`` (peak
    RSS of the largest GRASS module up to r.cost, normally r.cost itself) and ``total_s`` (the whole
    call, including writing/reading the GeoTIFFs and starting GRASS).
    """
    from osgeo import gdal

    t0 = time.perf_counter()
    exe = _grass_exe()
    if exe is None or not grass_available():
        raise RuntimeError("GRASS GIS is not available: no working `grass` executable found "
                           "(Debian: apt-get install --no-install-recommends grass-core)")
    c, res, src = _prepare(cost, res, sources)
    starts = np.zeros(c.shape, np.uint8)
    for r, k in src:
        starts[r, k] = 1
    with tempfile.TemporaryDirectory(prefix="peers-rcost-", dir=workdir) as tmpd:
        tmp = Path(tmpd)
        (tmp / "home").mkdir()
        (tmp / "tmp").mkdir()
        _write_tif(tmp / "cost.tif", np.where(np.isnan(c), -1.0, c), res, gdal.GDT_Float64, -1.0)
        _write_tif(tmp / "starts.tif", starts, res, gdal.GDT_Byte, 0)
        args = {"cost": str(tmp / "cost.tif"), "starts": str(tmp / "starts.tif"),
                "out": str(tmp / "acc.tif"), "timings": str(tmp / "timings.json"), "mem_mb": int(mem_mb),
                "knight": bool(knight)}
        (tmp / "args.json").write_text(json.dumps(args))
        (tmp / "run.py").write_text(_GRASS_SCRIPT)
        cmd = [exe, "--tmp-location", "XY", "--exec", "python3", str(tmp / "run.py"), str(tmp / "args.json")]
        proc = subprocess.Popen(cmd, cwd=tmp, env=_clean_env(str(tmp / "home"), str(tmp / "tmp")),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                start_new_session=True)
        try:
            stdout, stderr = proc.communicate(timeout=timeout)
        except BaseException:  # timeout, KeyboardInterrupt: take down GRASS and its modules
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.communicate()
            raise
        if proc.returncode != 0 or not (tmp / "acc.tif").exists() or not (tmp / "timings.json").exists():
            raise RuntimeError(f"GRASS r.cost run failed (exit {proc.returncode}): {' '.join(cmd)}\n"
                               f"stdout: {stdout[-2000:]}\nstderr: {stderr[-4000:]}")
        t_in = json.loads((tmp / "timings.json").read_text())
        reg = t_in["region"]
        if (int(reg["rows"]), int(reg["cols"])) != c.shape or not np.isclose(float(reg["nsres"]), res) \
                or not np.isclose(float(reg["ewres"]), res) or t_in["cost_type"] != "DCELL":
            raise RuntimeError(f"unexpected GRASS region/type {reg}, {t_in['cost_type']}")
        acc = _read_tif(tmp / "acc.tif")
    if acc.shape != c.shape:
        raise RuntimeError(f"r.cost output has shape {acc.shape}, expected {c.shape}")
    acc *= res  # r.cost measures moves in E-W cells (1, sqrt 2) -> metres
    acc[np.isnan(c)] = np.nan
    if timings is not None:
        timings.update({k: float(t_in[k]) for k in ("rcost_s", "import_s", "export_s", "children_peak_mb")})
        timings["total_s"] = time.perf_counter() - t0
    return acc
