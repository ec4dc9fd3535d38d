"""What the user waits for, end to end (``make bench``, after the kernel comparison of bench.py).

1. ``qgis_process run hinterland:coverage`` with 4 centres and every output, at 5 km and 1 km, cold (the first
   run of a QGIS session: empty cache folder, grid, network and census surface built; the kernels compiled by an
   earlier session reused — numba caches them on disk per installed plugin path, so one profile serves the whole
   bench) and warm (a new process, caches on disk); at 5 km also "first" (a new installation: the kernels
   compiled too): wall time and peak resident memory of the whole process (``/usr/bin/time``).
2. Growth of one solve (5 centres, road friction) with the number of cells — ~1, 5, 20 and 80 M cells (the
   last one Sichuan + Chongqing at 100 m, the finest cell) — each in a fresh process: seconds, peak memory, bytes
   per cell, and how far the solve is from one memory pass over the cells (the physical floor).

    python scripts/bench_e2e.py [--json out/bench_e2e.json] [--skip-1km] [--skip-growth]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))

from hinterland_plugin.core.catalog import ALBERS_CHINA_WKT  # noqa: E402

CENTRES = {"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"name": n}, "geometry": {"type": "Point", "coordinates": [x, y]}}
    for n, x, y in (("Chengdu", 104.07, 30.67), ("Chongqing", 106.55, 29.56), ("Wuhan", 114.30, 30.59),
                    ("Xi'an", 108.94, 34.34))]}

GROWTH = r"""
import json, resource, sys, time
import numpy as np
from hinterland_plugin.core.engine.model import Centre, Engine
from hinterland_plugin.core.resources import data_path
from pyproj import Transformer
res, extent = float(sys.argv[1]), json.loads(sys.argv[2])
e = Engine(data_path(), data_path("dem_china.tif"), disk_cache=False)
p = e.prepare("road", res, tuple(extent) if extent else None)
tr = Transformer.from_crs("EPSG:4326", p.grid.crs, always_xy=True)
pts = [(104.07, 30.67), (106.55, 29.56), (103.0, 29.5), (105.0, 32.0), (102.5, 31.0)]
cs = [Centre(f"c{i}", *tr.transform(x, y)) for i, (x, y) in enumerate(pts)]
from hinterland_plugin.core.engine import kernel
kernel.solve(np.ones((8, 8), np.float32), 1.0, [0], [0.0], backup=False)  # compile/load the kernel on a tiny grid
def status(key):
    return next(int(ln.split()[1]) for ln in open("/proc/self/status") if ln.startswith(key))
open("/proc/self/clear_refs", "w").write("5")  # the high-water mark starts again here (Linux)
base = status("VmRSS:")  # the prepared grid, before any solve on it (kB)
t0 = time.perf_counter(); e.solve(p, cs, backup=False); t1 = time.perf_counter()
solve_peak = status("VmHWM:")
t2 = time.perf_counter(); np.add(p.cost, 0.0, out=np.empty_like(p.cost)); t3 = time.perf_counter()
print(json.dumps({"cells": p.grid.size, "res_m": res, "solve_s": t1 - t0, "memory_pass_s": t3 - t2,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "base_mb": base / 1024,
                  "solve_peak_mb": solve_peak / 1024}))
