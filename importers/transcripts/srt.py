"""SubRip (.srt) subtitles -> one turn per cue (or per speaker line in a cue).

The block structure is read by the ``srt`` package (PyPI), which copes with
missing final blank lines, blank lines inside subtitle text, dot or comma
decimal marks and a missing index.  Around it:

* every ``-->`` line is checked first, because the package accepts any
  separator anywhere and would read a short ``00:01,000`` as one minute;
* its exceptions become ``ImportFailed`` with the line number, and text it
  folded into a subtitle (a broken number line above a timing line, a
  number line with no timing line) is reported rather than imported;
* the independent ``-->`` count (``check_complete``) guards against cues it
  might still skip.

Speakers are ``Name: text``, ``[Name] text``, ``- Name: text``, ``>> Name:
text`` or a ``<v Name>`` tag left by a VTT conversion, at the start of a
subtitle line (accepted per file by ``accept_labels``); otherwise
``speaker=None`` and a note says so.  Wrapped lines are joined with spaces;
``<i>``/``<font>`` tags and ``{\\an8}`` codes are removed.  The fraction after
the comma is read as the ``srt`` package reads it: a whole number of
milliseconds (``,5`` = 5 ms; real files always write three digits).
"""
from __future__ import annotations

import re
from datetime import timedelta
from typing import Optional

import srt as srtlib

from importers.transcripts._common import (
    VOICE, accept_labels, carry_speakers, clean_markup, count_timing_lines, failure, find_label, quote,
    speaker_notes, split_lines, squash,
)
from importers.transcripts.model import Transcript, Turn

TIMING_FIX = "expected HH:MM:SS,mmm --> HH:MM:SS,mmm, e.g. 00:01:02,500 --> 00:01:05,000"
_INDEX = re.compile(r"^\s*\d+\s*$")
_MS = timedelta(milliseconds=1)
# Checked before the package sees the text: it takes any of , . : as any
# separator, so it would silently read a short "00:01,000" as one minute.
_STAMP = r"\d+:\d{1,2}:\d{1,2}[,.]\d*"
_TIMING = re.compile(rf"^\s*{_STAMP}\s*-->\s*{_STAMP}(?:\s.*)?$")


