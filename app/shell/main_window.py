"""The main window: sources on the left, the document in the middle, the
codebook on the right; File > New / Open / Open Recent / Open Demo Study."""
from __future__ import annotations

import getpass
from pathlib import Path
from typing import Optional

from PySide6.QtCore import QModelIndex, Qt, QThreadPool, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog, QLabel, QMainWindow, QMessageBox, QProgressBar, QSplitter, QTreeView, QWidget,
)

from app import settings
from app.codebook.codebook_panel import CodebookPanel
from app.common import worker
from app.document.document_view import DocumentView
from app.sources.sources_model import SourcesModel
from coding import codebook, views
from storage import PROJECT_SUFFIX, ProjectStore, TandemError, create_project, open_project

FILE_FILTER = f"Tandem projects (*{PROJECT_SUFFIX});;All files (*)"
IMPORT_FILTER = ("Transcripts, documents and surveys (*.vtt *.srt *.txt *.md *.docx *.odt *.pdf *.csv *.xlsx);;"
                 "All files (*)")


class MainWindow(QMainWindow):
    sig_project_opened = Signal(str)        # path
    sig_document_loaded = Signal(str)       # source uuid

    def __init__(self, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.store: Optional[ProjectStore] = None
        self._tasks: set[worker.Task] = set()
        self.agreement_window = None  # AgreementWindow, once opened
        self._pending_span: Optional[tuple[str, int, int]] = None  # source uuid, start, end
        self.setWindowTitle("Tandem")
        self.resize(1280, 800)

        self.sources_model = SourcesModel(self)
        self.sources_view = QTreeView()
        self.sources_view.setModel(self.sources_model)
        self.sources_view.selectionModel().currentChanged.connect(self._on_sources_view_current_changed)
        self.document_view = DocumentView()
        self.codebook_panel = CodebookPanel()
        self.codebook_panel.sig_exclusive_toggled.connect(self._on_codebook_panel_exclusive_toggled)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.sources_view)
        split.addWidget(self.document_view)
        split.addWidget(self.codebook_panel)
        split.setSizes([300, 700, 340])
        split.setStretchFactor(1, 1)
        self.setCentralWidget(split)

        self.status_label = QLabel()
        self.busy = QProgressBar(maximumWidth=180, textVisible=False)
        self.busy.hide()
        self.statusBar().addWidget(self.status_label, 1)
        self.statusBar().addPermanentWidget(self.busy)
        self._build_menus()

    # --- menus ---
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.action_new = self._action(file_menu, "&New Project…", QKeySequence.StandardKey.New, self._on_action_new_triggered)
        self.action_open = self._action(file_menu, "&Open Project…", QKeySequence.StandardKey.Open, self._on_action_open_triggered)
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._on_recent_menu_about_to_show)
        self.action_demo = self._action(file_menu, "Open &Demo Study", None, self._on_action_demo_triggered)
        file_menu.addSeparator()
        self.action_import = self._action(file_menu, "&Import…", QKeySequence("Ctrl+I"), self._on_action_import_triggered)
        self.action_import.setEnabled(False)
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", QKeySequence.StandardKey.Quit, self.close)
        analysis_menu = self.menuBar().addMenu("&Analysis")
        self.action_agreement = self._action(analysis_menu, "&Agreement…", QKeySequence("Ctrl+Shift+A"),
                                             self._on_action_agreement_triggered)
        self.action_agreement.setEnabled(False)
        help_menu = self.menuBar().addMenu("&Help")
        self._action(help_menu, "&About Tandem", None, self._on_action_about_triggered)

    def _action(self, menu, text, shortcut, slot) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    # --- projects ---
    def open_path(self, path: Path) -> bool:
        """Open a project file; on failure show why and keep the current one."""
        try:
            store = open_project(path)
        except TandemError as exc:
            self._error("Cannot open project", str(exc))
            return False
        self._set_store(store)
        settings.remember_project(str(Path(path).resolve()))
        self.sig_project_opened.emit(str(path))
        self._show_first_source()
        return True

    def _show_first_source(self) -> None:
        """Open the first source, so a project never opens on an empty page."""
        group = self.sources_model.index(0, 0)
        first = self.sources_model.index(0, 0, group)
        if first.isValid():
            self.sources_view.setCurrentIndex(first)

    def _set_store(self, store: ProjectStore) -> None:
        if self.agreement_window is not None:  # it reads the project being closed
            self.agreement_window.close()
            self.agreement_window.deleteLater()
            self.agreement_window = None
        if self.store is not None:
            self.store.close()
        self.store = store
        self.action_import.setEnabled(True)
        self.action_agreement.setEnabled(True)
        self.setWindowTitle(f"{store.title()} — Tandem")
        self.refresh()

    def refresh(self) -> None:
        """Reload the source list, coders and codebook (small, fast queries)."""
        assert self.store is not None
        with self.store.session() as s:
            summaries = views.source_summaries(s)
            coders = views.coder_summaries(s)
            nodes = codebook.tree(s)
        self.sources_model.set_sources(summaries)
        self.sources_view.expandAll()
        self.document_view.set_coders(coders)
        self.document_view.set_document(None)
        self.codebook_panel.set_nodes(nodes)
        self.status_label.setText(
            f"{len(summaries)} sources · {len(coders)} coders · {_leaf_count(nodes)} codes"
        )

    def open_source(self, source_uuid: str) -> worker.Task:
        """Load a document in a worker (its own session) and show it."""
        assert self.store is not None
        store = self.store

        def load(_progress):
            with store.session() as s:
                return views.document(s, source_uuid)

        return self._run(load, self._on_document_task_result_ready)

    def _run(self, fn, on_result) -> worker.Task:
        task = worker.Task(fn)
        self._tasks.add(task)
        self.busy.setRange(0, 0)
        self.busy.show()

        def done(*_):
            self._tasks.discard(task)
            if not self._tasks:
                self.busy.hide()

        task.signals.sig_result_ready.connect(on_result)
        task.signals.sig_result_ready.connect(done)
        task.signals.sig_task_failed.connect(self._on_task_failed)
        task.signals.sig_task_failed.connect(done)
        QThreadPool.globalInstance().start(task)
        return task

    # --- handlers ---
    def _on_sources_view_current_changed(self, current: QModelIndex, _prev: QModelIndex) -> None:
        summary = self.sources_model.source_at(current)
        if summary is not None:
            self.open_source(summary.uuid)

    def _on_document_task_result_ready(self, doc) -> None:
        self.document_view.set_document(doc)
        if doc is not None and self._pending_span is not None and self._pending_span[0] == doc.uuid:
            self._select_span(*self._pending_span[1:])
        if doc is not None:
            self.sig_document_loaded.emit(doc.uuid)

    def _on_task_failed(self, exc: Exception) -> None:
        self._error("Something went wrong", str(exc) if isinstance(exc, TandemError) else
                    f"{type(exc).__name__}: {exc}\n\n{getattr(exc, '__traceback_text__', '')}")

    def _on_action_new_triggered(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "New project", str(Path.home()), FILE_FILTER)
        if not name:
            return
        path = Path(name if name.endswith(PROJECT_SUFFIX) else name + PROJECT_SUFFIX)
        try:
            create_project(path).close()
        except TandemError as exc:
            self._error("Cannot create project", str(exc))
            return
        self.open_path(path)

    def _on_action_open_triggered(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Open project", str(Path.home()), FILE_FILTER)
        if name:
            self.open_path(Path(name))

    def _on_recent_menu_about_to_show(self) -> None:
        self.recent_menu.clear()
        recent = settings.get("recent/projects")
        if not recent:
            self.recent_menu.addAction("(no recent projects)").setEnabled(False)
        for path in recent:
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _=False, p=path: self.open_path(Path(p)))

    def _on_action_demo_triggered(self) -> None:
        from app.demo import default_demo_path, ensure_demo

        path = default_demo_path()
        self._run(lambda _p: str(ensure_demo(path)), lambda p: self.open_path(Path(p)))

    def _on_action_import_triggered(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "Import files", str(Path.home()), IMPORT_FILTER)
        if names:
            self.import_files([Path(n) for n in names])

    def import_files(self, paths: list[Path]):
        """Open the import dialog for ``paths``; the project refreshes when it succeeds."""
        from app.importing.import_dialog import ImportDialog

        assert self.store is not None
        dialog = ImportDialog(self.store, paths, getpass.getuser(), self)
        dialog.sig_import_finished.connect(self._on_import_dialog_import_finished)
        dialog.open()
        return dialog

    def _on_import_dialog_import_finished(self, report) -> None:
        self.refresh()
        self._show_first_source()
        skipped = f"; skipped {len(report.skipped)} already in the project" if report.skipped else ""
        self.status_label.setText(f"Imported {len(report.imported)} source(s){skipped}.")

    def _on_action_agreement_triggered(self):
        """Analysis > Agreement: one non-modal window per open project."""
        from app.agreement.agreement_window import AgreementWindow

        assert self.store is not None
        if self.agreement_window is None:
            self.agreement_window = AgreementWindow(self.store, self)
            self.agreement_window.sig_span_requested.connect(self.show_span)
        self.agreement_window.show()
        self.agreement_window.raise_()
        self.agreement_window.activateWindow()
        return self.agreement_window

    def show_span(self, source_name: str, start: int, end: int) -> None:
        """Show ``source_name`` in the document view with [start, end) (code points) selected."""
        for k in range(self.sources_model.rowCount()):
            group = self.sources_model.index(k, 0)
            for r in range(self.sources_model.rowCount(group)):
                index = self.sources_model.index(r, 0, group)
                summary = self.sources_model.source_at(index)
                if summary is None or summary.name != source_name:
                    continue
                doc = self.document_view.document()
                if doc is not None and doc.uuid == summary.uuid:
                    self._select_span(start, end)
                else:
                    self._pending_span = (summary.uuid, start, end)
                    self.sources_view.setCurrentIndex(index)
                self.raise_()
                self.activateWindow()
                return

    def _select_span(self, start: int, end: int) -> None:
        self._pending_span = None
        self.document_view.select_codepoints(start, end)
        self.document_view.text.ensureCursorVisible()

    def _on_codebook_panel_exclusive_toggled(self, path: str, exclusive: bool) -> None:
        assert self.store is not None
        try:
            with self.store.transaction(getpass.getuser()) as s:
                codebook.update_code(s, codebook.get_code(s, path), exclusive=exclusive)
        except TandemError as exc:
            self._error("Cannot change the code", str(exc))
        with self.store.session() as s:
            self.codebook_panel.set_nodes(codebook.tree(s))
        self.codebook_panel.select_path(path)
        if self.agreement_window is not None:
            self.agreement_window.reload()

    def _on_action_about_triggered(self) -> None:
        QMessageBox.about(self, "About Tandem",
                          "<b>Tandem</b><br>Qualitative thematic coding for pairs of coders.<br>"
                          "Licensed under the GNU GPL, version 3 or later.")

    def _error(self, title: str, message: str) -> None:
        self.status_label.setText(message.splitlines()[0] if message else title)
        box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, self)
        box.setObjectName("error_box")
        box.open()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self.store is not None:
            self.store.close()
        super().closeEvent(event)


def _leaf_count(nodes) -> int:
    """Codes with no children (categories and themes are not counted)."""
    return sum(1 for i, n in enumerate(nodes) if i + 1 == len(nodes) or nodes[i + 1].depth <= n.depth)
