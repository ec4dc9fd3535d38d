"""Renderers of the plugin's result layers, shared by Processing (outputs load styled) and the GUI.

qgis.core only (no widgets): travel-time and minutes-added rasters, the nearest-centre palette,
isochrone outlines, the city accessibility graduation and the N-1 criticality lines.
"""
from __future__ import annotations

import numpy as np
from qgis.core import (
    Qgis,
    QgsCategorizedSymbolRenderer,
    QgsClassificationQuantile,
    QgsColorRampShader,
    QgsEditorWidgetSetup,
    QgsFillSymbol,
    QgsGraduatedSymbolRenderer,
    QgsLineSymbol,
    QgsMapLayerLegendUtils,
    QgsMarkerSymbol,
    QgsPalettedRasterRenderer,
    QgsRasterLayer,
    QgsRasterShader,
    QgsRasterTransparency,
    QgsRendererCategory,
    QgsRendererRange,
    QgsSingleBandPseudoColorRenderer,
    QgsStyle,
    QgsVectorLayer,
)
from qgis.PyQt.QtGui import QColor

from .core.constants import KIND_PROPERTY, STATUS_COLOURS
from .core.field_labels import field_label, value_labels
from .core.texts import text as bilingual
from .i18n import language, translate

#: travel-time classes (minutes) and colours, dark = close
TIME_CLASSES = [(60, "#1a9850"), (120, "#91cf60"), (180, "#d9ef8b"), (240, "#fee08b"), (360, "#fc8d59"),
                (720, "#d73027"), (1e9, "#7f0000")]
PALETTE = ["#1f78b4", "#33a02c", "#e31a1c", "#ff7f00", "#6a3d9a", "#b15928", "#a6cee3", "#b2df8a",
           "#fb9a99", "#fdbf6f", "#cab2d6", "#ffff99"]


def _city_symbol():
    return QgsMarkerSymbol.createSimple({"name": "circle", "size": "1.6", "outline_width": "0"})




def _fmt_minutes(m: float, lang: str | None = None) -> str:
    if m >= 1e8:
        return "∞"
    # a report chooses its language (texts.toml); None: the UI's, through Qt
    hours, minutes = ((bilingual("units.hours", lang), bilingual("units.minutes", lang)) if lang else
                      (translate("styling", "{0} h"), translate("styling", "{0} min")))
    return hours.format(f"{m / 60:g}") if m % 60 == 0 and m >= 60 else minutes.format(f"{m:g}")


def time_renderer(layer: QgsRasterLayer, lang: str | None = None) -> QgsSingleBandPseudoColorRenderer:
    """Travel-time classes, labelled in ``lang`` (a report's language) or the UI's."""
    items = []
    lo = 0.0
    for hi, colour in TIME_CLASSES:
        label = (f"{_fmt_minutes(lo, lang)} – {_fmt_minutes(hi, lang)}" if hi < 1e8
                 else f"> {_fmt_minutes(lo, lang)}")
        items.append(QgsColorRampShader.ColorRampItem(hi, QColor(colour), label))
        lo = hi
    ramp = QgsColorRampShader(0, TIME_CLASSES[-2][0])
    ramp.setColorRampType(QgsColorRampShader.Type.Discrete)
    ramp.setColorRampItemList(items)
    shader = QgsRasterShader()
    shader.setRasterShaderFunction(ramp)
    return QgsSingleBandPseudoColorRenderer(layer.dataProvider(), 1, shader)


#: minutes added by a disruption (upper bounds); 1e6 marks cells cut off. Cells that gain at most NO_CHANGE_MIN are
#: made transparent by the raster transparency, not by a class: the legend lists only what is drawn
DELTA_CLASSES = [(15, "#fee5d9"), (30, "#fcae91"), (60, "#fb6a4a"), (120, "#de2d26"), (240, "#a50f15"),
                 (1e5, "#67000d"), (1e7, "#000000")]
NO_CHANGE_MIN = 0.5


