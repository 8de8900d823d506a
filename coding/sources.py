"""Sources (transcripts, notes, survey texts) and their sections (speaker turns,
survey responses): the texts that get coded."""
from __future__ import annotations

import uuid as uuid_mod
from dataclasses import dataclass, field
from typing import Any, Optional

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from coding import audit
from coding.cases import ensure_cases
from coding.errors import Conflict, InvalidRequest, NotFound
from coding.text import normalise, text_digest
from storage.models import SECTION_KINDS, SOURCE_KINDS, Case, Coding, Section, Source


@dataclass
class SectionSpec:
    """A section to create with a source: plain data an importer produces."""

    start: int
    end: int
    kind: str = "turn"
    speaker: Optional[str] = None
    case_name: Optional[str] = None
    is_moderator: bool = False
    question: Optional[str] = None
    meta: dict[str, Any] = field(default_factory=dict)


def check_text(name: str, text: str, digest: Optional[str]) -> str:
    """``text`` if it is the text the source stored (its SHA-256 matches);
    otherwise DamagedProjectError: a bit flipped on disk, or a program other
    than Tandem changed the file, would otherwise go unnoticed into coding,
    agreement and exports."""
    if digest is not None and text_digest(text) != digest:
        from storage.errors import DamagedProjectError

        raise DamagedProjectError(
            f"The text of the source '{name}' is not the text that was imported: its checksum no longer "
            "matches, so the project file is damaged or was changed outside Tandem. Nothing was read or "
            "changed; restore the project from a backup copy (tandem restore PROJECT, or File › Restore "
            "from Backup…).")
    return text


_VERIFIED: dict[tuple[str, int], str] = {}  # (database, source id) -> the checksum its text was found to match


def verify_texts(session: Session, source_ids: list[int]) -> None:
    """Check the stored texts of these sources against their checksums, for
    work that uses their offsets without reading the text (agreement by
    coded segment); each text once per process while its checksum stands."""
    database = str(session.get_bind().url)
    digests = dict(session.execute(select(Source.id, Source.text_sha256).where(Source.id.in_(source_ids))).all())
    todo = [i for i, d in digests.items() if d is not None and _VERIFIED.get((database, i)) != d]
    for sid, name, text, digest in session.execute(
            select(Source.id, Source.name, Source.text, Source.text_sha256).where(Source.id.in_(todo))):
        check_text(name, text, digest)
        _VERIFIED[(database, sid)] = digest


def list_sources(session: Session) -> list[Source]:
    return list(session.scalars(select(Source).order_by(Source.kind, Source.name)))


def find_source(session: Session, name: str) -> Optional[Source]:
    return session.scalar(select(Source).where(Source.name == name))


def get_source(session: Session, name: str) -> Source:
    source = find_source(session, name)
    if source is None:
        raise NotFound(f"There is no source called '{name}' in the project.")
    return source


def find_by_sha256(session: Session, digest: str) -> Optional[Source]:
    return session.scalar(select(Source).where(Source.sha256 == digest))


def unique_name(session: Session, wanted: str) -> str:
    """``wanted``, or ``wanted (2)``, ``wanted (3)``... whichever is free."""
    name, n = wanted, 1
    while find_source(session, name) is not None:
        n += 1
        name = f"{wanted} ({n})"
    return name


def add_source(
    session: Session,
    name: str,
    kind: str,
    text: str,
    sha256: str,
    original_filename: str = "",
    meta: Optional[dict[str, Any]] = None,
    case: Optional[Case] = None,
    sections: Optional[list[SectionSpec]] = None,
    matched: Optional[list[tuple[str, str]]] = None,
    uuid=None,
) -> Source:
    """Store a source (text normalised to NFC and LF) with its sections.

    Section offsets refer to the text as given; the text must already be
    normalised when sections are given (importers normalise before they cut).
    """
    if kind not in SOURCE_KINDS:
        raise InvalidRequest(f"Unknown source kind '{kind}'; use one of: {', '.join(SOURCE_KINDS)}.")
    name = name.strip()
    if not name:
        raise InvalidRequest("A source needs a name.")
    from coding.names import fit

    fit(name, "source")
    if find_source(session, name) is not None:
        raise Conflict(f"There is already a source called '{name}'.")
    stored = normalise(text)
    if sections and stored != text:
        raise InvalidRequest("Section offsets need normalised text (NFC, \\n newlines).")
    source = Source(
        name=name, kind=kind, text=stored, n_chars=len(stored), sha256=sha256, text_sha256=text_digest(stored),
        original_filename=original_filename,
        meta=dict(meta or {}), case_id=case.id if case is not None else None,
    )
    if uuid is not None:  # a source brought from another project keeps its identity
        source.uuid = uuid
    session.add(source)
    session.flush()
    specs = sections or []
    for spec in specs:
        if spec.kind not in SECTION_KINDS:
            raise InvalidRequest(f"Unknown section kind '{spec.kind}'.")
        if not (0 <= spec.start < spec.end <= len(stored)):
            raise InvalidRequest(
                f"Section [{spec.start}, {spec.end}) is outside the text of '{name}' "
                f"({len(stored)} characters)."
            )
    case_ids = ensure_cases(session, [spec.case_name for spec in specs if spec.case_name], matched)
    if specs:
        session.execute(insert(Section), [
            {"uuid": uuid_mod.uuid4(), "source_id": source.id,
             "case_id": case_ids[spec.case_name] if spec.case_name else None,
             "kind": spec.kind, "start": spec.start, "end": spec.end, "speaker": spec.speaker,
             "is_moderator": spec.is_moderator, "question": spec.question, "meta": dict(spec.meta)}
            for spec in specs
        ])
    session.flush()
    audit.record(
        session, "source.import", source,
        after={**audit.snapshot(source), "length": len(stored), "sections": len(sections or [])},
    )
    return source


def sections_of(session: Session, source: Source) -> list[Section]:
    return list(session.scalars(
        select(Section).where(Section.source_id == source.id).order_by(Section.start)
    ))


def rename_source(session: Session, source: Source, new_name: str) -> None:
    new_name = new_name.strip()
    if not new_name:
        raise InvalidRequest("A source needs a name.")
    from coding.names import fit

    fit(new_name, "source")
    clash = find_source(session, new_name)
    if clash is not None and clash.id != source.id:
        raise Conflict(f"There is already a source called '{new_name}'.")
    before = {"name": source.name}
    source.name = new_name
    session.flush()
    audit.record(session, "source.rename", source, before=before, after={"name": new_name})


def delete_source(session: Session, source: Source) -> None:
    n = session.scalar(select(func.count(Coding.id)).where(Coding.source_id == source.id)) or 0
    if n:
        raise Conflict(
            f"'{source.name}' has {n} coding{'s' if n != 1 else ''}; remove them before deleting it."
        )
    before = audit.snapshot(source)
    session.delete(source)
    session.flush()
    audit.record(session, "source.delete", source, before=before)
