"""Coordinate reference systems and point transforms of the QGIS adapters (qgis.core only, no widgets).

One robust point transform for everything the user gives us in their own CRS (centres, clicks, hazard
polygons): QGIS' transform first; when it is invalid, or returns a point unchanged although the two CRS
differ (the silent no-op seen late in long sessions when PROJ could not build the operation), pyproj with
the WKT of both CRS instead, so a point in degrees is never taken for metres.
"""
from __future__ import annotations

import sqlite3

import numpy as np
import shapely
from pyproj import Transformer
from pyproj.exceptions import CRSError
from qgis.core import (
    Qgis,
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCsException,
    QgsMessageLog,
    QgsPointXY,
    QgsProject,
)
from shapely import wkb

from .core.catalog import ALBERS_CHINA_WKT
from .i18n import translate

_ALBERS: list[QgsCoordinateReferenceSystem] = []

#: The name of the China Albers CRS in the user's CRS list (one name in both languages: the entry is written
#: once per profile, whatever the locale of that session).
USER_CRS_NAME = "China Albers Equal Area 25/47/105 (Hinterland) / 中国 Albers 等积投影"


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


def _user_db_ready() -> bool:
    """Whether the profile's user CRS database exists and has its CRS table (read-only look).

    qgis_process and bare QgsApplication scripts (pytest-qgis) never create it: the file is missing or
    empty there, and writing a user CRS into it would fail or leave a broken database behind."""
    path = QgsApplication.qgisUserDatabaseFilePath()
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as con:
            return con.execute("SELECT 1 FROM sqlite_master WHERE name = 'tbl_srs'").fetchone() is not None
    except sqlite3.Error:
        return False


def _same_definition(a: QgsCoordinateReferenceSystem, b: QgsCoordinateReferenceSystem) -> bool:
    return a.toProj() == b.toProj()


def register_user_crs() -> QgsCoordinateReferenceSystem:
    """The China Albers CRS as a named user CRS (``USER:n``), so that the status bar, the layer properties
    and the CRS dialogs show its name instead of "Unknown CRS"; call on the main thread.

    An entry with the same definition (ours from an earlier session, or one the user made) is used again, so
    the user's CRS list never grows by one per session. When the profile has no usable user database, or
    QGIS refuses the entry, the named WKT CRS stays in use and the reason goes to the message log.
    Every later ``albers_crs()`` returns the CRS chosen here."""
    wkt_crs = QgsCoordinateReferenceSystem.fromWkt(ALBERS_CHINA_WKT)
    chosen = wkt_crs
    if wkt_crs.authid().startswith("USER:"):
        chosen = wkt_crs  # QGIS matched the WKT to a user CRS already in the database
    elif not _user_db_ready():
        _log(f"China Albers kept as a custom CRS: no user CRS database at "
             f"{QgsApplication.qgisUserDatabaseFilePath()}")
    else:
        registry = QgsApplication.coordinateReferenceSystemRegistry()
        found = [d for d in registry.userCrsList() if _same_definition(d.crs, wkt_crs)]
        if found:
            chosen = QgsCoordinateReferenceSystem(f"USER:{min(d.id for d in found)}")
        else:
            srsid = registry.addUserCrs(wkt_crs, USER_CRS_NAME, Qgis.CrsDefinitionFormat.Wkt)
            chosen = QgsCoordinateReferenceSystem(f"USER:{srsid}") if srsid > 0 else wkt_crs
            if srsid <= 0:
                _log("China Albers kept as a custom CRS: QGIS did not add it to the user CRS list")
        if not chosen.isValid() or not _same_definition(chosen, wkt_crs):
            _log(f"China Albers kept as a custom CRS: the user CRS {chosen.authid()} does not match it")
            chosen = wkt_crs
    _ALBERS[:] = [chosen]
    return QgsCoordinateReferenceSystem(chosen)


def _log(text: str) -> None:
    QgsMessageLog.logMessage(text, "Hinterland", Qgis.MessageLevel.Info)


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
        raise ValueError(translate("crs", "The coordinate reference system '{0}' cannot be used.").format(
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
