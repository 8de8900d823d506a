"""Codable codes as a flat list (for the quick-code palette), and a proxy
that filters and orders them by fuzzy match."""
from __future__ import annotations

from typing import Any, Optional

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor

from coding import fuzzy
from coding.codebook import CodeNode

PATH_ROLE = Qt.ItemDataRole.UserRole + 2


class CodeListModel(QAbstractListModel):
    def __init__(self, parent: Optional[QObject] = None):
        super().__init__(parent)
        self._nodes: list[CodeNode] = []

    def set_nodes(self, nodes: list[CodeNode]) -> None:
        self.beginResetModel()
        self._nodes = [n for n in nodes if n.codable]
        self.endResetModel()

    def node_at(self, row: int) -> Optional[CodeNode]:
        return self._nodes[row] if 0 <= row < len(self._nodes) else None

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._nodes)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._nodes):
            return None
        node = self._nodes[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return node.path.replace("/", " › ")
        if role == Qt.ItemDataRole.DecorationRole:
            return QColor(node.colour)
        if role == Qt.ItemDataRole.ToolTipRole:
            return node.description or node.path
        if role == PATH_ROLE:
            return node.path
        return None


class FuzzyProxy(QSortFilterProxyModel):
    """Keeps the codes whose path holds the typed letters in order, best first."""

    def __init__(self, parent: Optional[QObject] = None):
        super().__init__(parent)
        self._query = ""
        self._scores: dict[int, float] = {}

    def set_query(self, query: str) -> None:
        self._query = query
        model = self.sourceModel()
        self._scores = {}
        for row in range(model.rowCount()):
            value = fuzzy.score(query, model.index(row, 0).data(PATH_ROLE))
            if value is not None:
                self._scores[row] = value
        self.invalidate()  # filter and order again
        self.sort(0)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex) -> bool:
        return not self._query or source_row in self._scores

    def lessThan(self, left: QModelIndex, right: QModelIndex) -> bool:
        if not self._query:
            return left.row() < right.row()
        a, b = self._scores.get(left.row(), 0.0), self._scores.get(right.row(), 0.0)
        return a > b if a != b else left.row() < right.row()
