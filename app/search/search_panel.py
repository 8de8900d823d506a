"""Project-wide text search (plain or regular expression), run in a worker,
with every hit listed in context; double-click a hit to see it."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QTableView, QVBoxLayout, QWidget,
)

from app.common import worker
from app.common.words import plural
from app.search.elide_delegate import ElideLeftDelegate
from app.search.hits_model import HitsModel
from coding import search
from storage import ProjectStore, TandemError


class SearchPanel(QWidget):
    sig_hit_activated = Signal(str, int, int)  # source uuid, start, end
    sig_search_finished = Signal(int)          # number of hits

    def __init__(self, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.store: Optional[ProjectStore] = None
        self._task: Optional[worker.Task] = None
        self._generation = 0
        self.query = QLineEdit(placeholderText="Search every source…", clearButtonEnabled=True)
        self.query.returnPressed.connect(self.start)
        self.regex = QCheckBox("Regular e&xpression")
        self.case = QCheckBox("Match &case")
        self.button = QPushButton("Search")
        self.button.clicked.connect(self.start)
        self.status = QLabel()
        self.model = HitsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.setItemDelegateForColumn(2, ElideLeftDelegate(self.table))  # "before" keeps its end
        self.table.setWordWrap(False)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.table.activated.connect(self._on_table_double_clicked)
        row = QHBoxLayout()
        for w in (self.query, self.regex, self.case, self.button):
            row.addWidget(w)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)

    def set_store(self, store: Optional[ProjectStore]) -> None:
        self.store = store
        self.model.set_rows([])
        self.status.clear()

    def start(self) -> Optional[worker.Task]:
        if self.store is None:
            return None
        store, query, regex, case = self.store, self.query.text(), self.regex.isChecked(), self.case.isChecked()
        try:
            search.compile_pattern(query, regex, case)  # a bad pattern is told at once, not from a thread
        except TandemError as exc:
            self.status.setText(str(exc))
            return None
        if self._task is not None:
            self._task.cancel()

        self._generation += 1
        generation = self._generation

        def run(progress):
            with store.session() as s:
                return generation, search.search(s, query, regex, case, progress=progress)

        task = self._task = worker.Task(run)
        task.signals.sig_result_ready.connect(self._on_task_result_ready)
        task.signals.sig_task_failed.connect(self._on_task_failed)
        task.signals.sig_progress_changed.connect(self._on_task_progress_changed)
        worker.start(task)
        return task

    def _on_task_failed(self, exc: Exception) -> None:
        self.status.setText(str(exc))

    def _on_task_progress_changed(self, done: int, total: int) -> None:
        self.status.setText(f"Searching… {done} of {total} sources")

    def _on_task_result_ready(self, answer) -> None:
        generation, result = answer
        if generation != self._generation:
            return  # an older search, finished after a newer one was asked for
        self._task = None
        self.model.set_rows(result.hits)
        more = f" (the first {len(result.hits):,}; narrow the search for the rest)" if result.truncated else ""
        hits = plural(len(result.hits), "hit")
        found_in = len({h.source_uuid for h in result.hits})  # the sources the hits are in, not those searched
        self.status.setText(f"{hits} in {plural(found_in, 'source')} (of {result.sources_searched:,} searched)"
                            f"{more}" if result.hits else f"No hits in {plural(result.sources_searched, 'source')}")
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(1)  # where: a speaker and a time, a respondent
        self.table.resizeColumnToContents(3)
        self.sig_search_finished.emit(len(result.hits))

    def _on_table_double_clicked(self, index) -> None:
        hit = self.model.row_at(index.row())
        if hit is not None:
            self.sig_hit_activated.emit(hit.source_uuid, hit.start, hit.end)
