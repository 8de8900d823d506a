"""Text whose encoding would garble it is refused, naming the line: files
mixing UTF-8 and Windows-1252 bytes, binary data behind a byte-order mark,
and mojibake (UTF-8 read as Windows-1252 and saved again).  Real text in
either encoding, and every real sample, still imports."""
from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from importers import documents
from importers.errors import ImportFailed
from importers.surveys.reader import read_survey
from tests.conftest import REPO, SAMPLES


def plan(path: Path, **opts):
    return documents.plan(path, documents.ImportOptions(**opts))


def refused(path: Path, pattern: str, **opts) -> str:
    with pytest.raises(ImportFailed, match=pattern) as info:
        plan(path, **opts)
    message = str(info.value)
    assert message.startswith(str(path)) and "\n" not in message
    return message


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- UTF-8 and Windows-1252 in one file -------------------------------------------------------


def test_text_mixing_utf8_and_windows_1252_is_refused_naming_the_lines(tmp_path):
    data = ("Ana: The caf\u00e9 was where we met.\n\n".encode("utf-8")
            + "Ben: It was na\u00efve of me, I admit.\n".encode("cp1252"))
    path = write(tmp_path, "fg.txt", data)
    message = refused(path, r"line 3 \(byte 48\)")
    assert "line 1" in message and "UTF-8" in message and "Windows-1252" in message
    assert "save" in message  # the fix


def test_csv_mixing_encodings_is_refused(tmp_path):
    data = "id,answer\n1,Tr\u00e8s bien\n".encode("utf-8") + "2,Tr\u00e8s \u201cbon\u201d\n".encode("cp1252")
    path = write(tmp_path, "s.csv", data)
    with pytest.raises(ImportFailed, match=r"line 3 .*mixes UTF-8 and Windows-1252"):
        read_survey(path)


def test_vtt_mixing_encodings_is_refused(tmp_path):
    data = ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nZo\u00eb: Caf\u00e9?\n\n".encode("utf-8")
            + "00:00:03.000 --> 00:00:04.000\nAnn: Cr\u00e8me br\u00fbl\u00e9e.\n".encode("cp1252"))
    refused(write(tmp_path, "fg.vtt", data), r"line 7 .*mixes UTF-8 and Windows-1252")


def test_plain_windows_1252_still_imports(tmp_path):
    text = "Ana: It was \u201cfine\u201d\u2026 caf\u00e9, na\u00efve, \u00c9COLE, \u00bd price \u2013 ok.\n\nBen: Yes.\n"
    planned = plan(write(tmp_path, "excel.txt", text.encode("cp1252")))
    assert planned.meta["encoding"] == "cp1252" and "\u201cfine\u201d\u2026 caf\u00e9" in planned.text


# --- binary data behind a byte-order mark -----------------------------------------------------


@pytest.mark.parametrize("bom", [codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE])
def test_binary_data_behind_a_byte_order_mark_is_refused(tmp_path, bom):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x02\x00\x00\x00" * 40
    refused(write(tmp_path, "x.txt", bom + png), r"binary file|is not")


def test_ascii_control_bytes_behind_a_utf8_bom_are_refused(tmp_path):
    data = codecs.BOM_UTF8 + bytes(range(1, 9)) * 200 + b"some text"
    refused(write(tmp_path, "x.txt", data), r"looks like a binary file")


def test_random_code_units_behind_a_utf16_bom_are_refused(tmp_path):
    """Valid UTF-16 (no lone surrogates) that is not text: unassigned and private-use characters."""
    units = [0xE000 + (i * 7919) % 6400 if i % 3 else 0x0378 + i % 2 for i in range(3000)]
    data = codecs.BOM_UTF16_LE + b"".join(u.to_bytes(2, "little") for u in units)
    refused(write(tmp_path, "x.txt", data), r"looks like a binary file")


def test_text_with_symbol_font_bullets_is_not_taken_for_binary(tmp_path):
    """Word's Wingdings/Symbol bullets are private-use characters (U+F0B7) in pasted text."""
    text = "".join(f"\uf0b7 Point {i}: the mentor helped.\n" for i in range(40))
    for encoding in ("utf-8", "utf-16"):
        assert "\uf0b7 Point 3" in plan(write(tmp_path, f"b-{encoding}.txt", text.encode(encoding)), kind="notes").text


