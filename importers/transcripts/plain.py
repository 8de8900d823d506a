"""Plain-text transcripts without timings.

* "plain-turns": ``Name: speech`` — typed interview and focus-group
  transcripts.  A turn runs on over the following lines, and over blank
  lines, until the next line that opens with a speaker label.  Markdown bold
  labels (``**Jo:** text``, ``**Jo**: text``) are read as plain labels.
* "bracket-turns": ``[id] speech`` blocks separated by blank lines, as in
  QualCoder's example transcripts; the bracket content is the speaker.

Speech keeps its line breaks; ``start_ms``/``end_ms`` are None and
``timing_lines`` is None (there is nothing to count independently).
"""
from __future__ import annotations

import re

from importers.transcripts._common import (
    MAX_LABEL_CHARS, accept_labels, failure, find_label, join_speech, preamble_turn, require_speech,
    split_lines,
)
from importers.transcripts.model import Transcript, Turn

_MD_BOLD = re.compile(r"^\s*(\*\*|__)(?P<name>[^*_\n:]{1,40}?)\s*(?::\s*\1|\1\s*:)(?=\s|$)")
_BRACKET = re.compile(r"^\[(?P<id>[^\[\]]+)\](?:[ \t]+(?P<rest>.*))?$")
_TIMESTAMP = re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?$")


def unbold(line: str) -> str:
    """``**Jo:** text`` / ``__Jo__: text`` -> ``Jo: text`` (Markdown exports)."""
    return _MD_BOLD.sub(lambda m: m.group("name").strip() + ":", line, count=1)


def parse_plain_turns(text: str, name: str) -> Transcript:
    """Parse ``Name: speech`` text into a ``Transcript`` (format "plain-turns").

    Which labels are speakers is decided over the whole file by
    ``accept_labels`` (so "Note: ..." inside a turn stays speech).  Text
    before the first turn is kept as an unnamed turn with a note.
    """
    lines = [unbold(line) for line in split_lines(text)]
    labels = [find_label(line.lstrip(), dashes=False) for line in lines]
    openers = sum(1 for i, line in enumerate(lines)
                  if line.strip() and (i == 0 or not lines[i - 1].strip() or labels[i]))
    accepted = accept_labels([lb.name for lb in labels if lb], max(openers, 1))
    turns: list[Turn] = []
    bodies: list[list[str]] = []
    before: list[str] = []
    for n, (line, label) in enumerate(zip(lines, labels), start=1):
        if label is not None and label.name in accepted:
            turns.append(Turn(label.name, "", None, None, n))
            bodies.append([label.rest])
        elif turns:
            bodies[-1].append(line)
        else:
            before.append(line)
    if not turns:
        raise failure(name, 1, "no 'Name: speech' turns found",
                      "start each turn with the speaker's name and a colon, e.g. 'Jo: I think…', "
                      "or import the file as a plain document")
    for turn, body in zip(turns, bodies):
        turn.text = join_speech(body)
    cues = len(turns)
    lead, notes = preamble_turn(before, 1, "speaker label")
    kept = [t for t in turns if t.text]
    require_speech(kept, name, turns[0].line, cues, "speaker label(s)")
    if len(kept) < cues:
        notes.append(f"{cues - len(kept)} speaker label(s) have no speech after them")
    return Transcript("plain-turns", lead + kept, cue_count=cues, timing_lines=None, notes=notes)


def bracket_id(line: str) -> tuple[str, str] | None:
    """(id, rest) for ``[id] text``; a bracketed time such as ``[00:01:02]``
    is a timestamp, not a speaker, and long bracket text is an aside."""
    m = _BRACKET.match(line.strip())
    if m is None:
        return None
    ident = m.group("id").strip()
    if not ident or len(ident) > MAX_LABEL_CHARS or _TIMESTAMP.match(ident):
        return None
    return ident, m.group("rest") or ""


def parse_bracket_turns(text: str, name: str) -> Transcript:
    """Parse ``[id] speech`` blocks into a ``Transcript`` (format "bracket-turns").

    A block (lines between blank lines) that opens with ``[id]`` is a turn
    by ``id``; a block that does not continues the turn before it as a new
    paragraph.  Inside a block, a line opening with an ``[id]`` that also
    opens some block starts a new turn (files where the blank lines were
    lost); when the whole file is one block, every ``[id]`` line does.
    """
    lines = split_lines(text)
    starts = {i for i, line in enumerate(lines)
              if line.strip() and (i == 0 or not lines[i - 1].strip())}
    found = [bracket_id(line) for line in lines]
    block_ids = {f[0] for i, f in enumerate(found) if f and i in starts}
    one_block = len(starts) <= 1
    turns: list[Turn] = []
    bodies: list[list[str]] = []
    before: list[str] = []
    for i, (line, hit) in enumerate(zip(lines, found)):
        if hit is not None and (i in starts or hit[0] in block_ids or one_block):
            turns.append(Turn(hit[0], "", None, None, i + 1))
            bodies.append([hit[1]])
        elif turns:
            bodies[-1].append(line)
        else:
            before.append(line)
    if not turns:
        raise failure(name, 1, "no '[id] speech' blocks found",
                      "start each turn with the speaker's id in square brackets, e.g. '[id1] I "
                      "think…', with a blank line between turns")
    for turn, body in zip(turns, bodies):
        turn.text = join_speech(body)
    cues = len(turns)
    lead, notes = preamble_turn(before, 1, "'[id]' block")
    kept = [t for t in turns if t.text]
    require_speech(kept, name, turns[0].line, cues, "'[id]' label(s)")
    if len(kept) < cues:
        notes.append(f"{cues - len(kept)} '[id]' label(s) have no speech after them")
    return Transcript("bracket-turns", lead + kept, cue_count=cues, timing_lines=None, notes=notes)
