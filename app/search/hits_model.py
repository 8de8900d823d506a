"""Search hits as a keyword-in-context table: source, position, the text
before the hit (right-aligned), the hit in bold, and the text after it."""
from __future__ import annotations

from typing import Any, Optional

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QFont

from coding.search import Hit

HEADERS = ("Source", "Position", "Before", "Hit", "After")
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class HitsModel(QAbstractTableModel):
    def __init__(self, parent: Optional[QObject] = None):
        super().__init__(parent)
        self._hits: list[Hit] = []

    def set_hits(self, hits) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def hit_at(self, row: int) -> Optional[Hit]:
        return self._hits[row] if 0 <= row < len(self._hits) else None

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._hits)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit, col = self._hits[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (hit.source, f"{hit.start:,}", hit.before, hit.match, hit.after)[col]
        if role == Qt.ItemDataRole.ToolTipRole and col >= 2:
            return f"{hit.before}{hit.match}{hit.after}"
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (1, 2):
            return RIGHT
        if role == Qt.ItemDataRole.FontRole and col == 3:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(HEADERS):
            return HEADERS[section]
        return None
