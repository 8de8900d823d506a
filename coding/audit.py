"""The audit log: every change the core makes writes one entry here.

``record`` reads the actor and the transaction id from the session, which
``ProjectStore.transaction`` sets, so services never pass them around.
"""
from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Iterable, Optional

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from storage.audit_rows import entry_row, jsonable as _jsonable  # the one shape, shared with storage
from storage.models import AuditEntry

# Columns too large to copy into log entries (a source's whole text), by table;
# the source's SHA-256 and length are logged instead.
_SKIPPED_COLUMNS = {"source": {"text"}}


def snapshot(entity: Any, skip: Iterable[str] = ()) -> dict[str, Any]:
    """A JSON-safe dict of an entity's column values.  Integer keys never
    appear: a reference to another row is written as that row's uuid
    (``code_id`` becomes ``code_uuid``), so the log stays meaningful in copies
    of a project and after merging two coders' copies."""
    state = inspect(entity)
    mapper, session = state.mapper, state.session
    out: dict[str, Any] = {}
    skipped = _SKIPPED_COLUMNS.get(mapper.local_table.name, set()) | set(skip)
    for attr in mapper.column_attrs:
        key = attr.key
        if key == "id" or key in skipped:
            continue
        value = getattr(entity, key)
        column = mapper.local_table.columns.get(key)
        foreign = next(iter(column.foreign_keys), None) if column is not None else None
        if foreign is not None:
            name = key[:-3] if key.endswith("_id") else key
            out[f"{name}_uuid"] = _uuid_of(session, foreign.column.table, value)
            continue
        out[key] = _jsonable(value)
    return out


def _uuid_of(session: Optional[Session], table, row_id: Optional[int]) -> Optional[str]:
    if row_id is None or session is None or "uuid" not in table.c:
        return None
    found = session.execute(select(table.c.uuid).where(table.c.id == row_id)).scalar()
    return str(found) if found is not None else None


def record(
    session: Session,
    action: str,
    entity: Any = None,
    before: Optional[dict[str, Any]] = None,
    after: Optional[dict[str, Any]] = None,
    entity_type: Optional[str] = None,
) -> AuditEntry:
    """Append one entry for ``action`` (a dotted verb like ``coding.apply``)."""
    entry = AuditEntry(**entry_row(
        session, action, entity_type or (type(entity).__tablename__ if entity is not None else "project"),
        getattr(entity, "uuid", None), before, after))
    session.add(entry)
    return entry


def record_many(
    session: Session, action: str, entity_type: str,
    items: list[tuple[uuid.UUID, Optional[dict[str, Any]], Optional[dict[str, Any]]]], plain: bool = False,
) -> None:
    """Append one entry per (entity uuid, before, after) in a single statement:
    the same log as ``record`` called for each, at bulk-import speed
    (``plain``: see ``storage.audit_rows.entry_row``)."""
    if not items:
        return
    now = dt.datetime.now(dt.timezone.utc)
    from storage.bulk import insert_rows, new_uuids

    insert_rows(session, AuditEntry.__table__, [
        entry_row(session, action, entity_type, entity_uuid, before, after, now, plain, uid)
        for (entity_uuid, before, after), uid in zip(items, new_uuids(len(items)))])


def entries(session: Session, entity_uuid: Optional[uuid.UUID] = None) -> list[AuditEntry]:
    stmt = select(AuditEntry).order_by(AuditEntry.id)
    if entity_uuid is not None:
        stmt = stmt.where(AuditEntry.entity_uuid == entity_uuid)
    return list(session.scalars(stmt))
