"""Which transcript format a text is in, and parsing by format.

``detect_format`` looks at the content first — a WEBVTT header, SRT timing
lines, Zoom and Otter marker lines, the share of paragraphs that open with a
speaker label — and uses the file suffix only to break a tie.  It returns
None for ordinary prose and notes, so those are imported as documents.
"""
from __future__ import annotations

import re
from typing import Callable, Optional

from importers.errors import ImportFailed
from importers.transcripts import otter, plain, srt, vtt, zoom_text
from importers.transcripts._common import accept_labels, find_label, split_lines
from importers.transcripts.model import Transcript, check_complete

FORMATS: list[str] = ["vtt", "srt", "zoom-text", "zoom-chat", "otter", "plain-turns", "bracket-turns"]

_PARSERS: dict[str, Callable[[str, str], Transcript]] = {
    "vtt": vtt.parse_vtt,
    "srt": srt.parse_srt,
    "zoom-text": zoom_text.parse_zoom_text,
    "zoom-chat": zoom_text.parse_zoom_chat,
    "otter": otter.parse_otter,
    "plain-turns": plain.parse_plain_turns,
    "bracket-turns": plain.parse_bracket_turns,
}

_TIMING = re.compile(r"\d+:\d+(?:[:.,]-?\d+)*\s*-->\s*-?\d+:\d+")
_INDEX = re.compile(r"^\s*\d+\s*$")


def _paragraph_starts(lines: list[str]) -> list[int]:
    return [i for i, line in enumerate(lines) if line.strip() and (i == 0 or not lines[i - 1].strip())]


def _mostly(hits: int, lines: list[str], nonblank: int) -> bool:
    """Marker lines (one per block) make up most blocks, or at least a third
    of the non-blank lines when the blocks are not separated by blank lines."""
    return hits >= 1 and (hits * 2 >= len(_paragraph_starts(lines)) or hits * 3 >= nonblank)


def _subtitle_format(lines: list[str], nonblank: list[str], suffix: str) -> Optional[str]:
    if vtt.HEADER.match(nonblank[0].strip()):
        return "vtt"
    timings = sum(1 for line in nonblank if _TIMING.search(line))
    first = nonblank[0]
    if timings and (_INDEX.match(first) or _TIMING.search(first) or timings * 4 >= len(nonblank)):
        return "vtt" if suffix == "vtt" else "srt"
    return None


def _labelled_format(lines: list[str]) -> Optional[str]:
    starts = _paragraph_starts(lines)
    brackets = sum(1 for i in starts if plain.bracket_id(lines[i]))
    if brackets >= 2 and brackets * 2 >= len(starts):
        return "bracket-turns"
    unbolded = [plain.unbold(line).lstrip() for line in lines]
    labels = [find_label(line, dashes=False) for line in unbolded]
    openers = len({*starts, *(i for i, lb in enumerate(labels) if lb)})
    accepted = accept_labels([lb.name for lb in labels if lb], max(openers, 1))
    used = [lb.name for lb in labels if lb and lb.name in accepted]
    # Headings of notes ("Participants:", "Findings:") are kept out by
    # accept_labels' list of words that are not names.
    if len(used) >= 2 and len(used) * 2 >= openers:
        return "plain-turns"
    return None


def detect_format(text: str, suffix: str) -> Optional[str]:
    """One of ``FORMATS``, or None when the text is not a transcript.

    ``suffix`` is the file's extension with or without the dot (".vtt",
    "srt"); it decides between VTT and SRT for headerless caption files, and
    a .vtt/.srt file whose content matches nothing is still given its
    format, so that the parser can say what is wrong with it.
    """
    suffix = suffix.lower().lstrip(".")
    lines = split_lines(text)
    nonblank = [line for line in lines if line.strip()]
    if not nonblank:
        return None
    found = _subtitle_format(lines, nonblank, suffix)
    if found:
        return found
    chats = sum(1 for line in nonblank if zoom_text.chat_line(line))
    opens_chat = zoom_text.chat_line(nonblank[0]) is not None
    if chats and (chats * 2 >= len(nonblank) or (opens_chat and chats * 3 >= len(nonblank))):
        return "zoom-chat"  # multi-line messages lower the share of message lines
    heads = sum(1 for line in nonblank if zoom_text.MARKER.match(line.strip()))
    if _mostly(heads, lines, len(nonblank)):
        return "zoom-text"
    last, speakers = 0, 0
    for line in lines:
        hit = otter.speaker_line(line, last)
        if hit is not None and (hit[0] is not None or not line[:1].isspace()):
            speakers, last = speakers + 1, max(last, hit[1])
    if _mostly(speakers, lines, len(nonblank)):
        return "otter"
    found = _labelled_format(lines)
    if found:
        return found
    return suffix if suffix in ("vtt", "srt") else None


def parse(text: str, name: str, suffix: str, fmt: Optional[str] = None) -> Transcript:
    """Parse ``text`` as ``fmt`` (or the detected format) and refuse a parse
    that lost cues (``check_complete``).  Raises ``ImportFailed`` when the
    text is not a transcript, the format is unknown, or the file is
    malformed."""
    chosen = fmt or detect_format(text, suffix)
    if chosen is None:
        raise ImportFailed(
            f"{name}: the text does not look like a transcript (no timing lines, speaker lines or "
            "'Name:' turns were found); import it as a document, or choose its transcript format.")
    parser = _PARSERS.get(chosen)
    if parser is None:
        raise ImportFailed(f"{name}: '{chosen}' is not a transcript format; choose one of "
                           f"{', '.join(FORMATS)}.")
    transcript = parser(text, name)
    check_complete(transcript, name)
    return transcript
