"""A read-only table over a list of plain rows (search hits, coded segments,
a case's attributes): the list, the row counts and the headers in one place;
each model says only how a row is shown (``data``)."""
from __future__ import annotations

from typing import Any, Generic, Optional, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt

RowT = TypeVar("RowT")


class RowsModel(QAbstractTableModel, Generic[RowT]):
    HEADERS: tuple[str, ...] = ()

    def __init__(self, parent: Optional[QObject] = None):
        super().__init__(parent)
        self._rows: list[RowT] = []

    def set_rows(self, rows) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[RowT]:
        return list(self._rows)

    def row_at(self, row: int) -> Optional[RowT]:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def _row(self, index: QModelIndex) -> Optional[RowT]:
        return self.row_at(index.row()) if index.isValid() else None

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        return None
