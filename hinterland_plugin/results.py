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


#: minutes added by a disruption; 0 is transparent so only the change shows; 1e6 marks cells cut off
DELTA_CLASSES = [(0.5, None), (15, "#fee5d9"), (30, "#fcae91"), (60, "#fb6a4a"), (120, "#de2d26"),
                 (240, "#a50f15"), (1e5, "#67000d"), (1e7, "#000000")]


def delta_renderer(layer: QgsRasterLayer) -> QgsSingleBandPseudoColorRenderer:
    """Discrete classes of minutes added; unreachable cells (1,000,000) in black as "cut off"."""
    items = []
    lo = 0.0
    for hi, colour in DELTA_CLASSES:
        if colour is None:
            label, c = tr("no change"), QColor(0, 0, 0, 0)
        elif hi >= 1e7:
            label, c = tr("cut off"), QColor(colour)
        elif hi >= 1e5:
            label, c = f"> {_fmt_minutes(lo)}", QColor(colour)
        else:
            label, c = f"+{_fmt_minutes(lo)} – {_fmt_minutes(hi)}", QColor(colour)
        items.append(QgsColorRampShader.ColorRampItem(hi, c, label))
        lo = hi
    ramp = QgsColorRampShader(0, 240)
    ramp.setColorRampType(QgsColorRampShader.Type.Discrete)
    ramp.setColorRampItemList(items)
    shader = QgsRasterShader()
    shader.setRasterShaderFunction(ramp)
    return QgsSingleBandPseudoColorRenderer(layer.dataProvider(), 1, shader)


#: upper bounds of the criticality classes, as quantiles of the segments whose loss costs anything:
#: the classes narrow towards the top so the few segments that matter most stand out
CRITICALITY_QUANTILES = (0.5, 0.75, 0.9, 0.97, 1.0)


def style_criticality(layer: QgsVectorLayer, field: str = "pop_minutes") -> None:
    """Segments graduated by the population-minutes their loss adds: grey hairline for no effect, then
    classes of the positive values (CRITICALITY_QUANTILES) from yellow to dark red with growing width."""
    from qgis.core import QgsGraduatedSymbolRenderer, QgsLineSymbol, QgsRendererRange

    values = sorted(float(f[field]) for f in layer.getFeatures() if f[field] is not None and float(f[field]) > 0)
    ranges = [QgsRendererRange(0.0, 0.0, QgsLineSymbol.createSimple(
        {"line_color": "#bdbdbd", "line_width": "0.3"}), tr("no effect"))]
    if values:
        import numpy as np

        uppers = sorted({float(q) for q in np.quantile(values, CRITICALITY_QUANTILES)})
        colours = ["#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026"]
        lo = 0.0
        for i, hi in enumerate(uppers):
            k = min(len(colours) - 1, round(i * (len(colours) - 1) / max(1, len(uppers) - 1)))
            sym = QgsLineSymbol.createSimple({"line_color": colours[k], "line_width": f"{0.6 + 0.5 * k:.1f}",
                                              "capstyle": "round"})
            ranges.append(QgsRendererRange(lo + (1e-9 if lo == 0 else 0), hi, sym,
                                           f"{lo:,.0f} – {hi:,.0f}" if lo else f"≤ {hi:,.0f}"))
            lo = hi
    renderer = QgsGraduatedSymbolRenderer(field, ranges)
    layer.setRenderer(renderer)
    layer.setCustomProperty("hinterland/kind", "criticality")
    layer.triggerRepaint()


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
    """Layer names in the requested language (reports), else in the UI language."""
    from .i18n import language

    lang = lang or language()
    return NAMES[lang][key] if lang in NAMES else default


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
