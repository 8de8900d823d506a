"""SubRip parser (on top of the ``srt`` package): speakers, markup, errors
with line numbers, the cue-count guard, and a round-trip property."""
from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from importers.errors import ImportFailed
from importers.transcripts.model import check_complete
from importers.transcripts.srt import parse_srt
from tests.importers.transcripts.support import arrow_lines, raw_cues, read_sample, words


def test_zoom_transcript_saved_as_srt():
    """No SRT sample is stored, so the real Zoom VTT is rewritten as SRT in
    memory (header dropped, decimal dots -> commas); it must read the same."""
    raw = read_sample("zoom_cloud_transcript_zoomGroupStats.vtt")
    body = raw.split("\r\n\r\n", 1)[1]
    as_srt = re.sub(r"(\d\d:\d\d:\d\d)\.(\d\d\d)", r"\1,\2", body)
    t = parse_srt(as_srt, "zoom.srt")
    check_complete(t, "zoom.srt")
    assert arrow_lines(as_srt) == 300 == t.cue_count == t.timing_lines == len(t.turns)
    assert Counter(x.speaker for x in t.turns) == {
        "Paul McCartney": 242, "Andrew Knight": 47, "John Lennon": 7, "George Harrison": 3,
        "Ringo Starr": 1}
    assert (t.turns[33].speaker, t.turns[33].text, t.turns[33].line) == ("Andrew Knight", "And that", 135)
    assert (t.turns[0].start_ms, t.turns[0].end_ms) == (4859, 7410)
    texts = [" ".join(lines) for _, lines in raw_cues(as_srt)]
    assert sum(len(words(x)) for x in texts) == sum(len(words(x.text)) for x in t.turns) + 2 * 298


SAMPLE = """1
00:00:01,000 --> 00:00:02,500
Alice: Hello there,
how are you?

2
00:00:03,000 --> 00:00:04,000
- Bob: Fine.
- Alice: <i>Good</i>.

3
00:00:05.000 --> 00:00:06,000 X1:10 X2:20
{\\an8}And <font color="#ffffff">you</font>
know

4
00:00:07,000 --> 00:00:08,000
[Bob] Sure.

5
00:00:09,000 --> 00:00:10,000
>> Alice: Bye.
"""


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_speakers_markup_and_continuations(newline):
    t = parse_srt("\ufeff" + SAMPLE.replace("\n", newline), "s.srt")
    assert [(x.speaker, x.text, x.start_ms, x.end_ms, x.line) for x in t.turns] == [
        ("Alice", "Hello there, how are you?", 1000, 2500, 3),
        ("Bob", "Fine.", 3000, 4000, 8),
        ("Alice", "Good.", 3000, 4000, 9),
        ("Alice", "And you know", 5000, 6000, 13),  # no label: continues the speaker before
        ("Bob", "Sure.", 7000, 8000, 18),
        ("Alice", "Bye.", 9000, 10000, 22)]
    assert t.cue_count == 5 == t.timing_lines
    assert "1 cue without a speaker name was given the previous speaker" in t.notes


def test_no_speakers_blank_line_inside_text_missing_index_and_final_newline():
    text = "1\n00:00:01,000 --> 00:00:02,000\nNote: it is\n\nraining\n\n00:00:03,000 --> 00:00:04,000\nyes"
    t = parse_srt(text, "n.srt")
    assert [(x.speaker, x.text) for x in t.turns] == [(None, "Note: it is raining"), (None, "yes")]
    assert "no speaker names in the file" in t.notes


def test_voice_tags_left_by_a_vtt_conversion_name_the_speaker():
    t = parse_srt("1\n00:00:01,000 --> 00:00:02,000\n<v Hurst, Peter>Yes.</v>\n\n"
                  "2\n00:00:02,000 --> 00:00:03,000\n<v Wright, Steve>No.</v>\n", "v.srt")
    assert [(x.speaker, x.text) for x in t.turns] == [("Hurst, Peter", "Yes."), ("Wright, Steve", "No.")]


def test_short_fraction_is_read_as_the_srt_package_reads_it():
    t = parse_srt("1\n00:00:01,5 --> 00:00:02,50\nx\n", "f.srt")
    assert (t.turns[0].start_ms, t.turns[0].end_ms) == (1005, 2050)


