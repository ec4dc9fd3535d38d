"""Corridor segments -> explicit graph edges joined to the grid.

Every (place, mode) pair becomes one station node. Edges:
* cell -> station: ``board_min`` of the mode (access, waiting, security);
* station -> cell: ``alight_min``;
* station <-> station along each operating segment:
  ``length_km * detour / (speed * schedule_factor) * 60 + stop_min``.
Changing modes at a city goes through its cell (alight + board). A station whose city lies outside
the grid or off land is joined to the nearest land cell within ``snap_cells`` cells, else left
unjoined (it still carries through-traffic, e.g. foreign corridor endpoints).

Roads: a segment whose category is one of its mode's ``classes`` (expressway, trunk_highway, ...)
rides at that class's operating speed x ``speed_factor`` (capped by design speed x the class's
``design_factor`` x ``speed_factor`` when the segment records a design speed) plus the class's ``fixed_min``.
When the class has interchanges and the mode an ``interchange_km`` > 0, the segment is cut into
``k = max(1, round(length_km / interchange_km))`` equal pieces along the straight line (grid CRS)
between its node cities; the ``k - 1`` inner nodes ("interchanges") are joined to the land cell they
lie in with ``board_min`` / ``alight_min`` (no snapping: an inner node over water, e.g. on a sea
bridge, has no access). So a journey can leave the land, ride, and leave the road anywhere along it.
A segment id then owns ``k`` ride edge pairs (``segment_ids`` repeats it once per piece).

The user's own network (``inputs.network_pieces``: already cut into pieces of at most one cell) is assembled
with arrays, not segment by segment, so a national layer of 10⁶ segments builds in seconds; its stations
follow the bundled ones in order of first use, exactly as if its pieces had been appended to ``segments``
(``tests/core/test_network_build.py`` checks that against the loop).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .grid import Grid
from .kernel import ExtraEdges
from .profiles import Profile


@dataclass
class Network:
    n_cells: int
    stations: list[tuple[str, str]]  #: (place, mode) per extra node
    station_cell: np.ndarray  #: joined cell id or -1
    edges: ExtraEdges
    segment_ids: list[str] = field(default_factory=list)  #: one per ride edge pair (repeated per road piece)
    segment_edge: np.ndarray = field(default_factory=lambda: np.zeros((0, 2), np.int64))
    minutes: dict[str, float] = field(default_factory=dict)  #: ride time per segment id

    @property
    def n_extra(self) -> int:
        return len(self.stations)


def segment_speed(attrs: dict, mode) -> float:
    """Operating speed (km/h) of a segment under ``mode``: class speed for classed roads, else recorded
    operating speed, else design speed x ``design_to_operating``, else the mode's default."""
    cls = mode.road_class(attrs.get("category", "")) if mode.classes else None
    if cls is not None:
        speed = cls.speed_kmh * mode.speed_factor
        design = attrs.get("design_speed_kmh")
        if design:
            speed = min(speed, float(design) * cls.design_factor * mode.speed_factor)
        return speed
    op = attrs.get("operating_speed_kmh")
    if op:
        return float(op)
    design = attrs.get("design_speed_kmh")
    if design:
        return float(design) * mode.design_to_operating
    return mode.default_speed_kmh


def segment_minutes(attrs: dict, mode) -> float:
    """Ride time (minutes) of a whole segment under ``mode``. A user segment (core/engine/inputs.py) carries
    its own ``minutes``, or a speed over its true length (``detour_free``: no detour factor, no stop)."""
    if attrs.get("minutes") is not None:
        return float(attrs["minutes"])
    if attrs.get("detour_free"):
        return float(attrs["length_km"]) / float(attrs["operating_speed_kmh"]) * 60.0
    cls = mode.road_class(attrs.get("category", "")) if mode.classes else None
    fixed = cls.fixed_min if cls is not None else 0.0
    return (float(attrs["length_km"]) * mode.detour / (segment_speed(attrs, mode) * mode.schedule_factor) * 60.0
            + mode.stop_min + fixed)


def n_pieces(attrs: dict, mode) -> int:
    """Number of ride pieces of a segment (1 unless its road class has interchanges; a user piece is never cut
    again: it is at most one cell long already)."""
    if attrs.get("detour_free"):
        return 1
    cls = mode.road_class(attrs.get("category", "")) if mode.classes else None
    if cls is None or not cls.interchanges or mode.interchange_km <= 0:
        return 1
    return max(1, round(float(attrs["length_km"]) / mode.interchange_km))


