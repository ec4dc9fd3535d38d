"""Census population on the analysis grid, spread dasymetrically inside each county.

Inputs: the ``counties`` layer of the GeoPackage (2020 census per county-level unit, prefectures where
codes changed, Hong Kong / Macao / Taiwan from their own counts; see ``hinterland_build/admin_build.py``), the
GeoNames ``cities`` points (population as GeoNames records it) and, optionally, the elevation on the
grid. Every unit's people go to its own cells — the land cells whose centre lies in its polygon (one
GDAL rasterisation per grid) — so every unit's cells sum to its census count (float32 rounding only).

Weights inside a unit (all relative: only the shape within the unit matters):

* **suitability** ``s = f_slope * f_elev * f_remote`` per cell:

  - ``f_slope = exp(-slope / 8 %)``: slope from the DEM on the grid (the bundled DEM is 0.2°, so these
    are regional slopes); a 8 % regional slope divides the weight by e;
  - ``f_elev = 1`` up to 1,500 m, ``exp(-(h - 1500) / 1000)`` above (0.37 at 2,500 m, 0.08 at 4,000 m);
  - ``f_remote = 0.2 + 0.8 exp(-d / 30 km)``, ``d`` = distance to the nearest GeoNames settlement: the
    barren-land proxy (deserts, high plateaus and forests are far from any town; no land-cover data is
    bundled, so this is a proxy, not a classification).
* **rural** residents (乡村): proportional to ``s``.
* **urban** residents (城镇): 65 % towards the unit's GeoNames places, 35 % over the unit's towns,
  proportional to ``s²``. The 2020 census counts 575 M of its 900 M urban residents in city proper
  (城区); the rest live in towns (镇区), which the GeoNames list (≥ 15,000) covers only in part.
  Each place ``c`` spreads ``pop_c · N(d; σ_c)`` (Gaussian, ``σ_c = sqrt(pop_c / (π · 5,000 /km²))``
  clipped to 1–20 km, widened by half a cell: about 2.5 km for 100,000 people, 8 km for a million);
  only cells of the place's own unit count. A unit without any place puts its urban residents on
  ``s³`` (its flattest, lowest, least remote cells).
* Taiwan publishes no urban/rural split: its total is spread half on the urban, half on the rural
  weights and appears in ``total`` only (not in ``urban`` / ``rural``). Hong Kong and Macao are counted
  as wholly urban (``census_hk_mo_tw.csv``).
* Census units without a boundary (development zones, districts merged since 2020; ``kind``
  'unlocated' rows, drawn with the prefecture's outline) are spread with the same weights over all the cells of their
  prefecture, on top of the prefecture's counties.
* A unit that owns no land cell (smaller than a cell, or only coastal cells) puts all its people on
  the land cell nearest its representative point (``point_on_surface``), within 10 cells.

Outputs are float32 people per cell; sums are taken in float64.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

import numpy as np
import shapely
from osgeo import gdal, ogr, osr
from pyproj import Transformer
from scipy import ndimage

from ..errors import EngineError
from ..gpkg import read_layer
from .friction import dem_on_grid, filled_reader, gradient_at

WGS84 = "EPSG:4326"
SLOPE_SCALE_PCT = 8.0
ELEV_START_M = 1500.0
ELEV_SCALE_M = 1000.0
REMOTE_FLOOR = 0.2
REMOTE_SCALE_M = 30_000.0
TOWN_SHARE = 0.35
URBAN_DENSITY_PER_KM2 = 5000.0
SIGMA_MIN_M = 1000.0
SIGMA_MAX_M = 20_000.0
KERNEL_REACH = 3.0  #: kernel evaluated to this many sigmas
SNAP_CELLS = 10
AREAS = ("mainland", "HK", "MO", "TW")


class PopulationError(EngineError):
    """The data file cannot give a population surface; the message is meant for the user."""


@dataclass
class PopulationSurface:
    total: np.ndarray  #: people per cell (float32), all areas
    urban: np.ndarray  #: urban residents per cell (mainland, HK, MO; Taiwan has no split)
    rural: np.ndarray
    unit: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), np.int32))  #: index into ``units``, -1 none
    units: list[dict[str, Any]] = field(default_factory=list)  #: attributes of the counties layer
    point_units: list[tuple[int, int, int]] = field(default_factory=list)  #: (unit, row, col) placed on one cell
    unplaced: list[tuple[str, float]] = field(default_factory=list)  #: (prefecture, people) not on this grid

    # urban and rural may wait on disk (``deferred``): of the analyses only the population raster's VALUE urban /
    # rural reads them — 202 MB at 1 km that every coverage run held for nothing
    def __getattr__(self, name: str):
        if name in ("urban", "rural"):
            load = self.__dict__.get("_load_split")
            if load is not None:  # dropped only once loaded: a second thread asking meanwhile loads too, or waits
                urban, rural = load()
                self.__dict__.update(urban=urban, rural=rural)
                self.__dict__.pop("_load_split", None)
                return urban if name == "urban" else rural
        raise AttributeError(name)

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        if "_load_split" in state:  # pickled whole, never with the loader
            del state["_load_split"]
            state["urban"], state["rural"] = self.urban, self.rural
        return state

    def deferred(self, load) -> PopulationSurface:
        """The same surface whose urban and rural grids come from ``load() -> (urban, rural)`` when first read."""
        out = object.__new__(PopulationSurface)
        out.__dict__.update({k: v for k, v in self.__dict__.items() if k not in ("urban", "rural", "_load_split")})
        out.__dict__["_load_split"] = load
        return out

    def split_loaded(self) -> bool:
        """Are the urban and rural grids in memory?"""
        return "urban" in self.__dict__

    def area_mask(self, area: str = "mainland") -> np.ndarray:
        """Cells whose unit belongs to ``area`` ('mainland', 'HK', 'MO', 'TW' or 'all')."""
        if area == "all":
            return self.unit >= 0
        codes = np.array([u.get("area") == area for u in self.units] + [False])
        return codes[self.unit]

    def sum(self, area: str = "all") -> float:
        """People on the grid in ``area``; a point-placed unit counts in its own area even when the cell
        it was put on belongs to a unit of another area (Macao on a Zhuhai cell at 10 km)."""
        if area == "all":
            return float(self.total.sum(dtype=np.float64))
        out = float(self.total[self.area_mask(area)].sum(dtype=np.float64))
        for k, r, c in self.point_units:
            mine = self.units[k].get("area") == area
            host = self.units[self.unit[r, c]].get("area") == area if self.unit[r, c] >= 0 else False
            if mine != host:
                out += float(self.units[k].get("pop_total") or 0) * (1 if mine else -1)
        return out

    def unit_sums(self, which: str = "total") -> np.ndarray:
        """People on the cells each unit owns: its census count, plus any point-placed unit put on them,
        plus its share of its prefecture's 'unlocated' people; 'unlocated' rows own no cell (0)."""
        arr = getattr(self, which)
        ok = self.unit >= 0
        return np.bincount(self.unit[ok], weights=arr[ok].astype(np.float64), minlength=len(self.units))


