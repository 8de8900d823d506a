"""Memos on sources, codes and cases; project title and settings."""
from __future__ import annotations

import pytest

from coding import access, audit, cases, codebook, coders, memos, project, sources
from coding.errors import InvalidRequest
from tests.factories import seed


def test_memos_attach_to_one_target_and_are_audited(store):
    names = seed(store)
    with store.transaction("Priya") as s:
        src = sources.get_source(s, names["source"])
        code = codebook.get_code(s, names["access"])
        author = coders.get_coder(s, "Priya")
        on_source = memos.add_memo(s, "Ben seemed tired.", title="Context", author=author, source=src)
        memos.add_memo(s, "Borderline with trust.", code=code)
        memos.add_memo(s, "Overall: mentors were busy.")
        with pytest.raises(InvalidRequest, match="one source, code or case"):
            memos.add_memo(s, "x", source=src, code=code)
        uid = on_source.uuid
    with store.transaction("Priya") as s:
        memo = memos.memos_for(s, source=sources.get_source(s, names["source"]))[0]
        memos.edit_memo(s, memo, text="Ben seemed tired after nights.")
    with store.session() as s:
        assert [m.text for m in memos.memos_for(s, source=sources.get_source(s, names["source"]))] == [
            "Ben seemed tired after nights."]
        assert [m.text for m in memos.memos_for(s, code=codebook.get_code(s, names["access"]))] == [
            "Borderline with trust."]
        assert [m.text for m in memos.memos_for(s)] == ["Overall: mentors were busy."]
        log = audit.entries(s, uid)
        assert [e.action for e in log] == ["memo.add", "memo.edit"]
        assert log[1].before["text"] == "Ben seemed tired." and log[1].actor == "Priya"


def test_deleting_a_case_memo(store):
    with store.transaction(access.system("t")) as s:
        memo = memos.add_memo(s, "Consented late.", case=cases.ensure_case(s, "P01"))
        memos.delete_memo(s, memo)
    with store.session() as s:
        assert memos.memos_for(s, case=cases.get_case(s, "P01")) == []


def test_project_title_and_settings_live_in_the_project(store):
    with store.transaction("Lead") as s:
        project.rename_project(s, "Mentorship evaluation")
        project.set_setting(s, "blind", True)
        with pytest.raises(InvalidRequest, match="plain data"):
            project.set_setting(s, "bad", object())
    assert store.title() == "Mentorship evaluation"
    with store.session() as s:
        assert project.get_setting(s, "blind") is True
        assert project.get_setting(s, "missing", 3) == 3
        entry = [e for e in audit.entries(s) if e.action == "project.set_setting"][0]
        assert (entry.actor, entry.before, entry.after) == ("Lead", {"blind": None}, {"blind": True})
