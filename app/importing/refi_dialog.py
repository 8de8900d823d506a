"""File › Import REFI-QDA Project or Codebook…: a .qdpx (or .qdc, .qde) from
NVivo, ATLAS.ti, MAXQDA or another Tandem — or a codebook agreed in a
spreadsheet, as CSV (``importers.codebook_csv``) — is read in a worker and checked
whole; the dialog shows what the file holds, how its positions were read,
every selection that did not land on its text and what Tandem cannot bring
over; Import writes it in one transaction in a worker (with a progress bar;
Cancel writes nothing), then lists what was created and merged."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFileDialog, QLabel, QPlainTextEdit, QProgressBar, QPushButton, QVBoxLayout, QWidget,
)

from app.common import folders, worker
from storage import ProjectStore, TandemError

FILTER = ("Projects and codebooks (*.qdpx *.qdc *.qde *.csv);;REFI-QDA projects and codebooks (*.qdpx *.qdc *.qde);;"
          "Codebook CSV (*.csv);;All files (*)")


def _importer(path: Path):
    """(read, write) for the file: a codebook CSV, else REFI-QDA."""
    if path.suffix.lower() == ".csv":
        from importers import codebook_csv

        return codebook_csv.read_plan, codebook_csv.write_plan
    from importers import refi_qda

    return refi_qda.read, refi_qda.write


class RefiImportDialog(QDialog):
    sig_file_read = Signal()
    sig_import_finished = Signal(object)  # importers.refi_qda.RefiReport
    sig_import_failed = Signal(str)

    def __init__(self, store: ProjectStore, path: Path, acting, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.setWindowTitle(f"Import {Path(path).name}")
        self.resize(860, 560)
        self.store, self.path, self.acting = store, Path(path), acting
        self.plan = None
        self.report = None
        self.task: Optional[worker.Task] = None
        self.details = QPlainTextEdit(readOnly=True)
        self.status = QLabel("Reading the file…")
        self.status.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.import_button = QPushButton("Import")
        self.import_button.setEnabled(False)
        self.import_button.setDefault(True)
        self.cancel_button = QPushButton("Cancel")
        buttons = QDialogButtonBox()
        buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.import_button.clicked.connect(self._on_import_button_clicked)
        self.cancel_button.clicked.connect(self._on_cancel_button_clicked)
        layout = QVBoxLayout(self)
        layout.addWidget(self.details, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addWidget(buttons)
        self._run(self._read, self._on_read_task_result_ready)

    # --- reading, then writing, each in a worker ---
    def _read(self, _progress):
        return _importer(self.path)[0](self.path)

    def _on_read_task_result_ready(self, plan) -> None:
        self.plan = plan
        self.details.setPlainText("\n\n".join(plan.summary()))
        self.status.setText("Check what the file holds, then Import: everything is written in one step "
                            "(undone by restoring the backup Tandem keeps, File › Restore from Backup).")
        self.progress.hide()
        self.import_button.setEnabled(True)
        self.sig_file_read.emit()

    def _on_import_button_clicked(self) -> None:
        store, acting, plan, write_plan = self.store, self.acting, self.plan, _importer(self.path)[1]

        def write(progress):
            with store.transaction(acting) as s:
                report = write_plan(s, plan, progress)
                progress(1, 1)  # a last chance to cancel, before the commit
                return report

        self.import_button.setEnabled(False)
        self.status.setText("Importing…")
        self.progress.show()
        self._run(write, self._on_write_task_result_ready)

    def _on_write_task_result_ready(self, report) -> None:
        self.report = report
        self.details.setPlainText("\n".join(report.lines()))
        self.status.setText("Imported.")
        self.progress.hide()
        self.cancel_button.setText("Close")
        self.sig_import_finished.emit(report)

    def _run(self, fn, on_result) -> None:
        task = self.task = worker.Task(fn)
        task.signals.sig_progress_changed.connect(self._on_task_progress_changed)
        task.signals.sig_result_ready.connect(on_result)
        task.signals.sig_task_failed.connect(self._on_task_failed)
        task.signals.sig_task_cancelled.connect(self._on_task_cancelled)
        for signal in (task.signals.sig_result_ready, task.signals.sig_task_failed):
            signal.connect(lambda *_args, done=task: self._on_task_done(done))
        worker.start(task)

    def _on_task_progress_changed(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _on_task_failed(self, exc: Exception) -> None:
        message = str(exc) if isinstance(exc, TandemError) else f"{type(exc).__name__}: {exc}"
        self.status.setText(f"Nothing was imported. {message}")
        self.progress.hide()
        self.import_button.setEnabled(False)
        self.sig_import_failed.emit(message)

    def _on_task_done(self, task: worker.Task) -> None:
        if self.task is task:  # the reading task's news may arrive after the writing task started
            self.task = None

    def _on_task_cancelled(self) -> None:
        self.task = None
        self.status.setText("Cancelled: nothing was imported.")
        super().reject()

    def _on_cancel_button_clicked(self) -> None:
        if self.task is None:
            if self.report is None:
                super().reject()
            else:
                self.accept()
            return
        self.task.cancel()  # the worker stops at its next progress report and rolls back
        self.cancel_button.setEnabled(False)
        self.status.setText("Cancelling…")

    def reject(self) -> None:  # Esc and the window's close button
        self._on_cancel_button_clicked()


def open_refi_import(window, path: Optional[Path] = None) -> Optional[RefiImportDialog]:
    """File › Import REFI-QDA…: choose the file, then the dialog; the window
    refreshes when the import is done."""
    if window.store is None:
        window._error("Import", "Open or create a project first (File › New Project…), then import into it.")
        return None
    if path is None:
        chosen, _ = QFileDialog.getOpenFileName(window, "Import a REFI-QDA project, or a codebook",
                                                str(folders.start_folder(window.store, folders.IMPORTS)), FILTER)
        if not chosen:
            return None
        path = Path(chosen)
        folders.remember_folder(path, folders.IMPORTS)
    dialog = RefiImportDialog(window.store, path, window.acting(), window)

    def finished(report) -> None:
        window.refresh()
        made = ", ".join(f"{n} {what}" for what, n in report.created.items()) or "nothing new"
        window.status_label.setText(f"Imported {Path(report.file).name}: {made}.")

    dialog.sig_import_finished.connect(finished)
    dialog.open()
    return dialog
