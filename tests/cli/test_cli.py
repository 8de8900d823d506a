"""The command line contract: exit codes, one-line errors, JSON, unchanged
projects on bad input."""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli.main import main

FG = "Kim: Welcome.\n\nAna: It helped a lot.\n\nBen: Not for me.\n"


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def project(tmp_path, capsys) -> Path:
    path = tmp_path / "study.tandem"
    assert run(capsys, "new", path, "--title", "Mentorship")[0] == 0
    (tmp_path / "fg.txt").write_text(FG, encoding="utf-8")
    assert run(capsys, "import", path, tmp_path / "fg.txt", "--kind", "focus-group",
               "--moderator", "Kim", "--attr", "group=Mentee")[0] == 0
    return path


def assert_one_line_error(code: int, err: str, fragment: str) -> None:
    assert code != 0
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("tandem: error: ") and fragment in lines[0], err
    assert "Traceback" not in err


def test_new_and_sources_list_json(project, capsys):
    code, out, _ = run(capsys, "sources", "list", project, "--json")
    assert code == 0
    [src] = json.loads(out)
    assert (src["name"], src["kind"], src["sections"]) == ("fg", "focus-group", 3)


def test_new_refuses_existing_file(project, capsys):
    before = digest(project)
    assert_one_line_error(*run(capsys, "new", project)[::2], "already exists")
    assert digest(project) == before


def test_import_skips_duplicates_and_reports(project, tmp_path, capsys):
    code, out, _ = run(capsys, "import", project, tmp_path / "fg.txt", "--json")
    assert code == 0 and json.loads(out)["skipped"][0].startswith("fg.txt: already imported")


def test_codebook_and_codings_commands_round_trip(project, tmp_path, capsys):
    (tmp_path / "cb.csv").write_text("code,description,colour\nBenefits/Help,Apply when...,#A6D8F4\n")
    assert run(capsys, "codebook", "import", project, tmp_path / "cb.csv")[0] == 0
    code, out, _ = run(capsys, "codebook", "list", project, "--json")
    assert [c["code"] for c in json.loads(out)] == ["Benefits", "Benefits/Help"]
    (tmp_path / "c.csv").write_text(
        "source,coder,code,start,end,memo\nfg,Priya,Benefits/Help,20,35,\nfg,Daniel,Benefits/New,20,30,hm\n")
    code, out, _ = run(capsys, "codings", "import", project, tmp_path / "c.csv")
    assert code == 0 and out.startswith("2 codings imported")
    # two coders and no lead: coding is independent, so each sees only their own counts
    code, out, _ = run(capsys, "coders", "list", project, "--json", "--as", "Priya")
    assert [(c["name"], c["codings"]) for c in json.loads(out)] == [("Daniel", None), ("Priya", 1)]
    assert run(capsys, "codings", "export", project, tmp_path / "out.csv", "--coder", "Priya", "--as", "Priya")[0] == 0
    assert (tmp_path / "out.csv").read_text().splitlines() == [
        "source,coder,code,start,end,memo", "fg,Priya,Benefits/Help,20,35,"]
    assert run(capsys, "codebook", "export", project, tmp_path / "cb2.csv")[0] == 0
    assert "Benefits/New" in (tmp_path / "cb2.csv").read_text()


def test_log_shows_who_did_what(project, capsys):
    code, out, _ = run(capsys, "--as", "Priya", "coders", "add", project, "Zoe", "--role", "lead")
    assert code == 0
    code, out, _ = run(capsys, "log", project, "--json", "--limit", "1")
    [entry] = json.loads(out)
    assert (entry["actor"], entry["action"], entry["after"]["role"]) == ("Priya", "coder.create", "lead")


BAD_INPUTS = [
    (["import", "{p}", "{d}/missing.txt"], "missing.txt: no such file"),
    (["import", "{p}", "{d}/empty.txt"], "is empty"),
    (["import", "{p}", "{d}/fg.txt", "--speaker", "Nobody=P9", "--again"], "no turns by Nobody"),
    (["import", "{p}", "{d}/fg.txt", "--attr", "novalue"], "--attr takes NAME=VALUE"),
    (["codebook", "import", "{p}", "{d}/bad_codebook.csv"], "row 2: 'blue' is not a colour"),
    (["codings", "import", "{p}", "{d}/bad_codings.csv"], "row 3: offsets 0–999 do not fit 'fg'"),
    (["codings", "import", "{p}", "{d}/fg.txt"], "missing columns"),
    (["codings", "export", "{p}", "{d}/x.csv", "--coder", "Zed"], "no coder called 'Zed'"),
    (["sources", "list", "{d}/fg.txt"], "is not a Tandem project"),
    (["sources", "list", "{d}/nothing.tandem"], "does not exist"),
    (["import", "{p}", "{d}/fg.txt", "--kind", "video"], "invalid choice: 'video'"),
    (["frobnicate"], "invalid choice"),
]


