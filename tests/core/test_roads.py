"""The national road network: build (roads layer, addressable segments), densified interchanges, door-to-door times."""
from __future__ import annotations

import csv

import numpy as np
import pytest
from pyproj import Transformer
from shapely.geometry import LineString, MultiPolygon, box

from hinterland_build import data_build as db
from hinterland_plugin.core.catalog import CONFIDENCE_VALUES, DOMAINS
from hinterland_plugin.core.engine import kernel
from hinterland_plugin.core.engine.coverage import PointSet
from hinterland_plugin.core.engine.model import Centre, Engine
from hinterland_plugin.core.engine.network import n_pieces
from hinterland_plugin.core.engine.profiles import load_profiles
from hinterland_plugin.core.engine.scenarios import criticality, without_segments
from hinterland_plugin.core.engine.validation import halves, reprepare, with_road_params
from hinterland_plugin.core.gpkg import read_layer

pytest.importorskip("osgeo.gdal")

LAND = (101.0, 28.0, 107.0, 32.0)
WEST, EAST = (101.5, 30.0), (106.5, 30.0)
LENGTH_KM, SPEED, BOARD, ALIGHT, LAND_KMH = 480.0, 100.0, 4.0, 6.0, 30.0

PROFILE = f"""
[profiles.road]
description = "test"
land_speed_kmh = {LAND_KMH}
min_speed_kmh = 5.0
slope_k = 0.0
plateau_elev_m = 3000.0
plateau_factor = 1.0
include_planned = false
modes = ["road"]

[profiles.land]
description = "land only"
land_speed_kmh = {LAND_KMH}
min_speed_kmh = 5.0
slope_k = 0.0
plateau_elev_m = 3000.0
plateau_factor = 1.0
include_planned = false
modes = []

[modes.road]
default_speed_kmh = 80.0
design_to_operating = 0.8
detour = 1.0
board_min = {BOARD}
alight_min = {ALIGHT}
interchange_km = 20.0

[modes.road.classes.expressway]
speed_kmh = {SPEED}

[modes.road.classes.ferry]
speed_kmh = 25.0
fixed_min = 60.0
interchanges = false
"""


def _segment(sid, a, b, category="expressway", length=LENGTH_KM, status="operating"):
    return {"segment_id": sid, "corridor_id": sid.split(":")[0], "seq": 1, "from_place": a, "to_place": b,
            "name_zh": "路", "name_en": "road", "category": category, "mode": "road", "status": status,
            "design_speed_kmh": None, "operating_speed_kmh": None, "length_km": length, "source": "test",
            "confidence": "verified"}


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    d = tmp_path_factory.mktemp("roads")
    country = db.Layer("country", "MultiPolygon", [("name_en", "str")], [({"name_en": "t"}, MultiPolygon([box(*LAND)]))])
    segs = db.Layer("corridor_segments", "LineString", db.SEGMENT_FIELDS, [
        (_segment("r:01", "west", "east"), LineString([WEST, EAST])),
        (_segment("f:01", "east", "south", category="ferry", length=100.0), LineString([EAST, (106.5, 28.5)])),
        (_segment("p:01", "west", "north", status="planned", length=150.0), LineString([WEST, (101.5, 31.5)])),
    ])
    gpkg = db.write_gpkg([country, segs], d / "roads.gpkg")
    prof = d / "profiles.toml"
    prof.write_text(PROFILE, encoding="utf-8")
    return Engine(gpkg, None, prof)


@pytest.fixture(scope="module")
def prepared(engine):
    return engine.prepare("road", 5000.0)


def _xy(prep, lon, lat):
    return Transformer.from_crs("EPSG:4326", prep.grid.crs, always_xy=True).transform(lon, lat)


def _cell(prep, lon, lat):
    r, c, _ = prep.grid.cell_of(*map(np.atleast_1d, _xy(prep, lon, lat)))
    return int(r[0]) * prep.grid.ncols + int(c[0])


