"""Importing .txt and .md documents."""
from __future__ import annotations

from pathlib import Path

import pytest

from coding import access, cases, sources
from importers import documents
from importers.errors import ImportFailed
from importers.transcripts.detect import detect_format

FG = "Moderator Kim: Welcome, everyone.\n\nAna Ruiz: Thanks. It was good 😀.\r\nReally good.\n\nBen: Agreed.\n"


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    p = tmp_path / name
    p.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return p


def import_into(store, paths, **opts):
    planned = documents.plan_all(paths, documents.ImportOptions(**opts))
    with store.transaction(access.system("t")) as s:
        return documents.write(s, planned, again=opts.get("again", False))


def test_turns_become_sections_tied_to_cases(store, tmp_path):
    path = write(tmp_path, "fg.txt", FG)
    report = import_into(store, [path], kind="focus-group", moderators={"Moderator Kim"},
                         speakers={"Ana Ruiz": "P01"}, attributes={"group": "Mentee"})
    assert report.imported == ["fg"]
    with store.session() as s:
        src = sources.get_source(s, "fg")
        assert "\r" not in src.text and src.kind == "focus-group"
        secs = sources.sections_of(s, src)
        assert [(x.speaker, x.case.name if x.case else None, x.is_moderator) for x in secs] == [
            ("Moderator Kim", None, True), ("Ana Ruiz", "P01", False), ("Ben", "Ben", False)]
        assert src.text[secs[1].start:secs[1].end] == "Thanks. It was good 😀.\nReally good."
        assert cases.attributes_of(s, cases.get_case(s, "P01")) == {"group": "Mentee"}
        assert src.meta["encoding"] == "utf-8"


def test_markdown_document_becomes_paragraph_sections(store, tmp_path):
    path = write(tmp_path, "notes.md", "# Notes\n\nShe felt supported.\nMostly.\n\n\nEnd.")
    import_into(store, [path], kind="notes", case="INT-01")
    with store.session() as s:
        src = sources.get_source(s, "notes")
        secs = sources.sections_of(s, src)
        assert [src.text[x.start:x.end] for x in secs] == ["# Notes", "She felt supported.\nMostly.", "End."]
        assert {x.case.name for x in secs} == {"INT-01"} and src.case_id is not None


def test_reimport_is_skipped_unless_again(store, tmp_path):
    path = write(tmp_path, "a.txt", "Some notes.")
    import_into(store, [path])
    report = import_into(store, [path])
    assert report.imported == [] and "already imported as 'a'" in report.skipped[0]
    report = import_into(store, [path], again=True)
    assert report.imported == ["a (2)"]


def test_cp1252_and_utf16_are_decoded(store, tmp_path):
    a = write(tmp_path, "excel.txt", "It was \u201cfine\u201d\u2026 caf\u00e9".encode("cp1252"))
    b = write(tmp_path, "u16.txt", "\ufeffHello \U0001F600".encode("utf-16-le"))
    import_into(store, [a, b])
    with store.session() as s:
        assert sources.get_source(s, "excel").text == "It was \u201cfine\u201d\u2026 caf\u00e9"
        assert sources.get_source(s, "u16").text == "Hello \U0001F600"


@pytest.mark.parametrize("name, data, message", [
    ("empty.txt", b"", "is empty"),
    ("blank.txt", b"  \n\n ", "is empty"),
    ("bin.txt", b"\x00\x01\x02\x03abc", "binary file"),
    ("bad.txt", b"\xef\xbb\xbfok \xff\xfe", "says it is UTF-8"),
    ("audio.mp3", b"ID3", "cannot read '.mp3'"),
])
def test_bad_files_get_one_clear_message(tmp_path, name, data, message):
    path = write(tmp_path, name, data)
    with pytest.raises(ImportFailed, match=message):
        documents.plan(path, documents.ImportOptions())


def test_a_bad_file_in_a_batch_imports_nothing(store, tmp_path):
    good = write(tmp_path, "good.txt", "Fine.")
    bad = write(tmp_path, "bad.txt", b"")
    with pytest.raises(ImportFailed):
        import_into(store, [good, bad])
    with store.session() as s:
        assert sources.list_sources(s) == []


def test_unknown_speaker_mapping_is_reported(tmp_path):
    path = write(tmp_path, "fg.txt", FG)
    with pytest.raises(ImportFailed, match="no turns by Zed"):
        documents.plan_all([path], documents.ImportOptions(kind="focus-group", moderators={"Zed"}))


def test_prose_with_a_colon_is_not_mistaken_for_turns():
    text = "Summary: the meeting went well.\n\nWe then discussed many other topics at length.\n\nAnd more."
    assert detect_format(text, ".txt") is None