@pytest.mark.parametrize("argv, fragment", BAD_INPUTS)
def test_bad_input_gives_one_line_and_leaves_the_project_unchanged(project, tmp_path, capsys, argv, fragment):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "bad_codebook.csv").write_text("code,description,colour\nA,b,blue\n")
    (tmp_path / "bad_codings.csv").write_text(
        "source,coder,code,start,end,memo\nfg,Priya,New/Code,0,5,\nfg,Priya,New/Code,0,999,\n")
    before = digest(project)
    argv = [a.format(p=project, d=tmp_path) for a in argv]
    code, _, err = run(capsys, *argv)
    assert_one_line_error(code, err, fragment)
    assert digest(project) == before
    assert not (tmp_path / "x.csv").exists()


def test_demo_no_gui_builds_and_prints_the_path(tmp_path, capsys):
    code, out, _ = run(capsys, "demo", tmp_path / "demo", "--no-gui")
    path = Path(out.strip())
    assert code == 0 and path.exists() and path.suffix == ".tandem"
    code, out, _ = run(capsys, "demo", tmp_path / "demo", "--no-gui")  # second time: reuse
    assert code == 0 and Path(out.strip()) == path


def test_installed_entry_point_runs_in_a_fresh_process(tmp_path):
    """The real `tandem` script: exit status and stderr as a shell sees them."""
    exe = Path(sys.executable).with_name("tandem")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    ok = subprocess.run([exe, "new", tmp_path / "p.tandem"], capture_output=True, text=True, env=env)
    assert ok.returncode == 0, ok.stderr
    bad = subprocess.run([exe, "sources", "list", tmp_path / "none.tandem"], capture_output=True, text=True, env=env)
    assert bad.returncode == 1 and bad.stderr.count("\n") == 1 and "does not exist" in bad.stderr


VTT = ("WEBVTT\r\n\r\n1\r\n00:00:01.000 --> 00:00:03.000\r\nKim Lee: Welcome, everyone.\r\n\r\n"
       "2\r\n00:00:03.500 --> 00:00:06.000\r\nAna Ruiz: It helped a lot.\r\n\r\n"
       "3\r\n00:00:06.000 --> 00:00:08.000\r\nMostly the feedback 😀.\r\n\r\n"
       "4\r\n00:00:08.500 --> 00:00:09.000\r\nBen Ode: Not for me.\r\n")


def test_cases_and_sections_list_show_what_came_in(tmp_path, capsys):
    project = tmp_path / "p.tandem"
    run(capsys, "new", project)
    (tmp_path / "fg.vtt").write_text(VTT, encoding="utf-8", newline="")
    code, out, _ = run(capsys, "import", project, tmp_path / "fg.vtt", "--moderator", "Kim Lee",
                       "--speaker", "Ana Ruiz=P01", "--attr", "group=Mentee", "--attr", "year=2")
    assert code == 0 and "4 cues -> 3 turns" in out and "imported fg" in out
    code, out, _ = run(capsys, "sections", "list", project, "--source", "fg", "--json")
    rows = json.loads(out)
    assert [(r["speaker"], r["case"], r["moderator"]) for r in rows] == [
        ("Kim Lee", None, True), ("Ana Ruiz", "P01", False), ("Ben Ode", "Ben Ode", False)]
    assert rows[1]["text"] == "It helped a lot. Mostly the feedback 😀."
    assert (rows[1]["start_ms"], rows[1]["end_ms"]) == (3500, 8000)
    code, out, _ = run(capsys, "cases", "list", project, "--json")
    assert json.loads(out) == [
        {"name": "Ben Ode", "attributes": {"group": "Mentee", "year": 2}, "uuid": json.loads(out)[0]["uuid"]},
        {"name": "P01", "attributes": {"group": "Mentee", "year": 2}, "uuid": json.loads(out)[1]["uuid"]}]
    code, out, _ = run(capsys, "sections", "list", project)
    assert code == 0 and "Ana Ruiz: It helped a lot." in out
    assert_one_line_error(*run(capsys, "sections", "list", project, "--source", "nope")[::2], "no source called 'nope'")


