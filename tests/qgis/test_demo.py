"""`make demo` end to end in a fresh process with an empty numba cache: exit code 0, the files it promises.

A cold cache is the case that used to crash at interpreter exit (rc 139 after "demo finished"): layer objects kept
alive by reference cycles from numba's first compilation were destroyed after exitQgis()."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_demo_cold_cache_exits_cleanly(tmp_path):
    env = dict(os.environ, HINTERLAND_CACHE_DIR=str(tmp_path / "cache"), NUMBA_CACHE_DIR=str(tmp_path / "numba"),
               QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "demo.py"), "--out", str(out), "--dpi", "60"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "demo finished" in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr
    for name in ("strategic_layers.png", "strategic_layers_zh.png", "hinterland.qgz", "criticality.csv",
                 "disruption.csv", "report.pdf", "report.png", "report.html", "report_page2.png"):
        assert (out / name).stat().st_size > 0, name
    assert list((tmp_path / "numba").rglob("*.nbi")), "the compiled kernel is cached where we said, not in the sources"
    home = tmp_path / "home"
    assert not (home / ".local" / "share" / "QGIS").exists(), "the demo wrote a QGIS profile into the user's home"
    assert not list(home.rglob("prepared_*.pkl")), "the demo's caches went to the user's cache folder"