def _line_at(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _diagnose(body: str, lines: list[str], name: str, start: int, stop: int) -> Exception:
    """Turn the ``srt`` package's "unmatched content" span into a message
    about the first line in it that breaks the SubRip layout."""
    first = _line_at(body, start)
    span = [(n, lines[n - 1]) for n in range(first, _line_at(body, max(stop - 1, start)) + 1)
            if n - 1 < len(lines) and lines[n - 1].strip()]
    for n, line in span:
        if "-->" in line:
            return failure(name, n, f"{quote(line)} is not a valid timing line", TIMING_FIX)
    if not span:  # the package stopped on blank space only
        return failure(name, first, "the subtitle layout is broken here",
                       "each block is a number line, a timing line and the text, "
                       "with a blank line between blocks")
    n, line = span[0]
    following = lines[n] if n < len(lines) else ""
    if "-->" in following and not _INDEX.match(line):
        return failure(name, n, f"{quote(line)} is not a valid subtitle number",
                       "the line above a timing line must be a whole number such as 12")
    return failure(name, n, f"{quote(line)} is not part of any subtitle block",
                   "remove the stray text, or add a number line and a timing line before it "
                   "(each block is a number line, a timing line and the text)")


def _speaker_lines(content: str) -> list[tuple[Optional[str], list[str], int]]:
    """Split subtitle text at lines that open with a candidate label:
    (label or None, [lines], line offset in the cue)."""
    parts: list[tuple[Optional[str], list[str], int]] = []
    for i, raw in enumerate(content.split("\n")):
        voice = VOICE.match(raw.lstrip())
        if voice and voice.group("name"):  # <v Name> from a VTT conversion: read as "Name: "
            raw = f"{voice.group('name').strip()}: {raw.lstrip()[voice.end():]}"
        line = squash(clean_markup(raw))
        if not line:
            continue
        label = find_label(line, colon=True, brackets=True)
        if label is not None or not parts:
            parts.append((label.name if label else None, [line], i))
        else:
            parts[-1][1].append(line)
    return parts


def parse_srt(text: str, name: str) -> Transcript:
    """Parse SubRip text into a ``Transcript`` (format "srt").

    Raises ``ImportFailed`` for a malformed timing line, a malformed subtitle
    number, stray text between blocks, or a file without subtitles.
    """
    lines = split_lines(text)
    body = "\n".join(lines)
    for n, line in enumerate(lines, start=1):
        if "-->" in line and not _TIMING.match(line):
            raise failure(name, n, f"{quote(line)} is not a valid timing line", TIMING_FIX)
    try:
        subs = list(srtlib.parse(body))
    except srtlib.SRTParseError as e:
        raise _diagnose(body, lines, name, e.expected_start, e.actual_start) from None
    except (ValueError, OverflowError):  # a timestamp too large for a timedelta
        bad = next((n for n, line in enumerate(lines, 1) if "-->" in line), 1)
        raise failure(name, bad, "a timestamp is out of range", TIMING_FIX) from None
    if not subs:
        raise failure(name, 1, "the file holds no subtitles",
                      "an SRT file needs numbered blocks with timing lines such as "
                      "00:00:01,000 --> 00:00:04,000, so check that this is a subtitle file")
    arrows = [n for n, line in enumerate(lines, 1) if "-->" in line]
    for k, sub in enumerate(subs):  # the package folds a broken timing line into the text above it
        content = sub.content.split("\n")
        for offset, line in enumerate(content):
            at = (arrows[k] if k < len(arrows) else 0) + 1 + offset
            above = content[offset - 1] if offset else ""
            if "-->" in line and above.strip() and not _INDEX.match(above):
                raise failure(name, at - 1, f"{quote(above)} is not a valid subtitle number",
                              "the line above a timing line must be a whole number such as 12")
            if "-->" in line:
                raise failure(name, at, "the subtitle block that starts here is not separated from "
                              "the one above", "put a blank line and a number line before each timing line")
            if offset and not above.strip() and _INDEX.match(line):
                raise failure(name, at, f"subtitle number {quote(line)} has no timing line after it",
                              "add the timing line, or remove the number")
    pieces = [_speaker_lines(sub.content) for sub in subs]
    candidates = [p[0] for parts in pieces for p in parts]
    accepted = accept_labels([c for c in candidates if c], len(candidates))
    turns: list[Turn] = []
    for k, (sub, parts) in enumerate(zip(subs, pieces)):
        base = arrows[k] if k < len(arrows) else 0
        start, end = sub.start // _MS, sub.end // _MS
        cue: list[Turn] = []
        for label, part, offset in parts:
            if label in accepted:
                first = find_label(part[0], colon=True, brackets=True)
                words = [first.rest if first else part[0]] + part[1:]
                cue.append(Turn(label, squash(" ".join(words)), start, end, base + 1 + offset))
            elif cue:  # a wrapped line, or a label we do not take for a name
                cue[-1].text = squash(f"{cue[-1].text} {' '.join(part)}")
            else:
                cue.append(Turn(None, squash(" ".join(part)), start, end, base + 1 + offset))
        turns += [t for t in cue if t.text]
    if not turns:
        raise failure(name, arrows[0] if arrows else 1, f"all {len(subs)} subtitles are empty",
                      "export the transcript again, as the file holds timings but no text")
    carried = carry_speakers(turns)
    notes = speaker_notes(turns, carried)
    empty = sum(1 for parts in pieces if not parts)
    if empty:
        notes.append(f"{empty} subtitle(s) hold no text")
    return Transcript("srt", turns, cue_count=len(subs), timing_lines=count_timing_lines(text),
                      notes=notes)
