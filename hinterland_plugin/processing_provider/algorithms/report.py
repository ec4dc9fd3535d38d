"""hinterland:report — coverage analysis rendered as a report-ready map (PDF, PNG) and an HTML report."""
from __future__ import annotations

from qgis.core import (
    QgsProcessingException,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFileDestination,
)

from .base import EngineAlgorithm


class ReportAlgorithm(EngineAlgorithm):
    ALG_ID = "report"
    DISPLAY_NAME = "Hinterland report"
    GROUP_ID = "reports"
    GROUP_NAME = "Reports"
    HELP = ("Runs the coverage analysis for the centres and renders an A4 landscape map — travel time, "
            "isochrones, corridors, centres, reserve sites and computing hubs, legend, scale bar, north arrow, "
            "South China Sea inset, coverage table, data sources — to PDF and 300 dpi PNG, plus an HTML report "
            "with the map, the tables and the method. LANGUAGE zh or en. The user's project is not touched: the "
            "report is built in a separate project. EARLY_WARNING adds the early-warning indicators (INDICATORS file or "
            "the default; for the baseline and the scenarios in DISRUPTED / SCENARIO_NAMES, as in "
            "hinterland:earlywarning) as a green/amber/red table on the map page and in the HTML.")

    LANGUAGE = "LANGUAGE"
    PAGE = "PAGE"
    OUTPUT_PDF = "OUTPUT_PDF"
    OUTPUT_PNG = "OUTPUT_PNG"
    OUTPUT_HTML = "OUTPUT_HTML"
    EARLY_WARNING = "EARLY_WARNING"
    INDICATORS = "INDICATORS"
    DISRUPTED = "DISRUPTED"
    SCENARIO_NAMES = "SCENARIO_NAMES"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_centres()
        self.add_profile_and_resolution()
        self.add_thresholds()
        self.addParameter(QgsProcessingParameterEnum(self.LANGUAGE, self.tr("Language"), options=["zh", "en"],
                                                     defaultValue="zh", usesStaticStrings=True))
        self.addParameter(QgsProcessingParameterEnum(self.PAGE, self.tr("Page"), options=["A4", "A3"],
                                                     defaultValue="A4", usesStaticStrings=True))
        from qgis.core import QgsProcessingParameterBoolean, QgsProcessingParameterFile, QgsProcessingParameterString

        self.addParameter(QgsProcessingParameterBoolean(self.EARLY_WARNING, self.tr("Early-warning indicators"),
                                                        defaultValue=False))
        self.addParameter(QgsProcessingParameterFile(self.INDICATORS, self.tr("Indicator file (JSON)"),
                                                     extension="json", optional=True))
        self.addParameter(QgsProcessingParameterString(self.DISRUPTED, self.tr("Disrupted segment ids"),
                                                       optional=True))
        self.addParameter(QgsProcessingParameterString(self.SCENARIO_NAMES, self.tr("Scenario names"),
                                                       optional=True))
        self.addParameter(QgsProcessingParameterFileDestination(self.OUTPUT_PDF, self.tr("Report (PDF)"),
                                                                "PDF (*.pdf)", optional=True))
        self.addParameter(QgsProcessingParameterFileDestination(self.OUTPUT_PNG, self.tr("Map (PNG, 300 dpi)"),
                                                                "PNG (*.png)", optional=True))
        self.addParameter(QgsProcessingParameterFileDestination(self.OUTPUT_HTML, self.tr("Report (HTML)"),
                                                                "HTML (*.html)", optional=True))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        import tempfile
        from pathlib import Path

        import processing
        from qgis.core import QgsProject

        from ...layers import HinterlandError, add_strategic_layers
        from ...report import export, fill_layout, new_layout, to_a3, write_html
        from ...results import show_results

        lang = self.parameterAsEnumString(parameters, self.LANGUAGE, context) or "zh"
        pdf = self.parameterAsFileOutput(parameters, self.OUTPUT_PDF, context)
        png = self.parameterAsFileOutput(parameters, self.OUTPUT_PNG, context)
        page = self.parameterAsFileOutput(parameters, self.OUTPUT_HTML, context)
        if not (pdf or png or page):
            raise QgsProcessingException(self.tr("Choose at least one output: PDF, PNG or HTML."))
        centres = self.read_centres(parameters, context)
        folder = tempfile.mkdtemp(prefix="hinterland_report_")
        cov = processing.run("hinterland:coverage", {
            "CENTRES": parameters["CENTRES"], "NAME_FIELD": parameters.get("NAME_FIELD"),
            "DELAY_FIELD": parameters.get("DELAY_FIELD"), "PROFILE": parameters.get(self.PROFILE, "multimodal"),
            "RESOLUTION": parameters.get(self.RESOLUTION, 5000), "THRESHOLDS": parameters.get(self.THRESHOLDS),
            "OUTPUT": "memory:", "OUTPUT_LAYERS": folder}, context=context, feedback=feedback, is_child_algorithm=True)
        from qgis.core import QgsProcessingUtils

        table = QgsProcessingUtils.mapLayerFromString(cov["OUTPUT"], context)
        rows = [dict(zip(table.fields().names(), f.attributes())) for f in table.getFeatures()]
        names = [c.name for c in centres if c.enabled]
        indicators = None
        if self.parameterAsBool(parameters, self.EARLY_WARNING, context):
            feedback.pushInfo(self.tr("Evaluating the early-warning indicators…"))
            ew = processing.run("hinterland:earlywarning", {
                "CENTRES": parameters["CENTRES"], "NAME_FIELD": parameters.get("NAME_FIELD"),
                "DELAY_FIELD": parameters.get("DELAY_FIELD"), "PROFILE": parameters.get(self.PROFILE, "multimodal"),
                "RESOLUTION": parameters.get(self.RESOLUTION, 5000), "INDICATORS": parameters.get(self.INDICATORS),
                "DISRUPTED": parameters.get(self.DISRUPTED), "SCENARIO_NAMES": parameters.get(self.SCENARIO_NAMES),
                "OUTPUT": "memory:"}, context=context, feedback=feedback, is_child_algorithm=True)
            ew_table = QgsProcessingUtils.mapLayerFromString(ew["OUTPUT"], context)
            indicators = [dict(zip(ew_table.fields().names(), f.attributes())) for f in ew_table.getFeatures()]
        project = QgsProject()  # a private project: the user's project stays as it is
        try:
            add_strategic_layers(project, lang=lang)
        except HinterlandError as exc:
            raise QgsProcessingException(str(exc)) from exc
        show_results(Path(folder), project, names, lang=lang)
        profile = self.parameterAsEnumString(parameters, self.PROFILE, context) or "multimodal"
        params = {"centres": ", ".join(names), "profile": profile,
                  "thresholds": ",".join(f"{r:g}" for r in sorted({r['threshold_min'] for r in rows})),
                  "res": self.parameterAsDouble(parameters, self.RESOLUTION, context)}
        layout = new_layout(project)
        if (self.parameterAsEnumString(parameters, self.PAGE, context) or "A4") == "A3":
            layout = to_a3(layout)
        layout = fill_layout(layout, project, lang, rows, params, indicators)
        feedback.setProgress(90)
        png_for_html = png or (str(Path(page).with_suffix(".png")) if page else None)
        export(layout, pdf or None, png_for_html)
        out = {}
        if pdf:
            out[self.OUTPUT_PDF] = pdf
        if png:
            out[self.OUTPUT_PNG] = png
        if page:
            write_html(Path(page), Path(png_for_html).name, rows, lang, params, indicators)
            out[self.OUTPUT_HTML] = page
        feedback.setProgress(100)
        return out
