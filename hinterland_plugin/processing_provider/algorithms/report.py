"""hinterland:report — coverage analysis rendered as a report-ready map (PDF, PNG) and an HTML report."""
from __future__ import annotations

import base64
import tempfile
from pathlib import Path

import numpy as np
from osgeo import gdal
from qgis.core import (
    QgsApplication,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterString,
    QgsProcessingUtils,
    QgsProject,
    QgsRasterLayer,
)

from ...core.constants import KIND_PROPERTY, RESULT_PROPERTY
from ...core.engine.backup_reach import DEFAULT_MARKET_MIN
from ...core.engine.curves import coverage_curves, curve_minutes
from ...core.resources import resources_dir
from ...core.texts import text as bilingual
from ...i18n import QT_TRANSLATE_NOOP
from ...layers import LayerError, add_strategic_layers
from ...report import export, fill_layout, new_layout, to_a3, write_html
from ...report_page2 import Page2, add_page2_html, export_page2_png, fill_second_page
from ...result_layers import load_coverage_outputs
from ...styling import style_gateway_allocation, style_prefecture_times
from ..adapter import NO_GEOMETRY, check_output, engine_call
from ..inputs import pass_through
from .base import EngineAlgorithm

#: the bundled SYNTHETIC observations (the monitoring section's default, labelled as such on the page)
SAMPLE_FEED = resources_dir() / "data" / "sample_feed_synthetic.csv"


def _read_minutes(path: str) -> np.ndarray:
    ds = gdal.Open(str(path))
    band = ds.GetRasterBand(1)
    a = band.ReadAsArray().astype(np.float64)
    nodata = band.GetNoDataValue()
    if nodata is not None:
        a[a == nodata] = np.inf
    return a


def _rows(layer_id: str, context) -> list[dict]:
    table = QgsProcessingUtils.mapLayerFromString(layer_id, context)
    return [dict(zip(table.fields().names(), f.attributes())) for f in table.getFeatures()] if table else []


def _plain_rows(layer_id: str, context) -> list[dict]:
    """As ``_rows``, NULL attributes as None (the page-2 tables and charts take plain values)."""
    return [{k: (None if v is None or (hasattr(v, "isNull") and v.isNull()) else v) for k, v in r.items()}
            for r in _rows(layer_id, context)]


