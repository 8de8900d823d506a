"""Coded segments of one code (and its sub-codes), filtered by coder, source
kind and a case attribute (e.g. group = Mentor), fetched in a worker.  In
blind mode a coder retrieves only their own segments."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QTableView, QVBoxLayout, QWidget,
)

from app.common import worker
from app.retrieval.segments_model import SegmentsModel
from coding import codebook, codings, coders
from coding.codebook import CodeNode
from coding.views import CoderSummary
from storage import ProjectStore

KINDS = (("Any kind", None), ("Focus groups", "focus-group"), ("Interviews", "interview"),
         ("Surveys", "survey"), ("Notes", "notes"), ("Documents", "document"))


class RetrievalPanel(QWidget):
    sig_segment_activated = Signal(str, int, int)  # source name, start, end
    sig_retrieval_finished = Signal(int)
    sig_pin_requested = Signal(str, str)  # coding uuid, code path: pin the segment as a representative quote

    def __init__(self, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.store: Optional[ProjectStore] = None
        self._code: Optional[CodeNode] = None
        self._task: Optional[worker.Task] = None
        self._generation = 0
        self.code_label = QLabel("Select a code in the codebook.")
        self.coder = QComboBox(sizeAdjustPolicy=QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.kind = QComboBox(sizeAdjustPolicy=QComboBox.SizeAdjustPolicy.AdjustToContents)
        for label, kind in KINDS:
            self.kind.addItem(label, kind)
        self.attribute = QComboBox()
        self.value = QLineEdit(placeholderText="value, e.g. Mentor")
        self.value.setMinimumWidth(120)
        self.value.returnPressed.connect(self.start)
        self.button = QPushButton("Retrieve")
        self.button.clicked.connect(self.start)
        self.status = QLabel()
        self.model = SegmentsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QAction, QKeySequence

        self.action_pin = QAction("Pin as Representative Quote", self)
        self.action_pin.setShortcut(QKeySequence("Ctrl+P"))
        self.action_pin.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.action_pin.triggered.connect(self._on_action_pin_triggered)
        self.table.addAction(self.action_pin)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        row = QHBoxLayout()
        row.addWidget(self.code_label, 1)
        for label, w in (("Coder", self.coder), ("Kind", self.kind), ("Case where", self.attribute)):
            row.addWidget(QLabel(label))
            row.addWidget(w)
        row.addWidget(QLabel("="))
        row.addWidget(self.value)
        row.addWidget(self.button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)

    def set_context(self, store: Optional[ProjectStore], acting, coders_shown: list[CoderSummary],
                    attributes: list[str]) -> None:
        """The project, who is looking, the coders they may see, the case attributes."""
        self.store = store
        self.acting = acting
        self.coder.clear()
        if len(coders_shown) > 1:
            self.coder.addItem("All coders", None)
        for c in coders_shown:
            self.coder.addItem(c.name, c.name)
        self.attribute.clear()
        self.attribute.addItem("(any case)", None)
        for name in attributes:
            self.attribute.addItem(name, name)
        self.model.set_rows([])
        self.status.clear()

    def reset(self) -> None:
        """A project was opened: no code, no filter, no rows from the one before."""
        if self._task is not None:
            self._task.cancel()
            self._task = None
        self._generation += 1
        self.set_code(None)
        self.value.clear()
        self.kind.setCurrentIndex(0)
        self.model.set_rows([])
        self.status.clear()

    def set_code(self, node: Optional[CodeNode]) -> None:
        self._code = node
        self.code_label.setText(f"<b>{node.path.replace('/', ' › ')}</b> and its sub-codes" if node
                                else "Select a code in the codebook.")

    def start(self) -> Optional[worker.Task]:
        if self.store is None or self._code is None or self.coder.count() == 0:
            return None
        store, path = self.store, self._code.path
        coder_name, kind = self.coder.currentData(), self.kind.currentData()
        attribute, value = self.attribute.currentData(), self.value.text().strip()
        where = {attribute: value} if attribute and value else None
        allowed = [self.coder.itemData(i) for i in range(self.coder.count()) if self.coder.itemData(i)]

        acting = self.acting
        self._generation += 1
        generation = self._generation

        def run(_progress):
            with store.session() as s:
                code = codebook.get_code(s, path)
                coder = coders.get_coder(s, coder_name) if coder_name else None
                found = codings.retrieve(s, acting, code=code, coder=coder, source_kind=kind, where=where)
                return generation, [seg for seg in found if seg.coder in allowed]  # blind: only what may be seen

        if self._task is not None:
            self._task.cancel()  # an older retrieval must not overwrite this one
        task = self._task = worker.Task(run)
        task.signals.sig_result_ready.connect(self._on_task_result_ready)
        task.signals.sig_task_failed.connect(self._on_task_failed)
        self.status.setText(f"Retrieving the segments of {path.rsplit('/', 1)[-1]}…")
        worker.start(task)
        return task

    def _on_task_failed(self, exc: Exception) -> None:
        self.status.setText(str(exc))

    def _on_task_result_ready(self, result) -> None:
        generation, segments = result
        if generation != self._generation:
            return  # a newer retrieval was asked for
        self._task = None
        self.model.set_rows(segments)
        self.status.setText(f"{len(segments):,} coded segments")
        self.table.resizeColumnsToContents()
        self.sig_retrieval_finished.emit(len(segments))

    def _on_action_pin_triggered(self) -> None:
        seg = self.model.row_at(self.table.currentIndex().row())
        if seg is not None:
            self.sig_pin_requested.emit(seg.coding_uuid, seg.code)

    def _on_table_double_clicked(self, index) -> None:
        seg = self.model.row_at(index.row())
        if seg is not None:
            self.sig_segment_activated.emit(seg.source, seg.start, seg.end)
