"""Every speed and memory target an issue set, at the size it names, and
where it was set.  A figure is checked against the target at its own size;
a size no issue named has no target (shown "—")."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional


@dataclass(frozen=True)
class Target:
    limit: float          # seconds, or MB for memory
    issue: int
    what: str             # the issue's words, shortened

    def holds(self, value: Optional[float]) -> Optional[bool]:
        return None if value is None else value <= self.limit


# (row, size) -> target on the time; MEMORY: (row, size) -> target on the peak memory
TIME = {
    ("import-vtt", "large"): Target(60, 3, "1,000 transcripts of about 60 KB in under 60 s"),
    ("import-srt", "large"): Target(60, 3, "1,000 transcripts of about 60 KB in under 60 s"),
    ("import-survey-csv", "large"): Target(20, 3, "a 10,000-respondent survey, 5 free-text questions, under 20 s"),
    ("import-survey-xlsx", "large"): Target(20, 3, "a 10,000-respondent survey, 5 free-text questions, under 20 s"),
    ("codings-import", "medium"): Target(2, 13, "tandem codings import of 36,000 codings under 2 s"),
    ("codings-import", "large"): Target(8, 13, "144,000 codings under 8 s and 300 MB"),
    ("gui-switch", "large"): Target(0.5, 5, "a 1 MB transcript with 5,000 codings: first paint under 500 ms"),
    ("gui-apply-p95", "large"): Target(0.05, 5, "applying a code under 50 ms at the 95th percentile, 100,000 codings"),
    ("agree-char", "small"): Target(0.5, 12, "tandem agree --unit char end to end, 5 sources ≤ 0.5 s"),
    ("agree-char", "medium"): Target(0.6, 12, "200 sources ≤ 0.6 s"),
    ("agree-char", "large"): Target(1.0, 12, "800 sources ≤ 1.0 s"),
    ("agree-char-compute", "medium"): Target(0.3, 4, "every coefficient of every code at the char unit: "
                                                     "under 0.3 s of computation, 200 sources"),
    ("agree-unitized", "medium"): Target(3, 4, "unitized on the 200-source project under 3 s"),
    ("review-queue", "large"): Target(1, 9, "a queue of 5,000 discrepancies opens in under 1 s at 100,000 codings"),
    ("review-decide", "large"): Target(0.05, 9, "a decision stored in under 50 ms at 100,000 codings"),
    ("theme-table", "large"): Target(2, 10, "a table of 50 themes with 5 quotes each in under 2 s"),
    ("refi-export", "medium"): Target(10, 14, "200 sources, 36,000 codings export in under 10 s"),
    ("refi-import", "medium"): Target(10, 14, "and re-import in under 10 s"),
}
MEMORY = {
    ("codings-import", "large"): Target(300, 13, "144,000 codings under 8 s and 300 MB"),
}


def verdict(ok: Optional[bool]) -> str:
    return "" if ok is None else ("PASS" if ok else "MISS")
