"""One family of map tools for every tab: a point tool (left adds, right removes), a centre tool that snaps
to a point feature under the cursor, a polygon tool (left adds a vertex, right closes), the binding of a
checkable button to a tool, and canvas highlights (rubber bands: nothing is added to the project)."""
from __future__ import annotations

from qgis.core import (
    Qgis,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCsException,
    QgsFeatureRequest,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
    QgsRectangle,
    QgsVectorLayer,
)
from qgis.gui import QgsMapTool, QgsRubberBand
from qgis.PyQt.QtCore import Qt, pyqtSignal
from qgis.PyQt.QtGui import QColor

from ..core.constants import THEME_PROPERTY, WGS84
from ..crs import point_transformer
from ..i18n import language

SNAP_PIXELS = 6


def wgs84() -> QgsCoordinateReferenceSystem:
    return QgsCoordinateReferenceSystem(WGS84)


def canvas_crs(canvas) -> QgsCoordinateReferenceSystem:
    return canvas.mapSettings().destinationCrs()


def to_wgs84(point: QgsPointXY, crs: QgsCoordinateReferenceSystem) -> QgsPointXY:
    """``point`` in ``crs`` as longitude/latitude (QGIS first, pyproj when QGIS' transform is unusable)."""
    return QgsPointXY(*point_transformer(crs, wgs84())(point.x(), point.y()))


def name_of(feature, layer: QgsVectorLayer) -> str:
    """The feature's name in the UI language (name_zh / name_en, else name / NAME), '' when it has none."""
    fields = layer.fields()
    preferred = ("name_zh", "name_en") if language() == "zh" else ("name_en", "name_zh")
    for name in (*preferred, "name", "NAME", "Name"):
        if fields.lookupField(name) >= 0 and feature[name] not in (None, ""):
            return str(feature[name])
    return ""


def point_feature_near(canvas, point: QgsPointXY, pixels: float = SNAP_PIXELS):
    """(point in canvas CRS, name) of the nearest visible point feature within ``pixels`` of ``point``, or None.

    A candidate centre wins over any other point within reach (in Xi'an the dry-port hub is drawn a few
    pixels from the city's star; a click on the star must give the city)."""
    crs = canvas_crs(canvas)
    tol = pixels * canvas.mapUnitsPerPixel()
    area = QgsRectangle(point.x() - tol, point.y() - tol, point.x() + tol, point.y() + tol)
    best, best_key = None, (2, tol)
    for layer in canvas.layers():
        if not isinstance(layer, QgsVectorLayer) or layer.geometryType() != Qgis.GeometryType.Point:
            continue
        to_layer = QgsCoordinateTransform(crs, layer.crs(), QgsProject.instance())
        try:
            rect = to_layer.transformBoundingBox(area)
        except QgsCsException:
            continue
        rank = 0 if layer.customProperty(THEME_PROPERTY) == "candidate_centres" else 1
        for f in layer.getFeatures(QgsFeatureRequest().setFilterRect(rect)):
            g = QgsGeometry(f.geometry())
            if g.isEmpty() or g.transform(to_layer, Qgis.TransformDirection.Reverse) != Qgis.GeometryOperationResult.Success:
                continue
            p = g.centroid().asPoint()
            d = p.distance(point)
            if d <= tol and (rank, d) <= best_key:
                best, best_key = (p, name_of(f, layer)), (rank, d)
    return best


class PointTool(QgsMapTool):
    """Emits every click: map point (canvas CRS) and True for the left button, False for the right one."""

    clicked = pyqtSignal(QgsPointXY, bool)

    def canvasReleaseEvent(self, event):
        self.click(self.toMapCoordinates(event.pos()), event.button() != Qt.MouseButton.RightButton)

    def click(self, point: QgsPointXY, left: bool = True) -> None:
        self.clicked.emit(point, left)


