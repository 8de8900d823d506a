"""File › Merge Project…: what another coder's copy would bring in (a dry
run, read in a worker), the conflicts between the copies with a choice for
each kind (this copy or the other), then the merge itself — a backup first,
one transaction — and the project read again."""
from __future__ import annotations

import html
from pathlib import Path
from typing import Optional

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QTextBrowser, QVBoxLayout,
                               QWidget)

from app.common import worker
from storage import TandemError


class MergeDialog(QDialog):
    sig_plan_ready = Signal(object)     # coding.merge.MergeReport of the dry run
    sig_merge_finished = Signal(object)

    def __init__(self, store, acting, other: Path, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.setObjectName("merge_dialog")
        self.setWindowTitle(f"Merge {other.name} into this project")
        self.resize(720, 480)
        self.store, self.acting, self.other = store, acting, other
        self.summary = QTextBrowser()
        self.choices = {kind: QComboBox() for kind in ("codebook", "attributes")}
        form = QFormLayout()
        for kind, box in self.choices.items():
            box.addItem("this copy", "into")
            box.addItem(f"the other copy ({other.name})", "from")
            box.setEnabled(False)
            form.addRow(f"Where the {kind} differs, keep:", box)
        self.status = QLabel("Reading what the other copy would bring in…", wordWrap=True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.merge_button = self.buttons.addButton("Merge", QDialogButtonBox.ButtonRole.AcceptRole)
        self.merge_button.setEnabled(False)
        self.buttons.accepted.connect(self.merge)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary, 1)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self._start(dry_run=True, prefer={"codebook": "into", "attributes": "into"})

    def prefer(self) -> dict:
        return {kind: box.currentData() for kind, box in self.choices.items()}

    def _start(self, dry_run: bool, prefer: dict) -> worker.Task:
        store, acting, other = self.store, self.acting, self.other
        from coding.merge import merge_file

        task = worker.Task(lambda _p: merge_file(store, acting, other, prefer, dry_run))
        task.signals.sig_result_ready.connect(self._on_plan_ready if dry_run else self._on_merged)
        task.signals.sig_task_failed.connect(self._on_task_failed)
        return worker.start(task)

    def _on_plan_ready(self, report) -> None:
        e = html.escape
        parts = [f"<p><b>{e(self.other.name)}</b> would bring in: {e(', '.join(report.lines()))}.</p>"]
        if report.matched_by_name:
            parts.append("<p>Made in both copies, joined: " + e(", ".join(report.matched_by_name[:12])) + "</p>")
        if report.conflicts:
            parts.append("<p><b>Where the copies disagree:</b></p><ul>" + "".join(
                f"<li>{e(c.line())}</li>" for c in report.conflicts) + "</ul>")
        self.summary.setHtml("".join(parts))
        kinds = {c.kind for c in report.conflicts}
        for kind, box in self.choices.items():
            box.setEnabled(kind in kinds)
        self.merge_button.setEnabled(True)
        self.status.setText("A backup of this project is written before the merge; the other file is only read.")
        self.sig_plan_ready.emit(report)

    def merge(self) -> worker.Task:
        self.merge_button.setEnabled(False)
        self.status.setText("Merging…")
        return self._start(dry_run=False, prefer=self.prefer())

    def _on_merged(self, report) -> None:
        self.status.setText("Merged: " + ", ".join(report.lines()))
        self.sig_merge_finished.emit(report)
        self.accept()

    def _on_task_failed(self, exc: Exception) -> None:
        self.status.setText(str(exc) if isinstance(exc, TandemError) else f"{type(exc).__name__}: {exc}")
        self.merge_button.setEnabled(False)
