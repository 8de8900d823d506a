"""The Themes view's tree: categories → themes → their pinned quotes, with
each theme's description, coded segments and the cases of each respondent
group that mention it (``coding.themes.overview``).

Drag and drop organises the themes as the codebook does, by asking
(``sig_*_requested``); the change goes through an undo command and the tree is
read again: a code dragged from the codebook onto a theme is gathered under
it, a theme dragged onto a category moves there, and a quote dragged within
its theme takes a new place in the order."""
from __future__ import annotations

from typing import Any, Optional

from PySide6.QtCore import QByteArray, QMimeData, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QColor

from app.common.tree_model import TreeItem, TreeModel
from app.document.text_pane import CODE_MIME
from coding.places import in_source
from coding.themes import ThemeOverview

QUOTE_MIME = "application/x-tandem-quote"
KIND_ROLE = Qt.ItemDataRole.UserRole + 1   # "category", "theme" or "quote"
UUID_ROLE = Qt.ItemDataRole.UserRole + 2
DATA_ROLE = Qt.ItemDataRole.UserRole + 3   # the CategorySummary, ThemeSummary or QuoteData
FLAG = "⚠ "


class ThemesModel(TreeModel):
    sig_code_move_requested = Signal(str, str, int)   # code uuid, new parent uuid, position (-1: end)
    sig_quote_move_requested = Signal(str, int)       # quote uuid, new position among its theme's

    def __init__(self, parent: Optional[QObject] = None):
        super().__init__(parent)
        self.overview: Optional[ThemeOverview] = None
        self._groups: tuple[str, ...] = ()

    def set_overview(self, overview: Optional[ThemeOverview]) -> None:
        self.beginResetModel()
        self.overview = overview
        self._root = TreeItem(None, None)
        self._groups = (overview.groups or ("",)) if overview is not None else ()
        for category in overview.categories if overview is not None else ():
            c = self._root.add(category, "category")
            for theme in category.themes:
                t = c.add(theme, "theme")
                for q in theme.quotes:
                    t.add(q, "quote")
        self.endResetModel()

    def headers(self) -> list[str]:
        if self.overview is None:
            return ["Theme"]
        sizes = self.overview.group_sizes
        groups = [f"{g} (n={sizes.get(g, 0)})" for g in self.overview.groups] or [f"Cases (n={sizes.get('', 0)})"]
        return ["Theme / quote", "Segments", *groups, "Description"]

    def index_of(self, uuid: str) -> QModelIndex:
        stack = [(self._root, QModelIndex())]
        while stack:
            item, parent = stack.pop()
            for row, child in enumerate(item.children):
                index = self.index(row, 0, parent)
                if child.data.uuid == uuid:
                    return index
                stack.append((child, index))
        return QModelIndex()

    # --- QAbstractItemModel (index, parent and rowCount: TreeModel) ---
    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return len(self.headers())

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        headers = self.headers()
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(headers):
            return headers[section]
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item: TreeItem = index.internalPointer()
        if role == KIND_ROLE:
            return item.kind
        if role == UUID_ROLE:
            return item.data.uuid
        if role == DATA_ROLE:
            return item.data
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(item, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(item, index.column())
        if role == Qt.ItemDataRole.ForegroundRole:
            if item.kind == "quote" and index.column() == 0 and item.data.flags:
                return QColor("#A04000")
            if item.kind == "quote" and index.column() > 0:
                return QColor("#707070")
        if role == Qt.ItemDataRole.FontRole and item.kind == "category" and index.column() == 0:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and 0 < index.column() < self.columnCount() - 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, item: TreeItem, col: int) -> Any:
        last = self.columnCount() - 1
        if item.kind == "category":
            if col == 0:
                return item.data.name
            if col == 1:
                return sum(t.segments for t in item.data.themes)
            return _first_line(item.data.description) if col == last else None
        if item.kind == "theme":
            theme = item.data
            if col == 0:
                return f"{theme.name} ({len(theme.quotes)})" if theme.quotes else theme.name
            if col == 1:
                return theme.segments
            if col == last:  # what the theme table prints: its description for readers, else its definition
                return _first_line(theme.summary or theme.description)
            return theme.cases.get(self._groups[col - 2], 0)
        quote = item.data
        if col == 0:
            return (FLAG if quote.flags else "") + f"“{quote.text}”"
        if col == last:
            return in_source(quote.source, quote.place)
        return None

    def _tooltip(self, item: TreeItem, col: int) -> Optional[str]:
        if item.kind == "quote":
            q = item.data
            lines = [f"“{q.text}”"]
            if q.text != " ".join(q.original.split()):
                lines.append(f"Original: “{' '.join(q.original.split())}”")
            lines.append(f"{in_source(q.source, q.place)}; pinned by {q.pinned_by}")
            if q.flags:
                lines.append("Check before printing: it contains " + "; ".join(q.flags))
            return "\n".join(lines)
        if item.kind == "theme" and 1 < col < self.columnCount() - 1 and self.overview is not None:
            group = self._groups[col - 2]
            n, of = item.data.cases.get(group, 0), self.overview.group_sizes.get(group, 0)
            return f"{n} of {of} {group or 'cases'} mention it (in {self.overview.layer_words()})"
        description = item.data.description
        if item.kind == "theme" and item.data.summary:
            description = f"In the theme table: {item.data.summary}\n\nDefinition: {description}"
        gathers = f"\n\nGathers: {', '.join(item.data.codes)}" if item.kind == "theme" and item.data.codes else ""
        return (description + gathers).strip() or None

    # --- drag and drop ---
    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        kind = index.internalPointer().kind
        if kind in ("theme", "quote"):
            flags |= Qt.ItemFlag.ItemIsDragEnabled
        if kind in ("category", "theme"):
            flags |= Qt.ItemFlag.ItemIsDropEnabled
        return flags

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def mimeTypes(self) -> list[str]:
        return [CODE_MIME, QUOTE_MIME]

    def mimeData(self, indexes) -> QMimeData:
        data = QMimeData()
        items = [i.internalPointer() for i in indexes if i.isValid()]
        if items:
            mime = QUOTE_MIME if items[0].kind == "quote" else CODE_MIME
            data.setData(mime, QByteArray(items[0].data.uuid.encode()))
            data.setText(items[0].data.text if items[0].kind == "quote" else items[0].data.path)
        return data

    def canDropMimeData(self, data, action, row, column, parent) -> bool:
        target = self._item(parent)
        if data.hasFormat(QUOTE_MIME):  # a quote takes a new place among its own theme's
            uuid = bytes(data.data(QUOTE_MIME)).decode()
            return target.kind == "theme" and any(c.data.uuid == uuid for c in target.children)
        return data.hasFormat(CODE_MIME) and target.kind in ("category", "theme")

    def dropMimeData(self, data, action, row, column, parent) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        target = self._item(parent)
        if data.hasFormat(QUOTE_MIME):
            uuid = bytes(data.data(QUOTE_MIME)).decode()
            old = next(i for i, c in enumerate(target.children) if c.data.uuid == uuid)
            new = len(target.children) - 1 if row < 0 else (row - 1 if row > old else row)
            if new != old:
                self.sig_quote_move_requested.emit(uuid, new)
            return False  # the tree is read again once the step is done
        code_uuid = bytes(data.data(CODE_MIME)).decode()
        if code_uuid != target.data.uuid:
            self.sig_code_move_requested.emit(code_uuid, target.data.uuid, -1 if target.kind == "theme" else row)
        return False


def _first_line(text: str) -> str:
    line = (text or "").strip().splitlines()[0] if (text or "").strip() else ""
    return line if len(line) <= 120 else line[:119] + "…"
