"""A parsed transcript -> the stored text and its turn sections.

Consecutive cues of one speaker are merged into one turn.  The stored text is
readable — ``Name: speech`` per turn, turns separated by a blank line — and
each turn's section spans the speech alone, with the speaker, the case it is
tied to, the moderator flag and the timings (milliseconds) kept on it.
"""
from __future__ import annotations

from pathlib import Path

from coding.sources import SectionSpec
from coding.text import normalise
from importers.errors import ImportFailed
from importers.transcripts.model import Transcript, merge_consecutive


def speakers_of(transcript: Transcript) -> list[str]:
    return list(dict.fromkeys(t.speaker for t in transcript.turns if t.speaker))


def planned_from_transcript(transcript: Transcript, path: Path, digest: str, meta: dict, options):
    from importers.documents import PlannedSource

    turns = merge_consecutive(transcript.turns)
    if not turns:
        raise ImportFailed(f"{path}: the transcript has no speech in it.")
    speakers = speakers_of(transcript)
    parts, sections, pos = [], [], 0
    for turn in turns:
        speech = normalise(turn.text).strip()
        if not speech:
            continue
        if parts:
            parts.append("\n\n")
            pos += 2
        label = f"{turn.speaker}: " if turn.speaker else ""
        parts.append(label + speech)
        start = pos + len(label)
        pos = start + len(speech)
        moderator = turn.speaker in options.moderators
        case = None
        if turn.speaker and not moderator:
            case = options.speakers.get(turn.speaker, turn.speaker)
        elif not turn.speaker and options.case:
            case = options.case
        turn_meta = {k: v for k, v in (("start_ms", turn.start_ms), ("end_ms", turn.end_ms)) if v is not None}
        sections.append(SectionSpec(start=start, end=pos, kind="turn", speaker=turn.speaker,
                                    case_name=case, is_moderator=moderator, meta=turn_meta))
    kind = "focus-group" if len(speakers) > 2 else "interview"
    decisions = [
        f"{path.name}: {transcript.format} transcript, {transcript.cue_count} cues -> {len(sections)} turns, "
        f"speakers: {', '.join(speakers) or 'none named'}"
        + (f" (moderators: {', '.join(sorted(options.moderators))})" if options.moderators else "")
    ] + [f"{path.name}: {note}" for note in transcript.notes]
    return PlannedSource(
        name=path.stem, kind=kind, text="".join(parts), sha256=digest, original_filename=path.name,
        sections=sections, meta={**meta, "cues": transcript.cue_count, "speakers": speakers},
        case_name=options.case, decisions=decisions, speakers=list(speakers),
    )
