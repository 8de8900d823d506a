"""The codebook pane: the code tree with colours and counts, a filter box, and
the selected code's definition below it."""
from __future__ import annotations

from html import escape
from typing import Optional

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import QHeaderView, QLineEdit, QSplitter, QTextBrowser, QTreeView, QVBoxLayout, QWidget

from app.codebook.codebook_model import CodebookModel
from coding.codebook import CodeNode


class CodebookPanel(QWidget):
    sig_code_selected = Signal(object)  # CodeNode or None

    def __init__(self, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.model = CodebookModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setRecursiveFilteringEnabled(True)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter = QLineEdit(placeholderText="Filter codes…", clearButtonEnabled=True)
        self.filter.textChanged.connect(self._on_filter_text_changed)
        self.tree = QTreeView()
        self.tree.setModel(self.proxy)
        self.tree.setHeaderHidden(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setStretchLastSection(False)
        self.tree.selectionModel().currentChanged.connect(self._on_tree_current_changed)
        self.definition = QTextBrowser()
        self.definition.setPlaceholderText("Select a code to see its definition.")
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.tree)
        split.addWidget(self.definition)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter)
        layout.addWidget(split)

    def set_nodes(self, nodes: list[CodeNode]) -> None:
        self.model.set_nodes(nodes)
        self.tree.expandAll()
        self.definition.clear()

    def _on_filter_text_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self.tree.expandAll()

    def _on_tree_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        node = self.model.node_at(self.proxy.mapToSource(current.siblingAtColumn(0)))
        if node is None:
            self.definition.clear()
        else:
            self.definition.setHtml(
                f"<p><b>{escape(node.path)}</b></p><p>{escape(node.description) or '<i>No definition yet.</i>'}</p>"
            )
        self.sig_code_selected.emit(node)

