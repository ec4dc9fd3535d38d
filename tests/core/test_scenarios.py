"""Corridor disruption and N-1 criticality on the bundled China network (coarse grid for speed)."""
from __future__ import annotations

import numpy as np
import pytest
from pyproj import Transformer
from shapely.geometry import Point

from hinterland_build.data_build import DEFAULT_DEM, DEFAULT_OUTPUT
from hinterland_plugin.core.engine.model import Centre, Engine, bundled_points
from hinterland_plugin.core.engine.scenarios import before_after, criticality, disruption, segments_crossing


@pytest.fixture(scope="module")
def setup():
    eng = Engine(DEFAULT_OUTPUT, DEFAULT_DEM)
    prep = eng.prepare("multimodal", 40000.0)
    tr = Transformer.from_crs("EPSG:4326", prep.grid.crs, always_xy=True)
    centres = [Centre(n, *tr.transform(x, y)) for n, (x, y) in
               (("Chengdu", (104.07, 30.67)), ("Wuhan", (114.30, 30.59)), ("Xi'an", (108.94, 34.34)))]
    cities = bundled_points(eng, prep, "cities", "population")
    return eng, prep, centres, cities, tr


def test_fast_ranking_equals_brute_force(setup):
    eng, prep, centres, cities, _ = setup
    fast = {s.segment_id: s for s in criticality(eng, prep, centres, 240, cities)}
    slow = {s.segment_id: s for s in criticality(eng, prep, centres, 240, cities, brute_force=True)}
    assert fast.keys() == slow.keys() and len(fast) > 100
    for sid, f in fast.items():
        assert f.pop_minutes == pytest.approx(slow[sid].pop_minutes, rel=1e-9, abs=1e-6), sid
        assert f.pop_lost == slow[sid].pop_lost, sid
    skipped = [s for s in fast.values() if not s.resolved]
    assert skipped, "the tight-edge test should spare some solves"
    ranked = sorted(fast.values(), key=lambda s: -s.pop_minutes)
    assert ranked[0].pop_minutes > 0


def test_disruption_only_adds_time(setup):
    eng, prep, centres, cities, _ = setup
    top = criticality(eng, prep, centres, 240, cities)[0]
    delta, pm, lost = disruption(eng, prep, centres, [top.segment_id], 240, cities)
    fin = np.isfinite(delta)
    assert (delta[fin] >= -1e-6).all() and ((delta > 0) | np.isposinf(delta)).any()  # added or cut off
    assert pm == pytest.approx(top.pop_minutes, rel=1e-9)
    with pytest.raises(KeyError, match="nope:01"):
        disruption(eng, prep, centres, ["nope:01"], 240, cities)


def test_hazard_polygon_selects_segments(setup):
    eng, prep, _, _, tr = setup
    zone = Point(*tr.transform(114.30, 30.59)).buffer(60_000)  # 60 km around Wuhan
    ids = segments_crossing(prep, eng, zone)
    assert ids and all(i in prep.network.minutes for i in ids)
    assert any(i.startswith("hsr_v4_jingha_jinggangao") for i in ids)


def test_disruption_that_disconnects_a_centre_is_reported(tmp_path):
    """A centre on an island whose only link is segment t:03: cutting it leaves the centre its island only."""
    from hinterland_plugin.core.engine.scenarios import centre_reach
    from tests.synthetic import synthetic_gpkg

    eng = Engine(synthetic_gpkg(tmp_path / "island.gpkg", island=True), None)
    prep = eng.prepare("multimodal", 10000.0)
    tr = Transformer.from_crs("EPSG:4326", prep.grid.crs, always_xy=True)
    centres = [Centre("Island", *tr.transform(108.2, 30.0)), Centre("Mainland", *tr.transform(102.0, 29.0))]
    reach = {r.name: r for r in centre_reach(eng, prep, centres, ["t:03"], 24 * 60)}
    island_cells = int(prep.land.sum())
    assert reach["Island"].cut_off and 0 < reach["Island"].cells_after < 0.2 * island_cells
    assert reach["Island"].cells_before > 0.9 * island_cells  # by train it reached the mainland too
    assert not reach["Mainland"].cut_off  # the mainland centre only loses the island
    # the nearest-centre surface still exists: the island keeps its own centre, nothing is NaN on land
    _, after = before_after(eng, prep, centres, ["t:03"])
    assert np.isfinite(after[prep.land]).all()


def test_cancel_mid_n1_leaves_the_prepared_network_intact(setup):
    from hinterland_plugin.core.engine.kernel import Cancelled

    eng, prep, centres, cities, _ = setup
    weights = prep.network.edges.node_w.copy()
    seen = []

    def progress(p):
        seen.append(p)

    with pytest.raises(Cancelled):
        criticality(eng, prep, centres, 240, cities, progress=progress, cancel=lambda: len(seen) >= 10)
    import os

    # stopped at the check after the tenth segment (plus the solves already running on the other threads)
    assert 10 <= len(seen) <= 10 + min(4, os.cpu_count() or 1) and seen[-1] < 50
    assert np.array_equal(prep.network.edges.node_w, weights)  # removals worked on copies
    assert len(criticality(eng, prep, centres, 240, cities)) > 100  # and the cached network still works
