"""The codings shown on a document, in text order, with the lookup both the
text's highlights and the margin's stripes need: which of them can reach a
range of the text.  Built once per change and shared by both."""
from __future__ import annotations

import bisect

from coding.views import CodingSpan


class ShownLayer:
    def __init__(self, spans: list[CodingSpan] = ()):
        self.spans = sorted(spans, key=lambda c: (c.start, c.end))
        self._starts = [c.start for c in self.spans]
        self._longest = max((c.end - c.start for c in self.spans), default=0)
        self.per_coder = len({c.coder_uuid for c in self.spans}) > 1

    def __len__(self) -> int:
        return len(self.spans)

    def near(self, first: int, last: int) -> list[CodingSpan]:
        """Spans that may overlap code points [first, last]: those starting
        before ``last`` and at most the longest coding before ``first``
        (callers drop the few that end before ``first``)."""
        lo = bisect.bisect_left(self._starts, first - self._longest)
        hi = bisect.bisect_right(self._starts, last)
        return self.spans[lo:hi]
