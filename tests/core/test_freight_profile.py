"""PROFILE=freight is one profile everywhere: freight rail, truck and barge values from profiles.toml, applied by
``load_profiles`` (not only by the gateway algorithm), and freight times differ from passenger times the way the
file documents."""
from __future__ import annotations

import numpy as np
import pytest
import tomllib

from hinterland_build.data_build import DEFAULT_DEM, DEFAULT_OUTPUT
from hinterland_plugin.core.engine.model import Engine
from hinterland_plugin.core.engine.network import segment_minutes, segment_speed
from hinterland_plugin.core.engine.profiles import DEFAULT_FILE, ProfileError, load_profiles


@pytest.fixture(scope="module")
def toml():
    return tomllib.loads(DEFAULT_FILE.read_text(encoding="utf-8"))


def _mode(profile, name):
    return next(m for m in profile.modes if m.name == name)


def test_freight_rail_ignores_passenger_operating_speeds(toml):
    profiles = load_profiles()
    over = toml["profiles"]["freight"]["mode_overrides"]["rail"]
    rail_f, rail_p = _mode(profiles["freight"], "rail"), _mode(profiles["rail"], "rail")
    for attrs in ({"category": "rail_trunk", "operating_speed_kmh": 160.0, "length_km": 300.0},
                  {"category": "china_europe", "length_km": 500.0},
                  {"category": "sichuan_tibet", "design_speed_kmh": 200.0, "operating_speed_kmh": 160.0,
                   "length_km": 120.0}):
        expected = (attrs["length_km"] * over["detour"] / (over["speed_kmh"] * over["schedule_factor"]) * 60.0
                    + over["stop_min"])
        assert segment_minutes(attrs, rail_f) == pytest.approx(expected)
        assert segment_speed(attrs, rail_f) == over["speed_kmh"]
        assert segment_minutes(attrs, rail_f) > 1.5 * segment_minutes(attrs, rail_p)
    # a recorded design speed below the freight speed still caps it
    slow = {"category": "rail_trunk", "design_speed_kmh": 40.0, "length_km": 100.0}
    assert segment_speed(slow, rail_f) == 40.0
    assert (rail_f.board_min, rail_f.alight_min) == (over["board_min"], over["alight_min"])
    assert "hsr" not in {m.name for m in profiles["freight"].modes}


def test_trucks_and_barges(toml):
    profiles = load_profiles()
    over = toml["profiles"]["freight"]["mode_overrides"]
    road_f, road_c = _mode(profiles["freight"], "road"), _mode(profiles["road"], "road")
    exp = {"category": "expressway", "length_km": 100.0}
    truck, car = segment_speed(exp, road_f), segment_speed(exp, road_c)
    assert truck == pytest.approx(over["road"]["classes"]["expressway"]["speed_kmh"] * over["road"]["speed_factor"])
    assert truck <= 100.0  # the legal maximum of trucks on expressways
    assert truck / car == pytest.approx(55.0 / 84.0, abs=0.05)  # measured truck / car ratio (2020), see the file
    # classes the override does not name keep their passenger class values, scaled by the freight speed_factor
    ferry = {"category": "ferry", "length_km": 50.0}
    cls = road_c.road_class("ferry")
    assert road_f.road_class("ferry") == cls
    assert segment_minutes(ferry, road_f) == pytest.approx(
        50.0 * road_f.detour / (cls.speed_kmh * road_f.speed_factor) * 60.0 + cls.fixed_min, rel=1e-9)
    water_f = _mode(profiles["freight"], "water")
    yz = {"category": "yangtze", "length_km": 1567.2}
    assert segment_speed(yz, water_f) == over["water"]["speed_kmh"]
    hours = segment_minutes(yz, water_f) / 60.0 + (water_f.board_min + water_f.alight_min) / 60.0
    assert 8 * 24 <= hours <= 12 * 24  # Wanzhou-Shanghai liner: 10 days (the documented figure)
    assert profiles["freight"].land_speed_kmh < profiles["road"].land_speed_kmh


def test_every_algorithm_gets_the_same_freight_network():
    """The engine's own PROFILE=freight (what traveltime, coverage, odmatrix... use) has the freight ride times."""
    eng = Engine(DEFAULT_OUTPUT, DEFAULT_DEM, disk_cache=False)
    prep_f = eng.prepare("freight", 50000.0)
    prep_r = eng.prepare("rail", 50000.0)
    rail_f = _mode(prep_f.profile, "rail")
    rows = {a["segment_id"]: a for a, _g in eng.read("corridor_segments")}
    rail_ids = [s for s in prep_f.network.minutes if rows[s]["mode"] == "rail"]
    assert len(rail_ids) > 50
    for sid in rail_ids:
        assert prep_f.network.minutes[sid] == pytest.approx(segment_minutes(rows[sid], rail_f))
    ratio = np.array([prep_f.network.minutes[s] / prep_r.network.minutes[s] for s in rail_ids])
    assert (ratio > 1.0).all()  # freight is slower on every rail segment
    assert not any(rows[s]["mode"] == "hsr" for s in prep_f.network.minutes)


def test_bad_overrides(tmp_path):
    base = DEFAULT_FILE.read_text(encoding="utf-8")
    bad = tmp_path / "p.toml"
    bad.write_text(base + "\n[profiles.freight.mode_overrides.hsr]\nspeed_kmh = 100.0\n", encoding="utf-8")
    with pytest.raises(ProfileError, match="does not use: hsr"):
        load_profiles(bad)
    bad.write_text(base.replace("[profiles.freight.mode_overrides.water]\nspeed_kmh = 9.0",
                                "[profiles.freight.mode_overrides.water]\nspeed_kmh = 0.0"), encoding="utf-8")
    with pytest.raises(ProfileError, match="speed_kmh"):
        load_profiles(bad)
