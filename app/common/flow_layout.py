"""A layout that lays its items out left to right and wraps onto the next
line when the width runs out, so a row of filters or buttons fits a laptop
screen and still takes one line on a wide one.  Hidden items take no room;
each item gets its size hint (no wider than the layout)."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QStyle, QWidget


class FlowLayout(QLayout):
    def __init__(self, parent: Optional[QWidget] = None, spacing: int = -1):
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing

    # --- QLayout's item bookkeeping ---
    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt's name
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> Optional[QLayoutItem]:  # noqa: N802 - Qt's name
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> Optional[QLayoutItem]:  # noqa: N802 - Qt's name
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    # --- sizes ---
    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 - Qt's name
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's name
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt's name
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """Everything on one line."""
        shown = [item.sizeHint() for item in self._shown()]
        width = sum(s.width() for s in shown) + self._gap() * max(len(shown) - 1, 0)
        height = max((s.height() for s in shown), default=0)
        return QSize(width, height).grownBy(self.contentsMargins())

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt's name
        """The widest item alone on its line."""
        size = QSize()
        for item in self._shown():
            size = size.expandedTo(item.minimumSize())
        return size.grownBy(self.contentsMargins())

    # --- arranging ---
    def _shown(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    def _gap(self) -> int:
        if self._spacing >= 0:
            return self._spacing
        parent = self.parentWidget()
        if parent is None:
            return 6
        return parent.style().pixelMetric(QStyle.PixelMetric.PM_LayoutHorizontalSpacing, None, parent)

    def _arrange(self, rect: QRect, move: bool) -> int:
        """Place the items in ``rect`` (or only measure), returning the height used."""
        margins: QMargins = self.contentsMargins()
        area = rect.marginsRemoved(margins)
        gap = self._gap()
        x, y, line_height = area.x(), area.y(), 0
        line: list[tuple[QLayoutItem, QSize]] = []

        def place_line() -> None:
            left = area.x()
            for item, size in line:  # items of one line are centred vertically on it
                top = y + (line_height - size.height()) // 2
                item.setGeometry(QRect(QPoint(left, top), size))
                left += size.width() + gap

        for item in self._shown():
            size = item.sizeHint().expandedTo(item.minimumSize()).boundedTo(item.maximumSize())
            size.setWidth(min(size.width(), max(area.width(), item.minimumSize().width())))
            if line and x + size.width() > area.right() + 1:
                if move:
                    place_line()
                x, y, line_height, line = area.x(), y + line_height + gap, 0, []
            line.append((item, size))
            x += size.width() + gap
            line_height = max(line_height, size.height())
        if move and line:
            place_line()
        return y + line_height - rect.y() + margins.bottom()
