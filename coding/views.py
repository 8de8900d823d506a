"""Read-only snapshots for front ends: plain dataclasses, safe to hand from a
worker thread to the GUI (no ORM objects, no open session)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coding import access
from coding.access import Acting
from coding.codebook import path_of
from storage.models import Case, Code, Coder, Coding, Section, Source


@dataclass(frozen=True)
class SourceSummary:
    uuid: str
    name: str
    kind: str
    characters: int
    sections: int
    codings: int


@dataclass(frozen=True)
class CoderSummary:
    uuid: str
    name: str
    colour: str
    role: str


@dataclass(frozen=True)
class CodingSpan:
    uuid: str
    code_uuid: str
    code_path: str
    colour: str
    coder_uuid: str
    coder: str
    start: int
    end: int
    memo: str


@dataclass(frozen=True)
class SectionSpan:
    uuid: str
    kind: str
    start: int
    end: int
    speaker: Optional[str]
    case: Optional[str]
    is_moderator: bool
    question: Optional[str]
    start_ms: Optional[int] = None  # timings of transcript turns
    end_ms: Optional[int] = None


@dataclass(frozen=True)
class DocumentData:
    uuid: str
    name: str
    kind: str
    text: str
    codings: tuple[CodingSpan, ...]
    sections: tuple[SectionSpan, ...]
    headings: tuple[tuple[int, int], ...] = ()  # spans shown as headings (survey questions)
    case: Optional[str] = None  # the case the whole source belongs to (an interview)


def _coder_filter(stmt, coder_uuids: Optional[set[str]]):
    """Only the codings of ``coder_uuids`` (None: everyone's) — blind mode."""
    if coder_uuids is None:
        return stmt
    import uuid as uuid_mod

    ids = select(Coder.id).where(Coder.uuid.in_([uuid_mod.UUID(u) for u in coder_uuids]))
    return stmt.where(Coding.coder_id.in_(ids))


def source_summaries(session: Session, acting: Acting,
                     coder_uuids: Optional[set[str]] = None) -> list[SourceSummary]:
    """Every source with its size and its number of codings (of ``coder_uuids``
    only, when given, and only of the layers ``acting`` may read)."""
    coder_uuids = access.narrow(session, acting, coder_uuids)
    n_sections = dict(session.execute(
        select(Section.source_id, func.count(Section.id)).group_by(Section.source_id)).all())
    n_codings = dict(session.execute(_coder_filter(
        select(Coding.source_id, func.count(Coding.id)).group_by(Coding.source_id), coder_uuids)).all())
    rows = session.execute(
        select(Source.id, Source.uuid, Source.name, Source.kind, Source.n_chars)
        .order_by(Source.name))
    return [SourceSummary(str(u), name, kind, length or 0, n_sections.get(i, 0), n_codings.get(i, 0))
            for i, u, name, kind, length in rows]


def coder_summaries(session: Session) -> list[CoderSummary]:
    return [CoderSummary(str(c.uuid), c.name, c.colour, c.role)
            for c in session.scalars(select(Coder).order_by(Coder.name))]


def document_codings(session: Session, acting: Acting, source_uuid: str,
                     coder_uuids: Optional[set[str]] = None) -> tuple[CodingSpan, ...]:
    """The codings of one source (of ``coder_uuids`` only, when given, and of
    the layers ``acting`` may read), in text order, read with one plain
    query: the view reloads them after every change, so this stays fast on
    sources with thousands of codings."""
    import uuid as uuid_mod

    coder_uuids = access.narrow(session, acting, coder_uuids)

    source_id = session.scalar(select(Source.id).where(Source.uuid == uuid_mod.UUID(source_uuid)))
    if source_id is None:
        return ()
    codes = {c.id: c for c in session.scalars(select(Code))}
    paths = {cid: path_of(c) for cid, c in codes.items()}
    coders = {c.id: c for c in session.scalars(select(Coder))}
    stmt = _coder_filter(select(Coding.uuid, Coding.code_id, Coding.coder_id, Coding.start, Coding.end, Coding.memo)
                         .where(Coding.source_id == source_id), coder_uuids).order_by(Coding.start, Coding.end)
    return tuple(
        CodingSpan(str(uid), str(codes[code_id].uuid), paths[code_id], codes[code_id].colour,
                   str(coders[coder_id].uuid), coders[coder_id].name, start, end, memo)
        for uid, code_id, coder_id, start, end, memo in session.execute(stmt))


def document(session: Session, acting: Acting, source_uuid: str,
             coder_uuids: Optional[set[str]] = None) -> Optional[DocumentData]:
    """A source with its sections and the codings of ``coder_uuids`` (None:
    everyone's) that ``acting`` may read."""
    import uuid as uuid_mod

    source = session.scalar(select(Source).where(Source.uuid == uuid_mod.UUID(source_uuid)))
    if source is None:
        return None
    spans = document_codings(session, acting, source_uuid, coder_uuids)
    case_names = dict(session.execute(select(Case.id, Case.name)).all())
    sections = tuple(
        SectionSpan(str(s.uuid), s.kind, s.start, s.end, s.speaker, case_names.get(s.case_id),
                    s.is_moderator, s.question, (s.meta or {}).get("start_ms"), (s.meta or {}).get("end_ms"))
        for s in session.scalars(select(Section).where(Section.source_id == source.id).order_by(Section.start))
    )
    headings = tuple((int(a), int(b)) for a, b in (source.meta or {}).get("headings", []))
    from coding.sources import check_text

    text = check_text(source.name, source.text, source.text_sha256)
    return DocumentData(str(source.uuid), source.name, source.kind, text, spans, sections, headings,
                        case_names.get(source.case_id))


def case_attributes(session: Session, case_name: str) -> list[tuple[str, str]]:
    """A case's attributes as (name, value as shown), in attribute order."""
    from coding.cases import attributes_of, find_case

    case = find_case(session, case_name)
    if case is None:
        return []
    return [(name, "" if value is None else str(value)) for name, value in attributes_of(session, case).items()]
