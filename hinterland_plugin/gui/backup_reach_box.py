"""The "key-industry backup reach" section of the Gateways tab: ``hinterland:backupreach`` for one industry or all,
one line per pair primary → backup coloured by what losing the critical segment between them costs, and the table
as a person reads it. The layer goes to its own group, replaced on every run."""
from __future__ import annotations

from qgis.core import QgsProject, QgsVectorLayer
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
)

from ..core.catalog import category_label
from ..core.engine.backup_reach import DEFAULT_MARKET_MIN, INDUSTRIES
from ..i18n import Translatable, language, translate
from ..processing_provider.algorithms.backup_reach import style_backup_reach
from .results_group import add_result, discard_run_folder, insert_group, layer_rows, remove_layers
from .widgets import StatusLabel, bind_runner, button_grid, fill_table

BACKUP_GROUP = "Key-industry backup reach / 关键产业备份可达"


def _hours(v) -> str:
    return "–" if v is None else f"{float(v) / 60:,.1f}"


def _minutes(v) -> str:
    return "–" if v is None else f"{float(v):,.0f}"


def backup_display(rows: list[dict]) -> tuple[list[str], list[list[str]]]:
    """Pairs by what the critical segment's loss costs, as a person reads them."""
    lang = language()
    headers = [translate("backup_reach_box", "Industry"), translate("backup_reach_box", "Primary → backup"),
               translate("backup_reach_box", "Time (h)"),
               translate("backup_reach_box", "Market from the backup: + min"),
               translate("backup_reach_box", "Critical segment"), translate("backup_reach_box", "Its loss: + min"),
               translate("backup_reach_box", "Confidence")]
    out = []
    for r in sorted(rows, key=lambda r: (-(r.get("critical_added_min") or 0), str(r.get("pair_id")))):
        crit = str(r.get("critical_segment_name") or r.get("critical_segment") or "–")
        cost = (translate("backup_reach_box", "cut off") if r.get("critical_cut_off")
                else _minutes(r.get("critical_added_min")))
        out.append([category_label(str(r.get("industry") or ""), lang), f"{r.get('primary')} → {r.get('backup')}",
                    _hours(r.get("time_min")), _minutes(r.get("backup_market_added_min")), crit, cost,
                    category_label(str(r.get("confidence") or ""), lang)])
    return headers, out


class BackupReachBox(Translatable, QGroupBox):
    def __init__(self, state, runner, parent=None):
        super().__init__(parent)
        self.setTitle(self.tr("Key-industry backup reach"))
        self.state, self.runner = state, runner
        self.rows: list[dict] = []
        lay = QVBoxLayout(self)
        self.industry = QComboBox()
        self.industry.addItem(self.tr("All industries"), "")
        lang = language()
        for ind in INDUSTRIES:
            self.industry.addItem(category_label(ind, lang), ind)
        self.market = QDoubleSpinBox()
        self.market.setRange(30, 24 * 60)
        self.market.setDecimals(0)
        self.market.setSingleStep(30)
        self.market.setSuffix(self.tr(" min"))
        self.market.setValue(DEFAULT_MARKET_MIN)
        self.market.setToolTip(self.tr("The primary's market: the people living within this many minutes of it"))
        form = QFormLayout()
        form.addRow(self.tr("Industry"), self.industry)
        form.addRow(self.tr("Market"), self.market)
        lay.addLayout(form)
        self.run_btn = QPushButton(self.tr("Backup reach"))
        self.run_btn.setToolTip(self.tr("Time from each backup city to its primary and the primary's market, and "
                                        "what losing the most critical segment between them costs (freight)"))
        self.run_btn.clicked.connect(lambda _checked=False: self.run())
        lay.addLayout(button_grid(self.run_btn))
        self.status = StatusLabel()
        lay.addWidget(self.status)
        self.table = QTableWidget(0, 0)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        lay.addWidget(self.table)
        bind_runner(self, runner, self.status, (self.run_btn,))
        state.cleared.connect(self._clear)

    def run(self, resolution: float = 10000.0) -> bool:
        try:
            folder = self.state.run_folder("backup_reach")
        except OSError as exc:
            self.status.show_message(str(exc), error=True)
            return False
        ind = self.industry.currentData()
        params = {"INDUSTRY": [ind] if ind else [], "MARKET_MINUTES": self.market.value(), "RESOLUTION": resolution,
                  "OUTPUT": str(folder / "backup_reach.gpkg")}
        return self.runner.run("hinterland:backupreach", params, self._finished, owner=self, extra={"folder": folder},
                               phase=self.tr("Backup reach… (each primary and backup city, then each route segment)"))

    def _finished(self, run):
        if not run.ok:
            discard_run_folder(run.extra["folder"])
            self.status.show_message(self.tr("The backup reach run was cancelled or failed; nothing was added.")
                                     + (" " + run.error if run.error else ""), error=True)
            return
        project = QgsProject.instance()
        lyr = QgsVectorLayer(str(run.results["OUTPUT"]), self.tr("Backup reach (primary → backup)"), "ogr")
        self.rows = layer_rows(lyr)
        root = project.layerTreeRoot()
        old = root.findGroup(BACKUP_GROUP)
        if old is not None:
            remove_layers(project, [n.layer() for n in old.findLayers() if n.layer() is not None])
            root.removeChildNode(old)
        if lyr.isValid():
            style_backup_reach(lyr)
            add_result(project, insert_group(project, BACKUP_GROUP), lyr, "backup_reach", True)
        fill_table(self.table, *backup_display(self.rows))
        self.status.show_message(self.tr("Done: {0} pairs.").format(len(self.rows)))

    def _clear(self):
        self.rows = []
        fill_table(self.table, *backup_display([]))
