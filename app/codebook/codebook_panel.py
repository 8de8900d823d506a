"""The codebook panel: a filter box, the code tree (colours, counts for the
current coder, number keys), the selected code's definition with its
inclusion and exclusion criteria and example, and the code actions (new,
rename, merge, delete, memo) on a context menu.

The panel asks for changes through ``sig_code_*_requested``; the main window
turns them into undo commands and reloads the tree."""
from __future__ import annotations

from html import escape
from typing import Optional

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QHBoxLayout, QLabel, QHeaderView, QLineEdit, QMenu, QPushButton, QSplitter,
    QTextBrowser, QTreeView, QVBoxLayout, QWidget,
)

from app.codebook.codebook_model import PATH_ROLE, UUID_ROLE, CodebookModel
from coding.codebook import CodeNode


class CodebookPanel(QWidget):
    sig_code_selected = Signal(object)            # CodeNode or None
    sig_code_activated = Signal(object)           # CodeNode: apply it to the selection
    sig_exclusive_toggled = Signal(str, bool)     # parent code path, exclusive
    sig_code_new_requested = Signal(object)       # parent uuid or None
    sig_code_rename_requested = Signal(str, str)  # uuid, new name
    sig_code_move_requested = Signal(str, object, int)  # uuid, parent uuid or None, position (-1: end)
    sig_code_merge_requested = Signal(object)     # CodeNode
    sig_code_delete_requested = Signal(object)    # CodeNode
    sig_code_memo_requested = Signal(object)      # CodeNode
    sig_code_edit_requested = Signal(object)      # CodeNode: its definition, criteria, example, colour
    sig_count_whose_changed = Signal(str)         # whose codings the Count column counts

    def __init__(self, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.model = CodebookModel(self)
        self.model.sig_code_rename_requested.connect(self.sig_code_rename_requested)
        self.model.sig_code_move_requested.connect(self._on_model_code_move_requested)
        self._node: Optional[CodeNode] = None
        self._open = False  # a project is open (nothing to add or apply to before)
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
        for column in (1, 2):
            self.tree.header().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(False)
        self.tree.setDragEnabled(True)
        self.tree.setAcceptDrops(True)
        self.tree.setDropIndicatorShown(True)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.tree.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._on_tree_custom_context_menu_requested)
        self.tree.doubleClicked.connect(self._on_tree_double_clicked)
        self.tree.selectionModel().currentChanged.connect(self._on_tree_current_changed)
        self.definition = QTextBrowser()
        self.definition.setPlaceholderText("Select a code to see its definition.")
        self.exclusive_box = QCheckBox("E&xclusive values")
        self.exclusive_box.setToolTip(
            "The codes under this one are the mutually exclusive values of one variable: a coder "
            "applies at most one of them to a unit, and agreement treats them as one nominal variable.")
        self.exclusive_box.setEnabled(False)
        self.exclusive_box.clicked.connect(self._on_exclusive_box_clicked)
        self.apply_button = QPushButton("&Apply to Selection")
        self.apply_button.setToolTip("Apply the selected code to the text selected in the document "
                                     "(or double-click the code, press its number key, or drag it onto the text)")
        self.apply_button.clicked.connect(lambda: self._emit_for_node(self.sig_code_activated))
        self.count_box = QComboBox()
        self.count_box.setObjectName("count_box")
        self.count_box.setToolTip("Whose codings the Count column counts (others' only where you may see them)")
        self.count_box.activated.connect(lambda _i: self.sig_count_whose_changed.emit(self.whose()))
        self._build_actions()
        self.new_button = QPushButton("&New Code")
        self.new_button.setToolTip("A new code beside the selected one, or at the top (Ctrl+Shift+N)")
        self.new_button.clicked.connect(self.action_new.trigger)
        self.set_project_open(False)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.tree)
        split.addWidget(self.definition)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(QLabel("Count:"))
        top.addWidget(self.count_box)
        layout.addLayout(top)
        layout.addWidget(split)
        row = QHBoxLayout()
        row.addWidget(self.apply_button)
        row.addWidget(self.new_button)
        row.addStretch(1)
        row.addWidget(self.exclusive_box)
        layout.addLayout(row)

    def _build_actions(self) -> None:
        def action(text, shortcut, slot) -> QAction:
            a = QAction(text, self)
            if shortcut:
                a.setShortcut(QKeySequence(shortcut))
                a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            a.triggered.connect(slot)
            self.tree.addAction(a)
            return a

        self.action_new = action("&New Code…", "Ctrl+Shift+N", lambda: self.sig_code_new_requested.emit(
            self._node.parent_uuid if self._node else None))
        self.action_new.setShortcutContext(Qt.ShortcutContext.WindowShortcut)  # the window adds it to a menu too
        self.action_new_child = action("New &sub-code", None, lambda: self.sig_code_new_requested.emit(
            self._node.uuid if self._node else None))
        self.action_rename = action("&Rename", "F2", self._on_action_rename_triggered)
        self.action_edit = action("Edit &Definition…", "Ctrl+E",
                                  lambda: self._emit_for_node(self.sig_code_edit_requested))
        self.action_merge = action("&Merge into…", None, lambda: self._emit_for_node(self.sig_code_merge_requested))
        self.action_delete = action("&Delete", "Del", lambda: self._emit_for_node(self.sig_code_delete_requested))
        self.action_memo = action("M&emo…", None, lambda: self._emit_for_node(self.sig_code_memo_requested))

    # --- public ---
    def set_project_open(self, open_: bool) -> None:
        """No new code and nothing to apply before a project is open."""
        self._open = open_
        self.action_new.setEnabled(open_)
        self.new_button.setEnabled(open_)
        self.apply_button.setEnabled(open_ and self._node is not None and self._node.codable)

    def whose(self) -> str:
        return self.count_box.currentText() or "mine"

    def set_count_choices(self, choices: list[str], whose: str, label: str) -> None:
        """The counts one may choose (mine, all coders, each coder, consensus) and the one shown."""
        self.count_box.blockSignals(True)
        self.count_box.clear()
        self.count_box.addItems(choices)
        self.count_box.setCurrentText(whose)
        self.count_box.setEnabled(len(choices) > 1)
        self.count_box.blockSignals(False)
        self.model.set_count_label(label)

    def set_nodes(self, nodes: list[CodeNode]) -> None:
        """Reload the tree, keeping the current code and the scroll position."""
        current = self._node.uuid if self._node else None
        scroll = self.tree.verticalScrollBar().value()
        self.model.set_nodes(nodes)
        self._node = None
        self.exclusive_box.setChecked(False)
        self.exclusive_box.setEnabled(False)
        self._expand_all()
        self.definition.clear()
        if current is not None:
            self.select_uuid(current)
        self.tree.verticalScrollBar().setValue(scroll)

    def _expand_all(self) -> None:
        """Expand the tree, measuring the count columns once rather than once per row."""
        header = self.tree.header()
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
        self.tree.expandAll()
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

    def current_node(self) -> Optional[CodeNode]:
        return self._node

    def select_path(self, path: str) -> None:
        """Make the code at ``path`` the current one (after the tree was reloaded)."""
        self._select(PATH_ROLE, path)

    def select_uuid(self, uuid: str) -> None:
        self._select(UUID_ROLE, uuid)

    def _select(self, role, value) -> None:
        found = self.proxy.match(self.proxy.index(0, 0), role, value, 1,
                                 Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)
        if found:
            self.tree.setCurrentIndex(found[0])

    # --- handlers ---
    def _on_filter_text_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self._expand_all()

    def _on_tree_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        source = self.proxy.mapToSource(current.siblingAtColumn(0))
        node = self.model.node_at(source)
        self._node = node
        parent = node is not None and self.model.rowCount(source) > 0
        self.exclusive_box.setEnabled(parent)
        self.exclusive_box.setChecked(parent and node.exclusive)
        self.apply_button.setEnabled(node is not None and node.codable)
        if node is None:
            self.definition.clear()
        else:
            self.definition.setHtml(_definition_html(node))
        self.sig_code_selected.emit(node)

    def _on_tree_double_clicked(self, index: QModelIndex) -> None:
        node = self.model.node_at(self.proxy.mapToSource(index.siblingAtColumn(0)))
        if node is not None:
            self.sig_code_activated.emit(node)

    def _on_tree_custom_context_menu_requested(self, point) -> None:
        menu = QMenu(self)
        has = self._node is not None
        for a in (self.action_new, self.action_new_child, None, self.action_rename, self.action_edit, self.action_merge,
                  self.action_delete, None, self.action_memo):
            if a is None:
                menu.addSeparator()
                continue
            a.setEnabled(self._open and (has or a is self.action_new))
            menu.addAction(a)
        menu.popup(self.tree.viewport().mapToGlobal(point))

    def _on_action_rename_triggered(self) -> None:
        if self.tree.currentIndex().isValid():
            self.tree.edit(self.tree.currentIndex().siblingAtColumn(0))

    def _emit_for_node(self, signal) -> None:
        if self._node is not None:
            signal.emit(self._node)

    def _on_model_code_move_requested(self, code_uuid: str, parent_uuid, row: int) -> None:
        """A drop: ``row`` counts the rows before the drop, the moved code
        included; the core counts its new siblings without it."""
        position = row
        if row >= 0:
            for node in self._siblings(parent_uuid)[:row]:
                if node.uuid == code_uuid:
                    position -= 1
                    break
        self.sig_code_move_requested.emit(code_uuid, parent_uuid, position)

    def _siblings(self, parent_uuid) -> list[CodeNode]:
        parent = QModelIndex()
        if parent_uuid is not None:
            found = self.model.match(self.model.index(0, 0), UUID_ROLE, parent_uuid, 1,
                                     Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)
            if not found:
                return []
            parent = found[0]
        return [self.model.node_at(self.model.index(r, 0, parent)) for r in range(self.model.rowCount(parent))]

    def _on_exclusive_box_clicked(self, checked: bool) -> None:
        if self._node is not None:
            self.sig_exclusive_toggled.emit(self._node.path, checked)


def _definition_html(node: CodeNode) -> str:
    parts = [f"<p><b>{escape(node.path)}</b></p>",
             f"<p>{escape(node.description) or '<i>No definition yet.</i>'}</p>"]
    for label, text in (("Include", node.inclusion), ("Exclude", node.exclusion), ("Example", node.example)):
        if text:
            parts.append(f"<p><b>{label}:</b> {escape(text)}</p>")
    return "".join(parts)
