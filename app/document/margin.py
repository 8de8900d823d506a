"""The document's margin: a stripe per code beside the lines it covers (a
stripe per code and coder when several coders are shown), the code's name on
hover, and the start time of each transcript turn."""
from __future__ import annotations

import heapq
from typing import Optional

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QTextCursor
from PySide6.QtWidgets import QTextEdit, QToolTip, QWidget

from app.document.layer import ShownLayer
from coding.views import CodingSpan, SectionSpan

LANE = 6           # pixels per stripe
MAX_LANES = 24


def clock(ms: int) -> str:
    seconds = max(0, int(ms) // 1000)
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"


class Margin(QWidget):
    def __init__(self, text: QTextEdit, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.text = text
        self.setMouseTracking(True)
        self._layer = ShownLayer()
        self._lanes_seen = 0
        self._per_coder = False
        self._timings: list[tuple[int, str]] = []  # utf-16 position, label
        self._sections: tuple = ()
        self._to_utf16 = self._to_codepoint = lambda pos: pos
        self._coder_colours: dict[str, QColor] = {}
        self._painted: list[tuple[QRect, CodingSpan]] = []
        text.verticalScrollBar().valueChanged.connect(self.update)
        text.document().documentLayout().documentSizeChanged.connect(lambda *_: self.update())

    def set_content(self, layer: ShownLayer, sections: tuple[SectionSpan, ...], offsets,
                    coder_colours: dict[str, QColor]) -> None:
        """``layer``: the codings shown (the document view's); ``offsets``: the
        document's OffsetMap (code points <-> UTF-16)."""
        to_utf16 = self._to_utf16 = offsets.to_utf16
        self._to_codepoint = offsets.to_codepoint
        self._coder_colours = coder_colours
        self._layer = layer
        self._per_coder = layer.per_coder
        if sections is not self._sections:  # a new document: timings anew, and narrow again
            self._sections = sections
            self._lanes_seen = 0
            self._timings = [(to_utf16(sec.start), clock(sec.start_ms)) for sec in sections
                             if sec.start_ms is not None]
        self._lanes_for_view()  # so the first paint has the width it needs
        self.update()

    def _near_view(self) -> tuple[list[CodingSpan], int, int]:
        """Spans that can reach the visible part (those starting before its end
        and at most the longest coding before its start), and its UTF-16 range."""
        first, last = self._visible_codepoints()
        return self._layer.near(self._to_codepoint(first), self._to_codepoint(last)), first, last

    def _lanes_for_view(self, near: Optional[list[CodingSpan]] = None) -> dict[str, int]:
        """Lanes for what is on screen (a few dozen stripes, not the document's
        thousands, after every change); the margin widens to fit, and never
        narrows while a document is open, so stripes do not jump."""
        lane_of = self.lanes_for(self._near_view()[0] if near is None else near)
        wanted = max(lane_of.values()) + 1 if lane_of else 0
        if wanted > self._lanes_seen:
            self._lanes_seen = wanted
        self._fit_width()
        return lane_of

    def _fit_width(self) -> None:
        width = (self._x0() + min(self._lanes_seen, MAX_LANES) * LANE)
        if width != self.width():
            self.setFixedWidth(max(12, width))

    def _x0(self) -> int:
        return self.fontMetrics().horizontalAdvance("00:00:00") + 8 if self._timings else 4

    @staticmethod
    def lanes_for(spans: list[CodingSpan]) -> dict[str, int]:
        """Each stripe takes the lowest lane free where it starts (spans in text
        order), so the margin is as wide as the deepest overlap, not the
        number of codes."""
        out: dict[str, int] = {}
        busy: list[tuple[int, int]] = []  # (end, lane) of stripes still open
        free: list[int] = []
        lanes = 0
        for span in spans:
            while busy and busy[0][0] <= span.start:
                heapq.heappush(free, heapq.heappop(busy)[1])
            if free:
                lane = heapq.heappop(free)
            else:
                lane, lanes = lanes, lanes + 1
            heapq.heappush(busy, (span.end, lane))
            out[span.uuid] = min(lane, MAX_LANES - 1)
        return out

    def sizeHint(self) -> QSize:
        return QSize(self.width(), 100)

    # --- painting ---
    def _y_range(self, start_utf16: int, end_utf16: int) -> tuple[int, int]:
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(start_utf16)
        top = self.text.cursorRect(cursor).top()
        cursor.setPosition(max(start_utf16, end_utf16 - 1))
        bottom = self.text.cursorRect(cursor).bottom()
        offset = self.text.viewport().y()
        return top + offset, bottom + offset

    def _visible_codepoints(self) -> tuple[int, int]:
        viewport = self.text.viewport()
        first = self.text.cursorForPosition(QPoint(0, 0)).position()
        last = self.text.cursorForPosition(QPoint(viewport.width(), viewport.height())).position()
        return first, last  # utf-16; callers compare with utf-16 too

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().window())
        self._painted = []
        self.memo_marks: list[QRect] = []  # where a coding with a memo shows its marker
        near, first, last = self._near_view()
        x0 = self._x0()
        painter.setPen(self.palette().placeholderText().color())
        for pos, label in self._timings:
            if first <= pos <= last:
                top, _bottom = self._y_range(pos, pos + 1)
                painter.drawText(QRect(2, top, x0 - 4, self.fontMetrics().height()),
                                 Qt.AlignmentFlag.AlignLeft, label)
        lane_of = self._lanes_for_view(near)
        for span in near:
            a, b = self._to_utf16(span.start), self._to_utf16(span.end)
            if b < first or a > last:
                continue
            top, bottom = self._y_range(a, b)
            lane = lane_of[span.uuid]
            rect = QRect(x0 + lane * LANE, top, LANE - 2, max(3, bottom - top))
            painter.fillRect(rect, QColor(span.colour).darker(115))
            if self._per_coder:
                painter.fillRect(QRect(rect.left(), rect.top(), 1, rect.height()),
                                 self._coder_colours.get(span.coder_uuid, QColor("black")))
            self._painted.append((rect, span))
            if span.memo:  # a memo on the coding: a note (yellow, outlined) at the top of its stripe
                mark = QRect(rect.left() - 1, rect.top(), LANE, max(6, min(10, rect.height())))
                painter.setPen(QColor("#5D4037"))
                painter.setBrush(QColor("#FFD54F"))
                painter.drawRect(mark.adjusted(0, 0, -1, -1))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                self.memo_marks.append(mark)
        painter.end()

    def event(self, event) -> bool:
        if event.type() == event.Type.ToolTip:
            hits = [span for rect, span in self._painted if rect.adjusted(-1, 0, 1, 0).contains(event.pos())]
            if hits:
                QToolTip.showText(event.globalPos(), "\n".join(
                    f"{h.code_path.replace('/', ' › ')}" + (f" — {h.coder}" if self._per_coder else "")
                    + (f"\n    memo: {h.memo[:200]}" if h.memo else "") for h in hits), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)
