"""The N-1 rank table of the Disruption tab: the segments whose loss costs most, in person-hours added (the
engine's population-minutes / 60) and people losing coverage, as a person reads them."""
from __future__ import annotations

from qgis.PyQt.QtWidgets import QAbstractItemView, QTableWidget

from ..i18n import language, tr
from .widgets import fill_table


def mode_label(mode: str) -> str:
    return {"rail": tr("rail"), "hsr": tr("high-speed rail"), "road": tr("road"), "water": tr("waterway"),
            "fixed_link": tr("fixed link")}.get(mode, mode)


def criticality_display(rows: list[dict], top: int = 30) -> tuple[list[str], list[list[str]]]:
    name = "name_zh" if language() == "zh" else "name_en"
    headers = [tr("Rank"), tr("Segment"), tr("Mode"), tr("Person-hours added"), tr("People losing coverage")]
    out = []
    for r in sorted(rows, key=lambda r: int(r.get("rank") or 0))[:top]:
        if not float(r.get("pop_minutes") or 0) and not float(r.get("population_lost") or 0):
            continue  # no effect: not a rank worth reading
        out.append([f"{int(r.get('rank') or 0)}", f"{r.get(name) or ''} ({r.get('segment_id')})",
                    mode_label(str(r.get("mode") or "")), f"{float(r.get('pop_minutes') or 0) / 60:,.0f}",
                    f"{float(r.get('population_lost') or 0):,.0f}"])
    return headers, out


class CriticalityTable(QTableWidget):
    def __init__(self, parent=None):
        super().__init__(0, 0, parent)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setToolTip(tr("Segments whose loss adds most travel time, in person-hours (people × hours added)"))
        self.setVisible(False)

    def show_rows(self, rows: list[dict]) -> None:
        fill_table(self, *criticality_display(rows))
        self.setVisible(bool(rows))
