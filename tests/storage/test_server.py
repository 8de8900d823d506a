"""Opening a project on a team server as a coder: nothing created or
upgraded, and each way of failing to connect one message with its fix.  On
the real PostgreSQL server, and on a throwaway one that checks passwords."""
from __future__ import annotations

import pytest
from sqlalchemy import create_engine, inspect, make_url

from coding import team_server
from storage import NotAProjectError, TandemError, open_url
from storage.server import PasswordNeededError, PasswordRefusedError, open_server, parse, without_password
from tests import throwaway_server
from tests.factories import seed_themes
from tests.team import drop_roles, role_url


@pytest.fixture
def team(pg_url):
    url, kwargs = pg_url
    store = open_url(url, **kwargs)
    seed_themes(store)
    role = team_server.add_coder(store.engine, "Omar")
    store.close()
    yield url, kwargs, role
    drop_roles(url, [role])


def test_a_coder_opens_the_project_as_themselves(team):
    url, kwargs, role = team
    store = open_server(role_url(url, role), **kwargs)
    try:
        assert team_server.identity(store.engine) == ("Omar", "coder")
        assert store.damaged is None and store.path is None and role in store.location
        assert store.engine.pool._pre_ping  # a connection lost meanwhile is replaced before it is used
    finally:
        store.close()


def test_a_database_that_is_not_a_project_is_refused_and_left_as_it_was(pg_url):
    url, kwargs = pg_url
    with pytest.raises(NotAProjectError, match="is not a Tandem project.*tandem server init"):
        open_server(url, **kwargs)
    engine = create_engine(url, **kwargs)
    with engine.connect() as conn:
        assert inspect(conn).get_table_names() == []  # nothing was made there
    engine.dispose()


@pytest.mark.parametrize("url, message", [
    ("postgresql://postgres@127.0.0.1:1/test", "Cannot reach the server 127.0.0.1:1/test.*Check the host and port"),
    ("postgresql://nobody_at_all@localhost:5432/test", "has no user nobody_at_all"),
    ("postgresql://postgres@localhost:5432/no_such_db_here", "has no database 'no_such_db_here'"),
    ("mysql://someone@host/db", "is not a PostgreSQL address"),
])
def test_each_failure_to_connect_is_one_message(pg_url, url, message):
    with pytest.raises(TandemError, match=message):
        open_server(url)


def test_the_password_is_kept_out_of_what_is_remembered():
    assert without_password("postgresql://ana:pw@host:5433/study") == "postgresql://ana@host:5433/study"
    assert parse("postgresql://ana@host/study").drivername == "postgresql+psycopg"


@pytest.fixture(scope="module")
def password_url():
    reason = throwaway_server.unavailable()
    if reason:
        pytest.skip(reason)
    with throwaway_server.password_server() as url:
        open_url(make_url(url).set(password=throwaway_server.PASSWORD)).close()  # a project there
        yield url


def test_a_password_from_the_prompt_or_pgpass_and_a_wrong_one(password_url, tmp_path, monkeypatch):
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    with pytest.raises(PasswordNeededError, match="asks for postgres's password.*~/.pgpass"):
        open_server(password_url)
    with pytest.raises(PasswordRefusedError, match="refused the password for postgres"):
        open_server(password_url, "wrong")
    open_server(password_url, throwaway_server.PASSWORD).close()
    with pytest.raises(PasswordRefusedError):  # a password in the URL is used too
        open_server(password_url.replace("postgres@", "postgres:wrong@"))
    url = make_url(password_url)
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"{url.host}:{url.port}:*:postgres:{throwaway_server.PASSWORD}\n")
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    open_server(password_url).close()  # libpq found it in the password file
