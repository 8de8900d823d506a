"""Where a passage is, as people read it: "Amira Haddad, 12:04" in a
transcript, "respondent MEE-07" in a survey, "Interview 2, INT-02" in a
case's notes — never a character offset.  Shared by the disagreement list
and search."""
from __future__ import annotations

import bisect
from typing import Optional

from sqlalchemy import select
from sqlalchemy.orm import Session


def clock(time_ms: int) -> str:
    seconds = time_ms // 1000
    return (f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}" if seconds >= 3600
            else f"{seconds // 60}:{seconds % 60:02d}")


def where(source: str, speaker: Optional[str] = None, time_ms: Optional[int] = None, case: Optional[str] = None,
          section_kind: Optional[str] = None) -> str:
    """The speaker (and when), else the respondent or case, else the source."""
    if speaker:
        return f"{speaker}, {clock(time_ms)}" if time_ms is not None else speaker
    if case:  # a survey's respondent; an interview's (or a document's) case
        return f"respondent {case}" if section_kind == "response" else f"{source}, {case}"
    return source


def in_source(source: str, place: str) -> str:
    """"Focus group · Amira Haddad, 12:04": the source, then the place in it (when it says more)."""
    if not place or place == source:
        return source
    return place if place.startswith(f"{source}, ") else f"{source} · {place}"


class SectionIndex:
    """The section (turn, response, paragraph) around a position, per source,
    each source's sections read once: ``facts(source_id, position)`` gives
    ``where``'s keyword arguments (empty outside every section)."""

    def __init__(self, session: Session):
        self.session = session
        self._by_source: dict[int, tuple[list[int], list]] = {}

    def row(self, source_id: int, position: int):
        if source_id not in self._by_source:
            from storage.models import Case, Section

            rows = self.session.execute(
                select(Section.start, Section.end, Section.speaker, Section.meta, Section.kind, Section.case_id,
                       Case.name)
                .outerjoin(Case, Case.id == Section.case_id)
                .where(Section.source_id == source_id).order_by(Section.start)).all()
            self._by_source[source_id] = ([r.start for r in rows], rows)
        starts, rows = self._by_source[source_id]
        i = bisect.bisect_right(starts, position) - 1
        return rows[i] if i >= 0 and position < rows[i].end else None

    def facts(self, source_id: int, position: int) -> dict:
        row = self.row(source_id, position)
        if row is None:
            return {}
        return {"speaker": row.speaker, "time_ms": (row.meta or {}).get("start_ms"), "case": row.name,
                "section_kind": row.kind}
