"""The audit log: every change the core makes writes one entry here.

``record`` reads the actor and the transaction id from the session, which
``ProjectStore.transaction`` sets, so services never pass them around.
"""
from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Iterable, Optional

from sqlalchemy import insert, inspect, select
from sqlalchemy.orm import Session

from storage.models import AuditEntry

# Columns too large to copy into log entries (a source's whole text), by table;
# the source's SHA-256 and length are logged instead.
_SKIPPED_COLUMNS = {"source": {"text"}}


def snapshot(entity: Any, skip: Iterable[str] = ()) -> dict[str, Any]:
    """A JSON-safe dict of an entity's column values (integer keys left out:
    the log speaks in uuids so it stays meaningful in copies of a project)."""
    mapper = inspect(entity).mapper
    out: dict[str, Any] = {}
    skipped = _SKIPPED_COLUMNS.get(mapper.local_table.name, set()) | set(skip)
    for attr in mapper.column_attrs:
        key = attr.key
        if key == "id" or key in skipped:
            continue
        out[key] = _jsonable(getattr(entity, key))
    return out


def _jsonable(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def record(
    session: Session,
    action: str,
    entity: Any = None,
    before: Optional[dict[str, Any]] = None,
    after: Optional[dict[str, Any]] = None,
    entity_type: Optional[str] = None,
) -> AuditEntry:
    """Append one entry for ``action`` (a dotted verb like ``coding.apply``)."""
    if "transaction_uuid" not in session.info:
        raise RuntimeError("changes must run inside ProjectStore.transaction(actor)")
    entry = AuditEntry(
        actor=session.info.get("actor", "system"),
        action=action,
        entity_type=entity_type or (type(entity).__tablename__ if entity is not None else "project"),
        entity_uuid=getattr(entity, "uuid", None),
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
        transaction_uuid=session.info["transaction_uuid"],
    )
    session.add(entry)
    return entry


def record_many(
    session: Session, action: str, entity_type: str,
    items: list[tuple[uuid.UUID, Optional[dict[str, Any]], Optional[dict[str, Any]]]],
) -> None:
    """Append one entry per (entity uuid, before, after) in a single statement:
    the same log as ``record`` called for each, at bulk-import speed."""
    if not items:
        return
    if "transaction_uuid" not in session.info:
        raise RuntimeError("changes must run inside ProjectStore.transaction(actor)")
    actor, txn, now = session.info.get("actor", "system"), session.info["transaction_uuid"], dt.datetime.now(dt.timezone.utc)
    session.execute(insert(AuditEntry), [
        {"uuid": uuid.uuid4(), "at": now, "actor": actor, "action": action, "entity_type": entity_type,
         "entity_uuid": entity_uuid, "before": _jsonable(before) if before is not None else None,
         "after": _jsonable(after) if after is not None else None, "transaction_uuid": txn}
        for entity_uuid, before, after in items
    ])


def entries(session: Session, entity_uuid: Optional[uuid.UUID] = None) -> list[AuditEntry]:
    stmt = select(AuditEntry).order_by(AuditEntry.id)
    if entity_uuid is not None:
        stmt = stmt.where(AuditEntry.entity_uuid == entity_uuid)
    return list(session.scalars(stmt))
