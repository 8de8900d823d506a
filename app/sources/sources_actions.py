"""The source list's context menu: rename a source, delete it (asking first,
with how many codings of whom it holds), and its speakers and cases — each
an undoable step."""
from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QInputDialog, QMenu, QMessageBox

from app.sources import commands


class SourcesActions(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.w = window
        self.speakers_dialog = None
        view = window.sources_view
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self._on_view_custom_context_menu_requested)
        self.action_rename = QAction("Rename…", view, shortcut=QKeySequence("F2"))
        self.action_rename.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.action_rename.triggered.connect(lambda: self.rename())
        self.action_delete = QAction("Delete…", view, shortcut=QKeySequence.StandardKey.Delete)
        self.action_delete.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.action_delete.triggered.connect(lambda: self.delete())
        self.action_speakers = QAction("Speakers and Cases…", view)
        self.action_speakers.triggered.connect(lambda: self.open_speakers())
        for action in (self.action_rename, self.action_delete, self.action_speakers):
            view.addAction(action)

    def current(self):
        return self.w.sources_model.source_at(self.w.sources_view.currentIndex())

    def _push(self, make) -> bool:
        return self.w.push_step("Sources", make)

    def _on_view_custom_context_menu_requested(self, point) -> None:
        if self.current() is None:
            return
        menu = QMenu(self.w.sources_view)
        for action in (self.action_rename, self.action_delete, self.action_speakers):
            menu.addAction(action)
        menu.popup(self.w.sources_view.viewport().mapToGlobal(point))

    def rename(self, new_name: str = "") -> bool:
        source = self.current()
        if source is None:
            return False
        if not new_name:
            new_name, ok = QInputDialog.getText(self.w, "Rename source", f"New name for '{source.name}':",
                                                text=source.name)
            if not ok or not new_name.strip() or new_name.strip() == source.name:
                return False
        return self._push(lambda ws: commands.RenameSource(ws, source.name, new_name.strip()))

    def delete(self, confirm: bool = True) -> bool:
        from coding import source_edits

        source = self.current()
        if source is None:
            return False
        with self.w.store.session() as s:
            usage = source_edits.usage(s, source.name)
        held = ", ".join(f"{n} by {who}" for who, n in usage.items())
        question = (f"Delete '{source.name}' with the codings it holds ({held})?" if usage else
                    f"Delete '{source.name}'?") + "\n\nCtrl+Z brings it back with everything it held."
        if confirm and QMessageBox.question(self.w, "Delete source", question) != QMessageBox.StandardButton.Yes:
            return False
        return self._push(lambda ws: commands.DeleteSource(ws, source.name))

    def open_speakers(self):
        from app.cases.speakers_dialog import SpeakersDialog

        source = self.current()
        if source is None:
            return None
        self.speakers_dialog = SpeakersDialog(self.w.store, source.name, self.w.cases_actions.assign_speaker, self.w)
        self.speakers_dialog.open()
        return self.speakers_dialog
