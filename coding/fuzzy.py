"""Fuzzy matching for the quick-code palette: the letters typed must appear
in order in the code's path; matches at word starts and runs of letters
score higher, so "tp" finds "Time pressure" and "conf" finds "Confidence".

(String-similarity libraries such as rapidfuzz score edit distance, which
ranks initials and in-order fragments poorly; this is the palette's rule.)
"""
from __future__ import annotations

from typing import Optional


def _match(q: str, text: str) -> Optional[float]:
    """Letters of ``q`` in order in ``text``: each continues the run when it
    can, else is taken at the next word start, else at its next occurrence."""
    total, pos, prev = 0.0, 0, -2
    starts = [i for i in range(len(text)) if i == 0 or not text[i - 1].isalnum()]
    for ch in q:
        if prev >= 0 and pos < len(text) and text[pos] == ch:
            found = pos
        else:
            found = next((i for i in starts if i >= pos and text[i] == ch), -1)
        boundary = found >= 0 and found in starts
        if found < 0:
            found = text.find(ch, pos)
            if found < 0:
                return None
        total += 1 + (3 if boundary else 0) + (2 if found == prev + 1 else 0)
        prev, pos = found, found + 1
    return total


def score(query: str, candidate: str) -> Optional[float]:
    """Higher is better; None when ``query``'s letters are not all in
    ``candidate`` in order.  A match inside the code's own name (the last
    part of its path) beats one spread over its parents."""
    q = "".join(query.lower().split())
    if not q:
        return 0.0
    text = candidate.lower()
    leaf = text[text.rfind("/") + 1:]
    in_leaf = _match(q, leaf)
    if in_leaf is not None:
        return 100 + in_leaf - 0.01 * len(leaf)
    anywhere = _match(q, text)
    return None if anywhere is None else anywhere - 0.01 * len(text)


def rank(query: str, candidates: list[str]) -> list[int]:
    """Indices of the matching candidates, best first."""
    scored = [(s, i) for i, c in enumerate(candidates) if (s := score(query, c)) is not None]
    return [i for _s, i in sorted(scored, key=lambda t: (-t[0], t[1]))]
