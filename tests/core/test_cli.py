"""The command line of the core (``python -m hinterland_plugin.core``): help, small runs on a coarse 50 km grid
compared with the engine, bad input as one line and exit code 2."""
from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from pyproj import Transformer

from hinterland_build.data_build import DEFAULT_DEM, DEFAULT_OUTPUT
from hinterland_plugin.core.cli import main
from hinterland_plugin.core.engine.model import Centre, Engine
from hinterland_plugin.core.engine.outputs import read_geotiff
from hinterland_plugin.core.engine.scenarios import criticality, disruption

ROOT = Path(__file__).resolve().parents[2]
RES = "50000"
POINTS = (("Chengdu", 104.07, 30.67), ("Wuhan", 114.30, 30.59))


def cli(*args, timeout=120):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "hinterland_plugin.core", *args], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=timeout)


@pytest.fixture(scope="module")
def centres_file(tmp_path_factory):
    """The centres in Web Mercator (EPSG:3857), to show any CRS is fine."""
    tr = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)
    feats = [{"type": "Feature", "properties": {"name": n, "delay": 0},
              "geometry": {"type": "Point", "coordinates": list(tr.transform(x, y))}} for n, x, y in POINTS]
    path = tmp_path_factory.mktemp("cli") / "centres.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "crs": {"type": "name", "properties": {
        "name": "urn:ogc:def:crs:EPSG::3857"}}, "features": feats}), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def engine_setup():
    eng = Engine(DEFAULT_OUTPUT, DEFAULT_DEM)
    prep = eng.prepare("multimodal", float(RES))
    tr = Transformer.from_crs("EPSG:4326", prep.grid.crs, always_xy=True)
    return eng, prep, [Centre(n, *tr.transform(x, y)) for n, x, y in POINTS]


def test_help_texts():
    out = cli("--help")
    assert out.returncode == 0
    for sub in ("solve", "coverage", "criticality", "scenarios", "siting", "examples"):
        assert sub in out.stdout
    for sub in ("solve", "coverage", "criticality", "scenarios", "siting"):
        h = cli(sub, "--help")
        assert h.returncode == 0 and "--scheduler" in h.stdout and "--resolution" in h.stdout, sub
        assert "local:N" in h.stdout and "tcp://" in h.stdout


def test_solve_writes_the_engine_rasters(centres_file, engine_setup, tmp_path, capsys):
    eng, prep, centres = engine_setup
    assert main(["solve", "--centres", str(centres_file), "--resolution", RES, "--quiet",
                 "--output-time", str(tmp_path / "t.tif"), "--output-allocation", str(tmp_path / "a.tif")]) == 0
    ref = eng.solve(prep, centres, backup=False)
    t = read_geotiff(tmp_path / "t.tif")
    np.testing.assert_allclose(t, ref.time, rtol=1e-5, equal_nan=True)  # centres went through EPSG:3857 and back
    assert (read_geotiff(tmp_path / "a.tif")[np.isfinite(t)] >= 0).all()



def test_solve_with_knight_moves(centres_file, engine_setup, tmp_path):
    """--knight: the 16-neighbour solve of the same grid (as the engine with knight=True), not the 8-neighbour one."""
    eng, prep, centres = engine_setup
    assert main(["solve", "--centres", str(centres_file), "--resolution", RES, "--quiet", "--knight",
                 "--output-time", str(tmp_path / "t16.tif")]) == 0
    t = read_geotiff(tmp_path / "t16.tif")
    k16 = eng.solve(eng.prepare("multimodal", float(RES), knight=True), centres, backup=False).time
    np.testing.assert_allclose(t, k16, rtol=1e-5, equal_nan=True)
    eight = eng.solve(prep, centres, backup=False).time
    fin = np.isfinite(eight)
    assert (t[fin] <= eight[fin] * (1 + 1e-5)).all()
    assert (t[fin] < eight[fin] * (1 - 1e-3)).mean() > 0.1  # the last miles off the network are shorter

