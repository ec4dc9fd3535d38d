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
from ..errors import EngineError
from .grid import Grid

WGS84 = "EPSG:4326"
NETWORK_USES = ("add", "replace")
FRICTION_UNITS = ("min_per_m", "kmh")


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
    network: Sequence[UserLine] = ()
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
        if not self.key:
            self.key = self.content_key()

    @property
    def empty(self) -> bool:
        return (self.study_area is None and not self.network and self.network_use == "add" and not self.friction
                and not self.population and not self.population_polygons and not self.sites)

    def content_key(self) -> str:
        h = hashlib.sha256()
        h.update(json.dumps([self.network_use, self.snap_m, self.friction_units]).encode())
        if self.study_area is not None:
            h.update(shapely.to_wkb(self.study_area))
        for ln in self.network:
            h.update(repr((ln.coords, ln.speed_kmh, ln.minutes, ln.mode, ln.oneway)).encode())
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


def friction_on_grid(inputs: UserInputs, grid: Grid, land: np.ndarray) -> tuple[np.ndarray, list[str]]:
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
        notes.append(f"friction raster: {uncovered} land cells not covered (impassable)")
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


def network_segments(inputs: UserInputs, grid: Grid) -> list[tuple[dict, tuple[float, float], tuple[float, float]]]:
    """The user's lines as engine segments (attrs, a_xy, b_xy) in the grid CRS: nodes at shared (snapped)
    vertices, pieces of at most one cell, a time field shared out by length, one-way kept."""
    if not inputs.network:
        return []
    tr = Transformer.from_crs(WGS84, grid.crs, always_xy=True)
    lines, all_xy = [], []
    for ln in inputs.network:
        if len(ln.coords) < 2:
            continue
        arr = np.asarray(ln.coords, np.float64)
        x, y = tr.transform(arr[:, 0], arr[:, 1])
        xy = np.column_stack([x, y])
        lines.append((ln, len(all_xy), xy))
        all_xy.extend(map(tuple, xy))
    if not lines:
        return []
    pts = np.asarray(all_xy)
    node = _snap(pts, inputs.snap_m)
    out = []
    for ln, start, xy in lines:
        seg_len = np.hypot(*np.diff(xy, axis=0).T)
        total = float(seg_len.sum())
        if total <= 0:
            continue
        for i, length in enumerate(seg_len):
            if length <= 0:
                continue
            a_id, b_id = int(node[start + i]), int(node[start + i + 1])
            if a_id == b_id:
                continue
            # roads are joined to the land along their length; rail and water only at their vertices (stations)
            pieces = max(1, math.ceil(length / grid.res)) if ln.mode == "road" else 1
            a, b = xy[i], xy[i + 1]
            for k in range(pieces):
                pa = a + (b - a) * (k / pieces)
                pb = a + (b - a) * ((k + 1) / pieces)
                from_place = f"u{a_id}" if k == 0 else f"u{a_id}-{b_id}@{k}"
                to_place = f"u{b_id}" if k == pieces - 1 else f"u{a_id}-{b_id}@{k + 1}"
                part_km = length / pieces / 1000.0
                attrs = {"segment_id": f"user:{ln.ident}:{i + 1}", "from_place": from_place, "to_place": to_place,
                         "mode": ln.mode, "status": "operating", "length_km": part_km, "category": "user",
                         "oneway": ln.oneway, "detour_free": True}
                if ln.minutes is not None:
                    attrs["minutes"] = ln.minutes * (length / pieces) / total
                else:
                    attrs["operating_speed_kmh"] = ln.speed_kmh
                out.append((attrs, (float(pa[0]), float(pa[1])), (float(pb[0]), float(pb[1]))))
    return out


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
