"""Two and five processes writing one SQLite project at once: every write
lands (a writer waits for the lock instead of failing), nothing is written
twice, the audit log has one entry per change, and the file stays whole."""
from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from storage import create_project

REPO = Path(__file__).resolve().parents[2]
K = 25


@pytest.mark.parametrize("writers", [2, 5])
def test_concurrent_writers_all_land(tmp_path, writers):
    path = tmp_path / "shared.tandem"
    create_project(path).close()
    children = [subprocess.Popen([sys.executable, "-m", "tests.faults.writer", str(path), f"W{n}", str(K)],
                                 cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                for n in range(writers)]
    for child in children:
        _out, err = child.communicate(timeout=300)
        assert child.returncode == 0, err
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        leaves = conn.execute("SELECT count(*) FROM code WHERE name LIKE 'code %'").fetchone()[0]
        created = conn.execute("SELECT count(*) FROM audit_entry WHERE action = 'code.create'").fetchone()[0]
    finally:
        conn.close()
    assert leaves == writers * K
    assert created == writers * K + writers + 1  # the codes, each writer's folder, "Concurrency"
