"""Small widgets and helpers shared by the dock's tabs: button grids, the status line, the progress panel,
the searchable-tree filter and number formatting."""
from __future__ import annotations

import math

from qgis.PyQt.QtWidgets import QGridLayout, QLabel, QProgressBar, QTableWidget, QTableWidgetItem, QTreeWidget

ERROR_STYLE = "color: #b2182b;"


def button_grid(*widgets, columns: int = 2) -> QGridLayout:
    """Buttons in rows of ``columns``: keeps the dock narrow enough for a 1920 px screen with QGIS' toolbars."""
    grid = QGridLayout()
    for i, w in enumerate(widgets):
        grid.addWidget(w, i // columns, i % columns)
    return grid


class StatusLabel(QLabel):
    """One line (wrapped) of feedback; errors in red."""

    def __init__(self, parent=None):
        super().__init__("", parent)
        self.setWordWrap(True)
        self.is_error = False

    def show_message(self, text: str, error: bool = False) -> None:
        self.is_error = error
        self.setText(text)
        self.setStyleSheet(ERROR_STYLE if error else "")


class RunProgress(QProgressBar):
    """A progress bar bound to the runner: busy (moving) from the first second, then the algorithm's percent."""

    def __init__(self, runner, parent=None):
        super().__init__(parent)
        self.setRange(0, 100)
        self.setValue(0)
        self._running = False
        runner.started.connect(self._started)
        runner.progressChanged.connect(self._progress)
        runner.finished.connect(self._finished)

    def _started(self, _alg_id: str):
        self._running = True
        self.setRange(0, 0)  # busy indicator until the algorithm reports a percentage
        self.setValue(0)

    def _progress(self, value: float):
        if not self._running:  # a late report of a finished run (seen: 60 % left after a written report)
            return
        if value > 0 and self.maximum() == 0:
            self.setRange(0, 100)
        if self.maximum():
            self.setValue(int(value))

    def _finished(self, run):
        self._running = False
        self.setRange(0, 100)
        self.setValue(100 if run.ok else 0)

    def reset(self) -> None:
        """Back to 0 % (another project: nothing of the last run is shown)."""
        self._running = False
        self.setRange(0, 100)
        self.setValue(0)


def filter_tree(tree: QTreeWidget, text: str, with_group: bool = False) -> None:
    """Hide the children of ``tree``'s groups whose columns do not contain ``text``; hide empty groups."""
    text = text.strip().lower()
    for i in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(i)
        shown = 0
        for j in range(group.childCount()):
            child = group.child(j)
            haystack = " ".join(child.text(c) for c in range(tree.columnCount()))
            if with_group:
                haystack += " " + group.text(0)
            hide = bool(text) and text not in haystack.lower()
            child.setHidden(hide)
            shown += not hide
        group.setHidden(shown == 0)


def tree_children(tree: QTreeWidget):
    """Every second-level item of ``tree`` (the selectable entries below their groups)."""
    for i in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(i)
        for j in range(group.childCount()):
            yield group.child(j)


def fmt(v) -> str:
    """A number as a person reads it: thousands separators, few digits, ∞ for unreachable."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, float):
        if not math.isfinite(v):
            return "∞"
        return f"{v:,.0f}" if abs(v) >= 100 else f"{v:,.3g}"
    if isinstance(v, int):
        return f"{v:,}"
    return str(v)


def fill_table(table: QTableWidget, headers: list[str], rows: list[list], vertical: list[str] | None = None) -> None:
    """Replace the contents of a read-only table with formatted cells."""
    table.clear()
    table.setColumnCount(len(headers))
    table.setRowCount(len(rows))
    table.setHorizontalHeaderLabels(headers)
    if vertical is not None:
        table.setVerticalHeaderLabels(vertical)
    for r, values in enumerate(rows):
        for c, v in enumerate(values):
            table.setItem(r, c, QTableWidgetItem(fmt(v)))
    table.resizeColumnsToContents()


def bind_runner(owner, runner, status: StatusLabel, buttons, cancel_btn=None) -> None:
    """Buttons off and Cancel on while any run goes on; the runner's phase text and refusals for ``owner``'s
    own runs in ``status``."""
    def busy(on: bool):
        for b in buttons:
            b.setEnabled(not on)
        if cancel_btn is not None:
            cancel_btn.setEnabled(on)

    runner.started.connect(lambda _id: busy(True))
    runner.finished.connect(lambda _run: busy(False))
    runner.status.connect(lambda text: status.show_message(text) if runner.owner is owner else None)
    runner.refused.connect(lambda who, msg: status.show_message(msg, error=True) if who is owner else None)
