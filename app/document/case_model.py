"""A case's attributes (name, value) as a two-column table."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal

from app.common.rows_model import RowsModel


class CaseAttributesModel(RowsModel[tuple[str, str]]):
    """Values are edited in place; the model only asks
    (``sig_value_edit_requested``), the change is an undo command."""

    HEADERS = ("Attribute", "Value")
    sig_value_edit_requested = Signal(str, str)  # attribute, the value typed

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self._row(index)
        if row is not None and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                                        Qt.ItemDataRole.EditRole):
            return row[index.column()]
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        return flags | Qt.ItemFlag.ItemIsEditable if index.isValid() and index.column() == 1 else flags

    def setData(self, index: QModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        row = self._row(index)
        if row is None or role != Qt.ItemDataRole.EditRole or index.column() != 1 or str(value).strip() == row[1]:
            return False
        self.sig_value_edit_requested.emit(row[0], str(value).strip())
        return False
