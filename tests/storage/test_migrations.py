"""Migrations: a project made at the first revision, with data, upgrades to
head with its data intact, after a backup copy is written beside it."""
from __future__ import annotations

import sqlite3
import struct
import uuid

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine

from storage import migrate, open_project, open_url
from storage.models import Base
from storage.store import APPLICATION_ID, _sqlite_engine


def make_first_revision_project(path):
    engine = _sqlite_engine(path)
    with engine.begin() as conn:
        conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
    migrate.upgrade(engine, "0001")
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO project (id, uuid, title, description, settings, created_at) "
            f"VALUES (1, '{uuid.uuid4().hex}', 'Old study', '', '{{}}', '2025-01-01 00:00:00')")
        conn.exec_driver_sql(
            "INSERT INTO code (id, uuid, name, description, colour, parent_id, codable, exclusive, position, created_at) "
            f"VALUES (1, '{uuid.uuid4().hex}', 'Trust', 'Apply when...', '#AABBCC', NULL, 1, 0, 0, '2025-01-01 00:00:00')")
        conn.exec_driver_sql(
            "INSERT INTO source (id, uuid, name, kind, text, original_filename, sha256, imported_at, meta) "
            f"VALUES (1, '{uuid.uuid4().hex}', 'fg', 'focus-group', 'Ana: 😀 fine.', 'fg.txt', 'x', "
            "'2025-01-01 00:00:00', '{}')")
    engine.dispose()


def test_first_revision_upgrades_to_head_with_data_intact(tmp_path):
    path = tmp_path / "old.tandem"
    make_first_revision_project(path)
    with open_project(path) as store:
        with store.engine.connect() as conn:
            assert migrate.current_revision(conn) == migrate.head()
            row = conn.exec_driver_sql(
                "SELECT name, description, colour, inclusion, exclusion, example FROM code").one()
        assert tuple(row) == ("Trust", "Apply when...", "#AABBCC", "", "", "")
        assert store.title() == "Old study"
        with store.engine.connect() as conn:  # 0003 stores each source's length in code points
            assert conn.exec_driver_sql("SELECT n_chars FROM source").scalar() == len("Ana: 😀 fine.")
    backups = [p for p in tmp_path.iterdir() if ".backup-0001-" in p.name]
    assert len(backups) == 1
    conn = sqlite3.connect(backups[0])
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    assert conn.execute("SELECT name FROM code").fetchone() == ("Trust",)
    conn.close()


def test_application_id_survives_migration(tmp_path):
    path = tmp_path / "old.tandem"
    make_first_revision_project(path)
    open_project(path).close()
    assert struct.unpack(">I", path.read_bytes()[68:72])[0] == APPLICATION_ID


def test_models_and_migrations_agree_on_sqlite(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'x.db'}")
    migrate.upgrade(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_models_and_migrations_agree_on_postgresql(pg_url):
    url, kwargs = pg_url
    store = open_url(url, **kwargs)
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    store.close()
    assert diff == []


def test_head_constant_matches_the_migration_scripts():
    """Opening a current project compares with ``migrate.HEAD`` (no Alembic import)."""
    assert migrate.HEAD == migrate.head()
