"""Every way a survey file can be wrong gets one clear sentence: the file, the
row, the problem and a likely fix."""
from __future__ import annotations

import io
import re
import struct
import zipfile
from pathlib import Path

import openpyxl
import pytest

from importers.errors import ImportFailed
from importers.surveys import reader
from importers.surveys.reader import read_survey


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def fails(path: Path, pattern: str, **kwargs) -> str:
    with pytest.raises(ImportFailed) as info:
        read_survey(path, **kwargs)
    message = str(info.value)
    assert message.startswith(str(path)), message
    assert re.search(pattern, message), message
    return message


QUALTRICS_HEAD = ('ResponseId,Q1\nResponse ID,What happened?\n'
                  '"{""ImportId"":""_recordId""}","{""ImportId"":""QID1_TEXT""}"\n')


def test_empty_and_blank_files(tmp_path):
    fails(write(tmp_path, "empty.csv", ""), r"is empty; there is nothing to import")
    fails(write(tmp_path, "blank.csv", "\n \r\n\t\n"), r"is empty")
    fails(write(tmp_path, "commas.csv", ",,,\n,,,\n"), r"is empty")


def test_header_only_files(tmp_path):
    fails(write(tmp_path, "head.csv", "id,What did you think?\n"),
          r"has only its header row and no responses; export the survey again")
    fails(write(tmp_path, "qhead.csv", QUALTRICS_HEAD), r"has only its 3 header rows and no responses")


def test_row_with_more_fields_names_the_other_delimiter(tmp_path):
    good = "".join(f"{i},a,b,c,d\n" for i in range(2, 17))
    path = write(tmp_path, "ragged.csv", "id,q1,q2,q3,q4\n" + good + "17,1;2;3,4,5,6,7\n")
    message = fails(path, r"row 17 has 6 fields but the header has 5 — is the delimiter ';'\?$")
    assert message == f"{path}: row 17 has 6 fields but the header has 5 — is the delimiter ';'?"


def test_row_with_more_fields_and_no_other_delimiter(tmp_path):
    fails(write(tmp_path, "r.csv", "id,q\n1,a\n2,I liked it, mostly\n"),
          r"row 3 has 3 fields but the header has 2 — does an answer contain a ',' without quotes around it\?")


def test_row_from_a_semicolon_export_appended(tmp_path):
    fails(write(tmp_path, "mixed.csv", "id,q1,q2\n1,a,b\n2;c;d\n"),
          r"row 3 has 1 field but the header has 3 — is the delimiter ';'\?")


def test_ragged_row_after_a_multiline_answer_gives_row_and_line(tmp_path):
    fails(write(tmp_path, "ml.csv", 'id,q1,q2\n1,"two\nlines",b\n2,c\n'),
          r"row 3 \(line 4\) has 2 fields but the header has 3 — is a field missing, or a quote left open")


def test_trailing_empty_fields_are_not_errors(tmp_path):
    t = read_survey(write(tmp_path, "trail.csv", "id,q\n1,a,,\n2,b\n"))
    assert [row for _, row in t.rows] == [["1", "a"], ["2", "b"]]


def test_unclosed_quote(tmp_path):
    fails(write(tmp_path, "open.csv", 'id,q\n1,fine\n2,"this answer never ends\n3,x\n'),
          r"row 3 \(line 3\) opens a quoted answer that never closes; a closing quote .* is missing")


def test_stray_quote(tmp_path):
    fails(write(tmp_path, "stray.csv", 'id,q\n1,"quoted"then text\n'),
          r"row 2 \(line 2\) is not valid CSV .*; check that row for a stray quote character")


def test_duplicate_respondent_ids(tmp_path):
    rows = "".join(f"R_{i},answer {i}\n" for i in (100, 101, 102, 103, 123))
    rows = "R_123,first\n" + rows.replace("R_123,answer 123", "R_123,again")
    path = write(tmp_path, "dup.csv", QUALTRICS_HEAD + rows)
    # header rows 1-3; R_123 on row 4 and again on row 9
    message = fails(path, r"row 9 repeats respondent R_123 from row 4; remove the duplicate")
    assert message.count(";") == 1


def test_missing_respondent_id(tmp_path):
    fails(write(tmp_path, "noid.csv", QUALTRICS_HEAD + "R_1,x\n,y\n"),
          r"row 5 has no respondent id in 'ResponseId'")


def test_redcap_longitudinal_export_explains_events(tmp_path):
    text = ("record_id,redcap_event_name,mood,visit_complete\n1,baseline_arm_1,3,2\n"
            "1,followup_arm_1,4,2\n")
    fails(write(tmp_path, "long.csv", text),
          r"row 3 repeats respondent 1 from row 2; this REDCap export has one row per event")


def test_file_over_the_size_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(reader, "MAX_SURVEY_BYTES", 1000)
    fails(write(tmp_path, "big.csv", "id,q\n" + "1,x\n" * 400), r"over the 0 MB limit for one file; split it")


def test_missing_file_and_binary_file(tmp_path):
    fails(tmp_path / "nope.csv", r"no such file")
    path = tmp_path / "bin.csv"
    path.write_bytes(b"id,q\n\x00\x01\x02\x03")
    fails(path, r"looks like a binary file")


def test_old_excel_file(tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    fails(path, r"old-style Excel \(\.xls\) file.*save it as \.xlsx or CSV")


def test_dictionary_that_is_not_one(tmp_path):
    survey = write(tmp_path, "s.csv", "record_id,q\n1,x\n")
    fails_dict = write(tmp_path, "d.csv", "name,type\nq,text\n")
    with pytest.raises(ImportFailed, match=r"d\.csv: not a REDCap data dictionary .*'Field Type'"):
        read_survey(survey, dictionary=fails_dict)


# --- XLSX -----------------------------------------------------------------------------------


def _workbook_bytes() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["id", "q"])
    book.active.append(["1", "an answer"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_xlsx_that_is_really_text(tmp_path):
    fails(write(tmp_path, "renamed.xlsx", "id,q\n1,x\n"), r"named \.xlsx but not an Excel workbook.*rename it to \.csv")


def test_truncated_xlsx(tmp_path):
    data = _workbook_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(data[: len(data) // 2])
    fails(path, r"not a valid XLSX file \(the archive is damaged or truncated\); open it in Excel")


def test_corrupt_xlsx_contents(tmp_path):
    path = tmp_path / "corrupt.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "this is not XML <<<")
    fails(path, r"cannot be read .*; open it in Excel and save it again, or export the sheet as CSV")


def test_zip_without_a_workbook(tmp_path):
    path = tmp_path / "other.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", "<w/>")
    fails(path, r"a zip archive but not an Excel workbook")


def test_zip_declaring_a_huge_member_is_refused_before_unpacking(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", "<worksheet/>")
    data = bytearray(buffer.getvalue())
    central = data.index(b"PK\x01\x02", data.index(b"PK\x01\x02") + 1)  # the sheet's directory entry
    struct.pack_into("<I", data, central + 24, 3_000_000_000)  # declared uncompressed size
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(bytes(data))
    assert path.stat().st_size < 1000
    fails(path, r"unpacks to 3,000 MB .* possible decompression bomb")


def test_zip_with_an_extreme_compression_ratio_is_refused(tmp_path):
    path = tmp_path / "ratio.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b" " * (20 * 1024 * 1024))
    assert path.stat().st_size < 200_000
    fails(path, r"possible decompression bomb")
