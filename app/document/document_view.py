"""The document pane: a source's text with coded spans highlighted in code
colours (blended, so overlaps stay visible), each coder's spans underlined in
the coder's colour, margin stripes and turn timings, and a toggle per coder.

Which coders can be shown at all is decided outside (blind mode shows a coder
only their own layer): ``set_coders`` gets only those.  Offsets in and out of
this widget are code points; Qt's UTF-16 positions stay inside it.
"""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtGui import QColor, QFont, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QTextEdit, QVBoxLayout, QWidget

from app.common.words import kind_name, plural
from app.document.layer import ShownLayer
from app.document.getting_started import GettingStarted
from app.document.margin import Margin
from app.document.offsets import OffsetMap
from app.document.text_pane import TextPane
from coding.views import CoderSummary, CodingSpan, DocumentData, SectionSpan

PICK_SOURCE = "Open a source from the list on the left."
NO_PROJECT = "No project open"
NO_PROJECT_HINT = ("Start a project with File › New Project, or open one with File › Open Project.\n\n"
                   "To look around first, File › Open Demo Study opens a study part-way through: "
                   "its sources, codebook and two coders' codings.")
HIGHLIGHT_ALPHA = 110
BOUNDARY_GRIP = 4  # pixels either side of a coding's first or last character that grab it


