"""Headless demo on the bundled data (``make demo``).

Loads the strategic layers with their styles into a new project, renders a map of China
to ``<out>/strategic_layers.png`` (English) and ``<out>/strategic_layers_zh.png`` (Chinese),
and saves the project as ``<out>/hinterland.qgz``.
"""
from __future__ import annotations

import argparse
import gc
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from qgis.core import (  # noqa: E402
    QgsApplication,
    QgsLayoutExporter,
    QgsLayoutItemLabel,
    QgsLayoutItemLegend,
    QgsLayoutItemMap,
    QgsLayoutItemScaleBar,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsLegendStyle,
    QgsPrintLayout,
    QgsProject,
    QgsRectangle,
    QgsTextFormat,
    QgsUnitTypes,
)
from qgis.PyQt.QtCore import QDate  # noqa: E402

from hinterland_plugin.core.catalog import THEMES  # noqa: E402
from hinterland_plugin.core.texts import texts  # noqa: E402
from hinterland_plugin.layers import THEME_PROPERTY, add_strategic_layers  # noqa: E402

FONT = "Noto Sans CJK SC"
MM = QgsUnitTypes.LayoutUnit.LayoutMillimeters


def text_format(size: float, bold: bool = False) -> QgsTextFormat:
    from hinterland_plugin.report import _fmt

    return _fmt(size, bold)


def mainland_extent(project: QgsProject, country) -> QgsRectangle:
    """The mainland, Hainan and Taiwan; the South China Sea islands are the report's inset."""
    from hinterland_plugin.report import _extent

    return _extent(project, country, south=False)


def make_layout(project: QgsProject, lang: str) -> QgsPrintLayout:
    t = texts("demo", lang)
    layout = QgsPrintLayout(project)
    layout.initializeDefaults()  # A4 landscape
    layout.setName(f"strategic_layers_{lang}")

    by_key = {lyr.customProperty(THEME_PROPERTY): lyr for lyr in project.mapLayers().values()}
    visible = [by_key[t_.key] for t_ in THEMES if t_.visible and t_.key in by_key]

    title = QgsLayoutItemLabel(layout)
    title.setText(t["title"])
    title.setTextFormat(text_format(15, bold=True))
    title.attemptMove(QgsLayoutPoint(8, 5, MM))
    title.attemptResize(QgsLayoutSize(281, 10, MM))
    layout.addLayoutItem(title)

    m = QgsLayoutItemMap(layout)
    m.attemptMove(QgsLayoutPoint(8, 16, MM))
    m.attemptResize(QgsLayoutSize(205, 180, MM))
    m.setCrs(project.crs())
    m.setLayers(visible)
    rect = mainland_extent(project, by_key["country"])
    m.setExtent(rect)
    m.setFrameEnabled(True)
    layout.addLayoutItem(m)
    m.zoomToExtent(rect)

    legend = QgsLayoutItemLegend(layout)
    legend.setTitle(t["legend"])
    legend.setLinkedMap(m)
    legend.setAutoUpdateModel(False)
    legend.setLegendFilterByMapEnabled(True)  # only the symbols that occur on the map
    root = legend.model().rootGroup()
    root.removeAllChildren()
    for lyr in visible:
        if lyr.customProperty(THEME_PROPERTY) in ("provinces", "country"):
            continue
        root.addLayer(lyr)
    for style in (QgsLegendStyle.Style.Title, QgsLegendStyle.Style.Subgroup, QgsLegendStyle.Style.SymbolLabel):
        size = {QgsLegendStyle.Style.Title: 10, QgsLegendStyle.Style.Subgroup: 7}.get(style, 6)
        legend.rstyle(style).setTextFormat(text_format(size, bold=style != QgsLegendStyle.Style.SymbolLabel))
    legend.setSymbolHeight(2.6)
    legend.setSymbolWidth(5.5)
    for style in (QgsLegendStyle.Style.Symbol, QgsLegendStyle.Style.SymbolLabel):
        legend.rstyle(style).setMargin(QgsLegendStyle.Side.Top, 1.0)
    legend.rstyle(QgsLegendStyle.Style.Subgroup).setMargin(QgsLegendStyle.Side.Top, 2.0)
    legend.attemptMove(QgsLayoutPoint(216, 16, MM))
    legend.setResizeToContents(True)
    layout.addLayoutItem(legend)

    bar = QgsLayoutItemScaleBar(layout)
    bar.setStyle("Single Box")
    bar.setLinkedMap(m)
    bar.setUnits(QgsUnitTypes.DistanceUnit.DistanceKilometers)
    bar.setUnitLabel("km")
    bar.setUnitsPerSegment(500)
    bar.setNumberOfSegments(2)
    bar.setNumberOfSegmentsLeft(0)
    bar.setTextFormat(text_format(7))
    bar.attemptMove(QgsLayoutPoint(12, 184, MM))
    layout.addLayoutItem(bar)

    credit = QgsLayoutItemLabel(layout)
    credit.setText(t["credit"] + "  " + QDate.currentDate().toString("yyyy-MM-dd"))
    credit.setTextFormat(text_format(6))
    credit.attemptMove(QgsLayoutPoint(8, 198, MM))
    credit.attemptResize(QgsLayoutSize(281, 8, MM))
    layout.addLayoutItem(credit)
    return layout


def render(project: QgsProject, lang: str, path: Path, dpi: int = 150) -> Path:
    layout = make_layout(project, lang)
    exporter = QgsLayoutExporter(layout)
    settings = QgsLayoutExporter.ImageExportSettings()
    settings.dpi = dpi
    settings.exportMetadata = False
    settings.generateWorldFile = False
    res = exporter.exportToImage(str(path), settings)
    if res != QgsLayoutExporter.ExportResult.Success:
        raise RuntimeError(f"export of {path} failed: {exporter.errorMessage()}")
    return path


