"""A disagreement reads as people read it: the whole turn or response (or
the sentence, in a long one) with the disputed words marked, and who said it
and when — or which respondent — instead of character offsets."""
from __future__ import annotations

import json

from tests.cli.test_cli import run

CODE = "Influences on the relationship/Negative influences/Time pressure"


def test_disagreements_carry_their_turn_speaker_time_and_respondent(demo_copy, capsys):
    code, out, err = run(capsys, "disagreements", str(demo_copy), "--as", "Priya Raman", "--unit", "char",
                         "--code", CODE, "--json")
    assert code == 0, err
    found = json.loads(out)["disagreements"] if isinstance(json.loads(out), dict) else json.loads(out)
    assert found
    for d in found:
        start, end = d["start"] - d["context_start"], d["end"] - d["context_start"]
        assert 0 <= start < end <= len(d["context"]) + 1  # the disputed words lie in the passage shown
        assert d["context"].strip() and len(d["context"]) <= 700
    spoken = [d for d in found if d["speaker"]]
    answered = [d for d in found if d["case"] and not d["speaker"]]
    assert spoken and any(d["time_ms"] is not None for d in spoken)  # the focus group: who and when
    assert answered  # the surveys: which respondent


def test_the_passage_marks_the_disputed_words():
    from coding.agreement.disagreements import Disagreement

    d = Disagreement("Focus group", 18, 26, ("coded", "not coded"), "the exam",
                     context="On the morning of the exam I froze.", context_start=0, speaker="Amira Haddad",
                     time_ms=724_000)
    assert d.marked() == "On the morning of «the exam» I froze."
    assert d.where() == "Amira Haddad, 12:04"
    assert Disagreement("Mentee survey", 0, 5, ("a", "b"), "x", case="MEE-07",
                        section_kind="response").where() == "respondent MEE-07"
    # interview notes are not a survey: their case is named with the source, not as a "respondent"
    assert Disagreement("Interview 2", 0, 5, ("a", "b"), "x", case="INT-02",
                        section_kind="paragraph").where() == "Interview 2, INT-02"
