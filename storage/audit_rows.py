"""The one shape of every audit entry, single or bulk, from every layer: the
core's ``coding.audit`` and the store's own first entry (``project.create``)
build their rows here."""
from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Optional

from sqlalchemy.orm import Session


PLAIN = (str, int, float, bool, type(None))


def jsonable(value: Any) -> Any:
    """A value as JSON can hold it (uuids and dates as text)."""
    if type(value) in PLAIN:  # most values: no further look (bulk imports log tens of thousands)
        return value
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: v if type(v) in PLAIN else jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return value


def entry_row(session: Session, action: str, entity_type: str, entity_uuid: Optional[uuid.UUID],
              before: Optional[dict[str, Any]], after: Optional[dict[str, Any]],
              at: Optional[dt.datetime] = None, plain: bool = False,
              uid: Optional[uuid.UUID] = None) -> dict[str, Any]:
    """The one shape of every audit entry, single or bulk: who (the
    transaction's actor), what, on which entity (by uuid), before and after,
    when, and the transaction it belongs to.  ``plain``: before and after
    hold only text, numbers and None already (a bulk import's own records),
    so they are stored as given; ``uid``: the entry's own uuid, made in bulk."""
    if "transaction_uuid" not in session.info:
        raise RuntimeError("changes must run inside ProjectStore.transaction(actor)")
    return {"uuid": uid or uuid.uuid4(), "at": at or dt.datetime.now(dt.timezone.utc),
            "actor": session.info.get("actor", "system"), "action": action, "entity_type": entity_type,
            "entity_uuid": entity_uuid, "before": before if plain or before is None else jsonable(before),
            "after": after if plain or after is None else jsonable(after),
            "transaction_uuid": session.info["transaction_uuid"]}
