"""Otter.ai text export (format "otter")::

    Weekly sync                      <- optional title and date lines
    Thu, 3/2 10:45AM • 32:14

    Jo Bloggs  0:03
    So shall we start?

    Speaker 2  1:02:10
    Yes.

    Transcribed by https://otter.ai  <- optional footer

A speaker line is a name, two or more spaces (or a tab) and an elapsed time
``M:SS``, ``MM:SS`` or ``H:MM:SS``; when speaker labels are switched off
Otter writes the time alone.  A single space before the time is accepted
too, but because a sentence such as "See you at 10:30" has that shape, such
a line counts only if the name looks like a name (capitalised words,
"Speaker 2") and its time is not earlier than the previous speaker line:
Otter's times only grow.  ``start_ms`` is that elapsed time, ``end_ms`` is
None.  Header and footer are left out with a note quoting them.
"""
from __future__ import annotations

import re
from typing import Optional

from importers.transcripts._common import (
    MAX_LABEL_CHARS, MAX_LABEL_WORDS, failure, join_speech, name_like, require_speech, speaker_notes,
    split_lines,
)
from importers.transcripts.model import Transcript, Turn

_LINE = re.compile(
    r"^(?:(?P<name>[^\W\d_][\w.'’,()&\- ]*?)(?P<gap>[ \t]+))?"
    r"(?P<time>\d{1,2}:\d{2}(?::\d{2})?)[ \t]*$")
_FOOTER = re.compile(r"^\s*transcribed by\s+(?:https?://)?(?:www\.)?otter\.ai", re.IGNORECASE)


def elapsed_ms(value: str) -> int:
    """Milliseconds for ``M:SS`` or ``H:MM:SS``."""
    parts = [int(p) for p in value.split(":")]
    if len(parts) == 2:
        parts.insert(0, 0)
    h, m, s = parts
    return ((h * 60 + m) * 60 + s) * 1000


def speaker_line(line: str, last_ms: int) -> Optional[tuple[Optional[str], int]]:
    """(name or None, elapsed ms) if ``line`` opens an Otter block."""
    m = _LINE.match(line.rstrip())
    if m is None:
        return None
    ms = elapsed_ms(m.group("time"))
    name = (m.group("name") or "").strip() or None
    if name is None:  # speaker labels off: the time alone, which must not go back
        return (None, ms) if ms >= last_ms else None
    if len(name) > MAX_LABEL_CHARS or len(name.split()) > MAX_LABEL_WORDS or name[-1] in ",;:":
        return None
    gap = m.group("gap")
    if "\t" in gap or len(gap) >= 2:
        return name, ms
    if name_like(name) and ms >= last_ms:
        return name, ms
    return None


def parse_otter(text: str, name: str) -> Transcript:
    """Parse an Otter.ai text export into a ``Transcript`` (format "otter").

    Speech runs from a speaker line to the next; its line breaks are kept.
    Raises ``ImportFailed`` when no speaker line is found.
    """
    lines = split_lines(text)
    last = len(lines)
    while last and not lines[last - 1].strip():
        last -= 1
    notes: list[str] = []
    if last and _FOOTER.match(lines[last - 1]):
        notes.append(f"the footer {lines[last - 1].strip()!r} was left out")
        last -= 1
    turns: list[Turn] = []
    bodies: list[list[str]] = []
    header: list[str] = []
    last_ms = 0
    for n, line in enumerate(lines[:last], start=1):
        found = speaker_line(line, last_ms)
        if found is not None and (found[0] is not None or not line[:1].isspace()):
            who, last_ms = found[0], max(last_ms, found[1])
            turns.append(Turn(who, "", found[1], None, n))
            bodies.append([])
        elif turns:
            bodies[-1].append(line)
        elif line.strip():
            header.append(line.strip())
    if not turns:
        raise failure(name, 1, "no Otter speaker lines found",
                      "an Otter export has a line such as 'Jo Bloggs  0:03' (name, two spaces, "
                      "time) before each stretch of speech, so choose another format if this is not one")
    for turn, body in zip(turns, bodies):
        turn.text = join_speech(body)
    cues = len(turns)
    kept = [t for t in turns if t.text]
    require_speech(kept, name, turns[0].line, cues, "speaker line(s)")
    if header:
        shown = " / ".join(header)
        shown = shown if len(shown) <= 80 else shown[:79] + "…"
        notes.insert(0, f"{len(header)} header line(s) before the first speaker were left out: {shown}")
    if len(kept) < cues:
        notes.append(f"{cues - len(kept)} speaker line(s) have no speech after them")
    notes += speaker_notes(kept, 0, "block")
    return Transcript("otter", kept, cue_count=cues, timing_lines=None, notes=notes)