def _nearest_land(row, col, land: np.ndarray, snap: int, pos: tuple[float, float] | None = None):
    """The land cell within ``snap`` cells of (row, col) nearest to the point, -1 if none.

    ``pos``: the point in continuous cell units (fractional row, column); without it, distances are
    measured from the centre of (row, col). With it a coastal city joins the land on its own side of a
    strait (Haikou on Hainan, not the Leizhou peninsula) when its own cell is water."""
    nrows, ncols = land.shape
    r0, r1 = max(0, row - snap), min(nrows, row + snap + 1)
    c0, c1 = max(0, col - snap), min(ncols, col + snap + 1)
    if r0 >= r1 or c0 >= c1:
        return -1
    win = land[r0:r1, c0:c1]
    rr, cc = np.nonzero(win)
    if len(rr) == 0:
        return -1
    pr, pc = pos if pos is not None else (row + 0.5, col + 0.5)
    d = (rr + r0 + 0.5 - pr) ** 2 + (cc + c0 + 0.5 - pc) ** 2
    k = int(np.argmin(d))
    return int((rr[k] + r0) * ncols + cc[k] + c0)


def _join_cells(grid: Grid, land: np.ndarray, xy: np.ndarray, no_snap: np.ndarray, snap: int) -> np.ndarray:
    """The land cell of every station (vectorised ``_nearest_land``): its own cell when that is land, else -1
    for ``no_snap`` stations (interchanges), else the land cell within ``snap`` cells nearest to the point
    (the first in row-major order among equals, as ``_nearest_land``), else -1."""
    rows, cols, inside = grid.cell_of(xy[:, 0], xy[:, 1])
    cell = np.full(len(xy), -1, np.int64)
    here = np.zeros(len(xy), bool)
    here[inside] = land[rows[inside], cols[inside]]
    cell[here] = rows[here] * grid.ncols + cols[here]
    # the window search below leaves -1 where no land lies within ``snap`` cells (a full-grid dilation to
    # leave those out first cost 1.3 s at 1 km for a handful of stations)
    todo = np.flatnonzero(~here & ~no_snap)
    if not len(todo) or snap < 0:
        return cell
    r, c = rows[todo], cols[todo]
    pr, pc = (grid.y1 - xy[todo, 1]) / grid.res, (xy[todo, 0] - grid.x0) / grid.res
    best = np.full(len(todo), np.inf)
    found = np.full(len(todo), -1, np.int64)
    nrows, ncols = land.shape
    for dr in range(-snap, snap + 1):
        for dc in range(-snap, snap + 1):
            rr, cc = r + dr, c + dc
            ok = (rr >= 0) & (rr < nrows) & (cc >= 0) & (cc < ncols)
            ok[ok] = land[rr[ok], cc[ok]]
            d = (rr + 0.5 - pr) ** 2 + (cc + 0.5 - pc) ** 2
            better = ok & (d < best)
            best[better] = d[better]
            found[better] = rr[better] * ncols + cc[better]
    cell[todo] = found
    return cell


def build_network(grid: Grid, land: np.ndarray, segments: list[tuple[dict, tuple[float, float], tuple[float, float]]],
                  profile: Profile, snap_cells: int = 3, exclude: set[str] | frozenset = frozenset(),
                  user=None) -> Network:
    """``segments``: (attrs, (x_from, y_from), (x_to, y_to)) with coordinates in the grid CRS.

    ``attrs`` needs segment_id, from_place, to_place, mode, status, length_km and optionally
    operating_speed_kmh / design_speed_kmh. Segments in ``exclude`` are left out (disruption).
    ``user``: the user's network as ride pieces (``inputs.UserPieces``, assembled with arrays: a national
    network of 10⁶ segments), after the segments; its stations (places ``u…``) follow theirs.
    """
    modes = {m.name: m for m in profile.modes}
    n = grid.size
    station_index: dict[tuple[str, str], int] = {}
    station_xy: list[tuple[float, float]] = []
    src, dst, w = [], [], []
    seg_ids, seg_edge, minutes = [], [], {}

    def station(place: str, mode: str, xy) -> int:
        key = (place, mode)
        if key not in station_index:
            station_index[key] = len(station_index)
            station_xy.append(xy)
        return n + station_index[key]

    inner: list[int] = []  # station indices of interchange nodes: joined to their own cell only (no snapping)
    for attrs, a_xy, b_xy in segments:
        mode = modes.get(attrs["mode"])
        if mode is None:
            continue
        if attrs["status"] != "operating" and not profile.include_planned:
            continue
        if attrs["segment_id"] in exclude:
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
        both = not attrs.get("oneway")  # a one-way user line rides from its first to its last vertex only
        for a, b in zip(nodes, nodes[1:]):
            src += [a, b] if both else [a]
            dst += [b, a] if both else [b]
            w += [t / k, t / k] if both else [t / k]
            seg_ids.append(sid)
            seg_edge.append((a, b))
        minutes[sid] = t

    stations = sorted(station_index, key=station_index.get)
    xy = np.array(station_xy, np.float64).reshape(-1, 2)
    src_a, dst_a, w_a = np.array(src, np.int64), np.array(dst, np.int64), np.array(w, np.float64)
    seg_edge_a = np.array(seg_edge, np.int64).reshape(-1, 2)
    n_bundled = len(stations)
    if user is not None and len(user):
        more = _user_part(user, modes, exclude, n + len(stations))
        if more is not None:
            u_st, u_mode, u_xy, (us, ud, uw), u_edge, u_seg, u_min = more
            stations += u_st
            xy = np.concatenate([xy, u_xy])
            src_a, dst_a, w_a = np.concatenate([src_a, us]), np.concatenate([dst_a, ud]), np.concatenate([w_a, uw])
            seg_edge_a = np.concatenate([seg_edge_a, u_edge])
            seg_ids += u_seg
            minutes.update(u_min)
    mode_of = np.array([list(modes).index(m) for _p, m in stations[:n_bundled]], np.int64)
    if len(stations) > n_bundled:
        mode_of = np.concatenate([mode_of, u_mode])
    no_snap = np.zeros(len(stations), bool)
    no_snap[inner] = True
    station_cell = _join_cells(grid, land, xy, no_snap, snap_cells)
    bs, bd, bw = _board_alight(n, station_cell, mode_of, list(modes.values()))
    src_a, dst_a, w_a = np.concatenate([src_a, bs]), np.concatenate([dst_a, bd]), np.concatenate([w_a, bw])
    edges = ExtraEdges.from_edges(n, len(stations), src_a, dst_a, w_a)
    return Network(n, stations, station_cell, edges, seg_ids, seg_edge_a, minutes)


