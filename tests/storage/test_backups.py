"""Backups beside a project: complete or absent, the last few kept, no second
copy of an unchanged project after a failed upgrade, and restoring — which
keeps the project as it was, refuses a damaged backup and a busy project,
and never replays the old project's WAL into the copy."""
from __future__ import annotations

import sqlite3

import pytest

from coding import access, coders
from storage import backups, migrate, open_project
from storage.errors import ProjectBusyError, StorageError
from tests.cli.test_cli import run


@pytest.fixture
def project(demo_template, tmp_path):
    path = tmp_path / "p.tandem"
    path.write_bytes(demo_template.read_bytes())
    return path


def _add_coder(path, name):
    with open_project(path) as store, store.transaction(access.system("t")) as s:
        coders.create_coder(s, name)


def _has_coder(path, name):
    with open_project(path) as store, store.session() as s:
        return coders.find_coder(s, name) is not None


def test_backups_are_complete_listed_newest_first_and_pruned(project):
    taken = [backups.take_backup(project, migrate.HEAD, "asked") for _ in range(backups.KEEP + 2)]
    found = backups.list_backups(project)
    assert [b.path for b in found] == list(reversed(taken))[:backups.KEEP]
    assert all(b.why == "asked" and b.revision == migrate.HEAD and b.size > 0 for b in found)
    (project.parent / (taken[-1].name + ".part")).write_bytes(b"half a copy")  # a copy killed half-way
    assert len(backups.list_backups(project)) == backups.KEEP
    assert not list(project.parent.glob("*-wal")) and not list(project.parent.glob("*-shm"))
    conn = sqlite3.connect(f"{found[0].path.as_uri()}?mode=ro&immutable=1", uri=True)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    conn.close()


def test_a_failed_upgrade_does_not_take_a_second_copy_of_an_unchanged_project(project):
    first = backups.take_backup(project, "0005", "upgrade")
    assert backups.take_backup(project, "0005", "upgrade") == first
    assert len(backups.list_backups(project)) == 1


def test_restore_keeps_the_project_as_it_was_and_drops_its_wal(project):
    backup = backups.take_backup(project, migrate.HEAD, "asked")
    _add_coder(project, "After")
    writer = sqlite3.connect(project)  # a WAL left beside the project must not be replayed into the copy
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("INSERT INTO coder (uuid, name, colour, role, created_at) VALUES "
                   "('11111111111111111111111111111111', 'InWal', '#000000', 'coder', '2026-01-01')")
    writer.commit()  # still open: its commit waits in the -wal beside the project
    assert (project.parent / (project.name + "-wal")).stat().st_size > 0
    chosen, kept = backups.restore(project, backup)
    writer.close()
    assert chosen == backup and kept is not None and kept.name.endswith("-before-restore")
    assert not _has_coder(project, "After") and not _has_coder(project, "InWal")
    assert _has_coder(kept, "After") and _has_coder(kept, "InWal")


def test_restore_refuses_a_damaged_backup_and_a_busy_project(project):
    backup = backups.take_backup(project, migrate.HEAD, "asked")
    damaged = project.parent / (project.name + ".backup-0006-20260101T000000Z-asked")
    data = bytearray(backup.read_bytes())
    data[4096 * 3: 4096 * 3 + 64] = b"\xff" * 64  # a page of the copy overwritten
    damaged.write_bytes(bytes(data))
    before = project.read_bytes()
    with pytest.raises(StorageError, match="damaged|not a backup"):
        backups.restore(project, damaged)
    other = sqlite3.connect(project, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(ProjectBusyError, match="close it, then restore"):
            backups.restore(project, backup)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert project.read_bytes() == before


def test_the_cli_lists_backups_and_restores_one(project, capsys):
    code, out, _ = run(capsys, "restore", str(project))
    assert code == 0 and "no backup copies" in out
    assert run(capsys, "backup", str(project))[0] == 0
    _add_coder(project, "After")
    code, out, _ = run(capsys, "restore", str(project))
    assert code == 0 and "(asked)" in out and "MB" in out and "tandem restore" in out
    assert _has_coder(project, "After")  # listing restores nothing
    code, out, _ = run(capsys, "restore", str(project), "--latest")
    assert code == 0 and "restored" in out and "kept as" in out
    assert not _has_coder(project, "After")
    code, _o, err = run(capsys, "restore", str(project), "no-such-backup")
    assert code == 1 and err.count("\n") == 1 and "lists the backups" in err