def test_utf16_text_with_a_bom_still_imports(tmp_path):
    text = "Ana: \u4f60\u597d, \u0417\u0434\u0440\u0430\u0432\u0441\u0442\u0432\u0443\u0439 \U0001F600\n\nBen: ok\n"
    planned = plan(write(tmp_path, "u.txt", codecs.BOM_UTF16_LE + text.encode("utf-16-le")))
    assert "\u4f60\u597d" in planned.text


def test_a_short_utf8_file_holding_a_nul_is_not_taken_for_utf16(tmp_path):
    """Found by the property tests: 00 E0 A0 80 was read as UTF-16-BE ('\u00e0\ua080')."""
    refused(write(tmp_path, "short.txt", "\x00\u0800".encode("utf-8")), r"looks like a binary file")


def test_bad_bytes_name_the_line(tmp_path):
    message = refused(write(tmp_path, "bad.txt", b"\xef\xbb\xbfok\nline two \xff\xfe\n"), r"says it is UTF-8")
    assert "line 2" in message


# --- mojibake: UTF-8 decoded as Windows-1252 and saved again as UTF-8 ------------------------


@pytest.mark.parametrize("garbled, word", [
    ("We met at the caf\u00c3\u00a9 on Fridays.", "caf\u00c3\u00a9"),
    ("Zo\u00c3\u00ab said it helped.", "Zo\u00c3\u00ab"),
    ("It was \u00e2\u20ac\u0153fine\u00e2\u20ac\u009d, really.", "fine"),
    ("\u00ef\u00bb\u00bfNotes from the session.", "Notes"),
])
def test_double_encoded_utf8_is_refused(tmp_path, garbled, word):
    text = f"Ana: Good morning.\n\nBen: {garbled}\n"
    message = refused(write(tmp_path, "m.txt", text.encode("utf-8")), r"line 3: .*garbled")
    assert word in message


def test_double_encoded_survey_answer_is_refused(tmp_path):
    path = write(tmp_path, "s.csv", "id,answer\n1,Good\n2,Tr\u00c3\u00a8s bien\n".encode("utf-8"))
    with pytest.raises(ImportFailed, match=r"line 3: .*Tr\u00c3\u00a8s.*garbled"):
        read_survey(path)


@pytest.mark.parametrize("text", [
    "CAF\u00c9\u2026 and \u00c9COLE\u00bb and S\u00c3O PAULO and \u00c5LAND and NA\u00cfVE\u201d",
    "\u0141\u00f3d\u017a, \u0160koda, \u017bubr\u00f3wka, se\u00f1or, \u00e0 la carte, \u00bd\u2009\u00b0C",
    "Price: 5\u00a0\u20ac \u2014 \u00abquote\u00bb \u2018single\u2019 \u00a9 2024 \u00ae \u2122 \u00b1 \u00b5",
])
def test_real_accented_text_is_not_taken_for_mojibake(tmp_path, text):
    for encoding in ("utf-8", "utf-16"):
        planned = plan(write(tmp_path, f"ok-{encoding}.txt", f"{text}\n".encode(encoding)))
        assert planned.text.strip() == text


def _sample_files():
    found = sorted(p for p in SAMPLES.rglob("*") if p.suffix in (".vtt", ".txt", ".csv", ".docx"))
    return found + sorted((REPO / "resources" / "demo").glob("*.*"))


def test_every_real_sample_and_the_demo_still_import():
    files = [p for p in _sample_files() if p.suffix in (".vtt", ".txt", ".csv", ".docx") and p.name != "README.md"]
    if not any(SAMPLES in p.parents for p in files):
        pytest.skip(f"real-world samples missing: {SAMPLES}")
    for path in files:
        if "dictionary" in path.name or path.parent.name == "demo" and path.suffix == ".csv" \
                and "survey" not in path.name:
            continue  # a REDCap data dictionary, the demo's codebook and codings: not sources
        planned = plan(path)
        assert planned.text.strip(), path
