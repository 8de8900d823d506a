"""Deleting a source with what it holds — and putting it all back on undo.

A source with codings is deleted only when asked with them (the front ends
first show how many codings of whom it holds); its sections, memos, pinned
quotes and codings go with it, each coding logged.  A source that
reconciliation decided on is kept: the decisions are part of the study's
record.  ``delete`` returns every row it removed, as plain values, and
``restore`` puts them back with their identities.  Qt-free.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete as sql_delete, func, insert, select
from sqlalchemy.orm import Session

from coding import access, audit
from coding.errors import Conflict
from storage.bulk import plain_rows
from storage.models import Coder, Coding, Decision, Memo, Quote, Section, Source


@dataclass(frozen=True)
class DeletedSource:
    source: dict
    sections: tuple[dict, ...]
    codings: tuple[dict, ...]
    memos: tuple[dict, ...]
    quotes: tuple[dict, ...]


def usage(session: Session, source_name: str) -> dict[str, int]:
    """Codings the source holds, per coder ({} when none)."""
    from coding.sources import get_source

    source = get_source(session, source_name)
    return dict(session.execute(select(Coder.name, func.count(Coding.id)).join(Coding, Coding.coder_id == Coder.id)
                                .where(Coding.source_id == source.id).group_by(Coder.name)
                                .order_by(Coder.name)).all())


def delete(session: Session, source_name: str) -> DeletedSource:
    from coding.sources import get_source

    source = get_source(session, source_name)
    decided = session.scalar(select(func.count(Decision.id)).where(Decision.source_id == source.id)) or 0
    if decided:
        raise Conflict(f"'{source.name}' has {decided} reconciliation decision(s) on it, which are part of the "
                       "study's record; it cannot be deleted. Rename it instead if it should not be used.")
    if session.scalar(select(func.count(Coding.id)).where(Coding.source_id == source.id)):
        access.check_lead(session, access.current(session), "delete a source that holds codings")
    record = DeletedSource(
        plain_rows(session, Source, Source.id == source.id)[0],
        *(tuple(plain_rows(session, model, model.source_id == source.id)) for model in (Section, Coding, Memo, Quote)))
    audit.record_many(session, "coding.remove", "coding", [
        (c["uuid"], {"source": source.name, "start": c["start"], "end": c["end"]},
         {"reason": f"its source '{source.name}' was deleted"}) for c in record.codings])
    for model in (Quote, Coding, Memo, Section):
        session.execute(sql_delete(model).where(model.source_id == source.id))
    before = {**audit.snapshot(source), "sections": len(record.sections), "codings": len(record.codings),
              "memos": len(record.memos), "quotes": len(record.quotes)}
    session.delete(source)
    session.flush()
    audit.record(session, "source.delete", source, before=before)
    return record


def restore(session: Session, record: DeletedSource) -> None:
    session.execute(insert(Source), [record.source])
    for model, rows in ((Section, record.sections), (Memo, record.memos), (Coding, record.codings),
                        (Quote, record.quotes)):
        if rows:
            session.execute(insert(model), list(rows))
    session.flush()
    source = session.get(Source, record.source["id"])
    audit.record(session, "source.import", source, after={**audit.snapshot(source), "restored": True,
                                                          "codings": len(record.codings)})
