"""The units two or more coders disagree on, for one code (or one code in one
source): source, span, each coder's value, and the excerpt."""
from __future__ import annotations

from typing import Any, Optional

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt

from coding.agreement.disagreements import Disagreement

SPAN_ROLE = Qt.ItemDataRole.UserRole + 1  # (source name, start, end) in code points


class DisagreementsModel(QAbstractTableModel):
    def __init__(self, parent: Optional[QObject] = None):
        super().__init__(parent)
        self._coders: list[str] = []
        self._rows: list[Disagreement] = []

    def set_disagreements(self, coders: list[str], rows: list[Disagreement]) -> None:
        self.beginResetModel()
        self._coders, self._rows = list(coders), list(rows)
        self.endResetModel()

    def clear(self) -> None:
        self.set_disagreements([], [])

    def disagreement_at(self, row: int) -> Disagreement:
        return self._rows[row]

    def _headers(self) -> list[str]:
        return ["Where"] + self._coders + ["The passage (the disputed words «marked»)"]

    # --- QAbstractTableModel ---
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() or not self._coders else len(self._headers())

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        d, c = self._rows[index.row()], index.column()
        if role == SPAN_ROLE:
            return d.source, d.start, d.end
        last = len(self._headers()) - 1
        if role == Qt.ItemDataRole.DisplayRole:
            if c == 0:
                return d.where()
            if c == last:
                return d.marked()
            return d.values[c - 1] if c - 1 < len(d.values) else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            if c == last:
                return d.marked()
            if c == 0:
                return f"{d.source}, characters {d.start:,}–{d.end:,}"
            return None
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        headers = self._headers()
        return headers[section] if 0 <= section < len(headers) and self._coders else None
