"""The Themes view: categories and their themes with descriptions, the codes
each gathers, its segments and the cases of each respondent group that
mention it, and its representative quotes — read in a worker from the
consensus layer (or a chosen coder).

The panel only shows and asks: pinning, editing, reordering and unpinning
quotes, gathering codes under a theme and choosing the themes' depth are
requested through ``sig_*_requested`` and carried out as undo commands
(``app.themes.themes_actions``); the view is read again from the one change
notification that follows."""
from __future__ import annotations

import html
from typing import Optional

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QSpinBox, QSplitter,
                               QTextBrowser, QToolButton, QTreeView, QVBoxLayout, QWidget)

from app.common import worker
from app.common.words import plural
from app.themes.themes_model import DATA_ROLE, KIND_ROLE, UUID_ROLE, ThemesModel
from coding.places import in_source
from storage import ProjectStore, TandemError

GROUP_NAMES = ("group", "respondent group", "role")  # the attribute shown first, if the project has one
RELOAD_DELAY_MS = 300


class ThemesPanel(QWidget):
    sig_overview_loaded = Signal(object)             # coding.themes.ThemeOverview
    sig_span_requested = Signal(str, int, int)       # source uuid, start, end: show the original passage
    sig_quote_edit_requested = Signal(object)        # QuoteData: open the editor
    sig_quote_move_requested = Signal(str, int)      # quote uuid, new position
    sig_quote_unpin_requested = Signal(str)          # quote uuid
    sig_code_move_requested = Signal(str, str, int)  # code uuid, new parent uuid, position (-1: end)
    sig_depth_change_requested = Signal(int)
    sig_suggestions_requested = Signal(object)       # ThemeSummary

    def __init__(self, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.store: Optional[ProjectStore] = None
        self.acting = None
        self.names: set[str] = set()  # names a quote must not carry (for the quote editor's check)
        self._task: Optional[worker.Task] = None
        self._generation = 0
        self._stale = False
        self.layer = QComboBox(sizeAdjustPolicy=QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.group_by = QComboBox(sizeAdjustPolicy=QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon,
                                  minimumContentsLength=18)  # attributes may be long survey questions
        self.depth = QSpinBox(minimum=1, maximum=6)
        self.depth.setToolTip("Which level of the codebook holds the themes (1: the children of the top-level "
                              "categories). Kept in the project; undoable.")
        self.layer.currentIndexChanged.connect(self.reload)
        self.group_by.currentIndexChanged.connect(self.reload)
        self.depth.setKeyboardTracking(False)  # typed values count once Enter is pressed or focus leaves
        self.depth.valueChanged.connect(self._on_depth_value_changed)
        self.model = ThemesModel(self)
        self.model.sig_code_move_requested.connect(self.sig_code_move_requested)
        self.model.sig_quote_move_requested.connect(self.sig_quote_move_requested)
        self.tree = QTreeView()
        self.tree.setObjectName("themes_tree")
        self.tree.setModel(self.model)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.tree.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.tree.setDropIndicatorShown(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setWordWrap(True)
        self.tree.header().setStretchLastSection(True)
        self.tree.selectionModel().currentChanged.connect(self._on_tree_current_changed)
        self.tree.doubleClicked.connect(self._on_tree_double_clicked)
        self.detail = QTextBrowser(openLinks=False)
        self.detail.setObjectName("theme_detail")
        self.detail.anchorClicked.connect(lambda _url: self.show_original())
        self.status = QLabel()
        self._build_actions()
        top = QHBoxLayout()
        for label, w in (("Counts and quotes from", self.layer), ("Respondent groups", self.group_by),
                         ("Themes at depth", self.depth)):
            top.addWidget(QLabel(label))
            top.addWidget(w)
        top.addStretch(1)
        tools = QHBoxLayout()
        for action in self.actions_in_order:
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            tools.addWidget(button)
        tools.addStretch(1)
        tools.addWidget(self.status)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.tree)
        split.addWidget(self.detail)
        split.setSizes([700, 320])
        split.setStretchFactor(0, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addLayout(tools)
        layout.addWidget(split, 1)
        self._reload_timer = QTimer(self, singleShot=True, interval=RELOAD_DELAY_MS)
        self._reload_timer.timeout.connect(self.reload)
        self._update_actions()

    def _build_actions(self) -> None:
        def action(text: str, shortcut: str, slot, tip: str) -> QAction:
            a = QAction(text, self)
            a.setShortcut(QKeySequence(shortcut))
            a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            a.setToolTip(f"{tip} ({shortcut})")
            a.triggered.connect(slot)
            self.tree.addAction(a)
            return a

        self.action_suggest = action("Suggest Quotes…", "Ctrl+G", self._on_action_suggest_triggered,
                                     "Candidate quotes for the selected theme, most typical first")
        self.action_edit = action("Edit Quote…", "F2", self._on_action_edit_triggered,
                                  "Trim with … and clarify in [ ] for publication")
        self.action_up = action("Move Up", "Ctrl+Up", lambda: self._move(-1), "Earlier in the theme's quotes")
        self.action_down = action("Move Down", "Ctrl+Down", lambda: self._move(+1), "Later in the theme's quotes")
        self.action_unpin = action("Unpin", "Delete", self._on_action_unpin_triggered, "Take the quote off its theme")
        self.action_show = action("Show Original", "Ctrl+Return", self.show_original,
                                  "The passage the quote comes from, in its source")
        self.actions_in_order = [self.action_suggest, self.action_edit, self.action_up, self.action_down,
                                 self.action_unpin, self.action_show]
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

    # --- context and loading ---
    def set_context(self, store: Optional[ProjectStore], acting, layers: list[str], attributes: list[str],
                    depth: int) -> None:
        """The project, who is looking, the layers they may read (consensus
        first), the case attributes and the themes' depth; then read."""
        self.store, self.acting = store, acting
        keep_layer, keep_group = self.layer.currentText(), self.group_by.currentData()
        for combo in (self.layer, self.group_by, self.depth):
            combo.blockSignals(True)
        self.layer.clear()
        self.layer.addItems(layers)
        if keep_layer in layers:
            self.layer.setCurrentText(keep_layer)
        self.group_by.clear()
        self.group_by.addItem("(none)", None)
        for name in attributes:
            self.group_by.addItem(name, name)
        chosen = keep_group if keep_group in attributes else next(
            (a for a in attributes if a.lower() in GROUP_NAMES), None)
        self.group_by.setCurrentIndex(max(0, self.group_by.findData(chosen)) if chosen else 0)
        self.depth.setValue(depth)
        for combo in (self.layer, self.group_by, self.depth):
            combo.blockSignals(False)
        self.reload()

    def reload_soon(self) -> None:
        """Read again a moment after the last change (a burst costs one read)."""
        self._reload_timer.start()

    def reload(self, *_args) -> Optional[worker.Task]:
        if self.store is None:
            return None
        if not self.isVisible():
            self._stale = True  # read when shown
            return None
        from coding import quotes, themes

        store, acting = self.store, self.acting
        layer, group_by = self.layer.currentText() or None, self.group_by.currentData()
        self._generation += 1
        generation = self._generation

        def run(_progress):
            with store.session() as s:
                return generation, themes.overview(s, acting, coder=layer, group_by=group_by), quotes.known_names(s)

        if self._task is not None:
            self._task.cancel()
        task = self._task = worker.Task(run)
        task.signals.sig_result_ready.connect(self._on_task_result_ready)
        task.signals.sig_task_failed.connect(self._on_task_failed)
        self._stale = False
        self.status.setText("Reading the themes…")
        return worker.start(task)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._stale:
            self.reload()

    def _on_task_failed(self, exc: Exception) -> None:
        self._task = None
        self.status.setText(str(exc) if isinstance(exc, TandemError) else f"{type(exc).__name__}: {exc}")

    def _on_task_result_ready(self, result) -> None:
        generation, overview, names = result
        if generation != self._generation:
            return  # a newer read was asked for
        self._task = None
        current = self.current_uuid()
        self.names = names
        self.depth.blockSignals(True)
        self.depth.setValue(overview.depth)  # the project's choice (it may have been undone)
        self.depth.blockSignals(False)
        self.model.set_overview(overview)
        self.tree.expandAll()
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.tree.setColumnWidth(0, 420)
        for col in range(1, self.model.columnCount() - 1):
            self.tree.resizeColumnToContents(col)
        if current:
            index = self.model.index_of(current)
            if index.isValid():
                self.tree.setCurrentIndex(index)
        n_themes, n_quotes = len(overview.themes()), sum(len(t.quotes) for t in overview.themes())
        self.status.setText(f"{plural(n_themes, 'theme')} · {plural(n_quotes, 'pinned quote')}" + (
            "" if overview.layer else " · no consensus layer yet: choose a coder to count"))
        self._show_detail()
        self._update_actions()
        self.sig_overview_loaded.emit(overview)

    # --- selection ---
    def current_uuid(self) -> Optional[str]:
        index = self.tree.currentIndex()
        return index.data(UUID_ROLE) if index.isValid() else None

    def current(self) -> tuple[Optional[str], object]:
        index = self.tree.currentIndex().siblingAtColumn(0)
        return (index.data(KIND_ROLE), index.data(DATA_ROLE)) if index.isValid() else (None, None)

    def select_uuid(self, uuid: str) -> bool:
        index = self.model.index_of(uuid)
        if index.isValid():
            self.tree.setCurrentIndex(index)
        return index.isValid()

    def current_theme(self):
        """The theme selected, or the theme of the quote selected."""
        index = self.tree.currentIndex().siblingAtColumn(0)
        if not index.isValid():
            return None
        if index.data(KIND_ROLE) == "quote":
            index = index.parent()
        return index.data(DATA_ROLE) if index.data(KIND_ROLE) == "theme" else None

    def _on_tree_current_changed(self, *_args) -> None:
        self._show_detail()
        self._update_actions()

    def _update_actions(self) -> None:
        kind, data = self.current()
        is_quote = kind == "quote"
        self.action_suggest.setEnabled(self.current_theme() is not None)
        for a in (self.action_edit, self.action_unpin, self.action_show):
            a.setEnabled(is_quote)
        row = self.tree.currentIndex().row()
        siblings = self.model.rowCount(self.tree.currentIndex().parent()) if is_quote else 0
        self.action_up.setEnabled(is_quote and row > 0)
        self.action_down.setEnabled(is_quote and row < siblings - 1)

    def _show_detail(self) -> None:
        kind, data = self.current()
        overview = self.model.overview
        if kind is None or overview is None:
            self.detail.setHtml("<p><i>Select a theme to see what it means and what it gathers; select a quote "
                                "to compare it with its passage.</i></p>")
            return
        e = html.escape
        if kind == "quote":
            original = " ".join(data.original.split())
            parts = [f"<p><b>“{e(data.text)}”</b></p>"]
            if original != data.text:
                parts.append(f"<p>Original passage: “{e(original)}”</p>")
            if data.flags:
                parts.append(f"<p style='color:#A04000'>Check before printing: it contains "
                             f"{e('; '.join(data.flags))}.</p>")
            parts.append(f"<p>{e(in_source(data.source, data.place))} · pinned by {e(data.pinned_by)}"
                         + ("" if data.coding_uuid else " · its coding has since been removed")
                         + " · <a href='show'>show in the source</a></p>")
            self.detail.setHtml("".join(parts))
            return
        parts = [f"<h3>{e(data.name)}</h3><p>{e(data.description) or '<i>No description yet.</i>'}</p>"]
        if kind == "theme":
            if data.summary:
                parts.append(f"<p><b>In the theme table:</b> {e(data.summary)}</p>")
            if data.codes:
                parts.append(f"<p><b>Gathers:</b> {e(', '.join(data.codes))}</p>")
            if overview.layer:
                groups = overview.groups or ("",)
                cells = "".join(f"<li>{data.cases.get(g, 0)} of {overview.group_sizes.get(g, 0)} "
                                f"{e(g) if g else 'cases'}</li>" for g in groups)
                parts.append(f"<p>{plural(data.segments, 'coded segment')} in {e(overview.layer_words())}, "
                             f"mentioned by:</p><ul>{cells}</ul>")
            parts.append(f"<p>{plural(len(data.quotes), 'pinned quote')}. Drag a code from the codebook here to gather "
                         "it under this theme.</p>")
        self.detail.setHtml("".join(parts))

    # --- requests ---
    def _on_tree_double_clicked(self, index: QModelIndex) -> None:
        if index.siblingAtColumn(0).data(KIND_ROLE) == "quote":
            self.show_original()

    def show_original(self) -> None:
        kind, data = self.current()
        if kind == "quote":
            self.sig_span_requested.emit(data.source_uuid, data.start, data.end)

    def _on_action_edit_triggered(self) -> None:
        kind, data = self.current()
        if kind == "quote":
            self.sig_quote_edit_requested.emit(data)

    def _on_action_unpin_triggered(self) -> None:
        kind, data = self.current()
        if kind == "quote":
            self.sig_quote_unpin_requested.emit(data.uuid)

    def _move(self, step: int) -> None:
        kind, data = self.current()
        if kind != "quote":
            return
        row = self.tree.currentIndex().row()
        n = self.model.rowCount(self.tree.currentIndex().parent())
        if 0 <= row + step < n:
            self.sig_quote_move_requested.emit(data.uuid, row + step)

    def _on_action_suggest_triggered(self) -> None:
        theme = self.current_theme()
        if theme is not None:
            self.sig_suggestions_requested.emit(theme)

    def _on_depth_value_changed(self, *_args) -> None:
        overview = self.model.overview
        if overview is not None and self.depth.value() != overview.depth:
            self.sig_depth_change_requested.emit(self.depth.value())