SURVEY = ("Timestamp,Participant,Cohort,Satisfaction (1-5),What helped most?,What would you change?\n"
          "6/1/2026 9:00:00,P1,Mentee,4,\"Regular meetings with someone senior, honestly the best part.\",More structure early on please\n"
          "6/1/2026 9:05:00,P2,Mentor,2,Not much to be honest with you here,\"Protected time, and training for us as mentors.\"\n"
          "6/2/2026 9:05:00,P3,Mentee,5,My mentor introduced me to the research group and it was great,\n")


def test_survey_import_prints_its_decisions_and_takes_overrides(tmp_path, capsys):
    project = tmp_path / "p.tandem"
    run(capsys, "new", project)
    path = tmp_path / "s.csv"
    path.write_text(SURVEY, encoding="utf-8")
    code, out, err = run(capsys, "import", project, path, "--id-column", "Participant",
                         "--text-columns", "What helped most?,What would you change?", "--group-column", "Cohort")
    assert code == 0, err
    assert "3 respondents, 2 free-text questions, 5 answers" in out
    assert "'Cohort' → group" in out or "Cohort" in out
    code, out, _ = run(capsys, "cases", "list", project, "--json")
    by_name = {c["name"]: c["attributes"] for c in json.loads(out)}
    assert by_name["P2"]["Cohort"] == "Mentor" and by_name["P1"]["Satisfaction (1-5)"] == 4
    code, out, _ = run(capsys, "sections", "list", project, "--json")
    rows = json.loads(out)
    assert [(r["case"], r["question"]) for r in rows][:2] == [("P1", "What helped most?"), ("P2", "What helped most?")]


def test_survey_override_naming_an_unknown_column_fails_cleanly(tmp_path, capsys):
    project = tmp_path / "p.tandem"
    run(capsys, "new", project)
    path = tmp_path / "s.csv"
    path.write_text(SURVEY, encoding="utf-8")
    before = digest(project)
    assert_one_line_error(*run(capsys, "import", project, path, "--text-columns", "Nope")[::2], "Nope")
    assert digest(project) == before


def test_blind_mode_from_the_command_line(tmp_path, capsys):
    project = tmp_path / "b.tandem"
    run(capsys, "new", project)
    run(capsys, "coders", "add", project, "Priya", "--role", "lead")
    run(capsys, "coders", "add", project, "Daniel")
    assert run(capsys, "blind", project, "--json")[1].strip() == '{\n  "blind": true\n}'
    code, _out, err = run(capsys, "--as", "Daniel", "blind", project, "off")
    assert code == 1 and "Only a lead" in err and err.count("\n") == 1
    code, out, _err = run(capsys, "--as", "Priya", "blind", project, "off")
    assert code == 0 and "now off" in out
    assert "is off" in run(capsys, "blind", project)[1]
    code, _out, err = run(capsys, "blind", project, "on")
    assert code == 2 and "--as NAME" in err


def test_coders_role_takes_a_lead(tmp_path, capsys):
    project = tmp_path / "r.tandem"
    run(capsys, "new", project)
    run(capsys, "coders", "add", project, "Priya", "--role", "lead")
    run(capsys, "coders", "add", project, "Daniel")
    code, _out, err = run(capsys, "--as", "Daniel", "coders", "add", project, "Sam", "--role", "lead")
    assert code == 1 and "Only a lead can add a lead" in err
    code, out, _err = run(capsys, "--as", "Priya", "coders", "role", project, "Daniel", "lead")
    assert code == 0 and "Daniel is now a lead" in out


def test_a_survey_without_free_text_says_which_option_chooses_it(tmp_path, capsys):
    project = tmp_path / "p.tandem"
    run(capsys, "new", project)
    path = tmp_path / "scores.csv"
    path.write_text("Participant,Satisfaction (1-5)\nP1,4\nP2,5\nP3,3\n", encoding="utf-8")
    code, _out, err = run(capsys, "import", project, path)
    assert_one_line_error(code, err, "choose the columns to code (--text-columns COL,COL)")
    assert "import dialog" not in err
