"""Editing a code's definition: description, inclusion and exclusion
criteria, an example, its description for the theme table (for readers,
where the definition speaks to coders) and its colour."""
from __future__ import annotations

from typing import Optional

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog, QDialog, QDialogButtonBox, QFormLayout, QLabel, QPlainTextEdit, QPushButton, QWidget,
)

from coding.codebook import CodeNode

FIELDS = (("description", "Definition"), ("inclusion", "Include when"), ("exclusion", "Exclude when"),
          ("example", "Example"), ("summary", "In the theme table"))
HINTS = {"summary": "How the theme table describes it, for readers of the article (empty: the definition)"}


class CodeDialog(QDialog):
    """``typed``: fields changed before (as ``changes()`` gives them), shown
    in place of the code's own — an edit refused because another coder
    changed the code meanwhile is not lost, and what they changed is kept."""

    def __init__(self, node: CodeNode, parent: Optional[QWidget] = None, typed: Optional[dict] = None):
        super().__init__(parent)
        typed = typed or {}
        self.node = node
        self.setWindowTitle(f"Code — {node.name}")
        self.resize(560, 460)
        self.editors: dict[str, QPlainTextEdit] = {}
        form = QFormLayout(self)
        form.addRow(QLabel(f"<b>{node.path.replace('/', ' › ')}</b>"))
        for key, label in FIELDS:
            editor = QPlainTextEdit(typed.get(key, getattr(node, key)))
            editor.setTabChangesFocus(True)
            editor.setPlaceholderText(HINTS.get(key, ""))
            self.editors[key] = editor
            form.addRow(label, editor)
        self.colour = QColor(typed.get("colour", node.colour))
        self.colour_button = QPushButton()
        self.colour_button.clicked.connect(self._on_colour_button_clicked)
        self._show_colour()
        form.addRow("Colour", self.colour_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def changes(self) -> dict[str, str]:
        """The fields that differ from the code's, as ``update_code`` takes them."""
        out = {key: editor.toPlainText().strip() for key, editor in self.editors.items()
               if editor.toPlainText().strip() != getattr(self.node, key)}
        if self.colour.name().upper() != self.node.colour.upper():
            out["colour"] = self.colour.name().upper()
        return out

    def set_colour(self, colour: QColor) -> None:
        if colour.isValid():
            self.colour = colour
            self._show_colour()

    def _show_colour(self) -> None:
        self.colour_button.setText(self.colour.name().upper())
        self.colour_button.setStyleSheet(f"background-color: {self.colour.name()};")

    def _on_colour_button_clicked(self) -> None:
        self.set_colour(QColorDialog.getColor(self.colour, self, "Code colour"))