def _board_alight(n: int, station_cell: np.ndarray, mode_of: np.ndarray, modes: list):
    """Per joined station: cell -> station (the mode's board minutes), station -> cell (alight), in station order."""
    j = np.flatnonzero(station_cell >= 0)
    cells = station_cell[j]
    board = np.array([m.board_min for m in modes], np.float64)[mode_of[j]]
    alight = np.array([m.alight_min for m in modes], np.float64)[mode_of[j]]
    return (np.column_stack([cells, n + j]).ravel(), np.column_stack([n + j, cells]).ravel(),
            np.column_stack([board, alight]).ravel())


def _user_part(user, modes: dict, exclude, first: int):
    """Stations, their modes (index in ``modes``), their xy, ride edges (src, dst, w), edge pairs, segment ids and minutes of the user's pieces;
    stations in order of first use (piece by piece, start before end), numbered from ``first``."""
    keep = np.isin(user.mode, list(modes))
    if exclude:
        bad = np.fromiter((s in exclude for s in user.segment_ids), bool, len(user.segment_ids))
        keep &= ~bad[user.segment]
    idx = np.flatnonzero(keep)
    if not len(idx):
        return None
    mode_names, mode_code = np.unique(user.mode[idx], return_inverse=True)
    mode_code = mode_code.reshape(-1)
    nm = len(mode_names)
    keys = np.column_stack([user.a_place[idx] * nm + mode_code, user.b_place[idx] * nm + mode_code]).ravel()
    uniq, first_at, inverse = np.unique(keys, return_index=True, return_inverse=True)
    order = np.argsort(first_at, kind="stable")
    rank = np.empty(len(uniq), np.int64)
    rank[order] = np.arange(len(uniq))
    local = rank[inverse.reshape(-1)]
    a_st, b_st = local[0::2] + first, local[1::2] + first
    u_keys = uniq[order]
    places, codes = u_keys // nm, u_keys % nm
    names = user.place_names(places)
    mnames = mode_names.tolist()
    stations = [(p, mnames[c]) for p, c in zip(names, codes.tolist())]
    profile_code = np.array([list(modes).index(m) for m in mnames], np.int64)[codes]
    pts = np.stack([user.a_xy[idx], user.b_xy[idx]], axis=1).reshape(-1, 2)
    xy = pts[first_at[order]]
    t = user.minutes[idx]
    both = ~user.oneway[idx]
    # edge order inside the list does not matter (ExtraEdges sorts); a two-way piece rides both ways
    src = np.concatenate([a_st, b_st[both]])
    dst = np.concatenate([b_st, a_st[both]])
    w = np.concatenate([t, t[both]])
    seg = user.segment[idx]
    seg_ids = [user.segment_ids[s] for s in seg.tolist()]
    total = np.bincount(seg, weights=t, minlength=len(user.segment_ids))
    used = np.unique(seg)
    minutes = dict(zip([user.segment_ids[s] for s in used.tolist()], total[used].tolist()))
    return stations, profile_code, xy, (src, dst, w), np.column_stack([a_st, b_st]), seg_ids, minutes
