"""The user's own data in an analysis: study area, network, friction, population and sites (no qgis import).

Everything arrives in WGS84 (lon/lat; the QGIS adapter transforms the user's layers from any CRS) or as a
raster file in any CRS that GDAL reads, and is put on the analysis grid here:

* **study area** (a polygon, or an extent as a box): the grid covers just its bounds; cells outside the
  polygon are impassable. Inside China's outline the land is the bundled outline clipped to the area; parts
  of the area outside the bundled data's coverage (the China box, ``CHINA_BBOX``) count as land as they are
  (the bundled network, DEM and census apply only where they exist). The grid CRS is the China Albers
  equal-area CRS when the area lies within the China box, else a Lambert azimuthal equal-area projection
  centred on the area (``grid_crs_for``).
* **network** (lines with a speed in km/h or a time in minutes, optional mode and one-way flag): every
  vertex is a node; vertices closer than the snapping tolerance are merged (a KD-tree over all vertices,
  union of close pairs); lines cross without meeting unless they share a vertex. Every node is joined to
  the land cell it lies in with the mode's boarding/alighting minutes. Road pieces longer than one cell are
  cut into pieces of at most one cell, so a journey can join and leave a user road anywhere along it (the
  rule of the bundled roads' interchanges); rail and water lines are entered at their vertices only
  (stations). A time field is shared out along a line by length; a speed applies to the true length.
  ``use = "add"`` adds the lines to the bundled network, ``"replace"`` uses them alone.
* **friction** raster: minutes per metre (as the Malaria Atlas Project friction surfaces) or km/h,
  resampled to the grid by averaging (GDAL ``average``: the mean over the source pixels a cell covers;
  bilinear where a cell is smaller than a pixel); nodata = impassable. It replaces the built land surface.
* **population**: a raster of people per cell, resampled by sum (GDAL ``sum``: totals are kept), or
  polygons with a count spread evenly over the land cells of each polygon.
* **sites**: named point sets counted in coverage and disruption tables next to the bundled ones.

``UserInputs.key`` is a content hash of all of it: editing a layer and rerunning recomputes.
"""
from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

import numpy as np
import shapely
from osgeo import gdal, ogr, osr
from pyproj import Transformer
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from scipy.spatial import cKDTree
from shapely.geometry import box

from ..catalog import ALBERS_CHINA_WKT, CHINA_BBOX
from ..errors import EngineError, Note
from .grid import Grid

WGS84 = "EPSG:4326"
NETWORK_USES = ("add", "replace")
FRICTION_UNITS = ("min_per_m", "kmh")
#: the modes a user line may have (those of resources/profiles/profiles.toml; a test keeps them equal)
USER_MODES = ("road", "rail", "hsr", "water")


@dataclass(frozen=True)
class UserLine:
    """One line of the user's network (WGS84 coordinates)."""

    coords: tuple[tuple[float, float], ...]
    speed_kmh: float | None = None
    minutes: float | None = None  #: for the whole line; shared out by length
    mode: str = "road"
    oneway: bool = False
    ident: str = ""


@dataclass
class UserInputs:
    study_area: Any = None  #: shapely (multi)polygon in WGS84, or None (all of China)
    network: "UserNetwork | Sequence[UserLine]" = ()  #: lines, stored as a ``UserNetwork``
    network_use: str = "add"
    snap_m: float = 1.0
    friction: str | None = None  #: raster path
    friction_units: str = "min_per_m"
    population: str | None = None  #: raster path (people per pixel)
    population_polygons: Sequence[tuple[Any, float]] = ()  #: (WGS84 polygon, people)
    sites: dict[str, list[tuple[str, float, float]]] = field(default_factory=dict)  #: set -> (name, lon, lat)
    key: str = ""

    def __post_init__(self):
        if self.network_use not in NETWORK_USES:
            raise EngineError("bad_choice", what="NETWORK_USE", value=self.network_use,
                              allowed=", ".join(NETWORK_USES))
        if self.friction_units not in FRICTION_UNITS:
            raise EngineError("bad_choice", what="FRICTION_UNITS", value=self.friction_units,
                              allowed=", ".join(FRICTION_UNITS))
        if self.study_area is not None and (self.study_area.is_empty or not self.study_area.is_valid
                                            or self.study_area.area <= 0):
            raise EngineError("study_area_empty")
        if not isinstance(self.network, UserNetwork):
            self.network = UserNetwork.from_lines(self.network)
        self.network.check()
        if not self.key:
            self.key = self.content_key()

    @property
    def empty(self) -> bool:
        return (self.study_area is None and not len(self.network) and self.network_use == "add" and not self.friction
                and not self.population and not self.population_polygons and not self.sites)

    def content_key(self) -> str:
        h = hashlib.sha256()
        h.update(json.dumps([self.network_use, self.snap_m, self.friction_units]).encode())
        if self.study_area is not None:
            h.update(shapely.to_wkb(self.study_area))
        self.network.digest(h)
        for path in (self.friction, self.population):
            h.update(_file_hash(path).encode() if path else b"-")
        for geom, count in self.population_polygons:
            h.update(shapely.to_wkb(geom) + repr(count).encode())
        h.update(json.dumps(self.sites, sort_keys=True).encode())
        return h.hexdigest()[:24]


