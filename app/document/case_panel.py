"""Beside the document: the unit under the cursor (speaker, timing, survey
question) and its case's attributes (respondent group, role, Likert answers)."""
from __future__ import annotations

from html import escape
from typing import Callable, Optional

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from app.document.case_model import CaseAttributesModel
from app.document.margin import clock
from coding.views import SectionSpan


class CasePanel(QWidget):
    sig_value_edit_requested = Signal(str, str, str)  # case, attribute, value (double-click a value to edit)

    def __init__(self, attributes_of: Callable[[str], list[tuple[str, str]]], parent: Optional[QWidget] = None):
        super().__init__(parent)
        self._attributes_of = attributes_of
        self._cache: dict[str, list[tuple[str, str]]] = {}
        self._case: Optional[str] = None
        self.heading = QLabel("No case", wordWrap=True)
        self.model = CaseAttributesModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        self.model.sig_value_edit_requested.connect(
            lambda attribute, value: self._case and self.sig_value_edit_requested.emit(self._case, attribute, value))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)

    def clear_cache(self) -> None:
        self._cache.clear()
        self._case = None

    def show_unit(self, section: Optional[SectionSpan], source_case: Optional[str] = None) -> None:
        case = (section.case if section is not None else None) or source_case
        parts = []
        if section is not None:
            if section.speaker:
                parts.append(f"<b>{escape(section.speaker)}</b>" + (" (moderator)" if section.is_moderator else ""))
            if section.start_ms is not None:
                end = f"–{clock(section.end_ms)}" if section.end_ms is not None else ""
                parts.append(f"{clock(section.start_ms)}{end}")
            if section.question:
                parts.append(f"<i>{escape(section.question)}</i>")
        parts.append(f"Case: <b>{escape(case)}</b>" if case else "No case")
        self.heading.setText("<br>".join(parts))
        if case == self._case:
            return
        self._case = case
        if case is None:
            self.model.set_rows([])
            return
        if case not in self._cache:
            self._cache[case] = self._attributes_of(case)
        self.model.set_rows(self._cache[case])
