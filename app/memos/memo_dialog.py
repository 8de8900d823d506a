"""Writing a memo: on a coding, a code or a source."""
from __future__ import annotations

from typing import Optional

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget


class MemoDialog(QDialog):
    def __init__(self, about: str, text: str, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.setWindowTitle("Memo")
        self.resize(480, 300)
        self.editor = QPlainTextEdit(text)
        self.editor.setPlaceholderText("Your note: what you saw, why you coded it so, what to discuss…")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Memo on <b>{about}</b> (an empty memo is removed)", wordWrap=True))
        layout.addWidget(self.editor, 1)
        layout.addWidget(buttons)

    def text(self) -> str:
        return self.editor.toPlainText()
