"""Codebook and codings CSV: exact round trips, and whole-file-or-nothing imports."""
from __future__ import annotations

import pytest

from coding import access, codebook, coders, codings, sources
from coding.text import sha256
from exporters import codebook_csv as codebook_out, codings_csv as codings_out
from importers import codebook_csv, codings_csv
from importers.errors import ImportFailed
from tests.factories import TEXT, seed

CODEBOOK = (
    "code,description,colour\n"
    "Influences,Everything that shaped the relationship,#DDDDDD\n"
    'Influences/Positive,"Helps, supports",#A6D8F4\n'
    'Influences/Positive/Trust,"Apply when a participant says ""I could tell her"".",#B8E6A1\n'
    "Influences/Negative/Time pressure,Workload crowds out meetings,#F4A6A6\n"
)


def load_codebook(store, path):
    rows = codebook_csv.parse(path)
    with store.transaction(access.system("t")) as s:
        return codebook_csv.write(s, rows)


def test_codebook_round_trip_is_exact(store, tmp_path):
    src = tmp_path / "in.csv"
    src.write_text(CODEBOOK, encoding="utf-8")
    assert load_codebook(store, src) == (5, 0)  # Influences/Negative is created as a parent
    out = tmp_path / "out.csv"
    with store.session() as s:
        codebook_out.export(s, out)
    exported = out.read_text(encoding="utf-8")
    assert exported.splitlines()[0] == "code,description,colour"
    assert exported.replace("Influences/Negative,,#F9D89C\n", "") == CODEBOOK
    # and once more through a fresh project: byte for byte
    from storage import create_project

    with create_project(tmp_path / "second.tandem") as other:
        load_codebook(other, out)
        again = tmp_path / "again.csv"
        with other.session() as s:
            codebook_out.export(s, again)
    assert again.read_bytes() == out.read_bytes()


def test_codebook_import_updates_existing_codes(store, tmp_path):
    src = tmp_path / "in.csv"
    src.write_text(CODEBOOK, encoding="utf-8")
    load_codebook(store, src)
    src.write_text("code,description,colour\nInfluences/Positive/Trust,New definition,#b8e6a1\n")
    assert load_codebook(store, src) == (0, 1)
    with store.session() as s:
        trust = codebook.get_code(s, "Influences/Positive/Trust")
        assert (trust.description, trust.colour) == ("New definition", "#B8E6A1")


@pytest.mark.parametrize("content, message", [
    ("name,description\nA,b\n", "missing column code"),
    ("code,description,colour,weight\nA,b,#FFFFFF,3\n", "unknown column weight"),
    ("code,description,colour\nA,b,blue\n", "row 2: 'blue' is not a colour"),
    ("code,description,colour\nA,b,#FFFFFF\nA,c,#FFFFFF\n", "row 3: 'A' is already listed on row 2"),
    ("code,description,colour\n,b,#FFFFFF\n", "row 2: the code column is empty"),
    ("code,description,colour\nA//B,b,#FFFFFF\n", "row 2: 'A//B' is not a code path"),
    ("code;description;colour\nA;b;#FFFFFF;x\n", "row 2 has 4 fields but the header has 3"),
    ("code,description,colour\nA;b;c\n", "row 2 has 1 fields but the header has 3 — is the delimiter ';'"),
    ('code,description,colour\n"A,b,#FFFFFF\n', "row 2 has 1 fields|not valid CSV"),
])
def test_bad_codebook_files_change_nothing(store, tmp_path, content, message):
    src = tmp_path / "bad.csv"
    src.write_text(content, encoding="utf-8")
    with pytest.raises(ImportFailed, match=message):
        load_codebook(store, src)
    with store.session() as s:
        assert codebook.tree(s) == []


def coded_project(store):
    names = seed(store)
    with store.transaction(access.system("t")) as s:
        src = sources.get_source(s, names["source"])
        p, d = coders.get_coder(s, "Priya"), coders.get_coder(s, "Daniel")
        acc, can = codebook.get_code(s, names["access"]), codebook.get_code(s, names["cancel"])
        emoji = TEXT.index("😕")
        codings.apply_coding(s, src, acc, p, 40, 95, memo='said "always", twice')
        codings.apply_coding(s, src, acc, d, 52, 95)
        codings.apply_coding(s, src, can, d, emoji - 5, emoji + 1, memo="multi\nline")
    return names


