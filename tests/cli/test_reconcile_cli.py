"""`tandem discrepancies`, `tandem reconcile`, `tandem decisions`: the JSON
contract, decisions by a lead only, one-line refusals that change nothing."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from tests.cli.test_cli import assert_one_line_error, digest, run

FG = "Kim: Welcome.\n\nAna: It helped a lot, she always answered.\n\nBen: Not for me, mine cancelled twice.\n"


@pytest.fixture
def project(tmp_path, capsys) -> Path:
    path = tmp_path / "study.tandem"
    assert run(capsys, "new", path)[0] == 0
    (tmp_path / "fg.txt").write_text(FG, encoding="utf-8")
    assert run(capsys, "import", path, tmp_path / "fg.txt", "--kind", "focus-group", "--moderator", "Kim")[0] == 0
    assert run(capsys, "coders", "add", path, "Lena", "--role", "lead", "--as", "Lena")[0] == 0
    assert run(capsys, "coders", "add", path, "Ana", "--as", "Lena")[0] == 0
    (tmp_path / "c.csv").write_text("source,coder,code,start,end,memo\n"
                                    "fg,Ana,T/Help,20,35,\nfg,Lena,T/Help,20,30,\n"   # boundary
                                    "fg,Ana,T/Cancel,60,80,\nfg,Lena,T/Help,60,80,\n"  # different code
                                    "fg,Lena,T/Help,0,5,\n"                            # B only
                                    "fg,Ana,T/Help,40,50,\nfg,Lena,T/Help,40,50,\n",   # agreement
                                    encoding="utf-8")
    assert run(capsys, "codings", "import", path, tmp_path / "c.csv", "--as", "Lena")[0] == 0
    return path


def _list(capsys, project, *extra):
    code, out, err = run(capsys, "discrepancies", project, "--coders", "Ana,Lena", "--json", "--as", "Lena", *extra)
    assert code == 0, err
    return {d["class"]: d for d in json.loads(out)}


def test_discrepancies_json_contract(project, capsys):
    found = _list(capsys, project)
    assert sorted(found) == ["b_only", "boundary", "different_code"]
    assert (found["boundary"]["code"], found["boundary"]["a_spans"], found["boundary"]["b_spans"]) == (
        "T/Help", [[20, 35]], [[20, 30]])
    assert (found["different_code"]["code_a"], found["different_code"]["code_b"]) == ("T/Cancel", "T/Help")
    assert found["b_only"]["a_spans"] == [] and found["b_only"]["status"] == "pending"
    assert all(len(d["id"]) == 12 for d in found.values())


def test_a_lead_decides_and_the_consensus_layer_is_exported(project, tmp_path, capsys):
    ids = {k: d["id"] for k, d in _list(capsys, project).items()}
    code, out, err = run(capsys, "reconcile", project, "--coders", "Ana,Lena", "--as", "Lena",
                         "--decide", f"{ids['boundary']}=accept-b", "--decide", f"{ids['b_only']}=neither",
                         "--note", "Lena's span fits the definition")
    assert code == 0, err
    assert run(capsys, "reconcile", project, "--coders", "Ana,Lena", "--agreements", "--as", "Lena")[0] == 0
    found = _list(capsys, project, "--status", "decided")
    assert sorted(found) == ["b_only", "boundary"]
    assert found["boundary"]["decision"]["rationale"] == "Lena's span fits the definition"
    assert run(capsys, "codings", "export", project, tmp_path / "c.csv", "--coder", "Consensus", "--as", "Lena")[0] == 0
    with open(tmp_path / "c.csv", newline="") as fh:
        assert sorted((r["start"], r["end"]) for r in csv.DictReader(fh)) == [("20", "30"), ("40", "50")]
    code, out, _ = run(capsys, "reconcile", project, "--coders", "Ana,Lena", "--json", "--as", "Lena")
    summary = json.loads(out)
    assert (summary["total"], summary["decided"], summary["consensus_codings"]) == (3, 2, 2)
    assert "Lena (lead) decided 2 of them" in summary["methods_paragraph"]
    code, out, _ = run(capsys, "reconcile", project, "--reopen", ids["boundary"], "--note", "again", "--as", "Lena")
    assert code == 0 and "1 consensus codings taken out" in out
    assert _list(capsys, project)["boundary"]["status"] == "reopened"


@pytest.mark.parametrize("argv,fragment", [
    (["--decide", "{different_code}=edit"], "does not fit a different-code discrepancy"),
    (["--decide", "feedfacecafe=neither"], "no discrepancy 'feedfacecafe'"),
    (["--decide", "{boundary}"], "--decide takes ID=CHOICE"),
    (["--decide", "{boundary}=edit", "--span", "x-y"], "--span takes START-END"),
    (["--decide", "{boundary}=accept-a", "--decide", "{b_only}=accept-a"], "does not fit a B-only"),
])
def test_bad_decisions_are_refused_in_one_line_and_nothing_is_written(project, capsys, argv, fragment):
    ids = {k: d["id"] for k, d in _list(capsys, project).items()}
    before = digest(project)
    argv = [a.format(**ids) for a in argv]
    assert_one_line_error(*run(capsys, "reconcile", project, "--coders", "Ana,Lena", "--as", "Lena", *argv)[::2],
                          fragment)
    assert digest(project) == before


def test_only_a_lead_decides_and_coders_may_comment(project, capsys):
    ids = {k: d["id"] for k, d in _list(capsys, project).items()}
    assert run(capsys, "blind", project, "off", "--as", "Lena")[0] == 0
    before = digest(project)
    assert_one_line_error(*run(capsys, "reconcile", project, "--coders", "Ana,Lena", "--as", "Ana",
                               "--decide", f"{ids['b_only']}=neither")[::2], "Only a lead can decide")
    assert digest(project) == before
    code, _out, err = run(capsys, "reconcile", project, "--coders", "Ana,Lena", "--as", "Ana",
                          "--comment", f"{ids['b_only']}=I missed it")
    assert code == 0, err
    code, out, _ = run(capsys, "discrepancies", project, "--coders", "Ana,Lena", "--json", "--as", "Ana")
    [b_only] = [d for d in json.loads(out) if d["class"] == "b_only"]
    assert b_only["id"] == ids["b_only"]
    assert [(c["author"], c["text"]) for c in b_only["comments"]] == [("Ana", "I missed it")]


def test_decisions_log_lists_every_decision(project, capsys):
    ids = {k: d["id"] for k, d in _list(capsys, project).items()}
    run(capsys, "reconcile", project, "--coders", "Ana,Lena", "--as", "Lena", "--decide", f"{ids['b_only']}=accept-b")
    code, out, _ = run(capsys, "decisions", project, "--json", "--as", "Lena")
    [row] = json.loads(out)
    assert (row["discrepancy_id"], row["choice"], row["class"], row["decided_by"]) == (
        ids["b_only"], "accept-b", "b_only", "Lena")
