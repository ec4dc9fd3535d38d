"""Rasters and polygons from a solve: GeoTIFF writing, isochrones, OD matrices."""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

import numpy as np
import shapely
from osgeo import gdal, ogr, osr
from shapely import wkb
from shapely.geometry import MultiPolygon, Polygon

from .grid import Grid

gdal.UseExceptions()


#: rasters with more cells than this get internal overviews (QGIS draws a national 1 km raster from them; a
#: 5 km one, 1.1 M cells, draws at once without: building them was 0.15 s of a dock rerun)
OVERVIEW_MIN_CELLS = 4_000_000


def write_geotiff(path: Path | str, array: np.ndarray, grid: Grid, nodata=None, dtype=None,
                  overviews: bool | None = None) -> Path:
    """Write one band in the grid CRS (GDAL): tiled, DEFLATE with a predictor, written on all cores, with
    internal overviews (nearest: minutes and centre indices are never averaged) for large grids. NaN is the
    float nodata. Written to a ``.partial`` file first and renamed, so a failed write leaves nothing behind."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    dtype = np.dtype(dtype or array.dtype)
    gdt = {np.dtype("float32"): gdal.GDT_Float32, np.dtype("float64"): gdal.GDT_Float64,
           np.dtype("int32"): gdal.GDT_Int32, np.dtype("int16"): gdal.GDT_Int16,
           np.dtype("uint8"): gdal.GDT_Byte}[dtype]
    floating = np.issubdtype(dtype, np.floating)
    if nodata is None:
        nodata = float("nan") if floating else -1
    tmp = path.with_name(path.stem + ".partial" + path.suffix)
    options = ["COMPRESS=DEFLATE", f"PREDICTOR={3 if floating else 2}", "ZLEVEL=1", "TILED=YES",
               "BIGTIFF=IF_SAFER", "NUM_THREADS=ALL_CPUS"]
    try:
        ds = gdal.GetDriverByName("GTiff").Create(str(tmp), grid.ncols, grid.nrows, 1, gdt, options=options)
        ds.SetGeoTransform(grid.gdal_geotransform())
        srs = osr.SpatialReference()
        srs.SetFromUserInput(grid.crs)
        ds.SetProjection(srs.ExportToWkt())
        band = ds.GetRasterBand(1)
        band.SetNoDataValue(float(nodata))
        band.WriteArray(array.astype(dtype, copy=False))
        ds.FlushCache()
        ds = None
        levels = [f for f in (2, 4, 8, 16, 32) if min(grid.nrows, grid.ncols) // f >= 64]
        if levels and (overviews if overviews is not None else grid.size > OVERVIEW_MIN_CELLS):
            # reopened without NUM_THREADS: GDAL 3.6 built the overviews of a NUM_THREADS dataset on its worker
            # pool, and a pool worker evicting a dirty block from a block cache smaller than the raster waited on
            # that same pool — a deadlock (GDAL_CACHEMAX=32 MB at 1 km, seen under gdb). Single-threaded here.
            ds = gdal.OpenEx(str(tmp), gdal.OF_RASTER | gdal.OF_UPDATE)
            options = {"COMPRESS_OVERVIEW": "DEFLATE", "ZLEVEL_OVERVIEW": "1", "GDAL_NUM_THREADS": "1"}
            for key, value in options.items():  # this thread only (another may be writing its own raster)
                gdal.SetThreadLocalConfigOption(key, value)
            try:
                ds.BuildOverviews("NEAREST", levels)
            finally:
                for key in options:
                    gdal.SetThreadLocalConfigOption(key, None)
            ds = None
        tmp.replace(path)
    except (RuntimeError, OSError):
        ds = None
        tmp.unlink(missing_ok=True)
        raise
    return path


def read_geotiff(path: Path | str) -> np.ndarray:
    ds = gdal.Open(str(path))
    return ds.GetRasterBand(1).ReadAsArray()


def mask_polygons(mask: np.ndarray, grid: Grid, smooth: bool = True):
    """Polygons (shapely, grid CRS) covering the True cells; dissolved; optionally smoothed.

    Smoothing is an opening/closing by half a cell, so the outline follows cell centres and stays
    within half a cell of the raster (area changes by well under one cell per boundary cell).
    """
    if not mask.any():
        return MultiPolygon()
    rows = np.flatnonzero(mask.any(axis=1))
    cols = np.flatnonzero(mask.any(axis=0))
    r0, r1, c0, c1 = int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1
    window = mask[r0:r1, c0:c1]  # polygonise only the rows and columns that hold the mask
    ds = gdal.GetDriverByName("MEM").Create("", c1 - c0, r1 - r0, 1, gdal.GDT_Byte)
    ds.SetGeoTransform((grid.x0 + c0 * grid.res, grid.res, 0.0, grid.y1 - r0 * grid.res, 0.0, -grid.res))
    band = ds.GetRasterBand(1)
    band.WriteArray(window.astype(np.uint8))
    vds = ogr.GetDriverByName("Memory").CreateDataSource("")
    lyr = vds.CreateLayer("poly", None, ogr.wkbPolygon)
    lyr.CreateField(ogr.FieldDefn("v", ogr.OFTInteger))
    gdal.Polygonize(band, band, lyr, 0, [], callback=None)  # the band is its own mask: 0 is skipped
    polys = []
    for feat in lyr:
        g = feat.GetGeometryRef()
        polys.append(wkb.loads(bytes(g.ExportToWkb())))
    geom = shapely.union_all(polys)
    geom = shapely.simplify(geom, grid.res * 1e-3)  # drop the collinear vertices of the cell outlines first
    if smooth:
        h = grid.res * 0.5
        geom = geom.buffer(h, quad_segs=2, join_style="mitre").buffer(-h, quad_segs=2, join_style="mitre")
        geom = geom.simplify(grid.res * 0.25, preserve_topology=True)
    geom = shapely.make_valid(geom)
    parts = [g for g in getattr(geom, "geoms", [geom]) if isinstance(g, Polygon) and not g.is_empty]
    return MultiPolygon(parts)


def isochrones(time: np.ndarray, allocation: np.ndarray, grid: Grid, thresholds: Sequence[float],
               names: Sequence[str], mode: str = "per_centre", centre_times: Sequence[np.ndarray] | None = None,
               smooth: bool = True):
    """List of dicts {centre, centre_index, threshold_min, area_km2, geometry}.

    mode "nearest": partition — each cell goes to its nearest centre (uses ``allocation``).
    mode "per_centre": overlapping — one surface per centre (``centre_times[i]``) is needed.
    Area is counted from the raster cells (consistent with the raster), not from the smoothed outline.
    """
    out = []
    cell_km2 = grid.res * grid.res / 1e6
    ths = sorted(float(t) for t in thresholds)
    for i, name in enumerate(names):
        for th in ths:
            if mode == "nearest":
                m = (allocation == i) & (time <= th)
            else:
                t = centre_times[i]
                m = np.isfinite(t) & (t <= th)
            geom = mask_polygons(m, grid, smooth)
            if geom.is_empty:
                continue
            out.append({"centre": name, "centre_index": i, "threshold_min": th,
                        "area_km2": round(float(m.sum()) * cell_km2, 1), "geometry": geom})
    return out


def write_polygons_gpkg(path: Path | str, polys: list[dict], crs_wkt: str, layer: str = "isochrones") -> Path:
    """Isochrone dicts (centre, threshold_min, area_km2, geometry) to a GeoPackage layer (GDAL/OGR)."""
    path = Path(path)
    if path.exists():
        path.unlink()
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    srs = osr.SpatialReference()
    srs.SetFromUserInput(crs_wkt)
    lyr = ds.CreateLayer(layer, srs, ogr.wkbMultiPolygon)
    for name, typ in (("centre", ogr.OFTString), ("threshold_min", ogr.OFTReal), ("area_km2", ogr.OFTReal)):
        lyr.CreateField(ogr.FieldDefn(name, typ))
    for p in sorted(polys, key=lambda p: (-p["threshold_min"], p["centre_index"])):
        f = ogr.Feature(lyr.GetLayerDefn())
        f.SetField("centre", p["centre"])
        f.SetField("threshold_min", float(p["threshold_min"]))
        f.SetField("area_km2", float(p["area_km2"]))
        f.SetGeometry(ogr.ForceToMultiPolygon(ogr.CreateGeometryFromWkb(p["geometry"].wkb)))
        lyr.CreateFeature(f)
    ds = None
    return path