def _road_nodes(prep, sid="r:01"):
    """Station indices of the route in travel order: west, r:01@1..k-1, east."""
    names = [p for p, _ in prep.network.stations]
    k = n_pieces(_segment(sid, "west", "east"), prep.profile.modes[0])
    return [names.index("west")] + [names.index(f"{sid}@{i}") for i in range(1, k)] + [names.index("east")], k


def test_densification_spacing(prepared):
    nodes, k = _road_nodes(prepared)
    assert k == round(LENGTH_KM / 20.0) == 24
    net = prepared.network
    assert net.segment_ids.count("r:01") == k  # one ride edge pair per piece, all addressable as r:01
    assert net.minutes["r:01"] == pytest.approx(LENGTH_KM / SPEED * 60.0)
    # inner nodes evenly spaced on the straight line and joined to the cell they lie in
    cells = net.station_cell[nodes]
    assert (cells >= 0).all()
    rows, cols = np.divmod(cells, prepared.grid.ncols)
    step = np.hypot(np.diff(rows), np.diff(cols)) * prepared.grid.res / 1000.0
    straight = np.hypot(*np.subtract(_xy(prepared, *EAST), _xy(prepared, *WEST))) / 1000.0
    assert np.all(np.abs(step - straight / k) <= 5.0 * 1.5)  # within a cell or so of the nominal spacing
    assert 15.0 <= straight / k <= 25.0
    # ferries are not densified, planned roads are left out
    assert net.segment_ids.count("f:01") == 1 and "p:01" not in net.minutes


def test_far_cells_take_the_analytic_road_time(engine, prepared):
    res = engine.solve(prepared, [Centre("W", *_xy(prepared, *WEST))], backup=False)
    r, c = divmod(_cell(prepared, *EAST), prepared.grid.ncols)
    expected = BOARD + LENGTH_KM / SPEED * 60.0 + ALIGHT
    assert res.time[r, c] == pytest.approx(expected, abs=1e-6)
    # the ferry: crossing at 25 km/h plus its fixed 60 min, entered only at its node city
    r2, c2 = divmod(_cell(prepared, 106.5, 28.5), prepared.grid.ncols)
    via_ferry = expected - ALIGHT + 100.0 / 25.0 * 60.0 + 60.0 + ALIGHT
    assert res.time[r2, c2] <= via_ferry + 1e-6


def test_land_road_land_in_the_middle_of_a_route(engine, prepared):
    """A journey from 55 km north of the road to 55 km south of it, 300 km further along it, enters and leaves at
    interchanges: the time is exactly the best (entry, exit) pair over land-only times + access + ride."""
    o, d = (102.5, 30.5), (105.5, 29.5)
    res = engine.solve(prepared, [Centre("O", *_xy(prepared, *o))], backup=False)
    got = float(res.time.ravel()[_cell(prepared, *d)])
    land = engine.prepare("land", 5000.0)
    t_o = engine.solve(land, [Centre("O", *_xy(land, *o))], backup=False).time.ravel()
    t_d = engine.solve(land, [Centre("D", *_xy(land, *d))], backup=False).time.ravel()
    nodes, k = _road_nodes(prepared)
    cells = prepared.network.station_cell[nodes]
    piece = LENGTH_KM / SPEED * 60.0 / k
    idx = np.arange(len(nodes))
    total = (t_o[cells][:, None] + BOARD + piece * np.abs(idx[:, None] - idx[None, :]) + ALIGHT
             + t_d[cells][None, :])
    i, j = np.unravel_index(np.argmin(total), total.shape)
    expected = min(float(total[i, j]), float(t_o[_cell(prepared, *d)]))
    assert got == pytest.approx(expected, rel=1e-6)  # result rasters are float32
    assert 0 < i < k and 0 < j < k and i < j  # entered and left at interchanges, not at the node cities
    assert got < 0.75 * float(t_o[_cell(prepared, *d)])  # and the road helps a lot


