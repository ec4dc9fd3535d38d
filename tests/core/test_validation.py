"""The engine against published times, out of sample (tests/data/road_times.csv, tests/data/rail_times.csv).

The pairs are split in two halves by ``validation.halves`` (ids ranked by a hash, blind to the times).
``scripts/calibrate.py`` fitted the few global values in profiles.toml on the *fit* half only (road:
off-network land speed, road speed factor, access minutes; rail: schedule_factor and stop_min); these
tests check the *other* half against the figures reached, so a change that makes the model worse, or a
re-calibration that quietly overfits, shows up here. Targets of issue 12: road median APE <= 20 %,
P90 <= 45 %; rail median <= 12 %, P90 <= 35 %. Where a target is not reached the test asserts what is
reached and says so. Reached on 2026-12-01 (check half, 5 km): road median 16.4 %, P90 38.0 %;
rail median 11.8 %, P90 26.0 %: all four targets met.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from hinterland_build.data_build import DEFAULT_DEM, DEFAULT_OUTPUT, SRC_DIR
from hinterland_plugin.core.engine.model import Engine
from hinterland_plugin.core.engine.validation import (
    compare,
    compare_door_to_door,
    gazetteer,
    halves,
    read_pairs,
    split_summary,
)

TESTS_DATA = Path(__file__).resolve().parents[1] / "data"
ROAD_TABLE = TESTS_DATA / "road_times.csv"
RAIL_TABLE = TESTS_DATA / "rail_times.csv"

#: the targets of issue 12, all met out of sample (see the module docstring)
ROAD_MEDIAN_TARGET = 0.20
ROAD_P90_TARGET = 0.45
RAIL_MEDIAN_TARGET = 0.12
RAIL_P90_TARGET = 0.35


@pytest.mark.parametrize("table, n_min", [(ROAD_TABLE, 40), (RAIL_TABLE, 50)])
def test_tables_are_sourced(table, n_min):
    rows = read_pairs(table)
    assert len(rows) >= n_min
    assert len({r["pair_id"] for r in rows}) == len(rows)
    for r in rows:
        assert r["source"] and r["confidence"] in ("verified", "partial", "unverified"), r["pair_id"]
        assert float(r["minutes"]) > 0, r["pair_id"]


@pytest.fixture(scope="module")
def engine():
    return Engine(DEFAULT_OUTPUT, DEFAULT_DEM)


@pytest.fixture(scope="module")
def road(engine):
    xy, names = gazetteer(SRC_DIR)
    return compare_door_to_door(engine.prepare("road", 5000.0), ROAD_TABLE, xy, names)


@pytest.fixture(scope="module")
def rail(engine):
    _, names = gazetteer(SRC_DIR)
    prep = engine.prepare("rail", 20000.0)  # station-to-station times do not depend on the grid
    return compare(prep, RAIL_TABLE, {k: v for k, v in names.items() if k.isascii()})


def test_every_road_pair_is_modelled_and_reached(road):
    res, skipped = road
    assert skipped == []
    assert len(res) == len(read_pairs(ROAD_TABLE))
    unreached = [r.pair_id for r in res if r.model_min == float("inf")]
    assert unreached == []


def test_road_out_of_sample(road):
    res, _ = road
    parts = split_summary(res, halves(r.pair_id for r in res))
    check = parts["check"]
    assert check["pairs"] >= 20
    assert check["median_ape"] <= ROAD_MEDIAN_TARGET, check
    assert check["p90_ape"] <= ROAD_P90_TARGET, check
    assert abs(check["median_signed"]) <= 0.15, check  # no large systematic bias either way


def test_every_rail_pair_is_modelled(rail):
    res, skipped = rail
    assert skipped == []
    assert len(res) >= 50


def test_rail_out_of_sample(rail):
    res, _ = rail
    check = split_summary(res, halves(r.pair_id for r in res))["check"]
    assert check["median_ape"] <= RAIL_MEDIAN_TARGET, check
    assert check["p90_ape"] <= RAIL_P90_TARGET, check
    assert abs(check["median_signed"]) <= 0.10, check
