"""Nothing lost, nothing wrong: file names reach SQLite as given, a damaged
or tampered project is never written to (and says how to get back), a
read-only one is still read, a flipped byte in a transcript is caught, the
audit log cannot be rewritten, and a full disk is reported as a full disk.
Each on a real project file (the demo), with real faults."""
from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from coding import access, coders, views
from storage import create_project, integrity, open_project
from storage.errors import DamagedProjectError, StorageError
from tests.cli.test_cli import run
from tests.disk import chattr, fill_disk


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("name", ["a%20b.tandem", "inventory?.tandem", "x#y;z&.tandem", "50%.tandem"])
def test_file_names_reach_sqlite_exactly_as_given(tmp_path, name, capsys):
    inventory = tmp_path / "inventory"
    other = sqlite3.connect(inventory)
    other.execute("CREATE TABLE t (x)")
    other.commit()
    other.close()
    before = digest(inventory)
    path = tmp_path / name
    create_project(path).close()
    assert run(capsys, "coders", "add", str(path), "X")[0] == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["inventory", name])
    assert digest(inventory) == before  # another program's database is never written
    with open_project(path) as store, store.session() as s:
        assert [c.name for c in coders.list_coders(s)] == ["X"]


def test_a_file_cut_short_is_damaged_read_only_and_says_how_to_get_back(demo_template, tmp_path, capsys):
    path = tmp_path / "cut.tandem"
    data = demo_template.read_bytes()
    path.write_bytes(data[:-1])
    before = digest(path)
    store = open_project(path)
    assert store.damaged and "cut short" in store.damaged and "tandem restore" in store.damaged
    with pytest.raises(DamagedProjectError, match="damaged"):
        with store.transaction(access.system("t")) as s:
            coders.create_coder(s, "Nobody")
    store.close()
    code, _out, err = run(capsys, "coders", "add", str(path), "Nobody")
    assert code == 1 and err.count("\n") == 1 and "restore" in err
    assert digest(path) == before


def test_a_flipped_byte_in_a_transcript_is_caught_when_the_text_is_read(demo_template, tmp_path, capsys):
    path = tmp_path / "flip.tandem"
    path.write_bytes(demo_template.read_bytes())
    with open_project(path) as store, store.session() as s:
        source = next(x for x in views.source_summaries(s, access.system("t"), None) if x.kind == "focus-group")
    raw = bytearray(path.read_bytes())
    at = raw.find("Honestly? That I could just message her.".encode())
    assert at > 0
    raw[at + 8] = ord("#")  # "Honestly#": the database's structure stays whole
    path.write_bytes(bytes(raw))
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    before = digest(path)
    with open_project(path) as store, store.session() as s:
        with pytest.raises(DamagedProjectError, match="checksum no longer matches"):
            views.document(s, access.system("t"), source.uuid)
    out = tmp_path / "segments.csv"
    code, _o, err = run(capsys, "export", "segments", str(path), str(out), "--as", "Priya Raman")
    assert code == 1 and "not the text that was imported" in err and not out.exists()
    code, _o, err = run(capsys, "agree", str(path), "--as", "Priya Raman")
    assert code == 1 and "checksum" in err
    assert digest(path) == before


def test_the_audit_log_cannot_be_replaced_or_emptied(demo_template, tmp_path):
    path = tmp_path / "log.tandem"
    path.write_bytes(demo_template.read_bytes())
    with open_project(path) as store:
        with store.engine.connect() as conn:
            first = conn.execute(text("SELECT id, uuid, transaction_uuid FROM audit_entry ORDER BY id LIMIT 1")).one()
        for sql in (f"INSERT OR REPLACE INTO audit_entry (id, uuid, at, actor, action, entity_type, transaction_uuid)"
                    f" VALUES ({first.id}, X'{'00' * 16}', '2026-01-01', 'mallory', 'x', 'x', X'{'00' * 16}')",
                    "REPLACE INTO audit_entry (uuid, at, actor, action, entity_type, transaction_uuid) "
                    f"SELECT uuid, at, 'mallory', action, entity_type, transaction_uuid FROM audit_entry "
                    f"WHERE id = {first.id}"):
            with pytest.raises(Exception, match="append-only"):
                with store.engine.begin() as conn:
                    conn.exec_driver_sql(sql)
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT actor FROM audit_entry WHERE id = :i"), {"i": first.id}).scalar() \
                != "mallory"


