"""Zoom's text exports: the "save transcript" / audio-transcript text file
(format "zoom-text") and the saved meeting chat (format "zoom-chat").

zoom-text::

    [Andrew Knight] 11:02:09
    Okay, so we're recording.

zoom-chat, cloud-recording layout (tab-separated) and the older local
"saved chat" layouts::

    00:21:14<TAB>Andrew Knight:<TAB>Hello everyone
    10:02:33<TAB> From Andrew Knight : Hello everyone
    10:02:33 From Andrew Knight to Everyone : Hello everyone
    10:02:33 From Andrew Knight to Everyone:
    <TAB>Hello everyone              (Zoom 5.x puts the message on the next lines)

``start_ms`` is the time of the line in milliseconds (elapsed time or clock
time, whichever Zoom wrote); ``end_ms`` is None.  Speech keeps its line
breaks.  ``timing_lines`` counts lines that look like a marker by a looser
pattern, so a marker the parser could not read cannot be lost silently.
"""
from __future__ import annotations

import re
from typing import Optional

from importers.transcripts._common import (
    failure, join_speech, preamble_turn, quote, require_speech, speaker_notes, split_lines,
)
from importers.transcripts.model import Transcript, Turn

_TIME = r"(?P<time>\d{1,2}:\d{2}:\d{2})"
MARKER = re.compile(rf"^\[(?P<name>[^\[\]]*)\][ \t]+{_TIME}(?:[ \t]+(?P<text>\S.*))?$")
_HEAD_LOOSE = re.compile(r"^\s*\[[^\[\]]*\]\s*\d{1,2}:\d{2}:\d{2}\b")
_CHAT_TAB = re.compile(rf"^{_TIME}\t(?P<name>[^\t]+?)[ \t]*:\t(?P<text>.*)$")
_CHAT_FROM = re.compile(
    rf"^{_TIME}\s+From\s+(?P<name>.+?)(?:\s+to\s+(?P<to>.+?))?\s*:(?:\s+(?P<text>.*)|$)")
_CHAT_LOOSE = re.compile(r"^\d{1,2}:\d{2}:\d{2}(?!\d)")


def clock_ms(value: str) -> int:
    """Milliseconds for ``H:MM:SS`` / ``HH:MM:SS``."""
    h, m, s = (int(x) for x in value.split(":"))
    return ((h * 60 + m) * 60 + s) * 1000


def parse_zoom_text(text: str, name: str) -> Transcript:
    """Parse Zoom's ``[Name] HH:MM:SS`` transcript text (format "zoom-text").

    Each marker line opens a turn; the speech is every following line up to
    the next marker (blank lines between blocks are dropped, blank lines
    inside speech kept as a paragraph break).  Text on the marker line after
    the time, seen in hand-edited files, starts the speech.
    """
    lines = split_lines(text)
    turns: list[Turn] = []
    notes: list[str] = []
    body: list[str] = []
    before: list[str] = []
    loose = 0
    for n, line in enumerate(lines, start=1):
        if _HEAD_LOOSE.match(line):
            loose += 1
            m = MARKER.match(line.strip())
            if m is None or not m.group("name").strip():
                raise failure(name, n, f"{quote(line)} is not a valid '[Name] HH:MM:SS' line",
                              "put the speaker's name inside the brackets and the time after it, "
                              "e.g. [Jo Bloggs] 11:02:09")
            if turns:
                turns[-1].text = join_speech(body)
            body = [m.group("text") or ""]
            turns.append(Turn(m.group("name").strip(), "", clock_ms(m.group("time")), None, n))
        elif turns:
            body.append(line)
        else:
            before.append(line)
    if not turns:
        raise failure(name, 1, "no '[Name] HH:MM:SS' lines found",
                      "a Zoom transcript has a line such as [Jo Bloggs] 11:02:09 before each "
                      "stretch of speech, so choose another format if this is not one")
    turns[-1].text = join_speech(body)
    lead, lead_notes = preamble_turn(before, 1, "'[Name] HH:MM:SS' line")
    cues = len(turns)
    kept = [t for t in turns if t.text]
    require_speech(kept, name, turns[0].line, cues, "'[Name] HH:MM:SS' line(s)")
    if len(kept) < cues:
        notes.append(f"{cues - len(kept)} speaker line(s) have no speech after them")
    turns = lead + kept
    notes = lead_notes + notes + speaker_notes(turns, 0)
    return Transcript("zoom-text", turns, cue_count=cues, timing_lines=loose, notes=notes)


def chat_line(line: str) -> Optional[tuple[str, str, str, Optional[str]]]:
    """(time, name, text, recipient) for a line that opens a chat message."""
    m = _CHAT_TAB.match(line)
    if m is not None:
        return m.group("time"), m.group("name").strip(), m.group("text"), None
    m = _CHAT_FROM.match(line)
    if m is not None:
        return m.group("time"), m.group("name").strip(), m.group("text") or "", m.group("to")
    return None


def parse_zoom_chat(text: str, name: str) -> Transcript:
    """Parse a saved Zoom chat (format "zoom-chat"): one turn per message.

    A line that does not open a message continues the one before (multi-line
    messages, and the Zoom 5.x layout with the message on the next lines,
    indented by a tab).  A line that starts with a time but is not a message
    is an error rather than a guess.
    """
    lines = split_lines(text)
    turns: list[Turn] = []
    bodies: list[list[str]] = []
    before: list[str] = []
    loose = private = 0
    for n, line in enumerate(lines, start=1):
        if _CHAT_LOOSE.match(line):
            loose += 1
            found = chat_line(line)
            if found is None or not found[1]:
                raise failure(name, n, f"{quote(line)} starts with a time but is not a chat message",
                              "expected HH:MM:SS, a tab, the name and a colon, a tab, then the message")
            time, who, first, to = found
            if to is not None and to.strip().lower() != "everyone":
                private += 1
            turns.append(Turn(who, "", clock_ms(time), None, n))
            bodies.append([first])
        elif turns:
            bodies[-1].append(line[1:] if line.startswith("\t") else line)
        else:
            before.append(line)
    if not turns:
        raise failure(name, 1, "no chat messages found",
                      "a Zoom chat file has lines such as 10:02:33, a tab, 'Name:', a tab, "
                      "then the message, so choose another format if this is not one")
    for turn, body in zip(turns, bodies):
        turn.text = join_speech(body)
    cues = len(turns)
    kept = [t for t in turns if t.text]
    require_speech(kept, name, turns[0].line, cues, "chat message line(s)")
    lead, notes = preamble_turn(before, 1, "chat message")
    if len(kept) < cues:
        notes.append(f"{cues - len(kept)} chat message(s) are empty")
    if private:
        notes.append(f"{private} direct (private) message(s) were imported like the others")
    return Transcript("zoom-chat", lead + kept, cue_count=cues, timing_lines=loose, notes=notes)
