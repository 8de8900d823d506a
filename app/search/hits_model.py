"""Search hits as a keyword-in-context table: source, where in it (the
speaker and when, or the respondent), the text before the hit
(right-aligned), the hit in bold, and the text after it."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QFont

from app.common.rows_model import RowsModel
from coding.search import Hit

RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class HitsModel(RowsModel[Hit]):
    HEADERS = ("Source", "Where", "Before", "Hit", "After")

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        hit, col = self._row(index), index.column()
        if hit is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (hit.source, hit.where, hit.before, hit.match, hit.after)[col]
        if role == Qt.ItemDataRole.ToolTipRole and col >= 2:
            return f"{hit.before}{hit.match}{hit.after}"
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 2:
            return RIGHT
        if role == Qt.ItemDataRole.FontRole and col == 3:
            font = QFont()
            font.setBold(True)
            return font
        return None
