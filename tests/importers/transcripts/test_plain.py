"""Plain ``Name: speech`` turns and QualCoder-style ``[id] speech`` blocks."""
from __future__ import annotations

from collections import Counter

import pytest

from importers.errors import ImportFailed
from importers.transcripts.plain import parse_bracket_turns, parse_plain_turns
from tests.importers.transcripts.support import read_sample, words

BRACKETS = "qualcoder_bracket_id_turns.txt"


def test_qualcoder_bracket_sample():
    raw = read_sample(BRACKETS)
    t = parse_bracket_turns(raw, BRACKETS)
    blocks = [b for b in raw.split("\n\n") if b.strip()]
    assert len(blocks) == 7 == t.cue_count == len(t.turns)
    assert t.format == "bracket-turns" and t.timing_lines is None and t.notes == []
    assert Counter(x.speaker for x in t.turns) == {"id1": 3, "id2": 2, "id3": 2}
    assert t.turns[0].text.startswith("hello, I like the course.")
    assert (t.turns[3].speaker, t.turns[3].line) == ("id1", 7)
    assert "too much needed for the wrtitten assignments" in t.turns[3].text  # typos kept
    assert t.turns[-1].text == "Hmm, I will ask the tutor for more help as I am really struggling."
    # every word after the [id] labels is in a turn
    assert sum(len(words(b)) - 1 for b in blocks) == sum(len(words(x.text)) for x in t.turns)


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_bracket_blocks_paragraphs_timestamps_and_preamble(newline):
    text = ("Focus group 2\n\n[P1] First turn\nwraps here.\n\nA second paragraph of P1.\n\n"
            "[00:01:02] a bracketed time is not a speaker\n\n[P2] Reply.\n")
    t = parse_bracket_turns("\ufeff" + text.replace("\n", newline), "b.txt")
    assert [(x.speaker, x.text, x.line) for x in t.turns] == [
        (None, "Focus group 2", 1),
        ("P1", "First turn\nwraps here.\n\nA second paragraph of P1.\n\n[00:01:02] a bracketed time is not "
               "a speaker", 3),
        ("P2", "Reply.", 10)]
    assert t.cue_count == 2


def test_bracket_lines_without_blank_lines():
    t = parse_bracket_turns("[A] one\n[B] two\n[A] three\n", "b.txt")
    assert [(x.speaker, x.text) for x in t.turns] == [("A", "one"), ("B", "two"), ("A", "three")]
    t = parse_bracket_turns("[A] one\n[laughs] still A\n\n[B] two\n", "b.txt")
    assert [(x.speaker, x.text) for x in t.turns] == [("A", "one\n[laughs] still A"), ("B", "two")]


def test_bracket_errors():
    with pytest.raises(ImportFailed) as err:
        parse_bracket_turns("no ids at all\n", "b.txt")
    assert str(err.value) == ("b.txt: line 1: no '[id] speech' blocks found; start each turn with the "
                              "speaker's id in square brackets, e.g. '[id1] I think…', with a blank line "
                              "between turns.")


PLAIN = """Interview 4, 12 May

Interviewer: How did it start?
Take your time.

Mary O'Neil-Smith: Well: it started slowly.
Note: this is still Mary.

It went on.
Interviewer: And then?
**Mary O'Neil-Smith:** Then it stopped.
__Interviewer__: Thanks.
"""


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_plain_turns(newline):
    t = parse_plain_turns("\ufeff" + PLAIN.replace("\n", newline), "p.txt")
    assert [(x.speaker, x.text, x.line) for x in t.turns] == [
        (None, "Interview 4, 12 May", 1),
        ("Interviewer", "How did it start?\nTake your time.", 3),
        ("Mary O'Neil-Smith", "Well: it started slowly.\nNote: this is still Mary.\n\nIt went on.", 6),
        ("Interviewer", "And then?", 10),
        ("Mary O'Neil-Smith", "Then it stopped.", 11),
        ("Interviewer", "Thanks.", 12)]
    assert t.format == "plain-turns" and t.cue_count == 5 and t.timing_lines is None


def test_plain_one_off_labels_bullets_and_empty_turns():
    t = parse_plain_turns("Q: Why?\nA: Because.\nQ: Sure?\nA:\n- Bob: a bullet, not a turn\n", "p.txt")
    assert [(x.speaker, x.text) for x in t.turns] == [
        ("Q", "Why?"), ("A", "Because."), ("Q", "Sure?"), ("A", "- Bob: a bullet, not a turn")]
    t = parse_plain_turns("Ann Lee: hi\nBo Chan: hello\nAnn Lee:\n", "p.txt")
    assert [x.speaker for x in t.turns] == ["Ann Lee", "Bo Chan"]
    assert "1 speaker label(s) have no speech after them" in t.notes


def test_plain_errors():
    with pytest.raises(ImportFailed) as err:
        parse_plain_turns("Just prose. Note: nothing here.\n", "p.txt")
    assert str(err.value).startswith("p.txt: line 1: no 'Name: speech' turns found; ")
