"""QGIS adapter around core.engine: one Engine per session (its graph cache survives between runs),
centres read from QGIS point sources, and the shared parameter handling of the algorithms."""
from __future__ import annotations

import math
import threading

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsProcessingException,
    QgsWkbTypes,
)

from .core.catalog import ALBERS_CHINA_WKT
from .i18n import tr
from .core.resources import data_path, resources_dir

_ENGINE = None
_LOCK = threading.Lock()

PROFILES = ("multimodal", "road", "rail")


#: module -> (minimum version, pip name)
REQUIREMENTS = {"numpy": ("1.21", "numpy"), "scipy": ("1.7", "scipy"), "shapely": ("2.0", "shapely"),
                "pyproj": ("3.0", "pyproj"), "osgeo": ("3.4", "GDAL")}


def _version_tuple(text: str) -> tuple[int, ...]:
    out = []
    for part in str(text).split(".")[:3]:
        digits = "".join(ch for ch in part if ch.isdigit())
        out.append(int(digits) if digits else 0)
    return tuple(out)


def missing_dependencies() -> list[str]:
    """Python packages the engine needs that are missing or too old, e.g. 'shapely >= 2.0 (found 1.8.5)'.

    numba is optional: without it the scipy solver gives the same results, more slowly.
    """
    missing = []
    for mod, (minimum, pip_name) in REQUIREMENTS.items():
        try:
            module = __import__(mod)
        except ImportError:
            missing.append(f"{pip_name} >= {minimum}")
            continue
        found = getattr(module, "__version__", "0")
        if _version_tuple(found) < _version_tuple(minimum):
            missing.append(f"{pip_name} >= {minimum} (found {found})")
    return missing


def get_engine():
    """The session's engine; raises QgsProcessingException naming missing packages or data."""
    global _ENGINE
    with _LOCK:
        if _ENGINE is None:
            missing = missing_dependencies()
            if missing:
                raise QgsProcessingException(
                    tr("The accessibility engine needs these Python packages, which are missing or too old: {0}. "
                       "Install them into the Python that QGIS uses, e.g. python3 -m pip install --user {1}").format(
                        "; ".join(missing), " ".join(f"'{m.split(' (')[0].replace(' ', '')}'" for m in missing)))
            from .core.engine.model import Engine, EngineError

            try:
                _ENGINE = Engine(data_path(), data_path("dem_china.tif"),
                                 resources_dir() / "profiles" / "profiles.toml")
            except EngineError as exc:
                raise QgsProcessingException(str(exc)) from exc
        return _ENGINE


_ALBERS: QgsCoordinateReferenceSystem | None = None


def albers_crs() -> QgsCoordinateReferenceSystem:
    """The China Albers CRS, built once — on the main thread when the plugin loads (``warm_up``).

    Building it for the first time inside a Processing task (a pool thread with its own PROJ context)
    left QGIS' CRS cache with an entry that, once the thread had gone, was "valid" but had an empty
    WKT and transformed nothing: the "silent no-op transform" seen late in long sessions."""
    global _ALBERS
    if _ALBERS is None or not _ALBERS.toWkt():
        _ALBERS = QgsCoordinateReferenceSystem.fromWkt(ALBERS_CHINA_WKT)
    return QgsCoordinateReferenceSystem(_ALBERS)


def warm_up() -> None:
    """Create the CRS the engine uses on the calling (main) thread; see ``albers_crs``."""
    albers_crs()


