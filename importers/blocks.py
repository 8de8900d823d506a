"""Documents as blocks (paragraphs, headings, table rows) and how blocks become
a source: stored text plus sections — or speaker turns, when the document is a
transcript (``Name:`` paragraphs, or a speaker/text table)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from coding.sources import SectionSpec
from importers.transcripts.model import Transcript, Turn, merge_consecutive

_LABEL = re.compile(r"^\s*(?P<name>[^\W\d_][\w.'’()\- ]{0,39}?)\s*:\s+(?=\S)")
_TIME = re.compile(r"^\(?\[?\d{1,2}:\d{2}(:\d{2})?(\.\d+)?\]?\)?$")


@dataclass
class Block:
    text: str
    kind: str = "paragraph"  # paragraph, heading, row
    bold_label: Optional[str] = None  # a bold "Name:" run opening the paragraph (docx)
    cells: list[str] = field(default_factory=list)  # table rows


def _label(text: str) -> Optional[re.Match]:
    m = _LABEL.match(text)
    return m if m and len(m.group("name").split()) <= 5 else None


def as_transcript(blocks: list[Block], fmt: str) -> Optional[Transcript]:
    """Turns, if the blocks read as a transcript; else None."""
    rows = [b for b in blocks if b.kind == "row" and len(b.cells) in (2, 3)]
    if len(rows) >= 3 and len(rows) * 2 >= len([b for b in blocks if b.text.strip()]):
        turns = _table_turns(rows)
        if turns:
            return Transcript(f"{fmt}-table", turns, cue_count=len(turns))
    teams = _teams_turns(blocks)
    if teams is not None:
        return Transcript(f"{fmt}-teams", merge_consecutive(teams), cue_count=len(teams))
    body = [b for b in blocks if (b.text.strip() if b.kind != "row" else any(c.strip() for c in b.cells))]
    paragraphs = [b for b in body if b.kind == "paragraph"]
    labelled = [b for b in paragraphs if b.bold_label or _label(b.text)]
    if len(labelled) >= 2 and len(labelled) * 2 >= len(paragraphs):
        turns: list[Turn] = []
        for i, b in enumerate(body):
            if b.kind == "heading":  # kept as a passage of its own (no speaker), never dropped
                turns.append(Turn(None, b.text.strip(), line=i + 1))
                continue
            if b.kind == "row":  # a speaker | text row is a turn; any other row a passage of its own
                turns.append(_row_turn(b, i + 1))
                continue
            beside_table = any(0 <= j < len(body) and body[j].kind == "row" for j in (i - 1, i + 1))
            name = b.bold_label
            speech = b.text
            if name:
                speech = b.text[b.text.find(name) + len(name):].lstrip(" :\t")
            elif (m := _label(b.text)) is not None:
                name, speech = m.group("name").strip(), b.text[m.end():]
            if name is None and turns and not beside_table and turns[-1].speaker is not None:
                turns[-1].text += "\n" + speech.strip()  # a paragraph continuing the previous turn
                continue
            turns.append(Turn(name.rstrip(":").strip() if name else None, speech.strip(), line=i + 1))
        return Transcript(f"{fmt}-turns", [t for t in turns if t.text], cue_count=len(turns))
    return None


_TEAMS_LINE = re.compile(r"^(?P<name>\S.{0,59}?)(?:[ \t]{2,}|\t)(?P<time>(?:\d{1,2}:)?\d{1,2}:\d{2})\s*$")


def _teams_turns(blocks: list[Block]) -> Optional[list[Turn]]:
    """Microsoft Teams' own .docx transcript: a paragraph with the speaker's
    name and the time ("Ana Souza   0:03"), then what they said; None when
    the document is not laid out so."""
    paragraphs = [b for b in blocks if b.text.strip()]
    heads = [i for i, b in enumerate(paragraphs) if _TEAMS_LINE.match(b.text.strip())]
    if len(heads) < 2 or len(heads) * 2 < len(paragraphs) * 0.8:
        return None
    turns: list[Turn] = []
    for i, b in enumerate(paragraphs):
        m = _TEAMS_LINE.match(b.text.strip())
        if m is not None:
            parts = [int(x) for x in m.group("time").split(":")]
            seconds = parts[-1] + 60 * parts[-2] + (3600 * parts[-3] if len(parts) == 3 else 0)
            turns.append(Turn(m.group("name").strip(), "", start_ms=seconds * 1000, line=i + 1))
        elif turns:
            turns[-1].text = (turns[-1].text + "\n" + b.text.strip()).strip()
        else:  # a title or note before the first turn: a passage of its own
            turns.append(Turn(None, b.text.strip(), line=i + 1))
    return [t for t in turns if t.text] if all(t.text for t in turns if t.speaker) else None


def _row_turn(row: Block, line: int) -> Turn:
    """A table row amid a ``Name:`` transcript: speaker | text (| time) as a
    turn, any other row as a passage without a speaker, every cell kept."""
    cells = [c.strip() for c in row.cells]
    rest = [c for c in cells if c and not _TIME.match(c)]
    if len(rest) == 2 and len(rest[0]) <= 60 and len(rest[0].split()) <= 5 and not rest[0].endswith("."):
        return Turn(rest[0].rstrip(":").strip(), rest[1], line=line)
    return Turn(None, " | ".join(c for c in cells if c), line=line)


def _table_turns(rows: list[Block]) -> list[Turn]:
    """A table of speaker | text (or speaker | time | text, time | speaker | text)."""
    turns = []
    for i, row in enumerate(rows):
        cells = [c.strip() for c in row.cells]
        times = [j for j, c in enumerate(cells) if _TIME.match(c)]
        rest = [c for j, c in enumerate(cells) if j not in times]
        if len(rest) != 2:
            return []
        speaker, speech = rest
        if i == 0 and speaker.lower() in ("speaker", "name", "person", "who"):
            continue  # a header row
        if len(speaker) > 60 or not speech:
            return [] if len(speaker) > 60 else turns
        turns.append(Turn(speaker or None, speech, line=i + 1))
    return turns


def as_text(blocks: list[Block]) -> tuple[str, list[SectionSpec], list[list[int]]]:
    """Stored text (blocks separated by blank lines, table cells by ' | '),
    one paragraph section per non-heading block, and the heading spans."""
    parts, sections, headings, pos = [], [], [], 0
    for b in blocks:
        text = (" | ".join(c.strip() for c in b.cells) if b.kind == "row" else b.text).strip()
        if not text:
            continue
        if parts:
            parts.append("\n\n")
            pos += 2
        parts.append(text)
        if b.kind == "heading":
            headings.append([pos, pos + len(text)])
        else:
            sections.append(SectionSpec(start=pos, end=pos + len(text), kind="paragraph"))
        pos += len(text)
    return "".join(parts), sections, headings