def test_criticality_csv_is_the_engine_ranking(centres_file, engine_setup, tmp_path):
    eng, prep, centres = engine_setup
    out = tmp_path / "n1.csv"
    assert main(["criticality", "--centres", str(centres_file), "--resolution", RES, "--threshold", "240",
                 "--modes", "hsr", "--output", str(out), "--quiet"]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    only = [r["segment_id"] for r in rows]
    ref = criticality(eng, prep, centres, 240, eng.people(prep), only=only)
    assert [r["segment_id"] for r in rows] == [s.segment_id for s in ref] and len(rows) > 20
    assert [float(r["pop_minutes"]) for r in rows[:5]] == pytest.approx([s.pop_minutes for s in ref[:5]], rel=1e-9)
    assert {r["mode"] for r in rows} == {"hsr"}


def test_scenarios_from_a_disruption_file_and_from_hazard_polygons(centres_file, engine_setup, tmp_path):
    eng, prep, centres = engine_setup
    top = criticality(eng, prep, centres, 240, eng.people(prep), only=None)[0].segment_id
    (tmp_path / "d.csv").write_text(f"scenario,segments\ntop,{top}\nnone,\n", encoding="utf-8")
    out = tmp_path / "s.csv"
    assert main(["scenarios", "--centres", str(centres_file), "--resolution", RES, "--threshold", "240",
                 "--disruptions", str(tmp_path / "d.csv"), "--output", str(out), "--quiet"]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    _d, pm, _lost = disruption(eng, prep, centres, [top], 240, eng.people(prep))
    assert [r["hazard"] for r in rows] == ["top", "none"]
    assert float(rows[0]["pop_minutes_added"]) == pytest.approx(pm, rel=1e-9) and float(rows[1]["pop_minutes_added"]) == 0
    ring = [[113.8, 30.1], [114.8, 30.1], [114.8, 31.1], [113.8, 31.1], [113.8, 30.1]]
    hz = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "Wuhan flood"}, "geometry": {"type": "Polygon", "coordinates": [ring]}}]}
    (tmp_path / "hz.geojson").write_text(json.dumps(hz), encoding="utf-8")
    assert main(["scenarios", "--centres", str(centres_file), "--resolution", RES, "--hazards", str(tmp_path / "hz.geojson"),
                 "--output", str(out), "--output-segments", str(tmp_path / "seg.csv"), "--quiet"]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    segs = list(csv.DictReader((tmp_path / "seg.csv").open(encoding="utf-8")))
    assert rows[0]["hazard"] == "Wuhan flood" and int(rows[0]["segments_n"]) == len(segs) > 0
    assert all(int(s["hazards_n"]) == 1 for s in segs)


def test_bad_input_is_one_line_and_exit_2(centres_file, tmp_path):
    empty = tmp_path / "empty.geojson"
    empty.write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    bad = [("solve", "--centres", str(tmp_path / "missing.geojson"), "--output-time", str(tmp_path / "t.tif")),
           ("criticality", "--centres", str(centres_file), "--resolution", "-5", "--output", str(tmp_path / "x.csv")),
           ("solve", "--centres", str(centres_file), "--profile", "hovercraft", "--output-time", str(tmp_path / "t.tif")),
           ("criticality", "--nonsense"),
           ("scenarios", "--centres", str(centres_file), "--hazards", str(empty), "--output", str(tmp_path / "x.csv"))]
    for args in bad:
        out = cli(*args)
        assert out.returncode == 2, (args, out.stderr)
        lines = out.stderr.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in out.stderr and "error" in lines[0], (args, out.stderr)
    assert "has no polygon features" in out.stderr
    assert not (tmp_path / "t.tif").exists() and not (tmp_path / "x.csv").exists()


def test_unreachable_scheduler_writes_nothing(centres_file, tmp_path):
    pytest.importorskip("distributed")
    out = cli("criticality", "--centres", str(centres_file), "--resolution", RES, "--scheduler", "tcp://127.0.0.1:9",
              "--output", str(tmp_path / "n1.csv"), "--quiet")
    assert out.returncode == 2 and "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []  # no table, no .partial