def delta_renderer(layer: QgsRasterLayer) -> QgsSingleBandPseudoColorRenderer:
    """Discrete classes of minutes added; unreachable cells (1,000,000) in black as "cut off"; no change
    (≤ NO_CHANGE_MIN) transparent through the renderer's transparency, so it has no legend entry."""
    items = []
    lo = 0.0
    for hi, colour in DELTA_CLASSES:
        if hi >= 1e7:
            label = translate("styling", "cut off")
        elif hi >= 1e5:
            label = f"> +{_fmt_minutes(lo)}"
        elif lo == 0:
            label = f"≤ +{_fmt_minutes(hi)}"
        else:
            label = f"+{_fmt_minutes(lo)} – {_fmt_minutes(hi)}"
        items.append(QgsColorRampShader.ColorRampItem(hi, QColor(colour), label))
        lo = hi
    ramp = QgsColorRampShader(0, 240)
    ramp.setColorRampType(QgsColorRampShader.Type.Discrete)
    ramp.setColorRampItemList(items)
    shader = QgsRasterShader()
    shader.setRasterShaderFunction(ramp)
    renderer = QgsSingleBandPseudoColorRenderer(layer.dataProvider(), 1, shader)
    none = QgsRasterTransparency.TransparentSingleValuePixel()
    none.min, none.max, none.opacity = -1e12, NO_CHANGE_MIN, 0.0
    none.includeMinimum = none.includeMaximum = True
    transparency = QgsRasterTransparency()
    transparency.setTransparentSingleValuePixelList([none])
    renderer.setRasterTransparency(transparency)
    return renderer


def hide_band_row(node) -> None:
    """Drop the band line ("Band 1 (Gray)") that QGIS puts above the classes of a single-band pseudocolour
    raster in a layer tree node's legend (layers panel or a layout legend's own tree); a no-op for others."""
    layer = node.layer() if node is not None else None
    if not isinstance(layer, QgsRasterLayer) or not isinstance(
            layer.renderer(), (QgsSingleBandPseudoColorRenderer, QgsPalettedRasterRenderer)):
        return  # pseudocolour (times, minutes added) and paletted (nearest centre, gateway hinterlands) rasters
    n = len(layer.renderer().createLegendNodes(node))
    if n > 1:
        QgsMapLayerLegendUtils.setLegendNodeOrder(node, list(range(1, n)))
        # a layer tree model that already shows the layer (QGIS' layers panel) reads the order only when the
        # legend is rebuilt: without this the band line stayed in real QGIS, though not in a fresh model
        layer.legendChanged.emit()


#: upper bounds of the criticality classes, as quantiles of the segments whose loss costs anything:
#: the classes narrow towards the top so the few segments that matter most stand out
CRITICALITY_QUANTILES = (0.5, 0.75, 0.9, 0.97, 1.0)


def _person_hours(lo: float, hi: float) -> str:
    """A class of population-minutes labelled in person-hours (people × hours added)."""
    unit = translate("styling", "person-hours")
    return f"{lo / 60:,.0f} – {hi / 60:,.0f} {unit}" if lo else f"≤ {hi / 60:,.0f} {unit}"


def style_criticality(layer: QgsVectorLayer, field: str = "pop_minutes") -> None:
    """Segments graduated by the population-minutes their loss adds (labelled in person-hours): grey hairline for no effect, then
    classes of the positive values (CRITICALITY_QUANTILES) from yellow to dark red with growing width."""
    values = sorted(float(f[field]) for f in layer.getFeatures() if f[field] is not None and float(f[field]) > 0)
    ranges = [QgsRendererRange(0.0, 0.0, QgsLineSymbol.createSimple(
        {"line_color": "#bdbdbd", "line_width": "0.3"}), translate("styling", "no effect"))]
    if values:
        uppers = sorted({float(q) for q in np.quantile(values, CRITICALITY_QUANTILES)})
        colours = ["#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026"]
        lo = 0.0
        for i, hi in enumerate(uppers):
            k = min(len(colours) - 1, round(i * (len(colours) - 1) / max(1, len(uppers) - 1)))
            sym = QgsLineSymbol.createSimple({"line_color": colours[k], "line_width": f"{0.6 + 0.5 * k:.1f}",
                                              "capstyle": "round"})
            ranges.append(QgsRendererRange(lo + (1e-9 if lo == 0 else 0), hi, sym,
                                           _person_hours(lo, hi)))
            lo = hi
    renderer = QgsGraduatedSymbolRenderer(field, ranges)
    layer.setRenderer(renderer)
    layer.setCustomProperty(KIND_PROPERTY, "criticality")
    label_fields(layer, None, "criticality")
    layer.triggerRepaint()