#: default scenario: the regional emergency centres named in policy texts (Chengdu–Chongqing, Wuhan, Xi'an)
SCENARIO = (("成都 Chengdu", 104.07, 30.67), ("重庆 Chongqing", 106.55, 29.56), ("武汉 Wuhan", 114.30, 30.59),
            ("西安 Xi'an", 108.94, 34.34))


def _csv(path: Path, feats) -> Path:
    """Attribute table of features as UTF-8 CSV with BOM (opens in Excel)."""
    import csv

    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = None
        for f in feats:
            names = f.fields().names()
            if w is None:
                w = csv.writer(fh)
                w.writerow(names)
            w.writerow(["" if v is None else v for v in f.attributes()])
    return path


def _deinit_processing() -> None:
    if "processing.core.Processing" in sys.modules:
        sys.modules["processing.core.Processing"].Processing.deinitialize()


def report(out: Path) -> list[Path]:
    """Resilience tables (out/criticality.csv, disruption.csv, disruption_minutes_added.tif) and
    out/report.pdf, report.png (300 dpi), report.html with early-warning indicators (Chinese)."""
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsVectorLayer

    sys.path.append("/usr/share/qgis/python/plugins")
    from processing.core.Processing import Processing

    Processing.initialize()
    import processing

    import hinterland_plugin

    plugin = hinterland_plugin.classFactory(None)
    plugin.initProcessing()
    try:
        lyr = QgsVectorLayer("Point?crs=EPSG:4326&field=name:string", "centres", "memory")
        feats = []
        for name, lon, lat in SCENARIO:
            f = QgsFeature(lyr.fields())
            f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(lon, lat)))
            f.setAttributes([name])
            feats.append(f)
        lyr.dataProvider().addFeatures(feats)
        common = {"CENTRES": lyr, "NAME_FIELD": "name", "PROFILE": "multimodal", "RESOLUTION": 5000}
        # resilience: rank every segment (N-1), then cut the most critical one
        crit = processing.run("hinterland:criticality", dict(common, THRESHOLD=180, OUTPUT="memory:"))["OUTPUT"]
        ranked = sorted(crit.getFeatures(), key=lambda f: f["rank"])
        top = ranked[0]
        written = [_csv(out / "criticality.csv", ranked[:30])]
        print(f"most critical segment: {top['name_zh']} ({top['segment_id']}), "
              f"{top['pop_minutes']:,.0f} population-minutes")
        dis = processing.run("hinterland:corridordisruption", dict(
            common, THRESHOLDS="60,120,180,240", DISRUPTED=top["segment_id"], SCENARIO=f"{top['name_zh']}中断",
            OUTPUT_DELTA=str(out / "disruption_minutes_added.tif"), OUTPUT="memory:"))
        written += [_csv(out / "disruption.csv", list(dis["OUTPUT"].getFeatures())), Path(dis["OUTPUT_DELTA"])]
        res = processing.run("hinterland:report", dict(
            common, THRESHOLDS="60,120,180,240", LANGUAGE="zh", EARLY_WARNING=True, DISRUPTED=top["segment_id"],
            SCENARIO_NAMES=f"{top['name_zh']}中断", OUTPUT_PDF=str(out / "report.pdf"),
            OUTPUT_PNG=str(out / "report.png"), OUTPUT_HTML=str(out / "report.html"),
            # page 2: gateway hinterlands, monitoring of the SYNTHETIC sample feed, key-industry backup reach
            GATEWAYS=True, MONITOR=True, BACKUP_REACH=True, OUTPUT_PNG_PAGE2=str(out / "report_page2.png")))
        return written + [Path(res[k]) for k in ("OUTPUT_PDF", "OUTPUT_PNG", "OUTPUT_HTML", "OUTPUT_PNG_PAGE2")]
    finally:
        plugin.unload()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", type=Path, default=ROOT / "out")
    ap.add_argument("--dpi", type=int, default=150)
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)

    # a throw-away QGIS profile (nothing written into the user's home) and caches under the output folder
    profile = tempfile.mkdtemp(prefix="hinterland_demo_profile_")
    os.environ.setdefault("HINTERLAND_CACHE_DIR", str(args.out.resolve() / ".cache"))
    app = QgsApplication([], False, profile)
    app.initQgis()
    t0 = time.time()
    try:
        written = []
        for lang, name in (("en", "strategic_layers.png"), ("zh", "strategic_layers_zh.png")):
            project = QgsProject.instance()
            project.clear()
            result = add_strategic_layers(project, lang=lang)
            print(f"[{lang}] {len(result.added)} layers added; project CRS: {project.crs().description()}")
            written.append(render(project, lang, args.out / name, args.dpi))
            if lang == "en":
                qgz = args.out / "hinterland.qgz"
                if not project.write(str(qgz)):
                    raise RuntimeError(f"could not save {qgz}: {project.error()}")
                written.append(qgz)
        written += report(args.out)
        for p in written:
            print(f"wrote {p} ({p.stat().st_size // 1024} KiB)")
        print(f"demo finished in {time.time() - t0:.1f} s")
    except Exception as exc:  # noqa: BLE001 - report any failure of the demo clearly
        import traceback

        traceback.print_exc()
        print(f"demo failed: {exc}", file=sys.stderr)
        return 1
    finally:
        QgsProject.instance().clear()
        # tear down Processing and collect before QGIS shuts OGR/PROJ down: objects kept alive by reference
        # cycles (e.g. from numba's first compilation) must not be destroyed after exitQgis()
        _deinit_processing()
        gc.collect()
        app.exitQgis()
        shutil.rmtree(profile, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
