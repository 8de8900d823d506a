"""A case's attributes (name, value) as a two-column table."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt

from app.common.rows_model import RowsModel


class CaseAttributesModel(RowsModel[tuple[str, str]]):
    HEADERS = ("Attribute", "Value")

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self._row(index)
        if row is not None and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return row[index.column()]
        return None
