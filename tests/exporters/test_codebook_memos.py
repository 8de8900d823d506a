"""The codebook report (Word, CSV) with counts per readable layer, and every
memo in one Word document — blind mode respected, bad names refused."""
from __future__ import annotations

import csv

import pytest
from docx import Document

from coding import access, blind, codebook, coders, codings, memos, sources
from exporters.atomic import ExportFailed
from exporters.codebook_report import export_codebook
from exporters.memos_docx import export_memos
from tests.factories import seed_themes


@pytest.fixture
def team(sqlite_store):
    """The theme-table project plus a second coder, Omar, with a coding and memos of his own."""
    project = seed_themes(sqlite_store)
    with project.transaction(access.system("t")) as s:
        omar = coders.create_coder(s, "Omar")
        src = sources.get_source(s, "Focus group")
        code = codebook.get_code(s, "Influences/Positive/Accessibility")
        codebook.update_code(s, code, inclusion="=reachable")  # a spreadsheet must not run it
        codings.apply_coding(s, src, code, omar, 0, 3, memo="Omar's doubt")
        memos.add_memo(s, "Omar thinks the code is too broad", author=omar, code=code)
        memos.add_memo(s, "Lena: keep it", author=coders.get_coder(s, "Lena"), code=code)
        assert blind.is_blind(s)
    return project


def _as(store, name):
    with store.session() as s:
        return access.resolve(s, name)


def test_the_codebook_counts_only_the_layers_one_may_read(team, tmp_path):
    with team.session() as s:
        export_codebook(s, _as(team, "Omar"), tmp_path / "omar.csv")
        export_codebook(s, _as(team, "Lena"), tmp_path / "lena.csv")
    with open(tmp_path / "omar.csv", newline="") as fh:
        omar = list(csv.DictReader(fh))
    with open(tmp_path / "lena.csv", newline="") as fh:
        lena = list(csv.DictReader(fh))
    assert [k for k in omar[0] if k.startswith("codings")] == ["codings: Omar"]
    assert [k for k in lena[0] if k.startswith("codings")] == ["codings: Lena", "codings: Omar"]
    row = next(r for r in lena if r["code"] == "Influences/Positive/Accessibility")
    assert (row["codings: Lena"], row["codings: Omar"], row["inclusion"]) == ("2", "1", "'=reachable")


def test_the_codebook_in_word_has_a_row_per_code(team, tmp_path):
    with team.session() as s:
        n = export_codebook(s, _as(team, "Lena"), tmp_path / "cb.docx")
    table = Document(str(tmp_path / "cb.docx")).tables[0]
    header = [c.text for c in table.rows[0].cells]
    assert header[0] == "Code" and header[-2:] == ["Lena", "Omar"] and len(table.rows) == n + 1
    row = next(r for r in table.rows if r.cells[0].text == "Accessibility")
    assert row.cells[1].text == "The mentor was easy to reach." and row.cells[-2].text == "2"


def test_the_codebook_in_excel_says_what_it_holds_and_keeps_formulas_as_text(team, tmp_path):
    from openpyxl import load_workbook

    with team.session() as s:
        n = export_codebook(s, _as(team, "Omar"), tmp_path / "cb.xlsx")
    book = load_workbook(tmp_path / "cb.xlsx")
    about = {r[0].value: r[1].value for r in book["About"].iter_rows(min_row=3) if r[0].value}
    assert about["Exported by"] == "Omar" and about["Coders counted"] == "Omar" and about["Rows"] == n
    sheet = book["Codebook"]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["code", "level", "description"] and header[-1] == "codings: Omar"
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=2)}
    access_row = rows["Influences/Positive/Accessibility"]
    inclusion = access_row[header.index("inclusion")]
    assert inclusion.value == "=reachable" and inclusion.data_type == "s" and inclusion.quotePrefix
    assert access_row[1].value == 3 and access_row[-1].value == 1 and len(rows) == n
    assert sheet.freeze_panes == "A2" and all(c.font.bold for c in sheet[1])


def test_memos_of_others_stay_hidden_while_blind(team, tmp_path):
    with team.session() as s:
        assert export_memos(s, _as(team, "Omar"), tmp_path / "omar.docx") == 2
        assert export_memos(s, _as(team, "Lena"), tmp_path / "lena.docx") == 3
    omar = "\n".join(p.text for p in Document(str(tmp_path / "omar.docx")).paragraphs)
    lena = "\n".join(p.text for p in Document(str(tmp_path / "lena.docx")).paragraphs)
    assert "too broad" in omar and "keep it" not in omar and "Omar's doubt" in omar
    assert "too broad" in lena and "keep it" in lena


def test_bad_file_names_are_refused(team, tmp_path):
    with team.session() as s:
        with pytest.raises(ExportFailed, match="not a supported format"):
            export_codebook(s, _as(team, "Lena"), tmp_path / "cb.pdf")
        with pytest.raises(ExportFailed, match="not a Word file"):
            export_memos(s, _as(team, "Lena"), tmp_path / "m.txt")
    assert not list(tmp_path.glob("cb.*")) and not list(tmp_path.glob("m.*"))
