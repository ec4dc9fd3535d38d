"""Backup reach (core) against an independent computation: networkx Dijkstra on the same graph (grid cells with
the r.cost 8-neighbour model + the network edges), every segment removed in turn by brute force."""
from __future__ import annotations

import math

import numpy as np
import pytest
from pyproj import Transformer
from shapely.geometry import LineString, MultiPolygon, Point, box

from hinterland_build.data_build import SEGMENT_FIELDS, Layer, write_gpkg
from hinterland_plugin.core.engine import backup_reach as BR
from hinterland_plugin.core.engine.model import Engine
from hinterland_plugin.core.errors import EngineError
from tests.synthetic import LAND_BOX, admin_layers

nx = pytest.importorskip("networkx")

WEST, MID, EAST = (101.5, 30.0), (103.5, 30.0), (106.5, 30.0)


def _gpkg(path):
    country = Layer("country", "MultiPolygon", [("name_en", "str")], [({"name_en": "test"}, MultiPolygon([box(*LAND_BOX)]))])
    base = {"corridor_id": "t", "seq": 1, "name_zh": "段", "category": "hsr_8v8h", "mode": "hsr", "status": "operating",
            "design_speed_kmh": 350, "operating_speed_kmh": 300, "source": "test", "confidence": "verified"}
    segs = [
        (dict(base, segment_id="h:01", from_place="west", to_place="mid", name_en="W-M", length_km=200.0), (WEST, MID)),
        (dict(base, segment_id="h:02", from_place="mid", to_place="east", name_en="M-E", length_km=300.0), (MID, EAST)),
        (dict(base, segment_id="r:01", from_place="west", to_place="east", name_en="W-E rail", mode="rail",
              category="rail_trunk", design_speed_kmh=160, operating_speed_kmh=120, length_km=520.0), (WEST, EAST)),
    ]
    layer = Layer("corridor_segments", "LineString", SEGMENT_FIELDS, [(a, LineString(ab)) for a, ab in segs])
    pt_fields = [("name_zh", "str"), ("name_en", "str"), ("category", "str"), ("population", "int")]
    cities = Layer("cities", "Point", pt_fields, [
        ({"name_zh": "西", "name_en": "West", "category": "city", "population": 1_000_000}, Point(*WEST)),
        ({"name_zh": "东", "name_en": "East", "category": "city", "population": 800_000}, Point(*EAST))])
    return write_gpkg([country, layer, cities] + admin_layers(), path)


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    eng = Engine(_gpkg(tmp_path_factory.mktemp("br") / "s.gpkg"), None, disk_cache=False)
    prep = eng.prepare("multimodal", 25000.0)
    tr = Transformer.from_crs("EPSG:4326", prep.grid.crs, always_xy=True)
    (wx, ex), (wy, ey) = tr.transform([WEST[0], EAST[0]], [WEST[1], EAST[1]])
    pair = BR.Pair("p1", "electronics", "transfer", "West", "East", wx, wy, ex, ey, "test", "partial")
    return eng, prep, pair, tr


def _graph(prep, drop: set[str] = frozenset()):
    """networkx DiGraph of the prepared grid + network, without the ride edges of the segments in ``drop``."""
    g = nx.DiGraph()
    cost = prep.cost.astype(np.float64)
    nrows, ncols = cost.shape
    res = prep.grid.res
    for r in range(nrows):
        for c in range(ncols):
            if not np.isfinite(cost[r, c]):
                continue
            for dr, dc in ((0, 1), (1, 0), (1, 1), (1, -1)):
                r2, c2 = r + dr, c + dc
                if 0 <= r2 < nrows and 0 <= c2 < ncols and np.isfinite(cost[r2, c2]):
                    t = (cost[r, c] + cost[r2, c2]) / 2 * res * math.hypot(dr, dc)
                    a, b = r * ncols + c, r2 * ncols + c2
                    g.add_edge(a, b, weight=t)
                    g.add_edge(b, a, weight=t)
    e = prep.network.edges
    n = prep.grid.size
    dropped = {tuple(ab) for sid, ab in zip(prep.network.segment_ids, prep.network.segment_edge) if sid in drop}
    dropped |= {(b, a) for a, b in dropped}
    for k, cell in enumerate(e.link_cells):
        for p in range(e.link_ptr[k], e.link_ptr[k + 1]):
            g.add_edge(int(cell), int(e.link_to[p]), weight=float(e.link_w[p]))
    for j in range(e.n_extra):
        for p in range(e.node_ptr[j], e.node_ptr[j + 1]):
            if (n + j, int(e.node_to[p])) not in dropped:
                g.add_edge(n + j, int(e.node_to[p]), weight=float(e.node_w[p]))
    return g


def _cells(eng, prep, pair):
    from hinterland_plugin.core.engine.model import Centre

    return [int(c) for c in eng.source_cells(prep, [Centre("p", pair.px, pair.py), Centre("b", pair.bx, pair.by)])]


