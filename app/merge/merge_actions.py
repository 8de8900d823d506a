"""File › Merge Project…: choose another coder's copy, see what it brings
(``app.merge.merge_dialog``), merge, and read the project again."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog


class MergeActions(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.w = window
        self.dialog = None
        self.action = QAction("&Merge Project…", window)
        self.action.setToolTip("Bring another coder's copy of this project in (their codings, memos, cases)")
        self.action.triggered.connect(lambda: self.open())
        self.action.setEnabled(False)
        file_menu = window.menuBar().actions()[0].menu()
        file_menu.insertAction(window.action_restore, self.action)
        window.sig_project_opened.connect(lambda _p: self.action.setEnabled(True))

    def open(self, other: Optional[Path] = None):
        from app.merge.merge_dialog import MergeDialog

        if self.w.store is None:
            return None
        if other is None:
            name, _ = QFileDialog.getOpenFileName(self.w, "Merge another copy of the project", str(Path.home()),
                                                  "Tandem projects (*.tandem)")
            if not name:
                return None
            other = Path(name)
        self.dialog = MergeDialog(self.w.store, self.w.acting(), other, self.w)
        self.dialog.sig_merge_finished.connect(self._on_dialog_merge_finished)
        self.dialog.open()
        return self.dialog

    def _on_dialog_merge_finished(self, report) -> None:
        self.w.refresh()
        self.w.status_label.setText(f"Merged {', '.join(report.lines())}; a backup was written first.")
