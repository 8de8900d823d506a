"""WebVTT parser: real Zoom/Teams/OneDrive exports, hand-written branches,
errors, and property tests."""
from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from importers.errors import ImportFailed
from importers.transcripts.model import check_complete
from importers.transcripts.vtt import parse_timing, parse_vtt, timestamp_ms
from tests.importers.transcripts.support import arrow_lines, raw_cues, read_sample, words

ZOOM = "zoom_cloud_transcript_zoomGroupStats.vtt"
CLASSIC = "teams_2022_classic_voice_tags.vtt"
ONEDRIVE = "teams_2022_onedrive_bom_no_speakers.vtt"
NEW = "teams_new_format_no_speakers.vtt"
PREMIUM = "teams_premium_voice_tags.vtt"
_VTAG = re.compile(r"</?v[^>]*>")


# --- real files ----------------------------------------------------------------------------

@pytest.mark.parametrize("sample, cues", [(ZOOM, 300), (CLASSIC, 178), (ONEDRIVE, 271), (NEW, 4),
                                          (PREMIUM, 17)])
def test_every_cue_is_read_and_no_word_is_lost(sample, cues):
    raw = read_sample(sample)
    t = parse_vtt(raw, sample)
    assert "\r\n" in raw  # all samples are CRLF files
    assert arrow_lines(raw) == cues == t.cue_count == t.timing_lines == len(raw_cues(raw))
    check_complete(t, sample)
    assert t.format == "vtt"
    # every cue's text (tags removed, lines joined) is a turn's text, with its Zoom prefix if any
    texts = [" ".join(_VTAG.sub("", " ".join(lines)).split()) for _, lines in raw_cues(raw)]
    texts = [x for x in texts if x]
    assert len(texts) == len(t.turns)
    for expected, turn in zip(texts, t.turns):
        assert expected in (turn.text, f"{turn.speaker}: {turn.text}")
        assert "\n" not in turn.text and "<" not in turn.text and turn.text == turn.text.strip()
    prefixes = sum(len(words(turn.speaker)) for turn, x in zip(t.turns, texts) if x != turn.text)
    assert sum(len(words(x)) for x in texts) == sum(len(words(x.text)) for x in t.turns) + prefixes


def test_zoom_cloud_transcript():
    t = parse_vtt(read_sample(ZOOM), ZOOM)
    assert Counter(x.speaker for x in t.turns) == {
        "Paul McCartney": 242, "Andrew Knight": 47, "John Lennon": 7, "George Harrison": 3,
        "Ringo Starr": 1}
    first = t.turns[0]
    assert (first.speaker, first.text, first.start_ms, first.end_ms, first.line) == (
        "Andrew Knight", "Okay, so we're recording. We're streaming", 4859, 7410, 5)
    # cues 34 and 38 have no "Name:" prefix: they continue Andrew Knight's cues 33 and 37
    assert (t.turns[33].speaker, t.turns[33].text, t.turns[33].start_ms) == ("Andrew Knight", "And that", 150060)
    assert (t.turns[37].speaker, t.turns[37].text, t.turns[37].line) == ("Andrew Knight", "Yes. Okay.", 153)
    assert "2 cues without a speaker name were given the previous speaker" in t.notes
    assert (t.turns[24].speaker, t.turns[24].text) == ("John Lennon", "Yeah.")  # a one-word cue
    last = t.turns[-1]
    assert last.text.startswith("Certainly, if you are in person") and last.text.endswith("next program.")
    assert (last.start_ms, last.end_ms) == (3326820, 3341970)
    assert sum(len(words(x.text)) for x in t.turns) == 8836 - 2 * 298  # minus the 298 two-word prefixes


def test_teams_2022_classic_quirky_timestamps_and_comma_names():
    t = parse_vtt(read_sample(CLASSIC), CLASSIC)
    assert Counter(x.speaker for x in t.turns) == {"Hurst, Peter": 98, "Wright, Steve": 80}
    # 0:0:-6.-820 --> 0:0:8.970: the negative start does not crash and becomes 0
    assert (t.turns[1].speaker, t.turns[1].start_ms, t.turns[1].end_ms) == ("Wright, Steve", 0, 8970)
    assert t.turns[1].text.startswith("Thing where like I'm like")
    assert "1 negative timestamp(s) were read as 0 (first at line 6)" in t.notes
    # 0:0:10.20: the unpadded fraction is whole milliseconds (see vtt's docstring)
    assert (t.turns[2].start_ms, t.turns[2].end_ms) == (10020, 14490)
    by_line = {x.line: x for x in t.turns}
    assert (by_line[397].start_ms, by_line[397].end_ms) == (542070, 542330)  # 0:9:2.70 --> 0:9:2.330
    assert (by_line[478].start_ms, by_line[478].end_ms) == (651070, 651690)  # 0:10:51.70 --> 0:10:51.690
    assert all(x.start_ms <= x.end_ms for x in t.turns)  # read as 700 ms, two cues would end before they start
    assert t.turns[-1].text == ("Yeah, right. Well, thank you for this. That has been very, very useful. "
                                "I'm gonna stop recording now.")