def _file_hash(path: str) -> str:
    h = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    except OSError as exc:
        raise EngineError("input_unreadable", path=str(path)) from exc
    return h.hexdigest()


# ----------------------------------------------------------------------------- grid CRS and land


def grid_crs_for(study_area) -> str:
    """China Albers for an area inside the China box, else an equal-area (LAEA) projection centred on it."""
    if study_area is None or box(*CHINA_BBOX).contains(study_area):
        return ALBERS_CHINA_WKT
    c = study_area.centroid
    return f"+proj=laea +lat_0={c.y:.4f} +lon_0={c.x:.4f} +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs"


def to_crs(geom, crs: str):
    tr = Transformer.from_crs(WGS84, crs, always_xy=True)

    def fn(coords):
        x, y = tr.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geom, fn)


def study_land(country_wgs84, study_wgs84, crs: str):
    """The land of a study area in the grid CRS: the bundled outline inside China's coverage, the area itself
    outside it."""
    if study_wgs84 is None:
        return to_crs(country_wgs84, crs)
    coverage = box(*CHINA_BBOX)
    inside = study_wgs84.intersection(coverage).intersection(country_wgs84)
    outside = study_wgs84.difference(coverage)
    return to_crs(shapely.union_all([inside, outside]), crs)


# ----------------------------------------------------------------------------- rasters onto the grid


def _mem(grid: Grid, fill: float):
    ds = gdal.GetDriverByName("MEM").Create("", grid.ncols, grid.nrows, 1, gdal.GDT_Float64)
    ds.SetGeoTransform(grid.gdal_geotransform())
    srs = osr.SpatialReference()
    srs.SetFromUserInput(grid.crs)
    ds.SetProjection(srs.ExportToWkt())
    band = ds.GetRasterBand(1)
    band.SetNoDataValue(fill)
    band.Fill(fill)
    return ds


def warp_to_grid(path: str, grid: Grid, method: str) -> tuple[np.ndarray, float]:
    """``path`` resampled onto ``grid`` (NaN where the source has no data or does not reach); also the share
    of grid cells the source covers."""
    try:
        src = gdal.Open(str(path))
    except RuntimeError as exc:
        raise EngineError("input_unreadable", path=str(path)) from exc
    if src is None or src.RasterCount < 1 or not src.GetProjection():
        raise EngineError("input_unreadable", path=str(path))
    dst = _mem(grid, float("nan"))
    band = src.GetRasterBand(1)
    src_nodata = band.GetNoDataValue()
    gdal.Warp(dst, src, resampleAlg=method, srcNodata=src_nodata, dstNodata=float("nan"), multithread=True)
    arr = dst.GetRasterBand(1).ReadAsArray()
    return arr, float(np.isfinite(arr).mean()) if arr.size else 0.0


def friction_on_grid(inputs: UserInputs, grid: Grid, land: np.ndarray) -> tuple[np.ndarray, list[Note]]:
    """Minutes per metre on the grid from the user's friction raster; NaN = impassable."""
    arr, _cov = warp_to_grid(inputs.friction, grid, "average")
    notes = []
    bad = np.isfinite(arr) & (arr <= 0)
    if bad.any():
        raise EngineError("friction_values", path=str(inputs.friction))
    with np.errstate(divide="ignore", invalid="ignore"):
        cost = arr if inputs.friction_units == "min_per_m" else 60.0 / (arr * 1000.0)
    cost = np.where(land, cost, np.nan).astype(np.float32)
    uncovered = int((land & ~np.isfinite(cost)).sum())
    if uncovered:
        notes.append(Note("note_friction_uncovered", n=f"{uncovered:,}"))
    return cost, notes


