"""Alembic, driven from code: the migration scripts ship inside the package.

Opening a current project needs no Alembic at all (its import costs 0.15 s of
every start): the revision is read with one query and compared with ``HEAD``,
which a test keeps equal to the scripts' head.  Alembic is imported only to
list old revisions and to upgrade.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from sqlalchemy import Connection, Engine, inspect, text

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
HEAD = "0002"  # the newest migration's revision (tests/storage checks it)


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


def upgrade(engine: Engine, target: str = "head") -> None:
    """Upgrade in one transaction (SQLite and PostgreSQL both have transactional DDL)."""
    from alembic import command

    cfg = config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, target)
