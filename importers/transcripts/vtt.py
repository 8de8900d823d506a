"""WebVTT captions (Zoom, Microsoft Teams/OneDrive/Stream, hand-made files)
-> one turn per cue, or per ``<v>`` voice span.

Written by hand: webvtt-py was seen dropping most cues of a real Teams file.
What a caller must know:

* Times are milliseconds from the timing line.  Fractions of three or more
  digits are decimal (``.5004`` = 500 ms).  A one- or two-digit fraction in
  a timestamp whose hour, minute or second field is not zero-padded
  (``0:0:10.20``, Teams 2022) is a whole number of milliseconds: Teams
  writes each TimeSpan component as a plain integer, as its negative stamp
  ``0:0:-6.-820`` (-6 s -820 ms) shows, and reading ``0:9:2.70`` as 700 ms
  would end that cue before it starts.  In a padded stamp (``00:00:10.5``)
  a short fraction is decimal (500 ms).
* A timestamp whose components add up to less than zero becomes 0.
* ``speaker=None``: the file names no speaker for that cue (Teams/OneDrive
  files without attribution); a note says so.
* Wrapped cue lines are joined with single spaces; tags are removed and
  HTML entities decoded.  Turns are not merged here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from importers.transcripts._common import (
    VOICE, accept_labels, carry_speakers, clean_markup, count_timing_lines, failure, find_label, quote,
    speaker_notes, split_lines, squash,
)
from importers.transcripts.model import Transcript, Turn

_TS = re.compile(r"^(?:(?P<h>-?\d+):)?(?P<m>-?\d+):(?P<s>-?\d+)(?:[.,](?P<f>-?\d+))?$")
# Cue ids that may sit right above a timing line when the blank line between
# two cues is missing: numbers (Zoom), GUID-N (OneDrive), GUID/N-M (Teams).
_ID_LIKE = re.compile(
    r"^(?:\d+|[0-9A-Fa-f]{8}(?:-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}(?:/\d+)?(?:-\d+)?)$")
_COMMENT = re.compile(r"^(?:NOTE|STYLE|REGION)(?:[ \t]|$)")
HEADER = re.compile(r"^WEBVTT(?:[ \t]|$)")
TIMING_FIX = "expected HH:MM:SS.mmm --> HH:MM:SS.mmm (hours optional)"
# two timestamps joined by something that is not "-->": a mistyped timing line,
# which read as text would silently give its cue to the speaker before it
_NEAR_TIMING = re.compile(r"^\s*(?:-?\d+:)?-?\d+:-?\d+(?:[.,]-?\d+)?\s*(?:-{1,2}>|—>|–>|->>|=>|-{2,3}|to)\s*"
                          r"(?:-?\d+:)?-?\d+:-?\d+(?:[.,]-?\d+)?")

# What is left of a timing line cut off before its arrow ("00:00:0", "00:01:02.5 --"),
# and a WebVTT timestamp as the standard writes it (fraction of exactly three digits).
_FRAGMENT = re.compile(r"^\s*-?\d+:(?:-?\d*(?::-?\d*)?(?:[.,]-?\d*)?)?\s*(?:-{1,2}>?|[—–])?\s*$")
_STRICT = re.compile(r"^(?:\d{2,}:)?\d{2}:\d{2}\.\d{3}$")
_STAMP_START = re.compile(r"^-?\d*(?::-?\d*){0,2}(?:[.,]-?\d*)?$")  # the start of a timestamp, or nothing
CUT_FIX = "export the transcript again (or, if the end is meant to be so, remove the unfinished cue)"

Lines = list[tuple[int, str]]  # (1-based line number, text)


@dataclass
class _Clock:
    """What the timestamp reader had to bend, for the notes."""
    negative: list[int] = field(default_factory=list)  # lines with a time below zero
    whole_ms: int = 0  # short fractions read as whole milliseconds


@dataclass
class _Cue:
    line: int  # the timing line
    start_ms: int
    end_ms: int
    text: Lines


def timestamp_ms(token: str) -> Optional[tuple[int, bool]]:
    """(milliseconds, fraction read as whole ms) for a WebVTT timestamp, or
    None if ``token`` is not one.  The result may be negative; see the module
    docstring for how short fractions are read."""
    m = _TS.match(token)
    if m is None:
        return None
    fields = [m.group(k) for k in ("h", "m", "s") if m.group(k) is not None]
    hours = int(m.group("h") or 0)
    frac = m.group("f") or "0"
    digits = frac.lstrip("-")
    unpadded = m.group("h") is not None and any(len(f.lstrip("-")) < 2 for f in fields)
    whole = frac.startswith("-") or (unpadded and len(digits) < 3)
    ms = int(frac) if whole else int(digits[:3].ljust(3, "0"))
    total = ((hours * 60 + int(m.group("m"))) * 60 + int(m.group("s"))) * 1000 + ms
    return total, whole and len(digits) < 3 and m.group("f") is not None


def parse_timing(line: str) -> Optional[tuple[int, int, bool, bool]]:
    """(start, end, any short fraction read as ms, any negative) from a timing
    line; cue settings after the end time (``align:start position:10%``) are
    ignored.  None when the line is not a timing line."""
    left, _, right = line.partition("-->")
    start_tok, rest = left.strip(), right.split()
    if not start_tok or " " in start_tok or "\t" in start_tok or not rest or "-->" in right:
        return None
    start, end = timestamp_ms(start_tok), timestamp_ms(rest[0])
    if start is None or end is None:
        return None
    negative = start[0] < 0 or end[0] < 0
    return max(start[0], 0), max(end[0], 0), start[1] or end[1], negative


def _blocks(lines: list[str]) -> list[Lines]:
    """Runs of non-blank lines (a whitespace-only line separates blocks too)."""
    blocks: list[Lines] = []
    current: Lines = []
    for n, line in enumerate(lines, start=1):
        if line.strip():
            current.append((n, line))
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _read_cues(lines: list[str], name: str, clock: _Clock, notes: list[str]) -> list[_Cue]:
    """Cues in file order.  Header, NOTE, STYLE and REGION blocks are skipped;
    every other block must hold a timing line, except that text after a cue
    and a blank line is joined to that cue (hand-edited files put blank lines
    inside cue text) with a note, never dropped."""
    cues: list[_Cue] = []
    joined: list[int] = []
    comments = 0
    blocks = _blocks(lines)
    if blocks and not HEADER.match(blocks[0][0][1]):
        notes.append("the file has no WEBVTT header line")
    _refuse_cut_off_end(blocks, name)
    for block in blocks:
        header = bool(HEADER.match(block[0][1]))
        for n, text in block:
            if "-->" not in text and _NEAR_TIMING.match(text):
                raise failure(name, n, f"{quote(text)} looks like a timing line but its arrow is not '-->'",
                              TIMING_FIX)
        timings = [k for k, (_, text) in enumerate(block) if "-->" in text]
        if not timings:
            if header or _COMMENT.match(block[0][1]):
                comments += not header
                continue
            if not cues:
                raise failure(
                    name, block[0][0], f"{quote(block[0][1])} is neither a cue nor a NOTE block",
                    "a cue is an optional id line, then a timing line such as "
                    "00:00:01.000 --> 00:00:04.000, then its text")
            cues[-1].text.extend(block)
            joined.append(block[0][0])
            continue
        if _COMMENT.match(block[0][1]):
            raise failure(name, block[0][0], f"the {block[0][1].split()[0]} block holds a '-->' line",
                          "put a blank line between the comment and the cue that follows it")
        before = block[: timings[0]]
        if not header and len(before) > 1:  # text, then an id: a blank line was lost
            if not cues:
                raise failure(name, before[0][0], f"{quote(before[0][1])} comes before the first cue",
                              "remove it, or add a blank line after the WEBVTT header")
            cues[-1].text.extend(before[:-1])
            joined.append(before[0][0])
        for j, k in enumerate(timings):
            n, line = block[k]
            parsed = parse_timing(line)
            if parsed is None:
                raise failure(name, n, f"{quote(line)} is not a valid timing line", TIMING_FIX)
            start, end, whole, negative = parsed
            clock.whole_ms += whole
            if negative:
                clock.negative.append(n)
            stop = timings[j + 1] if j + 1 < len(timings) else len(block)
            text = block[k + 1: stop]
            if j + 1 < len(timings) and text and _ID_LIKE.match(text[-1][1].strip()):
                text = text[:-1]  # the next cue's id (no blank line between cues)
            cues.append(_Cue(n, start, end, list(text)))
    if joined:
        notes.append(f"{len(joined)} text block(s) without a timing line were joined to the cue "
                     f"before them (first at line {joined[0]})")
    if comments:
        notes.append(f"{comments} NOTE/STYLE/REGION block(s) (comments and styling) were left out")
    return cues


def _refuse_cut_off_end(blocks: list[Lines], name: str) -> None:
    """A file that ends inside its last cue was cut off (a download or copy
    that stopped): its last line is a timing line (cut or whole, with no text
    after it), what is left of one, or a lone cue id."""
    if len(blocks) < 2:
        return  # a header alone, or nothing: "no cues" says more
    block = blocks[-1]
    n, last = block[-1]
    if "-->" in last and not HEADER.match(block[0][1]):
        _refuse_cut_off_timing(blocks, n, last, name)
        return
    if any("-->" in text for _, text in block) or _COMMENT.match(block[0][1]):
        return
    if _FRAGMENT.match(last):
        raise failure(name, n, f"the file ends in the middle of a timing line ({quote(last)}), so it looks cut off",
                      CUT_FIX)
    if len(block) == 1 and _ID_LIKE.match(last.strip()):
        raise failure(name, n, f"the file ends with the cue id {quote(last)} and no timing line, so it looks "
                      "cut off", CUT_FIX)


def _stamps(line: str) -> tuple[str, str]:
    left, _, right = line.partition("-->")
    return left.strip(), (right.split() or [""])[0]


def _refuse_cut_off_timing(blocks: list[Lines], n: int, line: str, name: str) -> None:
    """The file's last line is a timing line: its end time may be cut off
    ("00:00:07.500 --> 00:00:0"), and in any case its cue has no text."""
    parsed = parse_timing(line)
    start_tok, end_tok = _stamps(line)
    if parsed is None:
        if timestamp_ms(start_tok) is not None and _STAMP_START.match(end_tok) and len(line.split()) <= 3:
            raise failure(name, n, f"the file ends with {quote(line)}, a timing line that looks cut off", CUT_FIX)
        return  # not a timing line at all: the parser says so
    others = [tok for block in blocks for k, text in block if "-->" in text and k != n for tok in _stamps(text)]
    why = None
    if parsed[1] < parsed[0]:
        why = "it ends before the cue starts"
    elif all(_STRICT.match(tok) for tok in others + [start_tok]) and not _STRICT.match(end_tok):
        why = "every other timestamp in the file has hours or minutes, seconds and milliseconds"
    if why:
        raise failure(name, n, f"the timestamp {quote(end_tok)} of the last cue looks cut off ({why})", CUT_FIX)
    raise failure(name, n, "the last cue has a timing line but no text after it, so the file looks cut off",
                  CUT_FIX)


def _segments(cue: _Cue) -> list[tuple[Optional[str], str, int]]:
    """(voice name or None, clean text, line) per voice span of a cue.

    Teams writes ``<v Hurst, Peter>text</v>``; the closing tag is optional, a
    span may cover several lines, and one cue may hold several spans.  Text
    before the first span is an unnamed segment; text after a ``</v>`` stays
    with that span.  Empty spans yield nothing.
    """
    raw = "\n".join(text for _, text in cue.text)
    line_of = [n for n, _ in cue.text] or [cue.line + 1]
    opens = list(VOICE.finditer(raw))
    cuts: list[tuple[Optional[str], int, int]] = [(None, 0, opens[0].start() if opens else len(raw))]
    for i, m in enumerate(opens):
        speaker = squash(clean_markup(m.group("name") or "")) or None
        cuts.append((speaker, m.end(), opens[i + 1].start() if i + 1 < len(opens) else len(raw)))
    out = []
    for i, (speaker, a, b) in enumerate(cuts):
        text = squash(clean_markup(raw[a:b]))
        if text:
            at = opens[i - 1].start() if i else a + len(raw[a:b]) - len(raw[a:b].lstrip())
            out.append((speaker, text, line_of[raw.count("\n", 0, at)]))
    return out


def parse_vtt(text: str, name: str) -> Transcript:
    """Parse WebVTT text into a ``Transcript`` (format "vtt").

    Speakers come from ``<v Name>`` voice tags (Teams) or a ``Name: `` prefix
    at the start of the cue text (Zoom); see ``accept_labels`` for when a
    prefix counts as a name.  An unnamed cue right after a named one gets the
    previous speaker (Zoom continuation cues).  Raises ``ImportFailed`` for a
    malformed timing line, stray text before the first cue, or no cues.
    """
    lines = split_lines(text)
    notes: list[str] = []
    clock = _Clock()
    cues = _read_cues(lines, name, clock, notes)
    if not cues:
        raise failure(name, 1, "the file holds no cues",
                      "a WebVTT file needs timing lines such as 00:00:01.000 --> 00:00:04.000 "
                      "followed by the text, so check that this is a caption file")
    segments = [(cue, _segments(cue)) for cue in cues]
    turns = [Turn(speaker, body, cue.start_ms, cue.end_ms, line)
             for cue, segs in segments for speaker, body, line in segs]
    if not turns:
        raise failure(name, cues[0].line, f"all {len(cues)} cues are empty",
                      "export the transcript again, as the file holds timings but no text")
    unnamed = [t for t in turns if t.speaker is None]
    labels = [find_label(t.text) for t in unnamed]
    accepted = accept_labels([lb.name for lb in labels if lb], len(unnamed))
    for turn, label in zip(unnamed, labels):
        if label and label.name in accepted and label.rest.strip():
            turn.speaker, turn.text = label.name, label.rest.strip()
    carried = carry_speakers(turns)
    notes += speaker_notes(turns, carried)
    empty = sum(1 for _, segs in segments if not segs)
    if empty:
        notes.append(f"{empty} cue(s) hold no text")
    if clock.negative:
        notes.append(f"{len(clock.negative)} negative timestamp(s) were read as 0 "
                     f"(first at line {clock.negative[0]})")
    if clock.whole_ms:
        notes.append(f"{clock.whole_ms} timestamp(s) in Teams' unpadded form were read with the "
                     "fraction as whole milliseconds (0:0:10.20 = 10.020 s)")
    return Transcript("vtt", turns, cue_count=len(cues), timing_lines=count_timing_lines(text),
                      notes=notes)