def label_fields(layer, lang: str | None = None, kind: str | None = None) -> None:
    """Field aliases and value maps of a result layer (``core.field_labels``) in ``lang`` (a report's) or the
    UI language: the attribute table and forms show "全部中心" / "高铁" / "边境口岸", the layer keeps the codes.
    ``kind`` defaults to the layer's KIND_PROPERTY; a no-op for rasters."""
    if not isinstance(layer, QgsVectorLayer):
        return
    lang = lang or language()
    kind = kind or layer.customProperty(KIND_PROPERTY) or None
    for i, name in enumerate(layer.fields().names()):
        label = field_label(name, lang, kind)
        if label is not None:
            layer.setFieldAlias(i, label)
        codes = value_labels(name, lang, kind)
        if codes or name == "centre":  # codes the table does not know, the coverage rows: from the data
            codes = value_labels(name, lang, kind, layer.uniqueValues(i, 1000))
        if codes:
            # ValueMap: one {label: stored value} per entry, in the order given
            layer.setEditorWidgetSetup(i, QgsEditorWidgetSetup("ValueMap", {
                "map": [{label: code} for code, label in codes.items()]}))


def style_allocation(layer: QgsRasterLayer, names: list[str]) -> None:
    """Nearest-centre raster: one colour per centre (index = band value), half transparent."""
    classes = [QgsPalettedRasterRenderer.Class(i, QColor(PALETTE[i % len(PALETTE)]), n) for i, n in enumerate(names)]
    layer.setRenderer(QgsPalettedRasterRenderer(layer.dataProvider(), 1, classes))
    layer.setOpacity(0.45)


def style_time(layer: QgsRasterLayer, lang: str | None = None) -> None:
    layer.setRenderer(time_renderer(layer, lang))


def style_delta(layer: QgsRasterLayer) -> None:
    layer.setRenderer(delta_renderer(layer))


def style_isochrones(layer: QgsVectorLayer, names: list[str] | None = None) -> None:
    """Outlines coloured per centre (the centre field); names default to the layer's own values."""
    idx = layer.fields().lookupField("centre")
    if names is None:
        names = sorted({str(v) for v in layer.uniqueValues(idx)}) if idx >= 0 else []
    cats = []
    for i, n in enumerate(names):
        sym = QgsFillSymbol.createSimple({"color": "0,0,0,0", "outline_color": PALETTE[i % len(PALETTE)],
                                          "outline_width": "0.5"})
        cats.append(QgsRendererCategory(n, sym, n))
    layer.setRenderer(QgsCategorizedSymbolRenderer("centre", cats))
    label_fields(layer, None, "isochrones")


def style_access(layer: QgsVectorLayer) -> None:
    """Cities graduated by E2SFCA per 100,000 (quantiles, Viridis)."""
    renderer = QgsGraduatedSymbolRenderer("e2sfca_per_100k")
    renderer.setSourceSymbol(_city_symbol())
    ramp = QgsStyle.defaultStyle().colorRamp("Viridis")
    if ramp is not None:
        renderer.setSourceColorRamp(ramp)
    renderer.setClassificationMethod(QgsClassificationQuantile())
    renderer.updateClasses(layer, 5)
    layer.setRenderer(renderer)
    label_fields(layer, None, "access")


#: population-weighted minutes to the nearest centre, prefecture choropleth classes (upper bounds) and colours
PREFECTURE_CLASSES = [(60, "#1a9850"), (120, "#91cf60"), (180, "#d9ef8b"), (240, "#fee08b"), (360, "#fc8d59"),
                      (720, "#d73027"), (1e9, "#7f0000")]


