"""Suggested quotes for one theme (``coding.suggest``: TF-IDF typicality to
the theme, spread over cases, groups and kinds of source), each with why it
was suggested; computed in a worker (scikit-learn is imported only then),
with a busy bar and Cancel.  Pin the chosen one (Enter, Ctrl+P or the button);
the dialog stays open so several can be pinned in turn."""
from __future__ import annotations

from typing import Any, Optional

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHeaderView, QLabel, QProgressBar, QPushButton,
                               QSpinBox, QHBoxLayout, QTableView, QVBoxLayout, QWidget)

from app.common import worker
from app.common.rows_model import RowsModel
from app.common.words import plural
from coding.places import in_source
from storage import ProjectStore, TandemError


class SuggestionsModel(RowsModel):
    HEADERS = ("Quote", "Why", "Source", "")

    def __init__(self, parent=None):
        super().__init__(parent)
        self._pinned: set[tuple[str, int, int]] = set()  # (source, start, end) pinned to the theme already

    def set_pinned(self, passages) -> None:
        self._pinned = set(passages)
        if self._rows:
            self.dataChanged.emit(self.index(0, 3), self.index(len(self._rows) - 1, 3))

    def mark_pinned(self, row: int) -> None:
        s = self.row_at(row)
        if s is not None:
            self._pinned.add((s.source, s.start, s.end))
            self.dataChanged.emit(self.index(row, 3), self.index(row, 3))

    def is_pinned(self, row: int) -> bool:
        s = self.row_at(row)
        return s is not None and (s.source, s.start, s.end) in self._pinned

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        s = self._row(index)
        if s is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (f"“{s.text}”", s.why(), in_source(s.source, s.place),
                    "pinned" if self.is_pinned(index.row()) else "")[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            pinned = "\n\nPinned to this theme already." if self.is_pinned(index.row()) else ""
            return f"“{s.text}”\n\n{s.why()}{pinned}"
        return None


class SuggestDialog(QDialog):
    sig_pin_requested = Signal(str, str)       # theme uuid, coding uuid
    sig_suggestions_ready = Signal(int)

    def __init__(self, store: ProjectStore, acting, theme, layer: Optional[str], group_by: Optional[str],
                 parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.setObjectName("suggest_dialog")
        self.setWindowTitle(f"Suggested quotes — {theme.name}")
        self.resize(900, 480)
        self.store, self.acting, self.theme, self.layer, self.group_by = store, acting, theme, layer, group_by
        self.how_many = QSpinBox(minimum=1, maximum=50, value=8)
        self.how_many.valueChanged.connect(self.start)
        self.model = SuggestionsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setColumnWidth(1, 300)
        self.table.doubleClicked.connect(lambda _i: self.pin_current())
        self.busy = QProgressBar(textVisible=False, maximumWidth=160)
        self.busy.setRange(0, 0)
        self.status = QLabel()
        self.pin_button = QPushButton("&Pin to Theme")
        self.pin_button.clicked.connect(self.pin_current)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self._on_cancel_button_clicked)
        for keys in ("Ctrl+P", "Return", "Enter"):
            QShortcut(QKeySequence(keys), self.table, self.pin_current)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(QLabel(f"Candidates from <b>{layer or 'the consensus layer'}</b>'s codings of "
                             f"<b>{theme.name}</b>, most typical first, spread across respondents. How many:"))
        top.addWidget(self.how_many)
        top.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.busy)
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.cancel_button)
        bottom.addWidget(self.pin_button)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self._task: Optional[worker.Task] = None
        self._generation = 0
        self.start()

    def start(self, *_args) -> worker.Task:
        from coding.suggest import suggest

        store, acting, path, layer, n, by = (self.store, self.acting, self.theme.path, self.layer,
                                             self.how_many.value(), self.group_by)
        theme_uuid = self.theme.uuid

        self._generation += 1
        generation = self._generation

        def run(progress):
            progress(0, 1)
            with store.session() as s:
                return generation, suggest(s, acting, path, coder=layer, n=n, section_by=by), \
                    _pinned(s, theme_uuid, acting)

        if self._task is not None:
            self._task.cancel()
        task = self._task = worker.Task(run)
        task.signals.sig_result_ready.connect(self._on_task_result_ready)
        task.signals.sig_task_failed.connect(self._on_task_failed)
        task.signals.sig_task_cancelled.connect(self._on_task_cancelled)
        self._busy(True, "Ranking the theme's coded segments (the first time takes a second or two)…")
        return worker.start(task)

    def _busy(self, on: bool, text: str) -> None:
        self.busy.setVisible(on)
        self.cancel_button.setEnabled(on)
        self.pin_button.setEnabled(not on)
        self.status.setText(text)

    def _on_cancel_button_clicked(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None
        self._generation += 1
        self._busy(False, "Cancelled.")

    def _on_task_cancelled(self) -> None:
        pass  # the status already says so, or a newer request is running

    def _on_task_result_ready(self, result) -> None:
        generation, found, pinned = result
        if generation != self._generation or self._task is None:
            return  # an older or cancelled request
        self._task = None
        self.model.set_rows(found)
        self.model.set_pinned(pinned)
        self.table.resizeRowsToContents()
        if found:
            self.table.selectRow(0)
            self.table.setFocus()
        self._busy(False, f"{plural(len(found), 'suggestion')}." if found else
                   "This theme has no coded segments in these codings.")
        self.sig_suggestions_ready.emit(len(found))

    def _on_task_failed(self, exc: Exception) -> None:
        self._task = None
        self._busy(False, str(exc) if isinstance(exc, TandemError) else f"{type(exc).__name__}: {exc}")

    def pin_current(self) -> None:
        row = self.table.currentIndex().row()
        found = self.model.row_at(row)
        if found is None or self._task is not None:
            return
        if self.model.is_pinned(row):
            self.status.setText(f"That passage is pinned to {self.theme.name} already.")
            return
        self.sig_pin_requested.emit(self.theme.uuid, found.coding_uuid)
        self.model.mark_pinned(row)  # until the quotes are read again (``reload_pinned``)
        self.status.setText(f"Pinned “{found.text[:60]}{'…' if len(found.text) > 60 else ''}”.")

    def reload_pinned(self, *_args) -> None:
        """The theme's quotes changed (pinned, unpinned, undone): mark the rows pinned now."""
        if self.isVisible():
            with self.store.session() as s:
                self.model.set_pinned(_pinned(s, self.theme.uuid, self.acting))


def _pinned(s, theme_uuid: str, acting) -> set[tuple[str, int, int]]:
    """The passages (source, start, end) pinned to the theme, as ``acting`` may see them."""
    from coding.quotes import quotes_of

    return {(q.source, q.start, q.end) for q in quotes_of(s, theme_uuid, acting, check=False)}