def population_on_grid(inputs: UserInputs, grid: Grid, land: np.ndarray) -> np.ndarray:
    """People per cell from the user's raster (sum resampling) or polygons (spread over their land cells)."""
    if inputs.population:
        arr, _cov = warp_to_grid(inputs.population, grid, "sum")
        if np.nanmin(arr, initial=0.0) < 0:
            raise EngineError("population_negative", path=str(inputs.population))
        return np.where(land, np.nan_to_num(arr, nan=0.0), 0.0)
    out = np.zeros(grid.shape, np.float64)
    for k, (geom, count) in enumerate(inputs.population_polygons):
        if not (isinstance(count, (int, float)) and math.isfinite(count) and count >= 0):
            raise EngineError("population_count", index=str(k + 1), value=str(count))
        mask = _rasterize(to_crs(geom, grid.crs), grid) & land
        n = int(mask.sum())
        if n:
            out[mask] += float(count) / n
    return out


def _rasterize(geom, grid: Grid) -> np.ndarray:
    ds = gdal.GetDriverByName("MEM").Create("", grid.ncols, grid.nrows, 1, gdal.GDT_Byte)
    ds.SetGeoTransform(grid.gdal_geotransform())
    vds = ogr.GetDriverByName("Memory").CreateDataSource("")
    lyr = vds.CreateLayer("g", None, ogr.wkbMultiPolygon)
    feat = ogr.Feature(lyr.GetLayerDefn())
    feat.SetGeometry(ogr.CreateGeometryFromWkb(shapely.to_wkb(geom)))
    lyr.CreateFeature(feat)
    gdal.RasterizeLayer(ds, [1], lyr, burn_values=[1])
    return ds.GetRasterBand(1).ReadAsArray().astype(bool)


def study_mask(inputs: UserInputs, grid: Grid) -> np.ndarray | None:
    return _rasterize(to_crs(inputs.study_area, grid.crs), grid) if inputs.study_area is not None else None


# ----------------------------------------------------------------------------- network