def test_disrupting_a_road_segment_removes_all_its_pieces(engine, prepared):
    cut = without_segments(prepared, ["r:01"])
    sol = kernel.solve_scipy(cut.cost, cut.grid.res, [_cell(prepared, *WEST)], [0.0], cut.network.edges, backup=False)
    land_only = kernel.solve_scipy(prepared.cost, prepared.grid.res, [_cell(prepared, *WEST)], [0.0], None,
                                   backup=False)
    e = _cell(prepared, *EAST)
    assert sol.time[e] == pytest.approx(land_only.time[e], rel=1e-9)


def test_n1_on_roads_equals_brute_force(engine, prepared):
    g = prepared.grid
    pts = [(102.0, 30.5), (104.0, 29.5), (106.0, 30.2), (106.5, 28.6)]
    rc = [divmod(_cell(prepared, *p), g.ncols) for p in pts]
    cities = PointSet(np.array([r for r, _ in rc]), np.array([c for _, c in rc]), ["a", "b", "c", "d"],
                      ["city"] * 4, np.array([1e6, 5e5, 2e5, 1e5]))
    centres = [Centre("W", *_xy(prepared, *WEST))]
    fast = {s.segment_id: s for s in criticality(engine, prepared, centres, 240, cities)}
    slow = {s.segment_id: s for s in criticality(engine, prepared, centres, 240, cities, brute_force=True)}
    assert fast.keys() == slow.keys() == {"r:01", "f:01"}
    for sid, imp in fast.items():
        assert imp.pop_minutes == pytest.approx(slow[sid].pop_minutes, rel=1e-9)
    assert fast["r:01"].pop_minutes > 0


def test_bundled_profiles_use_road_classes():
    profiles = load_profiles()
    for name in ("road", "multimodal"):
        road = next(m for m in profiles[name].modes if m.name == "road")
        assert {c.name for c in road.classes} == set(DOMAINS["roads"]["category"])
        assert 10.0 <= road.interchange_km <= 30.0
        # off the curated network: local roads and the provincial network (fitted; never above the old uniform 60)
        assert 25.0 <= profiles[name].land_speed_kmh <= 60.0


# ------------------------------------------------------------------ data build


ROAD_HEADER = "route_id,code,name_zh,name_en,class,status,open_year,design_speed_kmh,nodes,source,confidence,notes"
GOOD = "zz_g99,G99,测试高速,Test Expressway,expressway,operating,2020,120,chengdu;chongqing;guiyang,test doc (2020),verified,"


@pytest.fixture(scope="module")
def places():
    return db.load_places(db.SRC_DIR)


def _rows(lines: list[str]) -> list[dict[str, str]]:
    rows = list(csv.DictReader([ROAD_HEADER] + lines))
    return [dict({k: (v or "").strip() for k, v in r.items()}, _file="roads_test.csv") for r in rows]


def test_roads_layer_and_segments(places):
    layer, segs = db.road_layers(_rows([GOOD]), places)
    (attrs, geom), = layer.features
    assert attrs["route_id"] == "zz_g99" and attrs["category"] == "expressway" and attrs["code"] == "G99"
    assert attrs["n_segments"] == 2 and len(geom.coords) == 3
    segs = [a for a, _ in segs]
    assert [s["segment_id"] for s in segs] == ["zz_g99:01", "zz_g99:02"]
    assert all(s["mode"] == "road" and s["category"] == "expressway" and s["design_speed_kmh"] == 120 for s in segs)
    assert segs[0]["from_place"] == "chengdu" and segs[1]["to_place"] == "guiyang"
    assert set(segs[0]) == {f for f, _ in db.SEGMENT_FIELDS}  # same fields as the rail segments


def test_bundled_build_has_the_road_segments():
    segs = [a for a, _ in read_layer(db.DEFAULT_OUTPUT, "corridor_segments") if a["mode"] == "road"]
    routes = {a["route_id"]: a for a, _ in read_layer(db.DEFAULT_OUTPUT, "roads")}
    assert routes, "no roads in the bundled GeoPackage"
    for sid in (s["segment_id"] for s in segs if s["corridor_id"] in routes):
        rid, nn = sid.rsplit(":", 1)
        assert rid in routes and 1 <= int(nn) <= routes[rid]["n_segments"]
    assert sum(s["corridor_id"] in routes for s in segs) == sum(r["n_segments"] for r in routes.values())