def test_codings_round_trip_is_exact(store, tmp_path):
    coded_project(store)
    out = tmp_path / "codings.csv"
    with store.session() as s:
        assert codings_out.export(s, access.system("t"), out) == 3
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "source,coder,code,start,end,memo"
    from storage import create_project

    with create_project(tmp_path / "copy.tandem") as other:
        with other.transaction(access.system("t")) as s:
            sources.add_source(s, "fg", "focus-group", TEXT, sha256(TEXT.encode()))
        rows = codings_csv.parse(out)
        with other.transaction(access.system("t")) as s:
            assert codings_csv.write(s, rows, out) == (3, 0)
        with other.transaction(access.system("t")) as s:  # importing again adds nothing
            assert codings_csv.write(s, rows, out) == (0, 3)
        again = tmp_path / "again.csv"
        with other.session() as s:
            codings_out.export(s, access.system("t"), again)
            assert [c.name for c in coders.list_coders(s)] == ["Daniel", "Priya"]
    assert again.read_bytes() == out.read_bytes()


def test_codings_export_for_one_coder(store, tmp_path):
    coded_project(store)
    out = tmp_path / "daniel.csv"
    with store.session() as s:
        assert codings_out.export(s, access.system("t"), out, coders.get_coder(s, "Daniel")) == 2
    assert {line.split(",")[1] for line in out.read_text().splitlines()[1:3]} == {"Daniel"}


@pytest.mark.parametrize("row, message", [
    ("nope,Priya,A/B,0,5,", "row 3: there is no source 'nope' \(by name or by file name\); import it first"),
    ("fg,Priya,A/B,5,5,", "row 3: offsets 5–5 do not fit 'fg'"),
    ("fg,Priya,A/B,0,9999,", "row 3: offsets 0–9999 do not fit"),
    ("fg,Priya,A/B,zero,5,", "row 3: start and end must be whole numbers"),
    ("fg,,A/B,0,5,", "row 3: the coder column is empty"),
    ("fg,Priya,Relationship,0,5,", "row 3: 'Relationship' is a grouping"),
])
def test_bad_codings_files_change_nothing(store, tmp_path, row, message):
    seed(store)
    with store.transaction(access.system("t")) as s:
        codebook.update_code(s, codebook.get_code(s, "Relationship"), codable=False)
    path = tmp_path / "bad.csv"
    path.write_text(f"source,coder,code,start,end,memo\nfg,Zoe,New/Code,0,5,ok\n{row}\n", encoding="utf-8")
    with store.session() as s:
        n_codes = len(codebook.tree(s))
    with pytest.raises(ImportFailed, match=message):
        rows = codings_csv.parse(path)
        with store.transaction(access.system("t")) as s:
            codings_csv.write(s, rows, path)
    with store.session() as s:  # not even the valid first row, its new code or new coder
        assert codings.retrieve(s, access.system("t")) == []
        assert len(codebook.tree(s)) == n_codes
        assert [c.name for c in coders.list_coders(s)] == ["Daniel", "Priya"]


def test_formula_like_names_survive_the_guarded_round_trip(tmp_path):
    """Exports write "-ve feelings" as "'-ve feelings" so spreadsheets do not
    run it; reading the file back takes the guard off again."""
    from coding import access, codebook
    from exporters.codebook_csv import export
    from importers import codebook_csv
    from storage import create_project

    first = create_project(tmp_path / "a.tandem")
    with first.transaction(access.system("t")) as s:
        codebook.ensure_path(s, "-ve feelings/Worry")  # a cell that starts like a formula
        codebook.ensure_path(s, "=sum")
    with first.session() as s:
        export(s, tmp_path / "cb.csv")
    assert "'-ve feelings/Worry" in (tmp_path / "cb.csv").read_text(encoding="utf-8")
    second = create_project(tmp_path / "b.tandem")
    with second.transaction(access.system("t")) as s:
        codebook_csv.write(s, codebook_csv.parse(tmp_path / "cb.csv"))
    with second.session() as s:
        assert [c.name for c, _d in codebook.walk(s)] == ["-ve feelings", "Worry", "=sum"]
    first.close()
    second.close()
