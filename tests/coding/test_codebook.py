"""Codebook services: create, rename, move, merge, delete, with their safeguards."""
from __future__ import annotations

import pytest

from coding import access, audit, codebook, coders, codings, sources
from coding.errors import Conflict, InvalidRequest, NotFound
from tests.factories import seed


def paths(s) -> list[str]:
    return [n.path for n in codebook.tree(s)]


def test_ensure_path_creates_the_hierarchy_once(store):
    with store.transaction(access.system("t")) as s:
        leaf = codebook.ensure_path(s, "Benefits/Career/Networking")
        again = codebook.ensure_path(s, "benefits/career/networking")  # names ignore case
        assert leaf.id == again.id
    with store.session() as s:
        assert paths(s) == ["Benefits", "Benefits/Career", "Benefits/Career/Networking"]
        assert [n.depth for n in codebook.tree(s)] == [0, 1, 2]


@pytest.mark.parametrize("bad, message", [
    ("", "not a code path"), ("A//B", "not a code path"), ("  ", "not a code path"),
])
def test_bad_paths_are_refused(store, bad, message):
    with store.transaction(access.system("t")) as s:
        with pytest.raises(InvalidRequest, match=message):
            codebook.ensure_path(s, bad)


def test_sibling_names_are_unique_and_slash_free(store):
    with store.transaction(access.system("t")) as s:
        parent = codebook.ensure_path(s, "Benefits")
        codebook.create_code(s, "Confidence", parent=parent)
        with pytest.raises(Conflict, match="already a code 'confidence'"):
            codebook.create_code(s, "confidence", parent=parent)
        with pytest.raises(InvalidRequest, match="cannot contain '/'"):
            codebook.create_code(s, "Pros/cons", parent=parent)
        with pytest.raises(InvalidRequest, match="not a colour"):
            codebook.create_code(s, "Red", colour="red")


def test_rename_and_move_keep_codings_and_write_audit(store):
    names = seed(store)
    with store.transaction(access.system("t")) as s:
        code = codebook.get_code(s, names["access"])
        src = sources.get_source(s, names["source"])
        codings.apply_coding(s, src, code, coders.get_coder(s, "Priya"), 40, 60)
        codebook.rename_code(s, code, "Availability")
        codebook.move_code(s, code, codebook.get_code(s, "Relationship"), position=0)
    with store.session() as s:
        moved = codebook.get_code(s, "Relationship/Availability")
        assert paths(s)[:2] == ["Relationship", "Relationship/Availability"]
        assert [seg.code for seg in codings.retrieve(s, access.system("t"), code=moved)] == ["Relationship/Availability"]
        actions = [e.action for e in audit.entries(s, moved.uuid)]
        assert actions == ["code.create", "code.rename", "code.move"]
        rename = audit.entries(s, moved.uuid)[1]
        assert rename.before["path"] == names["access"]
        assert rename.after["path"] == "Relationship/Positive/Availability"
        assert rename.actor == "t"


def test_move_into_own_subtree_is_refused(store):
    with store.transaction(access.system("t")) as s:
        leaf = codebook.ensure_path(s, "A/B/C")
        with pytest.raises(InvalidRequest, match="inside itself"):
            codebook.move_code(s, codebook.get_code(s, "A"), leaf)


def test_delete_refuses_while_codings_exist_unless_moved(store):
    names = seed(store)
    with store.transaction(access.system("t")) as s:
        src = sources.get_source(s, names["source"])
        codings.apply_coding(s, src, codebook.get_code(s, names["cancel"]), coders.get_coder(s, "Daniel"), 80, 100)
    with store.transaction(access.system("t")) as s:
        negative = codebook.get_code(s, "Relationship/Negative")
        with pytest.raises(Conflict, match="is in use by codings .* move them"):
            codebook.delete_code(s, negative)
    with store.transaction(access.system("t")) as s:
        negative = codebook.get_code(s, "Relationship/Negative")
        codebook.delete_code(s, negative, move_codings_to=codebook.get_code(s, names["access"]))
    with store.session() as s:
        assert "Relationship/Negative" not in paths(s)
        assert [seg.code for seg in codings.retrieve(s, access.system("t"))] == [names["access"]]
        deleted = [e for e in audit.entries(s) if e.action == "code.delete"]
        assert deleted[0].before["subtree"] == ["Relationship/Negative", names["cancel"]]


def test_delete_unused_code(store):
    with store.transaction(access.system("t")) as s:
        codebook.ensure_path(s, "A/B")
    with store.transaction(access.system("t")) as s:
        codebook.delete_code(s, codebook.get_code(s, "A"))
    with store.session() as s:
        assert paths(s) == []
        with pytest.raises(NotFound, match="no code 'A'"):
            codebook.get_code(s, "A")


def test_merge_moves_codings_drops_exact_duplicates_and_keeps_audit(store):
    names = seed(store)
    with store.transaction(access.system("t")) as s:
        src = sources.get_source(s, names["source"])
        priya = coders.get_coder(s, "Priya")
        acc, cancel = codebook.get_code(s, names["access"]), codebook.get_code(s, names["cancel"])
        codings.apply_coding(s, src, acc, priya, 40, 60)
        codings.apply_coding(s, src, cancel, priya, 40, 60)   # same span: a duplicate after merging
        codings.apply_coding(s, src, cancel, priya, 80, 100)
        cancel_uuid = cancel.uuid
    with store.transaction(access.system("t")) as s:
        moved, dropped = codebook.merge_codes(
            s, codebook.get_code(s, names["cancel"]), codebook.get_code(s, names["access"]))
    assert (moved, dropped) == (1, 1)
    with store.session() as s:
        assert sorted((seg.start, seg.code) for seg in codings.retrieve(s, access.system("t"))) == [
            (40, names["access"]), (80, names["access"])]
        merge = [e for e in audit.entries(s) if e.action == "code.merge"][0]
        assert merge.before["uuid"] == str(cancel_uuid)
        assert merge.after == {"into": names["access"], "codings_moved": 1, "duplicates_dropped": 1}


def test_merge_into_itself_or_child_is_refused(store):
    with store.transaction(access.system("t")) as s:
        child = codebook.ensure_path(s, "A/B")
        parent = codebook.get_code(s, "A")
        with pytest.raises(InvalidRequest):
            codebook.merge_codes(s, parent, parent)
        with pytest.raises(InvalidRequest, match="own child"):
            codebook.merge_codes(s, parent, child)
