"""File > Import: read the chosen files off the GUI thread, show what Tandem
found (speakers of a transcript with their cases and moderators, the role of
each survey column, a document's paragraphs) for the user to correct, then
write everything in one transaction — with a progress bar and Cancel; a
cancelled or failed import writes nothing."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QHeaderView, QLabel, QListView,
    QPlainTextEdit, QProgressBar, QPushButton, QSizePolicy, QStackedWidget, QTableView, QVBoxLayout, QWidget,
)

from app.common import worker
from app.common.words import kind_name
from app.importing.columns_model import TYPE_LABELS, ColumnsModel
from app.importing.files_model import FilesModel
from app.importing.role_delegate import RoleDelegate
from app.importing.speakers_model import SpeakerRow, SpeakersModel
from importers import documents
from importers.turns import speakers_of
from storage import ProjectStore, TandemError
from storage.models import SOURCE_KINDS



class ImportDialog(QDialog):
    sig_import_finished = Signal(object)  # ImportReport
    sig_files_read = Signal()
    sig_import_failed = Signal(str)

    def __init__(self, store: ProjectStore, paths: list[Path], actor: str, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.setWindowTitle("Import")
        self.resize(980, 620)
        self.store, self.paths, self.actor = store, list(paths), actor
        self.task: Optional[worker.Task] = None
        self.options: list[documents.ImportOptions] = []
        self.report: Optional[documents.ImportReport] = None

        self.files_model = FilesModel(self)
        self.files_view = QListView()
        self.files_view.setModel(self.files_model)
        self.files_view.setMaximumWidth(240)
        self.files_view.selectionModel().currentChanged.connect(self._on_files_view_current_changed)

        self.kind_box = QComboBox()
        for kind in SOURCE_KINDS:
            self.kind_box.addItem(kind_name(kind), kind)
        self.kind_box.activated.connect(self._on_kind_box_activated)
        self.speakers_model = SpeakersModel(self)
        self.speakers_model.sig_mapping_changed.connect(self._on_speakers_model_mapping_changed)
        self.speakers_view = self._table(self.speakers_model)
        self.columns_model = ColumnsModel(self)
        self.columns_model.sig_roles_changed.connect(self._on_columns_model_roles_changed)
        self.columns_view = self._table(self.columns_model)
        self.columns_view.setItemDelegateForColumn(2, RoleDelegate(self.columns_view))
        self.columns_view.setItemDelegateForColumn(3, RoleDelegate(self.columns_view, TYPE_LABELS))
        self.preview = QPlainTextEdit(readOnly=True)
        self.pages = QStackedWidget()
        for page in (self.speakers_view, self.columns_view, self.preview):
            self.pages.addWidget(page)
        self.summary = QLabel()
        self.summary.setWordWrap(True)

        right = QVBoxLayout()
        form = QFormLayout()
        form.addRow("Import as:", self.kind_box)
        right.addLayout(form)
        right.addWidget(self.summary)
        right.addWidget(self.pages, 1)
        body = QHBoxLayout()
        body.addWidget(self.files_view)
        body.addLayout(right, 1)

        self.status = QLabel("Reading files…")
        self.status.setWordWrap(True)  # a long message wraps: the dialog never grows past the screen
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.progress = QProgressBar()
        self.buttons = QDialogButtonBox()
        self.import_button = QPushButton("Import")
        self.import_button.setEnabled(False)
        self.import_button.setDefault(True)
        self.cancel_button = QPushButton("Cancel")
        self.buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.import_button.clicked.connect(self._on_import_button_clicked)
        self.cancel_button.clicked.connect(self._on_cancel_button_clicked)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.progress)
        bottom.addWidget(self.buttons)

        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addLayout(bottom)
        self._start_reading()

    @staticmethod
    def _table(model) -> QTableView:
        view = QTableView()
        view.setModel(model)
        view.horizontalHeader().setStretchLastSection(True)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        view.verticalHeader().hide()
        view.setWordWrap(False)
        return view

    # --- stage 1: read every file in a worker ---
    def _start_reading(self) -> None:
        paths = self.paths
        from importers.refi_package import is_refi

        if any(is_refi(p) for p in paths):  # REFI-QDA projects have a dialog of their own
            self._fail("REFI-QDA projects and codebooks (.qdpx, .qdc) are imported with File › Import REFI-QDA "
                       "Project or Codebook….")
            return

        def read_all(progress):
            out = []
            for i, path in enumerate(paths):
                progress(i, len(paths))
                out.append(documents.read(path, documents.ImportOptions()))
            progress(len(paths), len(paths))
            return out

        self._run(read_all, self._on_read_task_result_ready)

    def _on_read_task_result_ready(self, parsed: list[documents.ParsedFile]) -> None:
        self.options = [self._default_options(p) for p in parsed]
        planned = [p.planned(o) for p, o in zip(parsed, self.options)]
        for o, pl in zip(self.options, planned):
            o.kind = pl.kind
        self.files_model.set_files(parsed, [self._summary_of(pl) for pl in planned])
        self.status.setText(f"{len(parsed)} file{'s' if len(parsed) != 1 else ''} read. "
                            "Check the choices on the right, then Import.")
        self.progress.hide()
        self.import_button.setEnabled(True)
        self.files_view.setCurrentIndex(self.files_model.index(0))
        self.sig_files_read.emit()

    @staticmethod
    def _default_options(parsed: documents.ParsedFile) -> documents.ImportOptions:
        options = documents.ImportOptions()
        if parsed.transcript is not None:
            options.speakers = {s: s for s in speakers_of(parsed.transcript)}
        return options

    @staticmethod
    def _summary_of(planned: documents.PlannedSource) -> str:
        units = {"survey": "answers", "focus-group": "turns", "interview": "turns"}.get(planned.kind, "paragraphs")
        return f"{kind_name(planned.kind)} · {len(planned.sections)} {units}"

    # --- stage 2: the user's choices ---
    def current_row(self) -> int:
        return self.files_view.currentIndex().row()

    def _on_files_view_current_changed(self, current: QModelIndex, _prev: QModelIndex) -> None:
        if not current.isValid():
            return
        parsed, options = self.files_model.file_at(current.row()), self.options[current.row()]
        self.kind_box.setCurrentIndex(self.kind_box.findData(options.kind))
        planned = parsed.planned(options)
        self.summary.setText(_summary_text(planned))
        if parsed.transcript is not None:
            counts: dict[str, int] = {}
            for sec in planned.sections:
                if sec.speaker:
                    counts[sec.speaker] = counts.get(sec.speaker, 0) + 1
            self.speakers_model.set_rows([
                SpeakerRow(name, counts.get(name, 0), options.speakers.get(name, name),
                           name in options.moderators) for name in speakers_of(parsed.transcript)])
            self.pages.setCurrentWidget(self.speakers_view)
            self.speakers_view.resizeColumnsToContents()
        elif parsed.survey is not None:
            self.columns_model.set_columns(parsed.survey.columns)
            self.pages.setCurrentWidget(self.columns_view)
            self.columns_view.setColumnWidth(0, 160)
            self.columns_view.setColumnWidth(1, 260)
            self.columns_view.setColumnWidth(2, 150)
            self.columns_view.setColumnWidth(3, 70)
            header = self.columns_view.horizontalHeader()
            for col in range(self.columns_model.columnCount()):  # no header cut short
                self.columns_view.setColumnWidth(col, max(self.columns_view.columnWidth(col),
                                                          header.sectionSizeFromContents(col).width()))
        else:
            self.preview.setPlainText(planned.text[:20000])
            self.pages.setCurrentWidget(self.preview)

    def _on_kind_box_activated(self, _index: int) -> None:
        row = self.current_row()
        if row >= 0:
            self.options[row].kind = self.kind_box.currentData()
            self._refresh_summary(row)

    def _on_speakers_model_mapping_changed(self) -> None:
        row = self.current_row()
        self.options[row].speakers = self.speakers_model.speakers()
        self.options[row].moderators = self.speakers_model.moderators()
        self._refresh_summary(row)

    def _on_columns_model_roles_changed(self) -> None:
        self._refresh_summary(self.current_row())

    def _refresh_summary(self, row: int) -> None:
        try:
            planned = self.files_model.file_at(row).planned(self.options[row])
        except TandemError as exc:
            self.summary.setText(_how_here(str(exc)))
            self.import_button.setEnabled(False)
            return
        self.import_button.setEnabled(True)
        self.summary.setText(_summary_text(planned))
        self.files_model.set_summary(row, self._summary_of(planned))

    # --- stage 3: write, in one transaction ---
    def _on_import_button_clicked(self) -> None:
        try:
            planned = [f.planned(o) for f, o in zip(self.files_model.files(), self.options)]
        except TandemError as exc:
            self._fail(_how_here(str(exc)))
            return
        store, actor = self.store, self.actor

        def write_all(progress):
            with store.transaction(actor) as s:
                report = documents.write(s, planned, progress=progress)
                progress(len(planned), len(planned))  # a last chance to cancel, before the commit
                return report

        self.import_button.setEnabled(False)
        self.status.setText("Importing…")
        self._run(write_all, self._on_write_task_result_ready)

    def _on_write_task_result_ready(self, report: documents.ImportReport) -> None:
        self.report = report
        self.sig_import_finished.emit(report)
        self.accept()

    # --- running work ---
    def _run(self, fn, on_result) -> None:
        task = worker.Task(fn)
        self.task = task
        task.signals.sig_progress_changed.connect(self._on_task_progress_changed)
        task.signals.sig_result_ready.connect(on_result)
        task.signals.sig_task_failed.connect(lambda exc: self._fail(
            str(exc) if isinstance(exc, TandemError) else f"{type(exc).__name__}: {exc}"))
        task.signals.sig_task_cancelled.connect(self._on_task_cancelled)
        for sig in (task.signals.sig_result_ready, task.signals.sig_task_failed):
            sig.connect(self._on_task_done)
        worker.start(task)

    def _on_task_progress_changed(self, done: int, total: int) -> None:
        self.progress.show()
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _fail(self, message: str) -> None:
        self.task = None
        self.status.setText(f"Nothing was imported. {message}")
        self.import_button.setEnabled(False)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.sig_import_failed.emit(message)

    def _on_task_done(self, *_args) -> None:
        self.task = None

    def _on_task_cancelled(self) -> None:
        self.task = None
        self.status.setText("Cancelled: nothing was imported.")
        self.reject()

    def _on_cancel_button_clicked(self) -> None:
        if self.task is None:
            self.reject()
            return
        # The worker stops at its next progress report and rolls back: nothing is written.
        self.task.cancel()
        self.cancel_button.setEnabled(False)
        self.status.setText("Cancelling…")

    def reject(self) -> None:  # Esc and the window's close button cancel too
        if self.task is not None:
            self._on_cancel_button_clicked()
            return
        super().reject()


def _summary_text(planned: documents.PlannedSource) -> str:
    """What was found, without the per-column lines the table already shows."""
    return _how_here("\n".join(line for line in planned.decisions if ": #" not in line and not line.startswith("#")))


def _how_here(text: str) -> str:
    """An importer's note with how to make the choice it names in this dialog."""
    from importers.surveys.reader import with_how

    return with_how(text, "set a column's Role to “Respondent id” in the table",
                    "set their Role to “Free text” in the table")
