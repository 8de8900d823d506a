"""Offline work merged: the other copy's coder, codings, memos, case values
and new codes come in, sources are matched by content (not name), nothing is
lost or doubled (merging twice adds nothing), and codebook edits made in both
copies are conflicts that a choice settles — or that stop the merge."""
from __future__ import annotations

import shutil

import pytest
from sqlalchemy import func, select

from coding import access, cases, codebook, coders, codings, memos, sources
from coding.errors import Conflict
from coding.merge import merge
from storage import create_project, open_project
from storage.models import Coding
from tests.cli.test_cli import run
from tests.factories import seed_themes


@pytest.fixture
def copies(tmp_path):
    """The same project in two files: A stays here, B is 'the other computer'."""
    a = tmp_path / "a.tandem"
    seed_themes(create_project(a)).close()
    b = tmp_path / "b.tandem"
    shutil.copy(a, b)
    return a, b


def _work_in_b(b):
    with open_project(b) as store, store.transaction(access.system("t")) as s:
        omar = coders.create_coder(s, "Omar")
        survey = sources.get_source(s, "Survey")
        sources.rename_source(s, survey, "Mentor survey (B)")  # matched by content, not name
        code = codebook.get_code(s, "Influences/Positive/Accessibility")
        codings.apply_coding(s, survey, code, omar, 0, 14)
        codings.apply_coding(s, survey, codebook.ensure_path(s, "Influences/Positive/Hope"), omar, 30, 44)
        memos.add_memo(s, "Omar: accessibility includes messaging", author=omar, code=code)
        cases.set_value(s, cases.get_case(s, "R1"), cases.ensure_attribute(s, "cohort", "integer"), 2026)


def _count(store):
    with store.session() as s:
        return s.scalar(select(func.count(Coding.id)))


def test_the_other_copys_work_comes_in_once(copies):
    a, b = copies
    _work_in_b(b)
    with open_project(a) as store, open_project(b) as other:
        before = _count(store)
        with other.session() as theirs, store.transaction(access.system("t")) as s:
            report = merge(s, theirs, access.system("t"))
        assert report.added["coders"] == 1 and report.added["codings"] == 2 and report.added["codes"] == 1
        assert report.added["memos"] == 1 and report.added["attribute values"] == 1 and not report.conflicts
        assert _count(store) == before + 2
        with store.session() as s:
            assert sources.find_source(s, "Mentor survey (B)") is None  # the same text: one source
            assert cases.attributes_of(s, cases.get_case(s, "R1"))["cohort"] == 2026
            omar = coders.get_coder(s, "Omar")
            assert {c.text for c in codings.retrieve(s, access.system("t"), coder=omar)} == {
                "I could messag", "Not much conta"}
        with other.session() as theirs, store.transaction(access.system("t")) as s:
            again = merge(s, theirs, access.system("t"))
        assert again.lines() == ["nothing new"] and _count(store) == before + 2


def test_codebook_edits_in_both_copies_are_conflicts_a_choice_settles(copies):
    a, b = copies
    for path, name in ((a, "Reachability"), (b, "Availability")):
        with open_project(path) as store, store.transaction(access.system("t")) as s:
            codebook.rename_code(s, codebook.get_code(s, "Influences/Positive/Accessibility"), name)
    with open_project(a) as store, open_project(b) as other:
        with pytest.raises(Conflict, match="renamed.*--prefer codebook"):
            with other.session() as theirs, store.transaction(access.system("t")) as s:
                merge(s, theirs, access.system("t"))
        with other.session() as theirs, store.transaction(access.system("t")) as s:
            report = merge(s, theirs, access.system("t"), {"codebook": "from"})
        assert report.settled == {"codebook": "from"} and report.conflicts[0].change == "renamed"
        with store.session() as s:
            assert codebook.find_code(s, "Influences/Positive/Availability") is not None


def test_a_coder_cannot_merge_and_the_cli_backs_up_first(copies, capsys):
    a, b = copies
    _work_in_b(b)
    with open_project(a) as store:
        with store.transaction(access.system("t")) as s:
            coders.create_coder(s, "Kim")
        with store.session() as s:
            kim = access.of_coder(coders.get_coder(s, "Kim"))
        with open_project(b) as other, pytest.raises(Exception, match="Only a lead"):
            with other.session() as theirs, store.transaction(kim) as s:
                merge(s, theirs, kim)
    code, out, err = run(capsys, "merge", str(a), str(b), "--dry-run", "--as", "Lena")
    assert code == 0 and "would bring in" in out and "2 codings" in out
    assert not list(a.parent.glob("a.tandem.backup-*"))  # a dry run writes nothing, not even a backup
    code, out, err = run(capsys, "merge", str(a), str(b), "--as", "Lena")
    assert code == 0 and "brought in" in out, err
    assert list(a.parent.glob("a.tandem.backup-*-before-merge"))
    code, out, _ = run(capsys, "merge", str(a), str(b), "--as", "Lena")
    assert "nothing new" in out
