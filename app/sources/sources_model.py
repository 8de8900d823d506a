"""The project's sources as a two-level tree: kind (focus groups, interviews,
surveys, notes, documents), then each source of that kind."""
from __future__ import annotations

from typing import Any, Optional

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, Qt

from coding.views import SourceSummary

KIND_LABELS = {
    "focus-group": "Focus groups",
    "interview": "Interviews",
    "survey": "Surveys",
    "notes": "Notes",
    "document": "Documents",
}
UUID_ROLE = Qt.ItemDataRole.UserRole + 1
# internalId: 0 for a kind row; 1 + the kind's row for a source row.
_GROUP = 0


class SourcesModel(QAbstractItemModel):
    def __init__(self, parent: Optional[QObject] = None):
        super().__init__(parent)
        self._kinds: list[str] = []
        self._by_kind: dict[str, list[SourceSummary]] = {}

    def set_sources(self, sources: list[SourceSummary]) -> None:
        self.beginResetModel()
        self._by_kind = {}
        for s in sources:
            self._by_kind.setdefault(s.kind, []).append(s)
        self._kinds = [k for k in KIND_LABELS if k in self._by_kind]
        self.endResetModel()

    def source_at(self, index: QModelIndex) -> Optional[SourceSummary]:
        if not index.isValid() or index.internalId() == _GROUP:
            return None
        return self._by_kind[self._kinds[index.internalId() - 1]][index.row()]

    def index_of(self, source_uuid: str) -> QModelIndex:
        for k, kind in enumerate(self._kinds):
            for row, s in enumerate(self._by_kind[kind]):
                if s.uuid == source_uuid:
                    return self.createIndex(row, 0, k + 1)
        return QModelIndex()

    # --- QAbstractItemModel ---
    def index(self, row: int, column: int, parent: QModelIndex = QModelIndex()) -> QModelIndex:
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0, _GROUP) if row < len(self._kinds) else QModelIndex()
        if parent.internalId() == _GROUP and row < len(self._by_kind[self._kinds[parent.row()]]):
            return self.createIndex(row, 0, parent.row() + 1)
        return QModelIndex()

    def parent(self, index: QModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == _GROUP:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _GROUP)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        if not parent.isValid():
            return len(self._kinds)
        if parent.column() == 0 and parent.internalId() == _GROUP:
            return len(self._by_kind[self._kinds[parent.row()]])
        return 0

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 1

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == _GROUP:
            kind = self._kinds[index.row()]
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{KIND_LABELS[kind]} ({len(self._by_kind[kind])})"
            return None
        s = self._by_kind[self._kinds[index.internalId() - 1]][index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return s.name
        if role == Qt.ItemDataRole.ToolTipRole:
            return (f"{s.name}\n{s.characters:,} characters, {s.sections} sections, "
                    f"{s.codings} codings")
        if role == UUID_ROLE:
            return s.uuid
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.internalId() == _GROUP:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and section == 0:
            return "Sources"
        return None
