"""Inserting many rows at bulk-import speed: one ``executemany`` with the
values put through each column's own SQLAlchemy bind processor (so they are
stored exactly as an ORM insert stores them: uuids, dates and JSON in the
dialect's form), without compiling parameters row by row — a third of the
time of ``session.execute(insert(table), rows)`` for 36,000 codings and
their audit entries."""
from __future__ import annotations

from typing import Any

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
    keys = [c.key for c in columns]
    cached = [_once(p) if p is not None else None for p in processors]
    data = [tuple(p(r[k]) if p is not None else r[k] for k, p in zip(keys, cached)) for r in rows]
    conn.exec_driver_sql(sql, data)


def _once(process):
    """``process`` remembering its last value: a bulk insert repeats one
    timestamp on every row, which then costs one conversion, not thousands."""
    last: list = [object(), None]

    def run(value):
        if value is last[0]:
            return last[1]
        last[0], last[1] = value, process(value)
        return last[1]

    return run
