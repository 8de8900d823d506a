"""Undoable edits: every action, its reversal, and the uuids kept across them."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from coding import access, audit, codebook, coders, codings, edits, sources
from coding.errors import Conflict, NotFound
from storage.models import Memo
from tests.factories import TEXT, seed


def ids(store, names):
    with store.session() as s:
        return (str(sources.get_source(s, names["source"]).uuid), str(codebook.get_code(s, names["access"]).uuid),
                str(codebook.get_code(s, names["cancel"]).uuid), str(coders.get_coder(s, "Priya").uuid))


def spans(store):
    with store.session() as s:
        return sorted((seg.code, seg.coder, seg.start, seg.end, seg.memo) for seg in codings.retrieve(s, access.system("t")))


def test_apply_remove_restore_keeps_the_uuid(store):
    names = seed(store)
    src, access, _cancel, priya = ids(store, names)
    start = TEXT.index("She always")
    with store.transaction("Priya") as s:
        rec = edits.apply(s, edits.CodingRecord("", src, access, priya, start, start + 10, "m"))
    assert rec.uuid and spans(store) == [(names["access"], "Priya", start, start + 10, "m")]
    with store.transaction("Priya") as s:
        removed = edits.remove(s, rec.uuid)
    assert spans(store) == [] and removed.uuid == rec.uuid
    with store.transaction("Priya") as s:
        edits.restore(s, removed)
    with store.session() as s:
        again = edits.coding_by_uuid(s, rec.uuid)
        assert (again.start, again.end, again.memo) == (start, start + 10, "m")
        assert again.created_at == rec.created_at
        actions = [e.action for e in audit.entries(s) if e.entity_type == "coding"]
    assert actions == ["coding.apply", "coding.remove", "coding.apply"]


def test_adjust_and_restore_old_bounds(store):
    names = seed(store)
    src, access, _c, priya = ids(store, names)
    with store.transaction("Priya") as s:
        rec = edits.apply(s, edits.CodingRecord("", src, access, priya, 10, 20))
    with store.transaction("Priya") as s:
        before = edits.adjust(s, rec.uuid, start=8, end=25, memo="wider")
    assert spans(store) == [(names["access"], "Priya", 8, 25, "wider")]
    with store.transaction("Priya") as s:
        edits.restore(s, before)
    assert spans(store) == [(names["access"], "Priya", 10, 20, "")]


def test_delete_and_undelete_a_subtree(store):
    names = seed(store)
    with store.session() as s:
        neg = str(codebook.get_code(s, "Relationship/Negative").uuid)
        before = [(n.uuid, n.path) for n in codebook.tree(s)]
    with store.transaction("Priya") as s:
        edits.set_memo(s, edits.MemoTarget("code", neg), str(coders.get_coder(s, "Priya").uuid), "why negative")
        memo_uuid = str(s.scalars(select(Memo)).one().uuid)
        codebook.update_code(s, codebook.get_code(s, names["cancel"]), summary="Meetings that did not happen.")
    with store.transaction("Priya") as s:
        records = edits.delete_code(s, neg)
    assert records.names == ["Negative", "Cancelled meetings"] and len(records.memos) == 1
    with store.session() as s:
        assert codebook.find_code(s, names["cancel"]) is None
    with store.transaction("Priya") as s:
        edits.undelete(s, records)
    with store.session() as s:
        assert [(n.uuid, n.path) for n in codebook.tree(s)] == before
        priya = str(coders.get_coder(s, "Priya").uuid)
        assert edits.memo_text(s, edits.MemoTarget("code", neg), priya) == "why negative"
        assert str(s.scalars(select(Memo)).one().uuid) == memo_uuid
        assert codebook.get_code(s, names["cancel"]).summary == "Meetings that did not happen."  # and its fields


def test_undoing_a_move_or_a_delete_puts_codes_back_in_their_place(store):
    seed(store)
    with store.transaction(access.system("t")) as s:
        parent = codebook.ensure_path(s, "P")
        for name in "abcde":
            codebook.create_code(s, name, parent=parent)
        uuids = {c.name: str(c.uuid) for c in codebook.children_of(s, parent)}
    with store.transaction(access.system("t")) as s:
        gone = edits.delete_code(s, uuids["b"])  # stored positions now have a gap
    with store.transaction(access.system("t")) as s:
        old = edits.move_code(s, uuids["d"], str(codebook.get_code(s, "P").uuid), 0)
    with store.transaction(access.system("t")) as s:
        edits.move_code(s, uuids["d"], *old)
    with store.transaction(access.system("t")) as s:
        edits.undelete(s, gone)
    with store.session() as s:
        assert [c.name for c in codebook.children_of(s, codebook.get_code(s, "P"))] == list("abcde")


def test_delete_refused_while_codings_exist(store):
    names = seed(store)
    src, access, _c, priya = ids(store, names)
    with store.transaction("Priya") as s:
        edits.apply(s, edits.CodingRecord("", src, access, priya, 0, 5))
    with pytest.raises(Conflict, match="is in use by codings"):
        with store.transaction("Priya") as s:
            edits.delete_code(s, access)
    assert len(spans(store)) == 1


def test_rename_move_and_back(store):
    names = seed(store)
    _src, access, _cancel, _p = ids(store, names)
    with store.session() as s:
        neg = str(codebook.get_code(s, "Relationship/Negative").uuid)
    with store.transaction("Priya") as s:
        old_name = edits.rename_code(s, access, "Reachable mentor")
        old_place = edits.move_code(s, access, neg, 0)
    with store.session() as s:
        assert codebook.find_code(s, "Relationship/Negative/Reachable mentor") is not None
    with store.transaction("Priya") as s:
        edits.move_code(s, access, *old_place)
        edits.rename_code(s, access, old_name)
    with store.session() as s:
        assert codebook.find_code(s, names["access"]) is not None


def test_merge_and_unmerge_restore_codings_duplicates_and_memos(store):
    names = seed(store)
    src, access, cancel, priya = ids(store, names)
    with store.transaction("Priya") as s:
        edits.apply(s, edits.CodingRecord("", src, access, priya, 0, 5))
        edits.apply(s, edits.CodingRecord("", src, access, priya, 10, 15))
        edits.apply(s, edits.CodingRecord("", src, cancel, priya, 10, 15))  # a duplicate once merged
        edits.set_memo(s, edits.MemoTarget("code", access), priya, "about access")
    before = spans(store)
    with store.transaction("Priya") as s:
        record = edits.merge_codes(s, access, cancel)
    assert len(record.moved) == 1 and len(record.dropped) == 1 and len(record.memos) == 1
    assert {sp[0] for sp in spans(store)} == {names["cancel"]}
    with store.transaction("Priya") as s:
        edits.unmerge(s, record)
    assert spans(store) == before
    with store.session() as s:  # the memo's moves, there and back, are in the log
        assert [e.action for e in audit.entries(s) if e.entity_type == "memo"][-2:] == ["memo.move", "memo.move"]
    with store.session() as s:
        assert edits.memo_text(s, edits.MemoTarget("code", access), priya) == "about access"
        assert edits.memo_text(s, edits.MemoTarget("code", cancel), priya) == ""


def test_memos_set_edit_clear(store):
    names = seed(store)
    src, _a, _c, priya = ids(store, names)
    target = edits.MemoTarget("source", src)
    with store.transaction("Priya") as s:
        assert edits.set_memo(s, target, priya, "first") == ""
    with store.transaction("Priya") as s:
        assert edits.set_memo(s, target, priya, "second") == "first"
    with store.transaction("Priya") as s:
        assert edits.set_memo(s, target, priya, "") == "second"
    with store.session() as s:
        assert edits.memo_text(s, target, priya) == ""
        assert [e.action for e in audit.entries(s) if e.entity_type == "memo"] == ["memo.add", "memo.edit", "memo.delete"]


def test_unknown_uuid_is_a_clear_error(store):
    seed(store)
    with pytest.raises(NotFound, match="was it removed"):
        with store.transaction("Priya") as s:
            edits.remove(s, "00000000-0000-0000-0000-000000000000")


def test_memo_records_restore_a_memo_with_its_uuid(store):
    names = seed(store)
    src, _a, _c, priya = ids(store, names)
    target = edits.MemoTarget("source", src)
    with store.transaction("Priya") as s:
        edits.set_memo(s, target, priya, "first")
        made = edits.memo_record(s, target, priya)
    with store.transaction("Priya") as s:
        edits.restore_memo(s, target, priya, None)  # undone
    with store.session() as s:
        assert edits.memo_record(s, target, priya) is None
    with store.transaction("Priya") as s:
        edits.restore_memo(s, target, priya, made)  # redone
    with store.session() as s:
        again = edits.memo_record(s, target, priya)
    assert (again.uuid, again.text, again.created_at) == (made.uuid, "first", made.created_at)