def test_onedrive_bom_guid_ids_no_speakers_wrapped_lines():
    raw = read_sample(ONEDRIVE)
    assert raw.startswith("\ufeffWEBVTT")
    t = parse_vtt(raw, ONEDRIVE)
    assert {x.speaker for x in t.turns} == {None}
    assert "no speaker names in the file" in t.notes
    assert sum(1 for _, lines in raw_cues(raw) if len(lines) >= 2) == 196
    assert len(t.turns) == 270 and "1 cue(s) hold no text" in t.notes  # the cue at line 781 is empty
    assert (t.turns[3].text, t.turns[3].start_ms, t.turns[3].end_ms, t.turns[3].line) == (
        "OK, so has been as we talked about just before. This project", 17840, 21587, 17)
    assert t.turns[0].text == "Recording." and "0a8e2f7c" not in " ".join(x.text for x in t.turns)


def test_new_teams_format_uuid_slash_ids():
    t = parse_vtt(read_sample(NEW), NEW)
    assert [x.text for x in t.turns] == [
        "And more.", "I think that automatically starts transcription. Yes, it", "does.",
        "There we go. Yeah, that's working. OK. Is that going to?"]
    assert [(x.start_ms, x.end_ms) for x in t.turns][:2] == [(3138, 3618), (4388, 7128)]
    assert {x.speaker for x in t.turns} == {None}


def test_teams_premium_voice_spans_over_two_lines():
    t = parse_vtt(read_sample(PREMIUM), PREMIUM)
    assert Counter(x.speaker for x in t.turns) == {"Janaki": 10, "Charles": 7}
    assert (t.turns[1].text, t.turns[1].start_ms, t.turns[1].end_ms) == (
        "Hi I'm heading off. OK. Lovely. See you later.", 303310, 306910)
    assert t.turns[4].text == "Good afternoon, good afternoon. And so are you in Sunny Lake"
    assert t.turns[6].text == "No, I am in horribly overcast, north Cumbria."
    assert t.notes == []


# --- hand-written branches ---------------------------------------------------------------------

def vtt(*blocks: str, header: str = "WEBVTT") -> str:
    return "\n\n".join((header,) + blocks) + "\n"


def test_header_text_metadata_comments_styles_regions_and_settings():
    text = vtt("NOTE written by hand\nover two lines",
               "STYLE\n::cue { color: yellow }",
               "REGION\nid:fred width:40%",
               "intro\n00:01.000 --> 00:02.500 align:start position:10% line:0",
               "Hello <b>there</b>, <i>friend</i> &amp; <c.yellow>co</c>&nbsp;&lt;3&gt;",
               header="WEBVTT - A title\nKind: captions\nLanguage: en")
    t = parse_vtt(text, "a.vtt")
    assert t.cue_count == 1 == t.timing_lines
    # the cue id "intro" sits above the timing line; text after a blank line joins the cue
    assert (t.turns[0].start_ms, t.turns[0].end_ms) == (1000, 2500)
    assert t.turns[0].text == "Hello there, friend & co <3>"
    assert any("joined to the cue before them" in n for n in t.notes)
    assert "3 NOTE/STYLE/REGION block(s) (comments and styling) were left out" in t.notes


def test_voice_tags_commas_classes_missing_close_and_several_spans():
    text = vtt("1\n00:00:01.000 --> 00:00:03.000\n<v Hurst, Peter>Yes, I think\nso.",
               "2\n00:00:03.000 --> 00:00:05.000\n<v.loud Esme>Run!</v> <v Mo>Why?</v>",
               "3\n00:00:05.000 --> 00:00:06.000\n<v &amp;Co>ok</v>")
    t = parse_vtt(text, "v.vtt")
    assert [(x.speaker, x.text, x.line) for x in t.turns] == [
        ("Hurst, Peter", "Yes, I think so.", 5), ("Esme", "Run!", 10), ("Mo", "Why?", 10), ("&Co", "ok", 14)]
    assert t.cue_count == 3  # two turns from cue 2, not merged here