@dataclass(frozen=True, eq=False)
class UserNetwork:
    """The user's lines as arrays (WGS84): line ``i`` has the vertices ``xy[ptr[i]:ptr[i + 1]]``.

    ``speed_kmh`` / ``minutes`` are NaN where a line has none (a time applies to the whole line and is shared out
    by length; it wins over a speed); ``mode`` is one name per line (``road``, ``rail``, ``hsr``, ``water``)."""

    xy: np.ndarray  #: (V, 2) float64 lon, lat
    ptr: np.ndarray  #: (L + 1,) int64
    speed_kmh: np.ndarray  #: (L,) float64
    minutes: np.ndarray  #: (L,) float64
    mode: np.ndarray  #: (L,) str
    oneway: np.ndarray  #: (L,) bool
    ident: tuple[str, ...]  #: (L,) names the line in segment ids: ``user:<ident>:<vertex pair>``

    def __len__(self) -> int:
        return len(self.ptr) - 1

    @classmethod
    def empty(cls) -> "UserNetwork":
        return cls(np.zeros((0, 2)), np.zeros(1, np.int64), np.zeros(0), np.zeros(0), np.zeros(0, "<U4"),
                   np.zeros(0, bool), ())

    @classmethod
    def from_lines(cls, lines: Sequence[UserLine]) -> "UserNetwork":
        if not lines:
            return cls.empty()
        counts = [len(ln.coords) for ln in lines]
        xy = np.array([p[:2] for ln in lines for p in ln.coords], np.float64).reshape(-1, 2)
        nan = float("nan")
        return cls(xy, np.concatenate([[0], np.cumsum(counts)]).astype(np.int64),
                   np.array([nan if ln.speed_kmh is None else ln.speed_kmh for ln in lines], np.float64),
                   np.array([nan if ln.minutes is None else ln.minutes for ln in lines], np.float64),
                   np.array([ln.mode for ln in lines], str), np.array([ln.oneway for ln in lines], bool),
                   tuple(ln.ident for ln in lines))

    @classmethod
    def from_geometries(cls, geoms, speed_kmh, minutes, mode, oneway, ident) -> "UserNetwork":
        """One line per part of each (multi)line ``geoms`` (shapely, WGS84; z dropped); the per-feature arrays are
        repeated per part and a part after the first gets ``/<k>`` after its ident."""
        geoms = np.asarray(geoms, dtype=object)
        parts, owner = shapely.get_parts(geoms, return_index=True)
        keep = ~shapely.is_empty(parts)
        parts, owner = parts[keep], owner[keep]
        xy, vidx = shapely.get_coordinates(parts, return_index=True)
        ptr = np.zeros(len(parts) + 1, np.int64)
        np.cumsum(np.bincount(vidx, minlength=len(parts)), out=ptr[1:])
        first = np.ones(len(owner), bool)
        first[1:] = owner[1:] != owner[:-1]
        k = np.arange(len(owner)) - np.maximum.accumulate(np.where(first, np.arange(len(owner)), 0))
        idents = [ident[o] if j == 0 else f"{ident[o]}/{j}" for o, j in zip(owner.tolist(), k.tolist())]
        return cls(xy.astype(np.float64), ptr, np.asarray(speed_kmh, np.float64)[owner],
                   np.asarray(minutes, np.float64)[owner], np.asarray(mode, str)[owner],
                   np.asarray(oneway, bool)[owner], tuple(idents))

    @classmethod
    def concat(cls, nets: Sequence["UserNetwork"]) -> "UserNetwork":
        nets = [n for n in nets if len(n)]
        if not nets:
            return cls.empty()
        offs = np.cumsum([0] + [len(n.xy) for n in nets])
        ptr = np.concatenate([[0]] + [n.ptr[1:] + o for n, o in zip(nets, offs)]).astype(np.int64)
        return cls(np.concatenate([n.xy for n in nets]), ptr, np.concatenate([n.speed_kmh for n in nets]),
                   np.concatenate([n.minutes for n in nets]), np.concatenate([n.mode.astype(str) for n in nets]),
                   np.concatenate([n.oneway for n in nets]), tuple(i for n in nets for i in n.ident))

    def check(self) -> None:
        """Every line needs a time > 0 or, without one, a speed > 0 (finite), and a known mode (a mode the
        profile of a run does not have, e.g. rail in ``road``, is left out of that run)."""
        t, v = self.minutes, self.speed_kmh
        with np.errstate(invalid="ignore"):
            bad = np.flatnonzero(np.where(np.isnan(t), ~(np.isfinite(v) & (v > 0)), ~(np.isfinite(t) & (t > 0))))
        if len(bad):
            i = int(bad[0])
            what, value = ("speed", v[i]) if np.isnan(t[i]) else ("time", t[i])
            layer, _, feature = self.ident[i].rpartition(":")
            raise EngineError("network_value", layer=layer, feature=feature, what=what, value=str(value))
        unknown = sorted(set(np.unique(self.mode).tolist()) - set(USER_MODES))
        if unknown:
            raise EngineError("bad_choice", what="NETWORK_MODE_FIELD", value=unknown[0], allowed=", ".join(USER_MODES))

    def digest(self, h) -> None:
        for a in (self.xy, self.ptr, self.speed_kmh, self.minutes, self.oneway):
            h.update(np.ascontiguousarray(a).tobytes())
        h.update("\x00".join(self.mode.tolist()).encode())
        h.update("\x00".join(self.ident).encode())


@dataclass
class UserPieces:
    """The user's network cut into ride pieces in the grid CRS (``network_pieces``), for ``build_network``.

    A piece runs from place ``a_place`` to ``b_place``; place ``p`` is the snapped vertex ``node[p]`` when
    ``inner_b[p] < 0``, else the ``inner_k[p]``-th cut point of the vertex pair (``node[p]``, ``inner_b[p]``),
    named ``u<node>`` / ``u<a>-<b>@<k>`` as station places."""

    a_xy: np.ndarray  #: (P, 2)
    b_xy: np.ndarray
    a_place: np.ndarray  #: (P,) int64
    b_place: np.ndarray
    place_node: np.ndarray  #: per place
    place_b: np.ndarray
    place_k: np.ndarray
    mode: np.ndarray  #: (P,) str
    minutes: np.ndarray  #: (P,) ride time of the piece
    length_km: np.ndarray  #: (P,)
    oneway: np.ndarray  #: (P,) bool
    segment: np.ndarray  #: (P,) int64 into ``segment_ids``
    segment_ids: list[str]  #: ``user:<ident>:<vertex pair>``

    def __len__(self) -> int:
        return len(self.a_place)

    def place_names(self, places: np.ndarray) -> list[str]:
        node, b, k = (self.place_node[places].tolist(), self.place_b[places].tolist(),
                      self.place_k[places].tolist())
        return [f"u{p}" if q < 0 else f"u{p}-{q}@{j}" for p, q, j in zip(node, b, k)]


