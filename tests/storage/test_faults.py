"""Faults around the project file: another program holding the write lock,
a backup that cannot be written, a migration that rebuilds a table."""
from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from coding import codebook, coders, memos
from storage import migrate, open_project, store as store_module
from storage.errors import ProjectBusyError, StorageError
from tests.cli.test_cli import run


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def demo(demo_template) -> Path:
    return demo_template


@pytest.fixture
def locked(demo, tmp_path, monkeypatch):
    """A copy of the demo whose write lock another connection holds."""
    path = tmp_path / "locked.tandem"
    path.write_bytes(demo.read_bytes())
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", 150)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    yield path
    other.execute("ROLLBACK")
    other.close()


def test_a_locked_project_is_waited_for_then_refused_with_one_message(locked):
    with open_project(locked) as store:
        with pytest.raises(ProjectBusyError, match="busy: another window or program"):
            with store.transaction("Priya") as s:
                coders.create_coder(s, "Locky")
        with store.session() as s:  # readers are never blocked
            assert coders.find_coder(s, "Locky") is None


def test_the_cli_says_busy_in_one_line(capsys, locked):
    code, out, err = run(capsys, "coders", "add", str(locked), "Locky")
    assert code == 1 and err.count("\n") == 1 and "busy" in err and "Traceback" not in err


def test_a_backup_that_cannot_be_written_leaves_the_old_project_untouched(tmp_path, monkeypatch):
    path = tmp_path / "old.tandem"
    engine = store_module._sqlite_engine(path)
    with engine.begin() as conn:
        conn.exec_driver_sql(f"PRAGMA application_id = {store_module.APPLICATION_ID}")
    migrate.upgrade(engine, "0001")
    engine.dispose()
    before = digest(path)
    from storage import backups

    blocker = backups.backup_path_for(path, "0001")
    monkeypatch.setattr(backups, "backup_path_for", lambda p, r, w="upgrade": blocker)
    blocker.mkdir()  # a folder where the backup file must go
    with pytest.raises(StorageError, match="backup copy .* could not be written"):
        open_project(path)
    assert digest(path) == before


def test_a_migration_that_rebuilds_tables_keeps_every_row_and_reference(demo, tmp_path):
    from alembic.operations import Operations
    from alembic.runtime.migration import MigrationContext

    path = tmp_path / "rebuild.tandem"
    path.write_bytes(demo.read_bytes())
    with open_project(path) as store:
        with store.transaction("Priya Raman") as s:
            memos.add_memo(s, "about this code", code=codebook.get_code(s, "Programme outcomes/Benefits"))
        with store.session() as s:
            counts = [s.execute(text(f"SELECT count(*) FROM {t}")).scalar()
                      for t in ("code", "coding", "memo")]
        with migrate.migration_connection(store.engine) as conn:  # what batch mode does to a table
            ops = Operations(MigrationContext.configure(conn))
            with ops.batch_alter_table("code", recreate="always"):
                pass
        with store.session() as s:
            assert [s.execute(text(f"SELECT count(*) FROM {t}")).scalar()
                    for t in ("code", "coding", "memo")] == counts
            assert s.execute(text("PRAGMA foreign_keys")).scalar() == 1