def style_prefecture_times(layer: QgsVectorLayer, field: str = "mean_time_min", lang: str | None = None) -> None:
    """Prefectures graduated by the population-weighted time to the nearest centre (same classes as the
    travel-time raster); grey where nobody is reached."""
    ranges, lo = [], 0.0
    for hi, colour in PREFECTURE_CLASSES:
        sym = QgsFillSymbol.createSimple({"color": colour, "outline_color": "#ffffff", "outline_width": "0.1"})
        label = (f"{_fmt_minutes(lo, lang)} – {_fmt_minutes(hi, lang)}" if hi < 1e8
                 else f"> {_fmt_minutes(lo, lang)}")
        ranges.append(QgsRendererRange(lo, hi, sym, label))
        lo = hi
    renderer = QgsGraduatedSymbolRenderer(field, ranges)
    renderer.setSourceSymbol(QgsFillSymbol.createSimple({"color": "#bdbdbd", "outline_color": "#ffffff"}))
    layer.setRenderer(renderer)
    layer.setCustomProperty(KIND_PROPERTY, "prefecture_times")
    label_fields(layer, lang, "prefecture_times")
    layer.triggerRepaint()


#: people per km² classes of the census surface (upper bounds) and colours (light = few)
POPULATION_DENSITY = [(1, "#fff7ec"), (10, "#fee8c8"), (50, "#fdd49e"), (150, "#fdbb84"), (400, "#fc8d59"),
                      (1000, "#ef6548"), (3000, "#d7301f"), (1e9, "#990000")]


def style_population(layer: QgsRasterLayer) -> None:
    """People per cell shown as people per km² (classes above); empty cells transparent."""
    xs = layer.rasterUnitsPerPixelX()
    km2 = (xs * layer.rasterUnitsPerPixelY()) / 1e6 or 1.0
    items, lo = [QgsColorRampShader.ColorRampItem(0.0, QColor(0, 0, 0, 0), translate("styling", "nobody"))], 0.0
    for hi, colour in POPULATION_DENSITY:
        label = f"{lo:,.0f} – {hi:,.0f} /km²" if hi < 1e8 else f"> {lo:,.0f} /km²"
        items.append(QgsColorRampShader.ColorRampItem(hi * km2, QColor(colour), label))
        lo = hi
    ramp = QgsColorRampShader(0, POPULATION_DENSITY[-2][0] * km2)
    ramp.setColorRampType(QgsColorRampShader.Type.Discrete)
    ramp.setColorRampItemList(items)
    shader = QgsRasterShader()
    shader.setRasterShaderFunction(ramp)
    layer.setRenderer(QgsSingleBandPseudoColorRenderer(layer.dataProvider(), 1, shader))
    layer.setCustomProperty(KIND_PROPERTY, "population")


# ----------------------------------------------------------------------------- gateways and monitoring (issue 19)


def gateway_colours(n: int) -> list[QColor]:
    """``n`` distinct colours: the 12 of PALETTE, then hues spaced by the golden angle."""
    out = [QColor(PALETTE[i]) for i in range(min(n, len(PALETTE)))]
    for i in range(len(out), n):
        hue = (i * 137.508) % 360
        out.append(QColor.fromHsv(int(hue), 150 + (i * 37) % 100, 170 + (i * 53) % 80))
    return out


def style_gateway_allocation(layer: QgsRasterLayer, names: list[str]) -> None:
    """Gateway hinterland raster: one colour per gateway (band value = gateway index, names in the legend)."""
    colours = gateway_colours(len(names))
    classes = [QgsPalettedRasterRenderer.Class(i, colours[i], n) for i, n in enumerate(names)]
    layer.setRenderer(QgsPalettedRasterRenderer(layer.dataProvider(), 1, classes))
    layer.setOpacity(0.7)
    layer.setCustomProperty(KIND_PROPERTY, "gateway_allocation")


