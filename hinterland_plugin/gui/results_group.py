"""The "Hinterland results" group: the declared outputs of ``hinterland:coverage`` loaded styled (replaced on
rerun, never duplicated), and the placement of the plugin's groups below the user's point and line layers."""
from __future__ import annotations

from qgis.core import Qgis, QgsLayerTreeGroup, QgsLayerTreeLayer, QgsProject, QgsRasterLayer, QgsVectorLayer

from ..core.constants import KIND_PROPERTY, RESULT_PROPERTY
from ..i18n import language
from ..styling import style_access, style_allocation, style_isochrones, style_time

RESULTS_GROUP = "Hinterland results / 腹地分析结果"
SCENARIO_GROUP = "Hinterland scenarios / 腹地情景"

NAMES = {
    "zh": {"iso": "等时圈(最近中心)", "alloc": "最近中心", "backup": "次近中心出行时间(分钟)",
           "time": "出行时间(分钟)", "access": "城市可达性(E2SFCA,每十万人)", "table": "覆盖表"},
}


def _name(key: str, default: str, lang: str | None) -> str:
    """Layer names in the requested language (reports), else in the UI language."""
    lang = lang or language()
    return NAMES[lang][key] if lang in NAMES else default


def _has_points_or_lines(node) -> bool:
    layers = node.findLayers() if isinstance(node, QgsLayerTreeGroup) else [node]
    return any(isinstance(n.layer(), QgsVectorLayer) and n.layer().geometryType() in (
        Qgis.GeometryType.Point, Qgis.GeometryType.Line) for n in layers if n.layer() is not None)


def insert_group(project: QgsProject, name: str) -> QgsLayerTreeGroup:
    """A new top-level group placed below every top-level node holding points or lines (so rasters never hide
    the centres, sites and corridors), above the rest."""
    root = project.layerTreeRoot()
    index = 0
    for i, node in enumerate(root.children()):
        if isinstance(node, (QgsLayerTreeGroup, QgsLayerTreeLayer)) and node.name() not in (RESULTS_GROUP, SCENARIO_GROUP) \
                and _has_points_or_lines(node):
            index = i + 1
    return root.insertGroup(index, name)


def clear_results(project: QgsProject) -> None:
    root = project.layerTreeRoot()
    group = root.findGroup(RESULTS_GROUP)
    if group is None:
        return
    ids = [n.layerId() for n in group.findLayers()]
    project.removeMapLayers(ids)
    root.removeChildNode(group)


def _raster_layers(outputs: dict, names: list[str], lang: str | None):
    for key, kind, default in (("OUTPUT_ALLOCATION", "alloc", "Nearest centre"),
                               ("OUTPUT_BACKUP", "backup", "Second-nearest centre time (minutes)"),
                               ("OUTPUT_TIME", "time", "Travel time (minutes)")):
        if not outputs.get(key):
            continue
        lyr = QgsRasterLayer(str(outputs[key]), _name(kind, default, lang))
        if not lyr.isValid():
            continue
        if kind == "alloc":
            style_allocation(lyr, names)
        else:
            style_time(lyr)
        yield lyr, {"alloc": "allocation"}.get(kind, kind)


def show_results(outputs: dict, project: QgsProject, names: list[str], access: QgsVectorLayer | None = None,
                 lang: str | None = None, table: QgsVectorLayer | None = None) -> list:
    """Replace the results group with the declared outputs of ``hinterland:coverage``.

    ``outputs``: the algorithm's results dict (OUTPUT_ISOCHRONES, OUTPUT_ALLOCATION, OUTPUT_BACKUP,
    OUTPUT_TIME); missing entries are skipped. ``access`` (city points) and ``table`` (the coverage table)
    join the group hidden."""
    layers: list[tuple] = []  # (layer, kind, visible)
    if outputs.get("OUTPUT_ISOCHRONES"):
        iso = QgsVectorLayer(str(outputs["OUTPUT_ISOCHRONES"]), _name("iso", "Isochrones (nearest centre)", lang), "ogr")
        if iso.isValid():
            style_isochrones(iso, names)
            layers.append((iso, "isochrones", True))
    if access is not None and access.isValid():
        access.setName(_name("access", "Accessibility of cities (E2SFCA per 100,000)", lang))
        style_access(access)
        layers.append((access, "access", False))
    for lyr, kind in _raster_layers(outputs, names, lang):
        layers.append((lyr, kind, kind == "time"))  # one surface at a time; the user switches
    if table is not None and table.isValid():
        table.setName(_name("table", "Coverage table", lang))
        layers.append((table, "coverage", True))
    if not layers:
        return []
    clear_results(project)
    group = insert_group(project, RESULTS_GROUP)
    for lyr, kind, visible in layers:
        lyr.setCustomProperty(RESULT_PROPERTY, True)
        lyr.setCustomProperty(KIND_PROPERTY, kind)
        project.addMapLayer(lyr, False)
        node = group.addLayer(lyr)
        node.setExpanded(kind == "time")
        if not visible:
            node.setItemVisibilityChecked(False)
    return [lyr for lyr, _, _ in layers]


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