def centres_from_source(source, name_field: str | None, delay_field: str | None, context, what: str = "CENTRES"):
    """Point features -> core Centre objects in the China Albers CRS.

    Refuses empty layers, non-point layers, layers without a valid CRS and non-numeric delays.
    Multi-points give one centre per part.
    """
    from .core.engine.model import Centre

    if source is None:
        raise QgsProcessingException(tr("The layer for {0} could not be read.").format(what))
    if QgsWkbTypes.geometryType(source.wkbType()) != QgsWkbTypes.GeometryType.PointGeometry:
        raise QgsProcessingException(tr("{0} must be a point layer.").format(what))
    if not source.sourceCrs().isValid():
        raise QgsProcessingException(tr("The layer for {0} has no valid coordinate reference system.").format(what))
    xf = QgsCoordinateTransform(source.sourceCrs(), albers_crs(), context.transformContext())
    to_albers = _robust_transform(source.sourceCrs(), xf)
    fields = source.fields()
    name_idx = fields.lookupField(name_field) if name_field else -1
    delay_idx = fields.lookupField(delay_field) if delay_field else -1
    if name_field and name_idx < 0:
        raise QgsProcessingException(tr("Field '{0}' does not exist.").format(name_field))
    if delay_field and delay_idx < 0:
        raise QgsProcessingException(tr("Field '{0}' does not exist.").format(delay_field))
    centres = []
    for feat in source.getFeatures():
        geom = feat.geometry()
        if geom is None or geom.isEmpty():
            continue
        name = str(feat[name_idx]) if name_idx >= 0 and feat[name_idx] not in (None, "") else str(feat.id())
        delay = 0.0
        if delay_idx >= 0 and feat[delay_idx] not in (None, ""):
            try:
                delay = float(feat[delay_idx])
            except (TypeError, ValueError) as exc:
                raise QgsProcessingException(
                    tr("Centre '{0}': the delay '{1}' is not a number of minutes.").format(name, feat[delay_idx])) from exc
            if not math.isfinite(delay) or delay < 0:
                raise QgsProcessingException(
                    tr("Centre '{0}': the delay must be a number of minutes >= 0.").format(name))
        parts = geom.asMultiPoint() if geom.isMultipart() else [geom.asPoint()]
        for k, pt in enumerate(parts):
            x, y = to_albers(pt.x(), pt.y())
            centres.append(Centre(name if len(parts) == 1 else f"{name}/{k + 1}", x, y, delay))
    if not centres:
        raise QgsProcessingException(tr("{0} has no points.").format(what))
    return centres


def _message_table():
    """English engine messages (regex) -> translated templates; the groups fill {0}, {1}, ..."""
    return [
        (r"centre '(.*)' lies outside the study area", tr("Centre '{0}' lies outside the study area (China).")),
        (r"centre '(.*)' lies on water or outside the land area", tr("Centre '{0}' lies on water or outside the land area.")),
        (r"no centres given", tr("No centres were given.")),
        (r"all centres are disabled", tr("All centres are disabled.")),
        (r"centre '(.*)': the readiness delay must be a number >= 0",
         tr("Centre '{0}': the delay must be a number of minutes >= 0.")),
        (r"threshold '(.*)' is not a number of minutes", tr("Threshold '{0}' is not a number of minutes.")),
        (r"threshold (.*) must be a positive number of minutes", tr("Threshold {0} must be a positive number of minutes.")),
        (r"threshold (.*) min is longer than a week", tr("Threshold {0} min is longer than a week.")),
        (r"give at least one threshold in minutes.*", tr("Give at least one threshold in minutes, e.g. 60,120,180,240.")),
        (r"the resolution must be a (?:positive )?number of metres, not (.*)",
         tr("The resolution must be a positive number of metres, not {0}.")),
        (r"a resolution of (.*) m is finer than this engine supports.*",
         tr("A resolution of {0} m is finer than the engine supports (100 m).")),
        (r"a resolution of (.*) m is too coarse.*", tr("A resolution of {0} m is too coarse (at most 100 km).")),
        (r"a (.*) m grid has (.*) million cells and needs about (.*) GiB.*",
         tr("A {0} m grid has {1} million cells and needs about {2} GiB of memory: choose a coarser resolution.")),
        (r"unknown profile '(.*)'; available: (.*)", tr("Unknown travel profile '{0}'; available: {1}.")),
    ]


def translate_message(message: str) -> str:
    """The user's language for the engine's English messages (unknown messages pass unchanged)."""
    import re

    for pattern, template in _message_table():
        m = re.fullmatch(pattern, message.strip())
        if m:
            return template.format(*m.groups())
    return message


