"""Corridor segments -> explicit graph edges joined to the grid.

Every (place, mode) pair becomes one station node. Edges:
* cell -> station: ``board_min`` of the mode (access, waiting, security);
* station -> cell: ``alight_min``;
* station <-> station along each operating segment:
  ``length_km * detour / (speed * schedule_factor) * 60 + stop_min``.
Changing modes at a city goes through its cell (alight + board). A station whose city lies outside
the grid or off land is joined to the nearest land cell within ``snap_cells`` cells, else left
unjoined (it still carries through-traffic, e.g. foreign corridor endpoints).
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
    segment_ids: list[str] = field(default_factory=list)  #: one per ride edge pair
    segment_edge: np.ndarray = field(default_factory=lambda: np.zeros((0, 2), np.int64))
    minutes: dict[str, float] = field(default_factory=dict)  #: ride time per segment id

    @property
    def n_extra(self) -> int:
        return len(self.stations)


def segment_speed(attrs: dict, mode) -> float:
    op = attrs.get("operating_speed_kmh")
    if op:
        return float(op)
    design = attrs.get("design_speed_kmh")
    if design:
        return float(design) * mode.design_to_operating
    return mode.default_speed_kmh


def _nearest_land(row, col, land: np.ndarray, snap: int):
    nrows, ncols = land.shape
    r0, r1 = max(0, row - snap), min(nrows, row + snap + 1)
    c0, c1 = max(0, col - snap), min(ncols, col + snap + 1)
    if r0 >= r1 or c0 >= c1:
        return -1
    win = land[r0:r1, c0:c1]
    rr, cc = np.nonzero(win)
    if len(rr) == 0:
        return -1
    d = (rr + r0 - row) ** 2 + (cc + c0 - col) ** 2
    k = int(np.argmin(d))
    return int((rr[k] + r0) * ncols + cc[k] + c0)


def build_network(grid: Grid, land: np.ndarray, segments: list[tuple[dict, tuple[float, float], tuple[float, float]]],
                  profile: Profile, snap_cells: int = 3, exclude: set[str] | frozenset = frozenset()) -> Network:
    """``segments``: (attrs, (x_from, y_from), (x_to, y_to)) with coordinates in the grid CRS.

    ``attrs`` needs segment_id, from_place, to_place, mode, status, length_km and optionally
    operating_speed_kmh / design_speed_kmh. Segments in ``exclude`` are left out (disruption).
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

    for attrs, a_xy, b_xy in segments:
        mode = modes.get(attrs["mode"])
        if mode is None:
            continue
        if attrs["status"] != "operating" and not profile.include_planned:
            continue
        if attrs["segment_id"] in exclude:
            continue
        a = station(attrs["from_place"], mode.name, a_xy)
        b = station(attrs["to_place"], mode.name, b_xy)
        t = (float(attrs["length_km"]) * mode.detour / (segment_speed(attrs, mode) * mode.schedule_factor) * 60.0
             + mode.stop_min)
        src += [a, b]
        dst += [b, a]
        w += [t, t]
        seg_ids.append(attrs["segment_id"])
        seg_edge.append((a, b))
        minutes[attrs["segment_id"]] = t

    stations = sorted(station_index, key=station_index.get)
    if stations:
        xy = np.array(station_xy)
        rows, cols, inside = grid.cell_of(xy[:, 0], xy[:, 1])
    station_cell = np.full(len(stations), -1, np.int64)
    for j, (_place, mode_name) in enumerate(stations):
        r, c = int(rows[j]), int(cols[j])
        if inside[j] and land[r, c]:
            cell = r * grid.ncols + c
        else:
            cell = _nearest_land(r, c, land, snap_cells)
        station_cell[j] = cell
        if cell < 0:
            continue
        mode = modes[mode_name]
        src += [cell, n + j]
        dst += [n + j, cell]
        w += [mode.board_min, mode.alight_min]
    edges = ExtraEdges.from_edges(n, len(stations), np.array(src, np.int64), np.array(dst, np.int64),
                                  np.array(w, np.float64))
    return Network(n, stations, station_cell, edges, seg_ids,
                   np.array(seg_edge, np.int64).reshape(-1, 2), minutes)
