"""Plain text and Markdown: a whole document, or speaker turns when the text
is written as ``Name: speech`` paragraphs (focus groups and interviews)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from coding.sources import SectionSpec

# A speaker label: up to six words of letters (with . ' ’ - and brackets), then ": ".
_LABEL = re.compile(r"^(?P<name>[^\W\d_][\w.'’()\- ]{0,59}?)\s*:[ \t]+(?=\S)", re.UNICODE)
_MAX_LABEL_WORDS = 6


@dataclass
class ParsedText:
    text: str
    sections: list[SectionSpec] = field(default_factory=list)
    speakers: list[str] = field(default_factory=list)


def _label(line: str) -> Optional[re.Match]:
    m = _LABEL.match(line)
    if m and len(m.group("name").split()) <= _MAX_LABEL_WORDS:
        return m
    return None


def parse_turns(text: str) -> ParsedText:
    """Find ``Name: speech`` turns in normalised text.

    A turn starts at a line with a speaker label and runs until the next such
    line; its section spans the speech (the label is left out), trimmed of
    surrounding blank space.  Text is kept exactly as given.  When fewer than
    half of the non-empty paragraphs start with a label, the text is not a
    transcript and no turns are made.
    """
    lines = text.split("\n")
    offsets, pos = [], 0
    for line in lines:
        offsets.append(pos)
        pos += len(line) + 1
    starts = [(i, m) for i, line in enumerate(lines) if (m := _label(line))]
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    if len(starts) < 2 or len(starts) * 2 < len(paragraphs):
        return ParsedText(text)
    sections, speakers = [], []
    for k, (i, m) in enumerate(starts):
        begin = offsets[i] + m.end()
        stop = offsets[starts[k + 1][0]] if k + 1 < len(starts) else len(text)
        speech = text[begin:stop]
        end = begin + len(speech.rstrip())
        if end <= begin:
            continue
        name = m.group("name").strip()
        if name not in speakers:
            speakers.append(name)
        sections.append(SectionSpec(start=begin, end=end, kind="turn", speaker=name))
    return ParsedText(text, sections, speakers)


def parse_paragraphs(text: str, kind: str = "paragraph") -> list[SectionSpec]:
    """One section per non-empty paragraph (text between blank lines)."""
    sections = []
    for m in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]*)*", text):
        chunk = m.group(0)
        start = m.start() + (len(chunk) - len(chunk.lstrip()))
        end = m.start() + len(chunk.rstrip())
        if end > start:
            sections.append(SectionSpec(start=start, end=end, kind=kind))
    return sections