# --------------------------------------------------------------------------- rasters


def _to_grid(geoms: Sequence[Any], crs: str) -> list[Any]:
    tr = Transformer.from_crs(WGS84, crs, always_xy=True)

    def fn(coords):
        x, y = tr.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return [shapely.transform(g, fn) for g in geoms]


def rasterize_units(grid, geoms_grid: Sequence[Any]) -> np.ndarray:
    """Index (0..n-1) of the polygon holding each cell centre, -1 outside all (GDAL, one pass)."""
    gdal.UseExceptions()
    ds = gdal.GetDriverByName("MEM").Create("", grid.ncols, grid.nrows, 1, gdal.GDT_Int32)
    ds.SetGeoTransform(grid.gdal_geotransform())
    srs = osr.SpatialReference()
    srs.SetFromUserInput(grid.crs)
    ds.SetProjection(srs.ExportToWkt())
    band = ds.GetRasterBand(1)
    band.Fill(0)
    vds = ogr.GetDriverByName("Memory").CreateDataSource("")
    lyr = vds.CreateLayer("units", srs, ogr.wkbMultiPolygon)
    lyr.CreateField(ogr.FieldDefn("uid", ogr.OFTInteger))
    defn = lyr.GetLayerDefn()
    for i, g in enumerate(geoms_grid):
        feat = ogr.Feature(defn)
        feat.SetField("uid", i + 1)
        feat.SetGeometry(ogr.CreateGeometryFromWkb(shapely.to_wkb(g)))
        lyr.CreateFeature(feat)
    gdal.RasterizeLayer(ds, [1], lyr, options=["ATTRIBUTE=uid"])
    return band.ReadAsArray().astype(np.int32) - 1


