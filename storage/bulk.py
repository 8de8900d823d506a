"""Inserting many rows at bulk-import speed: one ``executemany`` with the
values put through each column's own SQLAlchemy bind processor (so they are
stored exactly as an ORM insert stores them: uuids, dates and JSON in the
dialect's form), without compiling parameters row by row — a third of the
time of ``session.execute(insert(table), rows)`` for 36,000 codings and
their audit entries."""
from __future__ import annotations

import gc
import os
import uuid
from contextlib import contextmanager
from typing import Any, Iterator

from sqlalchemy import Table
from sqlalchemy.orm import Session


def plain_rows(session: Session, model, where=None) -> list[dict[str, Any]]:
    """The rows of ``model`` (optionally ``where``) as plain dicts of column
    values: what ``insert_rows`` and ORM constructors take back."""
    from sqlalchemy import select

    keys = [c.key for c in model.__table__.columns]
    stmt = select(model) if where is None else select(model).where(where)
    return [{k: getattr(r, k) for k in keys} for r in session.scalars(stmt)]


def insert_rows(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` (dicts with the same keys, column keys) into ``table``
    in the session's transaction."""
    if not rows:
        return
    conn = session.connection()
    dialect = conn.dialect
    columns = [c for c in table.columns if c.key in rows[0]]
    processors = [c.type._cached_bind_processor(dialect) for c in columns]
    quote = dialect.identifier_preparer.quote
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    sql = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(c.name) for c in columns)}) "
           f"VALUES ({', '.join([mark] * len(columns))})")
    columns_data = [_converted([r[c.key] for r in rows], p) for c, p in zip(columns, processors)]
    conn.exec_driver_sql(sql, list(zip(*columns_data)))


def _converted(values: list, process) -> list:
    """One column's values in the dialect's form, converted column by column
    (a third faster than row by row); a value repeated on every row (a bulk
    insert's one timestamp) is converted once."""
    if process is None:
        return values
    first = values[0]
    if all(v is first for v in values):
        return [process(first)] * len(values)
    return list(map(process, values))


def new_uuids(n: int) -> list[uuid.UUID]:
    """``n`` random (version 4) uuids from one read of the system's random
    source: ``uuid.uuid4()`` asks the kernel once per uuid, which made up a
    fifth of a bulk import of codings and their audit entries."""
    raw = os.urandom(16 * n)
    return [uuid.UUID(bytes=raw[at:at + 16], version=4) for at in range(0, 16 * n, 16)]


@contextmanager
def paused_gc() -> Iterator[None]:
    """Python's cycle collector paused while a bulk import builds its rows:
    hundreds of thousands of new objects, none of them in a cycle, made it
    walk every live object again and again (a tenth of importing 36,000
    codings).  Whatever state it was in is restored."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
