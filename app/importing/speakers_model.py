"""Speaker -> case mapping of a transcript being imported: one row per
speaker, with the case it belongs to (editable) and a moderator check box."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, Signal

COLUMNS = ("Speaker", "Turns", "Case (participant)", "Moderator")


@dataclass
class SpeakerRow:
    speaker: str
    turns: int
    case: str
    moderator: bool


class SpeakersModel(QAbstractTableModel):
    sig_mapping_changed = Signal()

    def __init__(self, parent: Optional[QObject] = None):
        super().__init__(parent)
        self._rows: list[SpeakerRow] = []

    def set_rows(self, rows: list[SpeakerRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[SpeakerRow]:
        return list(self._rows)

    def speakers(self) -> dict[str, str]:
        """speaker -> case, for speakers who are not moderators."""
        return {r.speaker: (r.case.strip() or r.speaker) for r in self._rows if not r.moderator}

    def moderators(self) -> set[str]:
        return {r.speaker for r in self._rows if r.moderator}

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, col = self._rows[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return (row.speaker, row.turns, "—" if row.moderator and role == Qt.ItemDataRole.DisplayRole
                    else row.case, None)[col]
        if role == Qt.ItemDataRole.CheckStateRole and col == 3:
            return Qt.CheckState.Checked if row.moderator else Qt.CheckState.Unchecked
        return None

    def setData(self, index: QModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        row, col = self._rows[index.row()], index.column()
        if col == 2 and role == Qt.ItemDataRole.EditRole:
            row.case = str(value).strip()
        elif col == 3 and role == Qt.ItemDataRole.CheckStateRole:
            row.moderator = Qt.CheckState(value) == Qt.CheckState.Checked
        else:
            return False
        self.dataChanged.emit(index.siblingAtColumn(0), index.siblingAtColumn(3))
        self.sig_mapping_changed.emit()
        return True

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == 2 and not self._rows[index.row()].moderator:
            flags |= Qt.ItemFlag.ItemIsEditable
        if index.column() == 3:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None
