"""Undoable edits: the coding workspace's actions, addressed by uuid, each
returning the plain data needed to reverse it.

The GUI's undo stack (and any other front end) calls these inside
``ProjectStore.transaction``: one user action, one transaction, its audit
entries.  Undoing is itself a change and is logged like any other (an undone
``coding.apply`` reads as a ``coding.remove``); nothing is erased from the log.
Entities keep their uuid across undo and redo, so a later step that names a
coding or a code still finds it.
"""
from __future__ import annotations

import datetime as dt
import uuid as uuid_mod
from dataclasses import dataclass, replace
from typing import Optional

from sqlalchemy import select, update
from sqlalchemy.orm import Session, object_session

from coding import audit, code_versions, codebook, codings
from coding.errors import InvalidRequest, NotFound
from storage.models import Code, Coder, Coding, Memo, Source


# ----------------------------------------------------------------------------
# Plain records
# ----------------------------------------------------------------------------

@dataclass(frozen=True)
class CodingRecord:
    """Everything needed to put a removed coding back as it was."""

    uuid: str
    source_uuid: str
    code_uuid: str
    coder_uuid: str
    start: int
    end: int
    memo: str = ""
    created_at: Optional[dt.datetime] = None


@dataclass(frozen=True)
class CodeRecord:
    uuid: str
    name: str
    parent_uuid: Optional[str]
    position: int
    description: str
    colour: str
    codable: bool
    exclusive: bool
    inclusion: str = ""
    exclusion: str = ""
    example: str = ""
    version: int = 1  # when it was taken: brought back, it goes on from there (versions only go up)
    summary: str = ""  # the theme table's description


@dataclass(frozen=True)
class MergeRecord:
    """What ``merge_codes`` changed, so that it can be taken back."""

    source: CodeRecord
    target_uuid: str
    moved: tuple[str, ...]            # codings re-pointed from source to target
    dropped: tuple[CodingRecord, ...]  # codings removed as duplicates of the target's
    children: tuple[tuple[str, int], ...]  # child code uuid, position under source
    memos: tuple[str, ...]            # memo uuids moved to the target


def _u(value: str) -> uuid_mod.UUID:
    try:
        return value if isinstance(value, uuid_mod.UUID) else uuid_mod.UUID(str(value))
    except ValueError:
        raise InvalidRequest(f"'{value}' is not an identifier Tandem wrote.") from None


def _by_uuid(session: Session, model, value: str, what: str):
    row = session.scalar(select(model).where(model.uuid == _u(value)))
    if row is None:
        raise NotFound(f"The {what} {value} is not in the project (was it removed?).")
    return row


def source_by_uuid(session: Session, value: str) -> Source:
    return _by_uuid(session, Source, value, "source")


def code_by_uuid(session: Session, value: str) -> Code:
    return _by_uuid(session, Code, value, "code")


def _edited(session: Session, value: str, version: Optional[int]) -> Code:
    """The code an edit names; when the edit names the version its editor
    saw, a code removed meanwhile is refused saying who removed it and when."""
    if version is None:
        return code_by_uuid(session, value)
    _u(value)
    return code_versions.check_exists(session, value)


def code_version(session: Session, code_uuid: str) -> Optional[int]:
    """The code's version now (None: it is not in the project): what the next
    edit of it names as the version its editor saw."""
    return session.scalar(select(Code.version).where(Code.uuid == _u(code_uuid)))


def coder_by_uuid(session: Session, value: str) -> Coder:
    return _by_uuid(session, Coder, value, "coder")


def coding_by_uuid(session: Session, value: str) -> Coding:
    return _by_uuid(session, Coding, value, "coding")


def coding_record(coding: Coding) -> CodingRecord:
    return CodingRecord(str(coding.uuid), str(coding.source.uuid), str(coding.code.uuid),
                        str(coding.coder.uuid), coding.start, coding.end, coding.memo, coding.created_at)


def sibling_index(code: Code) -> int:
    """Where ``code`` stands among its siblings (0 first) — what ``move_code``
    takes as a position; stored positions may have gaps after a delete."""
    siblings = codebook.children_of(object_session(code), code.parent)
    return next(i for i, c in enumerate(siblings) if c.id == code.id)


