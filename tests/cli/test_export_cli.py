"""`tandem export table` on the demo study: a Word file with every theme that
has quotes, sections by respondent group, and one-line refusals."""
from __future__ import annotations

from docx import Document

from tests.cli.test_cli import assert_one_line_error, run


def test_export_table_writes_the_demo_theme_table(demo_copy, tmp_path, capsys):
    out = tmp_path / "themes.docx"
    code, stdout, err = run(capsys, "export", "table", demo_copy, out, "--as", "Priya Raman", "--themes-at", "2",
                            "--section-by", "group", "--quotes", "2", "--attribution", "--caption", "Themes")
    assert code == 0, err
    assert "quotes from Consensus" in stdout
    doc = Document(str(out))
    rows = [[c.text for c in r.cells] for r in doc.tables[0].rows]
    assert rows[0] == ["Category", "Theme", "Description of theme", "Representative quotes*"]
    sections = [r[0] for r in rows if len(set(r)) == 1]
    assert sections == ["Mentee response", "Mentor response"]
    quotes = [r[3] for r in rows[1:] if len(set(r)) > 1]
    assert quotes and all(q.startswith("“") and "” — " in q for q in quotes)
    assert doc.paragraphs[-1].text.startswith("*Quotes were obtained from ")


def test_export_table_refuses_bad_requests_in_one_line(demo_copy, tmp_path, capsys):
    assert_one_line_error(*run(capsys, "export", "table", demo_copy, tmp_path / "t.odt", "--as", "Priya Raman")[::2],
                          "not a Word file")
    assert_one_line_error(*run(capsys, "export", "table", demo_copy, tmp_path / "t.docx", "--as", "Priya Raman",
                               "--section-by", "cohort")[::2], "no case attribute called 'cohort'")
    assert_one_line_error(*run(capsys, "export", "table", demo_copy, tmp_path / "t.docx", "--as", "Priya Raman",
                               "--quotes", "some")[::2], "--quotes takes a number or 'all'")
    assert not list(tmp_path.glob("t.*"))


def test_quotes_are_suggested_pinned_edited_and_exported(demo_copy, tmp_path, capsys):
    import json

    theme = "Influences on the relationship/Negative influences/Time pressure"
    code, out, err = run(capsys, "quotes", "suggest", demo_copy, "--theme", theme, "--as", "Priya Raman", "--json")
    assert code == 0, err
    [best, *_] = json.loads(out)
    assert best["why"].startswith("typical of the theme")
    code, out, err = run(capsys, "quotes", "pin", demo_copy, "--theme", theme, "--coding", best["coding"],
                         "--as", "Priya Raman")
    assert code == 0, err
    quote = out.split()[2]
    assert_one_line_error(*run(capsys, "quotes", "edit", demo_copy, quote, "--text", "It was all fine.",
                               "--as", "Priya Raman")[::2], "not faithful")
    words = best["text"].split()
    edited = " ".join(words[:4]) + " … " + " ".join(words[-3:])
    assert run(capsys, "quotes", "edit", demo_copy, quote, "--text", edited, "--as", "Priya Raman")[0] == 0
    out_path = tmp_path / "t.docx"
    assert run(capsys, "export", "table", demo_copy, out_path, "--as", "Priya Raman", "--themes-at", "2")[0] == 0
    doc = Document(str(out_path))
    cells = [c.text for r in doc.tables[0].rows for c in r.cells]
    assert f"“{edited}”" in cells


def test_export_codebook_segments_matrix_and_memos(demo_copy, tmp_path, capsys):
    import csv

    for argv, fragment in ((["codebook", "cb.docx"], "26 codes"), (["segments", "seg.csv"], "coded segments"),
                           (["matrix", "m.csv", "--by", "group"], "m-sections.csv"), (["memos", "memos.docx"], "memos")):
        code, out, err = run(capsys, "export", argv[0], demo_copy, tmp_path / argv[1], *argv[2:], "--as", "Priya Raman")
        assert code == 0 and fragment in out, err
    with open(tmp_path / "seg.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["coder"] for r in rows} == {"Priya Raman", "Daniel Osei", "Consensus"} and rows[0]["group"]
    with open(tmp_path / "m.csv", newline="") as fh:
        header = next(csv.reader(fh))
    assert header[:4] == ["code", "Mentee: codings", "Mentee: cases", "Mentee: share of cases"]
    assert_one_line_error(*run(capsys, "export", "matrix", demo_copy, tmp_path / "x.csv", "--by", "cohort",
                               "--as", "Priya Raman")[::2], "no case attribute called 'cohort'")
    assert_one_line_error(*run(capsys, "export", "segments", demo_copy, tmp_path / "x.pdf", "--as", "Priya Raman")[::2],
                          "x.pdf")
