"""The Cases view: every case (participant, respondent) with every attribute,
sortable and filterable, edited in place with the type checked as you type;
attributes added from the button, renamed, retyped or deleted from their
column header's menu.  Read in a worker; changes are requested
(``sig_*_requested``) and carried out as undo commands by
``app.cases.cases_actions``."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMenu, QPushButton, QTableView,
                               QVBoxLayout, QWidget)

from app.cases.cases_model import CasesModel, CasesProxy
from app.common import worker
from storage import ProjectStore, TandemError


class CasesPanel(QWidget):
    sig_table_loaded = Signal(int)                     # cases shown
    sig_value_edit_requested = Signal(str, str, str)   # case, attribute, value
    sig_attribute_add_requested = Signal()
    sig_attribute_rename_requested = Signal(str)
    sig_attribute_retype_requested = Signal(str)
    sig_attribute_delete_requested = Signal(str)
    sig_import_requested = Signal()

    def __init__(self, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.store: Optional[ProjectStore] = None
        self._generation = 0
        self._stale = False
        self.model = CasesModel(self)
        self.model.sig_value_edit_requested.connect(self.sig_value_edit_requested)
        self.model.sig_value_refused.connect(self._on_model_value_refused)
        self.proxy = CasesProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setObjectName("cases_table")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setTextElideMode(Qt.TextElideMode.ElideRight)  # a long question reads from its start
        self.table.horizontalHeader().setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.horizontalHeader().customContextMenuRequested.connect(self._on_header_context_menu_requested)
        self.filter = QLineEdit(placeholderText="Filter cases (any value)…")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.add_button = QPushButton("Add Attribute…")
        self.add_button.clicked.connect(self.sig_attribute_add_requested)
        self.import_button = QPushButton("Import Table…")
        self.import_button.setToolTip("Attributes of many cases from a CSV or Excel table: one row a case, one "
                                      "column an attribute")
        self.import_button.clicked.connect(self.sig_import_requested)
        self.status = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.add_button)
        top.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)

    def set_store(self, store: Optional[ProjectStore]) -> None:
        self.store = store
        self.model.set_table(self.model.table.__class__((), ()))
        self.filter.clear()
        self.reload()

    def reload(self) -> Optional[worker.Task]:
        if self.store is None:
            return None
        if not self.isVisible():
            self._stale = True
            return None
        from coding import case_edits

        store = self.store
        self._generation += 1
        generation = self._generation

        def run(_progress):
            with store.session() as s:
                return generation, case_edits.table(s)

        task = worker.Task(run)
        task.signals.sig_result_ready.connect(self._on_task_result_ready)
        task.signals.sig_task_failed.connect(self._on_task_failed)
        self._stale = False
        return worker.start(task)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._stale:
            self.reload()

    def _on_task_result_ready(self, result) -> None:
        generation, table = result
        if generation != self._generation:
            return
        self.model.set_table(table)
        self.table.resizeColumnsToContents()
        for col in range(self.model.columnCount()):
            self.table.setColumnWidth(col, min(self.table.columnWidth(col), 260))
        self.status.setText(f"{len(table.rows)} cases · {len(table.attributes)} attributes · double-click a value "
                            "to change it (Ctrl+Z undoes)")
        self.sig_table_loaded.emit(len(table.rows))

    def _on_task_failed(self, exc: Exception) -> None:
        self.status.setText(str(exc) if isinstance(exc, TandemError) else f"{type(exc).__name__}: {exc}")

    def _on_model_value_refused(self, why: str) -> None:
        self.status.setText(f"<span style='color:#B00020'>{why} Nothing was changed.</span>")

    def _on_header_context_menu_requested(self, point) -> None:
        column = self.table.horizontalHeader().logicalIndexAt(point)
        attribute = self.model.attribute_at(column)
        if attribute is None:
            return
        menu = QMenu(self)
        for text, signal in (("Rename…", self.sig_attribute_rename_requested),
                             ("Change Type…", self.sig_attribute_retype_requested),
                             ("Delete", self.sig_attribute_delete_requested)):
            menu.addAction(f"{text.rstrip('…')} '{attribute[0]}'{'…' if text.endswith('…') else ''}",
                           lambda s=signal, name=attribute[0]: s.emit(name))
        menu.popup(self.table.horizontalHeader().mapToGlobal(point))
