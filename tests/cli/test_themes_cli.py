"""`tandem themes`: the Themes view on the command line, the project's theme
depth (which `tandem export table` then uses), and one-line refusals that
leave the project as it was."""
from __future__ import annotations

import json

from docx import Document

from tests.cli.test_cli import assert_one_line_error, run


def test_themes_lists_categories_themes_counts_and_quotes(demo_copy, capsys):
    code, stdout, err = run(capsys, "themes", demo_copy, "--as", "Priya Raman", "--by", "group", "--json")
    assert code == 0, err
    view = json.loads(stdout)
    assert view["depth"] == 2 and view["layer"] == "Consensus" and view["groups"] == ["Mentee", "Mentor"]
    assert [c["name"] for c in view["categories"]] == ["Positive influences", "Negative influences", "Benefits",
                                                      "Areas for improvement"]
    recognition = next(t for c in view["categories"] for t in c["themes"] if t["name"] == "Recognition for mentors")
    assert recognition["cases"].get("Mentor", 0) > recognition["cases"].get("Mentee", 0)
    code, text, _ = run(capsys, "themes", demo_copy, "--as", "Priya Raman", "--by", "group")
    assert "Themes at depth 2; counts from Consensus, cases by group" in text
    assert f"Recognition for mentors: {recognition['segments']} segments" in text


def test_the_depth_is_kept_in_the_project_and_used_by_the_table(demo_copy, tmp_path, capsys):
    code, stdout, err = run(capsys, "themes", demo_copy, "--as", "Priya Raman", "--depth", "1")
    assert code == 0, err
    assert "now the codebook's nodes at depth 1 (were at 2)" in stdout
    assert "\nInfluences on the relationship\n  Positive influences:" in stdout
    out = tmp_path / "t.docx"
    assert run(capsys, "export", "table", demo_copy, out, "--as", "Priya Raman")[0] == 0
    rows = [[c.text for c in r.cells] for r in Document(str(out)).tables[0].rows]
    assert rows[1][:2] == ["Influences on the relationship", "Positive influences"]


def test_a_bad_depth_is_refused_in_one_line_and_changes_nothing(demo_copy, capsys):
    before = demo_copy.read_bytes()
    assert_one_line_error(*run(capsys, "themes", demo_copy, "--as", "Priya Raman", "--depth", "9")[::2], "depth 1")
    assert demo_copy.read_bytes() == before