def test_a_project_whose_audit_triggers_were_dropped_is_treated_as_damaged(demo_template, tmp_path):
    path = tmp_path / "tampered.tandem"
    path.write_bytes(demo_template.read_bytes())
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TRIGGER audit_entry_no_delete")
    with open_project(path) as store:
        assert store.damaged and "audit_entry_no_delete" in store.damaged
        with pytest.raises(DamagedProjectError):
            store.check_writable()


def test_truncate_of_the_audit_log_is_refused_and_a_dropped_trigger_seen_on_postgresql(pg_url):
    from storage import open_url

    url, kwargs = pg_url
    store = open_url(url, **kwargs)
    try:
        with pytest.raises(Exception, match="append-only"):
            with store.engine.begin() as conn:
                conn.exec_driver_sql("TRUNCATE audit_entry")
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM audit_entry").scalar() >= 1
        with store.engine.begin() as conn:  # someone drops the log's protection
            conn.exec_driver_sql("DROP TRIGGER audit_entry_append_only ON audit_entry")
    finally:
        store.close()
    store = open_url(url, **kwargs)
    try:
        assert store.damaged and "audit_entry_append_only" in store.damaged
        with pytest.raises(DamagedProjectError):
            with store.transaction(access.system("t")) as s:
                coders.create_coder(s, "Nobody")
    finally:
        store.close()


def test_an_immutable_project_is_read_and_exported_but_never_changed(demo_template, tmp_path, capsys):
    path = tmp_path / "frozen.tandem"
    path.write_bytes(demo_template.read_bytes())
    before = digest(path)
    chattr("+i", path)
    try:
        with open_project(path) as store:
            assert store.read_only and not store.damaged
            with pytest.raises(StorageError, match="read-only .* changes cannot be saved"):
                with store.transaction(access.system("t")) as s:
                    coders.create_coder(s, "Nobody")
        code, out, err = run(capsys, "coders", "list", str(path))
        assert code == 0 and "Priya Raman" in out and "read-only" in err
        target = tmp_path / "codebook.csv"
        assert run(capsys, "export", "codebook", str(path), str(target), "--as", "Priya Raman")[0] == 0
        assert target.stat().st_size > 0
        code, _o, err = run(capsys, "coders", "add", str(path), "Nobody")
        assert code == 1 and err.count("\n") == 1 and "read-only" in err
    finally:
        chattr("-i", path)
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["codebook.csv", "frozen.tandem"]  # no -wal, no -shm


def test_a_full_disk_says_so_and_the_project_reads_once_space_is_back(demo_template, small_disk, capsys):
    path = small_disk / "p.tandem"
    path.write_bytes(demo_template.read_bytes())
    filler = fill_disk(small_disk)  # to the last byte
    code, _o, err = run(capsys, "coders", "add", str(path), "Zed")
    assert code == 1 and ("disk" in err.lower() or "space" in err.lower()) and "restore" not in err.lower()
    code, out, err = run(capsys, "coders", "list", str(path))  # reading still works, and says why not writing
    assert code == 0 and "Priya Raman" in out and "disk it is on is full" in err
    assert "restore" not in err.lower() and "backup" not in err.lower()
    filler.unlink()
    code, out, err = run(capsys, "coders", "list", str(path))
    assert code == 0 and "Priya Raman" in out


def test_a_large_project_is_checked_once_until_it_changes(tmp_path, monkeypatch):
    monkeypatch.setattr(integrity, "ALWAYS_CHECK", 0)  # every project counts as large
    path = tmp_path / "big.tandem"
    create_project(path).close()
    assert not integrity.needs_check(path)  # found whole when closed after Tandem's own writes
    with open(path, "r+b") as fh:  # another program touches the file
        fh.seek(0, os.SEEK_END)
    os.utime(path, ns=(1, 1))
    assert integrity.needs_check(path)
    open_project(path).close()
    assert not integrity.needs_check(path)
