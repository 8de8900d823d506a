"""Opening, creating and refusing project files."""
from __future__ import annotations

import hashlib
import sqlite3
import uuid

import pytest
from sqlalchemy import text

from coding import access
from storage import NewerSchemaError, NotAProjectError, ProjectExistsError, create_project, open_project
from storage.models import AuditEntry, Project


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def siblings(path) -> set[str]:
    return {p.name for p in path.parent.iterdir()}


def test_create_then_open_keeps_title(tmp_path):
    path = tmp_path / "a.tandem"
    create_project(path, "Mentorship").close()
    with open_project(path) as store:
        assert store.title() == "Mentorship"
    assert siblings(path) == {"a.tandem"}  # no stray -wal/-shm/backup after a clean close


def test_create_refuses_existing_file(tmp_path):
    path = tmp_path / "a.tandem"
    path.write_text("precious")
    with pytest.raises(ProjectExistsError, match="already exists"):
        create_project(path)
    assert path.read_text() == "precious"


def test_pragmas_on_every_connection(sqlite_store):
    with sqlite_store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000


@pytest.mark.parametrize("content, message", [
    (b"", "empty file"),
    (b"Ana: hello\nBen: hi\n", "not a database file"),
    (b"\x00\x01\x02binary", "not a database file"),
])
def test_not_a_project_is_refused_and_untouched(tmp_path, content, message):
    path = tmp_path / "x.tandem"
    path.write_bytes(content)
    with pytest.raises(NotAProjectError, match=message):
        open_project(path)
    assert path.read_bytes() == content
    assert siblings(path) == {"x.tandem"}


def test_other_sqlite_database_is_refused_and_untouched(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (x)")
    conn.execute("INSERT INTO notes VALUES ('keep me')")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(NotAProjectError, match="SQLite database but not a Tandem project"):
        open_project(path)
    assert digest(path) == before
    assert siblings(path) == {"other.db"}


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(NotAProjectError, match="does not exist"):
        open_project(tmp_path / "nope.tandem")
    with pytest.raises(NotAProjectError, match="folder"):
        open_project(tmp_path)


def test_newer_schema_is_refused_and_untouched(tmp_path):
    path = tmp_path / "future.tandem"
    create_project(path, "Future").close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(NewerSchemaError, match="newer version of Tandem.*not changed"):
        open_project(path)
    assert digest(path) == before
    assert siblings(path) == {"future.tandem"}


def test_transaction_rolls_back_everything_on_error(store):
    from coding import coders

    with pytest.raises(RuntimeError):
        with store.transaction(access.system("tester")) as s:
            coders.create_coder(s, "Priya")
            raise RuntimeError("boom")
    with store.session() as s:
        assert coders.list_coders(s) == []
        assert [e.action for e in s.query(AuditEntry)] == ["project.create"]


def test_audit_log_is_append_only_in_the_database(store):
    from coding import coders

    with store.transaction(access.system("tester")) as s:
        coders.create_coder(s, "Priya")
    for sql in ("UPDATE audit_entry SET actor = 'mallory'", "DELETE FROM audit_entry"):
        with pytest.raises(Exception, match="append-only"):
            with store.engine.begin() as conn:
                conn.execute(text(sql))
    with store.session() as s:
        assert [(e.actor, e.action) for e in s.query(AuditEntry)] == [
            ("system", "project.create"), ("tester", "coder.create")]


def test_every_entity_gets_a_stable_uuid(store):
    with store.session() as s:
        project = s.query(Project).one()
        assert isinstance(project.uuid, uuid.UUID)


def test_timestamps_are_utc_aware(store):
    with store.session() as s:
        created = s.query(Project).one().created_at
        assert created.tzinfo is not None and created.utcoffset().total_seconds() == 0
