"""Read layers of a GeoPackage into (attributes, shapely geometry) pairs with GDAL/OGR (no qgis)."""
from __future__ import annotations

from pathlib import Path
from typing import Any


def read_layer(path: Path | str, layer: str) -> list[tuple[dict[str, Any], Any]]:
    from osgeo import ogr
    from shapely import wkb

    ds = ogr.Open(str(path))
    if ds is None:
        raise FileNotFoundError(f"cannot open {path}")
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
    from osgeo import ogr

    ds = ogr.Open(str(path))
    if ds is None:
        raise FileNotFoundError(f"cannot open {path}")
    return [ds.GetLayerByIndex(i).GetName() for i in range(ds.GetLayerCount())]