def test_zoom_prefixes_names_with_dots_hyphens_apostrophes_and_continuations():
    text = vtt("00:00:01.000 --> 00:00:02.000\nthis cue comes before anyone is named",
               "00:00:02.000 --> 00:00:03.000\nDr. Mary O'Neil-Smith: Welcome: all of you.",
               "00:00:03.000 --> 00:00:04.000\nNote: this is still Mary talking.",
               "00:00:04.000 --> 00:00:05.000\nJo Bloggs: Thanks.",
               "00:00:05.000 --> 00:00:06.000\nDr. Mary O'Neil-Smith: Right.",
               "00:00:06.000 --> 00:00:07.000\nJo Bloggs: Sure.")
    t = parse_vtt(text, "z.vtt")
    assert [(x.speaker, x.text) for x in t.turns] == [
        (None, "this cue comes before anyone is named"),
        ("Dr. Mary O'Neil-Smith", "Welcome: all of you."),
        ("Dr. Mary O'Neil-Smith", "Note: this is still Mary talking."),
        ("Jo Bloggs", "Thanks."), ("Dr. Mary O'Neil-Smith", "Right."), ("Jo Bloggs", "Sure.")]


def test_a_colon_in_an_unlabelled_file_is_not_a_speaker():
    cues = [f"00:00:0{i}.000 --> 00:00:0{i + 1}.000\nplain words number {i}" for i in range(5)]
    t = parse_vtt(vtt(*cues, "00:00:06.000 --> 00:00:07.000\nBottom line: it works"), "p.vtt")
    assert {x.speaker for x in t.turns} == {None}
    assert t.turns[-1].text == "Bottom line: it works"


def test_display_names_with_pronouns_and_affiliations():
    t = parse_vtt(vtt("00:00:01.000 --> 00:00:02.000\nSam Lee (she/her): hi",
                      "00:00:02.000 --> 00:00:03.000\nJo | ACME Ltd: hello",
                      "00:00:03.000 --> 00:00:04.000\nSam Lee (she/her): bye"), "d.vtt")
    assert [x.speaker for x in t.turns] == ["Sam Lee (she/her)", "Jo | ACME Ltd", "Sam Lee (she/her)"]


def test_a_one_off_speaker_counts_in_a_labelled_file():
    t = parse_vtt(vtt("00:00:01.000 --> 00:00:02.000\nAl Ng: hi", "00:00:02.000 --> 00:00:03.000\nAl Ng: so",
                      "00:00:03.000 --> 00:00:04.000\nRingo Starr: once"), "o.vtt")
    assert [x.speaker for x in t.turns] == ["Al Ng", "Al Ng", "Ringo Starr"]


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_newline_styles_and_bom(newline):
    text = ("\ufeffWEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nA: wrapped\nline\n\n"
            "2\n00:00:02.000 --> 00:00:03.000\nA: b\n")
    t = parse_vtt(text.replace("\n", newline), "n.vtt")
    assert [(x.speaker, x.text, x.line) for x in t.turns] == [("A", "wrapped line", 5), ("A", "b", 10)]


def test_missing_blank_line_between_cues_and_missing_header():
    text = "1\n00:00:01.000 --> 00:00:02.000\nfirst\n2\n00:00:02.000 --> 00:00:03.000\nsecond\n"
    t = parse_vtt(text, "h.vtt")
    assert [x.text for x in t.turns] == ["first", "second"]
    assert "the file has no WEBVTT header line" in t.notes


@pytest.mark.parametrize("token, ms", [
    ("01:02:03.456", 3723456), ("02:03.456", 123456), ("00:00:10.5", 10500), ("00:10.5", 10500),
    ("0:0:10.20", 10020), ("0:0:0.0", 0), ("0:1:2.110", 62110), ("0:0:-6.-820", -6820),
    ("00:00:01,250", 1250), ("00:00:01", 1000), ("00:00:01.23456", 1234), ("100:00:00.000", 360000000)])
def test_timestamps(token, ms):
    assert timestamp_ms(token)[0] == ms


@pytest.mark.parametrize("line", ["00:00:01.000 -->", "--> 00:00:02.000", "00:01:xx.000 --> 00:01:05.000",
                                  "00:00:01.000 --> 00:00:02.000 --> 00:00:03.000", "1 2 --> 00:00:02.000",
                                  "00:00:01.000 -- > 00:00:02.000 -->", "00.01.000 --> 00:02.000"])
def test_bad_timing_lines(line):
    assert parse_timing(line) is None


def test_error_bad_timing_line_names_file_line_and_fix():
    text = vtt("1\n00:00:01.000 --> 00:00:02.000\nok", "2\n00:01:xx.000 --> 00:01:05.000\nbroken")
    with pytest.raises(ImportFailed) as err:
        parse_vtt(text, "fg.vtt")
    assert str(err.value) == ("fg.vtt: line 8: '00:01:xx.000 --> 00:01:05.000' is not a valid timing "
                              "line; expected HH:MM:SS.mmm --> HH:MM:SS.mmm (hours optional).")