def suitability(grid, cells: np.ndarray, dem: np.ndarray | None, settlement_rc: tuple[np.ndarray, np.ndarray]):
    """Terrain / remoteness weight (see the module docstring) of the cells ``cells`` (flat indices, land).

    Computed at those cells only — a third of a national grid — with numpy's own formulas (``np.gradient``'s
    central and one-sided differences, the coarse distance grid read where a cell falls), so the weights equal
    the full-grid computation to the last bit without its five full-grid float64 temporaries."""
    cells = np.asarray(cells, np.int64)
    rows, cols = np.divmod(cells, grid.ncols)
    s = np.ones(len(rows), np.float64)
    if dem is not None:
        at = filled_reader(dem)
        gy = gradient_at(at, cells, grid.shape, grid.res, axis=0)
        gx = gradient_at(at, cells, grid.shape, grid.res, axis=1)
        s *= np.exp(-100.0 * np.hypot(gx, gy) / SLOPE_SCALE_PCT)
        s *= np.exp(-np.clip(at(cells) - ELEV_START_M, 0.0, None) / ELEV_SCALE_M)
    s *= REMOTE_FLOOR + (1 - REMOTE_FLOOR) * np.exp(-settlement_distance(grid, settlement_rc, rows, cols)
                                                    / REMOTE_SCALE_M)
    return s


