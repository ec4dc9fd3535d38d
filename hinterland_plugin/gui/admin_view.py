"""The province table of the last coverage run (``hinterland:coverage`` OUTPUT_ADMIN) as a person reads it:
labelled columns, thousands separators, shares in per cent, minutes; population from the 2020 census."""
from __future__ import annotations

import re

from qgis.PyQt.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget

from ..i18n import Translatable, translate
from .widgets import fill_table

_WITHIN = re.compile(r"(within|share)_(.+)")


def _minutes(key: str) -> str:
    return key.replace("_", ".")


def admin_headers(columns: list[str]) -> list[tuple[str, str]]:
    """(field, header) for the fields of the OUTPUT_ADMIN rows that the dock shows."""
    out = [("name", translate("admin_view", "Province")), ("population", translate("admin_view", "Residents (2020 census)"))]
    for c in columns:
        m = _WITHIN.fullmatch(c)
        if m and m.group(1) == "within":
            out.append((c, translate("admin_view", "Within {0} min").format(_minutes(m.group(2)))))
        elif m:
            out.append((c, translate("admin_view", "Share within {0} min").format(_minutes(m.group(2)))))
    return out + [("mean_time_min", translate("admin_view", "Mean time per resident (min)")), ("nearest_centre", translate("admin_view", "Nearest centre"))]


def admin_display(rows: list[dict], level: str = "province") -> tuple[list[str], list[list[str]]]:
    """(headers, formatted rows) of the ``level`` rows, by population (largest first)."""
    rows = [r for r in rows if r.get("level", level) == level]
    if not rows:
        return [], []
    cols = admin_headers(list(rows[0]))
    out = []
    for r in sorted(rows, key=lambda r: -float(r.get("population") or 0)):
        cells = []
        for key, _label in cols:
            v = r.get(key)
            if v is None:
                cells.append("")
            elif key.startswith("share_"):
                cells.append(f"{100 * float(v):.1f} %")
            elif isinstance(v, (int, float)):
                cells.append(f"{float(v):,.0f}")
            else:
                cells.append(str(v))
        out.append(cells)
    return [label for _, label in cols], out


class AdminTable(Translatable, QTableWidget):
    """Provinces of the last run; filled from ``state.admin_rows`` whenever the coverage changes."""

    def __init__(self, state, parent=None):
        super().__init__(0, 0, parent)
        self.state = state
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.setToolTip(self.tr("Residents of each province (2020 census on the grid) within each threshold of the "
                           "nearest centre, and the mean time per resident."))
        state.coverageChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        headers, rows = admin_display(self.state.admin_rows)
        fill_table(self, headers, rows)
