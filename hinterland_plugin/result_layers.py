"""Coverage outputs as styled layers in a project's "Hinterland results" group (no widgets: used by the report
algorithm on a private project and by the dock on the user's project)."""
from __future__ import annotations

from qgis.core import QgsProject, QgsRasterLayer, QgsVectorLayer

from .core.constants import KIND_PROPERTY, RESULT_PROPERTY
from .core.texts import text as bilingual
from .i18n import language
from .styling import hide_band_row, style_access, style_allocation, style_isochrones, style_time

RESULTS_GROUP = "Hinterland results / 腹地分析结果"


def clear_results(project: QgsProject) -> None:
    root = project.layerTreeRoot()
    group = root.findGroup(RESULTS_GROUP)
    if group is None:
        return
    ids = [n.layerId() for n in group.findLayers()]
    project.removeMapLayers(ids)
    root.removeChildNode(group)


def _name(key: str, lang: str | None) -> str:
    """Layer names in the requested language (reports), else in the UI language (``results.*`` in texts.toml)."""
    return bilingual(f"results.{key}", lang or language())


def load_coverage_outputs(outputs: dict, project: QgsProject, names: list[str], access: QgsVectorLayer | None = None,
                 lang: str | None = None) -> list:
    """Replace the results group with the declared outputs of ``hinterland:coverage``.

    ``outputs``: the algorithm's results dict (OUTPUT_ISOCHRONES, OUTPUT_ALLOCATION, OUTPUT_BACKUP,
    OUTPUT_TIME); missing entries are skipped."""
    layers, kinds = [], {}
    if outputs.get("OUTPUT_ISOCHRONES"):
        iso = QgsVectorLayer(str(outputs["OUTPUT_ISOCHRONES"]), _name("iso", lang), "ogr")
        if iso.isValid():
            style_isochrones(iso, names)
            layers.append(iso)
            kinds[id(iso)] = "isochrones"
    if access is not None and access.isValid():
        access.setName(_name("access", lang))
        style_access(access)
        layers.append(access)
        kinds[id(access)] = "access"
    hidden = []
    for key, kind in (("OUTPUT_ALLOCATION", "alloc"), ("OUTPUT_BACKUP", "backup"), ("OUTPUT_TIME", "time")):
        if not outputs.get(key):
            continue
        lyr = QgsRasterLayer(str(outputs[key]), _name(kind, lang))
        if not lyr.isValid():
            continue
        if kind == "alloc":
            style_allocation(lyr, names)
        else:
            style_time(lyr, lang)
        layers.append(lyr)
        kinds[id(lyr)] = {"alloc": "allocation"}.get(kind, kind)
        if kind != "time":
            hidden.append(lyr)
    if access is not None:
        hidden.append(access)
    if not layers:
        return []
    clear_results(project)
    group = project.layerTreeRoot().insertGroup(0, RESULTS_GROUP)
    for lyr in layers:
        lyr.setCustomProperty(RESULT_PROPERTY, True)
        lyr.setCustomProperty(KIND_PROPERTY, kinds.get(id(lyr), ""))
        project.addMapLayer(lyr, False)
        node = group.addLayer(lyr)
        hide_band_row(node)  # the layers panel shows the classes only, no 'Band 1 (Gray)' line
        node.setExpanded(kinds.get(id(lyr)) == "time")
        if lyr in hidden:
            node.setItemVisibilityChecked(False)  # one surface at a time; the user switches
    return layers
