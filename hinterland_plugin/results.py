"""Loading analysis results into the "Hinterland results" group (replaced on rerun, never duplicated)."""
from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsColorRampShader,
    QgsPalettedRasterRenderer,
    QgsProject,
    QgsRasterLayer,
    QgsRasterShader,
    QgsSingleBandPseudoColorRenderer,
    QgsVectorLayer,
)
from qgis.PyQt.QtGui import QColor

from .i18n import tr

RESULTS_GROUP = "Hinterland results / 腹地分析结果"
RESULT_PROPERTY = "hinterland/result"

#: travel-time classes (minutes) and colours, dark = close
TIME_CLASSES = [(60, "#1a9850"), (120, "#91cf60"), (180, "#d9ef8b"), (240, "#fee08b"), (360, "#fc8d59"),
                (720, "#d73027"), (1e9, "#7f0000")]
PALETTE = ["#1f78b4", "#33a02c", "#e31a1c", "#ff7f00", "#6a3d9a", "#b15928", "#a6cee3", "#b2df8a",
           "#fb9a99", "#fdbf6f", "#cab2d6", "#ffff99"]


def _city_symbol():  # noqa: N802
    from qgis.core import QgsMarkerSymbol

    return QgsMarkerSymbol.createSimple({"name": "circle", "size": "1.6", "outline_width": "0"})


def _fmt_minutes(m: float) -> str:
    if m >= 1e8:
        return "∞"
    return f"{m / 60:g} h" if m % 60 == 0 and m >= 60 else f"{m:g} min"


def time_renderer(layer: QgsRasterLayer) -> QgsSingleBandPseudoColorRenderer:
    items = []
    lo = 0.0
    for hi, colour in TIME_CLASSES:
        label = f"{_fmt_minutes(lo)} – {_fmt_minutes(hi)}" if hi < 1e8 else f"> {_fmt_minutes(lo)}"
        items.append(QgsColorRampShader.ColorRampItem(hi, QColor(colour), label))
        lo = hi
    ramp = QgsColorRampShader(0, TIME_CLASSES[-2][0])
    ramp.setColorRampType(QgsColorRampShader.Type.Discrete)
    ramp.setColorRampItemList(items)
    shader = QgsRasterShader()
    shader.setRasterShaderFunction(ramp)
    return QgsSingleBandPseudoColorRenderer(layer.dataProvider(), 1, shader)


def clear_results(project: QgsProject) -> None:
    root = project.layerTreeRoot()
    group = root.findGroup(RESULTS_GROUP)
    if group is None:
        return
    ids = [n.layerId() for n in group.findLayers()]
    project.removeMapLayers(ids)
    root.removeChildNode(group)


NAMES = {
    "zh": {"iso": "等时圈(最近中心)", "alloc": "最近中心", "backup": "次近中心出行时间(分钟)",
           "time": "出行时间(分钟)", "access": "城市可达性(E2SFCA,每十万人)"},
}


def _name(key: str, default: str, lang: str | None) -> str:
    """Layer names in the requested language (reports), else through the UI translation."""
    if lang in NAMES:
        return NAMES[lang][key]
    if lang == "en":
        return default
    return tr(default)


def show_results(folder: Path, project: QgsProject, names: list[str], access: QgsVectorLayer | None = None,
                 lang: str | None = None) -> list:
    """Replace the results group with isochrones, allocation and travel time from ``folder``."""
    folder = Path(folder)
    layers = []
    iso = QgsVectorLayer(f"{folder / 'isochrones.gpkg'}|layername=isochrones",
                         _name("iso", "Isochrones (nearest centre)", lang), "ogr")
    if iso.isValid():
        from qgis.core import QgsCategorizedSymbolRenderer, QgsFillSymbol, QgsRendererCategory

        cats = []
        for i, n in enumerate(names):
            sym = QgsFillSymbol.createSimple({"color": "0,0,0,0", "outline_color": PALETTE[i % len(PALETTE)],
                                              "outline_width": "0.5"})
            cats.append(QgsRendererCategory(n, sym, n))
        iso.setRenderer(QgsCategorizedSymbolRenderer("centre", cats))
        layers.append(iso)
    if access is not None and access.isValid():
        from qgis.core import QgsClassificationQuantile, QgsGraduatedSymbolRenderer, QgsStyle

        access.setName(_name("access", "Accessibility of cities (E2SFCA per 100,000)", lang))
        renderer = QgsGraduatedSymbolRenderer("e2sfca_per_100k")
        renderer.setSourceSymbol(_city_symbol())
        ramp = QgsStyle.defaultStyle().colorRamp("Viridis")
        if ramp is not None:
            renderer.setSourceColorRamp(ramp)
        renderer.setClassificationMethod(QgsClassificationQuantile())
        renderer.updateClasses(access, 5)
        access.setRenderer(renderer)
        layers.append(access)
    alloc = QgsRasterLayer(str(folder / "allocation.tif"), _name("alloc", "Nearest centre", lang))
    if alloc.isValid():
        classes = [QgsPalettedRasterRenderer.Class(i, QColor(PALETTE[i % len(PALETTE)]), n) for i, n in enumerate(names)]
        alloc.setRenderer(QgsPalettedRasterRenderer(alloc.dataProvider(), 1, classes))
        alloc.setOpacity(0.45)
        layers.append(alloc)
    backup = QgsRasterLayer(str(folder / "backup.tif"), _name("backup", "Second-nearest centre time (minutes)", lang))
    if backup.isValid():
        backup.setRenderer(time_renderer(backup))
        layers.append(backup)
    time = QgsRasterLayer(str(folder / "time.tif"), _name("time", "Travel time (minutes)", lang))
    if time.isValid():
        time.setRenderer(time_renderer(time))
        layers.append(time)
    if not layers:
        return []
    clear_results(project)
    group = project.layerTreeRoot().insertGroup(0, RESULTS_GROUP)
    kinds = {id(iso): "isochrones", id(alloc): "allocation", id(backup): "backup", id(time): "time"}
    if access is not None:
        kinds[id(access)] = "access"
    for lyr in layers:
        lyr.setCustomProperty(RESULT_PROPERTY, True)
        lyr.setCustomProperty("hinterland/kind", kinds.get(id(lyr), ""))
        project.addMapLayer(lyr, False)
        node = group.addLayer(lyr)
        node.setExpanded(lyr is time)
        if lyr is backup or lyr is alloc or lyr is access:
            node.setItemVisibilityChecked(False)  # one surface at a time; the user switches
    return layers
