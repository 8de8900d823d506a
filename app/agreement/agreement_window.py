"""Analysis > Agreement: inter-coder agreement for the open project.

The options bar builds an ``AgreementRequest``; ``compute_agreement`` runs in a
worker (its own session; the report is plain data) with a progress bar and
Cancel.  The measures table, the heat map and the methods paragraph show the
report; selecting a code (or a heat-map cell) lists its disagreements, also
computed off the GUI thread, and double-clicking one asks the main window to
show the span in the document.  Export… writes the report as .xlsx, .docx or
.csv through ``exporters.agreement``.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from PySide6.QtCore import QSize, QTimer, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog, QHBoxLayout, QLabel, QMainWindow, QMessageBox, QProgressBar, QPushButton, QSplitter,
    QTabWidget, QVBoxLayout, QWidget,
)

from app.agreement.choices import load_choices
from app.agreement.disagreements_pane import DisagreementsPane
from app.agreement.heatmap_view import HeatmapView
from app.agreement.measures_view import MeasuresView
from app.agreement.methods_pane import MethodsPane
from app.agreement.options_bar import OptionsBar
from app.common import worker
from coding.agreement.corpus import AgreementRequest
from coding.agreement.disagreements import list_disagreements
from coding.agreement.service import compute_agreement
from storage import ProjectStore, TandemError

EXPORT_FILTERS = {
    "Excel workbook (*.xlsx)": ".xlsx",
    "Word document (*.docx)": ".docx",
    "CSV table (*.csv)": ".csv",
}
UNIT_NOUNS = {"char": "run of characters", "sentence": "sentence", "paragraph": "paragraph",
              "section": "section", "document": "document", "frequency": "document",
              "segment": "unmatched coding", "unitized": "run of characters"}
RECOMPUTE_DELAY_MS = 250  # options changed in quick succession compute once


class AgreementWindow(QMainWindow):
    sig_report_computed = Signal(object)        # AgreementReport
    sig_computation_failed = Signal(str)        # the message shown
    sig_computation_cancelled = Signal()
    sig_disagreements_listed = Signal(object)   # list[Disagreement]
    sig_span_requested = Signal(str, int, int)  # source name, start, end (code points)
    sig_reconcile_requested = Signal(str, str, str)  # coder A, coder B, code path ("" for every code)
    sig_report_exported = Signal(str)           # path written

    def __init__(self, store: ProjectStore, acting, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setWindowTitle(f"Agreement — {store.title()}")
        self.setObjectName("agreement_window")
        self.resize(QSize(1320, 860).boundedTo(self.screen().availableGeometry().size()))  # a laptop too
        self.store = store
        self.acting = acting  # who is looking: the core refuses a coder while coding is blind
        self.report = None
        self.request: Optional[AgreementRequest] = None  # the request behind ``report``
        self._task: Optional[worker.Task] = None
        self._list_task: Optional[worker.Task] = None
        self._export_task: Optional[worker.Task] = None
        self._selection: tuple[str, str] = ("", "")  # code, source of the listed disagreements

        self.options = OptionsBar()
        self.options.sig_options_changed.connect(self._on_options_options_changed)
        self.options.sig_compute_requested.connect(self.compute)
        self.measures = MeasuresView()
        self.measures.sig_code_selected.connect(self._on_measures_code_selected)
        self.heatmap = HeatmapView()
        self.heatmap.sig_cell_selected.connect(self._on_heatmap_cell_selected)
        self.methods = MethodsPane()
        self.methods.sig_paragraph_copied.connect(self._on_methods_paragraph_copied)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.measures, "Measures")
        self.tabs.addTab(self.heatmap, "Heat map")
        self.tabs.addTab(self.methods, "Methods")
        self.disagreements = DisagreementsPane()
        self.disagreements.sig_span_activated.connect(self.sig_span_requested)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.tabs)
        split.addWidget(self.disagreements)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([560, 220])

        # What the scope holds beside the numbers: a coder with no codings there,
        # sources nobody coded (with the offer to leave them out, or to take them back).
        self.scope_label = QLabel()
        self.scope_label.setObjectName("scope_label")
        self.scope_label.setWordWrap(True)
        self.scope_button = QPushButton()
        self.scope_button.setObjectName("scope_button")
        self.scope_button.clicked.connect(self._on_scope_button_clicked)
        self.scope_banner = QWidget()
        self.scope_banner.setObjectName("scope_banner")
        self.scope_banner.setStyleSheet("#scope_banner { background: #FFF4CE; border: 1px solid #E0C060; }"
                                        " #scope_banner QLabel { color: #1A1A1A; }")
        banner = QHBoxLayout(self.scope_banner)
        banner.setContentsMargins(8, 4, 8, 4)
        banner.addWidget(self.scope_label, 1)
        banner.addWidget(self.scope_button)
        self.scope_banner.hide()

        self.status = QLabel()
        self.progress = QProgressBar(maximumWidth=220, textVisible=False)
        self.progress.hide()
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop the computation (Esc)")
        self.cancel_button.setShortcut(QKeySequence("Esc"))
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self._on_cancel_button_clicked)
        self.export_button = QPushButton("&Export…")
        self.export_button.setToolTip("Save the report as an Excel workbook, Word document or CSV (Ctrl+E)")
        self.export_button.setShortcut(QKeySequence("Ctrl+E"))
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self._on_export_button_clicked)
        self.reconcile_button = QPushButton("&Reconcile…")
        self.reconcile_button.setObjectName("reconcile_button")
        self.reconcile_button.setToolTip("Decide each discrepancy between the first two coders (leads), "
                                         "for the selected code")
        self.reconcile_button.clicked.connect(self._on_reconcile_button_clicked)
        self.disagreements.sig_reconcile_requested.connect(self._on_reconcile_button_clicked)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.progress)
        bottom.addWidget(self.cancel_button)
        bottom.addWidget(self.export_button)
        bottom.addWidget(self.reconcile_button)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 0, 4, 4)
        layout.addWidget(self.options)
        layout.addWidget(self.scope_banner)
        layout.addWidget(split, 1)
        layout.addLayout(bottom)
        self.setCentralWidget(body)
        self._add_shortcuts()

        self._recompute = QTimer(self, singleShot=True, interval=RECOMPUTE_DELAY_MS)
        self._recompute.timeout.connect(self.compute)
        self.reload()

    def _add_shortcuts(self) -> None:
        for i in range(self.tabs.count()):
            action = QAction(self)
            action.setShortcut(QKeySequence(f"Ctrl+{i + 1}"))
            action.triggered.connect(lambda _=False, n=i: self.tabs.setCurrentIndex(n))
            self.addAction(action)
        close = QAction(self)
        close.setShortcut(QKeySequence.StandardKey.Close)
        close.triggered.connect(self.close)
        self.addAction(close)

    # --- public ---
    def reload(self) -> None:
        """Re-read coders, codes, sources and attributes (small queries), then compute."""
        with self.store.session() as s:
            choices = load_choices(s, self.acting)
        self.options.set_choices(choices)
        self.compute()

    def compute(self) -> Optional[worker.Task]:
        """Compute agreement for the current options in a worker; a computation
        still running is cancelled and its result ignored."""
        self._recompute.stop()
        try:
            request = self.options.request()
        except TandemError as exc:
            self.status.setText(str(exc))
            return None
        self._cancel(self._task)
        self._cancel(self._list_task)
        self.options.remember()
        store, acting = self.store, self.acting

        def run(progress):
            progress(0, 1)
            with store.session() as s:
                report = compute_agreement(s, acting, request, progress)
            progress(1, 1)  # a last chance to cancel
            return request, report

        self.status.setText("Computing agreement…")
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.setEnabled(True)
        self._task = self._start(run, self._on_compute_task_result_ready, self._on_compute_task_failed,
                                 self._on_compute_task_cancelled, self._on_compute_task_progress_changed)
        return self._task

    def list_disagreements(self, code: str, source: str = "") -> Optional[worker.Task]:
        """List the disagreements on ``code`` (in ``source``, if given) in a worker."""
        self._cancel(self._list_task)
        if not code or self.request is None:
            self._selection = ("", "")
            self.disagreements.show_hint()
            return None
        request, store, acting = self.request, self.store, self.acting
        self._selection = (code, source)

        def run(progress):
            with store.session() as s:
                found = list_disagreements(s, acting, request, code, source or None)
            progress(1, 1)
            return found

        self.disagreements.show_busy(code, source)
        self._list_task = self._start(run, self._on_list_task_result_ready, self._on_list_task_failed)
        return self._list_task

    def export(self, path: Path) -> Optional[worker.Task]:
        """Write the report to ``path`` (.xlsx, .docx or .csv) in a worker."""
        if self.report is None:
            return None
        try:
            from exporters.agreement import export_report
        except ImportError:
            self._show_error("Cannot export", "Exporting agreement reports is not available in this "
                                              "version of Tandem.")
            return None
        report = self.report

        def run(_progress):
            export_report(report, path)
            return str(path)

        self.status.setText(f"Exporting to {path.name}…")
        self.export_button.setEnabled(False)
        self._export_task = self._start(run, self._on_export_task_result_ready,
                                        self._on_export_task_failed)
        return self._export_task

    # --- running work ---
    def _start(self, fn, on_result, on_failed, on_cancelled=None, on_progress=None) -> worker.Task:
        task = worker.Task(fn)
        task.signals.sig_result_ready.connect(on_result)
        task.signals.sig_task_failed.connect(on_failed)
        if on_cancelled is not None:
            task.signals.sig_task_cancelled.connect(on_cancelled)
        if on_progress is not None:
            task.signals.sig_progress_changed.connect(on_progress)
        worker.start(task)
        return task

    @staticmethod
    def _cancel(task: Optional[worker.Task]) -> None:
        if task is not None:
            task.cancel()

    def _is_current(self, task: Optional[worker.Task]) -> bool:
        """Whether the signal being handled comes from ``task`` (not a stale one)."""
        return task is not None and self.sender() is task.signals

    # --- handlers: computing ---
    def _on_options_options_changed(self) -> None:
        self._recompute.start()

    def _on_compute_task_progress_changed(self, done: int, total: int) -> None:
        if self._is_current(self._task) and total > 1:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

    def _on_compute_task_result_ready(self, result) -> None:
        if not self._is_current(self._task):
            return
        self._task = None
        self.request, self.report = result
        self._idle()
        report = self.report
        code, source = self._selection  # kept across the recomputation where it still exists
        self.measures.set_report(report)
        self.heatmap.set_report(report)
        self.methods.set_report(report)
        self._show_scope(report)
        self.export_button.setEnabled(True)
        self.status.setText(
            f"{len(report.codes)} codes, {report.n_units:,.0f} units, {len(report.sources)} sources "
            f"— computed in {report.elapsed_ms / 1000:.1f} s.")
        if code and any(r.code == code for r in report.codes + report.groups):
            source = source if source in report.sources else ""
            self.list_disagreements(code, source)
            if not source:
                self.measures.select_code(code)
        else:
            self.list_disagreements("")
        self.sig_report_computed.emit(report)

    def _on_compute_task_failed(self, exc: Exception) -> None:
        if not self._is_current(self._task):
            return
        self._task = None
        self._idle()
        self._show_error("Cannot compute agreement", _message(exc))
        self.sig_computation_failed.emit(_message(exc))

    def _on_compute_task_cancelled(self) -> None:
        if not self._is_current(self._task):
            return
        self._task = None
        self._idle()
        self.status.setText("Cancelled: the table shows the last computed results." if self.report
                            else "Cancelled.")
        self.sig_computation_cancelled.emit()

    def _show_scope(self, report) -> None:
        """Say when a chosen coder has no codings in scope, and name the sources
        nobody coded with the offer to leave them out (or take them back)."""
        scope = report.scope or {}
        lines = [f"⚠ {coder} has no codings in these sources: the figures compare {coder}'s "
                 "silence with the other coders' codings. Choose coders who coded them."
                 for coder in scope.get("coders_without_codings", [])]
        uncoded = scope.get("uncoded_sources", [])
        shown = ", ".join(uncoded[:6]) + (f" and {len(uncoded) - 6} more" if len(uncoded) > 6 else "")
        self.scope_button.setVisible(bool(uncoded))
        if uncoded and scope.get("uncoded_sources_left_out"):
            lines.append(f"Left out {len(uncoded)} source{'s' if len(uncoded) != 1 else ''} that no "
                         f"coder has coded: {shown}.")
            self.scope_button.setText("&Include them")
        elif uncoded:
            lines.append(f"{len(uncoded)} source{'s' if len(uncoded) != 1 else ''} in scope "
                         f"{'has' if len(uncoded) == 1 else 'have'} no codings by any of these "
                         f"coders (likely not coded yet): {shown}. They count as agreement that no "
                         "code applies.")
            self.scope_button.setText("&Leave them out")
        self.scope_label.setText("\n".join(lines))
        self.scope_banner.setVisible(bool(lines))

    def _on_scope_button_clicked(self) -> None:
        box = self.options.skip_uncoded_box
        box.setChecked(not box.isChecked())  # recomputes (options changed)

    def _on_cancel_button_clicked(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self.status.setText("Cancelling…")
            self.cancel_button.setEnabled(False)

    def _idle(self) -> None:
        self.progress.hide()
        self.cancel_button.setEnabled(False)

    # --- handlers: disagreements ---
    def _on_measures_code_selected(self, code: str) -> None:
        if code != self._selection[0] or self._selection[1]:
            self.list_disagreements(code)

    def _on_heatmap_cell_selected(self, code: str, source: str) -> None:
        if (code, source) != self._selection:
            self.list_disagreements(code, source)

    def _on_list_task_result_ready(self, found) -> None:
        if not self._is_current(self._list_task):
            return
        self._list_task = None
        code, source = self._selection
        coders = list(self.report.coders) if self.report else []
        if self.request.unit == "segment":
            coders = coders[:2]  # segment matching pairs the first two coders
        self.disagreements.set_disagreements(code, source, coders, found,
                                             UNIT_NOUNS.get(self.request.unit, "unit"))
        self.sig_disagreements_listed.emit(found)

    def _on_list_task_failed(self, exc: Exception) -> None:
        if not self._is_current(self._list_task):
            return
        self._list_task = None
        self.disagreements.show_hint(f"Cannot list the disagreements: {_message(exc)}")

    # --- handlers: export and copy ---
    def _on_reconcile_button_clicked(self, *_args) -> None:
        coders = self.request.coders if self.request is not None else ()
        if len(coders) >= 2:
            self.sig_reconcile_requested.emit(coders[0], coders[1], self._selection[0])

    def _on_export_button_clicked(self) -> None:
        if self.report is None:
            return
        name, chosen = QFileDialog.getSaveFileName(
            self, "Export agreement report", str(Path.home() / f"agreement-{self.report.unit}.xlsx"),
            ";;".join(EXPORT_FILTERS))
        if not name:
            return
        path = Path(name)
        if path.suffix.lower() not in EXPORT_FILTERS.values():
            path = path.with_name(path.name + EXPORT_FILTERS.get(chosen, ".xlsx"))
        self.export(path)

    def _on_export_task_result_ready(self, path: str) -> None:
        self._export_task = None
        self.export_button.setEnabled(self.report is not None)
        self.status.setText(f"Exported to {path}.")
        self.sig_report_exported.emit(path)

    def _on_export_task_failed(self, exc: Exception) -> None:
        self._export_task = None
        self.export_button.setEnabled(self.report is not None)
        self._show_error("Cannot export the report", _message(exc))

    def _on_methods_paragraph_copied(self, _text: str) -> None:
        self.status.setText("Methods paragraph copied to the clipboard.")

    # --- errors and closing ---
    def _show_error(self, title: str, message: str) -> None:
        self.status.setText(message.splitlines()[0] if message else title)
        box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, self)
        box.setObjectName("error_box")
        box.open()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self._recompute.stop()
        for task in (self._task, self._list_task):
            self._cancel(task)
        super().closeEvent(event)


def _message(exc: Exception) -> str:
    if isinstance(exc, TandemError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}\n\n{getattr(exc, '__traceback_text__', '')}".strip()
