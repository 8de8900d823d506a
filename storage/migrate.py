"""Alembic, driven from code: the migration scripts ship inside the package.

Opening a current project needs no Alembic at all (its import costs 0.15 s of
every start): the revision is read with one query and compared with ``HEAD``,
which a test keeps equal to the scripts' head.  Alembic is imported only to
list old revisions and to upgrade.
"""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Optional

from sqlalchemy import Connection, Engine, inspect, text

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
HEAD = "0010"  # the newest migration's revision (tests/storage checks it)


def config():
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def script():
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(config())


def head() -> str:
    return script().get_current_head()


def known_revisions() -> set[str]:
    return {rev.revision for rev in script().walk_revisions()}


def status_of(revision: Optional[str]) -> str:
    """``current``, ``old`` (needs upgrading) or ``unknown`` (a newer Tandem's)."""
    if revision == HEAD:
        return "current"
    if revision is None or revision in known_revisions():
        return "old"
    return "unknown"


def current_revision(conn: Connection) -> Optional[str]:
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


@contextmanager
def migration_connection(engine: Engine) -> Iterator[Connection]:
    """A connection in one transaction for schema changes.

    On SQLite, foreign keys are switched off first (outside the transaction,
    the only place SQLite allows it): Alembic's batch mode rebuilds a table by
    copying it and dropping the old one, which with foreign keys on would fail
    — or cascade deletes into other tables.  Before committing, every foreign
    key is checked; a migration that broke one is rolled back.
    """
    with engine.connect() as conn:
        sqlite = engine.dialect.name == "sqlite"
        if sqlite:
            conn.connection.dbapi_connection.execute("PRAGMA foreign_keys = OFF")
        try:
            with conn.begin():
                yield conn
                if sqlite:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"a migration left {len(broken)} broken references "
                                           f"(first: {broken[0]}); the project was not changed")
        finally:
            if sqlite:
                conn.connection.dbapi_connection.execute("PRAGMA foreign_keys = ON")


def upgrade(engine: Engine, target: str = "head") -> None:
    """Upgrade in one transaction (SQLite and PostgreSQL both have transactional DDL)."""
    from alembic import command

    cfg = config()
    with migration_connection(engine) as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, target)
