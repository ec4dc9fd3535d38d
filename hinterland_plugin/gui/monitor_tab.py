"""The Monitor tab: ``hinterland:monitor`` on an observation table (any table layer of the project, or a CSV;
default: the bundled SYNTHETIC sample feed and its synthetic thresholds, labelled as such), the alert list by
severity and a small trend chart per indicator (OUTPUT_SERIES); the unit and province-response maps go to
their own group, replaced on every run."""
from __future__ import annotations

from qgis.core import Qgis, QgsProject, QgsVectorLayer
from qgis.gui import QgsFileWidget, QgsMapLayerComboBox
from qgis.PyQt.QtGui import QColor, QPixmap
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from ..core.engine.monitor import MONITOR_FILE
from ..core.resources import resources_dir
from ..i18n import Translatable, language, translate
from ..styling import style_monitor_status, style_province_response
from .results_group import (
    add_result,
    discard_run_folder,
    insert_group,
    layer_rows,
    remove_layers,
    render_below_points_and_lines,
)
from .trend_chart import STATUS, series_by_indicator, trend_image
from .widgets import StatusLabel, bind_runner, button_grid, fill_table

MONITOR_GROUP = "Hinterland monitoring / 腹地监测"
SAMPLE_FEED = resources_dir() / "data" / "sample_feed_synthetic.csv"


def status_label(status: str) -> str:
    return {"red": translate("monitor_tab", "red"), "amber": translate("monitor_tab", "amber"), "green": translate("monitor_tab", "green")}.get(status, status)


def trend_label(trend: str) -> str:
    return {"worsening": translate("monitor_tab", "worsening"), "improving": translate("monitor_tab", "improving"), "stable": translate("monitor_tab", "stable")}.get(trend, trend)


def alert_display(rows: list[dict]) -> tuple[list[str], list[list[str]]]:
    zh = language() == "zh"
    headers = [translate("monitor_tab", "Status"), translate("monitor_tab", "Unit"), translate("monitor_tab", "Indicator"), translate("monitor_tab", "Value"), translate("monitor_tab", "Date"), translate("monitor_tab", "Trend"), translate("monitor_tab", "Days to red")]
    out = []
    for r in sorted(rows, key=lambda r: int(r.get("rank") or 0)):
        unit = r.get("name_zh" if zh else "name_en") or r.get("unit_id")
        indicator = r.get("indicator_zh" if zh else "indicator_en") or r.get("indicator")
        days = r.get("days_to_red")
        out.append([status_label(str(r.get("status") or "")), str(unit), str(indicator),
                    f"{float(r['value']):,.4g}" if r.get("value") is not None else "", str(r.get("date") or ""),
                    trend_label(str(r.get("trend") or "")), f"{int(days):,}" if days is not None else ""])
    return headers, out


