"""Analysis › Reconcile: a lead walks through every discrepancy between two
coders and decides each, with a reason, keyboard first.

A = accept A, B = accept B, H = both, N = neither, E = edit the boundaries
(select the new span in the passage first), S = skip, J / K = next /
previous, Ctrl+Z / Ctrl+Shift+Z = undo / redo.  The discrepancies are read in
a worker; every change made here (a decision, a reopening, a comment, a
definition, copying the agreements) is one transaction run in the window's
step queue, in order, and a decision is one step on its undo stack.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Optional

from PySide6.QtCore import QItemSelectionModel, QSize, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QFileDialog, QHBoxLayout, QHeaderView,
                               QInputDialog, QLabel, QLineEdit, QMainWindow, QMessageBox, QProgressBar,
                               QPushButton, QSplitter, QTableView, QToolBar, QVBoxLayout, QWidget)

from app.common import worker
from app.common.words import plural
from app.common.flow_layout import FlowLayout
from app.common.step_queue import StepQueue
from app.reconcile.commands import DecideCommand
from app.reconcile.detail_pane import DetailPane
from app.reconcile.queue_model import QueueFilter, QueueModel
from coding.changes import Change
from coding.reconcile.decisions import ALLOWED, Pair
from coding.reconcile.discrepancies import KIND_LABELS, KINDS, Discrepancy
from storage import ProjectStore, TandemError

KEYS = (("accept-a", "Accept &A", "A"), ("accept-b", "Accept &B", "B"), ("both", "Both (&H)", "H"),
        ("neither", "&Neither", "N"), ("edit", "&Edit boundaries", "E"))


def _combo(characters: int) -> QComboBox:
    """A combo box as wide as ``characters`` whatever its items (its list shows them whole)."""
    box = QComboBox(minimumContentsLength=characters)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    return box


class ReviewWindow(QMainWindow):
    sig_review_loaded = Signal(int)         # number of discrepancies
    sig_decision_changed = Signal(str)      # discrepancy id (decided, reopened, undone)
    sig_load_failed = Signal(str)
    sig_project_changed = Signal(object)    # coding.changes.Change, as the workspace sends it
    sig_summary_shown = Signal(object)      # the SummaryDialog, once its figures are in

    def __init__(self, store: ProjectStore, acting, coders: list[str], parent: Optional[QWidget] = None,
                 pair: Optional[tuple[str, str]] = None, code: str = ""):
        super().__init__(parent)
        self.setObjectName("review_window")
        self.setWindowTitle(f"Reconcile — {store.title()}")
        self.store, self.acting = store, acting
        self.data = None
        self._task: Optional[worker.Task] = None
        self.undo_stack = QUndoStack(self)
        self.steps = StepQueue(store, lambda: self.acting, self)  # decisions run in a worker, in order
        self.steps.sig_step_failed.connect(self._error)
        self.steps.sig_busy_changed.connect(self._on_steps_busy_changed)
        self.model = QueueModel(self)
        self.proxy = QueueFilter(self)
        self.proxy.setSourceModel(self.model)
        self._build(coders, pair, code)
        self.resize(QSize(1200, 760).boundedTo(self.screen().availableGeometry().size()))  # a laptop too
        self.load()

    # --- layout ---
    def _build(self, coders: list[str], pair, code: str) -> None:
        bar = QToolBar("Reconcile")
        bar.setObjectName("review_toolbar")
        self.addToolBar(bar)
        self.coder_a, self.coder_b = _combo(12), _combo(12)
        for box in (self.coder_a, self.coder_b):
            box.addItems(coders)
        first, second = pair or (coders[0] if coders else "", coders[1] if len(coders) > 1 else "")
        self.coder_a.setCurrentText(first)
        self.coder_b.setCurrentText(second)
        self.unit = _combo(14)
        self.unit.addItem("coded segments", "segment")
        self.unit.addItem("sections (turns, responses)", "section")
        self.unit.addItem("paragraphs", "paragraph")
        self.unit.addItem("sentences", "sentence")
        self.unit.addItem("documents", "document")
        for label, widget in (("A:", self.coder_a), ("B:", self.coder_b), ("by", self.unit)):
            bar.addWidget(QLabel(f" {label} "))
            bar.addWidget(widget)
        self.refresh_button = QPushButton("Compare")
        self.refresh_button.clicked.connect(self.load)
        bar.addWidget(self.refresh_button)
        bar.addSeparator()
        self.action_summary = QAction("Summary && methods…", self)
        self.action_summary.triggered.connect(self.show_summary)
        self.action_export = QAction("Export decisions log…", self)
        self.action_export.triggered.connect(self._on_action_export_triggered)
        bar.addActions([self.action_summary, self.action_export])
        self.addToolBarBreak()  # the second row: what acts on the consensus layer and on one discrepancy
        self.discrepancy_bar = QToolBar("Discrepancy")
        self.discrepancy_bar.setObjectName("discrepancy_toolbar")
        self.addToolBar(self.discrepancy_bar)
        self.action_agreements = QAction("Copy agreements into Consensus", self)
        self.action_agreements.triggered.connect(self._on_action_agreements_triggered)
        self.discrepancy_bar.addAction(self.action_agreements)
        self.discrepancy_bar.addSeparator()

        filters = FlowLayout()  # wraps onto a second line when the queue is narrow
        self.code_filter = QLineEdit(code)
        self.code_filter.setMinimumWidth(140)
        self.code_filter.setPlaceholderText("code contains…")
        self.source_filter, self.kind_filter, self.status_filter = _combo(14), QComboBox(), QComboBox()
        self.source_filter.currentTextChanged.connect(self.source_filter.setToolTip)  # a long name, whole
        self.kind_filter.addItem("every class", "")
        for kind in KINDS:
            self.kind_filter.addItem(KIND_LABELS[kind], kind)
        for label, value in (("open (pending or reopened)", "open"), ("every status", ""), ("pending", "pending"),
                             ("decided", "decided"), ("reopened", "reopened")):
            self.status_filter.addItem(label, value)
        self.attribute_filter = QLineEdit()
        self.attribute_filter.setPlaceholderText("case attribute=value")
        self.attribute_filter.setMinimumWidth(140)
        for w in (self.code_filter, self.source_filter, self.kind_filter, self.status_filter, self.attribute_filter):
            filters.addWidget(w)
            (w.textChanged if isinstance(w, QLineEdit) else w.currentIndexChanged).connect(self._on_filters_changed)
        self.table = QTableView()
        self.table.setObjectName("queue")
        self.table.setModel(self.proxy)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # text order until asked
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_row_changed)
        self.detail = DetailPane()
        self.detail.rationale.returnPressed.connect(self.table.setFocus)
        deciding, moving = QWidget(), QWidget()  # the decisions, then the moves: on two lines when narrow
        for group in (deciding, moving):
            QHBoxLayout(group).setContentsMargins(0, 0, 0, 0)
        buttons = FlowLayout()
        buttons.addWidget(deciding)
        buttons.addWidget(moving)
        self.decide_actions: dict[str, QAction] = {}
        for choice, text, key in KEYS:
            action = QAction(f"{text}  [{key}]", self)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda _=False, c=choice: self.decide(c))
            self.decide_actions[choice] = action
            button = QPushButton(action.text().replace("&", ""))
            button.setObjectName(f"decide_{choice}")
            button.clicked.connect(action.trigger)
            deciding.layout().addWidget(button)
        for text, key, slot in (("Skip", "S", self.next_open), ("Next", "J", self.next_row),
                                ("Previous", "K", self.previous_row)):
            action = QAction(f"{text}  [{key}]", self)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda _checked=False, f=slot: f())  # not the 'checked' flag as an argument
            self.table.addAction(action)
            button = QPushButton(f"{text} [{key}]")
            button.clicked.connect(action.trigger)
            moving.layout().addWidget(button)
        for action in self.decide_actions.values():
            self.table.addAction(action)
        self.action_undo = self.undo_stack.createUndoAction(self, "&Undo")
        self.action_undo.setShortcut(QKeySequence.StandardKey.Undo)
        self.action_redo = self.undo_stack.createRedoAction(self, "&Redo")
        self.action_redo.setShortcut(QKeySequence("Ctrl+Shift+Z"))
        self.action_comment = QAction("Comment…", self)
        self.action_comment.triggered.connect(self._on_action_comment_triggered)
        self.action_flag = QAction("Flag code: definition needs work", self)
        self.action_flag.triggered.connect(self._on_action_flag_triggered)
        self.action_reopen = QAction("Reopen decision", self)
        self.action_reopen.triggered.connect(self._on_action_reopen_triggered)
        for action in (self.action_undo, self.action_redo):
            self.addAction(action)
        self.action_definition = QAction("Edit definition…", self)
        self.action_definition.setShortcut(QKeySequence("Ctrl+E"))
        self.action_definition.triggered.connect(self._on_action_definition_triggered)
        self.discrepancy_bar.addActions([self.action_comment, self.action_definition, self.action_flag,
                                         self.action_reopen])
        self.progress = QProgressBar()
        self.progress.setObjectName("decided_progress")
        self.status = QLabel("")
        self.status.setWordWrap(True)
        left = QWidget()
        lay = QVBoxLayout(left)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(filters)
        lay.addWidget(self.table, 1)
        right = QWidget()
        rlay = QVBoxLayout(right)
        rlay.setContentsMargins(0, 0, 0, 0)
        rlay.addWidget(self.detail, 1)
        rlay.addLayout(buttons)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([560, 640])
        central = QWidget()
        clay = QVBoxLayout(central)
        clay.addWidget(splitter, 1)
        clay.addWidget(self.progress)
        clay.addWidget(self.status)
        self.setCentralWidget(central)
        self.setFocusProxy(self.table)

    # --- loading ---
    def pair(self) -> tuple[str, str]:
        return self.coder_a.currentText(), self.coder_b.currentText()

    def load(self) -> Optional[worker.Task]:
        """Compare the two layers in a worker and fill the queue."""
        from coding.reconcile.review import load_review

        if self._task is not None:
            self._task.cancel()
        store, acting, (a, b), unit = self.store, self.acting, self.pair(), self.unit.currentData()

        def run(progress):
            with store.session() as s:
                return load_review(s, acting, a, b, unit=unit)

        self.status.setText(f"Comparing {a} and {b}…")
        self.progress.setRange(0, 0)
        task = self._task = worker.Task(run)
        task.signals.sig_result_ready.connect(self._on_task_result_ready)
        task.signals.sig_task_failed.connect(self._on_task_failed)
        return worker.start(task)

    def _on_task_result_ready(self, data) -> None:
        self.data = data
        self.undo_stack.clear()  # steps refer to the discrepancies listed before
        self.model.set_rows(data.comparison.discrepancies)
        self.proxy.set_cases(data.cases)
        current = self.source_filter.currentData()
        self.source_filter.blockSignals(True)
        self.source_filter.clear()
        self.source_filter.addItem("every source", "")
        for name in sorted({d.source for d in data.comparison.discrepancies}):
            self.source_filter.addItem(name, name)
        self.source_filter.setCurrentIndex(max(0, self.source_filter.findData(current or "")))
        self.source_filter.blockSignals(False)
        self.source_filter.setToolTip(self.source_filter.currentText())
        self._on_filters_changed()
        for column, width in enumerate((110, 100, 190, 170, 150, 90)):  # sizing to contents reads every row
            self.table.setColumnWidth(column, width)
        self._show_progress()
        self.next_open(from_row=-1)
        self.table.setFocus()  # keyboard first: A, B, H, N… act on the queue at once
        self.sig_review_loaded.emit(len(data.comparison.discrepancies))

    def _on_task_failed(self, exc: Exception) -> None:
        message = str(exc) if isinstance(exc, TandemError) else f"{type(exc).__name__}: {exc}"
        self.progress.setRange(0, 1)
        self.status.setText(message)
        self.sig_load_failed.emit(message)
        self._error("Reconcile", message)

    def _show_progress(self) -> None:
        rows = self.model.rows()
        total, decided = len(rows), sum(d.status == "decided" for d in rows)
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(decided if total else 1)
        self.progress.setFormat(f"{decided} of {total} decided (%p%)")
        kinds = " · ".join(f"{KIND_LABELS[k]} {sum(d.status == 'decided' for d in rows if d.kind == k)}/"
                           f"{sum(d.kind == k for d in rows)}" for k in KINDS if any(d.kind == k for d in rows))
        s = self.data.summary if self.data else None
        extra = f" · {s.agreements} agreements" if s else ""
        stale = f" · {len(self.data.comparison.stale)} decisions rest on changed codings" if self.data and \
            self.data.comparison.stale else ""
        self.status.setText((kinds or "No discrepancies between these two layers.") + extra + stale)

    # --- navigation ---
    def current(self) -> Optional[Discrepancy]:
        return self.proxy.discrepancy_at(self.table.currentIndex().row())

    def _select(self, row: int) -> None:
        if 0 <= row < self.proxy.rowCount():
            index = self.proxy.index(row, 0)
            self.table.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            self.table.scrollTo(index)

    def next_row(self) -> None:
        self._select(min(self.table.currentIndex().row() + 1, self.proxy.rowCount() - 1))

    def previous_row(self) -> None:
        self._select(max(self.table.currentIndex().row() - 1, 0))

    def _next_open_row(self, start: int) -> int:
        """The proxy row of the next discrepancy after ``start`` not yet decided, wrapping round (-1: none)."""
        n = self.proxy.rowCount()
        for step in range(1, n + 1):
            row = (start + step) % n
            d = self.proxy.discrepancy_at(row)
            if d is not None and d.status != "decided":
                return row
        return -1

    def next_open(self, from_row: Optional[int] = None) -> None:
        """The next discrepancy not yet decided (S skips to it), wrapping round."""
        start = self.table.currentIndex().row() if from_row is None else from_row
        row = self._next_open_row(start)
        if row >= 0:
            self._select(row)
        elif self.proxy.rowCount() and from_row == -1:
            self._select(0)

    def _on_table_current_row_changed(self, current, _previous) -> None:
        d = self.proxy.discrepancy_at(current.row())
        if d is None or self.data is None:
            self.detail.clear()
            return
        earlier = self.data.decisions
        attributes = self.data.cases.get(d.case or "", [])
        self.detail.show_discrepancy(d, self.data.texts.get(d.source_uuid, ""), self.pair(), self.data.colours,
                                     self.data.codes, attributes, earlier)
        for choice, action in self.decide_actions.items():
            action.setEnabled(choice in ALLOWED[d.kind])

    def _on_filters_changed(self, *_args) -> None:
        name, sep, value = self.attribute_filter.text().partition("=")
        self.proxy.set_filters(self.code_filter.text(), self.source_filter.currentData() or "",
                               self.kind_filter.currentData() or "", self.status_filter.currentData() or "",
                               (name.strip(), value.strip()) if sep else ("", ""))

    # --- deciding ---
    def decide(self, choice: str) -> bool:
        """Decide the current discrepancy (E: with the span selected in the passage)."""
        d = self.current()
        if d is None or self.data is None:
            return False
        span = None
        if choice == "edit":
            span = self.detail.selected_span()
            if span is None:
                self._error("Edit the boundaries", "Select the passage the consensus coding should cover in the "
                            "text above, then press E again.")
                return False
        here = self.table.currentIndex().row()
        following = self.proxy.discrepancy_at(self._next_open_row(here))  # where to go next
        c = self.data.comparison
        command = DecideCommand(self.steps, self.undo_stack, self.acting, Pair(c.coder_a_uuid, c.coder_b_uuid, c.unit),
                                d, choice, self.detail.rationale.text(), span, self._on_decision_changed)
        command.start()
        if following is not None and following.id != d.id:  # on to the next one at once: the decision is saved behind
            self._select(next(r for r in range(self.proxy.rowCount())
                              if self.proxy.discrepancy_at(r).id == following.id))
        return True

    def _on_steps_busy_changed(self, busy: bool) -> None:
        """Undo and redo wait for the decisions still being saved."""
        self.action_undo.setEnabled(not busy and self.undo_stack.canUndo())
        self.action_redo.setEnabled(not busy and self.undo_stack.canRedo())

    def _on_decision_changed(self, d: Discrepancy) -> None:
        self.model.replace(d)
        if self.data is not None:
            self.data.comparison.discrepancies = self.model.rows()
        if self.detail.discrepancy() is not None and self.detail.discrepancy().id == d.id:
            self._on_table_current_row_changed(self.table.currentIndex(), None)
        self._show_progress()
        self.sig_decision_changed.emit(d.id)
        self.sig_project_changed.emit(Change(codings=True, decisions=True))  # the consensus layer changed

    def _on_action_reopen_triggered(self) -> None:
        d = self.current()
        if d is None or d.status != "decided":
            return
        from coding.reconcile import decisions

        reason, ok = QInputDialog.getText(self, "Reopen decision", "Why is it reopened?")
        if not ok:
            return
        self.steps.run(lambda s: decisions.reopen(s, self.acting, d.id, reason),
                       lambda: self._on_decision_changed(replace(
                           d, status="reopened",
                           reopened_because=f"reopened by {self.acting.name}" + (f": {reason}" if reason else ""))),
                       "Reopen")

    def _on_action_agreements_triggered(self) -> None:
        from coding.reconcile import decisions

        if self.data is None:
            return
        comparison, added = self.data.comparison, []

        def copied() -> None:
            n, total = added[0], len(comparison.agreements)
            if n == 0 and total:
                self.status.setText(f"Every agreement ({total:,}) is in the consensus layer already; nothing was "
                                    "copied.")
            else:
                self.status.setText(f"{plural(n, 'coding')} copied into the consensus layer from "
                                    f"{plural(total, 'agreement')} (what was there already is kept).")
            self.sig_project_changed.emit(Change(codings=True, decisions=True))

        self.status.setText(f"Copying {len(comparison.agreements):,} agreements into the consensus layer…")
        self.steps.run(lambda s: added.append(decisions.copy_agreements(s, self.acting, comparison)), copied,
                       "Copy agreements")

    def _on_action_comment_triggered(self) -> None:
        from coding.reconcile import decisions

        d = self.current()
        if d is None:
            return
        text, ok = QInputDialog.getMultiLineText(self, "Comment", f"Comment on {d.id} ({d.code}):")
        if not ok or not text.strip():
            return
        comment = {"author": self.acting.name, "text": text.strip(), "at": ""}
        self.steps.run(lambda s: decisions.comment(s, self.acting, d.id, text),
                       lambda: self._on_decision_changed(replace(d, comments=d.comments + [comment])), "Comment")

    def _on_action_flag_triggered(self) -> None:
        from coding import codebook

        d = self.current()
        if d is None:
            return
        path = (d.a or d.b)[0].code
        node = self.data.codes.get(path) if self.data is not None else None
        seen = node.version if node is not None else None  # another coder's edit since is not overwritten

        def flagged() -> None:
            if self.data is not None and path in self.data.codes:
                self.data.codes[path] = replace(self.data.codes[path], needs_work=True,
                                                version=self.data.codes[path].version + 1)
            self._on_table_current_row_changed(self.table.currentIndex(), None)
            self.status.setText(f"'{path}' is flagged: its definition needs work.")
            self.sig_project_changed.emit(Change(codebook=True))

        self.steps.run(lambda s: codebook.update_code(s, codebook.get_code(s, path), expected_version=seen,
                                                      needs_work=True), flagged, "Flag code", self._refresh_codes)

    def _on_action_definition_triggered(self):
        """The code's definition, edited right here (one logged change)."""
        from app.codebook.code_dialog import CodeDialog

        d = self.current()
        if d is None or self.data is None:
            return None
        node = self.data.codes.get((d.a or d.b)[0].code)
        if node is None:
            return None
        dialog = CodeDialog(node, self)
        dialog.accepted.connect(lambda: self._save_definition(node, dialog.changes()))
        dialog.open()
        return dialog

    def _save_definition(self, node, fields: dict) -> None:
        from coding import codebook

        if not fields:
            return

        def saved() -> None:
            self.data.codes[node.path] = replace(node, version=node.version + 1, **fields)
            self._on_table_current_row_changed(self.table.currentIndex(), None)
            self.sig_project_changed.emit(Change(codebook=True))

        self.steps.run(lambda s: codebook.update_code(s, codebook.get_code(s, node.path),
                                                      expected_version=node.version, **fields),
                       saved, "Edit definition", self._refresh_codes)

    def _refresh_codes(self, message: str) -> str:
        """After a refused edit of a code (another coder changed it meanwhile),
        the window's copy of the codebook is read again in a worker."""
        from coding import codebook

        store = self.store

        def read(_progress):
            with store.session() as s:
                return {n.path: n for n in codebook.tree(s)}

        def fresh(codes) -> None:
            if self.data is not None:
                self.data.codes.clear()
                self.data.codes.update(codes)
                self._on_table_current_row_changed(self.table.currentIndex(), None)

        task = worker.Task(read)
        task.signals.sig_result_ready.connect(fresh)
        task.signals.sig_task_failed.connect(lambda exc: self._error("Reading the codebook", str(exc)))
        worker.start(task)
        self.sig_project_changed.emit(Change(codebook=True))
        return message

    def show_summary(self) -> Optional[worker.Task]:
        """Progress, agreement before and against the consensus layer, and the
        methods paragraph — computed in a worker, then shown."""
        from coding.reconcile.discrepancies import compare
        from coding.reconcile.summary import summarise

        store, acting, (a, b), unit = self.store, self.acting, self.pair(), self.unit.currentData()

        def run(_progress):
            with store.session() as s:
                return summarise(s, acting, compare(s, acting, a, b, unit=unit))

        self.status.setText("Computing the summary…")
        task = worker.Task(run)
        task.signals.sig_result_ready.connect(self._on_summary_task_result_ready)
        task.signals.sig_task_failed.connect(lambda exc: self._error("Summary", str(exc)))
        return worker.start(task)

    def _on_summary_task_result_ready(self, summary) -> None:
        from app.reconcile.summary_dialog import SummaryDialog

        self._show_progress()
        dialog = SummaryDialog(summary, self)
        dialog.open()
        self.sig_summary_shown.emit(dialog)

    def _on_action_export_triggered(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Export decisions log", str(Path.home() / "decisions.docx"),
                                              "Word (*.docx);;Excel (*.xlsx);;CSV (*.csv)")
        if name:
            self.export(Path(name))

    def export(self, path: Path) -> Optional[worker.Task]:
        """Write the decisions log (with the methods paragraph) in a worker."""
        from coding.reconcile.decisions import decisions
        from coding.reconcile.discrepancies import compare
        from coding.reconcile.summary import methods_paragraph, summarise
        from exporters.decisions_log import export_decisions

        self.steps.wait()  # the decisions still being saved belong in the log
        store, acting, (a, b), unit = self.store, self.acting, self.pair(), self.unit.currentData()

        def run(_progress):
            with store.session() as s:
                rows = decisions(s, acting)
                methods = methods_paragraph(summarise(s, acting, compare(s, acting, a, b, unit=unit)))
            export_decisions(rows, path, methods)
            return str(path)

        task = worker.Task(run)
        task.signals.sig_result_ready.connect(lambda p: self.status.setText(f"Wrote {p}"))
        task.signals.sig_task_failed.connect(lambda exc: self._error("Export", str(exc)))
        return worker.start(task)

    def _error(self, title: str, message: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, self)
        box.setObjectName("error_box")
        box.open()
