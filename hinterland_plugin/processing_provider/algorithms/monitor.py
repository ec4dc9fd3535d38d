"""hinterland:monitor — status, trend, alerts and provincial response from observed values."""
from __future__ import annotations

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsProcessingException,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QDate, QDateTime

from ...core.constants import WGS84
from ...core.engine.monitor import (
    DEFAULT_TREND_N,
    MONITOR_FILE,
    MonitorError,
    check_date,
    evaluate_feed,
    load_observed,
    parse_feed,
    unit_catalogue,
)
from ...i18n import QT_TRANSLATE_NOOP
from ...messages import user_message
from ...styling import style_monitor_status, style_province_response
from ..adapter import (
    NO_GEOMETRY,
    VECTOR_LINE,
    VECTOR_POINT,
    VECTOR_POLYGON,
    add_features,
    engine_call,
    qgs_geometry,
    style_on_load,
    table_features,
    table_fields,
)
from .base import EngineAlgorithm

STATUS_COLUMNS = [
    ("unit_id", "string"), ("kind", "string"), ("name_zh", "string"), ("name_en", "string"),
    ("province_adcode", "string"), ("indicator", "string"), ("indicator_zh", "string"), ("indicator_en", "string"),
    ("date", "string"), ("age_days", "int"), ("value", "double"), ("status", "string"), ("amber", "double"),
    ("red", "double"), ("direction", "string"), ("n_obs", "int"), ("trend_n", "int"), ("trend", "string"),
    ("slope_per_30d", "double"), ("days_to_red", "int"), ("exceedance", "double")]
ALERT_COLUMNS = [("rank", "int")] + STATUS_COLUMNS
UNIT_COLUMNS = [("unit_id", "string"), ("kind", "string"), ("name_zh", "string"), ("name_en", "string"),
                ("province_adcode", "string"), ("status", "string"), ("date", "string"), ("worsening_n", "int"),
                ("indicators", "string"), ("indicators_zh", "string")]
PROVINCE_COLUMNS = [
    ("adcode", "string"), ("name_zh", "string"), ("name_en", "string"), ("state", "string"), ("response", "int"),
    ("rules", "string"), ("rules_zh", "string"), ("rules_en", "string"), ("units_n", "int"), ("red_n", "int"),
    ("amber_n", "int"), ("green_n", "int"), ("worst", "string"), ("red_units", "string"),
    ("red_units_zh", "string"), ("amber_units", "string")]
SERIES_COLUMNS = [("unit_id", "string"), ("indicator", "string"), ("date", "string"), ("value", "double"),
                  ("status", "string")]
FIELD_DEFAULTS = (("UNIT_FIELD", "unit_id"), ("INDICATOR_FIELD", "indicator"), ("DATE_FIELD", "date"),
                  ("VALUE_FIELD", "value"))
#: which output holds which unit kinds (one geometry type per layer)
MAP_OUTPUTS = (("OUTPUT_AREAS", ("province", "prefecture"), QgsWkbTypes.Type.MultiPolygon),
               ("OUTPUT_POINTS", ("site", "hub"), QgsWkbTypes.Type.Point),
               ("OUTPUT_LINES", ("segment",), QgsWkbTypes.Type.MultiLineString))
_MAX_LISTED = 20


def _plain(value):
    """A feature attribute as a plain Python value (QDate -> date, NULL -> None)."""
    if isinstance(value, QDateTime):
        return value.toPyDateTime() if value.isValid() else None
    if isinstance(value, QDate):
        return value.toPyDate() if value.isValid() else None
    if value is None or (hasattr(value, "isNull") and value.isNull()):
        return None
    return value


