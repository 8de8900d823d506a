"""Undo commands for cases and attributes (``coding.case_edits``): each one
transaction in the workspace's worker, reporting ``Change(cases=True)``."""
from __future__ import annotations

from typing import Optional

from app.workspace.commands import EditCommand
from coding.changes import Change


class _CasesCommand(EditCommand):
    def what_changed(self) -> Change:
        return Change(cases=True)


class SetCaseValue(_CasesCommand):
    def __init__(self, workspace, case: str, attribute: str, value: str):
        super().__init__(workspace, f"Set {attribute} of {case}")
        self.case, self.attribute, self.value = case, attribute, value
        self.old: Optional[str] = None
        self.made_attribute = False

    def _do(self, s) -> None:
        from coding import case_edits, cases

        self.made_attribute = cases.find_attribute(s, self.attribute) is None
        self.old = case_edits.set_attribute(s, self.case, self.attribute, self.value)

    def _undo(self, s) -> None:
        from coding import case_edits

        if self.made_attribute:
            case_edits.delete_attribute(s, self.attribute)
        else:
            case_edits.set_attribute(s, self.case, self.attribute, self.old)


class AddAttribute(_CasesCommand):
    def __init__(self, workspace, name: str, value_type: str):
        super().__init__(workspace, f"Add attribute '{name}'")
        self.name, self.value_type = name, value_type

    def _do(self, s) -> None:
        from coding import case_edits

        self.name = case_edits.add_attribute(s, self.name, self.value_type)

    def _undo(self, s) -> None:
        from coding import case_edits

        case_edits.delete_attribute(s, self.name)


class RenameAttribute(_CasesCommand):
    def __init__(self, workspace, name: str, new_name: str):
        super().__init__(workspace, f"Rename attribute '{name}' to '{new_name}'")
        self.name, self.new_name = name, new_name

    def _do(self, s) -> None:
        from coding import case_edits

        self.name = case_edits.rename_attribute(s, self.name, self.new_name)

    def _undo(self, s) -> None:
        from coding import case_edits

        case_edits.rename_attribute(s, self.new_name, self.name)


class RetypeAttribute(_CasesCommand):
    def __init__(self, workspace, name: str, value_type: str):
        super().__init__(workspace, f"Make '{name}' {value_type}")
        self.name, self.value_type, self.old = name, value_type, ""
        self.before = None  # the attribute with its values as they were (a conversion may not invert)

    def _do(self, s) -> None:
        from coding import case_edits

        self.before = case_edits.snapshot_attribute(s, self.name)
        self.old = case_edits.retype_attribute(s, self.name, self.value_type)

    def _undo(self, s) -> None:
        from coding import case_edits

        case_edits.delete_attribute(s, self.name)
        case_edits.restore_attribute(s, self.before)


class DeleteAttribute(_CasesCommand):
    def __init__(self, workspace, name: str):
        super().__init__(workspace, f"Delete attribute '{name}'")
        self.name = name
        self.record = None

    def _do(self, s) -> None:
        from coding import case_edits

        self.record = case_edits.delete_attribute(s, self.name)

    def _undo(self, s) -> None:
        from coding import case_edits

        case_edits.restore_attribute(s, self.record)


class AssignSpeaker(_CasesCommand):
    def __init__(self, workspace, source: str, speaker: str, case: Optional[str], moderator: Optional[bool],
                 clear_case: bool = False):
        super().__init__(workspace, f"Turns of {speaker}")
        self.args = (source, speaker, case, moderator, clear_case)
        self.before = []

    def _do(self, s) -> None:
        from coding import case_edits

        source, speaker, case, moderator, clear_case = self.args
        self.before = case_edits.assign_speaker(s, source, speaker, case, moderator, clear_case=clear_case)

    def _undo(self, s) -> None:
        from coding import case_edits

        case_edits.restore_turns(s, self.before)

