"""Coding actions of the main window: apply a code (number keys, the
quick-code palette, double-click or drag from the codebook), in-vivo coding,
coding a whole turn or response, removing and adjusting codings, memos, and
going to the next unit not yet coded.  Every change is an undo command."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from app import settings
from app.workspace import commands
from coding import edits, progress
from coding.codebook import CodeNode
from coding.text import snap_to_words
from coding.views import CodingSpan

IN_VIVO_MAX = 60  # characters of the selection used as an in-vivo code's name
IN_VIVO_PARENT = "In vivo"


class CodingController(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.w = window
        self.view = window.document_view
        self.view.sig_code_dropped.connect(self._on_document_view_code_dropped)
        self.view.sig_context_menu_requested.connect(self._on_document_view_context_menu_requested)
        self.view.sig_coding_resized.connect(self._on_document_view_coding_resized)
        window.codebook_panel.sig_code_activated.connect(self._on_codebook_panel_code_activated)
        self.actions: list[QAction] = []
        menu = window.menuBar().addMenu("&Coding")
        self.menu = menu
        add = self._add
        self.action_palette = add(menu, "&Apply Code…", "Ctrl+K", self.open_palette)
        self.action_unit = add(menu, "Code the Whole &Turn or Response", "Ctrl+U", self.code_unit)
        self.action_in_vivo = add(menu, "&In-vivo Code", "Ctrl+Shift+I", self.in_vivo)
        self.action_remove = add(menu, "&Remove Coding at Cursor", "Ctrl+Backspace", self.remove_at_cursor)
        self.action_memo = add(menu, "&Memo on Coding at Cursor…", "Ctrl+M", self.memo_at_cursor)
        self.action_source_memo = add(menu, "Memo on &Source…", None, self.memo_on_source)
        menu.addSeparator()
        adjust = menu.addMenu("A&djust Coding at Cursor")
        self.action_end_right = add(adjust, "End One Word Later", "Alt+Shift+Right", lambda: self.nudge("end", +1))
        self.action_end_left = add(adjust, "End One Word Earlier", "Alt+Shift+Left", lambda: self.nudge("end", -1))
        self.action_start_left = add(adjust, "Start One Word Earlier", "Alt+Ctrl+Left", lambda: self.nudge("start", -1))
        self.action_start_right = add(adjust, "Start One Word Later", "Alt+Ctrl+Right", lambda: self.nudge("start", +1))
        self.action_fit = add(adjust, "Fit to Selection", None, self.fit_to_selection)
        menu.addSeparator()
        self.action_next = add(menu, "&Next Uncoded Unit", "F8", lambda: self.go_uncoded(False))
        self.action_previous = add(menu, "&Previous Uncoded Unit", "Shift+F8", lambda: self.go_uncoded(True))
        menu.addSeparator()
        self.action_snap = QAction("Snap Selections to &Words", self, checkable=True)
        self.action_snap.setChecked(settings.get("coding/snap_to_words"))
        self.action_snap.toggled.connect(lambda on: settings.put("coding/snap_to_words", on))
        menu.addAction(self.action_snap)
        self.number_actions = []
        for k in range(1, 10):  # number keys: the first nine codes, while the document has focus
            a = QAction(f"Apply code {k}", self.view)
            a.setShortcut(QKeySequence(str(k)))
            a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            a.triggered.connect(lambda _=False, n=k: self.apply_key(n))
            self.view.addAction(a)
            self.number_actions.append(a)
        self.set_enabled(False)

    def _add(self, menu, text, shortcut, slot) -> QAction:
        a = QAction(text, self)
        if shortcut:
            a.setShortcut(QKeySequence(shortcut))
        a.triggered.connect(slot)
        menu.addAction(a)
        self.actions.append(a)
        return a

    def set_enabled(self, on: bool) -> None:
        for a in self.actions + self.number_actions:
            a.setEnabled(on)

    # --- what to code ---
    @property
    def ws(self):
        return self.w.workspace

    def _doc(self):
        doc = self.view.document()
        if not self.w.check_working("Apply code"):
            return None
        if doc is None:
            self.w.status_label.setText("Open a source first.")
        return doc

    def _selection(self) -> Optional[tuple[int, int]]:
        sel = self.view.selection_codepoints()
        doc = self.view.document()
        if sel is None or doc is None:
            self.w.status_label.setText("Select some text first (or press Ctrl+U to code the whole turn).")
            return None
        if self.action_snap.isChecked():
            sel = snap_to_words(doc.text, *sel)
        if sel[0] >= sel[1]:
            self.w.status_label.setText("The selection holds no words to code.")
            return None
        return sel

    def apply(self, node: CodeNode, span: Optional[tuple[int, int]] = None) -> bool:
        doc = self._doc()
        if doc is None:
            return False
        span = span or self._selection()
        if span is None:
            return False
        done = self.ws.push(commands.ApplyCoding(self.ws, doc.uuid, node.uuid, *span, label=f"'{node.name}'"))
        if done:
            self.view.select_codepoints(span[1], span[1])  # a coded selection is not coded twice
            self.w.status_label.setText(f"Applied '{node.name}' to {span[1] - span[0]} characters.")
        return done

    def apply_key(self, n: int) -> bool:
        node = self.w.codebook_panel.model.key_codes().get(n)
        return self.apply(node) if node is not None else False

    def open_palette(self):
        from app.coding.quick_code_dialog import QuickCodeDialog

        if self._doc() is None:
            return None
        span = self._selection()
        if span is None:
            return None
        dialog = QuickCodeDialog(self.w.code_nodes(), self.w)
        dialog.sig_code_chosen.connect(lambda node: self.apply(node, span))
        dialog.open()
        return dialog

    def code_unit(self) -> bool:
        doc = self._doc()
        node = self.w.codebook_panel.current_node()
        if doc is None:
            return False
        selection = self.view.selection_codepoints()
        here = selection[0] if selection else self.view.cursor_codepoint()  # F8 leaves a unit selected
        section = self.view.section_at(here)
        if section is None:
            self.w.status_label.setText("The cursor is not in a turn or response.")
            return False
        if node is None or not node.codable:
            self.w.status_label.setText("Select the code to apply in the codebook first.")
            return False
        return self.apply(node, (section.start, section.end))

    def in_vivo(self) -> bool:
        doc = self._doc()
        span = self._selection() if doc is not None else None
        if span is None:
            return False
        name = " ".join(doc.text[span[0]:span[1]].split())
        name = (name[:IN_VIVO_MAX - 1] + "…") if len(name) > IN_VIVO_MAX else name
        name = name.replace("/", "-")
        current = self.w.codebook_panel.current_node()
        parent = current.uuid if current is not None and not current.is_leaf else None
        if parent is None:  # the "In vivo" category, made with the code (one undo step) when missing
            found = next((n for n in self.w.code_nodes() if n.depth == 0 and n.name == IN_VIVO_PARENT), None)
            parent = found.uuid if found else None
        done = self.ws.push(commands.InVivoCode(self.ws, doc.uuid, name, parent, *span,
                                                make_parent=None if parent else IN_VIVO_PARENT))
        if done:
            self.w.status_label.setText(f"New in-vivo code '{name}' applied.")
        return done

    def _drop_target(self, offset: Optional[int] = None) -> Optional[CodingSpan]:
        """My innermost coding at the cursor; of the current code when it has one there."""
        if self.ws is None:
            return None
        offset = self.view.cursor_codepoint() if offset is None else offset
        mine = [c for c in self.view.codings_at(offset) if c.coder_uuid == self.ws.me.uuid]
        current = self.w.codebook_panel.current_node()
        if current is not None:
            mine = [c for c in mine if c.code_uuid == current.uuid] or mine
        return mine[0] if mine else None

    def remove_at_cursor(self, coding: Optional[CodingSpan] = None) -> bool:
        coding = coding or self._drop_target()
        doc = self._doc()
        if coding is None or doc is None:
            self.w.status_label.setText("There is no coding of yours at the cursor.")
            return False
        name = coding.code_path.rsplit("/", 1)[-1]
        done = self.ws.push(commands.RemoveCoding(self.ws, doc.uuid, coding.uuid, label=f"'{name}'"))
        if done:
            self.w.status_label.setText(f"Removed the coding '{name}' (Ctrl+Z brings it back).")
        return done

    def nudge(self, edge: str, direction: int) -> bool:
        coding, doc = self._drop_target(), self._doc()
        if coding is None or doc is None:
            self.w.status_label.setText("Put the cursor in a coding of yours to adjust it.")
            return False
        start, end = coding.start, coding.end
        pos = _word_step(doc.text, start if edge == "start" else end, direction)
        while edge == "start" and direction > 0 and pos < end and doc.text[pos].isspace():
            pos += 1  # a coding starts on a word, not on the space before it
        while edge == "end" and direction < 0 and pos > start and doc.text[pos - 1].isspace():
            pos -= 1  # and ends on one
        start, end = (pos, end) if edge == "start" else (start, pos)
        if start >= end:
            return False
        done = self.ws.push(commands.AdjustCoding(self.ws, doc.uuid, coding.uuid, start=start, end=end))
        if done:
            self.view.select_codepoints(start, start)  # keep the cursor inside the coding
            self.w.status_label.setText(f"'{coding.code_path.rsplit('/', 1)[-1]}' now covers {end - start} characters.")
        return done

    def fit_to_selection(self, coding: Optional[CodingSpan] = None) -> bool:
        sel = self.view.selection_codepoints()
        coding = coding or (self._drop_target(sel[0]) if sel else None)
        doc = self._doc()
        if coding is None or doc is None or sel is None:
            self.w.status_label.setText("Select the new extent inside or around a coding of yours.")
            return False
        if self.action_snap.isChecked():
            sel = snap_to_words(doc.text, *sel)
        return self.ws.push(commands.AdjustCoding(self.ws, doc.uuid, coding.uuid, start=sel[0], end=sel[1],
                                                  text="Fit coding to selection"))

    def memo_at_cursor(self, coding: Optional[CodingSpan] = None):
        from app.memos.memo_dialog import MemoDialog

        coding, doc = coding or self._drop_target(), self._doc()
        if coding is None or doc is None:
            self.w.status_label.setText("Put the cursor in a coding of yours to write its memo.")
            return None
        dialog = MemoDialog(f"the coding '{coding.code_path.rsplit('/', 1)[-1]}'", coding.memo, self.w)
        dialog.accepted.connect(lambda: self.ws.push(commands.AdjustCoding(
            self.ws, doc.uuid, coding.uuid, memo=dialog.text(), text="Memo on coding")))
        dialog.open()
        return dialog

    def memo_on_source(self):
        from app.memos.memo_dialog import MemoDialog

        doc = self._doc()
        if doc is None:
            return None
        target = edits.MemoTarget("source", doc.uuid)
        with self.ws.store.session() as s:
            text = edits.memo_text(s, target, self.ws.me.uuid)
        dialog = MemoDialog(f"the source '{doc.name}'", text, self.w)
        dialog.accepted.connect(lambda: self.ws.push(commands.SetMemo(self.ws, target, dialog.text(), doc.name)))
        dialog.open()
        return dialog

    def go_uncoded(self, backwards: bool) -> bool:
        doc = self._doc()
        if doc is None:
            return False
        with self.ws.store.session() as s:
            source = edits.source_by_uuid(s, doc.uuid)
            selection = self.view.selection_codepoints()
            here = self.view.cursor_codepoint() if selection is None else selection[0 if backwards else 1]
            unit = progress.next_uncoded(s, self.ws.coder_id(), source.id, here, backwards)
        if unit is None:
            self.w.status_label.setText("Every turn and response is coded.")
            return False
        self.w.show_span_uuid(unit.source_uuid, unit.start, unit.end)
        return True

    # --- handlers ---
    def _on_codebook_panel_code_activated(self, node: CodeNode) -> None:
        if node.codable:
            self.apply(node)  # with no selection it says what to do

    def _on_document_view_code_dropped(self, code_uuid: str, start: int, end: int) -> None:
        node = next((n for n in self.w.code_nodes() if n.uuid == code_uuid), None)
        if node is not None and node.codable:
            doc = self.view.document()
            span = snap_to_words(doc.text, start, end) if self.action_snap.isChecked() else (start, end)
            self.apply(node, span)

    def _on_document_view_coding_resized(self, coding_uuid: str, start: int, end: int) -> None:
        doc = self._doc()
        if doc is None:
            return
        if self.action_snap.isChecked():
            start, end = snap_to_words(doc.text, start, end)
        if start < end:
            self.ws.push(commands.AdjustCoding(self.ws, doc.uuid, coding_uuid, start=start, end=end,
                                               text="Drag coding boundary"))

    def _on_document_view_context_menu_requested(self, point, offset: int) -> None:
        menu = QMenu(self.w)
        menu.addAction(self.action_palette)
        menu.addAction(self.action_in_vivo)
        menu.addAction(self.action_unit)
        here = self.view.codings_at(offset)
        mine = [c for c in here if self.ws is not None and c.coder_uuid == self.ws.me.uuid]
        if mine:
            menu.addSeparator()
        for c in mine:
            name = c.code_path.rsplit("/", 1)[-1]
            sub = menu.addMenu(f"Coding '{name}'")
            sub.addAction("Remove", lambda c=c: self.remove_at_cursor(c))
            sub.addAction("Memo…", lambda c=c: self.memo_at_cursor(c))
            sub.addAction("Fit to Selection", lambda c=c: self.fit_to_selection(c))
        others = [c for c in here if c not in mine]
        for c in others:
            menu.addAction(f"{c.code_path.rsplit('/', 1)[-1]} — {c.coder}").setEnabled(False)
        menu.popup(point)


def _word_step(text: str, pos: int, direction: int) -> int:
    """The next word boundary after ``pos`` (before it, for -1)."""
    n = len(text)
    if direction > 0:
        i = pos
        while i < n and text[i].isspace():
            i += 1
        while i < n and not text[i].isspace():
            i += 1
        return i
    i = pos
    while i > 0 and text[i - 1].isspace():
        i -= 1
    while i > 0 and not text[i - 1].isspace():
        i -= 1
    return i