"""


def qgis_profile() -> Path:
    """A throw-away QGIS profile with the plugin installed (one for the whole bench: numba's on-disk cache is
    keyed by the plugin's installed path, as it is for a user whose plugin stays where it was installed)."""
    import package

    cfg = Path(tempfile.mkdtemp(prefix="hinterland_bench_cfg_"))
    package.install(cfg / "profiles" / "default")
    return cfg


def qgis_env(cfg: Path, cache: Path, numba_cache: Path) -> dict:
    """``cache``: the folder of prepared grids and census surfaces; ``numba_cache``: the compiled kernels'."""
    env = dict(os.environ, QGIS_CUSTOM_CONFIG_PATH=str(cfg), QT_QPA_PLATFORM="offscreen",
               PYTHONPATH=sysconfig.get_paths()["purelib"], HINTERLAND_CACHE_DIR=str(cache),
               NUMBA_CACHE_DIR=str(numba_cache))
    if Path("/usr/share/proj/proj.db").exists():
        env.setdefault("PROJ_DATA", "/usr/share/proj")
    return env


def coverage_run(env: dict, res: float, out: Path) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    centres = out / "centres.geojson"
    centres.write_text(json.dumps(CENTRES), encoding="utf-8")
    args = ["/usr/bin/time", "-f", "TIME %e %M", "qgis_process", "run", "hinterland:coverage", "--",
            f"CENTRES={centres}", "NAME_FIELD=name", "PROFILE=multimodal", f"RESOLUTION={res:g}",
            "THRESHOLDS=60,120,180,240", f"OUTPUT={out / 'table.csv'}", f"OUTPUT_TIME={out / 'time.tif'}",
            f"OUTPUT_ALLOCATION={out / 'alloc.tif'}", f"OUTPUT_BACKUP={out / 'backup.tif'}",
            f"OUTPUT_ISOCHRONES={out / 'iso.gpkg'}", f"OUTPUT_ACCESS={out / 'access.gpkg'}",
            f"OUTPUT_ADMIN={out / 'admin.csv'}", "PER_CENTRE=true"]
    t0 = time.time()
    proc = subprocess.run(args, env=env, capture_output=True, text=True, timeout=3600)
    wall = time.time() - t0
    line = next((ln for ln in proc.stderr.splitlines() if ln.startswith("TIME ")), "TIME nan 0")
    _, secs, kb = line.split()
    return {"res_m": res, "rc": proc.returncode, "wall_s": round(wall, 1), "time_s": float(secs),
            "peak_mb": round(int(kb) / 1024), "tail": proc.stderr[-400:] if proc.returncode else ""}


def growth(sizes) -> list[dict]:
    out = []
    for res, extent in sizes:
        proc = subprocess.run([sys.executable, "-c", GROWTH, str(res), json.dumps(extent)], cwd=ROOT,
                              capture_output=True, text=True, timeout=3600,
                              env=dict(os.environ, PYTHONPATH=str(ROOT)))
        if proc.returncode != 0:
            out.append({"res_m": res, "error": proc.stderr[-300:]})
            continue
        row = json.loads(proc.stdout.strip().splitlines()[-1])
        row["bytes_per_cell"] = round((row["solve_peak_mb"] - row["base_mb"]) * 1024 * 1024 / row["cells"], 1)
        row["x_memory_pass"] = round(row["solve_s"] / max(row["memory_pass_s"], 1e-9))
        out.append(row)
        print(f"  {row['cells'] / 1e6:6.1f} M cells ({res:g} m): solve {row['solve_s']:.2f} s, "
              f"peak {row['peak_mb']:.0f} MB (preparing included), the solve {row['bytes_per_cell']} B/cell above "
              f"the prepared grid, "
              f"{row['x_memory_pass']}x one memory pass ({row['memory_pass_s'] * 1000:.0f} ms)")
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--skip-1km", action="store_true")
    ap.add_argument("--skip-growth", action="store_true")
    args = ap.parse_args(argv)
    report = {"cpus": os.cpu_count(), "coverage": [], "growth": []}
    print("hinterland:coverage through qgis_process, 4 centres, every output:")
    # first: a new machine (kernels compiled, grid and census built); cold: the first run of a QGIS session (grid
    # and census not cached, kernels compiled before); warm: a new process with the caches on disk
    runs = [(5000.0, ("first", "cold", "warm"))] + ([] if args.skip_1km else [(1000.0, ("cold", "warm"))])
    cfg = qgis_profile()
    numba_cache = Path(tempfile.mkdtemp(prefix="hinterland_bench_numba_"))  # empty: "first" compiles into it
    caches = [cfg, numba_cache]
    for res, phases in runs:
        for phase in phases:
            if phase != "warm":  # a new empty cache folder (warm reuses the previous one)
                caches.append(Path(tempfile.mkdtemp(prefix="hinterland_bench_cache_")))
                env = qgis_env(cfg, caches[-1], numba_cache)
            with tempfile.TemporaryDirectory() as out:
                row = dict(coverage_run(env, res, Path(out)), phase=phase)
            report["coverage"].append(row)
            print(f"  {res / 1000:g} km {phase}: {row['wall_s']} s wall, peak {row['peak_mb']} MB, rc {row['rc']}"
                  + (f"\n{row['tail']}" if row["tail"] else ""))
    for cache in caches:
        shutil.rmtree(cache, ignore_errors=True)
    if not args.skip_growth:
        print("one solve, 5 centres, road friction, by grid size:")
        from pyproj import Transformer  # noqa: PLC0415 - only for this section

        tr = Transformer.from_crs("EPSG:4326", ALBERS_CHINA_WKT, always_xy=True)
        # Sichuan + Chongqing at the engine's finest cell (100 m): about 80 M cells
        xs, ys = tr.transform([100.3, 109.7, 100.3, 109.7], [26.3, 26.3, 33.7, 33.7])
        sichuan = [min(xs), min(ys), max(xs), max(ys)]
        report["growth"] = growth([(5900.0, None), (2350.0, None), (1170.0, None), (100.0, sichuan)])
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=1), encoding="utf-8")
    return 0 if all(r["rc"] == 0 for r in report["coverage"]) else 1


if __name__ == "__main__":
    raise SystemExit(main())
