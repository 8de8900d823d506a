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


def test_five_processes_making_the_same_names_on_postgresql_make_each_once(pg_url):
    """Find-or-create is safe under concurrency: one top-level code, one coder,
    one case per name, and no raw "duplicate key" error for anyone."""
    from sqlalchemy import create_engine, text

    from storage import open_url

    url, kwargs = pg_url
    open_url(url, **kwargs).close()  # the schema, migrated once
    schema = kwargs["connect_args"]["options"].split("=", 1)[1]
    children = [subprocess.Popen([sys.executable, "-m", "tests.faults.pg_writer", url, schema, f"P{n}", "15"],
                                 cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                for n in range(5)]
    for child in children:
        _out, err = child.communicate(timeout=300)
        assert child.returncode == 0, err
    engine = create_engine(url, **kwargs)
    with engine.connect() as conn:
        top = conn.execute(text("SELECT count(*) FROM code WHERE parent_id IS NULL AND name = 'Shared'")).scalar()
        codes = conn.execute(text("SELECT count(*) FROM code WHERE name LIKE 'code %'")).scalar()
        people = conn.execute(text("SELECT count(*) FROM coder WHERE name LIKE 'Coder %'")).scalar()
        cases = conn.execute(text('SELECT count(*) FROM "case" WHERE name LIKE \'Case %\'')).scalar()
    engine.dispose()
    assert (top, codes, people, cases) == (1, 15, 15, 16)


@pytest.mark.parametrize("what,name", [("coders", "x" * 201), ("codebook", "y" * 301)])
def test_both_engines_refuse_the_same_overlong_names_with_one_message(tmp_path, pg_url, what, name):
    from coding import access, codebook, coders
    from coding.errors import InvalidRequest
    from storage import create_project, open_url

    url, kwargs = pg_url
    for store in (create_project(tmp_path / "p.tandem"), open_url(url, **kwargs)):
        with pytest.raises(InvalidRequest, match="may be at most"):
            with store.transaction(access.system("t")) as s:
                coders.create_coder(s, name) if what == "coders" else codebook.ensure_path(s, name)
        store.close()
