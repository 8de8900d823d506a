"""A list of checkable choices (coders, codes, sources) for the options bar."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, Qt, Signal

KEY_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass
class CheckItem:
    key: str
    label: str
    tip: str = ""
    checked: bool = False


class CheckListModel(QAbstractListModel):
    sig_checks_changed = Signal()

    def __init__(self, parent: Optional[QObject] = None):
        super().__init__(parent)
        self._items: list[CheckItem] = []

    def set_items(self, items: list[CheckItem]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()
        self.sig_checks_changed.emit()

    def items(self) -> list[CheckItem]:
        return list(self._items)

    def checked_keys(self) -> list[str]:
        return [i.key for i in self._items if i.checked]

    def checked_labels(self) -> list[str]:
        return [i.label.strip() for i in self._items if i.checked]

    def set_checked(self, keys) -> None:
        keys = set(keys)
        for item in self._items:
            item.checked = item.key in keys
        if self._items:
            self.dataChanged.emit(self.index(0), self.index(len(self._items) - 1),
                                  [Qt.ItemDataRole.CheckStateRole])
        self.sig_checks_changed.emit()

    # --- QAbstractListModel ---
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return item.label
        if role == Qt.ItemDataRole.ToolTipRole:
            return item.tip or None
        if role == Qt.ItemDataRole.CheckStateRole:
            return (Qt.CheckState.Checked if item.checked else Qt.CheckState.Unchecked).value
        if role == KEY_ROLE:
            return item.key
        return None

    def setData(self, index: QModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole:
            return False
        state = value.value if isinstance(value, Qt.CheckState) else int(value)
        self._items[index.row()].checked = state == Qt.CheckState.Checked.value
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.sig_checks_changed.emit()
        return True

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable
