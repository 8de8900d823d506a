"""Look-alike names are one name: coders, codes, cases and attributes typed
in another case, Unicode form, width or with invisible characters never
split an identity (an agreement over two halves of one coder)."""
from __future__ import annotations

import unicodedata

import pytest

from coding import access, cases, codebook, coders, names
from coding.errors import Conflict
from tests.cli.test_cli import run

ALICES = ["alice", "ALICE", "Ali\u200bce", "\uff21lice", " Alice\u00a0", "\ufeffAlice"]
ZOE_NFC, ZOE_NFD = unicodedata.normalize("NFC", "Zoë"), unicodedata.normalize("NFD", "Zoë")
CAFE_NFC, CAFE_NFD = unicodedata.normalize("NFC", "Café"), unicodedata.normalize("NFD", "Café")


def test_clean_and_key():
    assert ZOE_NFC != ZOE_NFD and names.clean(ZOE_NFD) == ZOE_NFC
    assert {names.key(a) for a in ALICES} == {names.key("Alice")}
    assert names.clean("  Ana \u2003 Souza\u200d ") == "Ana Souza"
    assert not names.same("Zoe", "Zoë")  # accents are letters, not spelling
    assert names.differs_only_in_form("alice", "Alice") and not names.differs_only_in_form("Alice", "Alice")


def test_look_alike_coders_are_one_coder(store):
    with store.transaction(access.system("t")) as s:
        alice = coders.create_coder(s, "Alice")
        zoe = coders.create_coder(s, ZOE_NFD)
    assert zoe.name == ZOE_NFC
    for other in ALICES:
        with pytest.raises(Conflict, match="already a coder called 'Alice'"):
            with store.transaction(access.system("t")) as s:
                coders.create_coder(s, other)
    with store.session() as s:
        assert all(coders.find_coder(s, a).id == alice.id for a in ALICES)
        assert coders.find_coder(s, ZOE_NFC).id == zoe.id
        assert coders.find_coder(s, "Zoe") is None
        assert len(coders.list_coders(s)) == 2


def test_look_alike_codes_are_one_code(store):
    with store.transaction(access.system("t")) as s:
        cafe = codebook.ensure_path(s, f"Places/{CAFE_NFD}")
    assert cafe.name == CAFE_NFC
    with store.transaction(access.system("t")) as s:
        assert codebook.ensure_path(s, f"PLACES/{CAFE_NFC}").id == cafe.id
        assert codebook.find_code(s, f"places/ca\u200bfé").id == cafe.id
        with pytest.raises(Conflict):
            codebook.create_code(s, CAFE_NFD.upper(), parent=codebook.get_code(s, "Places"))
    with store.session() as s:
        assert [c.name for c, _d in codebook.walk(s)] == ["Places", CAFE_NFC]


def test_look_alike_cases_and_attributes_are_one_and_an_import_hears_of_it(store):
    with store.transaction(access.system("t")) as s:
        alice = cases.ensure_case(s, "Alice")
        group = cases.ensure_attribute(s, "Group")
        matched: list = []
        ids = cases.ensure_cases(s, ["alice", "\uff21lice", "Bob", "BOB", "Ali\u200bce"], matched)
        assert ids["alice"] == ids["\uff21lice"] == ids["Ali\u200bce"] == alice.id
        assert ids["Bob"] == ids["BOB"] != alice.id
        assert ("alice", "Alice") in matched and ("BOB", "Bob") in matched
        assert cases.ensure_attribute(s, "GROUP").id == group.id
        assert cases.find_attribute(s, "group\u200b").id == group.id
    with store.session() as s:
        assert [c.name for c in cases.list_cases(s)] == ["Alice", "Bob"]


def test_the_cli_refuses_a_look_alike_coder_in_one_line(tmp_path, capsys):
    path = tmp_path / "p.tandem"
    assert run(capsys, "new", str(path))[0] == 0
    assert run(capsys, "coders", "add", str(path), "Alice")[0] == 0
    code, _o, err = run(capsys, "coders", "add", str(path), "ＡLICE")
    assert code == 1 and err.count("\n") == 1 and "already a coder called 'Alice'" in err
