"""Bad input the first importers let through, and options that must work per
batch: binary data that decodes, UTF-16 with no byte-order mark, sizes,
mistyped VTT timings, speaker mappings across files, --format overrides."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from importers import documents
from importers.errors import ImportFailed
from tests.importers import office_files as make


def plan(path: Path, **opts):
    return documents.plan(path, documents.ImportOptions(**opts))


def test_random_bytes_without_nul_are_refused_as_binary(tmp_path):
    rng = random.Random(5)
    allowed = [b for b in range(1, 256) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)]
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(rng.choice(allowed) for _ in range(6000)))
    with pytest.raises(ImportFailed, match="looks like a binary file"):
        plan(path)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_byte_order_mark_is_read(tmp_path, encoding):
    text = "Ana: It helped “a lot”…\n\nBen: Not for me.\n"
    path = tmp_path / "fg.txt"
    path.write_bytes(text.encode(encoding))
    planned = plan(path)
    assert "“a lot”…" in planned.text and planned.meta["encoding"] == encoding


def test_size_limits_are_in_the_megabytes_the_readme_gives(tmp_path):
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:
        fh.truncate(51_000_000)  # sparse: nothing is read before the size is checked
    with pytest.raises(ImportFailed, match=r"is 51\.0 MB, over the 50 MB limit"):
        plan(big)
    survey = tmp_path / "big.csv"
    with open(survey, "wb") as fh:
        fh.truncate(201_000_000)
    with pytest.raises(ImportFailed, match=r"over the 200 MB limit"):
        plan(survey)


def test_a_mistyped_vtt_arrow_names_the_line(tmp_path):
    path = tmp_path / "fg.vtt"
    path.write_text("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nAnn: one\n\n"
                    "00:00:03.000 -> 00:00:04.000\nBob: two\n", encoding="utf-8")
    with pytest.raises(ImportFailed, match=r"line 6: .* looks like a timing line but its arrow is not '-->'"):
        plan(path)


def test_speaker_mapping_applies_across_a_batch(tmp_path):
    a = tmp_path / "a.txt"
    a.write_text("Charles: Hello.\n\nAna: Hi.\n", encoding="utf-8")
    b = tmp_path / "b.txt"
    b.write_text("Dana: Morning.\n\nAna: Hello again.\n", encoding="utf-8")
    options = documents.ImportOptions(kind="focus-group", speakers={"Charles": "C1"}, moderators={"Dana"})
    planned = documents.plan_all([a, b], options)
    cases = {(sec.speaker, sec.case_name, sec.is_moderator) for p in planned for sec in p.sections}
    assert ("Charles", "C1", False) in cases and ("Dana", None, True) in cases
    with pytest.raises(ImportFailed, match="any of the 2 files: no turns by Zed"):
        documents.plan_all([a, b], documents.ImportOptions(speakers={"Zed": "Z"}))


def test_a_speaker_given_a_case_and_marked_moderator_is_refused(tmp_path):
    a = tmp_path / "a.txt"
    a.write_text("Charles: Hello.\n\nAna: Hi.\n", encoding="utf-8")
    with pytest.raises(ImportFailed, match="a moderator has no case"):
        plan(a, speakers={"Charles": "C1"}, moderators={"Charles"})


def test_format_overrides_the_extension(tmp_path):
    csv = tmp_path / "notes.csv"
    csv.write_text("a,b\n1,2\n", encoding="utf-8")
    as_text = plan(csv, format="text")
    assert as_text.text.startswith("a,b") and not as_text.case_values
    doc = make.docx_paragraphs(tmp_path / "turns.docx", ["Ana: It helped.", "Ben: Not for me."])
    turns = plan(doc, format="plain-turns")
    assert [s.speaker for s in turns.sections] == ["Ana", "Ben"]
