"""The files of an import batch, each with what Tandem found in it."""
from __future__ import annotations

from typing import Any, Optional

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, Qt

from importers.documents import ParsedFile

KIND_OF_FILE = {"transcript": "transcript", "survey": "survey", "document": "document"}


class FilesModel(QAbstractListModel):
    def __init__(self, parent: Optional[QObject] = None):
        super().__init__(parent)
        self._files: list[ParsedFile] = []
        self._summaries: list[str] = []

    def set_files(self, files: list[ParsedFile], summaries: list[str]) -> None:
        self.beginResetModel()
        self._files, self._summaries = list(files), list(summaries)
        self.endResetModel()

    def set_summary(self, row: int, summary: str) -> None:
        self._summaries[row] = summary
        self.dataChanged.emit(self.index(row), self.index(row))

    def file_at(self, row: int) -> ParsedFile:
        return self._files[row]

    def files(self) -> list[ParsedFile]:
        return list(self._files)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._files)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        f = self._files[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{f.path.name}\n{self._summaries[index.row()]}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(f.path)
        return None