def style_gateway_prefectures(layer: QgsVectorLayer, names: list[str], field: str = "gateway") -> None:
    """Prefectures coloured by their fastest gateway (same colours as the raster, by the gateway order)."""
    colours = gateway_colours(len(names))
    cats = [QgsRendererCategory(n, QgsFillSymbol.createSimple({"color": colours[i].name(), "outline_color": "#ffffff",
                                                               "outline_width": "0.1"}), n)
            for i, n in enumerate(names)]
    cats.append(QgsRendererCategory("", QgsFillSymbol.createSimple({"color": "#bdbdbd", "outline_color": "#ffffff"}),
                                    translate("styling", "no gateway")))
    layer.setRenderer(QgsCategorizedSymbolRenderer(field, cats))
    layer.setCustomProperty(KIND_PROPERTY, "gateway_prefectures")
    label_fields(layer, None, "gateway_prefectures")
    layer.triggerRepaint()


def _status_symbol(layer: QgsVectorLayer, colour: str):
    kind = layer.geometryType()
    if kind == Qgis.GeometryType.Point:
        return QgsMarkerSymbol.createSimple({"name": "circle", "size": "3", "color": colour, "outline_color": "#333333"})
    if kind == Qgis.GeometryType.Line:
        return QgsLineSymbol.createSimple({"line_color": colour, "line_width": "1.2", "capstyle": "round"})
    return QgsFillSymbol.createSimple({"color": colour, "outline_color": "#666666", "outline_width": "0.2"})


def style_monitor_status(layer: QgsVectorLayer, field: str = "status") -> None:
    """Monitored units (points, lines or polygons) coloured green / amber / red by their worst status."""
    labels = {"green": translate("styling", "green"), "amber": translate("styling", "amber"), "red": translate("styling", "red")}
    cats = [QgsRendererCategory(s, _status_symbol(layer, STATUS_COLOURS[s]), labels[s]) for s in ("red", "amber", "green")]
    layer.setRenderer(QgsCategorizedSymbolRenderer(field, cats))
    layer.setCustomProperty(KIND_PROPERTY, "monitor_status")
    label_fields(layer, None, None)
    layer.triggerRepaint()


#: province response map: state -> colour (respond = at least one response rule holds)
RESPONSE_COLOURS = {"respond": "#b2182b", "watch": "#fdae61", "normal": "#a6d96a", "no_data": "#e0e0e0"}


def style_province_response(layer: QgsVectorLayer, field: str = "state") -> None:
    """Provinces: responding (a rule of the indicator file holds), watch (amber or red units, no rule holds),
    normal (all green), no data."""
    labels = {"respond": translate("styling", "provincial response"), "watch": translate("styling", "watch (amber units)"), "normal": translate("styling", "normal"),
              "no_data": translate("styling", "no data")}
    cats = [QgsRendererCategory(k, QgsFillSymbol.createSimple({"color": c, "outline_color": "#ffffff",
                                                               "outline_width": "0.3"}), labels[k])
            for k, c in RESPONSE_COLOURS.items()]
    layer.setRenderer(QgsCategorizedSymbolRenderer(field, cats))
    layer.setCustomProperty(KIND_PROPERTY, "province_response")
    label_fields(layer, None, "province_response")
    layer.triggerRepaint()


def style_gateway_points(layer: QgsVectorLayer, names: list[str], field: str = "gateway") -> None:
    """Gateways as squares in the colour of their hinterland (the raster's colours, by the gateway order)."""
    colours = gateway_colours(len(names))
    cats = [QgsRendererCategory(n, QgsMarkerSymbol.createSimple({"name": "square", "size": "3.2", "color": colours[i].name(),
                                                                 "outline_color": "#000000", "outline_width": "0.4"}), n)
            for i, n in enumerate(names)]
    layer.setRenderer(QgsCategorizedSymbolRenderer(field, cats))
    layer.setCustomProperty(KIND_PROPERTY, "gateways")
    label_fields(layer, None, "gateways")
    layer.triggerRepaint()