def _sequential_sums(values: np.ndarray, ptr: np.ndarray) -> np.ndarray:
    """Per group ``values[ptr[i]:ptr[i + 1]]`` summed left to right (as a Python loop would; not pairwise)."""
    n = np.diff(ptr)
    out = np.zeros(len(n), np.float64)
    for j in range(int(n.max(initial=0))):
        has = np.flatnonzero(n > j)
        out[has] += values[ptr[has] + j]
    return out


def _places(pa: np.ndarray, pb: np.ndarray, k: np.ndarray, npc: np.ndarray, n_nodes: int):
    """Start and end place of every piece (k-th of ``npc`` between the snapped vertices ``pa`` and ``pb``) and
    the places' (node, second node or -1, k): the snapped vertices first, then the cut points (a, b, k) of
    every vertex pair, shared by pairs with the same ends in the same order."""
    inner = k > 0
    cut_a, cut_b, cut_k = pa[inner], pb[inner], k[inner]
    order = np.lexsort((cut_k, cut_b, cut_a))
    new = np.ones(len(order), bool)
    if len(order):
        sa, sb, sk = cut_a[order], cut_b[order], cut_k[order]
        new[1:] = (sa[1:] != sa[:-1]) | (sb[1:] != sb[:-1]) | (sk[1:] != sk[:-1])
    cut_place = np.empty(len(order), np.int64)
    cut_place[order] = n_nodes + np.cumsum(new) - 1
    reps = order[new]
    place_node = np.concatenate([np.arange(n_nodes), cut_a[reps]])
    place_b = np.concatenate([np.full(n_nodes, -1), cut_b[reps]])
    place_k = np.concatenate([np.zeros(n_nodes, np.int64), cut_k[reps]])
    a_place = pa.copy()
    a_place[inner] = cut_place
    b_place = pb.copy()
    not_last = k < npc - 1
    # the cut point k + 1 of a piece that is not the last is the start (cut point k) of the next piece
    b_place[not_last] = a_place[np.flatnonzero(not_last) + 1]
    return a_place, b_place, place_node, place_b, place_k