@pytest.mark.parametrize("text, expected", [
    (vtt("00:00:01.000 --> 00:00:02.000\nA --> B"), "line 4: 'A --> B' is not a valid timing line"),
    (vtt("00:00:01.000 --> \nhello"), "line 3: '00:00:01.000 -->' is not a valid timing line"),
    (vtt("just some words", "00:00:01.000 --> 00:00:02.000\nhi"), "line 3: 'just some words' is neither a cue"),
    (vtt("NOTE\n00:00:01.000 --> 00:00:02.000\nhi"), "line 3: the NOTE block holds a '-->' line"),
    (vtt("stray\n1\n00:00:01.000 --> 00:00:02.000\nhi"), "line 3: 'stray' comes before the first cue"),
    ("WEBVTT\n", "line 1: the file holds no cues"),
    ("", "line 1: the file holds no cues"),
    (vtt("00:00:01.000 --> 00:00:02.000", "00:00:02.000 --> 00:00:03.000\n<v A></v>"), "all 2 cues are empty"),
])
def test_errors(text, expected):
    with pytest.raises(ImportFailed) as err:
        parse_vtt(text, "e.vtt")
    assert str(err.value).startswith("e.vtt: ") and expected in str(err.value)
    assert str(err.value).endswith(".") and str(err.value).count("; ") == 1


# --- properties ----------------------------------------------------------------------------

NAMES = ["Alice", "Bob Smith", "Hurst, Peter", "Dr. Mary O'Neil-Smith", "Speaker 2"]
word = st.from_regex(r"[A-Za-z][a-z]{0,7}[.,!?]?", fullmatch=True)
cue = st.tuples(st.sampled_from([None, *NAMES]), st.lists(word, min_size=1, max_size=10),
                st.integers(0, 3_000_000), st.integers(0, 60_000), st.integers(1, 4))


def stamp(ms: int, short: bool) -> str:
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, f = divmod(rest, 1000)
    return f"{m:02d}:{s:02d}.{f:03d}" if short and h == 0 else f"{h:02d}:{m:02d}:{s:02d}.{f:03d}"


def expected_turns(cues):
    out, prev = [], None
    for speaker, ws, start, length, _ in cues:
        who = speaker if speaker is not None else prev
        out.append((who, " ".join(ws), start, start + length))
        prev = who
    return out


@settings(max_examples=150, deadline=None)
@given(cues=st.lists(cue, min_size=1, max_size=12), voice=st.booleans(), short=st.booleans(),
       newline=st.sampled_from(["\n", "\r\n", "\r"]), bom=st.booleans())
def test_rendered_cues_parse_back(cues, voice, short, newline, bom):
    if not voice:  # Zoom style: every named speaker speaks at least twice, as in real meetings
        cues = cues + cues
    blocks = []
    for k, (speaker, ws, start, length, wrap) in enumerate(cues, start=1):
        lines = [" ".join(ws[i:i + wrap]) for i in range(0, len(ws), wrap)]
        body = "\n".join(lines)
        if speaker is not None:
            body = f"<v {speaker}>{body}</v>" if voice else f"{speaker}: {body}"
        blocks.append(f"{k}\n{stamp(start, short)} --> {stamp(start + length, short)} align:start\n{body}")
    text = ("\ufeff" if bom else "") + vtt(*blocks).replace("\n", newline)
    t = parse_vtt(text, "p.vtt")
    check_complete(t, "p.vtt")
    assert t.cue_count == len(cues)
    assert [(x.speaker, x.text, x.start_ms, x.end_ms) for x in t.turns] == expected_turns(cues)


FRAGMENTS = ["WEBVTT", "", "", "NOTE x", "1", "00:00:01.000 --> 00:00:02.000", "0:0:-6.-820 --> 0:0:1.5",
             "<v A, B>hi", "</v>", "Jo: hello", "&amp;", "<b>", "-->", "00:01:xx --> 1", "text words", "\ufeff"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=25),
       st.sampled_from(["\n", "\r\n", "\r"]))
def test_any_input_gives_a_complete_transcript_or_import_failed(lines, newline):
    text = newline.join(lines)
    try:
        t = parse_vtt(text, "f.vtt")
    except ImportFailed as e:
        assert str(e).startswith("f.vtt: line ")
        return
    assert t.cue_count == t.timing_lines and t.turns
    assert all(x.text and x.start_ms >= 0 and x.end_ms >= 0 for x in t.turns)
