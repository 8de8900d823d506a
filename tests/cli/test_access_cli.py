"""The command line asks the core who may read and do what: blind mode hides
other coders' codings from coders, and --as works before or after the command."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from tests.cli.test_cli import assert_one_line_error, digest, run

FG = "Kim: Welcome.\n\nAna: It helped a lot.\n\nBen: Not for me.\n"


@pytest.fixture
def project(tmp_path, capsys) -> Path:
    path = tmp_path / "study.tandem"
    assert run(capsys, "new", path)[0] == 0
    (tmp_path / "fg.txt").write_text(FG, encoding="utf-8")
    assert run(capsys, "import", path, tmp_path / "fg.txt", "--kind", "focus-group", "--moderator", "Kim")[0] == 0
    assert run(capsys, "--as", "Lena", "coders", "add", path, "Lena", "--role", "lead")[0] == 0
    assert run(capsys, "coders", "add", path, "Ana", "--as", "Lena")[0] == 0
    (tmp_path / "c.csv").write_text("source,coder,code,start,end,memo\n"
                                    "fg,Ana,T/Help,20,35,\nfg,Lena,T/Help,20,30,\n", encoding="utf-8")
    assert run(capsys, "codings", "import", path, tmp_path / "c.csv", "--as", "Lena")[0] == 0
    return path


def test_a_coder_exports_only_their_own_codings_while_blind(project, tmp_path, capsys):
    code, out, err = run(capsys, "codings", "export", project, tmp_path / "mine.csv", "--as", "Ana")
    assert code == 0, err
    assert "only Ana's own" in out
    with open(tmp_path / "mine.csv", newline="") as fh:
        assert {row["coder"] for row in csv.DictReader(fh)} == {"Ana"}
    before = digest(project)
    assert_one_line_error(*run(capsys, "codings", "export", project, tmp_path / "x.csv",
                               "--coder", "Lena", "--as", "Ana")[::2], "only their own codings, not Lena's")
    assert not (tmp_path / "x.csv").exists() and digest(project) == before
    code, _out, _err = run(capsys, "--as", "Lena", "codings", "export", project, tmp_path / "all.csv")
    with open(tmp_path / "all.csv", newline="") as fh:
        assert {row["coder"] for row in csv.DictReader(fh)} == {"Ana", "Lena"}


@pytest.mark.parametrize("argv", [["agree", "{p}", "--coders", "Ana,Lena"],
                                  ["disagreements", "{p}", "--coders", "Ana,Lena", "--code", "T/Help"]])
def test_comparisons_are_for_leads_while_blind(project, capsys, monkeypatch, argv):
    monkeypatch.delenv("TANDEM_USER", raising=False)
    argv = [a.format(p=project) for a in argv]
    assert_one_line_error(*run(capsys, *argv, "--as", "Ana")[::2], "only leads may see")
    assert_one_line_error(*run(capsys, *argv)[::2], "--as NAME (or the TANDEM_USER variable)")
    monkeypatch.setenv("TANDEM_USER", "Lena")
    code, _out, err = run(capsys, *argv)
    assert code == 0, err


def test_unnamed_reads_while_blind_say_how_to_name_yourself(project, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("TANDEM_USER", raising=False)
    assert_one_line_error(*run(capsys, "codings", "export", project, tmp_path / "x.csv")[::2],
                          "say who you are: --as NAME")
    code, out, _ = run(capsys, "coders", "list", project, "--json")
    assert [c["codings"] for c in json.loads(out)] == [None, None]  # nobody named: no counts


def test_as_after_the_command_is_the_same_as_before(project, capsys):
    assert run(capsys, "coders", "add", project, "Sam", "--as", "Lena", "--role", "lead")[0] == 0
    code, out, _ = run(capsys, "log", project, "--json", "--limit", "1")
    assert json.loads(out)[0]["actor"] == "Lena"
    assert_one_line_error(*run(capsys, "coders", "add", project, "Zed", "--role", "lead", "--as", "Ana")[::2],
                          "Only a lead")
