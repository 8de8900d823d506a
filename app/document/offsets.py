"""Code points (the core's offsets) <-> UTF-16 units (Qt's positions).

Python indexes strings by code point; QString by UTF-16 unit, so every
character outside the Basic Multilingual Plane (emoji, some CJK) counts once
in the core and twice in Qt.  The GUI converts here, at its boundary, and
nowhere else.
"""
from __future__ import annotations

import bisect
import re

_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


class OffsetMap:
    """Converts offsets for one text in O(log n) after O(n) set-up."""

    def __init__(self, text: str):
        # Code-point indices of astral characters, in order.
        self._astral = [] if text.isascii() else [m.start() for m in _ASTRAL.finditer(text)]
        self._length = len(text)

    def to_utf16(self, codepoint: int) -> int:
        """UTF-16 position of code-point offset ``codepoint``."""
        return codepoint + bisect.bisect_left(self._astral, codepoint)

    def to_codepoint(self, utf16: int) -> int:
        """Code-point offset of UTF-16 position ``utf16`` (a position inside a
        surrogate pair maps to the start of its character)."""
        lo, hi = 0, self._length
        while lo < hi:  # smallest cp with to_utf16(cp) > utf16, minus one
            mid = (lo + hi) // 2
            if self.to_utf16(mid) <= utf16:
                lo = mid + 1
            else:
                hi = mid
        return max(0, lo - 1) if utf16 < self.to_utf16(self._length) else self._length

    @property
    def is_trivial(self) -> bool:
        return not self._astral
