"""SIGKILL in the middle of every kind of write — an import, a codings import,
a reconciliation batch, a merge, a migration, an export — leaves the project
all or nothing, with SQLite's integrity check ok and Tandem opening it whole,
and never a partial export in place of a good file.  The child process stops
at the chosen moment itself (tests/faults/kill_child.py) and is killed while
it waits there: no timing, no sleeps."""
from __future__ import annotations

import hashlib
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from storage import open_project

REPO = Path(__file__).resolve().parents[2]
VTT = """WEBVTT

00:00:01.000 --> 00:00:04.000
<v Ana>The meetings were short but useful.

00:00:05.000 --> 00:00:09.000
<v Ben>Mine were cancelled twice, then nothing.
"""


def _kill_at(moment: str, *args: str, kill: bool = True) -> None:
    """Run the child to its pause, then SIGKILL it (``kill``), or let it
    finish (the control: the pause was on the way to a real change)."""
    child = subprocess.Popen([sys.executable, "-m", "tests.faults.kill_child", moment, *args], cwd=REPO,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = child.stdout.readline()
        assert line.strip() == "PAUSED", f"the child did not reach its pause: {line!r} {child.stderr.read()}"
        if not kill:
            child.stdin.close()  # every pause returns at once: the command runs to its end
            assert child.wait(timeout=120) == 0, child.stderr.read()
            return
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=60) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
        for stream in (child.stdin, child.stdout, child.stderr):
            if not stream.closed:
                stream.close()


def _state(path: Path) -> dict:
    conn = sqlite3.connect(path)  # a plain connection replays (or discards) what the WAL holds
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
                for t in ("source", "section", "coding", "code", "coder", "decision", "audit_entry")}
    finally:
        conn.close()


@pytest.fixture
def project(demo_template, tmp_path):
    path = tmp_path / "p.tandem"
    path.write_bytes(demo_template.read_bytes())
    return path


def _copy(path: Path) -> Path:
    twin = path.with_name("control-" + path.name)
    twin.write_bytes(path.read_bytes())
    return twin


def _control(path: Path, *args: str) -> None:
    """The same command, not killed, on a copy: it does change the project."""
    twin = _copy(path)
    before = _state(twin)
    _kill_at("commit", *[str(twin) if a == str(path) else a for a in args], kill=False)
    assert _state(twin) != before


def _whole(path: Path) -> None:
    with open_project(path) as store:
        assert store.damaged is None and store.read_only is None


def test_killed_during_an_import(project, tmp_path):
    vtt = tmp_path / "extra.vtt"
    vtt.write_text(VTT, encoding="utf-8")
    _control(project, "cli", "import", str(project), str(vtt), "--as", "Priya Raman")
    before = _state(project)
    _kill_at("commit", "cli", "import", str(project), str(vtt), "--as", "Priya Raman")
    assert _state(project) == before
    _whole(project)


def test_killed_during_a_codings_import(project, tmp_path, capsys):
    from tests.cli.test_cli import run

    exported = tmp_path / "codings.csv"
    assert run(capsys, "codings", "export", str(project), str(exported), "--coder", "Daniel Osei",
               "--as", "Priya Raman")[0] == 0
    text = exported.read_text(encoding="utf-8").replace("Daniel Osei", "Kim Lee")
    (tmp_path / "kim.csv").write_text(text, encoding="utf-8")
    _control(project, "cli", "codings", "import", str(project), str(tmp_path / "kim.csv"), "--as", "Priya Raman")
    before = _state(project)
    _kill_at("commit", "cli", "codings", "import", str(project), str(tmp_path / "kim.csv"), "--as", "Priya Raman")
    assert _state(project) == before
    _whole(project)


def test_killed_during_a_reconciliation_batch(project, capsys):
    import json

    from tests.cli.test_cli import run

    code, out, _ = run(capsys, "discrepancies", str(project), "--as", "Priya Raman", "--json")
    open_ones = [d for d in json.loads(out) if d["status"] == "pending" and d["class"] in ("a_only", "b_only")][:8]
    assert len(open_ones) == 8
    decide = [arg for d in open_ones for arg in ("--decide", f"{d['id']}=accept-{d['class'][0]}")]
    _control(project, "cli", "reconcile", str(project), "--as", "Priya Raman", *decide)
    before = _state(project)
    _kill_at("commit", "cli", "reconcile", str(project), "--as", "Priya Raman", *decide)
    assert _state(project) == before
    _whole(project)


def test_killed_during_a_merge(project):
    merge = ("merge", str(project), "Programme outcomes/Benefits/Career guidance",
             "Programme outcomes/Benefits/Confidence and wellbeing")
    _control(project, *merge)
    before = _state(project)
    _kill_at("commit", *merge)
    assert _state(project) == before
    _whole(project)


def test_killed_during_a_migration(project, tmp_path):
    from storage import migrate

    from storage import store as store_module

    old = tmp_path / "old.tandem"  # a project written by an older Tandem (schema 0005), with data in it
    engine = store_module._sqlite_engine(old)
    with engine.begin() as conn:
        conn.exec_driver_sql(f"PRAGMA application_id = {store_module.APPLICATION_ID}")
    migrate.upgrade(engine, "0005")
    engine.dispose()
    conn = sqlite3.connect(old)
    with conn:
        conn.execute("INSERT INTO coder (uuid, name, colour, role, created_at) VALUES "
                     "('22222222222222222222222222222222', 'Ana', '#000000', 'coder', '2026-01-01')")
    conn.close()
    before = _state(old)
    _kill_at("commit", "cli", "coders", "list", str(old))
    assert _state(old) == before
    conn = sqlite3.connect(old)
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0005"
    conn.close()
    from storage import backups

    [backup] = backups.list_backups(old)  # the copy taken before the upgrade is complete
    assert _state(backup.path) == before
    with open_project(old) as store:  # the next open upgrades it
        assert store.damaged is None
    conn = sqlite3.connect(old)
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == migrate.HEAD
    conn.close()


@pytest.mark.parametrize("kind,name", [("segments", "segments.csv"), ("codebook", "codebook.docx"),
                                       ("table", "table.docx")])
def test_killed_during_an_export_leaves_the_good_file(project, tmp_path, kind, name):
    target = tmp_path / name
    target.write_bytes(b"the good file from yesterday")
    good = hashlib.sha256(target.read_bytes()).hexdigest()
    _kill_at("replace", "cli", "export", kind, str(project), str(target), "--as", "Priya Raman")
    assert hashlib.sha256(target.read_bytes()).hexdigest() == good