def settlement_distance(grid, rc: tuple[np.ndarray, np.ndarray], rows: np.ndarray | None = None,
                        cols: np.ndarray | None = None) -> np.ndarray:
    """Distance (m) from each cell (or from the cells ``rows, cols``) to the nearest settlement cell, on a grid of
    about 5 km at most."""
    f = max(1, int(round(5000.0 / grid.res)))
    nr, nc = -(-grid.nrows // f), -(-grid.ncols // f)
    seeds = np.ones((nr, nc), bool)
    if not len(rc[0]):
        return np.full(grid.shape if rows is None else len(rows), np.inf)
    seeds[rc[0] // f, rc[1] // f] = False
    d = ndimage.distance_transform_edt(seeds) * (grid.res * f)
    if rows is not None:
        return d[rows // f, cols // f]
    return np.repeat(np.repeat(d, f, axis=0), f, axis=1)[:grid.nrows, :grid.ncols]


def city_kernel(grid, unit: np.ndarray, rows, cols, pops, city_unit) -> np.ndarray:
    """Σ pop_c · Gaussian(d; σ_c) over the cells of each place's own unit."""
    out = np.zeros(grid.shape, np.float64)
    sig = np.clip(np.sqrt(pops / (np.pi * URBAN_DENSITY_PER_KM2)) * 1000.0, SIGMA_MIN_M, SIGMA_MAX_M)
    sig = np.hypot(sig, grid.res / 2)
    for r, c, p, s, k in zip(rows, cols, pops, sig, city_unit):
        reach = int(np.ceil(KERNEL_REACH * s / grid.res))
        r0, r1 = max(0, r - reach), min(grid.nrows, r + reach + 1)
        c0, c1 = max(0, c - reach), min(grid.ncols, c + reach + 1)
        dy = (np.arange(r0, r1) - r)[:, None] * grid.res
        dx = (np.arange(c0, c1) - c)[None, :] * grid.res
        w = p * np.exp(-(dx * dx + dy * dy) / (2 * s * s))
        out[r0:r1, c0:c1] += np.where(unit[r0:r1, c0:c1] == k, w, 0.0)
    return out


# --------------------------------------------------------------------------- allocation


def _normalised(w: np.ndarray, uid: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """w / (sum of w over the cell's unit); and the per-unit sums."""
    sums = np.bincount(uid, weights=w, minlength=n)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(sums[uid] > 0, w / sums[uid], 0.0)
    return share, sums


def _unit_counts(units: Sequence[dict[str, Any]]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    total = np.array([float(u.get("pop_total") or 0) for u in units])
    split = np.array([u.get("pop_urban") not in (None, "") for u in units])
    urban = np.array([float(u.get("pop_urban") or 0) for u in units])
    rural = np.array([float(u.get("pop_rural") or 0) for u in units])
    return total, urban, rural, split


def _nearest_land(land: np.ndarray, r: int, c: int, reach: int) -> tuple[int, int]:
    r0, c0 = max(0, r - reach), max(0, c - reach)
    win = land[r0:r + reach + 1, c0:c + reach + 1]
    if not win.any():
        return r, c
    rr, cc = np.nonzero(win)
    i = int(np.argmin((rr + r0 - r) ** 2 + (cc + c0 - c) ** 2))
    return int(rr[i] + r0), int(cc[i] + c0)


def _weights(sv: np.ndarray, kraw: np.ndarray, ids: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Urban and rural weights of each cell, each summing to 1 over the cells of its id (0..n-1)."""
    rural_w, _ = _normalised(sv, ids, n)
    fallback, _ = _normalised(sv ** 3, ids, n)
    town, _ = _normalised(sv ** 2, ids, n)
    kern, ksum = _normalised(kraw, ids, n)
    urban_w = np.where((ksum > 0)[ids], (1 - TOWN_SHARE) * kern + TOWN_SHARE * town, fallback)
    # ids whose weights are all zero (no suitable cell): uniform over their cells
    uniform = 1.0 / np.maximum(np.bincount(ids, minlength=n)[ids], 1)
    for w in (rural_w, urban_w):
        dead = np.bincount(ids, weights=w, minlength=n) <= 0
        w[dead[ids]] = uniform[dead[ids]]
    return urban_w, rural_w


def population_surface(grid, land: np.ndarray, counties: Sequence[tuple[dict[str, Any], Any]],
                       cities: Sequence[tuple[dict[str, Any], Any]], dem: np.ndarray | None = None) -> PopulationSurface:
    """People per cell from the counties layer rows ``(attrs, lon/lat polygon)`` and the city rows
    ``(attrs with 'population', lon/lat point)``; ``dem`` in metres on the grid (optional).

    Rows of ``kind`` 'unlocated' (census units without a boundary, merged to their prefecture; their
    geometry is the prefecture's outline and is not rasterised): their people are spread with the same
    weights over the cells of all the units with the same ``prefecture_adcode``."""
    units = [dict(a) for a, _ in counties]
    n = len(units)
    unlocated = np.array([u.get("kind") == "unlocated" for u in units], bool)
    geoms = _to_grid([g for _, g in counties], grid.crs)
    unit = rasterize_units(grid, [g if not unlocated[i] else shapely.Polygon() for i, g in enumerate(geoms)])
    own = land & (unit >= 0)

    tr = Transformer.from_crs(WGS84, grid.crs, always_xy=True)
    pops = np.array([float(a.get("population") or 0) for a, _ in cities])
    cx, cy = tr.transform(np.array([g.x for _, g in cities]), np.array([g.y for _, g in cities]))
    cr, cc, inside = grid.cell_of(np.asarray(cx), np.asarray(cy))
    keep = inside & (pops > 0)
    cr, cc, pops = cr[keep], cc[keep], pops[keep]
    kernel = city_kernel(grid, unit, cr, cc, pops, unit[cr, cc])

    flat = np.flatnonzero(own)
    uid = unit.ravel()[flat]
    sv, kraw = suitability(grid, flat, dem, (cr, cc)), kernel.ravel()[flat]
    urban_w, rural_w = _weights(sv, kraw, uid, n)
    cells_per_unit = np.bincount(uid, minlength=n).astype(np.float64)

    total_n, urban_n, rural_n, split = _unit_counts(units)
    urban_v = np.where(split[uid], urban_n[uid] * urban_w, 0.0)
    rural_v = np.where(split[uid], rural_n[uid] * rural_w, 0.0)
    total_v = np.where(split[uid], urban_v + rural_v, total_n[uid] * 0.5 * (urban_w + rural_w))

    prefs = sorted({str(u.get("prefecture_adcode") or "") for u in units})
    pindex = {p: i for i, p in enumerate(prefs)}
    group = np.array([pindex[str(u.get("prefecture_adcode") or "")] for u in units], np.int64)
    ng = len(prefs)
    rem = [np.bincount(group[unlocated], weights=x[unlocated], minlength=ng) for x in (urban_n, rural_n)]
    if unlocated.any():
        gid = group[uid]
        gu, gr = _weights(sv, kraw, gid, ng)
        urban_v = urban_v + rem[0][gid] * gu
        rural_v = rural_v + rem[1][gid] * gr
        total_v = total_v + rem[0][gid] * gu + rem[1][gid] * gr

    out = [np.zeros(grid.shape, np.float64) for _ in range(3)]
    for arr, v in zip(out, (total_v, urban_v, rural_v)):
        arr.ravel()[flat] = v
    small = (cells_per_unit == 0) & (total_n > 0) & ~unlocated
    point_units = _place_small_units(grid, land, unit, geoms, small, out, (total_n, urban_n, rural_n, split))
    # a prefecture whose units own no cell at all: its unlocated people go where its units were placed
    cells_per_group = np.bincount(group[uid], minlength=ng) if len(uid) else np.zeros(ng)
    unplaced = []
    for g in np.flatnonzero((cells_per_group == 0) & (rem[0] + rem[1] > 0)):
        spot = next(((r, c) for k, r, c in point_units if group[k] == g), None)
        if spot is None:
            unplaced.append((prefs[g], float(rem[0][g] + rem[1][g])))
            continue
        out[0][spot] += rem[0][g] + rem[1][g]
        out[1][spot] += rem[0][g]
        out[2][spot] += rem[1][g]
    total, urban, rural = (a.astype(np.float32) for a in out)
    return PopulationSurface(total, urban, rural, unit, units, point_units, unplaced)


def _place_small_units(grid, land, unit, geoms, small, out, counts) -> list[tuple[int, int, int]]:
    """Units without an own land cell go to the nearest land cell of some unit (else the nearest land
    cell, which they then own in ``unit``)."""
    total_n, urban_n, rural_n, split = counts
    owned = land & (unit >= 0)
    placed = []
    for k in np.flatnonzero(small):
        pt = shapely.point_on_surface(geoms[k])
        r, c, inside = grid.cell_of(np.array([pt.x]), np.array([pt.y]))
        if not inside[0]:
            continue  # outside the study extent: not on this grid
        r0, c0 = int(r[0]), int(c[0])
        r, c = _nearest_land(owned, r0, c0, SNAP_CELLS)
        if not owned[r, c]:
            r, c = _nearest_land(land, r0, c0, SNAP_CELLS)
        if unit[r, c] < 0:
            unit[r, c] = k
        out[0][r, c] += total_n[k]
        if split[k]:
            out[1][r, c] += urban_n[k]
            out[2][r, c] += rural_n[k]
        placed.append((int(k), r, c))
    return placed


def east_of_line(grid, a_xy: tuple[float, float], b_xy: tuple[float, float]) -> np.ndarray:
    """Cells to the right of the straight line a → b (grid CRS); with a = Heihe, b = Tengchong, the
    south-east side of the Hu line."""
    xs, ys = grid.centres()
    (ax, ay), (bx, by) = a_xy, b_xy
    cross = (bx - ax) * (ys[:, None] - ay) - (by - ay) * (xs[None, :] - ax)
    return cross > 0


def population_from_gpkg(gpkg: Path | str, grid, land: np.ndarray, dem_path: Path | str | None = None,
                         dem: np.ndarray | None = None) -> PopulationSurface:
    """The surface for ``grid`` from the bundled GeoPackage (layers ``counties`` and ``cities``) and DEM."""
    try:
        counties = read_layer(gpkg, "counties")
        cities = read_layer(gpkg, "cities")
    except KeyError as exc:
        raise PopulationError(f"{gpkg} has no census layers ({exc}): rebuild it with 'make data'") from exc
    if dem is None and dem_path is not None and Path(dem_path).exists():
        dem = dem_on_grid(grid, dem_path)
    return population_surface(grid, land, counties, cities, dem)


def window_surface(surface: PopulationSurface, big, grid, land: np.ndarray) -> PopulationSurface:
    """The part of a surface built on ``big`` that falls on ``grid`` (same CRS, cell size and alignment), with
    nobody outside ``land`` (e.g. outside a study area polygon)."""
    r0 = int(round((big.y1 - grid.y1) / grid.res))
    c0 = int(round((grid.x0 - big.x0) / grid.res))
    win = (slice(r0, r0 + grid.nrows), slice(c0, c0 + grid.ncols))
    arrays = [np.where(land, getattr(surface, k)[win], 0).astype(np.float32) for k in ("total", "urban", "rural")]
    unit = np.where(land, surface.unit[win], -1).astype(np.int32)
    points = [(k, r - r0, c - c0) for k, r, c in surface.point_units
              if 0 <= r - r0 < grid.nrows and 0 <= c - c0 < grid.ncols]
    return PopulationSurface(*arrays, unit, surface.units, points, surface.unplaced)
