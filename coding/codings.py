"""Codings: applying a code to a span of a source, adjusting and removing it,
and retrieving coded text."""
from __future__ import annotations

import bisect
import uuid as uuid_mod
from dataclasses import dataclass
from typing import Any, NamedTuple, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from coding import access, audit
from coding.cases import case_matches
from coding.codebook import descendants, path_of
from coding.errors import Conflict, InvalidRequest, NotFound
from storage.bulk import insert_rows, new_uuids, paused_gc
from storage.models import Case, Code, Coder, Coding, Section, Source, utcnow


def _check_span(source: Source, start: int, end: int) -> None:
    if not isinstance(start, int) or not isinstance(end, int):
        raise InvalidRequest(f"Offsets must be whole numbers (got {start!r}, {end!r}).")
    if start >= end:
        raise InvalidRequest(
            f"A coding must start before it ends (start {start}, end {end}) in '{source.name}'."
        )
    if start < 0 or end > len(source.text):
        raise InvalidRequest(
            f"Offsets {start}–{end} fall outside '{source.name}', which has "
            f"{len(source.text)} characters (valid offsets are 0–{len(source.text)})."
        )


def _find_same(session: Session, source: Source, code: Code, coder: Coder, start: int, end: int,
               exclude: Optional[int] = None) -> Optional[Coding]:
    stmt = select(Coding).where(
        Coding.source_id == source.id, Coding.code_id == code.id, Coding.coder_id == coder.id,
        Coding.start == start, Coding.end == end,
    )
    if exclude is not None:
        stmt = stmt.where(Coding.id != exclude)
    return session.scalar(stmt)


def apply_coding(
    session: Session, source: Source, code: Code, coder: Coder, start: int, end: int, memo: str = "",
    uuid: Optional[uuid_mod.UUID] = None,
) -> Coding:
    """``coder`` applies ``code`` to ``source[start:end]`` (``uuid``: the
    identity of a coding being put back by undo or redo)."""
    for what, value in (("source", source), ("code", code), ("coder", coder)):
        if value is None:
            raise InvalidRequest(f"A coding needs a {what}; none was given.")
    access.check_may_write(session, coder)
    _check_span(source, start, end)
    if not code.codable:
        raise InvalidRequest(
            f"'{path_of(code)}' is a grouping and cannot be applied; choose one of its codes."
        )
    if _find_same(session, source, code, coder, start, end) is not None:
        excerpt = " ".join(source.text[start:end].split())
        excerpt = excerpt if len(excerpt) <= 60 else excerpt[:57] + "…"
        raise Conflict(
            f"{coder.name} has already applied '{path_of(code)}' to exactly this passage of '{source.name}' "
            f"(“{excerpt}”, characters {start}–{end})."
        )
    coding = Coding(
        source_id=source.id, code_id=code.id, coder_id=coder.id, start=start, end=end, memo=memo,
    )
    if uuid is not None:
        coding.uuid = uuid
    session.add(coding)
    session.flush()
    audit.record(session, "coding.apply", coding, after=_described(coding, source, code, coder))
    return coding


class NewCoding(NamedTuple):  # a tuple: made tens of thousands at a time by imports
    source: Source
    code: Code
    coder: Coder
    start: int
    end: int
    memo: str = ""
    uuid: Optional[uuid_mod.UUID] = None  # a coding brought from another project keeps its identity


def apply_codings(session: Session, items: list[NewCoding], skip_existing: bool = False) -> int:
    """Apply many codings at once (imports, merges): the checks and the audit
    entries of ``apply_coding``, written with one statement each.  With
    ``skip_existing`` codings already present are left out instead of refused.
    Returns the number applied."""
    with paused_gc():
        return _apply_codings(session, items, skip_existing)


