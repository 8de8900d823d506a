"""A WebVTT file cut off at the end (mid-timestamp, after a timing line, or
after a cue id) is refused naming the line, through the real import path."""
from __future__ import annotations

from pathlib import Path

import pytest

from importers import documents
from importers.errors import ImportFailed
from tests.importers.transcripts.support import TRANSCRIPTS

HEAD = ("WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\nAnn: We started in March.\n\n"
        "2\n00:00:04.500 --> 00:00:07.250\nBen: And it went well.\n\n")


def plan(tmp_path: Path, text: str, newline: str = "\n"):
    path = tmp_path / "fg.vtt"
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    return documents.plan(path, documents.ImportOptions())


@pytest.mark.parametrize("tail, line, problem", [
    ("3\n00:00:07.500 --> 00:00:0", 12, r"timestamp .*cut off"),
    ("3\n00:00:07.500 --> 00:00:09.2", 12, r"timestamp .*cut off"),
    ("3\n00:00:07.500 --> 00:0", 12, r"timestamp .*cut off"),
    ("3\n00:00:07.500 --> 00:00:09.000\n", 12, r"timing line but no text"),
    ("3\n00:00:07.500 --> 00:00:09.000", 12, r"timing line but no text"),
    ("3\n00:00:07.500 --> 00:00:09.", 12, r"timing line that looks cut off"),
    ("3\n00:00:07.500 -->", 12, r"timing line that looks cut off"),
    ("3\n00:00:07.500 --", 12, r"ends in the middle of a timing line"),
    ("3\n00:00:0", 12, r"ends in the middle of a timing line"),
    ("00:00:07.5", 11, r"ends in the middle of a timing line"),
    ("3\n", 11, r"ends with the cue id '3'"),
])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_cut_off_last_cue_is_refused_naming_the_line(tmp_path, tail, line, problem, newline):
    with pytest.raises(ImportFailed, match=rf"fg\.vtt: line {line}: .*{problem}.*export") as info:
        plan(tmp_path, HEAD + tail, newline)
    assert "\n" not in str(info.value)


def test_teams_unpadded_timestamps_at_the_end_are_not_taken_for_truncation(tmp_path):
    text = ("WEBVTT\n\n0:0:1.5 --> 0:0:4.20\n<v Hurst, Peter>Hello.</v>\n\n"
            "0:0:4.500 --> 0:0:7.5\n<v Wright, Steve>Hi.</v>\n")
    planned = plan(tmp_path, text)
    assert [s.speaker for s in planned.sections] == ["Hurst, Peter", "Wright, Steve"]


def test_a_complete_file_without_a_final_newline_imports(tmp_path):
    planned = plan(tmp_path, HEAD + "3\n00:00:07.500 --> 00:00:09.000\nAnn: The end.")
    assert planned.text.endswith("Ann: The end.")


def test_an_empty_cue_in_the_middle_is_still_accepted(tmp_path):
    text = HEAD.replace("Ben: And it went well.\n", "") + "3\n00:00:07.500 --> 00:00:09.000\nBen: Fine.\n"
    planned = plan(tmp_path, text)
    assert planned.text.endswith("Ben: Fine.")


@pytest.mark.parametrize("sample", ["zoom_cloud_transcript_zoomGroupStats.vtt", "teams_2022_classic_voice_tags.vtt",
                                    "teams_2022_onedrive_bom_no_speakers.vtt", "teams_new_format_no_speakers.vtt",
                                    "teams_premium_voice_tags.vtt"])
def test_real_files_cut_off_mid_timestamp_are_refused(tmp_path, sample):
    source = TRANSCRIPTS / sample
    if not source.is_file():
        pytest.skip(f"sample missing: {source}")
    data = source.read_bytes()
    assert documents.plan(source, documents.ImportOptions()).sections  # the whole file imports
    last_arrow = data.rindex(b"-->")
    cut = tmp_path / sample
    for end in (last_arrow + 8, last_arrow - 3, data.index(b"\n", last_arrow)):
        cut.write_bytes(data[:end])
        with pytest.raises(ImportFailed, match=r"line \d+: .*(cut off|middle of a timing line)"):
            documents.plan(cut, documents.ImportOptions())
