"""Two coders coding the same SQLite project file at once, each in a
process of their own, one user action at a time as the GUI does: every
coding lands and is logged once, neither ever sees "database is locked"
(a writer waits for the other's transaction), and the file stays whole."""
from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from storage import create_project
from tests.factories import seed

REPO = Path(__file__).resolve().parents[2]
K = 150


def test_two_processes_coding_one_file_at_once_lose_nothing(tmp_path):
    path = tmp_path / "shared.tandem"
    with create_project(path) as store:
        names = seed(store)
    children = [subprocess.Popen([sys.executable, "-m", "tests.faults.coding_writer", str(path), names[who], str(K)],
                                 cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 text=True) for who in ("a", "b")]
    for child in children:  # both connected and ready: then both go at once
        assert child.stdout.readline().strip() == "ready", child.stderr.read()
    for child in children:
        child.stdin.write("go\n")
        child.stdin.flush()
    for child in children:
        _out, err = child.communicate(timeout=300)
        assert child.returncode == 0 and "locked" not in err.lower(), err
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        per_coder = conn.execute("SELECT coder.name, count(*) FROM coding JOIN coder ON coder.id = coding.coder_id "
                                 "GROUP BY coder.name ORDER BY coder.name").fetchall()
        logged = conn.execute("SELECT actor, count(*) FROM audit_entry WHERE action = 'coding.apply' "
                              "GROUP BY actor ORDER BY actor").fetchall()
    finally:
        conn.close()
    assert per_coder == logged == sorted([(names["a"], K), (names["b"], K)])
