"""Edit a quote for publication: the original passage above, the text to
print below, checked as you type — cuts must be marked "…" and additions or
re-casing go in [brackets] (``coding.quotes.faithful``), and names, e-mail
addresses and phone numbers are flagged (``coding.quotes.identifying``).
Cut and Clarify act on the selected words; Save stays off while the text is
not a faithful quotation."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton,
                               QVBoxLayout, QWidget)

from coding import quotes
from coding.places import in_source


class QuoteDialog(QDialog):
    sig_quote_edited = Signal(str, str)  # quote uuid, the new text

    def __init__(self, quote, names: set[str], parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.setObjectName("quote_dialog")
        self.setWindowTitle("Edit quote for publication")
        self.resize(640, 420)
        self.quote, self.names = quote, names
        self.original = QPlainTextEdit(" ".join(quote.original.split()), readOnly=True)
        self.original.setMaximumHeight(110)
        self.text = QPlainTextEdit(quote.text)
        self.text.textChanged.connect(self._on_text_text_changed)
        self.cut = QPushButton("Cut (…)")
        self.cut.setToolTip("Replace the selected words with an ellipsis (Ctrl+Shift+X)")
        self.cut.setShortcut(QKeySequence("Ctrl+Shift+X"))
        self.cut.clicked.connect(self._on_cut_clicked)
        self.clarify = QPushButton("Clarify [ ]")
        self.clarify.setToolTip("Put the selected words in square brackets, to replace them with your own "
                                "(Ctrl+Shift+B)")
        self.clarify.setShortcut(QKeySequence("Ctrl+Shift+B"))
        self.clarify.clicked.connect(self._on_clarify_clicked)
        self.reset = QPushButton("As in the passage")
        self.reset.clicked.connect(lambda: self.text.setPlainText(" ".join(quote.original.split())))
        self.check = QLabel(wordWrap=True)
        self.check.setObjectName("check")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        tools = QHBoxLayout()
        for b in (self.cut, self.clarify, self.reset):
            tools.addWidget(b)
        tools.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"The passage ({in_source(quote.source, quote.place)}):"))
        layout.addWidget(self.original)
        layout.addWidget(QLabel("The quote as printed:"))
        layout.addWidget(self.text, 1)
        layout.addLayout(tools)
        layout.addWidget(self.check)
        layout.addWidget(self.buttons)
        self._on_text_text_changed()
        self.text.setFocus()

    def problems(self) -> list[str]:
        text = self.edited()
        if not text:
            return ["A quote needs some text; unpin it instead."]
        return quotes.faithful(self.quote.original, text)

    def edited(self) -> str:
        return " ".join(self.text.toPlainText().split())

    def _on_text_text_changed(self) -> None:
        problems = self.problems()
        flags = quotes.identifying(None, self.edited(), self.names)
        parts = []
        if problems:
            parts.append(f"<span style='color:#B00020'>Not a faithful quotation: {problems[0]}.</span>")
        else:
            parts.append("<span style='color:#2E7D32'>Faithful to the passage.</span>")
        if flags:
            parts.append(f"<span style='color:#A04000'>Check before printing: it contains {'; '.join(flags)}.</span>")
        self.check.setText("<br>".join(parts))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not problems)

    def _wrap(self, before: str, after: str, replace: Optional[str] = None) -> None:
        cursor = self.text.textCursor()
        if not cursor.hasSelection():
            return
        chosen = cursor.selectedText()
        cursor.insertText(f"{before}{chosen if replace is None else replace}{after}")

    def _on_cut_clicked(self) -> None:
        self._wrap(" ", " ", "…")

    def _on_clarify_clicked(self) -> None:
        self._wrap("[", "]")

    def _on_buttons_accepted(self) -> None:
        if self.problems():
            return
        if self.edited() != self.quote.text:
            self.sig_quote_edited.emit(self.quote.uuid, self.edited())
        self.accept()
