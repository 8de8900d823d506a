"""Zoom transcript text ("[Name] HH:MM:SS") and Zoom chat saves."""
from __future__ import annotations

from collections import Counter

import pytest

from importers.errors import ImportFailed
from importers.transcripts.model import check_complete
from importers.transcripts.zoom_text import parse_zoom_chat, parse_zoom_text
from tests.importers.transcripts.support import read_sample, words

CHAT = "zoom_chat_zoomGroupStats.txt"


def test_zoom_chat_sample_tab_layout_crlf_utf8():
    raw = read_sample(CHAT)
    assert "\r\n" in raw and "\t" in raw
    t = parse_zoom_chat(raw, CHAT)
    check_complete(t, CHAT)
    lines = [line for line in raw.split("\r\n") if line]
    assert len(lines) == 10 == t.cue_count == len(t.turns) == t.timing_lines
    assert t.format == "zoom-chat" and t.notes == []
    assert Counter(x.speaker for x in t.turns) == {
        "Andrew Knight": 6, "Ringo Starr": 1, "George Harrison": 1, "John Lennon": 1, "Paul McCartney": 1}
    first = t.turns[0]
    assert (first.speaker, first.start_ms, first.end_ms, first.line) == ("Andrew Knight", 1274000, None, 1)
    assert first.text == ("Hello Everyone - It\u2019s great to see folks dropping into the session. "
                          "We\u2019ll get started here in just about 5 minutes.")
    assert t.turns[5].text == "And Turbo Pascal\u2026programming language!"
    assert (t.turns[9].speaker, t.turns[9].text, t.turns[9].start_ms) == ("Paul McCartney", "Fuselage", 2209000)
    # no text lost: the message column holds exactly the words of the turns
    assert sum(len(words(line.split("\t")[2])) for line in lines) == sum(len(words(x.text)) for x in t.turns)


def test_older_and_newer_local_chat_layouts():
    text = ("10:02:33\t From  Alice Smith : hi: all\n"
            "10:02:40 From Bob to Everyone : second line follows\n"
            "and here it is\n"
            "10:03:00 From  Carol  to  Everyone:\n"
            "\tZoom 5 puts the message\n"
            "\ton the next lines\n"
            "10:03:05 From Bob to Alice Smith(Direct Message) : psst\n")
    t = parse_zoom_chat(text, "c.txt")
    assert [(x.speaker, x.text, x.start_ms, x.line) for x in t.turns] == [
        ("Alice Smith", "hi: all", 36153000, 1),
        ("Bob", "second line follows\nand here it is", 36160000, 2),
        ("Carol", "Zoom 5 puts the message\non the next lines", 36180000, 4),
        ("Bob", "psst", 36185000, 7)]
    assert "1 direct (private) message(s) were imported like the others" in t.notes


def test_chat_text_before_the_first_message_is_kept_and_empty_messages_noted():
    t = parse_zoom_chat("Saved chat\n00:00:01\tAl:\t\n00:00:02\tAl:\tok\n", "c.txt")
    assert [(x.speaker, x.text) for x in t.turns] == [(None, "Saved chat"), ("Al", "ok")]
    assert t.cue_count == 2 and "1 chat message(s) are empty" in t.notes


@pytest.mark.parametrize("text, expected", [
    ("00:00:01\tAl:\thi\n00:00:02 Al says hi\n",
     "line 2: '00:00:02 Al says hi' starts with a time but is not a chat message"),
    ("just words\n", "line 1: no chat messages found"),
    ("", "line 1: no chat messages found"),
])
def test_chat_errors(text, expected):
    with pytest.raises(ImportFailed) as err:
        parse_zoom_chat(text, "c.txt")
    assert str(err.value).startswith("c.txt: ") and expected in str(err.value)
    assert str(err.value).count("; ") == 1


ZOOM_TEXT = """[Andrew Knight] 11:02:09
Okay, so we're recording.
We're streaming.

[Paul McCartney] 11:02:15
She just got back from a vacation.

Note: a second paragraph.

[Andrew Knight] 11:02:30
Right.
"""


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_zoom_text(newline):
    t = parse_zoom_text("\ufeff" + ZOOM_TEXT.replace("\n", newline), "z.txt")
    check_complete(t, "z.txt")
    assert [(x.speaker, x.text, x.start_ms, x.line) for x in t.turns] == [
        ("Andrew Knight", "Okay, so we're recording.\nWe're streaming.", 39729000, 1),
        ("Paul McCartney", "She just got back from a vacation.\n\nNote: a second paragraph.", 39735000, 5),
        ("Andrew Knight", "Right.", 39750000, 10)]
    assert t.format == "zoom-text" and t.cue_count == 3 == t.timing_lines and t.notes == []


def test_zoom_text_preamble_speech_on_marker_line_and_empty_block():
    text = "Team call\n\n[Jo] 9:00:01 Hi all\nand more\n\n[Al] 09:00:05\n\n[Jo] 09:00:09\nBye\n"
    t = parse_zoom_text(text, "z.txt")
    assert [(x.speaker, x.text) for x in t.turns] == [
        (None, "Team call"), ("Jo", "Hi all\nand more"), ("Jo", "Bye")]
    assert t.cue_count == 3
    assert any("kept as a turn without a speaker" in n for n in t.notes)
    assert "1 speaker line(s) have no speech after them" in t.notes


@pytest.mark.parametrize("text, expected", [
    ("[Jo] 11:00:00\nhi\n\n[] 11:00:05\nyo\n", "line 4: '[] 11:00:05' is not a valid '[Name] HH:MM:SS' line"),
    ("[Jo]11:00:00\nhi\n", "line 1: '[Jo]11:00:00' is not a valid"),
    ("no markers here\n", "line 1: no '[Name] HH:MM:SS' lines found"),
])
def test_zoom_text_errors(text, expected):
    with pytest.raises(ImportFailed) as err:
        parse_zoom_text(text, "z.txt")
    assert expected in str(err.value) and str(err.value).count("; ") == 1
