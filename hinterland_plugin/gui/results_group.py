"""The "Hinterland results" group: the declared outputs of ``hinterland:coverage`` loaded styled (replaced on
rerun, never duplicated), and the placement of the plugin's groups below the user's point and line layers."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from qgis.core import (
    Qgis,
    QgsLayerTreeGroup,
    QgsProject,
    QgsProviderRegistry,
    QgsVectorLayer,
)

from ..core.constants import KIND_PROPERTY, RESULT_PROPERTY
from ..i18n import translate
from ..result_layers import RESULTS_GROUP, _name, load_coverage_outputs
from ..styling import hide_band_row, label_fields

SCENARIO_GROUP = "Hinterland scenarios / 腹地情景"

__all__ = ["RESULTS_GROUP", "SCENARIO_GROUP", "_name", "clear_results", "insert_group", "show_results"]


def is_point_or_line(layer) -> bool:
    return isinstance(layer, QgsVectorLayer) and layer.geometryType() in (Qgis.GeometryType.Point,
                                                                          Qgis.GeometryType.Line)


def insert_group(project: QgsProject, name: str) -> QgsLayerTreeGroup:
    """A new group on top of the layer tree (where the user sees it first; the render order is set apart)."""
    return project.layerTreeRoot().insertGroup(0, name)


def render_below_points_and_lines(project: QgsProject) -> None:
    """Draw the plugin's result rasters and polygons below every point and line layer (centres, sites and
    corridors stay visible), through the project's layer order; the tree stays as it is."""
    root = project.layerTreeRoot()
    order = list(root.layerOrder())
    ours = [lyr for lyr in order if lyr.customProperty(RESULT_PROPERTY) and not is_point_or_line(lyr)]
    # the plugin's own points and lines (gateways, monitored sites) on top: QGIS appends a layer added while the
    # order is custom at the bottom, where it would pull the rasters below every polygon
    our_marks = [lyr for lyr in order if lyr.customProperty(RESULT_PROPERTY) and is_point_or_line(lyr)]
    rest = [lyr for lyr in order if lyr not in ours and lyr not in our_marks]
    at = max((i + 1 for i, lyr in enumerate(rest) if is_point_or_line(lyr)), default=0)
    root.setCustomLayerOrder(our_marks + rest[:at] + ours + rest[at:])
    root.setHasCustomLayerOrder(True)


def new_layers_on_top(project: QgsProject, layers) -> None:
    """Layers the user adds while the layer order is custom are drawn on top, as they would be without it
    (QGIS would append them at the bottom, under everything)."""
    root = project.layerTreeRoot()
    if not root.hasCustomLayerOrder():
        return
    added = [lyr for lyr in layers if lyr.isSpatial() and not lyr.customProperty(RESULT_PROPERTY)]
    if added:
        root.setCustomLayerOrder(added + [lyr for lyr in root.customLayerOrder() if lyr not in added])


#: the folders the dock makes for one run (state.run_folder): the only ones it ever deletes
RUN_FOLDER = re.compile(r"(coverage|scenario|criticality|indicators|report|gateways|monitor)_\d{8}_\d{6}(_\d+)?")


def _folder_of(layer) -> Path | None:
    path = QgsProviderRegistry.instance().decodeUri(layer.providerType(), layer.source()).get("path")
    return Path(path).parent if path else None


def remove_layers(project: QgsProject, layers) -> None:
    """Remove ``layers`` from the project and delete the run folders they came from once no layer of the
    project uses them any more (a rerun replaces its results: nothing piles up in the results folder)."""
    layers = list(layers)
    folders = {f for f in (_folder_of(lyr) for lyr in layers) if f is not None and RUN_FOLDER.fullmatch(f.name)}
    project.removeMapLayers([lyr.id() for lyr in layers])
    used = {_folder_of(lyr) for lyr in project.mapLayers().values()}
    for folder in folders - used:
        shutil.rmtree(folder, ignore_errors=True)


def discard_run_folder(folder) -> None:
    """Delete the folder of a run that failed or was cancelled (only a folder the dock made for one run)."""
    if folder and RUN_FOLDER.fullmatch(Path(folder).name):
        shutil.rmtree(folder, ignore_errors=True)


def clear_results(project: QgsProject) -> None:
    root = project.layerTreeRoot()
    group = root.findGroup(RESULTS_GROUP)
    if group is None:
        return
    remove_layers(project, [n.layer() for n in group.findLayers() if n.layer() is not None])
    root.removeChildNode(group)


