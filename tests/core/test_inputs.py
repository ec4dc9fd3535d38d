"""The user's own data in the engine (core/engine/inputs.py): network, friction, population, study area, sites."""
from __future__ import annotations

import numpy as np
import pytest
from shapely.geometry import Point, box

from hinterland_plugin.core.engine.coverage import PointSet
from hinterland_plugin.core.engine.inputs import UserInputs, UserLine, site_sets
from hinterland_plugin.core.engine.model import Centre, Engine
from hinterland_plugin.core.engine.network import segment_minutes
from hinterland_plugin.core.engine.outputs import write_geotiff
from hinterland_plugin.core.errors import HinterlandError
from hinterland_plugin.core.gpkg import read_layer
from tests.synthetic import COUNTIES, LAND_BOX, synthetic_gpkg


@pytest.fixture(scope="module")
def gpkg(tmp_path_factory):
    return synthetic_gpkg(tmp_path_factory.mktemp("inputs") / "t.gpkg")


@pytest.fixture(scope="module")
def engine(gpkg):
    return Engine(gpkg, None, disk_cache=False)


def _centre(prep, lon, lat, name="c"):
    from pyproj import Transformer

    x, y = Transformer.from_crs("EPSG:4326", prep.grid.crs, always_xy=True).transform(lon, lat)
    return Centre(name, x, y)


def test_bundled_network_fed_back_as_user_lines_gives_the_same_times(engine, gpkg):
    """The synthetic HSR segment exported as a line with its ride time, NETWORK_USE=replace: identical times."""
    base = engine.prepare("multimodal", 10000.0)
    mode = next(m for m in base.profile.modes if m.name == "hsr")
    lines = []
    for attrs, geom in read_layer(gpkg, "corridor_segments"):
        if attrs["status"] == "operating":
            lines.append(UserLine(tuple(geom.coords), minutes=segment_minutes(attrs, mode), mode="hsr",
                                  ident=attrs["segment_id"]))
    own = engine.prepare("multimodal", 10000.0, inputs=UserInputs(network=lines, network_use="replace"))
    c = [_centre(base, 101.6, 30.0)]
    a, b = engine.solve(base, c).time, engine.solve(own, c).time
    assert np.array_equal(np.isnan(a), np.isnan(b))
    np.testing.assert_allclose(a[~np.isnan(a)], b[~np.isnan(b)], rtol=1e-6)
    assert own.network.n_extra == base.network.n_extra == 2  # the user line's two stations, nothing else


def test_user_road_is_joined_along_its_length_and_one_way_is_kept(engine):
    line = UserLine(((101.2, 31.5), (106.8, 31.5)), speed_kmh=100.0, mode="road", ident="r")
    both = engine.prepare("road", 10000.0, inputs=UserInputs(network=[line]))
    oneway = engine.prepare("road", 10000.0, inputs=UserInputs(network=[UserLine(line.coords, 100.0, mode="road",
                                                                                   oneway=True, ident="r")]))
    plain = engine.prepare("road", 10000.0)
    mid = [_centre(plain, 104.0, 31.5)]  # in the middle of the road: it is entered there
    t_plain = engine.solve(plain, mid).time
    t_road = engine.solve(both, mid).time
    cell = both.grid.cell_of(*np.array(_xy(both, 106.7, 31.5)).reshape(2, 1))
    r, c = int(cell[0][0]), int(cell[1][0])
    assert t_road[r, c] < 0.6 * t_plain[r, c]
    west = [_centre(plain, 101.3, 31.5)]
    east_cell = (r, c)
    forward = engine.solve(oneway, west).time[east_cell]
    back_from = [_centre(plain, 106.7, 31.5)]
    wr, wc = (int(v[0]) for v in both.grid.cell_of(*np.array(_xy(both, 101.3, 31.5)).reshape(2, 1))[:2])
    backward = engine.solve(oneway, back_from).time[wr, wc]
    assert forward < 0.6 * backward  # the one-way line only helps from west to east


