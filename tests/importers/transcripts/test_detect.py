"""Format detection and the ``parse`` entry point."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from importers.errors import ImportFailed
from importers.transcripts.detect import FORMATS, detect_format, parse
from tests.importers.transcripts.support import arrow_lines, read_sample


@pytest.mark.parametrize("sample, fmt, cues, speakers", [
    ("zoom_cloud_transcript_zoomGroupStats.vtt", "vtt", 300, 5),
    ("teams_2022_classic_voice_tags.vtt", "vtt", 178, 2),
    ("teams_2022_onedrive_bom_no_speakers.vtt", "vtt", 271, 0),
    ("teams_new_format_no_speakers.vtt", "vtt", 4, 0),
    ("teams_premium_voice_tags.vtt", "vtt", 17, 2),
    ("zoom_chat_zoomGroupStats.txt", "zoom-chat", 10, 5),
    ("qualcoder_bracket_id_turns.txt", "bracket-turns", 7, 3),
])
def test_samples_are_detected_and_parsed_completely(sample, fmt, cues, speakers):
    raw = read_sample(sample)
    suffix = "." + sample.rsplit(".", 1)[1]
    assert detect_format(raw, suffix) == fmt
    assert detect_format(raw, "") == fmt  # content decides, not the suffix
    t = parse(raw, sample, suffix)
    assert t.format == fmt and t.cue_count == cues
    if fmt == "vtt":
        assert t.timing_lines == arrow_lines(raw) == cues
    assert len({x.speaker for x in t.turns if x.speaker}) == speakers


SRT = "1\n00:00:01,000 --> 00:00:02,000\nAl: hi\n\n2\n00:00:03,000 --> 00:00:04,000\nBo: yo\n"
EXAMPLES = {
    "vtt": "WEBVTT\n\n00:01.000 --> 00:02.000\nhello\n",
    "srt": SRT,
    "zoom-text": "[Al Ng] 10:00:01\nHello.\n\n[Bo] 10:00:05\nHi.\nHow are you?\n",
    "zoom-chat": "00:00:01\tAl:\thi\n00:00:05\tBo:\tyo\n",
    "otter": ("Call\nMay 3\n\nAl Ng  0:01\nHello there, everyone.\n\nBo  0:05\nHi.\n\n"
              "Transcribed by https://otter.ai\n"),
    "plain-turns": "Interviewer: How are you?\nRespondent: Fine.\n\nInterviewer: Good.\n",
    "bracket-turns": "[id1] hello\n\n[id2] hi\n\n[id1] bye\n",
}


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_format_is_detected_and_parsed(fmt):
    text = EXAMPLES[fmt]
    assert detect_format(text, ".txt") == fmt
    t = parse(text, "x.txt", ".txt")
    assert t.format == fmt and t.turns


@pytest.mark.parametrize("text, suffix, fmt", [
    ("00:00:01.000 --> 00:00:02.000\nhello\n", ".vtt", "vtt"),  # headerless captions: suffix decides
    ("00:00:01.000 --> 00:00:02.000\nhello\n", ".srt", "srt"),
    ("\ufeffWEBVTT\r\n\r\n00:01.000 --> 00:02.000\r\nhi\r\n", ".txt", "vtt"),
    ("10:02:33 From Al to Everyone : hi\n10:02:40 From Bo to Everyone:\n\tyo\n", ".txt", "zoom-chat"),
    ("**Al:** hi\n\n**Bo:** yo\n\n**Al:** bye\n", ".md", "plain-turns"),
    ("Q: why?\nA: because.\nQ: sure?\nA: yes.\n", ".txt", "plain-turns"),
    # three people speaking once each (the caller's focus-group test relies on this)
    ("Moderator Kim: Welcome.\n\nAna Ruiz: Thanks.\r\nGood.\n\nBen: Agreed.\n", ".txt", "plain-turns"),
    ("garbage that is not captions", ".vtt", "vtt"),  # the parser will say what is wrong
    ("garbage that is not captions", ".SRT", "srt"),
])
def test_detection_details(text, suffix, fmt):
    assert detect_format(text, suffix) == fmt


PROSE = [
    "",
    "   \n\n",
    "The mentoring programme ran for a year. Most mentees met their mentor monthly.\n\n"
    "Attendance dropped in winter, which staff put down to rota changes.\n",
    "Note: this document summarises the pilot.\n\nThe pilot ran in three wards.\n\nIt ended in May.\n",
    "Background: the study began in 2021.\n\nParticipants: twelve nurses.\n\nFindings: mixed.\n",
    "Meeting notes\nAttendees: Alice, Bob\nAgenda: budget\nAction items:\n- Alice: send the report\n"
    "- Bob: book the room\n",
    "We met at 10:30 and talked until 11:45.\nThen we left at 12:00\n",
    "# Heading\n\nSome *markdown* text with a [link](http://example.com).\n\n- a bullet\n- another\n",
    "Dear Jo,\n\nThanks for the notes: they were useful.\n\nBest,\nAl\n",
    "[Draft] This paragraph is a draft.\n\nIt has more text after it.\n",
]


@pytest.mark.parametrize("text", PROSE)
def test_prose_and_notes_are_not_transcripts(text):
    assert detect_format(text, ".txt") is None
    assert detect_format(text, ".md") is None


def test_parse_errors_and_overrides():
    with pytest.raises(ImportFailed, match=r"^n\.txt: the text does not look like a transcript"):
        parse(PROSE[2], "n.txt", ".txt")
    with pytest.raises(ImportFailed, match="'docx' is not a transcript format; choose one of vtt, srt"):
        parse("x", "n.txt", ".txt", "docx")
    t = parse("Al: hi\n", "n.txt", ".txt", "plain-turns")  # too short to detect, but forced
    assert [(x.speaker, x.text) for x in t.turns] == [("Al", "hi")]
    with pytest.raises(ImportFailed, match=r"^g\.vtt: line 1: 'garbage' is neither a cue nor a NOTE block"):
        parse("garbage", "g.vtt", ".vtt")


def test_parse_refuses_a_parse_that_lost_cues():
    # "-- >" is read as an arrow by the srt package but is not a '-->' line: the counts differ
    with pytest.raises(ImportFailed, match="read 1 cues but the file has 0 timing lines"):
        parse("1\n00:00:01,000 -- > 00:00:02,000\nhi\n", "l.srt", ".srt")


LINES = ["WEBVTT", "", "1", "00:00:01.000 --> 00:00:02.000", "00:00:01,000 --> 00:00:02,000", "Al: hi",
         "[Al] 10:00:01", "00:00:01\tAl:\thi", "Al  0:01", "[id1] hi", "Note: x", "0:0:-6.-820 --> 1:2",
         "Transcribed by https://otter.ai", "<v Al>hi</v>", "10:02:33 From Al to Everyone:"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(LINES), st.text(max_size=15)), max_size=20),
       st.sampled_from([".txt", ".vtt", ".srt", ""]), st.sampled_from([None, *FORMATS]))
def test_any_input_parses_or_fails_cleanly(lines, suffix, fmt):
    text = "\n".join(lines)
    detected = detect_format(text, suffix)
    assert detected is None or detected in FORMATS
    try:
        t = parse(text, "f.txt", suffix, fmt)
    except ImportFailed as e:
        assert str(e).startswith("f.txt: ")
        return
    assert t.format == (fmt or detected) and t.turns
    assert t.timing_lines is None or t.timing_lines == t.cue_count
