"""The segments table and the code matrices, read back with openpyxl and csv:
columns, attribute values, formula guarding, the About sheet, counts and
shares worked out by hand, the 0/1 sections matrix, blind mode, refusals."""
from __future__ import annotations

import csv
import datetime as dt

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from coding import access, blind, cases, codebook, coders, codings, sources
from coding.errors import NotAllowed, NotFound
from exporters.atomic import ExportFailed
from exporters.matrix import export_matrix, sections_path
from exporters.segments import export_segments
from storage.models import Coding
from tests.exporters.test_theme_table import project  # noqa: F401 (the fixture)

COLUMNS = ["id", "source", "kind", "case", "group", "age", "coder", "code", "text", "start", "end", "memo"]
ACC, INF, TP = ("Influences/Positive/Accessibility", "Influences/Positive/Informal contact",
                "Influences/Negative/Time pressure")


@pytest.fixture
def study(project):  # noqa: F811 (pytest's fixture by name)
    """The theme-table project, plus an "age" attribute, Lena's memo that looks like a
    formula, and a second coder, Marek, while coding is blind."""
    with project.transaction(access.system("t")) as s:
        cases.set_value(s, cases.get_case(s, "P1"), cases.ensure_attribute(s, "age", "integer"), 34)
        fg, sv = sources.get_source(s, "Focus group"), sources.get_source(s, "Survey")
        lena, marek = coders.get_coder(s, "Lena"), coders.create_coder(s, "Marek")
        for src, path, who, text, memo in (
                (sv, INF, lena, "any time", "=SUM(A1)"),
                (fg, ACC, marek, "We met for coffee", "+1 helpful"),
                (sv, TP, marek, "I could message", "")):
            start = src.text.index(text)
            codings.apply_coding(s, src, codebook.get_code(s, path), who, start, start + len(text), memo=memo)
        blind.set_blind(s, access.system("t"), True)
    return project


def _segments(store, path, as_="Lena", coder=None):
    with store.session() as s:
        return export_segments(s, access.resolve(s, as_), path, coder=coder)


def _matrix(store, path, as_="Lena", coder=None, attribute="group"):
    with store.session() as s:
        export_matrix(s, access.resolve(s, as_), path, attribute, coder=coder)