def field_aliases() -> dict[str, str]:
    """Aliases of the fields of the result tables and layers (the attribute table reads as the dock does)."""
    return {"centre": translate("results_group", "Centre"), "threshold_min": translate("results_group", "Within (min)"), "area_km2": translate("results_group", "Area (km²)"),
            "population": translate("results_group", "Population"), "population_share": translate("results_group", "Share of population"),
            "pop_weighted_time_min": translate("results_group", "Mean time per person (min)"), "level": translate("results_group", "Level"), "code": translate("results_group", "Code"),
            "name": translate("results_group", "Name"), "reached": translate("results_group", "Residents reached"),
            "mean_time_min": translate("results_group", "Mean time per resident (min)"), "nearest_centre": translate("results_group", "Nearest centre"),
            "gateway": translate("results_group", "Gateway"), "type": translate("results_group", "Type"), "prefectures_n": translate("results_group", "Prefectures"),
            "time_min": translate("results_group", "Time (min)"), "backup": translate("results_group", "Second-best gateway"), "penalty_min": translate("results_group", "Time at the gateway (min)"),
            "arsenal_sites_n": translate("results_group", "Reserve sites"), "computing_hubs_n": translate("results_group", "Computing hubs"),
            "hubs_n": translate("results_group", "Corridor hubs"), "status": translate("results_group", "Status"), "indicator": translate("results_group", "Indicator"),
            "value": translate("results_group", "Value"), "date": translate("results_group", "Date"), "unit_id": translate("results_group", "Unit"), "severity": translate("results_group", "Severity"),
            "trend": translate("results_group", "Trend")}


def set_aliases(layer) -> None:
    """Alias every known field of ``layer``; ``within_60`` / ``share_60`` become "Within 60 min" / "Share …"."""
    if not isinstance(layer, QgsVectorLayer):
        return
    aliases = field_aliases()
    for i, name in enumerate(layer.fields().names()):
        head, _, tail = name.partition("_")
        if name in aliases:
            layer.setFieldAlias(i, aliases[name])
        elif head == "within" and tail:
            layer.setFieldAlias(i, translate("results_group", "Within {0} min").format(tail.replace("_", ".")))
        elif head == "share" and tail:
            layer.setFieldAlias(i, translate("results_group", "Share within {0} min").format(tail.replace("_", ".")))
    label_fields(layer)  # the rest of the kind's fields, and its coded values as words (ALL, without:X, ...)


def add_result(project: QgsProject, group: QgsLayerTreeGroup, layer, kind: str, visible: bool = True) -> None:
    """One more layer of the results group (marked as ours, aliased)."""
    layer.setCustomProperty(RESULT_PROPERTY, True)
    layer.setCustomProperty(KIND_PROPERTY, kind)
    set_aliases(layer)
    project.addMapLayer(layer, False)
    node = group.addLayer(layer)
    node.setItemVisibilityChecked(visible)
    hide_band_row(node)


def show_results(outputs: dict, project: QgsProject, names: list[str], access: QgsVectorLayer | None = None,
                 lang: str | None = None, table: QgsVectorLayer | None = None, extra=()) -> list:
    """Replace the results group with the declared outputs of ``hinterland:coverage`` (styled by
    ``result_layers``, the same code the report uses), the coverage ``table`` joining them; the group sits below
    the project's point and line layers and the previous run's files are deleted. ``extra``: (layer, kind,
    visible) added to the group too (the prefecture choropleth, the province table)."""
    clear_results(project)
    layers = load_coverage_outputs(outputs, project, names, access, lang)
    group = project.layerTreeRoot().findGroup(RESULTS_GROUP)
    if group is None:
        return layers
    if table is not None and table.isValid():
        table.setName(translate("results_group", "Coverage table"))
        add_result(project, group, table, "coverage")
        layers.append(table)
    for layer, kind, visible in extra:
        if layer is not None and layer.isValid():
            add_result(project, group, layer, kind, visible)
            layers.append(layer)
    for layer in layers:
        set_aliases(layer)
    render_below_points_and_lines(project)
    return layers


def result_layer(project: QgsProject, kind: str):
    """The layer of ``kind`` in the results group (e.g. 'coverage' after the project was reopened), or None."""
    group = project.layerTreeRoot().findGroup(RESULTS_GROUP)
    if group is None:
        return None
    return next((n.layer() for n in group.findLayers() if n.layer() is not None
                 and n.layer().customProperty(KIND_PROPERTY) == kind), None)


def layer_rows(layer) -> list[dict]:
    """The attribute rows of a table layer as dicts (NULL as None)."""
    if layer is None or not layer.isValid():
        return []
    names = layer.fields().names()
    keep = [i for i, n in enumerate(names) if n != "fid"]  # the GeoPackage key is not a column of the table
    return [{names[i]: _value(f.attributes()[i]) for i in keep} for f in layer.getFeatures()]


def _value(v):
    return None if v is None or (hasattr(v, "isNull") and v.isNull()) else v
