"""The Cases view's requests turned into undo commands, with the questions
they need asked first (a name, a type, are you sure); a table of cases is
imported in a worker (read and checked whole first)."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from app.cases import commands

TYPES = ("text", "integer", "float", "date", "boolean")


class CasesActions(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.w = window
        panel = window.cases_panel
        panel.sig_value_edit_requested.connect(self.set_value)
        panel.sig_attribute_add_requested.connect(self._on_panel_attribute_add_requested)
        panel.sig_attribute_rename_requested.connect(self._on_panel_attribute_rename_requested)
        panel.sig_attribute_retype_requested.connect(self._on_panel_attribute_retype_requested)
        panel.sig_attribute_delete_requested.connect(self._on_panel_attribute_delete_requested)
        panel.sig_import_requested.connect(self._on_panel_import_requested)
        window.case_panel.sig_value_edit_requested.connect(self.set_value)

    def _push(self, make) -> bool:
        return self.w.push_step("Cases", make)

    def set_value(self, case: str, attribute: str, value: str) -> bool:
        return self._push(lambda ws: commands.SetCaseValue(ws, case, attribute, value))

    def add_attribute(self, name: str, value_type: str) -> bool:
        return self._push(lambda ws: commands.AddAttribute(ws, name, value_type))

    def rename_attribute(self, name: str, new_name: str) -> bool:
        return self._push(lambda ws: commands.RenameAttribute(ws, name, new_name))

    def retype_attribute(self, name: str, value_type: str) -> bool:
        return self._push(lambda ws: commands.RetypeAttribute(ws, name, value_type))

    def delete_attribute(self, name: str) -> bool:
        return self._push(lambda ws: commands.DeleteAttribute(ws, name))

    def assign_speaker(self, source: str, speaker: str, case: Optional[str], moderator: Optional[bool],
                       clear_case: bool = False) -> bool:
        return self._push(lambda ws: commands.AssignSpeaker(ws, source, speaker, case, moderator, clear_case))

    def _on_panel_attribute_add_requested(self) -> None:
        name, ok = QInputDialog.getText(self.w, "Add attribute", "Name of the new attribute:")
        if not ok or not name.strip():
            return
        value_type, ok = QInputDialog.getItem(self.w, "Add attribute", f"Type of '{name.strip()}':", TYPES, 0, False)
        if ok:
            self.add_attribute(name.strip(), value_type)

    def _on_panel_attribute_rename_requested(self, name: str) -> None:
        new, ok = QInputDialog.getText(self.w, "Rename attribute", f"New name for '{name}':", text=name)
        if ok and new.strip() and new.strip() != name:
            self.rename_attribute(name, new.strip())

    def _on_panel_attribute_retype_requested(self, name: str) -> None:
        value_type, ok = QInputDialog.getItem(self.w, "Change type", f"Type of '{name}' (every value is "
                                              "converted; a value that does not fit stops the change):",
                                              TYPES, 0, False)
        if ok:
            self.retype_attribute(name, value_type)

    def _on_panel_attribute_delete_requested(self, name: str) -> None:
        if QMessageBox.question(self.w, "Delete attribute", f"Delete '{name}' and every case's value of it? "
                                "(Ctrl+Z brings it back.)") == QMessageBox.StandardButton.Yes:
            self.delete_attribute(name)

    def _on_panel_import_requested(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self.w, "Import a table of cases", str(Path.home()),
                                                "Tables (*.csv *.xlsx);;All files (*)")
        if chosen:
            self.import_table(Path(chosen))

    def import_table(self, path: Path):
        """Read and check the table, then set every value in one transaction (in a worker)."""
        store, acting = self.w.store, self.w.acting()

        def run(_progress):
            from coding import case_edits
            from importers.cases_table import read_cases

            table = read_cases(path)
            with store.transaction(acting) as s:
                return case_edits.import_values(s, table)

        def done(result) -> None:
            matched = "".join(f"; '{a}' is the case '{b}'" for a, b in result["matched"][:3])
            self.w.status_label.setText(f"Imported {path.name}: {result['cases']} cases, {result['attributes']} "
                                        f"attributes, {result['values_changed']} values changed{matched}.")
            from coding.changes import Change

            self.w._on_workspace_project_changed(Change(cases=True))

        return self.w._run(run, done)
