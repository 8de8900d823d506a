"""A coder's progress through the coding units (speaker turns, survey
responses, paragraphs), and the way to the next unit they have not coded.

Moderator turns are not units to code and are left out.  A unit counts as
coded by a coder when one of that coder's codings overlaps it.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Coding, Section, Source


@dataclass(frozen=True)
class Progress:
    coded: int
    total: int

    @property
    def share(self) -> float:
        return self.coded / self.total if self.total else 0.0


@dataclass(frozen=True)
class Unit:
    source_uuid: str
    start: int
    end: int


def _units(session: Session, source_id: Optional[int]) -> dict[int, list[tuple[int, int]]]:
    stmt = select(Section.source_id, Section.start, Section.end).where(Section.is_moderator.is_(False))
    if source_id is not None:
        stmt = stmt.where(Section.source_id == source_id)
    out: dict[int, list[tuple[int, int]]] = {}
    for sid, start, end in session.execute(stmt.order_by(Section.source_id, Section.start)):
        out.setdefault(sid, []).append((start, end))
    return out


def _coded_flags(session: Session, coder_id: int, source_id: int, units: list[tuple[int, int]]) -> list[bool]:
    """Which of ``units`` (sorted, not overlapping) one of the coder's codings touches."""
    flags = [False] * len(units)
    starts = [u[0] for u in units]
    for start, end in session.execute(select(Coding.start, Coding.end).where(
            Coding.source_id == source_id, Coding.coder_id == coder_id)):
        i = max(0, bisect.bisect_right(starts, start) - 1)
        while i < len(units) and units[i][0] < end:
            if units[i][1] > start:
                flags[i] = True
            i += 1
    return flags


def coder_progress(session: Session, coder_id: int, source_id: Optional[int] = None) -> Progress:
    coded = total = 0
    for sid, units in _units(session, source_id).items():
        flags = _coded_flags(session, coder_id, sid, units)
        coded += sum(flags)
        total += len(units)
    return Progress(coded, total)


def next_uncoded(session: Session, coder_id: int, source_id: int, offset: int,
                 backwards: bool = False) -> Optional[Unit]:
    """The first unit after ``offset`` (before it, going backwards) that the
    coder has not coded: in this source, then in the next sources by name,
    wrapping round to the start of this one.  None when every unit is coded.
    Sources are read one at a time and the walk stops at the first find."""
    sources = list(session.execute(select(Source.id, Source.uuid).order_by(Source.name)))
    ids = [sid for sid, _ in sources]
    if source_id not in ids:
        return None
    k = ids.index(source_id)
    step = -1 if backwards else 1
    order = [sources[(k + step * i) % len(sources)] for i in range(len(sources))] + [sources[k]]
    for n, (sid, uuid) in enumerate(order):
        units = _units(session, sid).get(sid, [])
        open_units = [u for u, coded in zip(units, _coded_flags(session, coder_id, sid, units)) if not coded]
        if n == 0:  # this source, from the cursor on
            open_units = [u for u in open_units if (u[1] <= offset if backwards else u[0] > offset)]
        elif n == len(order) - 1:  # back round to this source: the part before the cursor
            open_units = [u for u in open_units if (u[1] > offset if backwards else u[0] <= offset)]
        if open_units:
            unit = open_units[-1] if backwards else open_units[0]
            return Unit(str(uuid), unit[0], unit[1])
    return None


def section_at(session: Session, source_id: int, offset: int) -> Optional[Section]:
    """The section (turn, response, paragraph) holding ``offset``."""
    return session.scalar(select(Section).where(
        Section.source_id == source_id, Section.start <= offset, Section.end > offset)
        .order_by(Section.start.desc()).limit(1))
