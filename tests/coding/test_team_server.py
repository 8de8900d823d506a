"""A team server enforces blind coding in the database: a coder's own
connection, with raw SQL, reads and changes only their own codings while the
project is blind; a lead's reads everything; the audit log stays
append-only for every role.  On the real PostgreSQL server."""
from __future__ import annotations

import pytest
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.exc import DBAPIError

from coding import access, blind, codebook, coders, codings, sources, team_server
from storage import open_url
from tests.factories import seed_themes
from tests.team import drop_roles


@pytest.fixture
def server(pg_url):
    url, kwargs = pg_url
    store = open_url(url, **kwargs)
    seed_themes(store)
    with store.transaction(access.system("t")) as s:
        omar = coders.create_coder(s, "Omar")
        survey = sources.get_source(s, "Survey")
        codings.apply_coding(s, survey, codebook.get_code(s, "Influences/Positive/Accessibility"), omar, 0, 5)
    roles = [team_server.add_coder(store.engine, "Omar"), team_server.add_coder(store.engine, "Lena", "lead")]
    yield store, url, kwargs, roles
    store.close()
    drop_roles(url, roles)


def _as(url, kwargs, role):
    return create_engine(make_url(url).set(username=role), **kwargs)


def _count(engine, sql, **params):
    with engine.connect() as conn:
        return conn.execute(text(sql), params).scalar()


def test_a_coders_connection_sees_and_changes_only_their_own_codings_while_blind(server):
    store, url, kwargs, (omar_role, lena_role) = server
    with store.session() as s:
        assert blind.is_blind(s)
        lena_id = coders.get_coder(s, "Lena").id
        total = _count(store.engine, "SELECT count(*) FROM coding")
    omar, lena = _as(url, kwargs, omar_role), _as(url, kwargs, lena_role)
    try:
        assert _count(omar, "SELECT count(*) FROM coding") == 1          # his own alone
        assert _count(omar, "SELECT count(*) FROM coding WHERE coder_id = :l", l=lena_id) == 0
        assert _count(lena, "SELECT count(*) FROM coding") == total      # a lead reads everything
        with omar.begin() as conn:                                       # another's rows cannot be changed
            changed = conn.execute(text('UPDATE coding SET "end" = "end" WHERE coder_id = :l'), {"l": lena_id})
            assert changed.rowcount == 0
        with pytest.raises(DBAPIError, match="row-level security"):
            with omar.begin() as conn:                                   # nor written in another's name
                conn.execute(text('INSERT INTO coding (uuid, source_id, code_id, coder_id, start, "end", memo, '
                                  'created_at, updated_at) SELECT gen_random_uuid(), source_id, code_id, :l, 1, 2, '
                                  "'', now(), now() FROM coding LIMIT 1"), {"l": lena_id})
        for sql in ("DELETE FROM audit_entry", "UPDATE audit_entry SET actor = 'x'", "TRUNCATE audit_entry"):
            with pytest.raises(DBAPIError):
                with omar.begin() as conn:
                    conn.execute(text(sql))
        with store.session() as s:
            lead = access.resolve(s, "Lena")
        with store.transaction(lead) as s:
            blind.set_blind(s, lead, False)
        assert _count(omar, "SELECT count(*) FROM coding") == total      # not blind: everyone's
    finally:
        omar.dispose()
        lena.dispose()


def test_the_connection_says_who_acts(server):
    store, url, kwargs, (omar_role, _lena) = server
    omar = _as(url, kwargs, omar_role)
    try:
        assert team_server.identity(omar) == ("Omar", "coder")
        assert team_server.identity(store.engine) is None  # the administrator's connection is nobody's
    finally:
        omar.dispose()


def test_a_project_file_is_pushed_to_the_server_exactly(pg_url, tmp_path):
    from sqlalchemy import func, select

    from storage import create_project
    from storage.models import AuditEntry, Coding

    url, kwargs = pg_url
    path = tmp_path / "study.tandem"
    seed_themes(create_project(path)).close()
    counts = team_server.push(path, url, **kwargs)
    assert counts["coding"] == 5 and counts["audit_entry"] > 5
    store = open_url(url, **kwargs)
    try:
        with store.session() as s:
            assert s.scalar(select(func.count(Coding.id))) == 5
            assert s.scalar(select(func.count(AuditEntry.id))) == counts["audit_entry"]
            lena = access.resolve(s, "Lena")
            assert {c.text for c in codings.retrieve(s, lena)} >= {"coffee", "Not much contact at all."}
        with store.transaction(access.system("t")) as s:  # the sequences go on after the copied ids
            coders.create_coder(s, "After the push")
    finally:
        store.close()
    with pytest.raises(Exception, match="already holds a project"):
        team_server.push(path, url, **kwargs)


def test_the_command_line_on_a_team_server(pg_url, tmp_path, capsys):
    from urllib.parse import quote

    from storage import create_project
    from tests.cli.test_cli import run

    url, kwargs = pg_url
    schema = kwargs["connect_args"]["options"].split("=", 1)[1]
    with_schema = f"{url}?options={quote(f'-csearch_path={schema}')}"
    path = tmp_path / "study.tandem"
    seed_themes(create_project(path)).close()
    code, out, err = run(capsys, "server", "push", str(path), with_schema)
    assert code == 0 and "5 coding" in out, err
    code, out, err = run(capsys, "server", "add-coder", with_schema, "Omar")
    assert code == 0, err
    role = out.split("database role ")[1].split(":")[0]
    as_omar = with_schema.replace("://postgres@", f"://{role}@")
    try:
        code, out, err = run(capsys, "coders", "list", as_omar, "--json")
        assert code == 0 and "Omar" in out, err
        code, _o, err = run(capsys, "coders", "list", as_omar, "--as", "Lena")
        assert code == 2 and "connected as Omar" in err
        exported = tmp_path / "mine.csv"
        code, out, err = run(capsys, "codings", "export", as_omar, str(exported))
        assert code == 0 and "wrote 0 codings" in out, err  # blind: Omar has none, Lena's are not his to read
    finally:
        drop_roles(url, [role])


def test_every_change_is_announced_once_to_those_listening(server):
    import psycopg

    from storage import ProjectStore

    store, url, kwargs, (omar_role, lena_role) = server
    team_server.secure(store.engine)  # again: idempotent
    channel = team_server.notify_channel(store.engine)
    assert channel and channel.startswith("tandem_audit_t_")
    params = make_url(url).set(drivername="postgresql", username=lena_role).render_as_string(hide_password=False)
    with psycopg.connect(params, autocommit=True, **kwargs["connect_args"]) as listener:
        listener.execute(f'LISTEN "{channel}"')
        as_omar = ProjectStore(_as(url, kwargs, omar_role), "omar")
        with as_omar.session() as s:
            acting = access.resolve(s, "Omar")
        with as_omar.transaction(acting) as s:
            survey, code = sources.get_source(s, "Survey"), codebook.get_code(s, "Influences/Negative/Time pressure")
            codings.apply_coding(s, survey, code, coders.get_coder(s, "Omar"), 6, 12)
            codings.apply_coding(s, survey, code, coders.get_coder(s, "Omar"), 14, 20)
        as_omar.close()
        heard = list(listener.notifies(timeout=5, stop_after=1))
        assert [n.channel for n in heard] == [channel]
        assert list(listener.notifies(timeout=0.3)) == []  # one transaction: one notice