def code_record(code: Code) -> CodeRecord:
    return CodeRecord(str(code.uuid), code.name, str(code.parent.uuid) if code.parent else None,
                      sibling_index(code), code.description, code.colour, code.codable, code.exclusive,
                      code.inclusion, code.exclusion, code.example, code.version, code.summary)


# ----------------------------------------------------------------------------
# Codings
# ----------------------------------------------------------------------------

def apply(session: Session, record: CodingRecord) -> CodingRecord:
    """Apply a coding; ``record.uuid`` may be empty (a new one is made) or the
    uuid of a coding being re-applied by redo."""
    source = source_by_uuid(session, record.source_uuid)
    coding = codings.apply_coding(session, source, code_by_uuid(session, record.code_uuid),
                                  coder_by_uuid(session, record.coder_uuid), record.start, record.end,
                                  memo=record.memo, uuid=_u(record.uuid) if record.uuid else None)
    if record.created_at is not None:
        coding.created_at = record.created_at
    session.flush()
    return coding_record(coding)


def remove(session: Session, coding_uuid: str) -> CodingRecord:
    coding = coding_by_uuid(session, coding_uuid)
    record = coding_record(coding)
    codings.remove_coding(session, coding)
    return record


def adjust(session: Session, coding_uuid: str, start: Optional[int] = None, end: Optional[int] = None,
           memo: Optional[str] = None) -> CodingRecord:
    """Move a coding's boundaries or change its memo; returns it as it was."""
    coding = coding_by_uuid(session, coding_uuid)
    before = coding_record(coding)
    codings.adjust_coding(session, coding, start=start, end=end, memo=memo)
    return before


def restore(session: Session, record: CodingRecord) -> None:
    """Put ``record`` back: the coding exists again with its old values."""
    coding = session.scalar(select(Coding).where(Coding.uuid == _u(record.uuid)))
    if coding is None:
        apply(session, record)
    else:
        codings.adjust_coding(session, coding, start=record.start, end=record.end, memo=record.memo)


# ----------------------------------------------------------------------------
# Codes
# ----------------------------------------------------------------------------

def create_code(session: Session, name: str, parent_uuid: Optional[str] = None, colour: Optional[str] = None,
                description: str = "", uuid: Optional[str] = None) -> CodeRecord:
    parent = code_by_uuid(session, parent_uuid) if parent_uuid else None
    code = codebook.create_code(session, name, parent=parent, description=description, colour=colour,
                                uuid=_u(uuid) if uuid else None)
    return code_record(code)


def recreate_code(session: Session, record: CodeRecord) -> None:
    """Bring back a deleted code with its uuid, fields and place."""
    parent = code_by_uuid(session, record.parent_uuid) if record.parent_uuid else None
    code = codebook.create_code(session, record.name, parent=parent, description=record.description,
                                colour=record.colour, codable=record.codable, exclusive=record.exclusive,
                                uuid=_u(record.uuid))
    code.inclusion, code.exclusion, code.example = record.inclusion, record.exclusion, record.example
    code.summary = record.summary
    session.flush()
    codebook.move_code(session, code, parent, record.position)
    # past every version it had (the record's, then the delete's or merge's own claim): an editor still
    # holding one from before is refused, not let through
    code.version = max(code.version, record.version + 2)
    session.flush()


@dataclass(frozen=True)
class MemoRecord:
    uuid: str
    title: str
    text: str
    author_uuid: Optional[str]
    code_uuid: Optional[str]
    created_at: Optional[dt.datetime]
    updated_at: Optional[dt.datetime]


@dataclass(frozen=True)
class DeletedCodes:
    """What deleting a code took: the codes (parents first) and their memos."""

    codes: tuple[CodeRecord, ...]
    memos: tuple[MemoRecord, ...] = ()
    quotes: tuple = ()  # coding.quotes.QuoteData pinned to them

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.codes]


