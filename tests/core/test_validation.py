"""The rail profile against published fastest scheduled rail times (tests/data/rail_times.csv).

Target from the issue: median absolute percentage error <= 20 %. The profile's schedule_factor and
stop_min were calibrated once on these pairs (2 global values for hsr and rail, no per-pair change),
so this is an in-sample check that keeps the calibration from silently drifting.
"""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from hinterland_plugin.core.data_build import DEFAULT_DEM, DEFAULT_OUTPUT, SRC_DIR
from hinterland_plugin.core.engine.model import Engine
from hinterland_plugin.core.engine.validation import compare, summary

TABLE = Path(__file__).resolve().parents[1] / "data" / "rail_times.csv"


def _places():
    out = {}
    for f in SRC_DIR.glob("places_*.csv"):
        with open(f, encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                out[r["name_en"].lower()] = r["key"]
    return out


def test_table_is_sourced():
    with open(TABLE, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) >= 25
    for r in rows:
        assert r["source"] and r["confidence"] in ("verified", "partial", "unverified"), r
        assert float(r["minutes"]) > 0


@pytest.fixture(scope="module")
def results():
    eng = Engine(DEFAULT_OUTPUT, DEFAULT_DEM)
    prep = eng.prepare("rail", 20000.0)  # station-to-station times do not depend on the grid
    return compare(prep, TABLE, _places())


def test_every_pair_is_modelled(results):
    res, skipped = results
    assert skipped == []
    assert len(res) >= 25


def test_median_error_within_target(results):
    res, _ = results
    s = summary(res)
    assert s["median_ape"] <= 0.20, s
    assert abs(s["median_signed"]) <= 0.10, s  # no large systematic bias either way