class ReportAlgorithm(EngineAlgorithm):
    ALG_ID = "report"
    DISPLAY_NAME = QT_TRANSLATE_NOOP("ReportAlgorithm", "Hinterland report")
    GROUP_ID = "reports"
    GROUP_NAME = QT_TRANSLATE_NOOP("ReportAlgorithm", "Reports")
    HELP = (QT_TRANSLATE_NOOP("ReportAlgorithm", "Runs the coverage analysis for the centres and renders an A4 landscape map — travel time, "
            "isochrones, corridors, centres, reserve sites and computing hubs, legend, scale bar, north arrow, "
            "South China Sea inset, coverage table, data sources — to PDF and 300 dpi PNG, plus an HTML report "
            "with the map, the tables and the method. LANGUAGE zh or en. The user's project is not touched: the "
            "report is built in a separate project. EARLY_WARNING adds the early-warning indicators (INDICATORS file or "
            "the default; for the baseline and the scenarios in DISRUPTED / SCENARIO_NAMES, as in "
            "hinterland:earlywarning) as a green/amber/red table on the map page and in the HTML. A second page "
            "(in the PDF; OUTPUT_PNG_PAGE2 as a picture) when asked for: GATEWAYS the gateway hinterlands (map of the "
            "fastest gateway under the freight profile, gateways by residents served), MONITOR the monitoring of "
            "observed values (MONITOR_FEED, default the SYNTHETIC sample: alerts by severity, provinces that trigger "
            "a response, a trend chart per indicator), BACKUP_REACH the key-industry backup reach (pairs by what "
            "losing the most critical segment between primary and backup adds)."))

    LANGUAGE = "LANGUAGE"
    PAGE = "PAGE"
    OUTPUT_PDF = "OUTPUT_PDF"
    OUTPUT_PNG = "OUTPUT_PNG"
    OUTPUT_HTML = "OUTPUT_HTML"
    EARLY_WARNING = "EARLY_WARNING"
    INDICATORS = "INDICATORS"
    DISRUPTED = "DISRUPTED"
    SCENARIO_NAMES = "SCENARIO_NAMES"
    PREFECTURE_MAP = "PREFECTURE_MAP"
    GATEWAYS = "GATEWAYS"
    MONITOR = "MONITOR"
    MONITOR_FEED = "MONITOR_FEED"
    BACKUP_REACH = "BACKUP_REACH"
    OUTPUT_PNG_PAGE2 = "OUTPUT_PNG_PAGE2"

    def flags(self):
        # the print layout is not thread-safe (QGIS' own layout export algorithms say so too): main thread
        return super().flags() | QgsProcessingAlgorithm.Flag.FlagNoThreading

    def initAlgorithm(self, config=None):
        self.add_centres()
        self.add_profile_and_resolution()
        self.add_thresholds()
        self.addParameter(QgsProcessingParameterEnum(self.LANGUAGE, self.tr("Language"), options=["zh", "en"],
                                                     defaultValue="zh", usesStaticStrings=True))
        self.addParameter(QgsProcessingParameterEnum(self.PAGE, self.tr("Page"), options=["A4", "A3"],
                                                     defaultValue="A4", usesStaticStrings=True))
        self.addParameter(QgsProcessingParameterBoolean(self.EARLY_WARNING, self.tr("Early-warning indicators"),
                                                        defaultValue=False))
        self.addParameter(QgsProcessingParameterFile(self.INDICATORS, self.tr("Indicator file (JSON)"),
                                                     extension="json", optional=True))
        self.addParameter(QgsProcessingParameterString(self.DISRUPTED, self.tr("Disrupted segment ids"),
                                                       optional=True))
        self.addParameter(QgsProcessingParameterString(self.SCENARIO_NAMES, self.tr("Scenario names"),
                                                       optional=True))
        self.addParameter(QgsProcessingParameterBoolean(
            self.PREFECTURE_MAP, self.tr("Map the population-weighted time by prefecture instead of the raster"),
            defaultValue=False, optional=True))
        for key, label in ((self.GATEWAYS, self.tr("Page 2: gateway hinterlands (map and table)")),
                           (self.MONITOR, self.tr("Page 2: monitoring (alerts, provinces that respond, trends)")),
                           (self.BACKUP_REACH, self.tr("Page 2: key-industry backup reach"))):
            self.addParameter(QgsProcessingParameterBoolean(key, label, defaultValue=False, optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.MONITOR_FEED, self.tr("Observations for the monitoring section (empty: the SYNTHETIC sample)"),
            [NO_GEOMETRY], optional=True))
        self.addParameter(QgsProcessingParameterFileDestination(self.OUTPUT_PDF, self.tr("Report (PDF)"),
                                                                "PDF (*.pdf)", optional=True))
        self.addParameter(QgsProcessingParameterFileDestination(self.OUTPUT_PNG, self.tr("Map (PNG, 300 dpi)"),
                                                                "PNG (*.png)", optional=True))
        self.addParameter(QgsProcessingParameterFileDestination(self.OUTPUT_HTML, self.tr("Report (HTML)"),
                                                                "HTML (*.html)", optional=True))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT_PNG_PAGE2, self.tr("Page 2 (PNG, 300 dpi; gateways, monitoring, backup reach)"), "PNG (*.png)",
            optional=True, createByDefault=False))

    def _page2(self, parameters, context, feedback, lang: str) -> Page2:
        """The second page's sections that were asked for (hinterland:gatewayhinterland, :monitor, :backupreach);
        run before the layout exists (a failed step must not leave a layout behind)."""
        page2 = Page2(params={"res": max(10000.0, self.parameterAsDouble(parameters, self.RESOLUTION, context)),
                              "market": DEFAULT_MARKET_MIN})
        res = page2.params["res"]
        if self.parameterAsBool(parameters, self.GATEWAYS, context):
            feedback.setProgressText(self.tr("Gateway hinterlands for page 2…"))
            alloc = QgsProcessingUtils.generateTempFilename("report_gateways.tif", context)
            gw = self._child("hinterland:gatewayhinterland", {"RESOLUTION": res, "OUTPUT_ALLOCATION": alloc,
                                                             "OUTPUT": "memory:"}, context, feedback)
            names = {str(a.get("hub_id")): a for a, _g in engine_call(self.engine().read, "hubs")}
            page2.gateway_rows = _plain_rows(gw["OUTPUT"], context)
            for r in page2.gateway_rows:  # names in the report's language, not the interface's
                r["gateway"] = str(names.get(str(r.get("hub_id")), {}).get(f"name_{lang}") or r["gateway"])
            page2.gateway_layer = alloc  # a path until the report's project exists
        if self.parameterAsBool(parameters, self.MONITOR, context):
            feedback.setProgressText(self.tr("Monitoring for page 2…"))
            feed = parameters.get(self.MONITOR_FEED)
            mon = self._child("hinterland:monitor", {"FEED": feed or str(SAMPLE_FEED), "OUTPUT": "memory:", "OUTPUT_ALERTS": "memory:",
                                                     "OUTPUT_PROVINCES": "memory:", "OUTPUT_SERIES": "memory:"},
                              context, feedback)
            page2.alerts = _plain_rows(mon["OUTPUT_ALERTS"], context)
            page2.provinces = _plain_rows(mon["OUTPUT_PROVINCES"], context)
            page2.series, page2.status = _plain_rows(mon["OUTPUT_SERIES"], context), _plain_rows(mon["OUTPUT"], context)
            if feed:
                source = self.parameterAsSource(parameters, self.MONITOR_FEED, context)
                name = source.sourceName() if source is not None else str(feed)
                page2.params["feed"] = bilingual("report.page2.feed_user", lang).format(name=name)
        if self.parameterAsBool(parameters, self.BACKUP_REACH, context):
            feedback.setProgressText(self.tr("Key-industry backup reach for page 2…"))
            br = self._child("hinterland:backupreach", {"RESOLUTION": res, "OUTPUT": "memory:"}, context, feedback)
            pairs = {str(a.get("pair_id")): a for a, _g in engine_call(self.engine().read, "key_industries")}
            page2.backup_rows = _plain_rows(br["OUTPUT"], context)
            for r in page2.backup_rows:
                a = pairs.get(str(r.get("pair_id")), {})
                r["primary"] = a.get(f"primary_name_{lang}") or r["primary"]
                r["backup"] = a.get(f"backup_name_{lang}") or r["backup"]
        return page2

    def _child(self, alg_id: str, params: dict, context, feedback) -> dict:
        alg = QgsApplication.processingRegistry().createAlgorithmById(alg_id)
        if alg is None:
            raise QgsProcessingException(self.tr("The Hinterland Processing provider is not loaded."))
        results, ok = alg.run(params, context, feedback)
        if not ok:
            raise QgsProcessingException(self.tr("The step {0} of the report failed.").format(alg_id))
        return results

    def _curves(self, parameters, context, feedback, cov: dict, names: list[str], rows: list[dict]) -> dict | None:
        """People reached against minutes, per centre and all centres, from the per-centre time rasters on the
        census cells of the same (cached) grid; None when the rasters are missing."""
        paths = cov.get("OUTPUT_CENTRE_TIMES") or []
        if len(paths) != len(names):
            return None
        engine, prepared = self.prepare(parameters, context, feedback)
        people = engine_call(engine.people, prepared)
        minutes = curve_minutes(sorted({float(r["threshold_min"]) for r in rows}))
        return coverage_curves([_read_minutes(p) for p in paths], names, people, minutes)

    @staticmethod
    def _prefecture_map(cov: dict, project, lang: str, context) -> None:
        """The prefecture choropleth takes the travel-time raster's place on the map and in the legend."""
        found = QgsProcessingUtils.mapLayerFromString(str(cov["OUTPUT_PREFECTURES"]), context)
        if found is None or not found.isValid():
            return
        layer = found.clone()  # the child run's layer belongs to its context: the report's project gets a copy
        layer.setName(bilingual("report.prefecture_map", lang))  # in the report's language
        for lyr in project.mapLayers().values():
            if lyr.customProperty(KIND_PROPERTY) == "time":
                lyr.setCustomProperty(KIND_PROPERTY, "time_raster")
        style_prefecture_times(layer, lang=lang)
        layer.setCustomProperty(RESULT_PROPERTY, True)
        layer.setCustomProperty(KIND_PROPERTY, "time")
        project.addMapLayer(layer)

    @staticmethod
    def _attach(page2: Page2, project, lang: str) -> Page2:
        """The gateway raster (a path until now) styled in the report's private project."""
        if page2.gateway_layer is not None:
            layer = QgsRasterLayer(str(page2.gateway_layer), bilingual("report.page2.gateway_map", lang))
            style_gateway_allocation(layer, [str(r.get("gateway")) for r in page2.gateway_rows or []])
            project.addMapLayer(layer)
            page2.gateway_layer = layer
        return page2

    def processAlgorithm(self, parameters, context, feedback):
        lang = self.parameterAsEnumString(parameters, self.LANGUAGE, context) or "zh"
        pdf = self.parameterAsFileOutput(parameters, self.OUTPUT_PDF, context)
        png = self.parameterAsFileOutput(parameters, self.OUTPUT_PNG, context)
        page = self.parameterAsFileOutput(parameters, self.OUTPUT_HTML, context)
        if not (pdf or png or page):
            raise QgsProcessingException(self.tr("Choose at least one output: PDF, PNG or HTML."))
        for path in (pdf, png, page):
            check_output(path, parameters, context)
        centres = self.read_centres(parameters, context)
        common = {"CENTRES": parameters["CENTRES"], "NAME_FIELD": parameters.get("NAME_FIELD"),
                  "DELAY_FIELD": parameters.get("DELAY_FIELD"), "PROFILE": parameters.get(self.PROFILE, "multimodal"),
                  "RESOLUTION": parameters.get(self.RESOLUTION, 5000), **pass_through(parameters)}
        feedback.setProgressText(self.tr("Running the coverage analysis…"))
        cov = self._child("hinterland:coverage", {
            **common, "THRESHOLDS": parameters.get(self.THRESHOLDS), "OUTPUT": "memory:",
            "OUTPUT_TIME": "TEMPORARY_OUTPUT", "OUTPUT_ADMIN": "memory:",
            # a file, not a memory layer of the context: the private project loads it by path
            "OUTPUT_ISOCHRONES": QgsProcessingUtils.generateTempFilename("report_isochrones.gpkg", context),
            "OUTPUT_PREFECTURES": "TEMPORARY_OUTPUT", "PER_CENTRE": True}, context, feedback)
        rows = _rows(cov["OUTPUT"], context)
        admin = _rows(cov["OUTPUT_ADMIN"], context)
        names = [c.name for c in centres if c.enabled]
        curves = self._curves(parameters, context, feedback, cov, names, rows)
        indicators = None
        if self.parameterAsBool(parameters, self.EARLY_WARNING, context):
            feedback.setProgressText(self.tr("Evaluating the early-warning indicators…"))
            ew = self._child("hinterland:earlywarning", {
                **common, "INDICATORS": parameters.get(self.INDICATORS), "DISRUPTED": parameters.get(self.DISRUPTED),
                "SCENARIO_NAMES": parameters.get(self.SCENARIO_NAMES), "OUTPUT": "memory:"}, context, feedback)
            indicators = _rows(ew["OUTPUT"], context)
        page2 = self._page2(parameters, context, feedback, lang)
        feedback.setProgressText(self.tr("Drawing the report…"))
        project = QgsProject()  # a private project: the user's project stays as it is
        try:
            add_strategic_layers(project, lang=lang)
        except LayerError as exc:
            raise QgsProcessingException(str(exc)) from exc
        load_coverage_outputs(cov, project, names, lang=lang)
        if self.parameterAsBool(parameters, self.PREFECTURE_MAP, context):
            self._prefecture_map(cov, project, lang, context)
        profile = self.parameterAsEnumString(parameters, self.PROFILE, context) or "multimodal"
        params = {"centres": ", ".join(names), "centre_names": names, "profile": profile,
                  "thresholds": ",".join(f"{r:g}" for r in sorted({r['threshold_min'] for r in rows})),
                  "res": self.parameterAsDouble(parameters, self.RESOLUTION, context)}
        layout = new_layout(project)
        if (self.parameterAsEnumString(parameters, self.PAGE, context) or "A4") == "A3":
            layout = to_a3(layout)
        layout = fill_layout(layout, project, lang, rows, params, indicators, curves)
        fill_second_page(layout, project, lang, self._attach(page2, project, lang))
        png2 = self.parameterAsFileOutput(parameters, self.OUTPUT_PNG_PAGE2, context) if page2.wanted else ""
        check_output(png2, parameters, context)
        feedback.setProgress(90)
        out, error = {}, None
        with tempfile.TemporaryDirectory(prefix="hinterland_report_") as tmp:
            png_for_html = png or (str(Path(tmp) / "map.png") if page else None)
            try:
                export(layout, pdf or None, png_for_html)
                if png2:
                    export_page2_png(layout, png2)
                if page:  # the map is embedded when no PNG was asked for: no file is written that was not asked for
                    src = Path(png_for_html).name if png and Path(png).parent == Path(page).parent else (
                        "data:image/png;base64," + base64.b64encode(Path(png_for_html).read_bytes()).decode("ascii"))
                    write_html(Path(page), src, rows, lang, params, indicators, admin, curves)
                    add_page2_html(Path(page), page2, lang)
            except OSError as exc:
                error = str(exc) or type(exc).__name__  # no exception chain: its frames would keep the layout alive
        if error is not None:
            layout, project = None, None  # the private project and its layers go now, not after QGIS has exited
            raise QgsProcessingException(self.tr("The report could not be written: {0}").format(error))
        for key, path in ((self.OUTPUT_PDF, pdf), (self.OUTPUT_PNG, png), (self.OUTPUT_HTML, page),
                          (self.OUTPUT_PNG_PAGE2, png2)):
            if path:
                out[key] = path
        feedback.setProgress(100)
        return out