def _apply_codings(session: Session, items: list[NewCoding], skip_existing: bool) -> int:
    existing = set()
    source_ids = sorted({item.source.id for item in items})
    for at in range(0, len(source_ids), 500):
        existing.update(map(tuple, session.execute(
            select(Coding.source_id, Coding.code_id, Coding.coder_id, Coding.start, Coding.end)
            .where(Coding.source_id.in_(source_ids[at:at + 500])))))
    for coder in {item.coder.id: item.coder for item in items}.values():
        access.check_may_write(session, coder)
    rows, log, paths = [], [], {}
    applied = 0
    given = [i.uuid for i in items if i.uuid is not None]
    taken: set = set()
    for at in range(0, len(given), 500):
        taken.update(session.scalars(select(Coding.uuid).where(Coding.uuid.in_(given[at:at + 500]))))
    now = utcnow()
    stamp = now.isoformat()
    plain: dict[int, tuple] = {}  # each source, code and coder read once: (id, uuid text, name, length)
    fresh: list = []  # new uuids, made in bulk

    def facts(obj, length: bool = False) -> tuple:
        found = plain.get(id(obj))
        if found is None:
            found = plain[id(obj)] = (obj.id, str(obj.uuid), obj.name, obj.n_chars if length else 0)
        return found

    for item in items:
        src, code, coder = facts(item.source, True), facts(item.code), facts(item.coder)
        if not 0 <= item.start < item.end <= src[3]:
            _check_span(item.source, item.start, item.end)  # says what is wrong
        if code[0] not in paths:
            if not item.code.codable:
                raise InvalidRequest(f"'{path_of(item.code)}' is a grouping and cannot be applied.")
            paths[code[0]] = path_of(item.code)
        key = (src[0], code[0], coder[0], item.start, item.end)
        if key in existing:
            if skip_existing:
                continue
            raise Conflict(f"{coder[2]} has already applied '{paths[code[0]]}' to "
                           f"{item.start}–{item.end} of '{src[2]}'.")
        existing.add(key)
        if len(rows) >= CHUNK:  # written as it goes: memory stays flat however many codings come
            applied += _write_chunk(session, rows, log)
        if not fresh:
            fresh.extend(new_uuids(CHUNK))
        uid = item.uuid if item.uuid is not None and item.uuid not in taken else fresh.pop()
        taken.add(uid)
        rows.append({"uuid": uid, "source_id": src[0], "code_id": code[0], "coder_id": coder[0],
                     "start": item.start, "end": item.end, "memo": item.memo, "created_at": now, "updated_at": now})
        log.append((uid, None, {  # plain values already: the audit row is built without a second look
            "uuid": str(uid), "start": item.start, "end": item.end, "memo": item.memo, "created_at": stamp,
            "updated_at": stamp, "source_uuid": src[1], "code_uuid": code[1], "coder_uuid": coder[1],
            "source": src[2], "code": paths[code[0]], "coder": coder[2]}))
    return applied + _write_chunk(session, rows, log)


CHUNK = 5000


def _write_chunk(session: Session, rows: list, log: list) -> int:
    """Insert the codings gathered and their audit entries, then forget them."""
    n = len(rows)
    if n:
        insert_rows(session, Coding.__table__, rows)
        audit.record_many(session, "coding.apply", "coding", log, plain=True)  # built of plain values above
        rows.clear()
        log.clear()
    return n


def _described(coding: Coding, source: Source, code: Code, coder: Coder) -> dict[str, Any]:
    return {
        **audit.snapshot(coding), "source": source.name, "code": path_of(code), "coder": coder.name,
    }


def adjust_coding(
    session: Session, coding: Coding, start: Optional[int] = None, end: Optional[int] = None,
    memo: Optional[str] = None, code: Optional[Code] = None,
) -> None:
    """Move a coding's boundaries, change its memo, or re-point it to another code."""
    source, coder = coding.source, coding.coder
    access.check_may_write(session, coder)
    new_code = code if code is not None else coding.code
    new_start = coding.start if start is None else start
    new_end = coding.end if end is None else end
    _check_span(source, new_start, new_end)
    if not new_code.codable:
        raise InvalidRequest(f"'{path_of(new_code)}' is a grouping and cannot be applied.")
    if _find_same(session, source, new_code, coder, new_start, new_end, exclude=coding.id):
        raise Conflict(f"{coder.name} already has that coding.")
    before = _described(coding, source, coding.code, coder)
    coding.start, coding.end, coding.code = new_start, new_end, new_code
    if memo is not None:
        coding.memo = memo
    coding.updated_at = utcnow()
    session.flush()
    audit.record(session, "coding.adjust", coding, before=before,
                 after=_described(coding, source, new_code, coder))


def remove_coding(session: Session, coding: Coding) -> None:
    access.check_may_write(session, coding.coder)
    before = _described(coding, coding.source, coding.code, coding.coder)
    session.delete(coding)
    session.flush()
    audit.record(session, "coding.remove", coding, before=before)