def test_against_networkx_brute_force(setup):
    eng, prep, pair, _tr = setup
    (row,) = BR.backup_reach(eng, prep, [pair], market_min=120.0, disrupted=["h:01"], workers=1)
    cp, cb = _cells(eng, prep, pair)
    g = _graph(prep)
    t_p = nx.single_source_dijkstra_path_length(g, cp)
    t_b = nx.single_source_dijkstra_path_length(g, cb)
    assert row["time_min"] == pytest.approx(t_p[cb], abs=0.051)
    assert row["time_back_min"] == pytest.approx(t_b[cp], abs=0.051)
    # every segment removed in turn, by brute force
    added = {}
    for sid in sorted(set(prep.network.segment_ids)):
        t = nx.single_source_dijkstra_path_length(_graph(prep, {sid}), cp).get(cb, math.inf)
        added[sid] = t - t_p[cb]
    on_route = {s for s, a in added.items() if a > 1e-6}
    assert on_route and row["route_segments_n"] == len(on_route)
    worst = max(added.values())
    assert row["critical_added_min"] == pytest.approx(worst, abs=0.051)
    assert added[row["critical_segment"]] == pytest.approx(worst)
    assert row["scenario_added_min"] == pytest.approx(added["h:01"], abs=0.051)
    # the primary's market: people within 120 min of the primary
    people = eng.people(prep)
    idx = people.rows * prep.grid.ncols + people.cols
    tp = np.array([t_p.get(int(i), math.inf) for i in idx])
    tb = np.array([t_b.get(int(i), math.inf) for i in idx])
    m = tp <= 120.0
    w = people.weights[m]
    assert row["market_population"] == pytest.approx(w.sum(), abs=0.5)
    assert row["primary_market_min"] == pytest.approx((w * tp[m]).sum() / w.sum(), abs=0.051)
    assert row["backup_market_min"] == pytest.approx((w * tb[m]).sum() / w.sum(), abs=0.051)
    assert row["backup_market_added_min"] > 0
    assert row["backup_market_share"] == pytest.approx(w[tb[m] <= 120.0].sum() / w.sum(), abs=1e-4)
    assert row["backup_population"] == pytest.approx(people.weights[tb <= 120.0].sum(), abs=0.5)
    # the market served from the backup with the critical segment cut
    tbc = nx.single_source_dijkstra_path_length(_graph(prep, {row["critical_segment"]}), cb)
    tbc = np.array([tbc.get(int(i), math.inf) for i in idx])
    assert row["critical_market_min"] == pytest.approx((w * tbc[m]).sum() / w.sum(), abs=0.051)
    assert row["critical_pop_minutes"] == pytest.approx((w * (tbc[m] - tb[m])).sum(), rel=1e-6, abs=1.0)
    assert row["source"] == "test" and row["confidence"] == "partial"


def test_candidates_are_a_superset_of_the_route(setup):
    """The two-surface test keeps every segment whose loss changes primary -> backup (checked by brute force above)
    and leaves out a segment nowhere near the route."""
    eng, prep, pair, _tr = setup
    cp, cb = _cells(eng, prep, pair)
    t_p, t_b = BR._solve(prep, cp), BR._solve(prep, cb)
    from hinterland_plugin.core.engine.scenarios import segment_edge_positions

    cand = BR.route_candidates(prep, t_p, t_b, cb, segment_edge_positions(prep), BR._asymmetry(prep))
    assert {"h:01", "h:02"} <= set(cand)
    # from the primary to itself no segment is on the route
    assert BR.route_candidates(prep, t_p, t_p, cp, segment_edge_positions(prep), BR._asymmetry(prep)) == []


def test_pairs_from_rows_and_filters(setup):
    _eng, _prep, _pair, tr = setup
    rows = [({"pair_id": "a", "category": "nev", "relation": "backup", "primary_name_en": "West", "backup_name_en": "East",
              "primary_name_zh": "西", "backup_name_zh": "东", "source": "s", "confidence": "unverified"},
             LineString([WEST, EAST])),
            ({"pair_id": "b", "category": "food", "relation": "transfer", "primary_name_en": "East",
              "backup_name_en": "West", "source": "s", "confidence": "partial"}, LineString([EAST, WEST]))]
    pairs = BR.pairs_from_rows(rows, tr.transform, "zh")
    assert [p.pair_id for p in pairs] == ["a", "b"] and pairs[0].primary == "西"
    assert pairs[1].primary == "East"  # no Chinese name: the English one
    assert [p.pair_id for p in BR.pairs_from_rows(rows, tr.transform, "en", ["food"])] == ["b"]
    x, y = tr.transform(*WEST)
    assert (pairs[0].px, pairs[0].py) == pytest.approx((x, y))


def test_refusals(setup):
    eng, prep, pair, _tr = setup
    with pytest.raises(EngineError):
        BR.backup_reach(eng, prep, [])
    with pytest.raises(EngineError, match="positive"):
        BR.backup_reach(eng, prep, [pair], market_min=0.0)
    with pytest.raises(EngineError, match="nope:01"):
        BR.backup_reach(eng, prep, [pair], disrupted=["nope:01"])


def test_industries_and_columns(setup):
    from hinterland_build.policy_build import INDUSTRIES

    assert BR.INDUSTRIES == INDUSTRIES
    eng, prep, pair, _tr = setup
    (row,) = BR.backup_reach(eng, prep, [pair], market_min=120.0, workers=1)
    assert [c for c, _k in BR.COLUMNS] == list(row)
