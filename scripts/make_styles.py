"""Generate the QML styles in resources/styles/ from one readable description (``make styles``).

The QML files are committed; the plugin only loads them. Legend labels and the label
field (name_zh / name_en) are localised by the plugin at load time.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from qgis.core import (  # noqa: E402
    Qgis,
    QgsApplication,
    QgsCategorizedSymbolRenderer,
    QgsFillSymbol,
    QgsLineSymbol,
    QgsMarkerSymbol,
    QgsPalLayerSettings,
    QgsRendererCategory,
    QgsSingleSymbolRenderer,
    QgsTextBufferSettings,
    QgsTextFormat,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
)
from qgis.PyQt.QtGui import QColor, QFont  # noqa: E402

from hinterland_plugin.core.catalog import THEMES, category_label  # noqa: E402
from hinterland_plugin.core.resources import data_path  # noqa: E402

CJK_FONT = "Noto Sans CJK SC"
OUT = ROOT / "resources" / "styles"


def marker(shape: str, color: str, size: float, outline: str = "#ffffff", width: float = 0.3) -> QgsMarkerSymbol:
    return QgsMarkerSymbol.createSimple({
        "name": shape, "color": color, "size": str(size), "outline_color": outline,
        "outline_width": str(width), "size_unit": "MM", "outline_width_unit": "MM"})


def line(color: str, width: float, style: str = "solid", cap: str = "round") -> QgsLineSymbol:
    return QgsLineSymbol.createSimple({
        "line_color": color, "line_width": str(width), "line_style": style, "capstyle": cap,
        "joinstyle": "round", "line_width_unit": "MM"})


def casing_line(color: str, width: float, casing: str = "#ffffff", style: str = "solid") -> QgsLineSymbol:
    sym = line(casing, width + 0.5)
    top = line(color, width, style)  # keep the owner alive while its layer is cloned
    sym.appendSymbolLayer(top.symbolLayer(0).clone())
    return sym


def fill(color: str, outline: str, width: float, alpha: int = 255, style: str = "solid",
         outline_style: str = "solid") -> QgsFillSymbol:
    c = QColor(color)
    c.setAlpha(alpha)
    return QgsFillSymbol.createSimple({
        "color": c.name(QColor.NameFormat.HexArgb) if hasattr(QColor, "NameFormat") else c.name(),
        "outline_color": outline, "outline_width": str(width), "style": style,
        "outline_style": outline_style, "outline_width_unit": "MM"})


def categorized(field_or_expr: str, cats: dict[str, object]) -> QgsCategorizedSymbolRenderer:
    return QgsCategorizedSymbolRenderer(field_or_expr, [
        QgsRendererCategory(value, sym, category_label(value, "en")) for value, sym in cats.items()])


def labels(size: float = 8.0, color: str = "#222222", buffer: float = 0.8, bold: bool = False,
           placement=None, priority: int = 5, scale_max: float | None = None,
           field: str = "name_en", obstacle: bool = True) -> QgsVectorLayerSimpleLabeling:
    fmt = QgsTextFormat()
    font = QFont(CJK_FONT)
    font.setBold(bold)
    fmt.setFont(font)
    fmt.setSize(size)
    fmt.setSizeUnit(Qgis.RenderUnit.Points)
    fmt.setColor(QColor(color))
    buf = QgsTextBufferSettings()
    buf.setEnabled(True)
    buf.setSize(buffer)
    buf.setSizeUnit(Qgis.RenderUnit.Millimeters)
    buf.setColor(QColor("#ffffff"))
    buf.setOpacity(0.85)
    fmt.setBuffer(buf)
    s = QgsPalLayerSettings()
    s.fieldName = field
    s.setFormat(fmt)
    s.priority = priority
    if placement is not None:
        s.placement = placement
    s.obstacleSettings().setIsObstacle(obstacle)
    if scale_max is not None:
        s.scaleVisibility = True
        s.maximumScale = 0
        s.minimumScale = scale_max
    s.enabled = True
    return QgsVectorLayerSimpleLabeling(s)


def styles() -> dict[str, tuple[object, object | None]]:
    placement = Qgis.LabelPlacement
    corridor_cats = {
        "hsr": casing_line("#c0392b", 0.7),
        "hsr_planned": line("#c0392b", 0.5, "dash"),
        "rail": casing_line("#1f3b73", 0.9),
        "rail_planned": line("#1f3b73", 0.6, "dash"),
        "water": line("#1f78b4", 1.4),
        "water_planned": line("#1f78b4", 1.0, "dash"),
        "road": line("#8c510a", 0.6),
        "road_planned": line("#8c510a", 0.5, "dash"),
        "pipeline": line("#6a3d9a", 0.55, "dot"),
        "pipeline_planned": line("#6a3d9a", 0.45, "dot"),
        "power": line("#e08214", 0.55, "dashdot"),
        "power_planned": line("#e08214", 0.45, "dashdot"),
    }
    corridors = categorized(
        "\"mode\" || CASE WHEN \"status\" = 'operating' THEN '' ELSE '_planned' END", corridor_cats)
    # national road network: expressways green with a white casing (as on Chinese road maps), trunk
    # highways thinner orange, sea crossings purple, ferries dashed blue; building / planned dashed
    roads = categorized("\"category\" || CASE WHEN \"status\" = 'operating' THEN '' ELSE '_planned' END", {
        "expressway": casing_line("#238b45", 0.55, casing="#ffffff"),
        "expressway_planned": line("#238b45", 0.4, "dash"),
        "trunk_highway": line("#d95f0e", 0.4),
        "trunk_highway_planned": line("#d95f0e", 0.3, "dash"),
        "sea_crossing": casing_line("#6a51a3", 0.8),
        "sea_crossing_planned": line("#6a51a3", 0.5, "dash"),
        "ferry": line("#2171b5", 0.6, "dash"),
        "ferry_planned": line("#2171b5", 0.4, "dot"),
    })
    return {
        "candidate_centres": (categorized("category", {
            "national_central_city": marker("star", "#b2182b", 5.2, width=0.4),
            "provincial_capital": marker("circle", "#d6604d", 3.4, width=0.5),
            "national_new_area": marker("diamond", "#f4a582", 3.4, outline="#67001f", width=0.3),
            "free_trade_zone": marker("square", "#8073ac", 2.8),
            "agglomeration_core": marker("circle", "#fddbc7", 2.8, outline="#b2182b", width=0.4),
        }), labels(9.0, "#67001f", bold=True, priority=9)),
        "computing_hubs": (categorized("category", {
            "node": marker("hexagon", "#01665e", 4.6, width=0.4),
            "cluster": marker("square", "#35978f", 2.6, width=0.3),
        }), labels(7.5, "#01665e", priority=6)),
        "arsenal_sites": (categorized("category", {
            "third_front_base": marker("triangle", "#8c510a", 3.2),
            "petroleum_reserve": marker("circle", "#252525", 3.0),
            "strategic_mineral": marker("diamond", "#737373", 3.2),
            "grain_base": marker("circle", "#dfc27d", 3.0, outline="#8c510a"),
            "emergency_reserve": marker("cross_fill", "#e31a1c", 3.4, outline="#ffffff"),
            "industrial_backup": marker("square", "#2166ac", 2.8),
        }), None),
        "hubs": (categorized("category", {
            "seaport": marker("circle", "#08306b", 2.6),
            "river_port": marker("circle", "#4292c6", 2.4),
            "border_crossing": marker("triangle", "#238b45", 3.0),
            "hub_city": marker("circle", "#ffffff", 3.6, outline="#252525", width=0.6),
            "dry_port": marker("square", "#fd8d3c", 2.4),
        }), None),
        "policy_zones": (categorized("category", {  # issue 19
            "free_trade_zone": marker("square", "#8073ac", 2.6),
            "national_new_area": marker("diamond", "#f4a582", 3.0, outline="#67001f"),
            "innovation_zone": marker("triangle", "#1b7837", 2.8),
            "yangtze_hub": marker("circle", "#ffffff", 3.2, outline="#2166ac", width=0.6),
            "wind_solar_base": marker("star", "#fee08b", 3.6, outline="#b35806", width=0.3),
        }), None),
        "cities": (QgsSingleSymbolRenderer(marker("circle", "#969696", 1.0, width=0.0)), None),
        "corridors": (corridors, None),
        "roads": (roads, None),
        "key_industries": (categorized("category", {
            "semiconductors": line("#762a83", 0.5, "dash"), "nev": line("#1a9850", 0.5, "dash"),
            "electronics": line("#2166ac", 0.5, "dash"), "equipment": line("#8c510a", 0.5, "dash"),
            "new_materials": line("#c51b7d", 0.5, "dash"), "energy_chemicals": line("#252525", 0.5, "dash"),
            "food": line("#e08214", 0.5, "dash"), "textiles": line("#35978f", 0.5, "dash"),
        }), None),
        "policy_lines": (categorized("category", {
            "bri_corridor": line("#b2182b", 0.9, "dash"),
            "west_east_power": line("#e08214", 0.7, "dashdot"),
        }), labels(7.5, "#67001f", placement=placement.Line, priority=2, field="name_en")),
        "corridor_segments": (QgsSingleSymbolRenderer(line("#525252", 0.4)), None),
        "reference_lines": (QgsSingleSymbolRenderer(line("#7f0000", 0.7, "dash")),
                            labels(9.0, "#7f0000", placement=placement.Line, priority=3)),
        "agglomerations": (QgsSingleSymbolRenderer(fill("#fdae61", "#d73027", 0.4, alpha=45)),
                           labels(8.0, "#a50026", priority=4, obstacle=False)),
        "third_front": (QgsSingleSymbolRenderer(fill("#bf812d", "#8c510a", 0.5, alpha=40,
                                                     outline_style="dash")), None),
        "maritime_boundary": (QgsSingleSymbolRenderer(line("#636363", 0.6, "dash")), None),
        "provinces": (QgsSingleSymbolRenderer(fill("#ffffff", "#9e9e9e", 0.2, alpha=0)),
                      labels(7.0, "#7a7a7a", buffer=0.6, priority=1, obstacle=False)),
        "country": (QgsSingleSymbolRenderer(fill("#f7f4ea", "#4d4d4d", 0.5)), None),
    }


def write_all() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    gpkg = data_path()
    all_styles = styles()
    for theme in THEMES:
        renderer, labeling = all_styles[theme.key]
        layer = QgsVectorLayer(f"{gpkg}|layername={theme.key}", theme.key, "ogr")
        if not layer.isValid():
            print(f"cannot open {theme.key} in {gpkg}: run 'make data' first", file=sys.stderr)
            return 1
        layer.setRenderer(renderer)
        if labeling is not None:
            layer.setLabeling(labeling)
            layer.setLabelsEnabled(True)
        else:
            layer.setLabelsEnabled(False)
        path = OUT / f"{theme.key}.qml"
        msg, ok = layer.saveNamedStyle(str(path))
        if not ok:
            print(f"failed to write {path}: {msg}", file=sys.stderr)
            return 1
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


def main() -> int:
    app = QgsApplication([], False)
    app.initQgis()
    rc = write_all()  # every QGIS object is gone when this returns
    app.exitQgis()
    return rc


if __name__ == "__main__":
    raise SystemExit(main())
