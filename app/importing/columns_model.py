"""The columns of a survey being imported, with the role Tandem chose for each
(respondent id, group, free text to code, attribute, platform metadata,
ignore) — editable, so the user can correct it before anything is written."""
from __future__ import annotations

from typing import Any, Optional

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QColor

from importers.surveys.model import ROLES, Column
from storage.models import ATTRIBUTE_TYPES

COLUMNS = ("Column", "Question", "Role", "Type", "Why")
ROLE_LABELS = {
    "id": "Respondent id", "group": "Group", "text": "Free text (code it)",
    "attribute": "Attribute", "metadata": "Platform metadata", "ignore": "Ignore",
}
TYPE_LABELS = {"text": "text", "integer": "integer", "float": "decimal number", "date": "date",
               "boolean": "yes/no"}
assert set(TYPE_LABELS) == set(ATTRIBUTE_TYPES)
ROLE_COLOURS = {"text": "#DFF0D8", "id": "#D9EDF7", "group": "#FCF8E3", "attribute": "#F5F5F5"}


class ColumnsModel(QAbstractTableModel):
    sig_roles_changed = Signal()

    def __init__(self, parent: Optional[QObject] = None):
        super().__init__(parent)
        self._columns: list[Column] = []

    def set_columns(self, columns: list[Column]) -> None:
        """The model edits these Column objects in place."""
        self.beginResetModel()
        self._columns = columns
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        c, col = self._columns[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (c.name, c.question, ROLE_LABELS.get(c.role, c.role),
                    c.value_type or "" if c.role in ("attribute", "group") else "", c.reason)[col]
        if role == Qt.ItemDataRole.EditRole and col == 2:
            return c.role
        if role == Qt.ItemDataRole.EditRole and col == 3:
            return c.value_type or "text"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{c.question}\n\n{c.reason}" if c.reason else c.question
        if role == Qt.ItemDataRole.BackgroundRole and c.role in ROLE_COLOURS:
            return QColor(ROLE_COLOURS[c.role])
        return None

    def setData(self, index: QModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        if index.column() == 3:  # the type of an attribute (a wrong one is refused, with the row, at import)
            column = self._columns[index.row()]
            if value not in ATTRIBUTE_TYPES or column.role not in ("attribute", "group"):
                return False
            column.value_type = value
            self.dataChanged.emit(index, index)
            self.sig_roles_changed.emit()
            return True
        if index.column() != 2 or value not in ROLES:
            return False
        if value == "id":  # one id column at most
            for other in self._columns:
                if other.role == "id":
                    other.role = "ignore"
        self._columns[index.row()].role = value
        self.dataChanged.emit(self.index(0, 0), self.index(len(self._columns) - 1, len(COLUMNS) - 1))
        self.sig_roles_changed.emit()
        return True

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        typed = index.column() == 3 and self._columns[index.row()].role in ("attribute", "group")
        return flags | Qt.ItemFlag.ItemIsEditable if index.column() == 2 or typed else flags

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None
