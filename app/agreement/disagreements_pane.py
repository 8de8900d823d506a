"""The disagreements pane: the units the coders disagree on for the selected
code (or code in a source); double-click one to see it in the document."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from app.agreement.disagreements_model import SPAN_ROLE, DisagreementsModel
from app.common.words import plural
from coding.agreement.disagreements import Disagreement

HINT = "Select a code in the table (or a cell of the heat map) to list where the coders disagree."


class DisagreementsPane(QWidget):
    sig_span_activated = Signal(str, int, int)  # source name, start, end (code points)
    sig_reconcile_requested = Signal()          # "Reconcile these…" from a row's context menu

    def __init__(self, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.model = DisagreementsModel(self)
        self.title = QLabel(HINT)
        self.title.setWordWrap(True)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setToolTip("Double-click (or press Enter) to show the span in the document")
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.table.activated.connect(self._on_table_double_clicked)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._on_table_context_menu_requested)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)

    def _on_table_context_menu_requested(self, pos) -> None:
        from PySide6.QtWidgets import QMenu

        menu = QMenu(self)
        show = menu.addAction("Show in Document")
        reconcile = menu.addAction("Reconcile These Discrepancies…")
        index = self.table.indexAt(pos)
        show.setEnabled(index.isValid())
        chosen = menu.exec(self.table.viewport().mapToGlobal(pos))
        if chosen is show and index.isValid():
            self._on_table_double_clicked(index)
        elif chosen is reconcile:
            self.sig_reconcile_requested.emit()

    def show_busy(self, code: str, source: str) -> None:
        self.model.clear()
        self.title.setText(f"Listing disagreements on <b>{_name(code)}</b>{_in(source)}…")

    def show_hint(self, text: str = HINT) -> None:
        self.model.clear()
        self.title.setText(text)

    def set_disagreements(self, code: str, source: str, coders: list[str],
                          rows: list[Disagreement], unit_noun: str) -> None:
        self.model.set_disagreements(coders, rows)
        n = len(rows)
        self.title.setText(
            f"<b>{plural(n, unit_noun)}</b> with disagreement on "
            f"<b>{_name(code)}</b>{_in(source)}" + (" — double-click one to see it in the document" if n else ""))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(0, 200)
        for c in range(1, 1 + len(coders)):  # each coder's name above their column, whole
            self.table.setColumnWidth(c, max(110, header.sectionSizeFromContents(c).width()))

    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            source, start, end = index.data(SPAN_ROLE)
            self.sig_span_activated.emit(source, start, end)


def _name(code: str) -> str:
    return code.replace("/", " › ")


def _in(source: str) -> str:
    return f" in <i>{source}</i>" if source else ""