def test_empty_subtitle_is_counted_not_turned():
    t = parse_srt("1\n00:00:01,000 --> 00:00:02,000\n\n2\n00:00:03,000 --> 00:00:04,000\nhi\n", "e.srt")
    assert t.cue_count == 2 and [x.text for x in t.turns] == ["hi"]
    assert "1 subtitle(s) hold no text" in t.notes


@pytest.mark.parametrize("text, expected", [
    ("1a\n00:00:01,000 --> 00:00:02,000\nhi\n", "line 1: '1a' is not a valid subtitle number"),
    ("1\n00:00:01,000 --> 00:00:02,000\nhi\n\n2x\n00:00:03,000 --> 00:00:04,000\nyo\n",
     "line 5: '2x' is not a valid subtitle number"),
    ("1\n00:00:0x,000 --> 00:00:02,000\nhi\n\n2\n00:00:03,000 --> 00:00:04,000\nyo\n",
     "line 2: '00:00:0x,000 --> 00:00:02,000' is not a valid timing line"),
    ("1\n00:00:01,000 --> 00:00:02,000\nhi\n\n2\n00:00:0x,000 --> 00:00:04,000\nyo\n",
     "line 6: '00:00:0x,000 --> 00:00:04,000' is not a valid timing line"),
    ("1\n00:01,000 --> 00:00:02,000\nhi\n", "line 2: '00:01,000 --> 00:00:02,000' is not a valid timing line"),
    ("1\n00:00:01,000 --> 00:00:02,000\nA --> B\n", "line 3: 'A --> B' is not a valid timing line"),
    ("1\n00:00:01,000 --> 00:00:02,000\nhi\n\n2\n", "line 5: subtitle number '2' has no timing line"),
    ("Title\n\n1\n00:00:01,000 --> 00:00:02,000\nhi\n", "line 1: 'Title' is not part of any subtitle block"),
    ("", "line 1: the file holds no subtitles"),
    ("\n\n  \n", "line 1: the file holds no subtitles"),
    ("1\n00:00:01,000 --> 00:00:02,000\n\n", "all 1 subtitles are empty"),
])
def test_errors_name_the_line(text, expected):
    with pytest.raises(ImportFailed) as err:
        parse_srt(text, "bad.srt")
    message = str(err.value)
    assert message.startswith("bad.srt: line ") and expected in message
    assert message.endswith(".") and message.count("; ") == 1


def test_cue_count_guard_refuses_a_parse_that_lost_a_cue():
    t = parse_srt("1\n00:00:01,000 --> 00:00:02,000\nhi\n", "g.srt")
    t.cue_count -= 1  # as if the package had skipped a block
    with pytest.raises(ImportFailed, match="read 0 cues but the file has 1 timing lines"):
        check_complete(t, "g.srt")


def srt_stamp(ms: int) -> str:
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, f = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d},{f:03d}"


word = st.from_regex(r"[A-Za-z][a-z]{0,7}[.,!?]?", fullmatch=True)
cue = st.tuples(st.sampled_from([None, "Alice", "Bob Smith", "Speaker 2"]),
                st.lists(word, min_size=1, max_size=8), st.integers(0, 9_000_000), st.integers(1, 30_000),
                st.booleans())


@settings(max_examples=150, deadline=None)
@given(cues=st.lists(cue, min_size=1, max_size=10), newline=st.sampled_from(["\n", "\r\n"]))
def test_rendered_subtitles_parse_back(cues, newline):
    cues = cues + cues  # every named speaker occurs twice, as in real transcripts
    blocks, expected, prev = [], [], None
    for k, (speaker, ws, start, length, bracket) in enumerate(cues, start=1):
        label = "" if speaker is None else (f"[{speaker}] " if bracket else f"{speaker}: ")
        half = len(ws) // 2 or 1
        text = label + " ".join(ws[:half]) + ("\n" + " ".join(ws[half:]) if ws[half:] else "")
        blocks.append(f"{k}\n{srt_stamp(start)} --> {srt_stamp(start + length)}\n{text}")
        prev = speaker if speaker is not None else prev
        expected.append((prev, " ".join(ws), start, start + length))
    t = parse_srt(newline.join("\n\n".join(blocks).split("\n")) + newline, "p.srt")
    check_complete(t, "p.srt")
    assert [(x.speaker, x.text, x.start_ms, x.end_ms) for x in t.turns] == expected