def delete_code(session: Session, code_uuid: str, version: Optional[int] = None) -> DeletedCodes:
    """Delete a code and its sub-codes (refused while they have codings);
    returns what ``undelete`` needs to put them back, memos included.
    ``version`` (here and in the edits below): the code's version its editor
    saw; refused when someone changed the code since (``coding.code_versions``)."""
    code = _edited(session, code_uuid, version)
    subtree = [code] + codebook.descendants(session, code)
    records = tuple(code_record(c) for c in subtree)
    authors = dict(session.execute(select(Coder.id, Coder.uuid)).all())
    uuids = {c.id: str(c.uuid) for c in subtree}
    memos = tuple(
        MemoRecord(str(m.uuid), m.title, m.text, str(authors[m.author_id]) if m.author_id in authors else None,
                   uuids[m.code_id], m.created_at, m.updated_at)
        for m in session.scalars(select(Memo).where(Memo.code_id.in_(list(uuids))).order_by(Memo.id)))
    from coding.quotes import quotes_under

    pinned = tuple(quotes_under(session, [c.id for c in subtree]))
    codebook.delete_code(session, code, expected_version=version)
    return DeletedCodes(records, memos, pinned)


def undelete(session: Session, deleted: DeletedCodes) -> None:
    for record in deleted.codes:
        recreate_code(session, record)
    for m in deleted.memos:  # the memos come back as they were, with their identity
        memo = Memo(uuid=_u(m.uuid), title=m.title, text=m.text,
                    author_id=coder_by_uuid(session, m.author_uuid).id if m.author_uuid else None,
                    code_id=code_by_uuid(session, m.code_uuid).id, created_at=m.created_at,
                    updated_at=m.updated_at)
        session.add(memo)
        session.flush()
        audit.record(session, "memo.add", memo, after={**audit.snapshot(memo), "restored": True})
    if deleted.quotes:
        from coding import access, quotes

        for q in deleted.quotes:  # their themes are back: so are their quotes, in their places
            quotes.restore(session, access.current(session), q)


def rename_code(session: Session, code_uuid: str, name: str, version: Optional[int] = None) -> str:
    """Rename; returns the old name."""
    code = _edited(session, code_uuid, version)
    old = code.name
    codebook.rename_code(session, code, name, expected_version=version)
    return old


def move_code(session: Session, code_uuid: str, parent_uuid: Optional[str],
              position: Optional[int] = None, version: Optional[int] = None) -> tuple[Optional[str], int]:
    """Move under ``parent_uuid`` (None: the top); returns the old (parent, position)."""
    code = _edited(session, code_uuid, version)
    old = (str(code.parent.uuid) if code.parent else None, sibling_index(code))
    parent = _edited(session, parent_uuid, version) if parent_uuid else None
    codebook.move_code(session, code, parent, position, expected_version=version)
    return old


def update_code(session: Session, code_uuid: str, version: Optional[int] = None, **fields) -> dict:
    """Change fields (colour, description, exclusive...); returns the old values."""
    code = _edited(session, code_uuid, version)
    old = {k: getattr(code, k) for k in fields if hasattr(code, k)}  # current: the claim below checks it
    codebook.update_code(session, code, expected_version=version, **fields)
    return old


def merge_codes(session: Session, source_uuid: str, target_uuid: str, version: Optional[int] = None) -> MergeRecord:
    source, target = _edited(session, source_uuid, version), _edited(session, target_uuid, version)
    before = code_record(source)
    children = tuple((str(c.uuid), i) for i, c in enumerate(codebook.children_of(session, source)))
    memo_uuids = tuple(str(m.uuid) for m in session.scalars(select(Memo).where(Memo.code_id == source.id)))
    details: dict = {}
    codebook.merge_codes(session, source, target, details, expected_version=version)  # the codings it moved and dropped, as it saw them
    dropped = tuple(CodingRecord(d["uuid"], d["source_uuid"], d["code_uuid"], d["coder_uuid"], d["start"], d["end"],
                                 d["memo"], d["created_at"]) for d in details.get("dropped", []))
    return MergeRecord(source=before, target_uuid=str(target.uuid), moved=tuple(details.get("moved", [])),
                       dropped=dropped, children=children, memos=memo_uuids)


