"""What every transcript parser produces: turns with speakers and timings.

Parsers take decoded text (any newline style) and return a ``Transcript``;
they raise ``ImportFailed`` naming the line and the problem.  They never drop
a cue silently: ``cue_count`` is the number of cues/blocks parsed and
``timing_lines`` the number of timing lines counted independently in the raw
text; ``check_complete`` refuses a parse where the two differ.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from importers.errors import ImportFailed


@dataclass
class Turn:
    speaker: Optional[str]  # None when the file names no speaker
    text: str  # the speech, whitespace-trimmed; inner newlines kept
    start_ms: Optional[int] = None
    end_ms: Optional[int] = None
    line: int = 0  # 1-based line in the file where the turn starts (for messages)


@dataclass
class Transcript:
    format: str  # e.g. "vtt", "srt", "zoom-text", "otter", "plain-turns", "bracket-turns", "zoom-chat"
    turns: list[Turn] = field(default_factory=list)
    cue_count: int = 0  # cues (or blocks) parsed, before merging
    timing_lines: Optional[int] = None  # timing lines counted in the raw file (None: format has none)
    notes: list[str] = field(default_factory=list)  # things the user should know (e.g. "no speaker names")


def check_complete(t: Transcript, name: str) -> None:
    """Refuse a parse that lost cues."""
    if t.timing_lines is not None and t.timing_lines != t.cue_count:
        raise ImportFailed(
            f"{name}: read {t.cue_count} cues but the file has {t.timing_lines} timing lines; "
            "the file may be damaged — please report it with the file attached."
        )


def merge_consecutive(turns: list[Turn]) -> list[Turn]:
    """Join consecutive turns of the same (named) speaker into one turn,
    keeping the first start and the last end.  Unnamed turns are not merged."""
    out: list[Turn] = []
    for turn in turns:
        prev = out[-1] if out else None
        if prev is not None and turn.speaker is not None and turn.speaker == prev.speaker:
            prev.text = f"{prev.text} {turn.text}".strip()
            if turn.end_ms is not None:
                prev.end_ms = turn.end_ms
        else:
            out.append(Turn(turn.speaker, turn.text, turn.start_ms, turn.end_ms, turn.line))
    return out