class MonitorAlgorithm(EngineAlgorithm):
    ALG_ID = "monitor"
    DISPLAY_NAME = QT_TRANSLATE_NOOP("MonitorAlgorithm", "Monitoring and early warning from observed data")
    GROUP_ID = "gateways"
    GROUP_NAME = QT_TRANSLATE_NOOP("MonitorAlgorithm", "Gateways and monitoring")
    HELP = (QT_TRANSLATE_NOOP("MonitorAlgorithm", "Reads observations (FEED: a CSV or any table QGIS can read, with unit_id, indicator, date, value) of "
            "provinces and prefectures (adcode), reserve sites (site_id), hubs (hub_id) and corridor segments "
            "(segment_id), ids as in the bundled layers, and classifies the latest value of each unit and indicator "
            "on or before DATE (default: the latest date of the table) green, amber or red with the thresholds of "
            "the indicator file (INDICATORS: entries with metric 'observed'; default: the bundled SYNTHETIC sample "
            "thresholds). Trend: slope of the last TREND_N observations per 30 days, worsening / improving / stable, "
            "and the days until red at that pace. A province responds when a rule of the file holds (default: any "
            "red unit; e.g. two amber units). Outputs: status table, alerts sorted by severity, the units on the map "
            "by status (areas, points, lines), the province response map and the observations used."))

    FEED = "FEED"
    INDICATORS = "INDICATORS"
    DATE = "DATE"
    TREND_N = "TREND_N"
    OUTPUT = "OUTPUT"
    OUTPUT_ALERTS = "OUTPUT_ALERTS"
    OUTPUT_PROVINCES = "OUTPUT_PROVINCES"
    OUTPUT_SERIES = "OUTPUT_SERIES"

    def initAlgorithm(self, config=None):
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.FEED, self.tr("Observations (table: unit_id, indicator, date, value)"), [NO_GEOMETRY]))
        labels = {"UNIT_FIELD": self.tr("Unit id field"), "INDICATOR_FIELD": self.tr("Indicator field"),
                  "DATE_FIELD": self.tr("Date field"), "VALUE_FIELD": self.tr("Value field")}
        for key, default in FIELD_DEFAULTS:
            self.addParameter(QgsProcessingParameterField(key, labels[key], defaultValue=default,
                                                          parentLayerParameterName=self.FEED, optional=True))
        self.addParameter(QgsProcessingParameterFile(self.INDICATORS, self.tr("Indicator file (JSON)"),
                                                     extension="json", optional=True))
        self.addParameter(QgsProcessingParameterString(self.DATE, self.tr("Date (YYYY-MM-DD; empty: the latest)"),
                                                       optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.TREND_N, self.tr("Observations in the trend"), QgsProcessingParameterNumber.Type.Integer,
            defaultValue=DEFAULT_TREND_N, minValue=2, maxValue=120))
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Status of every unit"), NO_GEOMETRY))
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT_ALERTS, self.tr("Alerts by severity"),
                                                            NO_GEOMETRY, optional=True))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT_PROVINCES, self.tr("Provincial response"), VECTOR_POLYGON, optional=True))
        for key, label, kind in (("OUTPUT_AREAS", self.tr("Monitored provinces and prefectures"), VECTOR_POLYGON),
                                 ("OUTPUT_POINTS", self.tr("Monitored reserve sites and hubs"), VECTOR_POINT),
                                 ("OUTPUT_LINES", self.tr("Monitored corridor segments"), VECTOR_LINE)):
            self.addParameter(QgsProcessingParameterFeatureSink(key, label, kind, optional=True))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT_SERIES, self.tr("Observations used (for trend charts)"), NO_GEOMETRY, optional=True,
            createByDefault=False))

    def _records(self, parameters, context) -> list[dict]:
        source = self.parameterAsSource(parameters, self.FEED, context)
        if source is None:
            raise QgsProcessingException(self.tr("The observation table could not be read."))
        fields = source.fields()
        idx = {}
        for (key, default), name in zip(FIELD_DEFAULTS, ("unit_id", "indicator", "date", "value")):
            wanted = self.parameterAsString(parameters, key, context) or default
            idx[name] = fields.lookupField(wanted)
            if idx[name] < 0:
                raise QgsProcessingException(user_message(MonitorError(
                    "feed_field", field=wanted, fields=", ".join(fields.names()) or "-")))
        return [{k: _plain(f[i]) for k, i in idx.items()} for f in source.getFeatures()]

    def _units(self, engine):
        cache = engine.__dict__.setdefault("_monitor_units", {})
        key = (str(engine.gpkg), engine.gpkg.stat().st_mtime_ns)  # a rebuilt data file is read again
        if key not in cache:
            cache[key] = engine_call(unit_catalogue, engine.read)
        return cache[key]

    def processAlgorithm(self, parameters, context, feedback):
        path = self.parameterAsFile(parameters, self.INDICATORS, context)
        indicators, rules = engine_call(load_observed, path or None)
        if not path:
            feedback.pushInfo(self.tr("Thresholds: the bundled SYNTHETIC sample file {0} (not official thresholds; "
                                      "give INDICATORS for a real feed).").format(MONITOR_FILE.name))
        as_of = engine_call(check_date, self.parameterAsString(parameters, self.DATE, context))
        trend_n = self.parameterAsInt(parameters, self.TREND_N, context)
        records = self._records(parameters, context)
        units = self._units(self.engine())
        feed = engine_call(parse_feed, records, units, indicators)
        self._warn(feed, feedback)
        ans = engine_call(evaluate_feed, feed, units, indicators, rules, as_of, trend_n)
        feedback.pushInfo(self.tr("Status on {0}: {1} units, {2} alerts.").format(
            ans.as_of.isoformat(), len(ans.unit_rows), len(ans.alert_rows)))
        responding = [f"{r['name_zh']} / {r['name_en']} ({r['rules']})" for r in ans.province_rows if r["response"]]
        if responding:
            feedback.pushWarning(self.tr("Provinces that trigger a response: {0}").format("; ".join(responding)))
        result = {self.OUTPUT: self._table(parameters, context, self.OUTPUT, STATUS_COLUMNS, ans.status_rows)}
        if parameters.get(self.OUTPUT_ALERTS):
            result[self.OUTPUT_ALERTS] = self._table(parameters, context, self.OUTPUT_ALERTS, ALERT_COLUMNS,
                                                     ans.alert_rows)
        if parameters.get(self.OUTPUT_SERIES):
            result[self.OUTPUT_SERIES] = self._table(parameters, context, self.OUTPUT_SERIES, SERIES_COLUMNS,
                                                     ans.series_rows)
        if parameters.get(self.OUTPUT_PROVINCES):
            result[self.OUTPUT_PROVINCES] = self._provinces(parameters, context, ans, units)
        for key, kinds, wkb in MAP_OUTPUTS:
            if parameters.get(key):
                result[key] = self._map(parameters, context, key, kinds, wkb, ans, units)
        return result

    def _warn(self, feed, feedback):
        def listed(items):
            more = self.tr(" … and {0} more").format(len(items) - _MAX_LISTED) if len(items) > _MAX_LISTED else ""
            return ", ".join(items[:_MAX_LISTED]) + more

        if feed.unknown_units:
            feedback.pushWarning(self.tr("Unknown unit ids (not in the bundled provinces, prefectures, reserve sites, "
                                         "hubs or corridor segments), their rows skipped: {0}").format(
                listed(feed.unknown_units)))
        if feed.unknown_indicators:
            feedback.pushWarning(self.tr("Indicators without thresholds in the indicator file, their rows skipped: "
                                         "{0}").format(listed(feed.unknown_indicators)))
        if feed.missing_values:
            feedback.pushWarning(self.tr("{0} rows without a value skipped.").format(feed.missing_values))

    def _table(self, parameters, context, key, columns, rows) -> str:
        fields = table_fields(columns)
        sink, dest = self.parameterAsSink(parameters, key, context, fields, QgsWkbTypes.Type.NoGeometry)
        add_features(sink, table_features(fields, rows), key)
        return dest

    def _provinces(self, parameters, context, ans, units) -> str:
        fields = table_fields(PROVINCE_COLUMNS)
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT_PROVINCES, context, fields,
                                          QgsWkbTypes.Type.MultiPolygon, QgsCoordinateReferenceSystem(WGS84))
        feats = []
        for row in ans.province_rows:
            state = ("respond" if row["response"] else "watch" if row["worst"] in ("amber", "red")
                     else "normal" if row["worst"] == "green" else "no_data")
            f = QgsFeature(fields)
            f.setGeometry(qgs_geometry(units[row["adcode"]].geometry))
            values = dict(row, state=state)
            f.setAttributes([values.get(n) for n in fields.names()])
            feats.append(f)
        add_features(sink, feats, self.OUTPUT_PROVINCES)
        style_on_load(context, dest, style_province_response)
        return dest

    def _map(self, parameters, context, key, kinds, wkb, ans, units) -> str:
        fields = table_fields(UNIT_COLUMNS)
        sink, dest = self.parameterAsSink(parameters, key, context, fields, wkb, QgsCoordinateReferenceSystem(WGS84))
        feats = []
        for row in ans.unit_rows:
            u = units[row["unit_id"]]
            if u.kind not in kinds:
                continue
            f = QgsFeature(fields)
            geom = qgs_geometry(u.geometry)
            if wkb == QgsWkbTypes.Type.MultiLineString:
                geom.convertToMultiType()
            f.setGeometry(geom)
            f.setAttributes([row.get(n) for n in fields.names()])
            feats.append(f)
        add_features(sink, feats, key)
        style_on_load(context, dest, style_monitor_status)
        return dest
