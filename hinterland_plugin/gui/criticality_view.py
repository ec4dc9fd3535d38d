"""The N-1 rank table of the Disruption tab: the segments whose loss costs most, in person-hours added (the
engine's population-minutes / 60) and people losing coverage, as a person reads them."""
from __future__ import annotations

from qgis.PyQt.QtWidgets import QAbstractItemView, QTableWidget

from ..i18n import Translatable, language, translate
from .widgets import fill_table


def mode_label(mode: str) -> str:
    return {"rail": translate("criticality_view", "rail"), "hsr": translate("criticality_view", "high-speed rail"), "road": translate("criticality_view", "road"), "water": translate("criticality_view", "waterway"),
            "fixed_link": translate("criticality_view", "fixed link")}.get(mode, mode)


def criticality_display(rows: list[dict], top: int = 30) -> tuple[list[str], list[list[str]]]:
    name = "name_zh" if language() == "zh" else "name_en"
    headers = [translate("criticality_view", "Rank"), translate("criticality_view", "Segment"), translate("criticality_view", "Mode"), translate("criticality_view", "Person-hours added"), translate("criticality_view", "People losing coverage")]
    out = []
    for r in sorted(rows, key=lambda r: int(r.get("rank") or 0))[:top]:
        if not float(r.get("pop_minutes") or 0) and not float(r.get("population_lost") or 0):
            continue  # no effect: not a rank worth reading
        out.append([f"{int(r.get('rank') or 0)}", f"{r.get(name) or ''} ({r.get('segment_id')})",
                    mode_label(str(r.get("mode") or "")), f"{float(r.get('pop_minutes') or 0) / 60:,.0f}",
                    f"{float(r.get('population_lost') or 0):,.0f}"])
    return headers, out


class CriticalityTable(Translatable, QTableWidget):
    def __init__(self, parent=None):
        super().__init__(0, 0, parent)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setToolTip(self.tr("Segments whose loss adds most travel time, in person-hours (people × hours added)"))
        self.setVisible(False)

    def show_rows(self, rows: list[dict]) -> None:
        fill_table(self, *criticality_display(rows))
        self.setVisible(bool(rows))
