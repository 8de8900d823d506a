"""The quick-code palette (Ctrl+K): type a few letters of a code, Enter
applies it to the selection."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QListView, QVBoxLayout, QWidget

from app.coding.code_list_model import CodeListModel, FuzzyProxy
from coding.codebook import CodeNode


class QuickCodeDialog(QDialog):
    sig_code_chosen = Signal(object)  # CodeNode

    def __init__(self, nodes: list[CodeNode], parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.setWindowTitle("Apply code")
        self.resize(520, 380)
        self.model = CodeListModel(self)
        self.model.set_nodes(nodes)
        self.proxy = FuzzyProxy(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.set_query("")
        self.query = QLineEdit(placeholderText="Type part of a code's name — e.g. 'tp' for Time pressure")
        self.query.textChanged.connect(self._on_query_text_changed)
        self.query.returnPressed.connect(self._on_query_return_pressed)
        self.query.installEventFilter(self)
        self.list = QListView()
        self.list.setModel(self.proxy)
        self.list.activated.connect(lambda _i: self._on_query_return_pressed())
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.list, 1)
        layout.addWidget(QLabel("↑↓ to choose · Enter to apply · Esc to close"))
        self._select_first()

    def matches(self) -> list[str]:
        return [self.proxy.index(r, 0).data() for r in range(self.proxy.rowCount())]

    def _select_first(self) -> None:
        if self.proxy.rowCount():
            self.list.setCurrentIndex(self.proxy.index(0, 0))

    def _on_query_text_changed(self, text: str) -> None:
        self.proxy.set_query(text)
        self._select_first()

    def _on_query_return_pressed(self) -> None:
        index = self.list.currentIndex()
        if not index.isValid():
            return
        node = self.model.node_at(self.proxy.mapToSource(index).row())
        self.sig_code_chosen.emit(node)
        self.accept()

    def eventFilter(self, obj, event) -> bool:  # arrows in the query box move in the list
        if obj is self.query and event.type() == event.Type.KeyPress and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            row = self.list.currentIndex().row() + (1 if event.key() == Qt.Key.Key_Down else -1)
            if 0 <= row < self.proxy.rowCount():
                self.list.setCurrentIndex(self.proxy.index(row, 0))
            return True
        return super().eventFilter(obj, event)
