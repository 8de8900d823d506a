"""Plain text that is not a transcript: one section per paragraph."""
from __future__ import annotations

import re

from coding.sources import SectionSpec


def parse_paragraphs(text: str, kind: str = "paragraph") -> list[SectionSpec]:
    """One section per non-empty paragraph (text between blank lines), trimmed."""
    sections = []
    for m in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]*)*", text):
        chunk = m.group(0)
        start = m.start() + (len(chunk) - len(chunk.lstrip()))
        end = m.start() + len(chunk.rstrip())
        if end > start:
            sections.append(SectionSpec(start=start, end=end, kind=kind))
    return sections
