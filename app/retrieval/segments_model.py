"""Retrieved coded segments as a table."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt

from app.common.rows_model import RowsModel
from coding.codings import Segment


class SegmentsModel(RowsModel[Segment]):
    HEADERS = ("Source", "Coder", "Case", "Speaker", "Code", "Text")

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        seg = self._row(index)
        if seg is None:
            return None
        values = (seg.source, seg.coder, seg.case or "", seg.speaker or "", seg.code.rsplit("/", 1)[-1],
                  " ".join(seg.text.split()))
        if role == Qt.ItemDataRole.DisplayRole:
            return values[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return seg.text if index.column() == 5 else (seg.code if index.column() == 4 else values[index.column()])
        return None
