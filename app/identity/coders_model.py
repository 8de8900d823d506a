"""The project's coders as a list model (name, role, colour swatch)."""
from __future__ import annotations

from typing import Any, Optional

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QColor

from coding.views import CoderSummary

UUID_ROLE = Qt.ItemDataRole.UserRole + 1


class CodersModel(QAbstractListModel):
    def __init__(self, parent: Optional[QObject] = None):
        super().__init__(parent)
        self._coders: list[CoderSummary] = []

    def set_coders(self, coders: list[CoderSummary]) -> None:
        self.beginResetModel()
        self._coders = list(coders)
        self.endResetModel()

    def coder_at(self, row: int) -> Optional[CoderSummary]:
        return self._coders[row] if 0 <= row < len(self._coders) else None

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._coders)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._coders):
            return None
        coder = self._coders[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{coder.name} ({coder.role})"
        if role == Qt.ItemDataRole.DecorationRole:
            return QColor(coder.colour)
        if role == UUID_ROLE:
            return coder.uuid
        return None