def _csv(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def _rows(sheet):
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def test_segments_csv_has_every_column_and_value(study, tmp_path):
    assert _segments(study, tmp_path / "s.csv") == 8
    header, *rows = _csv(tmp_path / "s.csv")
    assert header == COLUMNS
    with study.session() as s:
        uuids = {str(c.uuid) for c in s.scalars(select(Coding))}
    assert {r[0] for r in rows} == uuids
    by_text = {r[8]: r[1:] for r in rows}
    assert by_text["She always answered my emails."] == [
        "Focus group", "focus-group", "P1", "Mentee", "34", "Lena", ACC, "She always answered my emails.",
        "5", "35", ""]
    assert by_text["Not much contact at all."] == ["Survey", "survey", "R2", "Mentor", "", "Lena", TP,
                                                   "Not much contact at all.", "30", "54", ""]
    assert [r[8] for r in rows][:3] == ["She always answered my emails.", "Mine cancelled twice.",
                                        "We met for coffee"]  # source, then start
    assert by_text["any time"][-1] == "'=SUM(A1)" and by_text["We met for coffee"][-1] == "'+1 helpful"
    assert not any(cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r)


def test_segments_xlsx_about_sheet_header_and_guarded_cells(study, tmp_path):
    assert _segments(study, tmp_path / "s.xlsx", coder="Lena") == 6
    book = load_workbook(tmp_path / "s.xlsx")
    assert book.sheetnames == ["About", "Segments"]
    about = {r[0]: r[1] for r in _rows(book["About"]) if r[0]}
    assert about["Project"] == "Study" and about["Exported by"] == "Lena" and about["Coder"] == "Lena"
    assert about["Date"] == dt.date.today().isoformat() and about["Rows"] == 6
    sheet = book["Segments"]
    header, *rows = _rows(sheet)
    assert header == COLUMNS and len(rows) == 6 and {r[6] for r in rows} == {"Lena"}
    assert all(c.font.bold for c in sheet[1]) and sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:L7"
    first = dict(zip(COLUMNS, rows[0]))
    assert first["age"] == 34 and first["start"] == 5 and first["end"] == 35 and first["group"] == "Mentee"
    [r] = [i for i, row in enumerate(rows, start=2) if row[7] == INF and row[3] == "R1"]
    memo = sheet.cell(r, COLUMNS.index("memo") + 1)
    assert memo.value == "=SUM(A1)" and memo.data_type == "s" and memo.quotePrefix
    assert not sheet.cell(r, COLUMNS.index("text") + 1).quotePrefix
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    _segments(study, tmp_path / "all.xlsx")
    about = {r[0]: r[1] for r in _rows(load_workbook(tmp_path / "all.xlsx")["About"]) if r[0]}
    assert about["Coder"] == "every coder you may read" and about["Rows"] == 8


def test_blind_coder_reads_only_their_own_segments(study, tmp_path):
    assert _segments(study, tmp_path / "m.csv", as_="Marek") == 2
    _, *rows = _csv(tmp_path / "m.csv")
    assert {r[6] for r in rows} == {"Marek"}
    with pytest.raises(NotAllowed, match="blind"):
        _segments(study, tmp_path / "x.csv", as_="Marek", coder="Lena")
    _matrix(study, tmp_path / "m.xlsx", as_="Marek")
    book = load_workbook(tmp_path / "m.xlsx")
    _, *codes = _rows(book["Codes by group"])
    assert codes == [[ACC, 0, 0, 0, 1, 1, 0.5], [INF, 0, 0, 0, 0, 0, 0], [TP, 1, 1, 1 / 3, 0, 0, 0]]
    _, *secs = _rows(book["Sections x codes"])
    assert [r[3:] for r in secs] == [["P1", "Mentee", 0, 0, 0], ["P2", "Mentee", 0, 0, 0],
                                     ["M1", "Mentor", 1, 0, 0], ["R1", "Mentee", 0, 0, 1],
                                     ["R2", "Mentor", 0, 0, 0]]
    assert not (tmp_path / "x.csv").exists()


def test_matrix_xlsx_counts_shares_and_sections(study, tmp_path):
    _matrix(study, tmp_path / "m.xlsx")
    book = load_workbook(tmp_path / "m.xlsx")
    assert book.sheetnames == ["About", "Codes by group", "Sections x codes"]
    about = {r[0]: r[1] for r in _rows(book["About"]) if r[0]}
    assert about["Attribute"] == "group" and about["Cases per value"] == "Mentee: 3; Mentor: 2"
    assert about["Coder"] == "every coder you may read" and about["Sections"] == 5
    header, *codes = _rows(book["Codes by group"])
    assert header == ["code", "Mentee: codings", "Mentee: cases", "Mentee: share of cases",
                      "Mentor: codings", "Mentor: cases", "Mentor: share of cases"]
    # Mentees P1, P2, R1; mentors M1, R2.  Accessibility: P1, R1 (Lena), M1 (Marek);
    # Informal: M1, R1 (Lena); Time pressure: P2, R2 (Lena), R1 (Marek)
    assert codes == [[ACC, 2, 2, 2 / 3, 1, 1, 0.5], [INF, 1, 1, 1 / 3, 1, 1, 0.5],
                     [TP, 2, 2, 2 / 3, 1, 1, 0.5]]
    assert book["Codes by group"].cell(2, 4).number_format == "0.0%"
    sheet = book["Sections x codes"]
    header, *secs = _rows(sheet)
    assert header == ["source", "start", "end", "case", "group", ACC, INF, TP]
    assert secs == [["Focus group", 5, 35, "P1", "Mentee", 1, 0, 0],
                    ["Focus group", 41, 62, "P2", "Mentee", 0, 0, 1],
                    ["Focus group", 67, 99, "M1", "Mentor", 1, 1, 0],
                    ["Survey", 0, 29, "R1", "Mentee", 1, 1, 1],
                    ["Survey", 30, 54, "R2", "Mentor", 0, 0, 1]]
    assert all(c.font.bold for c in sheet[1]) and sheet.freeze_panes == "A2"


def test_matrix_csv_writes_two_files_for_one_coder(study, tmp_path):
    _matrix(study, tmp_path / "m.csv", coder="Lena")
    header, *codes = _csv(tmp_path / "m.csv")
    assert header[0] == "code" and len(header) == 7
    assert codes == [[ACC, "2", "2", "0.6667", "0", "0", "0.0"], [INF, "1", "1", "0.3333", "1", "1", "0.5"],
                     [TP, "1", "1", "0.3333", "1", "1", "0.5"]]
    assert sections_path(tmp_path / "m.csv") == tmp_path / "m-sections.csv"
    header, *secs = _csv(tmp_path / "m-sections.csv")
    assert header == ["source", "start", "end", "case", "group", ACC, INF, TP]
    assert [r[3:] for r in secs] == [["P1", "Mentee", "1", "0", "0"], ["P2", "Mentee", "0", "0", "1"],
                                     ["M1", "Mentor", "0", "1", "0"], ["R1", "Mentee", "1", "1", "0"],
                                     ["R2", "Mentor", "0", "0", "1"]]


def test_matrix_counts_codings_without_a_value_apart(study, tmp_path):
    _matrix(study, tmp_path / "age.csv", attribute="age")
    header, *codes = _csv(tmp_path / "age.csv")
    assert header == ["code", "34: codings", "34: cases", "34: share of cases", "(no value): codings",
                      "(no value): cases", "(no value): share of cases"]
    assert codes[0] == [ACC, "1", "1", "1.0", "2", "2", "0.5"]  # P1 has an age; R1 and M1 of 4 do not


def test_bad_extension_and_unknown_attribute_write_nothing(study, tmp_path):
    before = set(tmp_path.iterdir())
    with pytest.raises(ExportFailed, match=r"'\.txt' is not a supported format; give a file name ending in "
                                           r"\.csv or \.xlsx"):
        _segments(study, tmp_path / "s.txt")
    with pytest.raises(ExportFailed, match="no extension"):
        _matrix(study, tmp_path / "m")
    with pytest.raises(NotFound, match=r"^There is no case attribute called 'cohort'\.$"):
        _matrix(study, tmp_path / "m.xlsx", attribute="cohort")
    with pytest.raises(NotFound, match="cohort"):
        _matrix(study, tmp_path / "m.csv", attribute="cohort")
    assert set(tmp_path.iterdir()) == before


def test_the_fast_read_gives_what_retrieve_gives(demo_copy):
    """The export reads its rows in one query; ``codings.retrieve`` is the reference."""
    from coding import access, codings
    from exporters.segments import _segments
    from storage import open_project

    with open_project(demo_copy) as store, store.session() as s:
        for who in ("Priya Raman", "Daniel Osei"):
            me = access.resolve(s, who)
            fast = [(u, src, kind, case, coder, code, text, a, b, memo)
                    for u, src, kind, case, coder, code, text, a, b, memo in _segments(s, me, None)]
            slow = [(g.coding_uuid, g.source, g.source_kind, g.case, g.coder, g.code, g.text, g.start, g.end, g.memo)
                    for g in codings.retrieve(s, me)]
            assert sorted(fast) == sorted(slow) and len(fast) > 100