def _xy(prep, lon, lat):
    from pyproj import Transformer

    return Transformer.from_crs("EPSG:4326", prep.grid.crs, always_xy=True).transform(lon, lat)


def test_friction_raster_fed_back_gives_the_same_times(engine, tmp_path):
    base = engine.prepare("road", 10000.0)
    path = write_geotiff(tmp_path / "f.tif", base.cost, base.grid)
    own = engine.prepare("road", 10000.0, inputs=UserInputs(friction=str(path)))
    np.testing.assert_allclose(own.cost[base.land], base.cost[base.land], rtol=1e-6)
    c = [_centre(base, 103.0, 30.0)]
    np.testing.assert_allclose(engine.solve(own, c).time[base.land], engine.solve(base, c).time[base.land],
                               rtol=1e-5)
    kmh = write_geotiff(tmp_path / "v.tif", base.speed, base.grid)
    own_v = engine.prepare("road", 10000.0, inputs=UserInputs(friction=str(kmh), friction_units="kmh"))
    np.testing.assert_allclose(own_v.cost[base.land], base.cost[base.land], rtol=1e-5)


def test_population_raster_counts_equal_its_zonal_sums(engine, tmp_path):
    base = engine.prepare("road", 10000.0)
    rng = np.random.default_rng(1)
    pop = (rng.random(base.grid.shape) * 1000).astype(np.float32)
    path = write_geotiff(tmp_path / "p.tif", pop, base.grid)
    own = engine.prepare("road", 10000.0, inputs=UserInputs(population=str(path)))
    people = engine.people(own)
    assert people.weights.sum() == pytest.approx(float(pop[base.land].sum(dtype=np.float64)), rel=1e-5)
    neg = write_geotiff(tmp_path / "n.tif", -pop, base.grid)
    with pytest.raises(HinterlandError, match="negative"):
        engine.people(engine.prepare("road", 10000.0, inputs=UserInputs(population=str(neg))))


def test_study_area_limits_the_grid_and_keeps_cut_counties_where_they_live(engine):
    west = box(LAND_BOX[0], LAND_BOX[1], 103.0, LAND_BOX[3])  # two thirds of the western county
    own = engine.prepare("road", 10000.0, inputs=UserInputs(study_area=west))
    full = engine.prepare("road", 10000.0)
    assert own.grid.ncols < full.grid.ncols and own.land.sum() < full.land.sum()
    people = engine.people(own).weights.sum()
    west_county = COUNTIES[0][3]
    # the western county spreads over 101-104 E: about two thirds of its people live in the area, not all
    assert 0.4 * west_county < people < 0.9 * west_county
    with pytest.raises(HinterlandError):
        engine.prepare("road", 10000.0, inputs=UserInputs(study_area=box(0, 0, 0, 0)))


def test_study_area_outside_china_uses_an_area_centred_projection(engine):
    bavaria = box(10.0, 47.5, 13.0, 50.0)
    own = engine.prepare("road", 5000.0, inputs=UserInputs(study_area=bavaria))
    assert "laea" in own.grid.crs and own.land.sum() > 0.8 * own.grid.size * 0.5
    assert any("beyond China" in str(n) for n in own.notes)


def test_user_sites_are_point_sets_on_the_grid(engine):
    prep = engine.prepare("road", 10000.0)
    sets = site_sets(UserInputs(sites={"depots": [("D1", 102.0, 29.0), ("sea", 120.0, 10.0)]}), prep.grid, prep.land,
                     PointSet)
    assert sets["depots"].names == ["D1"]


def test_inputs_change_the_cache_key(tmp_path):
    a = UserInputs(network=[UserLine(((101.0, 30.0), (102.0, 30.0)), speed_kmh=80.0)])
    b = UserInputs(network=[UserLine(((101.0, 30.0), (102.0, 30.0)), speed_kmh=90.0)])
    assert a.key != b.key and UserInputs().empty and not a.empty
    assert Point(0, 0)  # shapely imported for the study-area tests


