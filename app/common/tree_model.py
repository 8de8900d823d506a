"""The plumbing every tree model of plain items shares: items that know their
parent and children, and the index, parent and row counts Qt asks for; each
model says only how an item is shown (``data``) and what it accepts."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from PySide6.QtCore import QAbstractItemModel, QModelIndex


@dataclass(eq=False)
class TreeItem:
    data: Any
    parent: Optional["TreeItem"]
    children: list["TreeItem"] = field(default_factory=list)
    kind: str = ""

    def row(self) -> int:
        return self.parent.children.index(self) if self.parent else 0

    def add(self, data: Any, kind: str = "") -> "TreeItem":
        child = TreeItem(data, self, kind=kind)
        self.children.append(child)
        return child


class TreeModel(QAbstractItemModel):
    """A tree of ``TreeItem``s below ``self._root`` (column 0 holds children)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._root = TreeItem(None, None)

    def _item(self, index: QModelIndex) -> TreeItem:
        return index.internalPointer() if index.isValid() else self._root

    def index(self, row: int, column: int, parent: QModelIndex = QModelIndex()) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        return self.createIndex(row, column, self._item(parent).children[row])

    def parent(self, index: QModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        parent = index.internalPointer().parent
        if parent is None or parent is self._root:
            return QModelIndex()
        return self.createIndex(parent.row(), 0, parent)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._item(parent).children)
