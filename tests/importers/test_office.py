"""Word, OpenDocument and PDF documents: reading order, speaker turns, and
every way such a file can be bad."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from importers import documents
from importers.errors import ImportFailed
from tests.conftest import SAMPLES
from tests.importers import office_files as make


def plan(path, **opts):
    return documents.plan(path, documents.ImportOptions(**opts))


def texts(planned):
    return [planned.text[s.start:s.end] for s in planned.sections]


def test_docx_bold_speaker_paragraphs_become_turns(tmp_path):
    path = make.docx_with_bold_speakers(tmp_path / "fg.docx", [
        ("Moderator", "What helped?"), ("Ana Ruiz", "Her emails, honestly."), ("Ben", "Not much."),
        ("Ana Ruiz", "And the shadowing."),
    ], heading="Focus group 2")
    p = plan(path, moderators={"Moderator"})
    assert p.kind == "focus-group"
    assert [(s.speaker, s.case_name, s.is_moderator) for s in p.sections] == [
        (None, None, False), ("Moderator", None, True), ("Ana Ruiz", "Ana Ruiz", False), ("Ben", "Ben", False),
        ("Ana Ruiz", "Ana Ruiz", False)]
    # the heading is kept as a passage without a speaker: nothing in the file is dropped
    assert texts(p) == ["Focus group 2", "What helped?", "Her emails, honestly.", "Not much.", "And the shadowing."]
    assert p.text.startswith("Focus group 2\n\nModerator: What helped?\n\nAna Ruiz: Her emails")


def test_docx_speaker_table_becomes_turns(tmp_path):
    path = make.docx_paragraphs(tmp_path / "t.docx", [], table=[
        ["Speaker", "Text"], ["Interviewer", "How was the year?"], ["P07", "Hard, then better."],
        ["Interviewer", "Why better?"], ["P07", "My mentor, mostly."]])
    p = plan(path)
    assert p.kind == "interview" and p.meta["format"] == "docx-table"
    assert [s.speaker for s in p.sections] == ["Interviewer", "P07", "Interviewer", "P07"]
    assert texts(p)[-1] == "My mentor, mostly."


def test_docx_notes_keep_reading_order_headings_tables_and_line_breaks(tmp_path):
    path = make.docx_paragraphs(tmp_path / "notes.docx", ["First note.", "Line one\nline two."],
                                heading="Interview notes", table=[["Theme", "Count"], ["Trust", "3"]])
    p = plan(path, kind="notes", case="INT-01")
    assert p.kind == "notes" and p.case_name == "INT-01"
    assert p.text == "Interview notes\n\nFirst note.\n\nLine one\nline two.\n\nTheme | Count\n\nTrust | 3"
    assert texts(p) == ["First note.", "Line one\nline two.", "Theme | Count", "Trust | 3"]
    assert [p.text[a:b] for a, b in p.meta["headings"]] == ["Interview notes"]
    assert {s.case_name for s in p.sections} == {"INT-01"}


def test_real_sample_docx_reads_its_three_paragraphs():
    path = SAMPLES / "docx" / "qualcoder_ID1_plain_paragraphs.docx"
    if not path.exists():
        pytest.skip(f"sample missing: {path}")
    p = plan(path)
    assert p.kind == "document" and len(p.sections) == 3
    assert all(len(t) > 20 for t in texts(p))


def test_odt_headings_paragraphs_lists_and_tables(tmp_path):
    path = make.odt(tmp_path / "n.odt",
                    '<text:h>Notes</text:h><text:p>She felt<text:s text:c="2"/>supported.<text:line-break/>Mostly.</text:p>'
                    '<text:list><text:list-item><text:p>Point one</text:p></text:list-item></text:list>'
                    '<table:table><table:table-row><table:table-cell><text:p>a</text:p></table:table-cell>'
                    '<table:table-cell><text:p>b</text:p></table:table-cell></table:table-row></table:table>')
    p = plan(path, kind="notes")
    assert texts(p) == ["She felt  supported.\nMostly.", "Point one", "a | b"]
    assert p.text.startswith("Notes\n\n")


def test_pdf_text_layer_is_read(tmp_path):
    path = make.pdf(tmp_path / "n.pdf", ["Interview notes (P03)", "She valued the honest feedback."])
    p = plan(path, kind="notes")
    assert "She valued the honest feedback." in p.text


@pytest.mark.parametrize("name, builder, message", [
    ("trunc.docx", lambda p: p.write_bytes(b"PK\x03\x04" + b"\x00" * 40), "not a valid Word"),
    ("text.docx", lambda p: p.write_text("not a zip at all"), "not a valid Word"),
    ("empty.odt", lambda p: p.write_bytes(b""), "is empty"),
    ("scan.pdf", lambda p: make.pdf(p, []), "no text layer"),
    ("junk.pdf", lambda p: p.write_bytes(b"%PDF-1.4\ngarbage"), "not a readable PDF|no text layer"),
])
def test_bad_office_files_get_one_clear_message(tmp_path, name, builder, message):
    path = tmp_path / name
    builder(path)
    with pytest.raises(ImportFailed, match=message):
        plan(path)


def test_truncated_real_docx_is_refused(tmp_path):
    good = make.docx_paragraphs(tmp_path / "good.docx", ["Some text."] * 50)
    cut = tmp_path / "cut.docx"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(ImportFailed, match="damaged or truncated|not a readable Word"):
        plan(cut)


def test_zip_bomb_is_refused_before_unpacking(tmp_path):
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"<a>" + b" " * (300 * 1024 * 1024) + b"</a>")
    assert path.stat().st_size < 2_000_000
    with pytest.raises(ImportFailed, match="possible decompression bomb"):
        plan(path)


def _with_doctype(tmp_path, name: str, doctype: str, body: str) -> Path:
    good = make.docx_paragraphs(tmp_path / f"good-{name}", ["placeholder"])
    evil = tmp_path / name
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(evil, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                text = data.decode().replace("placeholder", body)
                data = (doctype + text[text.index("<w:document"):]).encode()
            dst.writestr(item, data)
    return evil


LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
          + ']>')
XXE = '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


@pytest.mark.parametrize("name, doctype, body", [("laughs.docx", LAUGHS, "&lol9;"), ("xxe.docx", XXE, "&xxe;")])
def test_xml_entity_tricks_are_refused_with_one_message(tmp_path, name, doctype, body):
    """'Billion laughs' and external entities: refused before any parser sees them."""
    evil = _with_doctype(tmp_path, name, doctype, body)
    with pytest.raises(ImportFailed, match=r"declares XML entities .* refuses it"):
        plan(evil)
