"""The vectorised build of a user network (core/engine/inputs.py ``network_pieces`` + network.py ``build_network``)
against a plain loop over the lines' vertex pairs (the implementation it replaced, kept here as the reference).

The random network has what real layers have: shared vertices (nodes), vertices a few centimetres apart
(snapped), duplicate and reversed lines, zero-length pairs, one-vertex lines, lines leaving the grid and
crossing water, one-way lines, a time field on some lines and a speed on the others, rail and an unknown mode.
Stations (names, modes, order), their cells, the edges and their minutes, segment ids and the edge pairs must be
identical.
"""
from __future__ import annotations

import math

import numpy as np
import pytest
from pyproj import Transformer
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from scipy.spatial import cKDTree

from hinterland_plugin.core.engine.grid import Grid
from hinterland_plugin.core.engine.inputs import UserInputs, UserLine, network_pieces
from hinterland_plugin.core.engine.kernel import ExtraEdges
from hinterland_plugin.core.engine.network import _nearest_land, build_network, n_pieces, segment_minutes
from hinterland_plugin.core.engine.profiles import get_profile

WGS84 = "EPSG:4326"


# ----------------------------------------------------------------------------- the reference (plain loops)


def ref_snap(pts: np.ndarray, tol: float) -> np.ndarray:
    tree = cKDTree(pts)
    pairs = tree.query_pairs(max(tol, 1e-6), output_type="ndarray")
    if len(pairs) == 0:
        return np.arange(len(pts))
    g = coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(len(pts), len(pts)))
    return connected_components(g, directed=False)[1]


def ref_segments(inputs: UserInputs, lines: list[UserLine], grid: Grid):
    tr = Transformer.from_crs(WGS84, grid.crs, always_xy=True)
    kept, all_xy = [], []
    for ln in lines:
        if len(ln.coords) < 2:
            continue
        arr = np.asarray(ln.coords, np.float64)
        x, y = tr.transform(arr[:, 0], arr[:, 1])
        xy = np.column_stack([x, y])
        kept.append((ln, len(all_xy), xy))
        all_xy.extend(map(tuple, xy))
    node = ref_snap(np.asarray(all_xy), inputs.snap_m)
    out = []
    for ln, start, xy in kept:
        seg_len = np.hypot(*np.diff(xy, axis=0).T)
        total = 0.0
        for length in seg_len:
            total += float(length)
        if total <= 0:
            continue
        for i, length in enumerate(seg_len):
            if length <= 0:
                continue
            a_id, b_id = int(node[start + i]), int(node[start + i + 1])
            if a_id == b_id:
                continue
            pieces = max(1, math.ceil(length / grid.res)) if ln.mode == "road" else 1
            a, b = xy[i], xy[i + 1]
            for k in range(pieces):
                pa = a + (b - a) * (k / pieces)
                pb = a + (b - a) * ((k + 1) / pieces)
                attrs = {"segment_id": f"user:{ln.ident}:{i + 1}",
                         "from_place": f"u{a_id}" if k == 0 else f"u{a_id}-{b_id}@{k}",
                         "to_place": f"u{b_id}" if k == pieces - 1 else f"u{a_id}-{b_id}@{k + 1}",
                         "mode": ln.mode, "status": "operating", "length_km": length / pieces / 1000.0,
                         "category": "user", "oneway": ln.oneway, "detour_free": True}
                if ln.minutes is not None:
                    attrs["minutes"] = ln.minutes * (length / pieces) / total
                else:
                    attrs["operating_speed_kmh"] = ln.speed_kmh
                out.append((attrs, (float(pa[0]), float(pa[1])), (float(pb[0]), float(pb[1]))))
    return out


