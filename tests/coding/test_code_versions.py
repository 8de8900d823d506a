"""Optimistic locking of codebook edits: two coders (two stores, two
sessions) edit the same code; the second edit, made on what the first
changed, is refused with who changed what and when, nothing of it is
written, and the first edit stands.  On SQLite and on the real PostgreSQL
server, and there with two transactions truly at once."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import create_engine, select, text

from coding import access, audit, codebook, edits
from coding.errors import EditConflict
from storage import open_project, open_url
from storage.models import AuditEntry, Code
from tests.factories import seed

AFTER = "while you were editing; your change was not saved. The codebook now shows the current version"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def two(request, tmp_path):
    """Two stores on one project (two coders' computers), each with a coder acting."""
    from storage import create_project

    if request.param == "sqlite":
        first = create_project(tmp_path / "study.tandem", "Study")
        second = open_project(tmp_path / "study.tandem")
    else:
        url, kwargs = request.getfixturevalue("pg_url")
        first = open_url(url, title="Study", **kwargs)
        second = open_url(url, **kwargs)
    names = seed(first)
    with first.session() as s:
        lena, daniel = access.resolve(s, names["a"]), access.resolve(s, names["b"])
    yield first, lena, second, daniel, names
    first.close()
    second.close()


def _seen(store, path):
    """The code as a coder's codebook shows it (uuid and version)."""
    with store.session() as s:
        return next(n for n in codebook.tree(s) if n.path == path)


def _entries(store):
    with store.session() as s:
        return len(audit.entries(s))


def test_new_and_upgraded_codes_start_at_version_one(two):
    first, _lena, _second, _daniel, names = two
    node = _seen(first, names["access"])
    assert node.version == 1


def test_the_second_edit_of_a_code_is_refused_with_who_changed_what(two):
    first, lena, second, daniel, names = two
    seen_by_lena, seen_by_daniel = _seen(first, names["access"]), _seen(second, names["access"])
    with first.transaction(lena) as s:
        edits.rename_code(s, seen_by_lena.uuid, "Reachable", version=seen_by_lena.version)
    logged = _entries(second)
    with pytest.raises(EditConflict) as refused:
        with second.transaction(daniel) as s:
            edits.update_code(s, seen_by_daniel.uuid, version=seen_by_daniel.version, description="Mine")
    message = str(refused.value)
    assert message.startswith(f"{lena.name} renamed “Accessibility” to “Reachable” at ")
    assert AFTER in message
    now = _seen(second, "Relationship/Positive/Reachable")
    assert (now.description, now.version) == ("", 2)  # Lena's edit stands, Daniel's wrote nothing
    assert _entries(second) == logged
    with second.transaction(daniel) as s:  # made again on the version shown now, it goes through
        edits.update_code(s, now.uuid, version=now.version, description="Mine")
    assert _seen(first, "Relationship/Positive/Reachable").description == "Mine"


@pytest.mark.parametrize("first_edit, says", [
    (lambda s, n: edits.update_code(s, n.uuid, version=n.version, description="Meets when asked"),
     "changed the definition of “Accessibility” to “Meets when asked”"),
    (lambda s, n: edits.update_code(s, n.uuid, version=n.version, colour="#112233", inclusion="x"),
     "changed the inclusion criteria and colour of “Accessibility”"),
    (lambda s, n: edits.move_code(s, n.uuid, None, 0, version=n.version),
     "moved “Accessibility” to “Accessibility”"),
    (lambda s, n: edits.delete_code(s, n.uuid, version=n.version), "deleted “Accessibility”"),
    (lambda s, n: edits.merge_codes(s, n.uuid, str(codebook.get_code(s, "Relationship/Negative").uuid),
                                    version=n.version),
     "merged “Accessibility” into “Relationship/Negative”"),
])
@pytest.mark.parametrize("second_edit", [
    lambda s, n: edits.rename_code(s, n.uuid, "Mine", version=n.version),
    lambda s, n: edits.update_code(s, n.uuid, version=n.version, example="Mine"),
    lambda s, n: edits.move_code(s, n.uuid, None, version=n.version),
    lambda s, n: edits.delete_code(s, n.uuid, version=n.version),
    lambda s, n: edits.merge_codes(s, n.uuid, str(codebook.get_code(s, "Relationship").uuid), version=n.version),
])
def test_every_codebook_edit_is_refused_on_a_stale_version(two, first_edit, says, second_edit):
    first, lena, second, daniel, names = two
    seen = _seen(second, names["access"])
    with first.transaction(lena) as s:
        first_edit(s, seen)
    with first.session() as s:
        before = [(str(c.uuid), c.name, c.parent_id, c.description, c.example, c.version)
                  for c in s.scalars(select(Code).order_by(Code.id))]
    logged = _entries(first)
    with pytest.raises(EditConflict, match=f"^{lena.name} {says} (on .+ )?at \\d\\d:\\d\\d {AFTER}"):
        with second.transaction(daniel) as s:
            second_edit(s, seen)
    with first.session() as s:
        after = [(str(c.uuid), c.name, c.parent_id, c.description, c.example, c.version)
                 for c in s.scalars(select(Code).order_by(Code.id))]
    assert after == before and _entries(first) == logged  # nothing written


def test_several_changes_since_are_all_named(two):
    first, lena, second, daniel, names = two
    seen = _seen(second, names["access"])
    with first.transaction(lena) as s:
        edits.rename_code(s, seen.uuid, "Reachable", version=1)
    with first.transaction(lena) as s:
        edits.update_code(s, seen.uuid, version=2, colour="#00AA00")
    with pytest.raises(EditConflict) as refused:
        with second.transaction(daniel) as s:
            edits.rename_code(s, seen.uuid, "Mine", version=seen.version)
    assert "renamed “Accessibility” to “Reachable” at " in str(refused.value)
    assert "; then Priya changed the colour of “Reachable” to “#00AA00” at " in str(refused.value)


def test_edits_without_a_version_still_raise_it(two):
    """The command line names no version: its edits go through, and an
    editor who saw the code before them is told."""
    first, lena, _second, _daniel, names = two
    seen = _seen(first, names["access"])
    with first.transaction(lena) as s:
        codebook.update_code(s, codebook.get_code(s, names["access"]), needs_work=True)
    assert _seen(first, names["access"]).version == seen.version + 1
    with pytest.raises(EditConflict, match="changed the “definition needs work” flag of “Accessibility”"):
        with first.transaction(lena) as s:
            edits.update_code(s, seen.uuid, version=seen.version, description="x")


def test_an_edit_that_changes_nothing_writes_nothing(two):
    first, lena, _second, _daniel, names = two
    seen, logged = _seen(first, names["access"]), _entries(first)
    with first.transaction(lena) as s:
        edits.update_code(s, seen.uuid, version=seen.version, description=seen.description)
    assert _seen(first, names["access"]).version == seen.version and _entries(first) == logged


@pytest.mark.postgres
def test_two_transactions_at_once_on_postgresql_lose_no_update(pg_url):
    """Both read version 1; Lena's transaction claims the code and holds it;
    Daniel's, started meanwhile, waits for her row lock, then is refused —
    under PostgreSQL's READ COMMITTED, where a check made by reading first
    would have let both through and lost Lena's rename."""
    url, kwargs = pg_url
    first, second = open_url(url, title="Study", **kwargs), open_url(url, **kwargs)
    watcher = create_engine(url, **kwargs)
    try:
        names = seed(first)
        with first.session() as s:
            lena, daniel = access.resolve(s, names["a"]), access.resolve(s, names["b"])
        seen = _seen(first, names["access"])
        outcome: dict = {}
        with first.transaction(lena) as s:
            edits.rename_code(s, seen.uuid, "Reachable", version=seen.version)
            pid = s.execute(text("SELECT pg_backend_pid()")).scalar()

            def daniel_edits() -> None:
                try:
                    with second.transaction(daniel) as s2:
                        edits.update_code(s2, seen.uuid, version=seen.version, description="Mine")
                    outcome["done"] = True
                except EditConflict as exc:
                    outcome["refused"] = str(exc)

            thread = threading.Thread(target=daniel_edits)
            thread.start()
            with watcher.connect() as conn:  # until Daniel's statement waits for Lena's lock
                while not conn.execute(text("SELECT count(*) FROM pg_stat_activity WHERE :p = ANY("
                                            "pg_blocking_pids(pid))"), {"p": pid}).scalar():
                    assert thread.is_alive(), outcome
                    conn.rollback()
        thread.join(30)
        assert "done" not in outcome
        assert outcome["refused"].startswith(f"{lena.name} renamed “Accessibility” to “Reachable” at ")
        with first.session() as s:
            code = s.scalar(select(Code).where(Code.name == "Reachable"))
            assert (code.description, code.version) == ("", 2)
            assert s.scalar(select(AuditEntry.actor).order_by(AuditEntry.id.desc()).limit(1)) == lena.name
    finally:
        watcher.dispose()
        first.close()
        second.close()


def test_a_project_from_before_versions_gives_its_codes_version_one(tmp_path):
    from tests.storage.test_migrations import make_first_revision_project

    path = tmp_path / "old.tandem"
    make_first_revision_project(path)
    with open_project(path) as store, store.session() as s:
        assert [(n.name, n.version) for n in codebook.tree(s)] == [("Trust", 1)]


@pytest.mark.postgres
def test_the_migration_gives_existing_codes_version_one_on_postgresql(pg_url):
    from storage import migrate

    url, kwargs = pg_url
    engine = create_engine(url, **kwargs)
    try:
        migrate.upgrade(engine, "0008")
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO code (uuid, name, description, colour, codable, exclusive, position, "
                              "inclusion, exclusion, example, needs_work, created_at) VALUES (gen_random_uuid(), "
                              "'Trust', '', '#AABBCC', true, false, 0, '', '', '', false, now())"))
        migrate.upgrade(engine)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT name, version FROM code")).all() == [("Trust", 1)]
    finally:
        engine.dispose()


