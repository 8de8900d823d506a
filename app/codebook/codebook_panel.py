"""The codebook pane: the code tree with colours and counts, a filter box, and
the selected code's definition below it."""
from __future__ import annotations

from html import escape
from typing import Optional

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox, QHeaderView, QLineEdit, QSplitter, QTextBrowser, QTreeView, QVBoxLayout, QWidget,
)

from app.codebook.codebook_model import PATH_ROLE, CodebookModel
from coding.codebook import CodeNode


class CodebookPanel(QWidget):
    sig_code_selected = Signal(object)  # CodeNode or None
    sig_exclusive_toggled = Signal(str, bool)  # parent code path, exclusive

    def __init__(self, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.model = CodebookModel(self)
        self._node: Optional[CodeNode] = None
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
        self.exclusive_box = QCheckBox("E&xclusive values")
        self.exclusive_box.setToolTip(
            "The codes under this one are the mutually exclusive values of one variable: a coder "
            "applies at most one of them to a unit, and agreement treats them as one nominal variable.")
        self.exclusive_box.setEnabled(False)
        self.exclusive_box.clicked.connect(self._on_exclusive_box_clicked)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.tree)
        split.addWidget(self.definition)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter)
        layout.addWidget(split)
        layout.addWidget(self.exclusive_box)

    def set_nodes(self, nodes: list[CodeNode]) -> None:
        self.model.set_nodes(nodes)
        self._node = None
        self.exclusive_box.setChecked(False)
        self.exclusive_box.setEnabled(False)
        self.tree.expandAll()
        self.definition.clear()

    def _on_filter_text_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self.tree.expandAll()

    def _on_tree_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        source = self.proxy.mapToSource(current.siblingAtColumn(0))
        node = self.model.node_at(source)
        self._node = node
        parent = node is not None and self.model.rowCount(source) > 0
        self.exclusive_box.setEnabled(parent)
        self.exclusive_box.setChecked(parent and node.exclusive)
        if node is None:
            self.definition.clear()
        else:
            self.definition.setHtml(
                f"<p><b>{escape(node.path)}</b></p><p>{escape(node.description) or '<i>No definition yet.</i>'}</p>"
            )
        self.sig_code_selected.emit(node)

    def select_path(self, path: str) -> None:
        """Make the code at ``path`` the current one (after the tree was reloaded)."""
        found = self.proxy.match(self.proxy.index(0, 0), PATH_ROLE, path, 1,
                                 Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)
        if found:
            self.tree.setCurrentIndex(found[0])

    def _on_exclusive_box_clicked(self, checked: bool) -> None:
        if self._node is not None:
            self.sig_exclusive_toggled.emit(self._node.path, checked)
