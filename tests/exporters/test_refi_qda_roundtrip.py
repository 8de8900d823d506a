"""Export then import gives the same project, field by field: sources (text,
kind, case), turns and responses, codes with their hierarchy, definitions,
criteria, colours and uuids, coders and roles, every coding with its exact
offsets (over characters outside the Basic Multilingual Plane) and memo,
cases, typed attributes and memos — imported on SQLite and on PostgreSQL."""
from __future__ import annotations

import zipfile

from coding import access
from importers import refi_qda
from storage import create_project

from tests.exporters.refi_project import export, project_title, snapshot


def _import(path, target, acting=None):
    plan = refi_qda.read(path)
    with target.transaction(acting or access.Acting("Lena", role="lead")) as s:
        return refi_qda.write(s, plan)


def test_export_then_import_gives_the_same_project_field_by_field(rich, store, tmp_path):
    qdpx = tmp_path / "rich.qdpx"
    export(rich, qdpx)
    with store.transaction(access.system("setup")) as s:  # the importing lead is a coder of the target already
        from coding import coders

        coders.create_coder(s, "Lena", role="lead")
    report = _import(qdpx, store)
    before, after = snapshot(rich), snapshot(store)
    assert after.sources == before.sources
    assert after.sections == before.sections
    assert after.codes == before.codes  # paths, uuids, definitions, criteria, colours, codable, exclusive, order
    assert after.coders == before.coders
    assert after.codings == before.codings  # exact offsets (and the text there), coder, code, memo
    assert len(after.codings) == 10 and any("𝒜" in row[6] for row in after.codings)
    assert after.cases == before.cases
    assert after.attributes == before.attributes
    decision_memos = [m for m in after.memos if m[3].startswith("Reconciliation decision")]
    assert [m for m in after.memos if m not in decision_memos] == before.memos
    [decision] = decision_memos
    assert decision[0] == "Focus group 1" and "A's span holds the whole reply" in decision[4]
    assert report.present == 0 and report.created["codings"] == 10
    assert any("reconciliation decisions are kept as memos" in n for n in report.notes)


def test_a_new_project_is_titled_after_the_file_and_a_second_import_adds_nothing(rich, tmp_path):
    qdpx = tmp_path / "rich.qdpx"
    export(rich, qdpx)
    target = create_project(tmp_path / "new.tandem", refi_qda.read(qdpx).title)
    try:
        assert project_title(target) == "Rich study"
        first = _import(qdpx, target, access.Acting("Lena", role=access.GUEST))  # becomes the file's lead Lena
        again = _import(qdpx, target, access.Acting("Lena", role="lead"))
        assert first.created["codings"] == 10  # the consensus layer too: Lena leads the new project
        assert again.created.get("codings", 0) == 0 and again.present == 10
        assert again.created.get("memos", 0) == 0 and not again.created.get("sources")
        assert any("source 'Focus group 1' is the source 'Focus group 1' (by GUID)" in m for m in again.merged)
        assert snapshot(target).codings == snapshot(rich).codings
    finally:
        target.close()


def test_the_consensus_layer_waits_for_a_lead(rich, tmp_path):
    qdpx = tmp_path / "rich.qdpx"
    export(rich, qdpx)
    target = create_project(tmp_path / "new.tandem", "x")
    try:
        report = _import(qdpx, target, access.Acting("someone", role=access.GUEST))
        assert report.created["codings"] == 9
        assert any("consensus layer's 1 codings were not imported" in n for n in report.notes)
        report = _import(qdpx, target, access.Acting("Lena", role="lead"))  # Lena leads it now: the rest comes
        assert report.created["codings"] == 1 and report.present == 9
        assert snapshot(target).codings == snapshot(rich).codings
    finally:
        target.close()


def test_exporting_the_imported_project_gives_the_same_file_again(rich, tmp_path):
    first, second = tmp_path / "first.qdpx", tmp_path / "second.qdpx"
    export(rich, first)
    target = create_project(tmp_path / "new.tandem", "Rich study")
    try:
        _import(first, target, access.Acting("Lena", role=access.GUEST))
        export(target, second)
        a, b = refi_qda.read(first), refi_qda.read(second)
    finally:
        target.close()
    assert [(c.guid, c.name, c.parent, c.description, c.colour) for c in a.codes] == \
        [(c.guid, c.name, c.parent, c.description, c.colour) for c in b.codes]  # codes keep their GUIDs
    # and so do sources, users, cases and codings: the round trip keeps every identity
    assert [(s.guid, s.name, s.text, s.kind) for s in a.sources] == [(s.guid, s.name, s.text, s.kind) for s in b.sources]
    assert sorted(a.users) == sorted(b.users)
    assert sorted(c.guid for c in a.cases) == sorted(c.guid for c in b.cases)
    assert sorted((c.guid, c.start, c.end, c.code_guid) for s in a.sources for c in s.codings) == \
        sorted((c.guid, c.start, c.end, c.code_guid) for s in b.sources for c in s.codings)
    with zipfile.ZipFile(second) as z:
        assert z.namelist()[0] == "project.qde"