def test_a_stale_save_that_changes_nothing_is_refused_too(two):
    """Daniel saves a value Lena has just set, on the version he saw before:
    refused like any stale edit, so his window never takes her version as
    one of its own steps."""
    first, lena, second, daniel, names = two
    seen_by_daniel = _seen(second, names["access"])
    with first.transaction(lena) as s:
        edits.update_code(s, seen_by_daniel.uuid, version=seen_by_daniel.version, colour="#123456")
    with pytest.raises(EditConflict):
        with second.transaction(daniel) as s:
            edits.update_code(s, seen_by_daniel.uuid, version=seen_by_daniel.version, colour="#123456")


def test_a_code_brought_back_by_undo_goes_on_past_every_version_it_had(two):
    """Lena edits, deletes and undoes the delete: Daniel, still holding a
    version from before, is refused rather than writing over her edit."""
    first, lena, second, daniel, names = two
    seen_by_daniel = _seen(second, names["access"])
    with first.transaction(lena) as s:
        edits.update_code(s, seen_by_daniel.uuid, version=seen_by_daniel.version, description="Lena's")
    edited = _seen(first, names["access"])
    with first.transaction(lena) as s:
        deleted = edits.delete_code(s, edited.uuid, version=edited.version)
    with first.transaction(lena) as s:
        edits.undelete(s, deleted)
    back = _seen(first, names["access"])
    assert back.version > edited.version + 1 > seen_by_daniel.version
    for stale in (seen_by_daniel.version, edited.version):
        with pytest.raises(EditConflict):
            with second.transaction(daniel) as s:
                edits.update_code(s, back.uuid, version=stale, description="Daniel's")
    assert _seen(second, names["access"]).description == "Lena's"
    with first.transaction(lena) as s:  # on the version shown now, an edit goes through
        edits.update_code(s, back.uuid, version=back.version, description="Lena's again")
