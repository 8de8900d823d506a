"""Selections' positions in a REFI-QDA file, mapped onto Tandem's stored text.

A REFI-QDA position counts Unicode code points over a source's plain text as
the file stores it (a byte-order mark excluded).  NVivo counts UTF-16 code
units instead (an emoji is two), over the same text with its CRLF line ends
counting two.  Tandem stores the text normalised (NFC, LF line ends:
``coding.text.normalise``), so each position is carried through three steps:
UTF-16 units to code points (when the file counts units), past each CR of a
CRLF, and through any NFC composition.  A position that falls inside a
surrogate pair or beyond the text maps to None.

``claim`` and ``lands`` check a selection against the text it says it
selects (its ``name``, when the tool writes the selected text there, often
cut short with "…").
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from typing import Optional

from coding.text import normalise

CODE_POINTS, UTF16 = "code points", "UTF-16 units"
_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")  # characters UTF-16 writes as two units
ELLIPSES = ("…", "...")


class TextPositions:
    """Maps positions over ``raw`` (the decoded text as the file stores it,
    without a byte-order mark) to offsets into ``normalise(raw)``."""

    def __init__(self, raw: str):
        self.raw = raw
        self.stored = normalise(raw)
        self.length = {CODE_POINTS: len(raw)}
        astral = [m.start() for m in _ASTRAL.finditer(raw)] if not raw.isascii() else []
        self._astral_units = [k + j for j, k in enumerate(astral)]  # where each one starts, in UTF-16 units
        self.length[UTF16] = len(raw) + len(astral)
        self._crs = []  # code point index of each CR followed by LF
        start = raw.find("\r\n")
        while start >= 0:
            self._crs.append(start)
            start = raw.find("\r\n", start + 2)
        lf_text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
        self._segments: Optional[tuple[list[int], list[int]]] = None
        if lf_text != self.stored:
            self._segments = _nfc_segments(lf_text)

    def to_stored(self, position: int, units: str, end: bool = False) -> Optional[int]:
        """The stored offset of ``position`` (None: outside the text, or in
        the middle of a character)."""
        if position < 0 or position > self.length[units]:
            return None
        cp = position
        if units == UTF16 and self._astral_units:
            i = bisect.bisect_left(self._astral_units, position - 1)
            if i < len(self._astral_units) and self._astral_units[i] == position - 1:
                return None  # between the two halves of a surrogate pair
            cp = position - bisect.bisect_right(self._astral_units, position - 2)
        lf = cp - bisect.bisect_left(self._crs, cp)
        if self._segments is None:
            return lf
        raw_starts, nfc_starts = self._segments
        i = bisect.bisect_right(raw_starts, lf) - 1
        if raw_starts[i] == lf:
            return nfc_starts[i]
        return nfc_starts[i + 1] if end else nfc_starts[i]  # inside a composed character: take it whole

    def span(self, start: int, end: int, units: str) -> Optional[tuple[int, int]]:
        a, b = self.to_stored(start, units), self.to_stored(end, units, end=True)
        if a is None or b is None or a >= b:
            return None
        return a, b


def _nfc_segments(text: str) -> tuple[list[int], list[int]]:
    """Boundaries at which NFC may be applied piece by piece: before each
    character that is a starter and does not compose with the one before.
    Returns the boundaries in ``text`` and in its NFC form (with the ends)."""
    raw_starts, nfc_starts, pieces = [0], [0], []
    start, produced = 0, 0
    for i in range(1, len(text) + 1):
        if i < len(text):
            ch = text[i]
            pair = text[i - 1:i + 1]
            if unicodedata.combining(ch) or unicodedata.normalize("NFC", pair) != pair:
                continue
        piece = unicodedata.normalize("NFC", text[start:i])
        pieces.append(piece)
        produced += len(piece)
        raw_starts.append(i)
        nfc_starts.append(produced)
        start = i
    if "".join(pieces) != unicodedata.normalize("NFC", text):  # never seen; map to the nearest whole piece
        return [0, len(text)], [0, len(unicodedata.normalize("NFC", text))]
    return raw_starts, nfc_starts


def _collapse(text: str) -> str:
    return " ".join(text.split())


def claim(name: str) -> Optional[tuple[str, bool]]:
    """(the text a selection's name says it selects, whether it is cut
    short), or None when the name is empty."""
    text = _collapse(unicodedata.normalize("NFC", name or ""))
    if not text:
        return None
    for mark in ELLIPSES:
        if text.endswith(mark) and len(text) > len(mark):
            return text[:-len(mark)].rstrip(), True
    return text, False


def lands(stored: str, start: int, end: int, claimed: tuple[str, bool]) -> bool:
    """Does ``stored[start:end]`` read as the claimed text?"""
    words, short = claimed
    found = _collapse(stored[start:end])
    if short:
        return found.startswith(words)
    return found == words or (found.startswith(words) and len(words) >= 80)  # a tool that cut it without "…"


def occurs(stored_collapsed: str, claimed: tuple[str, bool]) -> bool:
    """Is the claimed text somewhere in the source (whitespace collapsed)?
    When it is not, the name is a label ("Quotation 6:1", "line:8"), not
    the text, and cannot be checked."""
    return claimed[0] in stored_collapsed


def nearest(stored: str, start: int, end: int, claimed: tuple[str, bool]) -> Optional[tuple[int, int]]:
    """The occurrence of the claimed text nearest to ``start`` (a span of the
    claimed length, or of ``end - start`` when the claim is cut short)."""
    words, short = claimed
    if len(words) < 12:  # short words occur anywhere: too weak to move a selection by
        return None
    best = None
    first = words.split()[0]
    pos = stored.find(first)
    while pos >= 0:
        limit = pos + max(len(words) * 2, end - start + 1)
        if _collapse(stored[pos:limit]).startswith(words):
            length = (end - start) if short else _length_of(stored, pos, words)
            if best is None or abs(pos - start) < abs(best[0] - start):
                best = (pos, min(len(stored), pos + length))
        pos = stored.find(first, pos + 1)
    return best


def _length_of(stored: str, pos: int, words: str) -> int:
    """How many characters from ``pos`` hold ``words`` (whitespace as stored)."""
    i, seen = pos, 0
    target = len(words)
    while i < len(stored) and len(_collapse(stored[pos:i + 1])) < target:
        i += 1
        seen += 1
    return i + 1 - pos
