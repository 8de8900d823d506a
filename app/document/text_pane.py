"""The document text: read-only, selectable with mouse and keyboard, and a
drop target for codes dragged from the codebook."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QTextEdit, QWidget

CODE_MIME = "application/x-tandem-code"


class TextPane(QTextEdit):
    sig_code_dropped = Signal(str, int)        # code uuid, UTF-16 position of the drop
    sig_context_menu_requested = Signal(object, int)  # global point, UTF-16 position
    sig_viewport_resized = Signal()

    def __init__(self, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setFont(QFont("DejaVu Sans", 11))
        self.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's names below
        super().resizeEvent(event)
        self.sig_viewport_resized.emit()

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasFormat(CODE_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasFormat(CODE_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event) -> None:  # noqa: N802
        if not event.mimeData().hasFormat(CODE_MIME):
            event.ignore()
            return
        code_uuid = bytes(event.mimeData().data(CODE_MIME)).decode()
        position = self.cursorForPosition(event.position().toPoint()).position()
        event.acceptProposedAction()
        self.sig_code_dropped.emit(code_uuid, position)

    def contextMenuEvent(self, event) -> None:  # noqa: N802
        self.sig_context_menu_requested.emit(event.globalPos(), self.cursorForPosition(event.pos()).position())
