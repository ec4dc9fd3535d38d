"""The "Hinterland results" group: the declared outputs of ``hinterland:coverage`` loaded styled (replaced on
rerun, never duplicated), and the placement of the plugin's groups below the user's point and line layers."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from qgis.core import (
    Qgis,
    QgsLayerTreeGroup,
    QgsLayerTreeLayer,
    QgsProject,
    QgsProviderRegistry,
    QgsVectorLayer,
)

from ..core.constants import KIND_PROPERTY, RESULT_PROPERTY
from ..i18n import tr
from ..result_layers import NAMES, RESULTS_GROUP, _name, load_coverage_outputs

SCENARIO_GROUP = "Hinterland scenarios / 腹地情景"

__all__ = ["NAMES", "RESULTS_GROUP", "SCENARIO_GROUP", "_name", "clear_results", "insert_group", "show_results"]


def _has_points_or_lines(node) -> bool:
    layers = node.findLayers() if isinstance(node, QgsLayerTreeGroup) else [node]
    return any(isinstance(n.layer(), QgsVectorLayer) and n.layer().geometryType() in (
        Qgis.GeometryType.Point, Qgis.GeometryType.Line) for n in layers if n.layer() is not None)


def _below_points_and_lines(root, skip=None) -> int:
    index = 0
    for i, node in enumerate(root.children()):
        if node is not skip and isinstance(node, (QgsLayerTreeGroup, QgsLayerTreeLayer)) \
                and node.name() not in (RESULTS_GROUP, SCENARIO_GROUP) and _has_points_or_lines(node):
            index = i + 1
    return index


def insert_group(project: QgsProject, name: str) -> QgsLayerTreeGroup:
    """A new top-level group placed below every top-level node holding points or lines (so rasters never hide
    the centres, sites and corridors), above the rest."""
    root = project.layerTreeRoot()
    return root.insertGroup(_below_points_and_lines(root), name)


def _move_below_points_and_lines(project: QgsProject, group: QgsLayerTreeGroup) -> QgsLayerTreeGroup:
    root = project.layerTreeRoot()
    index = _below_points_and_lines(root, skip=group)
    if index <= root.children().index(group):
        return group  # already below every point and line layer
    clone = group.clone()
    root.insertChildNode(index, clone)
    root.removeChildNode(group)
    return clone


#: the folders the dock makes for one run (state.run_folder): the only ones it ever deletes
RUN_FOLDER = re.compile(r"(coverage|scenario|criticality|indicators|report)_\d{8}_\d{6}(_\d+)?")


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


def clear_results(project: QgsProject) -> None:
    root = project.layerTreeRoot()
    group = root.findGroup(RESULTS_GROUP)
    if group is None:
        return
    remove_layers(project, [n.layer() for n in group.findLayers() if n.layer() is not None])
    root.removeChildNode(group)


def show_results(outputs: dict, project: QgsProject, names: list[str], access: QgsVectorLayer | None = None,
                 lang: str | None = None, table: QgsVectorLayer | None = None) -> list:
    """Replace the results group with the declared outputs of ``hinterland:coverage`` (styled by
    ``result_layers``, the same code the report uses), the coverage ``table`` joining them; the group sits below
    the project's point and line layers and the previous run's files are deleted."""
    clear_results(project)
    layers = load_coverage_outputs(outputs, project, names, access, lang)
    group = project.layerTreeRoot().findGroup(RESULTS_GROUP)
    if group is None:
        return layers
    if table is not None and table.isValid():
        table.setName(tr("Coverage table"))
        table.setCustomProperty(RESULT_PROPERTY, True)
        table.setCustomProperty(KIND_PROPERTY, "coverage")
        project.addMapLayer(table, False)
        group.addLayer(table)
        layers.append(table)
    _move_below_points_and_lines(project, group)
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
