"""The document pane: a source's text with coded spans highlighted in code
colours, each coder's spans underlined in the coder's colour, and a toggle per
coder to show or hide that coder's layer."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor, QFont, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox, QHBoxLayout, QLabel, QTextEdit, QVBoxLayout, QWidget,
)

from app.document.offsets import OffsetMap
from coding.views import CoderSummary, DocumentData

HIGHLIGHT_ALPHA = 110  # code colours are blended so overlaps stay visible


class DocumentView(QWidget):
    sig_coders_toggled = Signal(object)  # set of visible coder uuids

    def __init__(self, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self._doc: Optional[DocumentData] = None
        self._map: Optional[OffsetMap] = None
        self._visible: set[str] = set()
        self._boxes: dict[str, QCheckBox] = {}
        self._coder_colours: dict[str, QColor] = {}

        self.title = QLabel("Open a source from the list on the left.")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.title.setFont(font)
        self.coder_bar = QHBoxLayout()
        self.coder_bar.addWidget(QLabel("Show coders:"))
        self.coder_bar.addStretch(1)
        self.text = QTextEdit(readOnly=True)
        self.text.setFont(QFont("DejaVu Sans", 11))
        self.text.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(self.coder_bar)
        layout.addWidget(self.text, 1)

    # --- public ---
    def set_coders(self, coders: list[CoderSummary]) -> None:
        for box in self._boxes.values():
            self.coder_bar.removeWidget(box)
            box.deleteLater()
        self._boxes.clear()
        self._visible = {c.uuid for c in coders}
        self._coder_colours = {c.uuid: QColor(c.colour) for c in coders}
        for c in coders:
            box = QCheckBox(c.name)
            box.setChecked(True)
            box.setStyleSheet(f"QCheckBox {{ color: {c.colour}; font-weight: bold; }}")
            box.toggled.connect(lambda on, u=c.uuid: self._on_coder_box_toggled(u, on))
            self.coder_bar.insertWidget(self.coder_bar.count() - 1, box)
            self._boxes[c.uuid] = box

    def set_document(self, doc: Optional[DocumentData]) -> None:
        self._doc = doc
        if doc is None:
            self.title.setText("Open a source from the list on the left.")
            self.text.clear()
            self._map = None
            return
        self.title.setText(f"{doc.name}  ·  {doc.kind}  ·  {len(doc.codings)} codings")
        self._map = OffsetMap(doc.text)
        self.text.setPlainText(doc.text)
        self._format_labels()
        self._apply_highlights()

    def document(self) -> Optional[DocumentData]:
        return self._doc

    def visible_coders(self) -> set[str]:
        return set(self._visible)

    def set_coder_visible(self, coder_uuid: str, visible: bool) -> None:
        self._boxes[coder_uuid].setChecked(visible)

    def select_codepoints(self, start: int, end: int) -> None:
        """Select ``[start, end)`` given in code points (the core's offsets)."""
        assert self._map is not None
        cursor = self.text.textCursor()
        cursor.setPosition(self._map.to_utf16(start))
        cursor.setPosition(self._map.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        self.text.setTextCursor(cursor)

    def selection_codepoints(self) -> Optional[tuple[int, int]]:
        """The selection as code-point offsets, or None."""
        cursor = self.text.textCursor()
        if not cursor.hasSelection() or self._map is None:
            return None
        return self._map.to_codepoint(cursor.selectionStart()), self._map.to_codepoint(cursor.selectionEnd())

    def highlighted_spans(self) -> list[tuple[int, int, str]]:
        """(start, end, colour) of the highlights shown, in code points."""
        assert self._map is not None
        return [(self._map.to_codepoint(sel.cursor.selectionStart()),
                 self._map.to_codepoint(sel.cursor.selectionEnd()),
                 sel.format.background().color().name())
                for sel in self.text.extraSelections()]

    def label_spans(self) -> list[tuple[int, int]]:
        """Code-point spans shown bold: speaker and respondent labels, headings."""
        if self._doc is None:
            return []
        doc, spans = self._doc, list(self._doc.headings)
        for sec in doc.sections:
            if sec.kind in ("turn", "response"):
                line_start = doc.text.rfind("\n", 0, sec.start) + 1
                if line_start < sec.start:
                    spans.append((line_start, sec.start))
        return sorted(spans)

    # --- internals ---
    def _format_labels(self) -> None:
        assert self._map is not None
        bold = QTextCharFormat()
        bold.setFontWeight(QFont.Weight.Bold)
        cursor = QTextCursor(self.text.document())
        for start, end in self.label_spans():
            cursor.setPosition(self._map.to_utf16(start))
            cursor.setPosition(self._map.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(bold)

    def _on_coder_box_toggled(self, coder_uuid: str, on: bool) -> None:
        (self._visible.add if on else self._visible.discard)(coder_uuid)
        self._apply_highlights()
        self.sig_coders_toggled.emit(set(self._visible))

    def _apply_highlights(self) -> None:
        if self._doc is None or self._map is None:
            return
        selections = []
        for span in self._doc.codings:
            if span.coder_uuid not in self._visible:
                continue
            sel = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.text.document())
            cursor.setPosition(self._map.to_utf16(span.start))
            cursor.setPosition(self._map.to_utf16(span.end), QTextCursor.MoveMode.KeepAnchor)
            fmt = QTextCharFormat()
            colour = QColor(span.colour)
            colour.setAlpha(HIGHLIGHT_ALPHA)
            fmt.setBackground(colour)
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            fmt.setUnderlineColor(self._coder_colours.get(span.coder_uuid, QColor("black")))
            fmt.setToolTip(f"{span.code_path} — {span.coder}")
            sel.cursor, sel.format = cursor, fmt
            selections.append(sel)
        self.text.setExtraSelections(selections)