def test_a_hazard_zone_cuts_the_users_own_road(engine):
    """A hazard polygon across a user road (NETWORK_USE=replace) finds the road's segments, as for the bundled
    network, and cutting them makes the far end slower; a polygon away from the road finds nothing."""
    from hinterland_plugin.core.batch import segments_crossing_each
    from hinterland_plugin.core.engine.inputs import to_crs
    from hinterland_plugin.core.engine.scenarios import before_after, segments_crossing

    line = UserLine(((101.2, 31.5), (104.0, 31.5), (106.8, 31.5)), speed_kmh=120.0, ident="roads:1")
    prep = engine.prepare("road", 10000.0, inputs=UserInputs(network=[line], network_use="replace"))
    zone = to_crs(box(104.5, 31.0, 105.0, 32.0), prep.grid.crs)
    away = to_crs(box(102.0, 28.5, 103.0, 29.0), prep.grid.crs)
    ids = segments_crossing(prep, engine, zone)
    assert ids == ["user:roads:1:2"]  # the eastern half of the line, not the western
    assert segments_crossing_each(prep, engine, [zone, away]) == [["user:roads:1:2"], []]
    before, after = before_after(engine, prep, [_centre(prep, 101.3, 31.5)], ids)
    r, c = (int(v[0]) for v in prep.grid.cell_of(*np.array(_xy(prep, 106.7, 31.5)).reshape(2, 1))[:2])
    assert after[r, c] > before[r, c] + 30


def test_notes_keep_their_code_through_the_disk_cache():
    """A note (not an error) is translated by its code; a prepared grid read back from the disk cache keeps it."""
    import pickle

    from hinterland_plugin.core.errors import Note

    note = pickle.loads(pickle.dumps(Note("note_friction_uncovered", n="12")))
    assert isinstance(note, Note) and note.code == "note_friction_uncovered" and note.params == {"n": "12"}
    assert "12 land cells" in str(note)


def test_population_polygons_are_spread_over_their_land_cells(engine):
    """Each polygon's count lands on its land cells (total kept); a polygon off the land counts nobody; a bad
    count is refused."""
    west, east = box(101.0, 28.0, 104.0, 32.0), box(104.0, 28.0, 107.0, 32.0)
    sea = box(120.0, 10.0, 121.0, 11.0)
    own = engine.prepare("road", 10000.0, inputs=UserInputs(population_polygons=((west, 1000.0), (east, 250.0),
                                                                                 (sea, 99.0))))
    people = engine.people(own)
    assert people.weights.sum() == pytest.approx(1250.0, rel=1e-9)
    xs, _ys = own.grid.centres()
    edge = _xy(own, 104.0, 30.0)[0]
    in_west = xs[people.cols] < edge
    assert people.weights[in_west].sum() == pytest.approx(1000.0, rel=0.02)
    assert np.ptp(people.weights[in_west][1:-1]) < 1e-9 * people.weights.max()  # evenly
    with pytest.raises(HinterlandError, match="not a number of people"):
        engine.people(engine.prepare("road", 10000.0, inputs=UserInputs(population_polygons=((west, -5.0),))))


def test_editing_a_friction_raster_in_place_recomputes(engine, tmp_path):
    """The same path with new content is a new cache key (the file is hashed, not its name or date)."""
    base = engine.prepare("road", 10000.0)
    path = tmp_path / "f.tif"
    write_geotiff(path, np.where(base.land, 0.001, np.nan).astype(np.float32), base.grid)
    a = engine.prepare("road", 10000.0, inputs=UserInputs(friction=str(path)))
    write_geotiff(path, np.where(base.land, 0.002, np.nan).astype(np.float32), base.grid)
    b = engine.prepare("road", 10000.0, inputs=UserInputs(friction=str(path)))
    assert a is not b and np.nanmax(b.cost) == pytest.approx(2 * np.nanmax(a.cost), rel=1e-6)