def get_coding(session: Session, uuid) -> Coding:
    """The coding with this uuid (a ``uuid.UUID`` or its text)."""
    if not isinstance(uuid, uuid_mod.UUID):
        try:
            uuid = uuid_mod.UUID(str(uuid))
        except ValueError:
            raise NotFound(f"'{uuid}' is not a coding's identifier.") from None
    coding = session.scalar(select(Coding).where(Coding.uuid == uuid))
    if coding is None:
        raise NotFound(f"There is no coding {uuid} (was it removed?).")
    return coding


@dataclass(frozen=True)
class Segment:
    """A coded piece of text, as plain data."""

    coding_uuid: str
    source: str
    source_kind: str
    code: str
    coder: str
    start: int
    end: int
    text: str
    memo: str
    case: Optional[str]
    speaker: Optional[str]


def retrieve(
    session: Session,
    acting: access.Acting,
    code: Optional[Code] = None,
    include_subcodes: bool = True,
    coder: Optional[Coder] = None,
    source: Optional[Source] = None,
    source_kind: Optional[str] = None,
    where: Optional[dict[str, Any]] = None,
) -> list[Segment]:
    """Coded segments, filtered by code (and its sub-codes), coder, source,
    source kind, and case attributes (``where={"group": "Mentor"}``).

    A segment's case is the case of the section it starts in, or else the
    source's own case.  Only the layers ``acting`` may read are searched;
    asking for a coder whose codings are hidden from ``acting`` is refused.
    """
    if coder is not None:
        access.check_may_read(session, acting, [coder])
    readable = access.readable_layers(session, acting)
    # plain columns, not whole rows: a Source row carries its whole text, and
    # loading it once per coding made retrieval from long transcripts take seconds
    stmt = select(Coding.uuid, Coding.source_id, Coding.code_id, Coding.start, Coding.end, Coding.memo,
                  Coder.name).join(Coder, Coding.coder_id == Coder.id).join(Source, Coding.source_id == Source.id)
    if code is not None:
        ids = [code.id] + ([c.id for c in descendants(session, code)] if include_subcodes else [])
        stmt = stmt.where(Coding.code_id.in_(ids))
    if coder is not None:
        stmt = stmt.where(Coding.coder_id == coder.id)
    if readable is not None:
        stmt = stmt.where(Coder.uuid.in_([uuid_mod.UUID(u) for u in readable]))
    if source is not None:
        stmt = stmt.where(Coding.source_id == source.id)
    if source_kind is not None:
        stmt = stmt.where(Source.kind == source_kind)
    rows = session.execute(stmt.order_by(Source.name, Coding.start, Coding.end, Coding.id)).all()

    paths: dict[int, str] = {}
    case_names = dict(session.execute(select(Case.id, Case.name)).all())
    sources_seen: dict[int, tuple] = {}  # id -> name, kind, text, own case id, section starts, sections
    matches: dict[int, bool] = {}
    out = []
    for uid, source_id, code_id, start, end, memo, coder_name in rows:
        if source_id not in sources_seen:
            name, kind, text, own_case, digest = session.execute(
                select(Source.name, Source.kind, Source.text, Source.case_id, Source.text_sha256)
                .where(Source.id == source_id)).one()
            from coding.sources import check_text

            text = check_text(name, text, digest)
            secs = session.execute(select(Section.start, Section.end, Section.case_id, Section.speaker)
                                   .where(Section.source_id == source_id).order_by(Section.start)).all()
            sources_seen[source_id] = (name, kind, text, own_case, [sec.start for sec in secs], secs)
        name, kind, text, own_case, starts, secs = sources_seen[source_id]
        if code_id not in paths:
            paths[code_id] = path_of(session.get(Code, code_id))
        i = bisect.bisect_right(starts, start) - 1
        section = secs[i] if i >= 0 and start < secs[i].end else None
        case_id = section.case_id if section is not None and section.case_id is not None else own_case
        if where:
            if case_id is None:
                continue
            if case_id not in matches:
                matches[case_id] = case_matches(session, session.get(Case, case_id), where)
            if not matches[case_id]:
                continue
        out.append(Segment(
            coding_uuid=str(uid), source=name, source_kind=kind, code=paths[code_id], coder=coder_name,
            start=start, end=end, text=text[start:end], memo=memo,
            case=case_names.get(case_id) if case_id is not None else None,
            speaker=section.speaker if section is not None else None,
        ))
    return out
