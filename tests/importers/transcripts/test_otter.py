"""Otter.ai text exports."""
from __future__ import annotations

import pytest

from importers.errors import ImportFailed
from importers.transcripts.otter import parse_otter, speaker_line

OTTER = """Weekly sync
Thu, 3/2 10:45AM \u2022 32:14

Jo Bloggs  0:03
So shall we start?
It's been a while.

Speaker 2  0:41
Yes. See you at 10:30
then.

Jo Bloggs  1:02:10
Bye.

Transcribed by https://otter.ai
"""


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_otter_export_with_header_and_footer(newline):
    t = parse_otter("\ufeff" + OTTER.replace("\n", newline), "o.txt")
    assert [(x.speaker, x.text, x.start_ms, x.end_ms, x.line) for x in t.turns] == [
        ("Jo Bloggs", "So shall we start?\nIt's been a while.", 3000, None, 4),
        ("Speaker 2", "Yes. See you at 10:30\nthen.", 41000, None, 8),
        ("Jo Bloggs", "Bye.", 3730000, None, 12)]
    assert t.format == "otter" and t.cue_count == 3 and t.timing_lines is None
    assert t.notes[0].startswith("2 header line(s) before the first speaker were left out: Weekly sync / Thu")
    assert "the footer 'Transcribed by https://otter.ai' was left out" in t.notes


def test_single_space_needs_a_name_and_a_time_that_does_not_go_back():
    text = "Jo Bloggs 0:03\nHello.\nwe met at 0:05\nAnne Lee 0:09\nHi.\nSee Anne 0:01\n"
    t = parse_otter(text, "o.txt")
    assert [(x.speaker, x.text) for x in t.turns] == [
        ("Jo Bloggs", "Hello.\nwe met at 0:05"), ("Anne Lee", "Hi.\nSee Anne 0:01")]


def test_time_only_lines_when_speaker_labels_are_off():
    t = parse_otter("0:00\nFirst bit.\n\n0:15\nSecond bit.\n\n0:07\nnot a marker: time went back\n", "o.txt")
    assert [(x.speaker, x.text, x.start_ms) for x in t.turns] == [
        (None, "First bit.", 0), (None, "Second bit.\n\n0:07\nnot a marker: time went back", 15000)]
    assert "no speaker names in the file" in t.notes


@pytest.mark.parametrize("line, found", [
    ("Jo Bloggs  0:03", ("Jo Bloggs", 3000)), ("Speaker 1\t12:05", ("Speaker 1", 725000)),
    ("Dr. O'Neil-Smith  1:00:00", ("Dr. O'Neil-Smith", 3600000)), ("Jo 0:03", ("Jo", 3000)),
    ("see you at 10:30", None), ("Thu, 3/2 10:45AM \u2022 32:14", None), ("Hello,  0:03", None),
    ("One two three four five six seven  0:03", None), ("0:03", (None, 3000)), ("0:3", None)])
def test_speaker_lines(line, found):
    assert speaker_line(line, 0) == found


def test_empty_block_is_noted_and_no_marker_is_an_error():
    t = parse_otter("Jo  0:01\n\nAl  0:02\nHi\n", "o.txt")
    assert [(x.speaker, x.text) for x in t.turns] == [("Al", "Hi")] and t.cue_count == 2
    assert "1 speaker line(s) have no speech after them" in t.notes
    with pytest.raises(ImportFailed) as err:
        parse_otter("Just a paragraph of text.\n", "o.txt")
    assert str(err.value).startswith("o.txt: line 1: no Otter speaker lines found; ")
