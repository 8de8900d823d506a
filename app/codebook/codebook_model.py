"""The codebook as a tree model: category -> theme -> code, with colours,
definitions (tooltips) and coding counts."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QColor

from coding.codebook import CodeNode

UUID_ROLE = Qt.ItemDataRole.UserRole + 1
PATH_ROLE = Qt.ItemDataRole.UserRole + 2
COLUMNS = ("Code", "Codings")


@dataclass(eq=False)
class _Item:
    node: Optional[CodeNode]
    parent: Optional["_Item"]
    children: list["_Item"] = field(default_factory=list)

    def row(self) -> int:
        return self.parent.children.index(self) if self.parent else 0


class CodebookModel(QAbstractItemModel):
    def __init__(self, parent: Optional[QObject] = None):
        super().__init__(parent)
        self._root = _Item(None, None)

    def set_nodes(self, nodes: list[CodeNode]) -> None:
        """``nodes`` in depth-first order, as ``coding.codebook.tree`` gives them."""
        self.beginResetModel()
        self._root = _Item(None, None)
        stack: list[_Item] = [self._root]
        for node in nodes:
            del stack[node.depth + 1:]
            item = _Item(node, stack[-1])
            stack[-1].children.append(item)
            stack.append(item)
        self.endResetModel()

    def node_at(self, index: QModelIndex) -> Optional[CodeNode]:
        return index.internalPointer().node if index.isValid() else None

    def _item(self, index: QModelIndex) -> _Item:
        return index.internalPointer() if index.isValid() else self._root

    # --- QAbstractItemModel ---
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

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return len(COLUMNS)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        node = index.internalPointer().node
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return node.name if col == 0 else node.n_codings
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            return QColor(node.colour)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{node.path}\n\n{node.description}" if node.description else node.path
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == UUID_ROLE:
            return node.uuid
        if role == PATH_ROLE:
            return node.path
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None
