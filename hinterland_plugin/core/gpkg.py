"""Read layers of a GeoPackage into (attributes, shapely geometry) pairs with GDAL/OGR (no qgis)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from osgeo import ogr
from shapely import wkb


def _open(path: Path | str):
    """Open read-only (update=0); a missing or corrupt file raises FileNotFoundError."""
    try:
        ds = ogr.Open(str(path), 0)
    except RuntimeError as exc:  # GDAL with exceptions enabled
        raise FileNotFoundError(f"cannot open {path}: {exc}") from exc
    if ds is None:
        raise FileNotFoundError(f"cannot open {path}")
    return ds


def read_layer(path: Path | str, layer: str) -> list[tuple[dict[str, Any], Any]]:
    ds = _open(path)
    lyr = ds.GetLayerByName(layer)
    if lyr is None:
        raise KeyError(f"{path} has no layer {layer!r}")
    rows = []
    for feat in lyr:
        geom = feat.GetGeometryRef()
        if geom is not None:
            geom = geom.Clone()
            geom.FlattenTo2D()  # some GDAL set-ups hand out 2.5D geometries; the data is 2-D
        rows.append((feat.items(), wkb.loads(bytes(geom.ExportToWkb())) if geom is not None else None))
    return rows


def layer_names(path: Path | str) -> list[str]:
    ds = _open(path)
    return [ds.GetLayerByIndex(i).GetName() for i in range(ds.GetLayerCount())]
