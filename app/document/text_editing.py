"""Coding › Correct Source Text: the document becomes editable (coding keys
off, a bar says so); Save carries every coding and turn through the edit
(``coding.text_edit``), asking first what to do with codings whose words
were deleted; Cancel puts the text back.  One undoable step."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from app.workspace.commands import EditCommand
from coding.changes import Change


class EditSourceText(EditCommand):
    def __init__(self, workspace, source: str, new_text: str, keep_lost: bool):
        super().__init__(workspace, f"Correct the text of '{source}'")
        self.source, self.new_text, self.keep_lost = source, new_text, keep_lost
        self.record = None

    def _do(self, s) -> None:
        from coding import text_edit

        self.record = text_edit.edit_text(s, self.ws.acting, self.source, self.new_text, keep_lost=self.keep_lost)

    def _undo(self, s) -> None:
        from coding import text_edit

        text_edit.undo_edit(s, self.record)

    def what_changed(self) -> Change:
        return Change(source_list=True, codings=True)  # its length, its codings' places, its turns

    def report(self) -> str:
        lost = len(self.record.lost) if self.record else 0
        return f"Corrected the text of {self.source}" + (
            f"; {lost} coding(s) left without words were {'kept on the nearest words' if self.keep_lost else 'removed'}."
            if lost else "; every coding was carried through.")


class EditBar(QWidget):
    """Shown above the text while it is being corrected."""

    def __init__(self, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.setObjectName("edit_bar")
        self.setStyleSheet("#edit_bar { background: #FFF4CE; }")
        self.label = QLabel("<b>Correcting the text.</b> Coding keys are off; codings follow the words they are on.")
        self.save = QPushButton("Save Correction (Ctrl+Return)")
        self.cancel = QPushButton("Cancel (Esc)")
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 3, 6, 3)
        row.addWidget(self.label, 1)
        row.addWidget(self.cancel)
        row.addWidget(self.save)


class TextEditing(QObject):
    sig_editing_changed = Signal(bool)

    def __init__(self, window):
        super().__init__(window)
        self.w = window
        self.view = window.document_view
        self.bar = EditBar()
        self.bar.hide()
        self.view.layout().insertWidget(2, self.bar)
        self.bar.save.clicked.connect(self.save)
        self.bar.cancel.clicked.connect(self.cancel)
        self.action = QAction("Correct Source &Text", window, checkable=True)
        self.action.setShortcut(QKeySequence("Ctrl+Alt+E"))
        self.action.setToolTip("Edit the source's text (a transcript corrected by hand); codings and turns follow")
        self.action.toggled.connect(self._on_action_toggled)
        self.save_action = QAction("Save Correction", self.view.text, shortcut=QKeySequence("Ctrl+Return"))
        self.save_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.save_action.triggered.connect(self.save)
        self.cancel_action = QAction("Cancel Correction", self.view.text, shortcut=QKeySequence("Esc"))
        self.cancel_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.cancel_action.triggered.connect(self.cancel)
        for a in (self.save_action, self.cancel_action):
            a.setEnabled(False)
            self.view.text.addAction(a)
        self.ask_lost = self._ask_lost  # tests answer themselves

    @property
    def editing(self) -> bool:
        return self.action.isChecked()

    def _on_action_toggled(self, on: bool) -> None:
        doc = self.view.document()
        if on and (doc is None or self.w.workspace is None):
            self.action.setChecked(False)
            self.w.status_label.setText("Open a source (and choose who is working) to correct its text.")
            return
        self.view.text.setReadOnly(not on)
        self.bar.setVisible(on)
        self.w.coding.set_enabled(not on)  # number keys type digits while correcting
        for a in (self.save_action, self.cancel_action):
            a.setEnabled(on)
        if on:
            self.view.text.setFocus()
        self.sig_editing_changed.emit(on)

    def cancel(self) -> None:
        doc = self.view.document()
        self.action.setChecked(False)
        if doc is not None:
            self.view.set_document(doc)  # the text as it is stored

    def save(self):
        """Ask the core which codings the edit leaves without words (in a
        worker), ask what to do with them, then take the step."""
        doc = self.view.document()
        if doc is None or not self.editing:
            return None
        new_text = self.view.text.toPlainText()
        store, acting, name = self.w.store, self.w.acting(), doc.name
        if new_text == doc.text:
            self.cancel()
            return None

        def run(_progress):
            from coding import text_edit

            with store.session() as s:
                return text_edit.lost_codings(s, acting, name, new_text)

        def then(lost) -> None:
            keep = True
            if lost:
                keep = self.ask_lost(lost)
                if keep is None:
                    return  # still editing
            self.action.setChecked(False)
            self.w.workspace.push(EditSourceText(self.w.workspace, name, new_text, keep))

        return self.w._run(run, then)

    def _ask_lost(self, lost) -> Optional[bool]:
        listed = "\n".join(f"• {x.coder}: {x.code.rsplit('/', 1)[-1]} on “{x.text[:60]}”" for x in lost[:8])
        box = QMessageBox(QMessageBox.Icon.Question, "Codings without words",
                          f"The correction deletes every word of {len(lost)} coding(s):\n\n{listed}"
                          f"{chr(10) + '…' if len(lost) > 8 else ''}\n\nKeep them on the nearest words, or "
                          "remove them?", parent=self.w)
        keep = box.addButton("Keep Them", QMessageBox.ButtonRole.AcceptRole)
        remove = box.addButton("Remove Them", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return True if box.clickedButton() is keep else False if box.clickedButton() is remove else None