def _robust_transform(src_crs, xf):
    """Point transform to China Albers. QGIS' transform first; if it is invalid or silently returns the
    input unchanged (seen after long sessions when PROJ could not build the operation), use pyproj with
    the layer's WKT instead, so a point in degrees is never taken for metres."""
    def qgis_way(x, y):
        from qgis.core import QgsPointXY

        p = xf.transform(QgsPointXY(x, y))
        return p.x(), p.y()

    if xf.isValid() and src_crs.isGeographic():
        from qgis.core import QgsPointXY

        probe = xf.transform(QgsPointXY(104.0, 30.0))
        if (probe.x(), probe.y()) != (104.0, 30.0):
            return qgis_way
    elif xf.isValid():
        return qgis_way
    from pyproj import Transformer
    from qgis.core import QgsCoordinateReferenceSystem

    from .core.catalog import ALBERS_CHINA_WKT

    wkt = src_crs.toWkt(QgsCoordinateReferenceSystem.WktVariant.WKT_PREFERRED) if hasattr(
        QgsCoordinateReferenceSystem, "WktVariant") else src_crs.toWkt()
    tr = Transformer.from_crs(wkt or src_crs.authid(), ALBERS_CHINA_WKT, always_xy=True)
    return lambda x, y: tr.transform(x, y)


def point_transformer(src_crs, dst_crs, transform_context=None):
    """``fn(x, y) -> (x, y)`` from ``src_crs`` to ``dst_crs`` for points the user clicks or imports.

    QGIS' transform first; when it is invalid, or returns a projected point unchanged although the two
    CRS differ (the silent no-op seen late in long sessions), pyproj with the WKT of both CRS instead.
    Raises ValueError for a CRS neither can use."""
    from qgis.core import QgsCoordinateReferenceSystem, QgsPointXY, QgsProject

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
        except Exception:  # noqa: BLE001 - QgsCsException: fall through to pyproj
            pass
    from pyproj import Transformer
    from pyproj.exceptions import CRSError

    def wkt(crs):
        return crs.toWkt(QgsCoordinateReferenceSystem.WktVariant.WKT_PREFERRED) or crs.authid()

    try:
        proj_tr = Transformer.from_crs(wkt(src_crs), wkt(dst_crs), always_xy=True)
    except CRSError as exc:
        raise ValueError(tr("The coordinate reference system '{0}' cannot be used.").format(
            src_crs.description() or src_crs.authid() or "?")) from exc
    return lambda x, y: proj_tr.transform(x, y)


def geometry_to_albers(geom, src_crs, context):
    """A QgsGeometry in ``src_crs`` as a shapely geometry in China Albers (robust as above)."""
    import numpy as np
    import shapely
    from shapely import wkb

    xf = QgsCoordinateTransform(src_crs, albers_crs(), context.transformContext())
    fn = _robust_transform(src_crs, xf)
    shp = wkb.loads(bytes(geom.asWkb()))

    def conv(coords):
        out = [fn(float(x), float(y)) for x, y in coords[:, :2]]
        return np.array(out, dtype=float)

    return shapely.transform(shp, conv)


def engine_call(fn, *args, **kwargs):
    """Run an engine function, turning its user-facing errors into QgsProcessingException."""
    from .core.engine.grid import GridError
    from .core.engine.kernel import Cancelled
    from .core.engine.model import EngineError
    from .core.engine.params import ParameterError

    try:
        return fn(*args, **kwargs)
    except (EngineError, GridError, ParameterError) as exc:
        raise QgsProcessingException(translate_message(str(exc))) from exc
    except Cancelled as exc:
        raise QgsProcessingException(tr("Cancelled.")) from exc


def cancel_flag(feedback):
    """A 1-element array the compiled solver polls; set when the user cancels."""
    import numpy as np

    flag = np.zeros(1, np.int64)
    if feedback is not None:
        if feedback.isCanceled():
            flag[0] = 1
        feedback.canceled.connect(lambda: flag.__setitem__(0, 1))
    return flag
