"""The audit log speaks in uuids and records every coding a merge or a
delete touches."""
from __future__ import annotations

import pytest

from coding import access, audit, codebook, coders, codings, memos, sources
from coding.errors import InvalidRequest, NotFound
from tests.factories import seed


def _apply(store, names, code_path, start, end, coder="Priya"):
    with store.transaction(coder) as s:
        codings.apply_coding(s, sources.get_source(s, names["source"]), codebook.get_code(s, code_path),
                             coders.get_coder(s, coder), start, end)


def test_entries_carry_uuids_never_integer_keys(store):
    names = seed(store)
    _apply(store, names, names["access"], 0, 6)
    with store.session() as s:
        entry = [e for e in audit.entries(s) if e.action == "coding.apply"][-1]
        code = codebook.get_code(s, names["access"])
        src = sources.get_source(s, names["source"])
    assert not any(k.endswith("_id") for k in entry.after)
    assert entry.after["code_uuid"] == str(code.uuid) and entry.after["source_uuid"] == str(src.uuid)


def test_merge_logs_each_moved_and_each_dropped_coding(store):
    names = seed(store)
    _apply(store, names, names["access"], 0, 6)
    _apply(store, names, names["access"], 10, 16)
    _apply(store, names, names["cancel"], 10, 16)  # becomes a duplicate
    with store.transaction("Priya") as s:
        codebook.merge_codes(s, codebook.get_code(s, names["access"]), codebook.get_code(s, names["cancel"]))
    with store.session() as s:
        txn = [e for e in audit.entries(s) if e.action == "code.merge"][0].transaction_uuid
        same = [e for e in audit.entries(s) if e.transaction_uuid == txn]
    moved = [e for e in same if e.action == "coding.adjust"]
    dropped = [e for e in same if e.action == "coding.remove"]
    assert len(moved) == 1 and moved[0].after["code"] == names["cancel"]
    assert len(dropped) == 1 and (dropped[0].before["start"], dropped[0].before["end"]) == (10, 16)


def test_deleting_a_code_logs_the_memos_it_takes_with_it(store):
    names = seed(store)
    with store.transaction("Priya") as s:
        memos.add_memo(s, "why this code", code=codebook.get_code(s, names["access"]))
    with store.transaction("Priya") as s:
        codebook.delete_code(s, codebook.get_code(s, "Relationship/Positive"))
    with store.session() as s:
        deleted = [e for e in audit.entries(s) if e.action == "memo.delete"]
    assert len(deleted) == 1 and deleted[0].before["text"] == "why this code"


def test_get_coding_takes_text_and_apply_names_what_is_missing(store):
    names = seed(store)
    _apply(store, names, names["access"], 0, 6)
    with store.session() as s:
        [seg] = codings.retrieve(s, access.system("t"))
        assert codings.get_coding(s, seg.coding_uuid).start == 0
        with pytest.raises(NotFound, match="not a coding's identifier"):
            codings.get_coding(s, "nonsense")
    with pytest.raises(InvalidRequest, match="needs a coder"):
        with store.transaction("Priya") as s:
            codings.apply_coding(s, sources.get_source(s, names["source"]),
                                 codebook.get_code(s, names["access"]), None, 0, 3)
