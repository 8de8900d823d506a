"""The main window: sources on the left, the document in the middle, the
codebook and the current case on the right, search and retrieval docked
below; File, Edit (undo and redo), Coding, View, Analysis and Help menus.

Opening a project asks who is coding (remembered per machine and project);
from then on a ``Workspace`` carries the coder, blind mode and the undo stack.
"""
from __future__ import annotations

import getpass
from pathlib import Path
from typing import Optional

import shiboken6
from PySide6.QtCore import QModelIndex, Qt, QThreadPool, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget, QFileDialog, QLabel, QMainWindow, QMessageBox, QProgressBar, QSplitter, QTreeView, QWidget,
)

from app import settings
from app.backups.backup_actions import BackupActions
from app.cases.cases_actions import CasesActions
from app.cases.cases_panel import CasesPanel
from app.codebook.codebook_actions import CodebookActions
from app.codebook.codebook_panel import CodebookPanel
from app.coding.coding_controller import CodingController
from app.common import folders, worker
from app.common.words import plural
from app.document.case_panel import CasePanel
from app.exporting.export_actions import ExportActions
from app.merge.merge_actions import MergeActions
from app.server.server_actions import ServerActions
from app.document.document_view import DocumentView
from app.document.text_editing import TextEditing
from app.retrieval.retrieval_panel import RetrievalPanel
from app.search.search_panel import SearchPanel
from app.sources.sources_actions import SourcesActions
from app.shell.project_state import ProjectState
from app.themes.themes_actions import ThemesActions
from app.themes.themes_panel import ThemesPanel
from app.sources.sources_model import SourcesModel
from storage import PROJECT_SUFFIX, ProjectStore, TandemError, create_project, open_project
from storage.errors import ConnectionLostError
from storage.store import read_error

FILE_FILTER = f"Tandem projects (*{PROJECT_SUFFIX});;All files (*)"
IMPORT_FILTER = ("Transcripts, documents and surveys (*.vtt *.srt *.txt *.md *.docx *.odt *.pdf *.csv *.xlsx);;"
                 "All files (*)")


