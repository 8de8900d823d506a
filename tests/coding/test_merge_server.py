"""Offline work merged into a project on the team server (the real
PostgreSQL server): the project pushed from a file, a coder's offline copy of
that file merged in by the lead's own database role — once, with every row
and audit entry on the server — and refused for a coder's role."""
from __future__ import annotations

import shutil
from urllib.parse import quote

import pytest
from sqlalchemy import create_engine, select

from coding import access, team_server
from coding.merge import merge_file
from storage import ProjectStore, create_project, open_url
from storage.models import AuditEntry, Coding
from tests.cli.test_cli import run
from tests.coding.test_merge import _work_in_b
from tests.factories import seed_themes
from tests.team import count_on_server, drop_roles, role_url

pytestmark = pytest.mark.postgres


@pytest.fixture
def server_and_copy(pg_url, tmp_path):
    """The project on the server (Lena the lead, Omar a coder), and a file copy
    of it with Omar's offline work; the address each role connects with."""
    url, kwargs = pg_url
    a = tmp_path / "a.tandem"
    with create_project(a) as store:
        seed_themes(store)  # Lena the lead among its coders
    b = tmp_path / "offline.tandem"
    shutil.copy(a, b)
    _work_in_b(b)
    team_server.push(a, url, **kwargs)
    store = open_url(url, **kwargs)
    roles = {name: team_server.add_coder(store.engine, name, role) for name, role in
             (("Lena", "lead"), ("Kim", "coder"))}
    store.close()
    schema = kwargs["connect_args"]["options"].split("=", 1)[1]
    address = f"{url}?options={quote(f'-csearch_path={schema}')}"
    yield {name: role_url(address, role) for name, role in roles.items()} | {"admin": address}, b
    drop_roles(url, roles.values())


def _as(address):
    store = ProjectStore(create_engine(address), "server")
    with store.session() as s:
        return store, access.resolve(s, team_server.identity(store.engine)[0])


def test_the_lead_merges_an_offline_copy_into_the_server_project_once(server_and_copy):
    urls, offline = server_and_copy
    before, logged = count_on_server(urls["admin"], Coding), count_on_server(urls["admin"], AuditEntry)
    store, lena = _as(urls["Lena"])
    try:
        report = merge_file(store, lena, offline)
        assert report.added["coders"] == 1 and report.added["codings"] == 2 and report.added["memos"] == 1
        assert count_on_server(urls["admin"], Coding) == before + 2
        with store.session() as s:  # logged on the server, each entry under Lena, in one transaction
            entries = s.execute(select(AuditEntry.actor, AuditEntry.transaction_uuid)
                                .order_by(AuditEntry.id).offset(logged)).all()
        assert entries and count_on_server(urls["admin"], AuditEntry) == logged + len(entries)
        assert {e.actor for e in entries} == {"Lena"} and len({e.transaction_uuid for e in entries}) == 1
        assert merge_file(store, lena, offline).lines() == ["nothing new"]  # twice adds nothing
        assert count_on_server(urls["admin"], Coding) == before + 2
    finally:
        store.close()


def test_a_coders_role_may_not_merge_and_the_command_line_merges_as_the_lead(server_and_copy, capsys):
    urls, offline = server_and_copy
    before = count_on_server(urls["admin"], Coding)
    store, kim = _as(urls["Kim"])
    try:
        with pytest.raises(Exception, match="Only a lead"):
            merge_file(store, kim, offline)
    finally:
        store.close()
    assert count_on_server(urls["admin"], Coding) == before  # nothing half-written
    code, out, err = run(capsys, "merge", urls["Lena"], offline)
    assert code == 0 and "brought in" in out and "2 codings" in out, err
    assert count_on_server(urls["admin"], Coding) == before + 2