@pytest.mark.parametrize("row, match", [
    (GOOD.replace("chongqing", "atlantis"), "zz_g99.*atlantis"),
    (GOOD.replace("expressway,", "motorway,"), "zz_g99.*class 'motorway'"),
    (GOOD.replace("operating", "open"), "zz_g99.*status 'open'"),
    (GOOD.replace(",verified,", ",sure,"), "zz_g99.*confidence"),
    (GOOD.replace("test doc (2020)", ""), "zz_g99.*source"),
    (GOOD.replace("chengdu;chongqing;guiyang", "chengdu"), "zz_g99.*two nodes"),
    (GOOD.replace(",2020,", ",twenty,"), "zz_g99.*twenty"),
])
def test_bad_road_rows_are_reported(places, row, match):
    with pytest.raises(db.BuildError, match=match):
        db.road_layers(_rows([row]), places)


def test_duplicate_and_clashing_route_ids_are_reported(places):
    with pytest.raises(db.BuildError, match="duplicate route_id 'zz_g99'"):
        db.road_layers(_rows([GOOD, GOOD]), places)
    with pytest.raises(db.BuildError, match="china_laos.*corridor_id"):
        db.road_layers(_rows([GOOD.replace("zz_g99", "china_laos")]), places, {"china_laos"})


def test_the_build_reads_roads_csv(tmp_path):
    """build_layers picks roads*.csv up and refuses a bad row in it, naming the row (one full build)."""
    src = tmp_path / "src"
    src.mkdir()
    for f in db.SRC_DIR.glob("*.csv"):
        (src / f.name).write_bytes(f.read_bytes())
    (src / "roads_zz.csv").write_text("\n".join([ROAD_HEADER, GOOD.replace("chongqing", "atlantis")]) + "\n",
                                      encoding="utf-8")
    with pytest.raises(db.BuildError, match="road zz_g99 \\(roads_zz.csv\\).*atlantis"):
        db.build_layers(src)


def test_every_road_row_is_sourced():
    rows = db.read_many("roads*.csv", db.SRC_DIR)
    if not rows:
        pytest.skip("no roads*.csv yet")
    for r in rows:
        assert r["source"] and r["confidence"] in CONFIDENCE_VALUES, r["route_id"]
        assert r["class"] in DOMAINS["roads"]["category"], r["route_id"]
    bundled = read_layer(db.DEFAULT_OUTPUT, "roads")
    assert sorted(a["route_id"] for a, _ in bundled) == sorted(r["route_id"] for r in rows)


def test_validation_split_is_stable_and_balanced():
    ids = [f"pair_{i}" for i in range(41)]
    split = halves(ids)
    assert split == halves(reversed(ids))  # independent of the row order
    assert sorted(split.values()).count("fit") == 21


def test_reprepare_equals_a_fresh_prepare(engine, prepared):
    """with_road_params + reprepare (used by the calibration) give what a fresh prepare of that profile gives."""
    prof = with_road_params(prepared.profile, land_speed_kmh=40.0, speed_factor=0.9, access_min=2.0)
    assert prof.land_speed_kmh == 40.0 and prof.modes[0].board_min == prof.modes[0].alight_min == 2.0
    assert prof.modes[0].speed_factor == 0.9 and prof.key() != prepared.profile.key()
    fresh = engine.prepare(prof, 5000.0)
    again = reprepare(prepared, prof, None, engine._segments(prepared.grid))
    np.testing.assert_array_equal(fresh.cost, again.cost)
    for f in ("node_ptr", "node_to", "node_w", "link_cells", "link_to", "link_w"):
        np.testing.assert_array_equal(getattr(fresh.network.edges, f), getattr(again.network.edges, f))
    assert again.network.minutes["r:01"] == pytest.approx(LENGTH_KM / (SPEED * 0.9) * 60.0)
