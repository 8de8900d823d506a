"""Sources › Speakers and Cases…: a source's speakers with their turns, the
case each speaks for and whether they moderate — changed after import (a
focus group whose speakers were matched later, a Teams file with none).
Each change is one undoable step (``app.cases.commands.AssignSpeaker``)."""
from __future__ import annotations

from typing import Any, Optional

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from app.common.rows_model import RowsModel


class SpeakersModel(RowsModel):
    """(speaker, turns, case, moderator) rows; case and moderator editable (asked, not changed)."""

    HEADERS = ("Speaker", "Turns", "Case", "Moderator")
    sig_case_requested = Signal(str, str)         # speaker, case ("" : none)
    sig_moderator_requested = Signal(str, bool)   # speaker, moderator

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self._row(index)
        if row is None:
            return None
        speaker, turns, case, moderator = row
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole) and index.column() < 3:
            return (speaker, turns, case or "")[index.column()]
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == 3:
            return Qt.CheckState.Checked if moderator else Qt.CheckState.Unchecked
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.column() == 2:
            return flags | Qt.ItemFlag.ItemIsEditable
        if index.column() == 3:
            return flags | Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: QModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        row = self._row(index)
        if row is None:
            return False
        if index.column() == 2 and role == Qt.ItemDataRole.EditRole and str(value).strip() != (row[2] or ""):
            self.sig_case_requested.emit(row[0], str(value).strip())
        elif index.column() == 3 and role == Qt.ItemDataRole.CheckStateRole:
            self.sig_moderator_requested.emit(row[0], Qt.CheckState(value) == Qt.CheckState.Checked)
        return False


class SpeakersDialog(QDialog):
    sig_speakers_loaded = Signal(int)

    def __init__(self, store, source: str, assign, parent: Optional[QWidget] = None):
        """``assign(source, speaker, case, moderator, clear_case)`` takes the step."""
        super().__init__(parent)
        self.setObjectName("speakers_dialog")
        self.setWindowTitle(f"Speakers and cases — {source}")
        self.resize(560, 380)
        self.store, self.source, self.assign = store, source, assign
        self.model = SpeakersModel(self)
        self.model.sig_case_requested.connect(lambda speaker, case: assign(
            source, speaker, case or None, None, not case))
        self.model.sig_moderator_requested.connect(lambda speaker, on: assign(source, speaker, None, on, False))
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Double-click a case to give all of a speaker's turns to another case (a new name "
                                "makes a new case; empty: no case). Tick Moderator for turns that are not data.",
                                wordWrap=True))
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.reload()

    def reload(self) -> None:
        from coding import case_edits

        with self.store.session() as s:  # a few rows: one query
            rows = case_edits.speakers(s, self.source)
        self.model.set_rows(rows)
        self.sig_speakers_loaded.emit(len(rows))
