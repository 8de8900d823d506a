"""One discrepancy side by side: the surrounding turn or response with both
coders' spans marked (A shaded, B underlined), the speaker and the case's
attributes, the code definitions at hand, the earlier decisions on the code,
the comments, and the rationale to go with the decision."""
from __future__ import annotations

import html
from typing import Optional

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (QLabel, QLineEdit, QSplitter, QTextBrowser, QTextEdit, QVBoxLayout, QWidget)

from app.document.offsets import OffsetMap
from coding.codebook import CodeNode
from coding.reconcile.decisions import CHOICE_LABELS
from coding.reconcile.discrepancies import KIND_LABELS, Discrepancy

EMPTY = "Select a discrepancy in the queue."


def _tint(colour: str, share: float = 0.35) -> QColor:
    """``colour`` mixed with white: a shade light enough to read text on."""
    c = QColor(colour)
    return QColor(*(round(255 - (255 - v) * share) for v in (c.red(), c.green(), c.blue())))


class DetailPane(QWidget):
    sig_span_selected = Signal(int, int)  # code points within the source (for "edit the boundaries")

    def __init__(self, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.heading = QLabel(EMPTY)
        self.heading.setObjectName("heading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.context = QTextBrowser()
        self.context.setObjectName("context")
        self.context.setReadOnly(True)
        self.context.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                             | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.context.setToolTip("Select text here and press E to give the consensus coding new boundaries")
        self.definitions = QTextBrowser()
        self.definitions.setObjectName("definitions")
        self.rationale = QLineEdit()
        self.rationale.setObjectName("rationale")
        self.rationale.setPlaceholderText("Rationale for the decision (Enter to focus the queue again)")
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.context)
        splitter.addWidget(self.definitions)
        splitter.setSizes([320, 240])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(splitter, 1)
        layout.addWidget(QLabel("Rationale:"))
        layout.addWidget(self.rationale)
        self._shown: Optional[Discrepancy] = None
        self._base = 0
        self._map: Optional[OffsetMap] = None

    def clear(self) -> None:
        self._shown = None
        self.heading.setText(EMPTY)
        self.context.clear()
        self.definitions.clear()

    def discrepancy(self) -> Optional[Discrepancy]:
        return self._shown

    def show_discrepancy(self, d: Discrepancy, text: str, coders: tuple[str, str], colours: tuple[str, str],
                         codes: dict[str, CodeNode], attributes: list[tuple[str, str]],
                         earlier: list[dict]) -> None:
        self._shown = d
        a_name, b_name = coders
        who = " · ".join(x for x in (d.speaker and f"speaker <b>{html.escape(d.speaker)}</b>",
                                      d.case and f"case <b>{html.escape(d.case)}</b>") if x)
        attrs = "; ".join(f"{html.escape(k)} = {html.escape(v)}" for k, v in attributes if v)
        choice = (d.decision or {}).get("choice", "")
        said = {"accept-a": f"kept {a_name}'s coding", "accept-b": f"kept {b_name}'s coding"}.get(
            choice, CHOICE_LABELS.get(choice, choice))
        status = {"pending": "", "decided": f" — decided: {html.escape(said)}",
                  "reopened": " — <span style='color:#C62828'>reopened</span>"}[d.status]
        self.heading.setText(
            f"<b>{KIND_LABELS[d.kind].capitalize()}</b> on <b>{html.escape(d.code)}</b>{status}<br>"
            f"{html.escape(d.source)}{' · ' + who if who else ''}"
            + (f"<br><small>{attrs}</small>" if attrs else "")
            + f"<br><span style='background:{_tint(colours[0]).name()}'>&nbsp;A: {html.escape(a_name)}&nbsp;</span> "
              f"<span style='text-decoration:underline; color:{colours[1]}'>B: {html.escape(b_name)}</span>"
            + (f"<br><i>{html.escape(d.reopened_because)}</i>" if d.reopened_because else ""))
        start = max(0, d.section_start)
        end = min(len(text), max(d.section_end, d.end))
        passage = text[start:end]
        self._base, self._map = start, OffsetMap(passage)
        self.context.setPlainText(passage)
        selections = []
        for spans, colour, underline in ((d.a, colours[0], False), (d.b, colours[1], True)):
            for s in spans:
                fmt = QTextCharFormat()
                if underline:
                    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
                    fmt.setUnderlineColor(QColor(colour))
                    fmt.setFontUnderline(True)
                    fmt.setForeground(QColor(colour).darker(150))
                else:
                    fmt.setBackground(_tint(colour))
                sel = QTextEdit.ExtraSelection()
                cursor = QTextCursor(self.context.document())
                cursor.setPosition(self._map.to_utf16(max(0, s.start - start)))
                cursor.setPosition(self._map.to_utf16(min(len(passage), s.end - start)), QTextCursor.MoveMode.KeepAnchor)
                sel.cursor, sel.format = cursor, fmt
                selections.append(sel)
        self.context.setExtraSelections(selections)
        cursor = QTextCursor(self.context.document())
        cursor.setPosition(self._map.to_utf16(max(0, d.start - start)))
        self.context.setTextCursor(cursor)
        self.context.ensureCursorVisible()
        self.definitions.setHtml(_definitions(d, codes, earlier))
        self.rationale.setText("")

    def selected_span(self) -> Optional[tuple[int, int]]:
        """The text selected in the passage, as code points of the source."""
        cursor = self.context.textCursor()
        if self._map is None or not cursor.hasSelection():
            return None
        a = self._map.to_codepoint(cursor.selectionStart())
        b = self._map.to_codepoint(cursor.selectionEnd())
        return (self._base + a, self._base + b) if b > a else None

    def select_span(self, start: int, end: int) -> None:
        """Select ``start``–``end`` (code points of the source) in the passage."""
        if self._map is None:
            return
        cursor = QTextCursor(self.context.document())
        cursor.setPosition(self._map.to_utf16(max(0, start - self._base)))
        cursor.setPosition(self._map.to_utf16(max(0, end - self._base)), QTextCursor.MoveMode.KeepAnchor)
        self.context.setTextCursor(cursor)


def _definitions(d: Discrepancy, codes: dict[str, CodeNode], earlier: list[dict]) -> str:
    parts = []
    for path in dict.fromkeys(s.code for s in d.a + d.b):
        node = codes.get(path)
        if node is None:
            continue
        flag = " <span style='color:#C62828'>⚑ definition needs work</span>" if node.needs_work else ""
        rows = [("Definition", node.description), ("Include", node.inclusion), ("Exclude", node.exclusion),
                ("Example", node.example)]
        body = "".join(f"<tr><td valign='top'><i>{k}</i>&nbsp;</td><td>{html.escape(v)}</td></tr>"
                       for k, v in rows if v)
        parts.append(f"<p><b>{html.escape(path)}</b>{flag}</p><table>{body or '<tr><td><i>no definition yet</i></td></tr>'}</table>")
    on_code = [e for e in earlier if any(p in e.get("code", "") for p in {s.code for s in d.a + d.b})
               and e.get("discrepancy_id") != d.id]
    if on_code:
        items = "".join(f"<li>{html.escape(CHOICE_LABELS.get(e['choice'], e['choice']))} — "
                        f"{html.escape(e['rationale'] or '(no rationale)')} "
                        f"<small>({html.escape(e['decided_by'])}, {e['decided_at'][:10]}, {e['status']})</small></li>"
                        for e in on_code[-20:])
        parts.append(f"<p><b>Earlier decisions on this code</b> ({len(on_code)})</p><ul>{items}</ul>")
    if d.comments:
        items = "".join(f"<li><b>{html.escape(c['author'])}</b>: {html.escape(c['text'])}</li>" for c in d.comments)
        parts.append(f"<p><b>Comments</b></p><ul>{items}</ul>")
    return "".join(parts)