class MainWindow(ProjectState, QMainWindow):
    sig_project_opened = Signal(str)        # path
    sig_document_loaded = Signal(str)       # source uuid
    sig_identity_chosen = Signal(str)       # coder name
    sig_counts_refreshed = Signal()
    sig_export_written = Signal(str)        # the path of a file written by File › Export
    sig_project_restored = Signal(str)      # the path of a project put back from a backup

    def __init__(self, parent: Optional[QWidget] = None):
        QMainWindow.__init__(self, parent)
        self.store: Optional[ProjectStore] = None
        self.workspace = None  # app.workspace.workspace.Workspace once a coder is chosen
        self._tasks: set[worker.Task] = set()
        self.agreement_window = None
        self.review_window = None
        self.table_dialog = None
        self.identity_dialog = None
        self._pending_span: Optional[tuple[str, int, int]] = None  # source uuid, start, end
        self._nodes: list = []
        self._coders: list = []
        self._summaries: list = []
        self._doc_generation = 0
        self._counts_generation = 0  # counts and progress results of an older request are dropped
        self._counts_timer = None  # QTimer: one counts refresh after a burst of changes
        self._current_source: Optional[str] = None  # uuid of the source shown or being loaded
        self.setWindowTitle("Tandem")
        self.resize(1360, 840)

        self.sources_model = SourcesModel(self)
        self.sources_view = QTreeView()
        self.sources_view.setModel(self.sources_model)
        self.sources_view.selectionModel().currentChanged.connect(self._on_sources_view_current_changed)
        self.document_view = DocumentView()
        self.document_view.sig_cursor_moved.connect(self._on_document_view_cursor_moved)
        started = self.document_view.getting_started
        started.sig_import_requested.connect(lambda: self.action_import.trigger())
        started.sig_new_code_requested.connect(lambda: self.codebook_panel.action_new.trigger())
        started.sig_coders_requested.connect(lambda: self.add_coder() if self.workspace else self.ask_identity())
        self.codebook_panel = CodebookPanel()
        self.codebook_panel.sig_code_selected.connect(self._on_codebook_panel_code_selected)
        self.codebook_panel.sig_count_whose_changed.connect(lambda _whose: self.refresh())
        self.case_panel = CasePanel(self._case_attributes)

        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.codebook_panel)
        right.addWidget(self.case_panel)
        right.setSizes([560, 220])
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.sources_view)
        split.addWidget(self.document_view)
        split.addWidget(right)
        split.setSizes([260, 660, 440])  # the codebook wide enough for its codes' names
        split.setStretchFactor(1, 1)
        self.setCentralWidget(split)

        self.search_panel = SearchPanel()
        self.search_panel.sig_hit_activated.connect(self.show_span_uuid)
        self.retrieval_panel = RetrievalPanel()
        self.retrieval_panel.sig_segment_activated.connect(self.show_span)
        self.themes_panel = ThemesPanel()
        self.cases_panel = CasesPanel()
        self.search_dock = self._dock("Search", self.search_panel)
        self.retrieval_dock = self._dock("Coded segments", self.retrieval_panel)
        self.themes_dock = self._dock("Themes", self.themes_panel)
        self.cases_dock = self._dock("Cases", self.cases_panel)
        self.tabifyDockWidget(self.search_dock, self.retrieval_dock)
        self.tabifyDockWidget(self.retrieval_dock, self.themes_dock)
        self.tabifyDockWidget(self.themes_dock, self.cases_dock)

        self.status_label = QLabel()
        self.identity_label = QLabel()
        self.progress_label = QLabel()
        self.busy = QProgressBar(maximumWidth=180, textVisible=False)
        self.busy.hide()
        self.statusBar().addWidget(self.status_label, 1)
        self.statusBar().addPermanentWidget(self.progress_label)
        self.statusBar().addPermanentWidget(self.identity_label)
        self.statusBar().addPermanentWidget(self.busy)
        self._build_menus()
        self.coding = CodingController(self)
        self.codebook_actions = CodebookActions(self)
        self.themes_actions = ThemesActions(self)
        self.exports = ExportActions(self)
        self.backups = BackupActions(self)
        self.cases_actions = CasesActions(self)
        self.sources_actions = SourcesActions(self)
        self.text_editing = TextEditing(self)
        self.merges = MergeActions(self)
        self.server = ServerActions(self)  # File › Open Server Project…, live updates, a lost connection
        self.sig_document_loaded.connect(lambda _uuid: self.text_editing.action.setChecked(False))
        self.retrieval_panel.sig_pin_requested.connect(self.themes_actions.pin_segment)
        self._build_late_menus()
        self._restore_layout()

    def _dock(self, title: str, widget: QWidget) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(title.replace(" ", "_"))
        dock.setWidget(widget)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        dock.hide()
        return dock

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
        from app.importing.refi_dialog import open_refi_import  # REFI-QDA exchange

        self.action_import_refi = self._action(file_menu, "Import REFI-QDA Pro&ject or Codebook…", None,
                                               lambda: open_refi_import(self))
        self.action_identity = self._action(file_menu, "&Switch Coder…", None, self.ask_identity)
        self.action_add_coder = self._action(file_menu, "Add &Coder…", None, self.add_coder)
        export_menu = file_menu.addMenu("&Export")
        self.action_export_table = self._action(export_menu, "&Theme Table (Word)…", QKeySequence("Ctrl+Shift+T"),
                                                lambda: self.exports.open_theme_table())
        self.action_export_table.setEnabled(False)
        export_menu.addSeparator()
        self.export_actions = {}
        for kind, text in (("codebook", "&Codebook (Word, Excel, CSV)…"), ("segments", "Coded &Segments (Excel, CSV)…"),
                           ("matrix", "Code × Attribute &Matrix (Excel, CSV)…"), ("memos", "&Memos (Word)…"),
                           ("qdpx", "REFI-QDA &Project (.qdpx)…"), ("qdc", "REFI-QDA Code&book (.qdc)…")):
            action = self._action(export_menu, text, None, lambda _=False, k=kind: self.exports.export_file(k))
            action.setEnabled(False)
            self.export_actions[kind] = action
        self.action_identity.setEnabled(False)
        self.action_add_coder.setEnabled(False)
        file_menu.addSeparator()
        self.action_backup = self._action(file_menu, "&Back Up Now", None, lambda: self.backups.back_up())
        self.action_restore = self._action(file_menu, "Restore from Bac&kup…", None,
                                           lambda: self.backups.open_restore())
        self.action_backup.setEnabled(False)
        self.action_restore.setEnabled(False)
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", QKeySequence.StandardKey.Quit, self.close)
        self.edit_menu = self.menuBar().addMenu("&Edit")
        self.action_undo = QAction("&Undo", self, enabled=False)
        self.action_redo = QAction("&Redo", self, enabled=False)
        self.action_undo.setShortcuts(QKeySequence.StandardKey.Undo)  # every binding the platform has:
        self.action_redo.setShortcuts(QKeySequence.StandardKey.Redo)  # Ctrl+Y and Ctrl+Shift+Z
        self.action_undo.triggered.connect(lambda: self.undo_or_redo(undo=True))
        self.action_redo.triggered.connect(lambda: self.undo_or_redo(undo=False))
        self.edit_menu.addAction(self.action_undo)
        self.edit_menu.addAction(self.action_redo)
        self.edit_menu.addSeparator()
        self.action_find = self._action(self.edit_menu, "&Find in Project…", QKeySequence("Ctrl+Shift+F"),
                                        self._on_action_find_triggered)
        self.action_retrieve = self._action(self.edit_menu, "Coded &Segments…", QKeySequence("Ctrl+Shift+R"),
                                            self._on_action_retrieve_triggered)

    def _build_late_menus(self) -> None:
        self.coding.menu.addSeparator()
        self.action_blind = QAction("Independent (&Blind) Coding", self, checkable=True, enabled=False)
        self.action_blind.setToolTip("Each coder sees only their own codings; only a lead can turn it off.")
        self.action_blind.triggered.connect(self._on_action_blind_triggered)
        self.coding.menu.addAction(self.action_blind)
        self.coding.menu.addAction(self.text_editing.action)
        self.coding.menu.addAction(self.codebook_panel.action_new)  # Ctrl+Shift+N wherever the focus is
        view_menu = self.menuBar().addMenu("&View")
        view_menu.addAction(self.search_dock.toggleViewAction())
        view_menu.addAction(self.retrieval_dock.toggleViewAction())
        view_menu.addAction(self.themes_dock.toggleViewAction())
        cases = self.cases_dock.toggleViewAction()
        cases.setText("&Cases and Attributes")
        cases.setShortcut(QKeySequence("Ctrl+Shift+E"))
        view_menu.addAction(cases)
        analysis_menu = self.menuBar().addMenu("&Analysis")
        self.action_agreement = self._action(analysis_menu, "&Agreement…", QKeySequence("Ctrl+Shift+A"),
                                             self._on_action_agreement_triggered)
        self.action_agreement.setEnabled(False)
        self.action_reconcile = self._action(analysis_menu, "&Reconcile…", QKeySequence("Ctrl+Shift+D"),
                                             self._on_action_reconcile_triggered)
        self.action_reconcile.setEnabled(False)
        self.action_themes = self._action(analysis_menu, "&Themes and Quotes", QKeySequence("Ctrl+Shift+H"),
                                          self._on_action_themes_triggered)
        self.action_themes.setEnabled(False)
        help_menu = self.menuBar().addMenu("&Help")
        from app.shell.help_menu import add_help_menu

        add_help_menu(self, help_menu)

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
        self.resolve_identity()
        return True

    def _show_first_source(self) -> None:
        group = self.sources_model.index(0, 0)
        first = self.sources_model.index(0, 0, group)
        if first.isValid():
            self.sources_view.setCurrentIndex(first)

    def _close_store(self) -> None:
        """Close the project and every window reading it."""
        for name in ("agreement_window", "review_window"):
            window = getattr(self, name)
            if window is not None:
                window.close()
                window.deleteLater()
                setattr(self, name, None)
        self.set_workspace(None)
        if self.store is not None:
            self.store.close()
            self.store = None

    def _set_store(self, store: ProjectStore) -> None:
        self._close_store()
        self.store = store
        self._current_source = None
        self.set_workspace(None)
        self.case_panel.clear_cache()
        self.search_panel.set_store(store)
        self.cases_panel.set_store(store)
        self.retrieval_panel.reset()  # nothing of the previous project's stays on screen
        self.status_label.clear()
        self.action_import.setEnabled(True)
        self.action_agreement.setEnabled(True)
        self.action_reconcile.setEnabled(True)
        self.action_export_table.setEnabled(True)
        self.action_themes.setEnabled(True)
        self.action_backup.setEnabled(store.path is not None and not store.damaged)
        self.action_restore.setEnabled(store.path is not None)
        for action in self.export_actions.values():
            action.setEnabled(True)
        self.action_identity.setEnabled(True)
        self.action_add_coder.setEnabled(True)
        self.codebook_panel.set_project_open(True)
        state = " (damaged)" if store.damaged else " (read-only)" if store.read_only else ""
        self.setWindowTitle(f"{store.title()}{state} — Tandem")
        self.refresh()
        if store.note():  # reading and exports work; every change is refused by the store, saying why
            self._error("Damaged project" if store.damaged else "Read-only project", store.note())

    def open_source(self, source_uuid: str) -> worker.Task:
        """Load a document in a worker (its own session) and show it."""
        assert self.store is not None
        store, shown, acting = self.store, self.shown_coder_uuids(), self.acting()
        self._doc_generation += 1
        generation = self._doc_generation
        self._current_source = source_uuid

        def load(_progress):
            from coding import views

            with store.session() as s:
                return generation, views.document(s, acting, source_uuid, shown)

        return self._run(load, self._on_document_task_result_ready)

    def _run(self, fn, on_result) -> worker.Task:
        task = worker.Task(fn)
        self._tasks.add(task)
        self.busy.setRange(0, 0)
        self.busy.show()

        def done(*_):
            self._tasks.discard(task)
            if not self._tasks and shiboken6.isValid(self.busy):  # the window may be gone already
                self.busy.hide()

        task.signals.sig_result_ready.connect(on_result)
        task.signals.sig_result_ready.connect(done)
        task.signals.sig_task_failed.connect(self._on_task_failed)
        task.signals.sig_task_failed.connect(done)
        worker.start(task)
        return task

    # --- going to places ---
    def show_span(self, source_name: str, start: int, end: int) -> None:
        summary = next((s for s in self._summaries if s.name == source_name), None)
        if summary is not None:
            self.show_span_uuid(summary.uuid, start, end)

    def show_span_uuid(self, source_uuid: str, start: int, end: int) -> None:
        """Show the source with [start, end) (code points) selected."""
        doc = self.document_view.document()
        if doc is not None and doc.uuid == source_uuid:
            self._select_span(start, end)
        else:
            self._pending_span = (source_uuid, start, end)
            index = self.sources_model.index_of(source_uuid)
            if index.isValid():
                self.sources_view.setCurrentIndex(index)
        self.raise_()
        self.activateWindow()

    def _select_span(self, start: int, end: int) -> None:
        self._pending_span = None
        self.document_view.select_codepoints(start, end)
        self.document_view.text.setFocus()

    # --- handlers ---
    def _on_sources_view_current_changed(self, current: QModelIndex, _prev: QModelIndex) -> None:
        summary = self.sources_model.source_at(current)
        if summary is not None:
            self.open_source(summary.uuid)

    def _on_document_task_result_ready(self, result) -> None:
        generation, doc = result
        if generation != self._doc_generation:
            return  # a newer request is on its way (the source or the visible coders changed)
        self.document_view.set_document(doc)
        if doc is not None and self._pending_span is not None and self._pending_span[0] == doc.uuid:
            self._select_span(*self._pending_span[1:])
        self._on_document_view_cursor_moved(self.document_view.cursor_codepoint())
        if doc is not None:
            self.sig_document_loaded.emit(doc.uuid)

    def _on_document_view_cursor_moved(self, offset: int) -> None:
        doc = self.document_view.document()
        self.case_panel.show_unit(self.document_view.section_at(offset), doc.case if doc else None)

    def _on_codebook_panel_code_selected(self, node) -> None:
        self.retrieval_panel.set_code(node)

    def _on_task_failed(self, exc: Exception) -> None:
        from sqlalchemy.exc import DBAPIError

        if isinstance(exc, DBAPIError) and self.store is not None:  # e.g. the server went away mid-read
            exc = read_error(exc, self.store.location)
        self._error("Connection lost" if isinstance(exc, ConnectionLostError) else "Something went wrong",
                    str(exc) if isinstance(exc, TandemError) else
                    f"{type(exc).__name__}: {exc}\n\n{getattr(exc, '__traceback_text__', '')}")

    def _on_action_new_triggered(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "New project", str(folders.projects_folder(self.store)), FILE_FILTER)
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
        name, _ = QFileDialog.getOpenFileName(self, "Open project", str(folders.projects_folder(self.store)), FILE_FILTER)
        if name:
            self.open_path(Path(name))

    def _on_recent_menu_about_to_show(self) -> None:
        self.recent_menu.clear()
        recent = settings.get("recent/projects")
        if not recent:
            self.recent_menu.addAction("(no recent projects)").setEnabled(False)
        for path in recent:
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _=False, p=path: self.server.open_location(p))  # a file or a server

    def _on_action_demo_triggered(self) -> None:
        from app.demo import default_demo_path, ensure_demo

        path = default_demo_path()
        self._run(lambda _p: str(ensure_demo(path)), lambda p: self.open_path(Path(p)))

    def _on_action_import_triggered(self) -> None:
        start = folders.start_folder(self.store, folders.IMPORTS)
        names, _ = QFileDialog.getOpenFileNames(self, "Import files", str(start), IMPORT_FILTER)
        if names:
            folders.remember_folder(Path(names[0]), folders.IMPORTS)
            self.import_files([Path(n) for n in names])

    def import_files(self, paths: list[Path]):
        """Open the import dialog for ``paths``; the project refreshes when it succeeds."""
        from app.importing.import_dialog import ImportDialog

        assert self.store is not None
        actor = self.workspace.me.name if self.workspace else getpass.getuser()
        dialog = ImportDialog(self.store, paths, actor, self)
        dialog.sig_import_finished.connect(self._on_import_dialog_import_finished)
        dialog.open()
        return dialog

    def _on_import_dialog_import_finished(self, report) -> None:
        self.refresh()
        self._show_first_source()
        skipped = f"; skipped {len(report.skipped)} already in the project" if report.skipped else ""
        alike = [d for d in report.decisions if "is the existing case" in d]
        same = f" Note: {alike[0].split(': ', 1)[1]}" + (f" (and {len(alike) - 1} more)" if len(alike) > 1 else "") \
            if alike else ""
        self.status_label.setText(f"Imported {plural(len(report.imported), 'source')}{skipped}.{same}")

    def _on_action_find_triggered(self) -> None:
        self.search_dock.show()
        self.search_dock.raise_()
        self.search_panel.query.setFocus()
        self.search_panel.query.selectAll()

    def _on_action_retrieve_triggered(self) -> None:
        self.retrieval_dock.show()
        self.retrieval_dock.raise_()
        self.retrieval_panel.start()

    def _on_action_blind_triggered(self, checked: bool) -> None:
        if not checked and self.workspace is not None and self._may_lead() and not self.ask(
                "Turn independent coding off",
                "Each coder will see the other's codings from now on, and agreement can be computed. Coding "
                "that follows is no longer independent (the audit log records when this happened).\n\n"
                "Turn independent (blind) coding off?"):
            self.action_blind.setChecked(True)
            return
        if self.workspace is None or not self.workspace.set_blind(checked):
            self.action_blind.setChecked(not checked)

    def _may_lead(self) -> bool:
        """Would the core let the person act as a lead (so a question is worth asking)?"""
        from coding import access

        with self.store.session() as s:
            try:
                access.check_lead(s, self.acting(), "turn blind coding off")
            except TandemError:
                return False
        return True

    def ask(self, title: str, question: str) -> bool:
        """A yes/no question (tests answer it themselves)."""
        return QMessageBox.question(self, title, question) == QMessageBox.StandardButton.Yes

    def _on_action_agreement_triggered(self):
        """Analysis > Agreement: one non-modal window per open project."""
        from app.agreement.agreement_window import AgreementWindow

        from coding import access
        from storage import TandemError

        assert self.store is not None
        try:
            with self.store.session() as s:  # the core decides: a lead may compare while coding is blind
                access.check_may_compare(s, self.acting(), "agreement")
        except TandemError as exc:
            self._error("Agreement", f"{exc}\n\nAgreement compares the coders' work, which independent "
                        "(blind) coding keeps hidden until a lead turns it off (Coding menu).")
            return None
        if self.agreement_window is None:
            self.agreement_window = AgreementWindow(self.store, self.acting(), self)
            self.agreement_window.sig_span_requested.connect(self.show_span)
            self.agreement_window.sig_reconcile_requested.connect(self.open_review)
        self.agreement_window.show()
        self.agreement_window.raise_()
        self.agreement_window.activateWindow()
        return self.agreement_window

    def _on_action_reconcile_triggered(self):
        return self.open_review()

    def open_review(self, coder_a: str = "", coder_b: str = "", code: str = ""):
        """Analysis > Reconcile (or the agreement window's Reconcile button):
        the review of every discrepancy between two coders."""
        from app.reconcile.review_window import ReviewWindow
        from coding import access
        from storage import TandemError

        assert self.store is not None
        from coding.reconcile.decisions import consensus_layer, reconciled_pair

        try:
            with self.store.session() as s:  # the core decides who may see discrepancies
                access.check_may_compare(s, self.acting(), "the discrepancies between coders")
                started = reconciled_pair(s)
                layer = consensus_layer(s)
        except TandemError as exc:
            self._error("Reconcile", str(exc))
            return None
        people = [c.name for c in self._coders] + ([layer.name] if layer is not None else [])  # a coder vs consensus too
        if self.review_window is not None:
            self.review_window.close()
        pair = (coder_a, coder_b) if coder_a and coder_b else started  # a review under way continues
        if started is not None and pair is not None and set(pair) == set(started):
            pair = started  # in the order its decisions were taken (A and B are not interchangeable)
        self.review_window = ReviewWindow(self.store, self.acting(), people, self, pair=pair, code=code)
        self.review_window.setWindowFlag(Qt.WindowType.Window, True)
        self.review_window.sig_project_changed.connect(self._on_workspace_project_changed)  # one notification
        self.review_window.show()
        self.review_window.raise_()
        self.review_window.activateWindow()
        return self.review_window

    def _on_action_themes_triggered(self) -> None:
        """Analysis › Themes and Quotes: the Themes view, docked below."""
        self.themes_dock.show()
        self.themes_dock.raise_()
        self.themes_panel.tree.setFocus()

    def push_step(self, title: str, make) -> bool:
        """Carry out ``make(workspace)`` as one undoable step of the person
        working (every change carries a name: none is taken before one is chosen)."""
        return self.check_working(title) and self.workspace.push(make(self.workspace))

    def _error(self, title: str, message: str) -> None:
        self.status_label.setText(message.splitlines()[0] if message else title)
        box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, self)
        box.setObjectName("error_box")
        box.open()

    def _restore_layout(self) -> None:
        """The window's size, place and docks as they were left (per machine)."""
        geometry, state = settings.get("window/geometry"), settings.get("window/state")
        if geometry:
            self.restoreGeometry(geometry)
        if state:
            self.restoreState(state)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        settings.put("window/geometry", self.saveGeometry())
        settings.put("window/state", self.saveState())
        for task in list(self._tasks):
            task.cancel()
        QThreadPool.globalInstance().waitForDone(3000)
        if self.store is not None:
            self.store.close()
        super().closeEvent(event)