class MonitorTab(Translatable, QWidget):
    def __init__(self, state, runner, iface=None, parent=None):
        super().__init__(parent)
        self.state, self.runner, self.iface = state, runner, iface
        self.alert_rows: list[dict] = []
        self.status_rows: list[dict] = []
        self.series_rows: list[dict] = []
        self.charts: list[QLabel] = []
        lay = QVBoxLayout(self)
        self.feed = QgsMapLayerComboBox()
        self.feed.setFilters(Qgis.LayerFilter.VectorLayer)
        self.feed.setAllowEmptyLayer(True, self.tr("Synthetic sample feed (not real data)"))
        self.feed.setLayer(None)
        self.indicators = QgsFileWidget()
        self.indicators.setFilter("JSON (*.json)")
        self.indicators.lineEdit().setPlaceholderText(self.tr("Synthetic sample thresholds (not official)"))
        self.date = QLineEdit()
        self.date.setPlaceholderText(self.tr("latest"))
        form = QFormLayout()
        form.addRow(self.tr("Observations (empty: synthetic sample)"), self.feed)
        form.addRow(self.tr("Thresholds (JSON)"), self.indicators)
        form.addRow(self.tr("Date (YYYY-MM-DD)"), self.date)
        lay.addLayout(form)
        self.run_btn = QPushButton(self.tr("Evaluate feed"))
        self.run_btn.clicked.connect(lambda _checked=False: self.run())
        self.cancel_btn = QPushButton(self.tr("Cancel"))
        self.cancel_btn.setEnabled(False)
        self.cancel_btn.clicked.connect(runner.cancel)
        lay.addLayout(button_grid(self.run_btn, self.cancel_btn))
        self.status = StatusLabel()
        lay.addWidget(self.status)
        self.table = QTableWidget(0, 0)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        lay.addWidget(self.table, 2)
        self.chart_box = QWidget()
        self.chart_lay = QVBoxLayout(self.chart_box)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.chart_box)
        lay.addWidget(scroll, 2)
        bind_runner(self, runner, self.status, (self.run_btn,), self.cancel_btn)
        state.cleared.connect(self._clear)

    def synthetic(self) -> bool:
        return self.feed.currentLayer() is None

    def run(self) -> bool:
        try:
            folder = self.state.run_folder("monitor")
        except OSError as exc:
            self.status.show_message(str(exc), error=True)
            return False
        feed = self.feed.currentLayer() or str(SAMPLE_FEED)
        params = {"FEED": feed, "INDICATORS": self.indicators.filePath() or str(MONITOR_FILE),
                  "DATE": self.date.text().strip(), "OUTPUT": str(folder / "status.gpkg"),
                  "OUTPUT_ALERTS": str(folder / "alerts.gpkg"), "OUTPUT_SERIES": str(folder / "series.gpkg"),
                  "OUTPUT_PROVINCES": str(folder / "provinces.gpkg"), "OUTPUT_AREAS": str(folder / "areas.gpkg"),
                  "OUTPUT_POINTS": str(folder / "points.gpkg"), "OUTPUT_LINES": str(folder / "lines.gpkg")}
        return self.runner.run("hinterland:monitor", params, self._finished, owner=self,
                               extra={"folder": folder, "synthetic": self.synthetic()},
                               phase=self.tr("Evaluating the observations…"))

    def _finished(self, run):
        if not run.ok:
            discard_run_folder(run.extra["folder"])
            self.status.show_message(self.tr("The monitoring run failed; nothing was added.")
                                     + (" " + run.error if run.error else ""), error=True)
            return
        read = {k: QgsVectorLayer(str(v), k, "ogr") for k, v in run.results.items() if v}
        self.alert_rows = layer_rows(read.get("OUTPUT_ALERTS"))
        self.status_rows = layer_rows(read.get("OUTPUT"))
        self.series_rows = layer_rows(read.get("OUTPUT_SERIES"))
        suffix = " " + self.tr("(SYNTHETIC sample)") if run.extra["synthetic"] else ""
        layers = []
        for key, name, style in (("OUTPUT_PROVINCES", self.tr("Provincial response"), style_province_response),
                                 ("OUTPUT_AREAS", self.tr("Monitored areas"), style_monitor_status),
                                 ("OUTPUT_LINES", self.tr("Monitored corridor segments"), style_monitor_status),
                                 ("OUTPUT_POINTS", self.tr("Monitored sites and hubs"), style_monitor_status)):
            layer = read.get(key)
            if layer is not None and layer.isValid() and layer.featureCount() > 0:
                layer.setName(name + suffix)
                style(layer)
                layers.append((layer, key.lower(), True))
        self._replace_group(QgsProject.instance(), layers)
        self.show_rows()
        self.status.show_message(self.tr("{0} alerts.").format(len(self.alert_rows)) + suffix)

    @staticmethod
    def _replace_group(project, layers):
        root = project.layerTreeRoot()
        old = root.findGroup(MONITOR_GROUP)
        if old is not None:
            remove_layers(project, [n.layer() for n in old.findLayers() if n.layer() is not None])
            root.removeChildNode(old)
        group = insert_group(project, MONITOR_GROUP)
        for layer, kind, visible in layers:
            add_result(project, group, layer, kind, visible)
        render_below_points_and_lines(project)

    def thresholds(self) -> dict[str, tuple]:
        out = {}
        for r in self.status_rows:
            out.setdefault(str(r.get("indicator")), (("amber", r.get("amber")), ("red", r.get("red"))))
        return out

    def show_rows(self):
        fill_table(self.table, *alert_display(self.alert_rows))
        for i, r in enumerate(sorted(self.alert_rows, key=lambda r: int(r.get("rank") or 0))):
            colour = STATUS.get(str(r.get("status") or ""))
            if colour and self.table.item(i, 0) is not None:  # the status as colour and as text
                self.table.item(i, 0).setBackground(QColor(colour))
        for label in self.charts:
            label.deleteLater()
        self.charts = []
        zh = language() == "zh"
        titles = {str(r.get("indicator")): r.get("indicator_zh" if zh else "indicator_en") for r in self.status_rows}
        limits = self.thresholds()
        for indicator, units in series_by_indicator(self.series_rows).items():
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(trend_image(str(titles.get(indicator) or indicator), units,
                                                          limits.get(indicator, ()))))
            label.setToolTip(self.tr("{0}: one line per unit, thresholds dashed").format(indicator))
            self.chart_lay.addWidget(label)
            self.charts.append(label)

    def _clear(self):
        self.alert_rows, self.status_rows, self.series_rows = [], [], []
        self.show_rows()

    def close_tools(self) -> None:
        pass