def unmerge(session: Session, record: MergeRecord) -> None:
    """Take a merge back: the merged code returns with its codings, sub-codes and memos."""
    recreate_code(session, record.source)
    source = code_by_uuid(session, record.source.uuid)
    if record.moved:
        rows = list(session.scalars(select(Coding).where(Coding.uuid.in_([_u(u) for u in record.moved]))))
        session.execute(update(Coding).where(Coding.id.in_([c.id for c in rows])).values(code_id=source.id))
        back = {"code_uuid": record.source.uuid, "code": codebook.path_of(source), "reason": "merge undone"}
        audit.record_many(session, "coding.adjust", "coding",
                          [(c.uuid, {"code_uuid": record.target_uuid}, back) for c in rows])
    for dropped in record.dropped:
        apply(session, replace(dropped, code_uuid=record.source.uuid))
    for child_uuid, position in sorted(record.children, key=lambda c: c[1]):
        codebook.move_code(session, code_by_uuid(session, child_uuid), source, position)
    if record.memos:
        session.execute(update(Memo).where(Memo.uuid.in_([_u(u) for u in record.memos]))
                        .values(code_id=source.id))
        audit.record_many(session, "memo.move", "memo", [
            (_u(u), {"code_uuid": record.target_uuid}, {"code_uuid": record.source.uuid, "reason": "merge undone"})
            for u in record.memos])
    session.expire_all()


# ----------------------------------------------------------------------------
# Memos (one per author and target: a coder's note on a code or a source)
# ----------------------------------------------------------------------------

@dataclass(frozen=True)
class MemoTarget:
    kind: str  # "code" or "source"
    uuid: str


def _memo_query(session: Session, target: MemoTarget, author: Coder):
    if target.kind == "code":
        column, row = Memo.code_id, code_by_uuid(session, target.uuid)
    elif target.kind == "source":
        column, row = Memo.source_id, source_by_uuid(session, target.uuid)
    else:
        raise InvalidRequest(f"A memo belongs to a code or a source, not to a '{target.kind}'.")
    return row, select(Memo).where(column == row.id, Memo.author_id == author.id).order_by(Memo.id)


def memo_text(session: Session, target: MemoTarget, author_uuid: str) -> str:
    _row, stmt = _memo_query(session, target, coder_by_uuid(session, author_uuid))
    memo = session.scalars(stmt).first()
    return memo.text if memo else ""


def set_memo(session: Session, target: MemoTarget, author_uuid: str, text: str) -> str:
    """Write the author's memo on ``target`` (empty text deletes it); returns the old text."""
    from coding import memos

    author = coder_by_uuid(session, author_uuid)
    row, stmt = _memo_query(session, target, author)
    memo = session.scalars(stmt).first()
    old = memo.text if memo else ""
    if memo is None and text.strip():
        memos.add_memo(session, text, author=author, **{target.kind: row})
    elif memo is not None and not text.strip():
        memos.delete_memo(session, memo)
    elif memo is not None and text != old:
        memos.edit_memo(session, memo, text=text)
    return old



def memo_record(session: Session, target: MemoTarget, author_uuid: str) -> Optional[MemoRecord]:
    """The author's memo on ``target`` as plain data, or None when there is none."""
    _row, stmt = _memo_query(session, target, coder_by_uuid(session, author_uuid))
    memo = session.scalars(stmt).first()
    if memo is None:
        return None
    return MemoRecord(str(memo.uuid), memo.title, memo.text, author_uuid,
                      target.uuid if target.kind == "code" else None, memo.created_at, memo.updated_at)


def restore_memo(session: Session, target: MemoTarget, author_uuid: str, record: Optional[MemoRecord]) -> None:
    """Make the author's memo on ``target`` be ``record`` again (None: no memo),
    with its uuid — what undo and redo of a memo edit need."""
    from coding import memos

    author = coder_by_uuid(session, author_uuid)
    row, stmt = _memo_query(session, target, author)
    memo = session.scalars(stmt).first()
    if record is None:
        if memo is not None:
            memos.delete_memo(session, memo)
        return
    if memo is not None:
        if memo.text != record.text or memo.title != record.title:
            memos.edit_memo(session, memo, text=record.text, title=record.title)
        return
    memo = Memo(uuid=_u(record.uuid), title=record.title, text=record.text, author_id=author.id,
                created_at=record.created_at, updated_at=record.updated_at, **{f"{target.kind}_id": row.id})
    session.add(memo)
    session.flush()
    audit.record(session, "memo.add", memo, after={**audit.snapshot(memo), "restored": True})
