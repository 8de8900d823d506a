"""The Cases view's table: one row a case, one column an attribute, typed
values shown as they are stored and sorted by their type (numbers as
numbers, dates as dates).  Editing a cell only asks
(``sig_value_edit_requested``); a value that does not fit the attribute's
type is refused here at once, saying why, before any step is taken."""
from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QSortFilterProxyModel, Qt, Signal

from coding.case_edits import CasesTable

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
TYPE_NAMES = {"text": "text", "integer": "whole number", "float": "number", "date": "date (YYYY-MM-DD)",
              "boolean": "yes/no"}


def shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


class CasesModel(QAbstractTableModel):
    sig_value_edit_requested = Signal(str, str, str)  # case, attribute, the value typed
    sig_value_refused = Signal(str)                   # why a value typed does not fit

    def __init__(self, parent: Optional[QObject] = None):
        super().__init__(parent)
        self.table = CasesTable((), ())

    def set_table(self, table: CasesTable) -> None:
        self.beginResetModel()
        self.table = table
        self.endResetModel()

    def attribute_at(self, column: int) -> Optional[tuple[str, str]]:
        return self.table.attributes[column - 1] if 1 <= column <= len(self.table.attributes) else None

    def case_at(self, row: int) -> Optional[str]:
        return self.table.rows[row][0] if 0 <= row < len(self.table.rows) else None

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.table.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else 1 + len(self.table.attributes)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.columnCount():
            return None
        attribute = self.attribute_at(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return "Case" if attribute is None else attribute[0]
        if role == Qt.ItemDataRole.ToolTipRole and attribute is not None:
            return f"{attribute[0]}: {TYPE_NAMES.get(attribute[1], attribute[1])} (right-click to rename, change " \
                   "its type or delete it)"
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        case, values = self.table.rows[index.row()]
        attribute = self.attribute_at(index.column())
        value = case if attribute is None else values.get(attribute[0])
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return shown(value)
        if role == SORT_ROLE:  # typed: 9 before 10, dates in order; empty cells last
            return (value is None, value if value is not None and not isinstance(value, bool) else shown(value))
        if role == Qt.ItemDataRole.TextAlignmentRole and attribute is not None and attribute[1] in ("integer",
                                                                                                   "float"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return flags | Qt.ItemFlag.ItemIsEditable if index.column() > 0 else flags

    def setData(self, index: QModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        from coding import cases
        from storage import TandemError

        attribute = self.attribute_at(index.column())
        if role != Qt.ItemDataRole.EditRole or attribute is None:
            return False
        text = str(value).strip()
        if text == self.data(index):
            return False
        if text:
            try:
                cases.canonical(text, attribute[1], attribute[0])
            except TandemError as exc:
                self.sig_value_refused.emit(str(exc))
                return False
        self.sig_value_edit_requested.emit(self.case_at(index.row()), attribute[0], text)
        return False  # the table is read again once the step is done


class CasesProxy(QSortFilterProxyModel):
    """Sorted by typed value, filtered by any cell's text."""

    def __init__(self, parent: Optional[QObject] = None):
        super().__init__(parent)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)

    def lessThan(self, left: QModelIndex, right: QModelIndex) -> bool:  # noqa: N802 - Qt's name
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        try:
            return a < b
        except TypeError:
            return str(a) < str(b)
