"""The codebook's changes — new, rename, move, merge, delete, exclusive,
memo — turned into undo commands, with the questions they need asked first."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QInputDialog

from app.workspace import commands
from coding import edits
from coding.codebook import CodeNode


class CodebookActions(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.w = window
        panel = window.codebook_panel
        panel.sig_code_new_requested.connect(self._on_panel_code_new_requested)
        panel.sig_code_rename_requested.connect(self.rename)
        panel.sig_code_move_requested.connect(self.move)
        panel.sig_code_merge_requested.connect(self._on_panel_code_merge_requested)
        panel.sig_code_delete_requested.connect(self.delete)
        panel.sig_code_memo_requested.connect(self._on_panel_code_memo_requested)
        panel.sig_exclusive_toggled.connect(self._on_panel_exclusive_toggled)
        panel.sig_code_edit_requested.connect(self.edit)

    @property
    def ws(self):
        return self.w.workspace

    def _node(self, uuid: str):
        return next((n for n in self.w.code_nodes() if n.uuid == uuid), None)

    def create(self, name: str, parent_uuid) -> bool:
        return self.w.push_step("New code", lambda ws: commands.CreateCode(ws, name, parent_uuid))

    def rename(self, uuid: str, name: str) -> bool:
        node = self._node(uuid)
        return node is not None and self.ws is not None and self.ws.push(
            commands.RenameCode(self.ws, uuid, node.name, name, node.version))

    def move(self, uuid: str, parent_uuid, position: int) -> bool:
        node = self._node(uuid)
        return node is not None and self.ws is not None and self.ws.push(
            commands.MoveCode(self.ws, uuid, node.name, parent_uuid, None if position < 0 else position, node.version))

    def merge(self, source_uuid: str, target_uuid: str):
        """Merge in a worker (thousands of codings may move), then keep the step
        for undo.  Returns the task, or None when there is nothing to merge."""
        source, target = self._node(source_uuid), self._node(target_uuid)
        if None in (source, target, self.ws):
            return None
        command = commands.MergeCodes(self.ws, source_uuid, target_uuid,
                                      f"Merge '{source.name}' into '{target.name}'", source.version)
        self.w.status_label.setText(f"Merging '{source.name}' into '{target.name}'…")
        return self.ws.push(command)

    def delete(self, node: CodeNode) -> bool:
        """Refused by the core while the code is in use; its message names no
        counts, so it tells a blind coder nothing about another coder's work."""
        return self.ws is not None and self.ws.push(commands.DeleteCode(self.ws, node.uuid, node.name, node.version))

    def set_memo(self, node: CodeNode, text: str) -> bool:
        return self.ws is not None and self.ws.push(
            commands.SetMemo(self.ws, edits.MemoTarget("code", node.uuid), text, f"'{node.name}'"))

    def edit(self, node: CodeNode, typed: Optional[dict] = None):
        """The code's definition dialog; saving it is one undoable step.  When
        another coder changed the code meanwhile, the dialog opens again on the
        code as it is now, holding the changes typed (``typed``)."""
        from app.codebook.code_dialog import CodeDialog

        if self.ws is None:
            return None
        dialog = self.code_dialog = CodeDialog(node, self.w, typed)
        dialog.accepted.connect(lambda: self.update(node, dialog.changes(), reopen=True))
        dialog.open()
        return dialog

    def update(self, node: CodeNode, fields: dict, reopen: bool = False) -> bool:
        if not fields or self.ws is None:
            return False
        command = commands.UpdateCode(self.ws, node.uuid, f"Edit '{node.name}'", node.version, **fields)

        def refused() -> None:
            fresh = self._node(node.uuid)  # read again already: the code as it is now
            if command.conflict and reopen and fresh is not None:
                self.edit(fresh, fields)  # only what this person changed: the other coder's edit stays

        return self.ws.push(command, on_refused=refused)

    # --- asking first ---
    def _on_panel_code_new_requested(self, parent_uuid) -> None:
        if self.w.store is None or not self.w.check_working("New code"):
            return  # said before a name is asked, not after
        name, ok = QInputDialog.getText(self.w, "New code", "Name of the new code:")
        if ok and name.strip():
            self.create(name.strip(), parent_uuid)

    def _on_panel_code_merge_requested(self, node: CodeNode) -> None:
        others = [n.path for n in self.w.code_nodes() if n.uuid != node.uuid and not n.path.startswith(node.path + "/")]
        if not others:
            return
        path, ok = QInputDialog.getItem(self.w, "Merge code", f"Merge '{node.name}' (its codings, sub-codes "
                                        "and memos) into:", others, 0, False)
        target = next((n for n in self.w.code_nodes() if n.path == path), None)
        if ok and target is not None:
            self.merge(node.uuid, target.uuid)

    def _on_panel_code_memo_requested(self, node: CodeNode):
        from app.memos.memo_dialog import MemoDialog

        if self.ws is None:
            return None
        with self.ws.store.session() as s:
            text = edits.memo_text(s, edits.MemoTarget("code", node.uuid), self.ws.me.uuid)
        dialog = MemoDialog(f"the code '{node.name}'", text, self.w)
        dialog.accepted.connect(lambda: self.set_memo(node, dialog.text()))
        dialog.open()
        return dialog

    def _on_panel_exclusive_toggled(self, path: str, exclusive: bool) -> None:
        node = next((n for n in self.w.code_nodes() if n.path == path), None)
        if node is None or self.ws is None:
            return
        word = "exclusive" if exclusive else "not exclusive"
        box = self.w.codebook_panel.exclusive_box
        self.ws.push(commands.UpdateCode(self.ws, node.uuid, f"Make '{node.name}' {word}", node.version,
                                         exclusive=exclusive),
                     on_refused=lambda: box.setChecked(not exclusive))  # refused: the box shows the truth



