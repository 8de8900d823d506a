"""Fuzzy matching for the quick-code palette: the letters typed must appear
in order in the code's path; matches at word starts and runs of letters
score higher, so "tp" finds "Time pressure" and "conf" finds "Confidence".

(String-similarity libraries such as rapidfuzz score edit distance, which
ranks initials and in-order fragments poorly; this is the palette's rule.)
"""
from __future__ import annotations

from typing import Optional


def score(query: str, candidate: str) -> Optional[float]:
    """Higher is better; None when ``query``'s letters are not all in
    ``candidate`` in order.  The last path part (the code's own name) weighs most."""
    q = "".join(query.lower().split())
    if not q:
        return 0.0
    text = candidate.lower()
    leaf_start = text.rfind("/") + 1
    total, pos, run = 0.0, 0, 0
    for ch in q:
        found = text.find(ch, pos)
        if found < 0:
            return None
        boundary = found == 0 or not text[found - 1].isalnum()
        run = run + 1 if found == pos and total else 1
        total += 1 + (3 if boundary else 0) + run + (2 if found >= leaf_start else 0)
        pos = found + 1
    return total - 0.01 * len(text)


def rank(query: str, candidates: list[str]) -> list[int]:
    """Indices of the matching candidates, best first."""
    scored = [(s, i) for i, c in enumerate(candidates) if (s := score(query, c)) is not None]
    return [i for _s, i in sorted(scored, key=lambda t: (-t[0], t[1]))]
