"""Undo commands for sources: rename, and delete with everything the source
holds (``coding.source_edits``: undo puts it all back with its identities)."""
from __future__ import annotations

from app.workspace.commands import EditCommand
from coding.changes import Change


class RenameSource(EditCommand):
    def __init__(self, workspace, name: str, new_name: str):
        super().__init__(workspace, f"Rename source '{name}'")
        self.name, self.new_name = name, new_name

    def _do(self, s) -> None:
        from coding import sources

        sources.rename_source(s, sources.get_source(s, self.name), self.new_name)

    def _undo(self, s) -> None:
        from coding import sources

        sources.rename_source(s, sources.get_source(s, self.new_name), self.name)

    def what_changed(self) -> Change:
        return Change(source_list=True)


class DeleteSource(EditCommand):
    def __init__(self, workspace, name: str):
        super().__init__(workspace, f"Delete source '{name}'")
        self.name = name
        self.record = None

    def _do(self, s) -> None:
        from coding import source_edits

        self.record = source_edits.delete(s, self.name)

    def _undo(self, s) -> None:
        from coding import source_edits

        source_edits.restore(s, self.record)

    def what_changed(self) -> Change:
        return Change(source_list=True, codings=True)