def ref_build(grid, land, segments, profile, snap_cells=3, exclude=frozenset()):
    modes = {m.name: m for m in profile.modes}
    n = grid.size
    index, station_xy, src, dst, w, seg_ids, seg_edge, minutes, inner = {}, [], [], [], [], [], [], {}, []

    def station(place, mode, xy):
        if (place, mode) not in index:
            index[(place, mode)] = len(index)
            station_xy.append(xy)
        return n + index[(place, mode)]

    for attrs, a_xy, b_xy in segments:
        mode = modes.get(attrs["mode"])
        if mode is None or attrs["segment_id"] in exclude:
            continue
        sid = attrs["segment_id"]
        k = n_pieces(attrs, mode)
        nodes = [station(attrs["from_place"], mode.name, a_xy)]
        for i in range(1, k):
            f = i / k
            nodes.append(station(f"{sid}@{i}", mode.name,
                                 (a_xy[0] + f * (b_xy[0] - a_xy[0]), a_xy[1] + f * (b_xy[1] - a_xy[1]))))
            inner.append(nodes[-1] - n)
        nodes.append(station(attrs["to_place"], mode.name, b_xy))
        t = segment_minutes(attrs, mode)
        both = not attrs.get("oneway")
        for a, b in zip(nodes, nodes[1:]):
            src += [a, b] if both else [a]
            dst += [b, a] if both else [b]
            w += [t / k, t / k] if both else [t / k]
            seg_ids.append(sid)
            seg_edge.append((a, b))
        # a segment id's ride time is that of all its pieces (bundled roads: one segment, k pieces)
        minutes[sid] = minutes.get(sid, 0.0) + t if attrs.get("detour_free") else t
    stations = sorted(index, key=index.get)
    cells = np.full(len(stations), -1, np.int64)
    for j, (_place, mode_name) in enumerate(stations):
        x, y = station_xy[j]
        r, c = int(math.floor((grid.y1 - y) / grid.res)), int(math.floor((x - grid.x0) / grid.res))
        if 0 <= r < grid.nrows and 0 <= c < grid.ncols and land[r, c]:
            cell = r * grid.ncols + c
        elif j in inner:
            cell = -1
        else:
            cell = _nearest_land(r, c, land, snap_cells, ((grid.y1 - y) / grid.res, (x - grid.x0) / grid.res))
        cells[j] = cell
        if cell >= 0:
            src += [cell, n + j]
            dst += [n + j, cell]
            w += [modes[mode_name].board_min, modes[mode_name].alight_min]
    edges = ExtraEdges.from_edges(n, len(stations), np.array(src, np.int64), np.array(dst, np.int64),
                                  np.array(w, np.float64))
    return stations, cells, edges, seg_ids, np.array(seg_edge, np.int64).reshape(-1, 2), minutes


# ----------------------------------------------------------------------------- a random network


def random_lines(rng, grid: Grid, n_lines: int = 300) -> list[UserLine]:
    """Lines over (and a little beyond) ``grid`` in WGS84, many sharing vertices."""
    inv = Transformer.from_crs(grid.crs, WGS84, always_xy=True)
    x0, y0, x1, y1 = grid.bounds
    pool = np.column_stack([rng.uniform(x0 - 8 * grid.res, x1 + 8 * grid.res, 400),
                            rng.uniform(y0 - 8 * grid.res, y1 + 8 * grid.res, 400)])
    lines = []
    for i in range(n_lines):
        nv = int(rng.choice([1, 2, 2, 3, 5, 12]))
        pts = pool[rng.integers(0, len(pool), nv)].copy()
        if rng.random() < 0.2:
            pts[rng.integers(0, nv)] += rng.normal(0, 0.2, 2)  # a vertex 20 cm from a shared one: snapped
        if nv > 2 and rng.random() < 0.2:
            pts[1] = pts[0]  # a zero-length pair
        lon, lat = inv.transform(pts[:, 0], pts[:, 1])
        coords = tuple(zip(lon.tolist(), lat.tolist()))
        if rng.random() < 0.1 and lines:
            coords = lines[-1].coords[::-1] if rng.random() < 0.5 else lines[-1].coords  # reversed / duplicate
        mode = str(rng.choice(["road", "road", "road", "rail", "water"]))
        timed = rng.random() < 0.3
        lines.append(UserLine(coords, speed_kmh=None if timed else float(rng.choice([20.0, 60.0, 110.0])),
                              minutes=float(rng.uniform(1, 90)) if timed else None, mode=mode,
                              oneway=bool(rng.random() < 0.25), ident=f"lyr:{i}"))
    return lines