def network_pieces(inputs: UserInputs, grid: Grid) -> UserPieces | None:
    """The user's lines as ride pieces in the grid CRS: nodes at shared (snapped) vertices, road pieces of at
    most one cell, a time field shared out by length, one-way kept (vectorised; same result as a loop over
    the lines' vertex pairs: ``tests/core/test_network_build.py``)."""
    net = inputs.network
    if not len(net):
        return None
    nvert = np.diff(net.ptr)
    lines = np.flatnonzero(nvert >= 2)
    if not len(lines):
        return None
    # the vertices of the usable lines, in order: line j has lptr[j] .. lptr[j + 1] - 1
    lptr = np.concatenate([[0], np.cumsum(nvert[lines])]).astype(np.int64)
    src = np.repeat(net.ptr[lines], nvert[lines]) + (np.arange(lptr[-1]) - np.repeat(lptr[:-1], nvert[lines]))
    tr = Transformer.from_crs(WGS84, grid.crs, always_xy=True)
    x, y = tr.transform(net.xy[src, 0], net.xy[src, 1])
    xy = np.column_stack([np.asarray(x, np.float64), np.asarray(y, np.float64)])
    node = _snap(xy, inputs.snap_m)
    # vertex pairs (i, i + 1) inside one line
    last = np.zeros(len(xy), bool)
    last[lptr[1:] - 1] = True
    a_v = np.flatnonzero(~last)
    pair_line = np.repeat(np.arange(len(lines)), nvert[lines] - 1)
    pair_no = a_v - lptr[pair_line]  # i: 0-based index of the pair in its line
    d = xy[a_v + 1] - xy[a_v]
    seg_len = np.hypot(d[:, 0], d[:, 1])
    total = _sequential_sums(seg_len, lptr - np.arange(len(lptr)))  # pairs of line j: lptr[j]-j .. lptr[j+1]-j-1
    a_id, b_id = node[a_v], node[a_v + 1]
    ok = (total[pair_line] > 0) & (seg_len > 0) & (a_id != b_id)
    a_v, pair_line, pair_no, seg_len, a_id, b_id = (v[ok] for v in (a_v, pair_line, pair_no, seg_len, a_id, b_id))
    line = lines[pair_line]
    mode = net.mode[line]
    # roads are joined to the land along their length; rail and water only at their vertices (stations)
    pieces = np.where(mode == "road", np.maximum(1, np.ceil(seg_len / grid.res)), 1).astype(np.int64)
    pair = np.repeat(np.arange(len(a_v)), pieces)
    first = np.repeat(np.cumsum(pieces) - pieces, pieces)
    k = np.arange(len(pair)) - first
    npc = pieces[pair]
    a, b = xy[a_v][pair], xy[a_v + 1][pair]
    f0 = (k / npc)[:, None]
    f1 = ((k + 1) / npc)[:, None]
    a_xy = a + (b - a) * f0
    b_xy = a + (b - a) * f1
    a_place, b_place, place_node, place_b, place_k = _places(a_id[pair], b_id[pair], k, npc, int(node.max()) + 1)
    length = seg_len[pair]
    part_km = length / npc / 1000.0
    t_given = net.minutes[line][pair]
    with np.errstate(divide="ignore", invalid="ignore"):
        minutes = np.where(np.isnan(t_given), part_km / net.speed_kmh[line][pair] * 60.0,
                           t_given * (length / npc) / total[pair_line][pair])
    ident = net.ident
    seg_ids = [f"user:{ident[ln]}:{i + 1}" for ln, i in zip(line.tolist(), pair_no.tolist())]  # one per pair
    return UserPieces(a_xy, b_xy, a_place, b_place, place_node, place_b, place_k, mode[pair], minutes, part_km,
                      net.oneway[line][pair], pair, seg_ids)


def user_segment_lines(inputs: UserInputs | None, grid: Grid) -> tuple[np.ndarray, np.ndarray]:
    """(segment id, straight line in the grid CRS) per ride piece of the user's network, for hazard zones: a
    user segment crossing a hazard polygon is disrupted like a bundled one."""
    pieces = network_pieces(inputs, grid) if inputs is not None else None
    if pieces is None or not len(pieces):
        return np.zeros(0, object), np.zeros(0, object)
    ids = np.array(pieces.segment_ids, dtype=object)[pieces.segment]
    return ids, shapely.linestrings(np.stack([pieces.a_xy, pieces.b_xy], axis=1))


def _snap(pts: np.ndarray, tol: float) -> np.ndarray:
    """A node id per point: points within ``tol`` metres of each other (transitively) share one."""
    if len(pts) == 0:
        return np.zeros(0, np.int64)
    tree = cKDTree(pts)
    pairs = tree.query_pairs(max(tol, 1e-6), output_type="ndarray")
    n = len(pts)
    if len(pairs) == 0:
        return np.arange(n)
    g = coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(n, n))
    _k, labels = connected_components(g, directed=False)
    return labels


def site_sets(inputs: UserInputs, grid: Grid, land: np.ndarray, point_set_cls) -> dict:
    """The user's site sets as point sets on the grid (points off the grid or off land are dropped)."""
    tr = Transformer.from_crs(WGS84, grid.crs, always_xy=True)
    out = {}
    for name, rows in inputs.sites.items():
        if not rows:
            continue
        x, y = tr.transform([r[1] for r in rows], [r[2] for r in rows])
        r, c, inside = grid.cell_of(np.asarray(x), np.asarray(y))
        keep = np.flatnonzero(inside)
        keep = keep[land[r[keep], c[keep]]]
        out[name] = point_set_cls(r[keep], c[keep], [rows[k][0] for k in keep], [name] * len(keep),
                                  np.ones(len(keep)))
    return out


def check_file(path: str | None) -> None:
    if path and not Path(path).exists():
        raise EngineError("input_unreadable", path=str(path))
