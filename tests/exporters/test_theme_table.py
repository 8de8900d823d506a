"""The Word theme table: every cell, every merge, the sections, both layouts,
the footnote — read back with python-docx; and the theme rows the core builds."""
from __future__ import annotations

import pytest
from docx import Document
from docx.oxml.ns import qn

from coding import access, codebook, codings, quotes
from coding.errors import InvalidRequest, NotFound
from coding.themes import theme_table
from exporters.atomic import ExportFailed
from exporters.theme_table import export_theme_table
from storage import open_project
from tests.factories import seed_themes

@pytest.fixture
def project(sqlite_store):
    """Two sources (a focus group and a survey), mentees and a mentor, one coder."""
    return seed_themes(sqlite_store)


def _table(store, **kw):
    with store.session() as s:
        return theme_table(s, access.resolve(s, "Lena"), coder="Lena", themes_at=2, **kw)


def _cells(path):
    doc = Document(str(path))
    return doc, [[c.text for c in row.cells] for row in doc.tables[0].rows]


def test_grouped_layout_merges_category_theme_and_description(project, tmp_path):
    out = export_theme_table(_table(project), tmp_path / "t.docx", note="Quotes lightly edited.")
    doc, rows = _cells(out)
    assert rows[0] == ["Category", "Theme", "Description of theme", "Representative quotes*"]
    assert rows[1] == ["Positive", "Accessibility", "The mentor was easy to reach.",
                       "“She always answered my emails.”"]
    assert rows[2] == ["Positive", "Accessibility", "The mentor was easy to reach.",
                       "“I could message her any time.”"]  # merged down: the same cell seen from each row
    assert rows[3][:2] == ["Positive", "Informal contact"] and rows[3][3] == "“coffee”"
    assert rows[4][:2] == ["Negative", "Time pressure"] and len(rows) == 6
    table = doc.tables[0]
    assert table.cell(1, 1)._tc is table.cell(2, 1)._tc and table.cell(1, 0)._tc is table.cell(3, 0)._tc
    assert table.cell(3, 1)._tc is not table.cell(1, 1)._tc
    header = table.rows[0]._tr.trPr.find(qn("w:tblHeader"))
    assert header is not None  # repeated on every page
    texts = [p.text for p in doc.paragraphs]
    assert "*Quotes were obtained from surveys and focus groups. Quotes lightly edited." in texts
    assert texts[0] == "Table 1. Themes and representative quotes"


def test_sections_by_attribute_and_the_sectioned_layout_with_attribution(project, tmp_path):
    table = _table(project, section_by="group")
    out = export_theme_table(table, tmp_path / "t.docx", layout="sectioned", attribution=True,
                             caption_text="Mentorship themes", landscape=True)
    doc, rows = _cells(out)
    assert rows[0] == ["Theme", "Description of theme", "Representative quotes*"]
    labels = [r[0] for r in rows if len(set(r)) == 1]
    assert labels == ["Mentee response", "Positive", "Negative", "Mentor response", "Positive", "Negative"]
    assert "“She always answered my emails.” — mentee, focus group" in [r[2] for r in rows]
    assert "“Not much contact at all.” — mentor, survey" in [r[2] for r in rows]
    assert doc.sections[0].page_width > doc.sections[0].page_height
    assert doc.paragraphs[0].text == "Table 1. Mentorship themes"


def test_pinned_quotes_replace_the_segments_and_keep_their_order_and_edits(project, tmp_path):
    with project.session() as s:
        lena = access.resolve(s, "Lena")
        theme = codebook.get_code(s, "Influences/Positive/Accessibility")
        segs = [x for x in codings.retrieve(s, lena, code=theme)]
    with project.transaction(lena) as s:
        first = quotes.pin(s, lena, str(theme.uuid), segs[0].coding_uuid)
        second = quotes.pin(s, lena, str(theme.uuid), segs[1].coding_uuid)
        quotes.edit(s, lena, first, "[The mentor] always answered … emails.")
        quotes.move(s, lena, second, 0)
    table = _table(project, quotes=1)
    [theme_row] = [t for sec in table.sections for c in sec.categories for t in c.themes if t.name == "Accessibility"]
    assert [q.text for q in theme_row.quotes] == ["I could message her any time.",
                                                  "[The mentor] always answered … emails."]