class DocumentView(QWidget):
    sig_coders_toggled = Signal(object)       # set of visible coder uuids
    sig_code_dropped = Signal(str, int, int)  # code uuid, start, end (code points)
    sig_context_menu_requested = Signal(object, int)  # global point, code-point offset
    sig_cursor_moved = Signal(int)            # code-point offset
    sig_coding_resized = Signal(str, int, int)  # coding uuid, new start, new end (a boundary dragged)

    def __init__(self, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self._doc: Optional[DocumentData] = None
        self._codings: list[CodingSpan] = []
        self._map: Optional[OffsetMap] = None
        self._visible: set[str] = set()
        self._boxes: dict[str, QCheckBox] = {}
        self._coder_colours: dict[str, QColor] = {}
        self._layer = ShownLayer()
        self._painted_range: Optional[tuple[int, int]] = None
        self.editable_coder: Optional[str] = None  # whose codings' boundaries may be dragged
        self._drag: Optional[tuple[CodingSpan, str]] = None  # coding, "start" or "end"

        self._project = False  # a project is open (``show_getting_started`` says so)
        self.title = QLabel(NO_PROJECT)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.title.setFont(font)
        self.coder_bar = QHBoxLayout()
        self.coder_label = QLabel("Show coders:")
        self.coder_bar.addWidget(self.coder_label)
        self.coder_bar.addStretch(1)
        self.text = TextPane()
        self.text.sig_code_dropped.connect(self._on_text_code_dropped)
        self.text.sig_context_menu_requested.connect(self._on_text_context_menu_requested)
        self.text.cursorPositionChanged.connect(self._on_text_cursor_position_changed)
        self.margin = Margin(self.text)
        self.text.verticalScrollBar().valueChanged.connect(self._on_viewport_changed)
        self.text.sig_viewport_resized.connect(self._on_viewport_changed)
        self.text.viewport().installEventFilter(self)
        self.text.viewport().setMouseTracking(True)

        self.getting_started = GettingStarted()
        self.getting_started.hide()
        self.no_project = QLabel(NO_PROJECT_HINT, objectName="no_project", wordWrap=True)  # before one is open
        self.no_project.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.no_project.setContentsMargins(8, 8, 8, 8)
        self.text.hide()
        self.margin.hide()
        self.coder_label.hide()
        body = QHBoxLayout()
        body.setSpacing(0)
        body.addWidget(self.margin)
        body.addWidget(self.text, 1)
        body.addWidget(self.getting_started, 1)
        body.addWidget(self.no_project, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(self.coder_bar)
        layout.addLayout(body, 1)

    def show_getting_started(self, empty: bool) -> None:
        """An empty project shows its first steps in place of a document."""
        self._empty, self._project = empty, True
        self.getting_started.setVisible(empty)
        self.text.setVisible(not empty)
        self.margin.setVisible(not empty)
        self.no_project.hide()
        self.coder_label.show()
        self.title.setText("Getting started" if empty else PICK_SOURCE)

    # --- coders ---
    def set_coders(self, coders: list[CoderSummary], note: str = "") -> None:
        """The coders whose layers may be shown (each with a toggle)."""
        for box in self._boxes.values():
            self.coder_bar.removeWidget(box)
            box.deleteLater()
        self._boxes.clear()
        self._visible = {c.uuid for c in coders}
        self._coder_colours = {c.uuid: QColor(c.colour) for c in coders}
        self.coder_label.setText(note or "Show coders:")
        for c in coders:
            box = QCheckBox(c.name)
            box.setChecked(True)
            box.setStyleSheet(f"QCheckBox {{ color: {c.colour}; font-weight: bold; }}")
            box.toggled.connect(lambda on, u=c.uuid: self._on_coder_box_toggled(u, on))
            self.coder_bar.insertWidget(self.coder_bar.count() - 1, box)
            self._boxes[c.uuid] = box
        self._apply_highlights()

    def visible_coders(self) -> set[str]:
        return set(self._visible)

    def set_coder_visible(self, coder_uuid: str, visible: bool) -> None:
        self._boxes[coder_uuid].setChecked(visible)

    # --- the document ---
    def set_document(self, doc: Optional[DocumentData]) -> None:
        self._doc = doc
        if doc is None:
            self.title.setText("Getting started" if getattr(self, "_empty", False) else
                               PICK_SOURCE if self._project else NO_PROJECT)
            self._codings = []
            self.text.clear()
            self._map = None
            self.margin.set_content(ShownLayer(), (), OffsetMap(""), {})
            return
        self.text.setExtraSelections([])  # the old source's highlights must not flash on the new text
        self._codings = list(doc.codings)
        self._map = OffsetMap(doc.text)
        self.text.document().setUndoRedoEnabled(False)  # read-only text: no undo history to keep
        self.text.setCurrentCharFormat(QTextCharFormat())  # else new text takes the format at the old cursor
        self.text.setPlainText(doc.text)
        self._format_labels()
        self._apply_highlights()

    def set_codings(self, codings: list[CodingSpan]) -> None:
        """New codings for the open document (after a change): the text stays."""
        self._codings = list(codings)
        self._apply_highlights()

    def change_codings(self, added: list[CodingSpan], removed: set[str]) -> None:
        """Codings applied and removed since the document was shown (an edit
        or its undo), without reading the source's codings again."""
        self._codings = [c for c in self._codings if c.uuid not in removed] + list(added)
        self._apply_highlights()

    def document(self) -> Optional[DocumentData]:
        return self._doc

    def codings(self) -> list[CodingSpan]:
        return list(self._codings)

    def shown_codings(self) -> list[CodingSpan]:
        return [c for c in self._codings if c.coder_uuid in self._visible]

    def codings_at(self, offset: int) -> list[CodingSpan]:
        """Shown codings covering code point ``offset``, innermost first."""
        return sorted((c for c in self.shown_codings() if c.start <= offset < c.end),
                      key=lambda c: c.end - c.start)

    def section_at(self, offset: int) -> Optional[SectionSpan]:
        if self._doc is None:
            return None
        return next((s for s in self._doc.sections if s.start <= offset < s.end), None)

    # --- offsets (code points) ---
    def select_codepoints(self, start: int, end: int) -> None:
        """Select ``[start, end)`` given in code points (the core's offsets)."""
        assert self._map is not None
        cursor = self.text.textCursor()
        cursor.setPosition(self._map.to_utf16(start))
        cursor.setPosition(self._map.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        self.text.setTextCursor(cursor)
        self.text.ensureCursorVisible()

    def selection_codepoints(self) -> Optional[tuple[int, int]]:
        cursor = self.text.textCursor()
        if not cursor.hasSelection() or self._map is None:
            return None
        return self._map.to_codepoint(cursor.selectionStart()), self._map.to_codepoint(cursor.selectionEnd())

    def cursor_codepoint(self) -> int:
        return self._map.to_codepoint(self.text.textCursor().position()) if self._map else 0

    def highlighted_spans(self) -> list[tuple[int, int, str]]:
        """(start, end, colour) of the highlights drawn now (those in
        ``painted_range``), in code points."""
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
        cursor.beginEditBlock()  # one layout pass for all labels, not one per label (2.3 s -> 30 ms on 1 MB)
        for start, end in self.label_spans():
            cursor.setPosition(self._map.to_utf16(start))
            cursor.setPosition(self._map.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(bold)
        cursor.endEditBlock()

    def _on_coder_box_toggled(self, coder_uuid: str, on: bool) -> None:
        (self._visible.add if on else self._visible.discard)(coder_uuid)
        self._apply_highlights()
        self.sig_coders_toggled.emit(set(self._visible))

    def _on_text_code_dropped(self, code_uuid: str, utf16: int) -> None:
        if self._map is None:
            return
        selection = self.selection_codepoints()
        offset = self._map.to_codepoint(utf16)
        if selection is None or not selection[0] <= offset <= selection[1]:
            cursor = QTextCursor(self.text.document())  # a drop outside the selection codes the word there
            cursor.setPosition(utf16)
            cursor.select(QTextCursor.SelectionType.WordUnderCursor)
            if not cursor.hasSelection():
                return
            selection = (self._map.to_codepoint(cursor.selectionStart()), self._map.to_codepoint(cursor.selectionEnd()))
        self.sig_code_dropped.emit(code_uuid, *selection)

    def _on_text_context_menu_requested(self, point, utf16: int) -> None:
        if self._map is not None:
            self.sig_context_menu_requested.emit(point, self._map.to_codepoint(utf16))

    def _on_text_cursor_position_changed(self) -> None:
        self.sig_cursor_moved.emit(self.cursor_codepoint())

    def _apply_highlights(self) -> None:
        """The shown layer changed: margin, title, then the highlights in view."""
        if self._doc is None or self._map is None:
            self.text.setExtraSelections([])
            return
        self._layer = ShownLayer(self.shown_codings())
        n_all, n_shown = len(self._codings), len(self._layer)
        hidden = "" if n_shown == n_all else f" (of {n_all:,})"
        self.title.setText(f"{self._doc.name}  ·  {kind_name(self._doc.kind)}  ·  {plural(n_shown, 'coding')} shown{hidden}")
        self.margin.set_content(self._layer, self._doc.sections, self._map, self._coder_colours)
        self._painted_range = None
        self._paint_visible()

    def painted_range(self) -> tuple[int, int]:
        """The code points whose codings are highlighted now (the visible part
        and a screen either side; the rest is drawn when scrolled to)."""
        return self._painted_range or (0, 0)

    def _visible_range(self) -> tuple[int, int]:
        viewport = self.text.viewport()
        height = viewport.height() if self.text.isVisible() else 0
        if height <= 0:  # not on screen: around the cursor
            here = self._map.to_codepoint(self.text.textCursor().position())
            return max(0, here - 2000), here + 2000
        top = self.text.cursorForPosition(QPoint(0, -height)).position()
        bottom = self.text.cursorForPosition(QPoint(viewport.width(), 2 * height)).position()
        return self._map.to_codepoint(top), self._map.to_codepoint(max(bottom, top)) + 1

    def _paint_visible(self) -> None:
        if self._doc is None or self._map is None:
            return
        first, last = self._visible_range()
        if self._painted_range is not None and self._painted_range[0] <= first and last <= self._painted_range[1]:
            return  # already drawn
        # draw a little more than asked, so small scrolls cost nothing
        span = max(last - first, 2000)
        first, last = max(0, first - span), min(len(self._doc.text), last + span)
        self._painted_range = (first, last)
        to_utf16, document = self._map.to_utf16, self.text.document()
        formats: dict[tuple[str, str], QTextCharFormat] = {}
        selections = []
        for span_ in self._layer.near(first, last):
            if span_.end <= first:
                continue
            key = (span_.colour, span_.coder_uuid)
            fmt = formats.get(key)
            if fmt is None:
                fmt = formats[key] = QTextCharFormat()
                colour = QColor(span_.colour)
                colour.setAlpha(HIGHLIGHT_ALPHA)
                fmt.setBackground(colour)
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
                fmt.setUnderlineColor(self._coder_colours.get(span_.coder_uuid, QColor("black")))
            sel = QTextEdit.ExtraSelection()
            cursor = QTextCursor(document)
            cursor.setPosition(to_utf16(span_.start))
            cursor.setPosition(to_utf16(span_.end), QTextCursor.MoveMode.KeepAnchor)
            sel.cursor, sel.format = cursor, fmt
            selections.append(sel)
        self.text.setExtraSelections(selections)

    def _on_viewport_changed(self, *_args) -> None:
        self._paint_visible()

    # --- dragging a coding's boundary ---
    def boundary_at(self, point: QPoint) -> Optional[tuple[CodingSpan, str]]:
        """The editable coding whose start or end is under ``point`` (viewport
        coordinates, within a few pixels), innermost first."""
        if self._map is None or self.editable_coder is None:
            return None
        offset = self._map.to_codepoint(self.text.cursorForPosition(point).position())
        near = [c for c in self.shown_codings() if c.coder_uuid == self.editable_coder
                and c.start - 1 <= offset <= c.end + 1]
        for coding in sorted(near, key=lambda c: c.end - c.start):
            for edge, cp in (("start", coding.start), ("end", coding.end)):
                cursor = QTextCursor(self.text.document())
                cursor.setPosition(self._map.to_utf16(cp))
                rect = self.text.cursorRect(cursor)
                if abs(point.x() - rect.x()) <= BOUNDARY_GRIP and rect.top() <= point.y() <= rect.bottom():
                    return coding, edge
        return None

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        if obj is not self.text.viewport() or self._map is None:
            return False
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton:
            grip = self.boundary_at(event.position().toPoint())
            if grip is not None:
                self._drag = grip
                return True
        elif kind == QEvent.Type.MouseMove:
            point = event.position().toPoint()
            if self._drag is not None:
                start, end = self._dragged_extent(point)
                self.select_codepoints(start, end)  # shows the extent the coding will have
                return True
            near = self.boundary_at(point) is not None
            self.text.viewport().setCursor(Qt.CursorShape.SizeHorCursor if near else Qt.CursorShape.IBeamCursor)
        elif kind == QEvent.Type.MouseButtonRelease and self._drag is not None:
            coding = self._drag[0]
            start, end = self._dragged_extent(event.position().toPoint())
            self._drag = None
            if start < end and (start, end) != (coding.start, coding.end):
                self.sig_coding_resized.emit(coding.uuid, start, end)
            return True
        return False

    def _dragged_extent(self, point: QPoint) -> tuple[int, int]:
        coding, edge = self._drag
        offset = self._map.to_codepoint(self.text.cursorForPosition(point).position())
        if edge == "start":
            return min(offset, coding.end - 1), coding.end
        return coding.start, max(offset, coding.start + 1)
