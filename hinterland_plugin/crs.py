"""Coordinate reference systems and point transforms of the QGIS adapters (qgis.core only, no widgets).

One robust point transform for everything the user gives us in their own CRS (centres, clicks, hazard
polygons): QGIS' transform first; when it is invalid, or returns a point unchanged although the two CRS
differ (the silent no-op seen late in long sessions when PROJ could not build the operation), pyproj with
the WKT of both CRS instead, so a point in degrees is never taken for metres.
"""
from __future__ import annotations

import numpy as np
import shapely
from pyproj import Transformer
from pyproj.exceptions import CRSError
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCsException,
    QgsPointXY,
    QgsProject,
)
from shapely import wkb

from .core.catalog import ALBERS_CHINA_WKT
from .i18n import tr

_ALBERS: list[QgsCoordinateReferenceSystem] = []


def albers_crs() -> QgsCoordinateReferenceSystem:
    """The China Albers CRS, built once — on the main thread when the plugin loads (``warm_up``).

    Building it for the first time inside a Processing task (a pool thread with its own PROJ context)
    left QGIS' CRS cache with an entry that, once the thread had gone, was "valid" but had an empty
    WKT and transformed nothing: the "silent no-op transform" seen late in long sessions."""
    if not _ALBERS or not _ALBERS[0].toWkt():
        _ALBERS[:] = [QgsCoordinateReferenceSystem.fromWkt(ALBERS_CHINA_WKT)]
    return QgsCoordinateReferenceSystem(_ALBERS[0])


def warm_up() -> None:
    """Create the CRS the engine uses on the calling (main) thread; see ``albers_crs``."""
    albers_crs()


def _wkt(crs: QgsCoordinateReferenceSystem) -> str:
    return crs.toWkt(QgsCoordinateReferenceSystem.WktVariant.WKT_PREFERRED) or crs.authid()


def point_transformer(src_crs, dst_crs, transform_context=None):
    """``fn(x, y) -> (x, y)`` from ``src_crs`` to ``dst_crs``.

    Raises ValueError (translated) for a CRS neither QGIS nor pyproj can use."""
    if src_crs == dst_crs:
        return lambda x, y: (x, y)
    ctx = transform_context or QgsProject.instance().transformContext()
    xf = QgsCoordinateTransform(src_crs, dst_crs, ctx)

    def qgis_way(x, y):
        p = xf.transform(QgsPointXY(x, y))
        return p.x(), p.y()

    if xf.isValid():
        probe = (104.0, 30.0) if src_crs.isGeographic() else (0.0, 3_500_000.0)
        try:
            if qgis_way(*probe) != probe:
                return qgis_way
        except QgsCsException:
            pass  # fall through to pyproj
    try:
        proj_tr = Transformer.from_crs(_wkt(src_crs), _wkt(dst_crs), always_xy=True)
    except CRSError as exc:
        raise ValueError(tr("The coordinate reference system '{0}' cannot be used.").format(
            src_crs.description() or src_crs.authid() or "?")) from exc
    return proj_tr.transform


def to_albers(src_crs, transform_context=None):
    """``fn(x, y)`` from ``src_crs`` to the China Albers grid CRS (see ``point_transformer``)."""
    return point_transformer(src_crs, albers_crs(), transform_context)


def geometry_to_albers(geom, src_crs, transform_context=None):
    """A QgsGeometry in ``src_crs`` as a shapely geometry in China Albers."""
    fn = to_albers(src_crs, transform_context)
    shp = wkb.loads(bytes(geom.asWkb()))

    def conv(coords):
        return np.array([fn(float(x), float(y)) for x, y in coords[:, :2]], dtype=float)

    return shapely.transform(shp, conv)
