"""`tandem agree` and `tandem disagreements`: the JSON contract, filters,
exit codes, one-line errors, and a project left untouched."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_cli import assert_one_line_error, digest, run

# The 2×2 table [[20, 5], [10, 15]] on a 50-character text; plus a
# three-turn focus group with a moderator.
TEXT = "x" * 50
FG = "Kim: Welcome, everyone.\n\nAna: It helped a lot.\n\nBen: Not for me, sadly.\n"


@pytest.fixture
def project(tmp_path, capsys) -> Path:
    path = tmp_path / "study.tandem"
    assert run(capsys, "new", path)[0] == 0
    (tmp_path / "doc.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "fg.txt").write_text(FG, encoding="utf-8")
    assert run(capsys, "import", path, tmp_path / "doc.txt", "--kind", "document")[0] == 0
    assert run(capsys, "import", path, tmp_path / "fg.txt", "--kind", "focus-group",
               "--moderator", "Kim", "--format", "plain-turns")[0] == 0
    kim, ana = FG.index("Kim"), FG.index("Ana")
    rows = ["source,coder,code,start,end,memo",
            "doc,A,Theme/Code,0,25,", "doc,B,Theme/Code,0,20,", "doc,B,Theme/Code,25,35,",
            f"fg,A,Theme/Other,{kim},{kim + 10},", f"fg,A,Theme/Other,{ana},{ana + 12},",
            f"fg,B,Theme/Other,{ana},{ana + 12},"]
    (tmp_path / "codings.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert run(capsys, "codings", "import", path, tmp_path / "codings.csv")[0] == 0
    # two coders: independent coding is on until a lead turns it off
    assert run(capsys, "coders", "role", path, "A", "lead")[0] == 0
    assert run(capsys, "blind", path, "off", "--as", "A")[0] == 0
    return path


def test_json_contract(project, capsys):
    before = digest(project)
    code, out, err = run(capsys, "agree", project, "--coders", "A,B", "--sources", "doc", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["unit"] == "char" and data["coders"] == ["A", "B"] and data["n_units"] == 50
    assert data["sources"] == ["doc"]
    [entry] = [c for c in data["codes"] if c["code"] == "Theme/Code"]
    assert (entry["both"], entry["a_only"], entry["b_only"], entry["neither"]) == (20, 5, 10, 15)
    assert entry["cohen_kappa"] == pytest.approx(0.40, abs=1e-3)
    for name in ("percent_agreement", "positive_agreement", "scott_pi", "fleiss_kappa",
                 "brennan_prediger", "gwet_ac1", "krippendorff_alpha"):
        assert isinstance(entry[name], float), name
    assert len(entry["ci95"]["krippendorff_alpha"]) == 2
    assert set(data["overall"]) >= {"unweighted_mean", "pooled_kappa", "pooled_alpha", "size_weighted_mean"}
    assert data["groups"] == [] and data["pairs"] == []
    assert data["elapsed_ms"] > 0
    assert "Two coders (A, B) independently coded 50 characters" in data["methods_paragraph"]
    assert digest(project) == before  # reading agreement never writes


def test_filters_units_and_text_output(project, capsys):
    code, out, _ = run(capsys, "agree", project, "--coders", "A,B", "--unit", "section",
                       "--sources", "fg", "--without-moderators", "--json")
    data = json.loads(out)
    assert code == 0 and data["n_units"] == 2 and data["filters"]["without_moderators"] is True
    [other] = [c for c in data["codes"] if c["code"] == "Theme/Other"]
    assert other["a_only"] == 0 and other["both"] == 1
    code, out, _ = run(capsys, "agree", project, "--unit", "segment", "--threshold", "0.5")
    assert code == 0 and "holsti" in out and "Unit: segment" in out
    code, out, _ = run(capsys, "agree", project, "--coders", "A,B", "--unit", "unitized", "--json")
    assert code == 0 and json.loads(out)["overall"]["unitized_alpha"]["value"] is not None


def test_disagreements_command(project, capsys):
    code, out, _ = run(capsys, "disagreements", project, "--coders", "A,B", "--code", "Theme/Other",
                       "--unit", "section", "--json")
    assert code == 0
    [d] = json.loads(out)
    assert d["source"] == "fg" and d["values"] == ["coded", "not coded"]
    assert d["excerpt"].startswith("Welcome")  # the turn, without its speaker label


@pytest.mark.parametrize("argv,fragment", [
    (["--coders", "A,Zed"], "no coder called 'Zed'"),
    (["--coders", "A"], "at least two coders"),
    (["--codes", "No/Such"], "no code 'No/Such'"),
    (["--where", "group=Mentor"], "no case attribute called 'group'"),
    (["--where", "nonsense"], "--where takes ATTRIBUTE=VALUE"),
    (["--unit", "segment", "--threshold", "2"], "threshold"),
])
def test_bad_input_one_line_and_project_unchanged(project, capsys, argv, fragment):
    before = digest(project)
    code, _, err = run(capsys, "agree", project, *argv)
    assert_one_line_error(code, err, fragment)
    assert code == 1
    assert digest(project) == before


def test_unknown_unit_is_a_usage_error(project, capsys):
    code, _, err = run(capsys, "agree", project, "--unit", "word")
    assert code == 2 and "invalid choice" in err and len(err.strip().splitlines()) == 1


def test_without_coders_the_two_with_the_most_codings_are_compared(project, capsys):
    assert run(capsys, "coders", "add", project, "Aardvark", "--as", "A")[0] == 0  # codes nothing
    code, out, err = run(capsys, "agree", project, "--json", "--as", "A")
    assert code == 0, err
    data = json.loads(out)
    assert data["coders"] == ["A", "B"]  # three codings each; Aardvark (first by name) has none
    assert data["notes"][0].startswith("Coders: the two with the most codings in these sources (A 3, B 3)")
    code, out, _ = run(capsys, "agree", project, "--coders", "Aardvark,B", "--json", "--as", "A")
    data = json.loads(out)
    assert data["scope"]["coders_without_codings"] == ["Aardvark"]
    assert "Aardvark made no coding in these sources" in data["methods_paragraph"]


def test_skip_uncoded_and_join_touching_are_stated(project, tmp_path, capsys):
    (tmp_path / "empty.txt").write_text("Nobody coded this yet.\n", encoding="utf-8")
    assert run(capsys, "import", project, tmp_path / "empty.txt", "--kind", "document", "--as", "A")[0] == 0
    code, out, _ = run(capsys, "agree", project, "--coders", "A,B", "--as", "A")
    assert code == 0 and "Sources that no coder had coded (likely not coded yet): empty" in out
    assert "--skip-uncoded" in out
    code, out, _ = run(capsys, "agree", project, "--coders", "A,B", "--skip-uncoded", "--json", "--as", "A")
    data = json.loads(out)
    assert "empty" not in data["sources"] and data["scope"]["uncoded_sources_left_out"] is True
    assert data["filters"]["skip_uncoded"] is True
    code, out, _ = run(capsys, "agree", project, "--coders", "A,B", "--unit", "unitized",
                       "--join-touching", "--json", "--as", "A")
    data = json.loads(out)
    assert data["join_touching"] is True and "joined into one unit, an option" in data["methods_paragraph"]


def test_agree_as_a_command_imports_no_scikit_learn_and_ends_with_its_output(project):
    """κ is a formula: `tandem agree` must not pay scikit-learn's 1–2 s import (nor
    load krippendorff or Qt); and ending without the interpreter's teardown
    still delivers the whole report and leaves the project closed."""
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-X", "importtime", "-m", "app.cli.main", "agree", str(project),
                          "--coders", "A,B", "--json"], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-2000:]
    imported = {line.rsplit("|", 1)[-1].strip() for line in out.stderr.splitlines() if "|" in line}
    assert imported and not {m for m in imported if m.split(".")[0] in ("sklearn", "krippendorff", "PySide6")}
    assert json.loads(out.stdout)["coders"] == ["A", "B"]
    assert not Path(str(project) + "-wal").exists()
