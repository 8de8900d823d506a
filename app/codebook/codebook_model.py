"""The codebook as a tree model: category -> theme -> code, with colours,
definitions (tooltips), coding counts and number keys.  Codes can be renamed
in place and dragged to a new place (or onto the document, to apply them):
the model only asks (``sig_code_*_requested``); the change goes through an
undo command and the tree is reloaded from the project."""
from __future__ import annotations

from typing import Any, Optional

from PySide6.QtCore import QByteArray, QMimeData, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QColor

from app.common.tree_model import TreeItem, TreeModel
from app.document.text_pane import CODE_MIME
from coding.codebook import CodeNode, quick_keys

UUID_ROLE = Qt.ItemDataRole.UserRole + 1
PATH_ROLE = Qt.ItemDataRole.UserRole + 2
COLUMNS = ("Code", "Count", "Key")


class CodebookModel(TreeModel):
    sig_code_rename_requested = Signal(str, str)        # code uuid, new name
    sig_code_move_requested = Signal(str, object, int)  # code uuid, new parent uuid or None, row (-1: end)

    def __init__(self, parent: Optional[QObject] = None):
        super().__init__(parent)
        self._count_label = "mine"
        self._keys: dict[str, int] = {}
        self._totals: dict[str, int] = {}

    def set_nodes(self, nodes: list[CodeNode]) -> None:
        """``nodes`` in depth-first order, as ``coding.codebook.tree`` gives them."""
        self.beginResetModel()
        self._root = TreeItem(None, None)
        self._keys = quick_keys(nodes)
        self._totals = _subtree_totals(nodes)
        stack: list[TreeItem] = [self._root]
        for node in nodes:
            del stack[node.depth + 1:]
            stack.append(stack[-1].add(node))
        self.endResetModel()

    def key_codes(self) -> dict[int, CodeNode]:
        """Number key -> code."""
        found: dict[int, CodeNode] = {}
        stack = list(self._root.children)
        while stack:
            item = stack.pop()
            if item.data.uuid in self._keys:
                found[self._keys[item.data.uuid]] = item.data
            stack.extend(item.children)
        return found

    def node_at(self, index: QModelIndex) -> Optional[CodeNode]:
        return index.internalPointer().data if index.isValid() else None

    # --- QAbstractItemModel (index, parent and rowCount: TreeModel) ---
    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return len(COLUMNS)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        node = index.internalPointer().data
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 2:
                return str(self._keys[node.uuid]) if node.uuid in self._keys else ""
            if col == 1 and not node.is_leaf:  # a category: what its codes hold together
                return self._totals.get(node.uuid, node.n_codings)
            return node.name if col == 0 else node.n_codings
        if role == Qt.ItemDataRole.EditRole and col == 0:
            return node.name
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            return QColor(node.colour)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == 1:
                own = f" ({node.n_codings} on the category itself)" if node.n_codings and not node.is_leaf else ""
                under = "codings with this code" if node.is_leaf else "codings with the codes under it"
                return f"{self.data(index)} {under}{own}"
            return f"{node.path}\n\n{node.description}" if node.description else node.path
        if role == Qt.ItemDataRole.ForegroundRole and col == 1 and not node.is_leaf:
            return QColor("#707070")
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (1, 2):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == UUID_ROLE:
            return node.uuid
        if role == PATH_ROLE:
            return node.path
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled  # the top of the codebook
        flags = (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
                 | Qt.ItemFlag.ItemIsDropEnabled)
        return flags | Qt.ItemFlag.ItemIsEditable if index.column() == 0 else flags

    def setData(self, index: QModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        node = self.node_at(index)
        if node is None or role != Qt.ItemDataRole.EditRole or index.column() != 0:
            return False
        name = str(value).strip()
        if name and name != node.name:
            self.sig_code_rename_requested.emit(node.uuid, name)
        return False  # the tree is reloaded once the rename is done

    # --- drag and drop ---
    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [CODE_MIME]

    def mimeData(self, indexes) -> QMimeData:
        data = QMimeData()
        nodes = [self.node_at(i) for i in indexes if i.isValid()]
        if nodes:
            data.setData(CODE_MIME, QByteArray(nodes[0].uuid.encode()))
            data.setText(nodes[0].path)
        return data

    def canDropMimeData(self, data, action, row, column, parent) -> bool:
        return data.hasFormat(CODE_MIME)

    def dropMimeData(self, data, action, row, column, parent) -> bool:
        if not data.hasFormat(CODE_MIME):
            return False
        code_uuid = bytes(data.data(CODE_MIME)).decode()
        target = self.node_at(parent)
        if target is not None and target.uuid == code_uuid:
            return False
        self.sig_code_move_requested.emit(code_uuid, target.uuid if target else None, row)
        return False  # nothing to remove here: the tree is reloaded after the move

    def set_count_label(self, label: str) -> None:
        """Whose codings the Count column counts ("mine", "all coders", a coder, "consensus")."""
        self._count_label = label
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 1, 1)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]  # short: the names get the room; whose codings is in the tooltip
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole and section == 1:
            return f"Codings counted: {self._count_label} (choose whose with Count beside the filter)"
        return None


def _subtree_totals(nodes: list[CodeNode]) -> dict[str, int]:
    """Codings of each code and everything under it (nodes in depth-first order)."""
    totals: dict[str, int] = {}
    stack: list[CodeNode] = []
    for node in nodes + [None]:
        depth = node.depth if node is not None else -1
        while stack and stack[-1].depth >= depth:
            done = stack.pop()
            totals[done.uuid] = totals.get(done.uuid, 0) + done.n_codings
            if stack:
                totals[stack[-1].uuid] = totals.get(stack[-1].uuid, 0) + totals[done.uuid]
        if node is not None:
            stack.append(node)
    return totals
