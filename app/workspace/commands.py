"""Undo commands: each step, its undo and its redo is one transaction (run in
core's undoable edits (``coding.edits``) and tells the views what changed."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Optional

from PySide6.QtGui import QUndoCommand

from coding import code_versions, edits
from coding.changes import Change
from coding.errors import EditConflict


class EditCommand(QUndoCommand):
    """A step: ``_do`` and ``_undo`` take a session; ``_changed`` says what to refresh."""

    def __init__(self, workspace, text: str):
        super().__init__(text)
        self.ws = workspace
        self._ran = False

    def first_run(self) -> None:
        """Carry the step out now, on this thread (scripts; the GUI goes
        through ``Workspace.push``, which runs it in the worker)."""
        with self.ws.store.transaction(self.ws.acting) as s:
            self._do(s)
        self._changed()
        self._ran = True

    def redo(self) -> None:
        if self._ran or self.isObsolete():  # push calls redo right after the first run; a dropped step
            self._ran = False
            return
        self.ws.in_background(self._do, self._changed, f"Redo {self.text()}",
                              on_fail=lambda why: self.stale(why, undoing=False))

    def undo(self) -> None:
        if self.isObsolete():
            return
        self.ws.in_background(self._undo, self._changed, f"Undo {self.text()}",
                              on_fail=lambda why: self.stale(why, undoing=True))

    def stale(self, why: str, undoing: bool) -> str:
        """The step could not be undone or redone (the project changed under
        it: another window, another coder): it is dropped from the history,
        which never claims a state the project is not in; returns the message.
        (The stack deletes a command that is obsolete after it steps over it
        again, which this command's undo and redo then do nothing for.)"""
        self.setObsolete(True)
        stack = self.ws.undo_stack
        stack.redo() if undoing else stack.undo()
        return f"{why}\n\nThis step was taken off the undo history."

    def _do(self, s) -> None:
        raise NotImplementedError

    def _undo(self, s) -> None:
        raise NotImplementedError

    def refused(self, message: str) -> str:
        """The first run was refused with ``message``: what to show (the step
        may add to it)."""
        return message

    def _changed(self) -> None:
        self.ws.sig_project_changed.emit(self.what_changed())
        message = self.report()
        if message:
            self.ws.sig_status_reported.emit(message)

    def report(self) -> str:
        """A line for the status bar once the step is done ("" for none)."""
        return ""

    def what_changed(self) -> Change:
        """What this step changed (the views refresh from it)."""
        return Change(codebook=True)


@dataclass(frozen=True)
class CodingDelta:
    """What a step did to one source's codings, so views update without re-reading."""

    added: tuple[edits.CodingRecord, ...] = ()
    removed: tuple[str, ...] = ()


class _CodingCommand(EditCommand):
    source_uuid = ""
    delta: Optional[CodingDelta] = None  # None: read the source's codings again

    def what_changed(self) -> Change:
        return Change.of_codings(self.source_uuid, self.ws.acting.layer or "", self.delta)


class ApplyCoding(_CodingCommand):
    def __init__(self, workspace, source_uuid: str, code_uuid: str, start: int, end: int, label: str = ""):
        super().__init__(workspace, f"Apply {label or 'code'}")
        self.source_uuid = source_uuid
        self.record = edits.CodingRecord("", source_uuid, code_uuid, workspace.me.uuid, start, end)

    def _do(self, s) -> None:
        self.record = edits.apply(s, self.record)  # keeps its uuid on redo
        self.delta = CodingDelta(added=(self.record,))

    def _undo(self, s) -> None:
        edits.remove(s, self.record.uuid)
        self.delta = CodingDelta(removed=(self.record.uuid,))


class RemoveCoding(_CodingCommand):
    def __init__(self, workspace, source_uuid: str, coding_uuid: str, label: str = ""):
        super().__init__(workspace, f"Remove {label or 'coding'}")
        self.source_uuid, self.coding_uuid = source_uuid, coding_uuid
        self.record: Optional[edits.CodingRecord] = None

    def _do(self, s) -> None:
        self.record = edits.remove(s, self.coding_uuid)
        self.delta = CodingDelta(removed=(self.coding_uuid,))

    def _undo(self, s) -> None:
        edits.restore(s, self.record)
        self.delta = CodingDelta(added=(self.record,))


class AdjustCoding(_CodingCommand):
    """New boundaries and/or memo for a coding."""

    def __init__(self, workspace, source_uuid: str, coding_uuid: str, start: Optional[int] = None,
                 end: Optional[int] = None, memo: Optional[str] = None, text: str = "Adjust coding"):
        super().__init__(workspace, text)
        self.source_uuid, self.coding_uuid = source_uuid, coding_uuid
        self.change = {"start": start, "end": end, "memo": memo}
        self.before: Optional[edits.CodingRecord] = None

    def _do(self, s) -> None:
        self.before = edits.adjust(s, self.coding_uuid, **self.change)
        after = replace(self.before, **{k: v for k, v in self.change.items() if v is not None})
        self.delta = CodingDelta(added=(after,), removed=(self.coding_uuid,))

    def _undo(self, s) -> None:
        edits.restore(s, self.before)
        self.delta = CodingDelta(added=(self.before,), removed=(self.coding_uuid,))


class InVivoCode(_CodingCommand):
    """A new code named after the selection, applied to it: one step.  With
    ``make_parent`` the code goes under a top-level category of that name,
    made in the same step when the codebook has none."""

    def __init__(self, workspace, source_uuid: str, name: str, parent_uuid: Optional[str], start: int, end: int,
                 make_parent: Optional[str] = None):
        super().__init__(workspace, f"In-vivo code '{name}'")
        self.source_uuid = source_uuid
        self.name, self.parent_uuid, self.span, self.make_parent = name, parent_uuid, (start, end), make_parent
        self.parent: Optional[edits.CodeRecord] = None  # the category this step made, if it made one
        self.code: Optional[edits.CodeRecord] = None
        self.coding: Optional[edits.CodingRecord] = None

    def _do(self, s) -> None:
        parent_uuid = self.parent_uuid
        if parent_uuid is None and self.make_parent:
            if self.parent is not None:
                edits.recreate_code(s, self.parent)
            else:
                from coding import codebook

                existing = codebook.find_code(s, self.make_parent)
                if existing is None:
                    self.parent = edits.create_code(s, self.make_parent)
                parent_uuid = str(existing.uuid) if existing is not None else self.parent.uuid
            parent_uuid = self.parent.uuid if self.parent is not None else parent_uuid
        self.code = edits.create_code(s, self.name, parent_uuid, uuid=self.code.uuid if self.code else None,
                                      colour=self.code.colour if self.code else None)
        record = self.coding or edits.CodingRecord("", self.source_uuid, self.code.uuid, self.ws.me.uuid, *self.span)
        self.coding = edits.apply(s, record)

    def _undo(self, s) -> None:
        edits.remove(s, self.coding.uuid)
        edits.delete_code(s, self.code.uuid)
        if self.parent is not None:
            edits.delete_code(s, self.parent.uuid)

    def what_changed(self) -> Change:
        return super().what_changed() | Change(codebook=True)


def _followed(workspace, code_uuid: str, version: Optional[int]) -> Optional[int]:
    """``version`` moved on by the steps this window made since (none: itself)."""
    own, seen = workspace.code_versions, set()
    while version is not None and (code_uuid, version) in own and version not in seen:
        seen.add(version)
        version = own[(code_uuid, version)]
    return version


class CodeCommand(EditCommand):
    """A step on one code that names the code's version its editor saw — the
    view's, then the one its own last run left: when another coder changed
    the code meanwhile, the core refuses it (``coding.code_versions``), and
    the codebook is read again so that it shows what they did.  Versions this
    window's own steps moved on are followed (``Workspace.code_versions``):
    a second step asked for before the first was shown, or undoing a step
    after later ones on the same code, is not refused as someone else's."""

    def __init__(self, workspace, text: str, code_uuid: str, version: Optional[int]):
        super().__init__(workspace, text)
        self.code_uuid, self.version = code_uuid, version
        self.conflict = False  # the last run was refused: someone else changed the code
        self._moved: Optional[tuple] = None  # (version seen, version left) by a run not yet committed

    def _do(self, s) -> None:
        self._step(s, self._forward)

    def _undo(self, s) -> None:
        self._step(s, self._back)

    def _step(self, s, edit) -> None:
        seen = _followed(self.ws, self.code_uuid, self.version)
        try:
            edit(s, seen)
        except EditConflict:
            self.conflict = True
            raise
        self.conflict = False
        self._moved = (seen, edits.code_version(s, self.code_uuid))  # followed once committed (_changed)

    def _changed(self) -> None:
        """Committed: the version this run left is the one to name next
        (a run whose COMMIT failed left none, so a retry names the old one)."""
        if self._moved is not None:
            (seen, self.version), self._moved = self._moved, None
            if seen is not None and self.version is not None and self.version != seen:
                self.ws.code_versions[(self.code_uuid, seen)] = self.version
        super()._changed()

    def _forward(self, s, version: Optional[int]) -> None:
        raise NotImplementedError

    def _back(self, s, version: Optional[int]) -> None:
        raise NotImplementedError

    def refused(self, message: str) -> str:
        self.ws.sig_project_changed.emit(Change(codebook=True))  # the codebook as it is now
        typed = self.typed() if self.conflict else ""
        return f"{message}\n\n{typed}" if typed else message

    def stale(self, why: str, undoing: bool) -> str:
        self.ws.sig_project_changed.emit(Change(codebook=True))
        return super().stale(why, undoing)

    def typed(self) -> str:
        """What the person typed for this step, quoted so that a refusal does not lose it ("" for nothing)."""
        return ""


class CreateCode(EditCommand):
    def __init__(self, workspace, name: str, parent_uuid: Optional[str]):
        super().__init__(workspace, f"New code '{name}'")
        self.name, self.parent_uuid = name, parent_uuid
        self.record: Optional[edits.CodeRecord] = None
        self.version: Optional[int] = None

    def _do(self, s) -> None:
        if self.record is None:
            self.record = edits.create_code(s, self.name, self.parent_uuid)
        else:
            edits.recreate_code(s, self.record)
        self.version = edits.code_version(s, self.record.uuid)

    def _undo(self, s) -> None:  # refused when another coder has edited the new code since
        edits.delete_code(s, self.record.uuid, version=_followed(self.ws, self.record.uuid, self.version))


class RenameCode(CodeCommand):
    def __init__(self, workspace, code_uuid: str, old: str, new: str, version: Optional[int] = None):
        super().__init__(workspace, f"Rename '{old}' to '{new}'", code_uuid, version)
        self.old, self.new = old, new

    def _forward(self, s, version) -> None:
        self.old = edits.rename_code(s, self.code_uuid, self.new, version=version)

    def _back(self, s, version) -> None:
        edits.rename_code(s, self.code_uuid, self.old, version=version)

    def typed(self) -> str:
        return f"The name you typed: “{self.new}”."


class MoveCode(CodeCommand):
    def __init__(self, workspace, code_uuid: str, name: str, parent_uuid: Optional[str], position: Optional[int],
                 version: Optional[int] = None):
        super().__init__(workspace, f"Move '{name}'", code_uuid, version)
        self.target = (parent_uuid, position)
        self.old: tuple[Optional[str], int] = (None, 0)

    def _forward(self, s, version) -> None:
        self.old = edits.move_code(s, self.code_uuid, *self.target, version=version)

    def _back(self, s, version) -> None:
        edits.move_code(s, self.code_uuid, *self.old, version=version)


class UpdateCode(CodeCommand):
    def __init__(self, workspace, code_uuid: str, text: str, version: Optional[int] = None, **fields):
        super().__init__(workspace, text, code_uuid, version)
        self.fields, self.old = fields, {}

    def _forward(self, s, version) -> None:
        self.old = edits.update_code(s, self.code_uuid, version=version, **self.fields)

    def _back(self, s, version) -> None:
        edits.update_code(s, self.code_uuid, version=version, **self.old)

    def typed(self) -> str:
        lines = [f"{code_versions.FIELD_NAMES[k].capitalize()}: “{v}”" for k, v in self.fields.items()
                 if isinstance(v, str) and k in code_versions.FIELD_NAMES]
        return "What you wrote, to use again:\n" + "\n".join(lines) if lines else ""


class MergeCodes(CodeCommand):
    """A merge may move thousands of codings: like every step, it runs, is
    undone and redone in the workspace's worker."""

    def __init__(self, workspace, source_uuid: str, target_uuid: str, text: str, version: Optional[int] = None):
        super().__init__(workspace, text, source_uuid, version)
        self.source_uuid, self.target_uuid = source_uuid, target_uuid
        self.record: Optional[edits.MergeRecord] = None

    def _forward(self, s, version) -> None:
        self.record = edits.merge_codes(s, self.source_uuid, self.target_uuid, version=version)

    def _back(self, s, _version) -> None:
        edits.unmerge(s, self.record)

    def what_changed(self) -> Change:
        return Change(codebook=True, codings=True)  # codings of every source and coder may have moved


class DeleteCode(CodeCommand):
    def __init__(self, workspace, code_uuid: str, name: str, version: Optional[int] = None):
        super().__init__(workspace, f"Delete '{name}'", code_uuid, version)
        self.deleted: Optional[edits.DeletedCodes] = None

    def _forward(self, s, version) -> None:
        self.deleted = edits.delete_code(s, self.code_uuid, version=version)

    def _back(self, s, _version) -> None:
        edits.undelete(s, self.deleted)


class SetMemo(EditCommand):
    def __init__(self, workspace, target: edits.MemoTarget, text: str, label: str):
        super().__init__(workspace, f"Memo on {label}")
        self.target, self.new = target, text
        self.before: Optional[edits.MemoRecord] = None
        self.after: Optional[edits.MemoRecord] = None
        self._done_once = False
        self._undone = False  # the last run was an undo

    def _do(self, s) -> None:
        me = self.ws.me.uuid
        if not self._done_once:
            self.before = edits.memo_record(s, self.target, me)
            edits.set_memo(s, self.target, me, self.new)
            self.after = edits.memo_record(s, self.target, me)
            self._done_once = True
        else:  # redo: the memo as it was made, with the same uuid
            edits.restore_memo(s, self.target, me, self.after)

    def _undo(self, s) -> None:
        edits.restore_memo(s, self.target, self.ws.me.uuid, self.before)
        self._undone = True

    def report(self) -> str:  # (after an undo the window has said "Undone: …")
        if self._undone:
            self._undone = False
            return ""
        return f"{self.text()}: saved." if self.new.strip() else f"{self.text()}: removed."

    def what_changed(self) -> Change:
        return Change(memos=True)


__all__ = ["AdjustCoding", "ApplyCoding", "CodeCommand", "CodingDelta", "CreateCode", "DeleteCode", "EditCommand",
           "InVivoCode", "MergeCodes", "MoveCode", "RemoveCoding", "RenameCode", "SetMemo", "UpdateCode"]