@pytest.mark.parametrize("seed, res, snap, exclude, profile", [
    (1, 10000.0, 1.0, 0, "multimodal"),
    (2, 4000.0, 1.0, 5, "multimodal"),
    (3, 25000.0, 0.0, 0, "road"),  # rail and water lines are not part of a road run
    (4, 10000.0, 2000.0, 3, "freight"),  # a coarse snapping tolerance merges chains of vertices
])
def test_vectorised_build_equals_the_loop(seed, res, snap, exclude, profile):
    rng = np.random.default_rng(seed)
    grid = Grid(-200000.0, 3600000.0, res, int(400000 / res), int(500000 / res))
    land = rng.random(grid.shape) < 0.7  # water everywhere: stations off land snap within 3 cells or not at all
    profile = get_profile(profile)
    lines = random_lines(rng, grid)
    inputs = UserInputs(network=lines, snap_m=snap)
    segs = ref_segments(inputs, lines, grid)
    assert len(segs) > 300
    excl = frozenset(rng.choice(sorted({a["segment_id"] for a, _, _ in segs}), exclude, replace=False)) \
        if exclude else frozenset()
    stations, cells, edges, seg_ids, seg_edge, minutes = ref_build(grid, land, segs, profile, exclude=excl)
    net = build_network(grid, land, [], profile, exclude=excl, user=network_pieces(inputs, grid))
    assert net.stations == stations
    np.testing.assert_array_equal(net.station_cell, cells)
    assert (net.station_cell >= 0).any() and (net.station_cell < 0).any()
    for name in ("link_cells", "link_ptr", "link_to", "link_w", "node_ptr", "node_to", "node_w"):
        np.testing.assert_array_equal(getattr(net.edges, name), getattr(edges, name), err_msg=name)
    assert net.segment_ids == seg_ids and not set(seg_ids) & excl
    np.testing.assert_array_equal(net.segment_edge, seg_edge)
    assert net.minutes == minutes


def test_user_network_after_the_bundled_segments_keeps_their_stations_first():
    """``add``: the bundled segments' stations come first, then the user's (as when both were one list)."""
    rng = np.random.default_rng(7)
    grid = Grid(-200000.0, 3600000.0, 10000.0, 40, 50)
    land = np.ones(grid.shape, bool)
    profile = get_profile("multimodal")
    bundled = [({"segment_id": "x:01", "from_place": "A", "to_place": "B", "mode": "road", "status": "operating",
                 "length_km": 300.0, "category": "expressway"}, (-150000.0, 3500000.0), (150000.0, 3300000.0))]
    lines = random_lines(rng, grid, 50)
    inputs = UserInputs(network=lines)
    ref = ref_build(grid, land, bundled + ref_segments(inputs, lines, grid), profile)
    net = build_network(grid, land, bundled, profile, user=network_pieces(inputs, grid))
    assert net.stations == ref[0] and net.stations[0] == ("A", "road")
    np.testing.assert_array_equal(net.edges.node_w, ref[2].node_w)
    np.testing.assert_array_equal(net.edges.link_to, ref[2].link_to)
    assert net.minutes == ref[5]


def test_user_modes_are_the_modes_of_the_profiles():
    from hinterland_plugin.core.engine.inputs import USER_MODES
    from hinterland_plugin.core.engine.profiles import load_profiles

    assert set(USER_MODES) == {m.name for p in load_profiles().values() for m in p.modes}


def test_a_line_without_a_usable_speed_or_time_or_mode_is_refused():
    from hinterland_plugin.core.errors import HinterlandError

    with pytest.raises(HinterlandError, match="positive"):
        UserInputs(network=[UserLine(((101.0, 30.0), (102.0, 30.0)), ident="roads:7")])
    with pytest.raises(HinterlandError, match="roads.*7"):
        UserInputs(network=[UserLine(((101.0, 30.0), (102.0, 30.0)), speed_kmh=-3.0, ident="roads:7")])
    with pytest.raises(HinterlandError, match="tram"):
        UserInputs(network=[UserLine(((101.0, 30.0), (102.0, 30.0)), speed_kmh=30.0, mode="tram", ident="roads:7")])
