"""Memos on the project, a source, a code or a case."""
from __future__ import annotations

from typing import Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from coding import audit
from coding.errors import InvalidRequest
from storage.models import Case, Code, Coder, Memo, Source, utcnow


def add_memo(
    session: Session, text: str, title: str = "", author: Optional[Coder] = None,
    source: Optional[Source] = None, code: Optional[Code] = None, case: Optional[Case] = None, uuid=None,
) -> Memo:
    if sum(x is not None for x in (source, code, case)) > 1:
        raise InvalidRequest("A memo belongs to one source, code or case (or to the project).")
    memo = Memo(
        title=title.strip(), text=text, author_id=author.id if author else None,
        source_id=source.id if source else None, code_id=code.id if code else None,
        case_id=case.id if case else None,
    )
    if uuid is not None:  # a memo brought from another project keeps its identity
        memo.uuid = uuid
    session.add(memo)
    session.flush()
    audit.record(session, "memo.add", memo, after=audit.snapshot(memo))
    return memo


def edit_memo(session: Session, memo: Memo, text: Optional[str] = None, title: Optional[str] = None) -> None:
    before = audit.snapshot(memo)
    if text is not None:
        memo.text = text
    if title is not None:
        memo.title = title.strip()
    memo.updated_at = utcnow()
    session.flush()
    audit.record(session, "memo.edit", memo, before=before, after=audit.snapshot(memo))


def delete_memo(session: Session, memo: Memo) -> None:
    before = audit.snapshot(memo)
    session.delete(memo)
    session.flush()
    audit.record(session, "memo.delete", memo, before=before)


def memos_for(session: Session, source: Optional[Source] = None, code: Optional[Code] = None,
              case: Optional[Case] = None) -> list[Memo]:
    stmt = select(Memo).order_by(Memo.created_at, Memo.id)
    if source is not None:
        stmt = stmt.where(Memo.source_id == source.id)
    elif code is not None:
        stmt = stmt.where(Memo.code_id == code.id)
    elif case is not None:
        stmt = stmt.where(Memo.case_id == case.id)
    else:
        stmt = stmt.where(Memo.source_id.is_(None), Memo.code_id.is_(None), Memo.case_id.is_(None))
    return list(session.scalars(stmt))
