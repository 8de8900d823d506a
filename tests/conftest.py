"""Shared fixtures.  Qt runs headless; settings go to a temporary folder; the
``store`` fixture runs each test on a real SQLite file and, when a PostgreSQL
server is reachable, again on PostgreSQL (in a schema of its own)."""
from __future__ import annotations

import os
import subprocess
import uuid
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO.parent / "shared" / "samples"
PG_URL = os.environ.get("TANDEM_TEST_PG_URL", "postgresql+psycopg://postgres@localhost:5432/test")

_pg_reason: list = []


def postgres_unavailable() -> str | None:
    """Why PostgreSQL cannot be used for tests (None when it can); asked once."""
    if not _pg_reason:
        from sqlalchemy import create_engine, text

        try:
            engine = create_engine(PG_URL, connect_args={"connect_timeout": 3})
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            engine.dispose()
            _pg_reason.append(None)
        except Exception as exc:  # any failure to connect means: skip, saying why
            _pg_reason.append(f"PostgreSQL not reachable at {PG_URL}: {str(exc).splitlines()[0]}")
    return _pg_reason[0]


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path_factory, monkeypatch):
    """QSettings and the home folder point into a temporary folder."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    if "PySide6.QtCore" in __import__("sys").modules:
        from PySide6.QtCore import QSettings

        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(home / ".config"))
    yield home


@pytest.fixture
def pg_url():
    reason = postgres_unavailable()
    if reason:
        pytest.skip(reason)
    from sqlalchemy import create_engine, text

    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    yield PG_URL, {"connect_args": {"options": f"-csearch_path={schema}"}}
    with admin.connect() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request, tmp_path):
    """An empty project on each backend."""
    from storage import create_project, open_url

    if request.param == "sqlite":
        s = create_project(tmp_path / "study.tandem", "Study")
    else:
        url, kwargs = request.getfixturevalue("pg_url")
        s = open_url(url, title="Study", **kwargs)
    yield s
    s.close()


@pytest.fixture
def sqlite_store(tmp_path):
    from storage import create_project

    s = create_project(tmp_path / "study.tandem", "Study")
    yield s
    s.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    """The demo study, built once per test run (tests that write use ``demo_copy``)."""
    from app.demo import build_demo

    path = tmp_path_factory.mktemp("demo-template") / "demo.tandem"
    build_demo(path)
    return path


@pytest.fixture
def demo_copy(demo_template, tmp_path) -> Path:
    """A private copy of the demo study: a test may change it."""
    import shutil

    path = tmp_path / "demo.tandem"
    shutil.copy(demo_template, path)
    return path


@pytest.fixture
def small_disk(tmp_path):
    """A 4 MB tmpfs mounted for the test (root only; skipped where mounting is not allowed)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4M", "tmpfs", str(mount)], capture_output=True)
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)
