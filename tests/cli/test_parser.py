"""The command line builds only the parser of the command being run; it
must parse exactly as the whole parser does, and fall back to it for help
and for unknown commands."""
from __future__ import annotations

import subprocess
import sys

import pytest

from app.cli.main import build_parser, main
from app.cli.one_command import command_word

LINES = [
    ["agree", "p.tandem", "--coders", "A,B", "--unit", "char", "--json"],
    ["--as", "Ana", "agree", "p.tandem", "--json"],
    ["--as=Ana", "discrepancies", "p.tandem", "--json"],
    ["cases", "set", "p.tandem", "P01", "group=mentor"],
    ["codings", "export", "p.tandem", "out.csv", "--coder", "Ana"],
    ["export", "table", "p.tandem", "t.docx"],
    ["server", "add-coder", "postgresql://localhost/test", "Ana", "--role", "lead"],
    ["demo", "--no-gui"],
]


@pytest.mark.parametrize("argv", LINES, ids=lambda a: " ".join(a[:3]))
def test_one_command_parser_parses_as_the_whole_parser(argv):
    word = command_word(argv)
    assert word == next(w for w in argv if not w.startswith("-") and w != "Ana")
    only, whole = build_parser(word).parse_args(argv), build_parser().parse_args(argv)
    assert {k: v for k, v in vars(only).items() if k != "func"} == \
           {k: v for k, v in vars(whole).items() if k != "func"}
    assert callable(only.func)


def test_no_command_word_means_the_whole_parser():
    assert command_word([]) is None
    assert command_word(["--help"]) is None
    assert command_word(["--as", "Ana"]) is None
    assert build_parser("agre") is None  # no such command: the whole parser reports it


def test_an_unknown_command_lists_the_commands(capsys):
    assert main(["agre", "p.tandem"]) == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'agre'" in err and "agree" in err and "discrepancies" in err


def test_the_installed_command_runs_through_its_entry_point(tmp_path):
    """``tandem`` (``app.cli:run``) runs a command end to end and exits with its code."""
    project = tmp_path / "p.tandem"
    done = subprocess.run([sys.executable, "-c", "import sys; from app.cli import run; sys.exit(run())",
                           "new", str(project)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert project.exists()
    bad = subprocess.run([sys.executable, "-c", "import sys; from app.cli import run; sys.exit(run())",
                          "new", str(project)], capture_output=True, text=True)
    assert bad.returncode == 1 and bad.stderr.startswith("tandem: error:")