class CentreTool(PointTool):
    """Left click adds a centre — at the point feature under the cursor (with its name) when there is one
    within a few pixels, else at the exact map coordinate; right click removes the nearest centre.
    ``picked``: longitude, latitude, name ('' when not snapped), add?"""

    picked = pyqtSignal(float, float, str, bool)

    def click(self, point: QgsPointXY, left: bool = True) -> None:
        canvas = self.canvas()
        name = ""
        if left:
            hit = point_feature_near(canvas, point)
            if hit is not None:
                point, name = hit
        p = to_wgs84(point, canvas_crs(canvas))
        self.picked.emit(p.x(), p.y(), name, left)
        super().click(point, left)


class PolygonTool(PointTool):
    """Left clicks add vertices (drawn as a rubber band), a right click closes: ``polygon`` (vertices in the
    canvas CRS) when there are at least three, else ``tooFew``."""

    polygon = pyqtSignal(list, QgsCoordinateReferenceSystem)
    tooFew = pyqtSignal()  # noqa: N815 - Qt signal name

    def __init__(self, canvas):
        super().__init__(canvas)
        self.points: list[QgsPointXY] = []
        self.band = QgsRubberBand(canvas, Qgis.GeometryType.Polygon)
        self.band.setColor(QColor(215, 25, 28, 80))

    def click(self, point: QgsPointXY, left: bool = True) -> None:
        if left:
            self.points.append(QgsPointXY(point))
            self.band.addPoint(point)
            return
        points, self.points = self.points, []
        self.band.reset(Qgis.GeometryType.Polygon)
        if len(points) >= 3:
            self.polygon.emit(points, canvas_crs(self.canvas()))
        else:
            self.tooFew.emit()

    def remove_band(self) -> None:
        if self.band is not None:
            self.canvas().scene().removeItem(self.band)
            self.band = None


class ToolSwitch:
    """A checkable button that switches a map tool on and off; choosing another tool unchecks it."""

    def __init__(self, iface, button, factory):
        self.iface, self.button, self.factory = iface, button, factory
        self.tool = None
        button.toggled.connect(self._toggled)

    def _toggled(self, on: bool):
        if self.iface is None:
            return
        canvas = self.iface.mapCanvas()
        if on and self.tool is None:
            self.tool = self.factory(canvas)
            canvas.setMapTool(self.tool)
            self.tool.deactivated.connect(self._deactivated)
        elif not on and self.tool is not None:
            tool, self.tool = self.tool, None
            tool.deactivated.disconnect(self._deactivated)
            canvas.unsetMapTool(tool)
            if isinstance(tool, PolygonTool):
                tool.remove_band()

    def _deactivated(self):
        self.button.setChecked(False)

    def close(self):
        self.button.setChecked(False)
        self._toggled(False)


class Highlight:
    """Geometries drawn over the canvas (chosen centres, chosen segments); removed by ``close``."""

    def __init__(self, iface, kind: Qgis.GeometryType, colour: QColor, width: int = 4):
        self.iface, self.kind, self.colour, self.width = iface, kind, colour, width
        self.band = None

    def show(self, geometries, crs: QgsCoordinateReferenceSystem | None = None) -> None:
        if self.iface is None:
            return
        if self.band is None:
            self.band = QgsRubberBand(self.iface.mapCanvas(), self.kind)
            self.band.setColor(self.colour)
            self.band.setWidth(self.width)
            if self.kind == Qgis.GeometryType.Point:
                self.band.setIcon(QgsRubberBand.IconType.ICON_CIRCLE)
                self.band.setIconSize(10)
        self.band.reset(self.kind)
        for g in geometries:
            self.band.addGeometry(g, crs or wgs84())

    def count(self) -> int:
        return self.band.numberOfVertices() if self.band is not None else 0

    def close(self) -> None:
        if self.band is not None and self.iface is not None:
            self.iface.mapCanvas().scene().removeItem(self.band)
        self.band = None
