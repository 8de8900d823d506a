"""File › Restore from Backup…: the project's backup copies with their dates,
sizes and why each was taken; Restore puts the chosen one in the project's
place (asking first, and keeping the project as it is now as a backup)."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHeaderView, QLabel, QMessageBox, QPushButton, QTableView,
                               QVBoxLayout, QWidget)

from app.common.rows_model import RowsModel


class BackupsModel(RowsModel):
    HEADERS = ("Taken (UTC)", "Why", "Size", "Schema", "File")

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        b = self._row(index)
        if b is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (f"{b.taken_at:%Y-%m-%d %H:%M:%S}", b.why.replace("-", " "), f"{b.size / 1e6:,.1f} MB",
                    b.revision, b.path.name)[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class RestoreDialog(QDialog):
    sig_restore_requested = Signal(str)  # the backup's path

    def __init__(self, project: Path, parent: Optional[QWidget] = None):
        super().__init__(parent)
        from storage import backups

        self.setObjectName("restore_dialog")
        self.setWindowTitle("Restore from backup")
        self.resize(760, 360)
        self.project = Path(project)
        self.model = BackupsModel(self)
        self.model.set_rows(backups.list_backups(self.project))
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.resizeColumnsToContents()
        self.table.doubleClicked.connect(lambda _i: self._on_restore_clicked())
        if self.model.rowCount():
            self.table.selectRow(0)
        note = (f"Backups kept beside <b>{self.project.name}</b>, newest first (the last {backups.KEEP} are kept). "
                "Restoring puts the chosen copy in the project's place; the project as it is now is kept as a "
                "backup first, so a restore can itself be undone." if self.model.rowCount() else
                f"<b>{self.project.name}</b> has no backup copies yet (File › Back Up Now takes one; one is "
                "also taken before every upgrade).")
        self.restore_button = QPushButton("&Restore")
        self.restore_button.setEnabled(self.model.rowCount() > 0)
        self.restore_button.clicked.connect(self._on_restore_clicked)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        label = QLabel(note, wordWrap=True)
        layout.addWidget(label)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.confirm = True  # tests answer the question themselves

    def chosen(self):
        return self.model.row_at(self.table.currentIndex().row())

    def _on_restore_clicked(self) -> None:
        backup = self.chosen()
        if backup is None:
            return
        if self.confirm and QMessageBox.question(
                self, "Restore from backup",
                f"Put the backup of {backup.taken_at:%Y-%m-%d %H:%M} UTC in the place of {self.project.name}?\n\n"
                "Everything done since then will be in the copy kept of the project as it is now, not in the "
                "project.") != QMessageBox.StandardButton.Yes:
            return
        self.sig_restore_requested.emit(str(backup.path))
        self.accept()
