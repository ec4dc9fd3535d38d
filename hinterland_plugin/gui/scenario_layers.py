"""The "Hinterland scenarios" group: minutes-added rasters, disrupted segments, hazard zones and the N-1
ranking, each tagged with its kind and scenario; files live in the results folder, so they survive the project."""
from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsApplication,
    QgsFeature,
    QgsGeometry,
    QgsLineSymbol,
    QgsProcessingException,
    QgsProject,
    QgsRasterLayer,
    QgsSingleSymbolRenderer,
    QgsVectorFileWriter,
    QgsVectorLayer,
)
from qgis.PyQt.QtGui import QColor

from ..core.constants import KIND_PROPERTY, RESULT_PROPERTY, SCENARIO_PROPERTY
from ..core.resources import data_path
from ..i18n import translate
from ..styling import hide_band_row, label_fields
from . import results_group
from .results_group import SCENARIO_GROUP, insert_group


def engine_data_path() -> Path:
    """The GeoPackage the provider's engine uses (the bundled one unless another engine was given)."""
    provider = QgsApplication.processingRegistry().providerById("hinterland")
    try:
        return Path(provider.engine().gpkg) if provider is not None else data_path()
    except QgsProcessingException:
        return data_path()


def group(project: QgsProject | None = None):
    project = project or QgsProject.instance()
    return project.layerTreeRoot().findGroup(SCENARIO_GROUP) or insert_group(project, SCENARIO_GROUP)


def remove_layers(predicate, project: QgsProject | None = None) -> None:
    project = project or QgsProject.instance()
    grp = project.layerTreeRoot().findGroup(SCENARIO_GROUP)
    if grp is not None:
        results_group.remove_layers(project, [n.layer() for n in grp.findLayers() if n.layer() is not None
                                              and predicate(n.layer())])


def add_layer(lyr, kind: str, scenario: str | None = None, replace: str | None = None) -> None:
    """Add ``lyr`` on top of the scenarios group; ``replace``='scenario' drops the scenario's layer of the same
    kind, 'kind' every layer of that kind (one N-1 ranking at a time)."""
    lyr.setCustomProperty(KIND_PROPERTY, kind)
    lyr.setCustomProperty(RESULT_PROPERTY, True)
    label_fields(lyr)
    if scenario is not None:
        lyr.setCustomProperty(SCENARIO_PROPERTY, scenario)
    if replace == "scenario":
        remove_layers(lambda x: x.customProperty(SCENARIO_PROPERTY) == scenario and x.customProperty(KIND_PROPERTY) == kind)
    elif replace == "kind":
        remove_layers(lambda x: x.customProperty(KIND_PROPERTY) == kind)
    QgsProject.instance().addMapLayer(lyr, False)
    hide_band_row(group().insertLayer(0, lyr))  # minutes added: the classes only, no 'Band 1 (Gray)' line
    results_group.render_below_points_and_lines(QgsProject.instance())


def show_only(lyr) -> None:
    """One surface at a time: other Hinterland rasters are switched off (the user's own layers are left alone)."""
    for node in QgsProject.instance().layerTreeRoot().findLayers():
        other = node.layer()
        if other is not None and other is not lyr and other.customProperty(RESULT_PROPERTY) \
                and isinstance(other, QgsRasterLayer):
            node.setItemVisibilityChecked(False)


def style_disrupted(lyr: QgsVectorLayer) -> None:
    lyr.setRenderer(QgsSingleSymbolRenderer(QgsLineSymbol.createSimple(
        {"line_color": "#000000", "line_width": "1.4", "line_style": "dash", "capstyle": "round"})))


def write_hazard(points, crs, folder: Path, name: str) -> QgsVectorLayer:
    """The drawn polygon as a GeoPackage layer in ``folder`` (kept with the project), styled translucent red."""
    mem = QgsVectorLayer("Polygon", name, "memory")
    mem.setCrs(crs)
    f = QgsFeature()
    f.setGeometry(QgsGeometry.fromPolygonXY([list(points) + [points[0]]]))
    mem.dataProvider().addFeatures([f])
    folder.mkdir(parents=True, exist_ok=True)
    n = 1
    while (folder / f"hazard_{n}.gpkg").exists():
        n += 1
    path = folder / f"hazard_{n}.gpkg"
    opts = QgsVectorFileWriter.SaveVectorOptions()
    opts.driverName = "GPKG"
    opts.layerName = "hazard"
    err = QgsVectorFileWriter.writeAsVectorFormatV3(mem, str(path), QgsProject.instance().transformContext(), opts)
    if err[0] != QgsVectorFileWriter.WriterError.NoError:
        raise OSError(translate("scenario_layers", "The hazard zone could not be written to {0}: {1}").format(path, err[1]))
    lyr = QgsVectorLayer(f"{path}|layername=hazard", name, "ogr")
    lyr.renderer().symbol().setColor(QColor(215, 25, 28, 60))
    return lyr