def test_a_quote_edit_must_stay_faithful_and_names_are_flagged(project):
    assert quotes.faithful("She always answered my emails.", "[She] always answered … emails.") == []
    assert quotes.faithful("She always answered my emails.", "She never answered my emails.")
    with project.session() as s:
        flags = quotes.identifying(s, "Ben said P1 (ben@example.org, +44 20 7946 0958) helped")
    assert "the name “Ben”" in flags and "the e-mail address ben@example.org" in flags
    assert any(f.startswith("the phone number") for f in flags)
    with project.session() as s:
        lena = access.resolve(s, "Lena")
        theme = codebook.get_code(s, "Influences/Positive/Accessibility")
        seg = codings.retrieve(s, lena, code=theme)[0]
    with pytest.raises(InvalidRequest, match="not faithful"):
        with project.transaction(lena) as s:
            quotes.pin(s, lena, str(theme.uuid), seg.coding_uuid, text="She never answered.")


def test_bad_requests_are_refused_and_write_nothing(project, tmp_path):
    with pytest.raises(ExportFailed, match="not a Word file"):
        export_theme_table(_table(project), tmp_path / "t.pdf")
    with pytest.raises(NotFound, match="no case attribute called 'cohort'"):
        _table(project, section_by="cohort")
    with project.session() as s:
        with pytest.raises(InvalidRequest, match="no consensus layer yet"):
            theme_table(s, access.resolve(s, "Lena"))
    assert not [p for p in tmp_path.iterdir() if not p.name.startswith("study.tandem")]  # no file written


def test_rows_stay_on_one_page_and_a_full_row_spans_the_whole_table(project, tmp_path):
    out = export_theme_table(_table(project, section_by="group"), tmp_path / "t.docx", layout="sectioned")
    table = Document(str(out)).tables[0]
    body = table.rows[1:]
    assert body and all(r._tr.trPr is not None and r._tr.trPr.find(qn("w:cantSplit")) is not None for r in body)
    grid = sum(int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol")))
    (label,) = body[0]._tr.tc_lst  # "Mentee response", merged across every column
    assert int(label.tcPr.find(qn("w:tcW")).get(qn("w:w"))) == grid


def test_the_first_quotes_in_source_order_are_the_ones_shown(project):
    every = {t.path: t.quotes for s in _table(project, quotes=None).sections for c in s.categories
             for t in c.themes}
    first = {t.path: t.quotes for s in _table(project, quotes=1).sections for c in s.categories for t in c.themes}
    assert first.keys() == every.keys() and any(len(q) > 1 for q in every.values())
    assert all(first[path] == every[path][:1] for path in every)


def test_quotes_of_a_readable_length_come_first_each_kept_in_source_order():
    from coding.themes import readable_first

    items = ["exam tips", " ".join(["ten"] * 10), "too short here", " ".join(["twelve"] * 12), "word " * 100]

    def words(item: str) -> int:
        return len(item.split())

    assert [words(i) for i in readable_first(items, 2, words)] == [10, 12]
    assert [words(i) for i in readable_first(items, 3, words)] == [2, 10, 12]  # then the first of the rest
    assert readable_first(items, None, words) == items and readable_first(items[:2], 5, words) == items[:2]


def test_a_theme_described_for_readers_prints_that_not_its_coding_instruction(project, tmp_path, capsys):
    """A codebook's definitions are written for coders ("Apply when …"); a
    theme's description for the table, set on the command line (or in the
    code dialog), replaces it in the table — and clearing it brings the
    definition back.  It goes through the codebook CSV both ways."""
    from exporters import codebook_csv as codebook_out
    from importers import codebook_csv
    from tests.cli.test_cli import run

    path = project.path
    project.close()
    theme = "Influences/Positive/Accessibility"
    code, out, err = run(capsys, "themes", path, "--describe", theme, "Mentors who answered  quickly.", "--as", "Lena")
    assert code == 0 and "describes Influences/Positive/Accessibility as" in out, err
    with open_project(path) as store:
        rows = _cells(export_theme_table(_table(store), tmp_path / "t.docx"))[1]
        assert rows[1][1:3] == ["Accessibility", "Mentors who answered quickly."]
        with store.session() as s:
            csv_path = tmp_path / "codebook.csv"
            codebook_out.export(s, csv_path)
        assert "summary" in csv_path.read_text(encoding="utf-8").splitlines()[0]
    assert run(capsys, "themes", path, "--describe", theme, "", "--as", "Lena")[0] == 0
    with open_project(path) as store:
        rows = _cells(export_theme_table(_table(store), tmp_path / "t2.docx"))[1]
        assert rows[1][2] == "The mentor was easy to reach."  # its definition again
        with store.transaction(access.system("t")) as s:
            codebook_csv.write(s, codebook_csv.parse(csv_path))  # the described codebook read back
        with store.session() as s:
            assert codebook.get_code(s, theme).summary == "Mentors who answered quickly."
