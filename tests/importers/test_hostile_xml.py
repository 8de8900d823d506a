"""XML entity tricks inside .docx, .odt and .xlsx files are refused wherever
they hide: after the first 4 KB, in UTF-16, in a member with any name or
extension; every XML member is parsed (DTDs forbidden) before a library
reads the file, and a damaged one gets one message."""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from importers import documents
from importers.errors import ImportFailed
from importers.surveys.reader import read_survey
from tests.importers import office_files as make
from tests.importers.hostile_files import rewrite_zip

ENTITY = '<!DOCTYPE d [<!ENTITY secret "ENTITY-EXPANDED">]>'
ENTITY_MESSAGE = r"declares XML entities .* refuses it"


def refused(path: Path, pattern: str, reader=None) -> str:
    with pytest.raises(ImportFailed) as info:
        (reader or (lambda p: documents.plan(p, documents.ImportOptions())))(path)
    message = str(info.value)
    assert message.startswith(str(path)) and "\n" not in message, message
    assert re.search(pattern, message), message
    assert "ENTITY-EXPANDED" not in message
    return message


def _docx_with(tmp_path: Path, name: str, make_xml) -> Path:
    good = make.docx_paragraphs(tmp_path / f"good-{name}", ["placeholder"])

    def change(member: str, data: bytes):
        if member == "word/document.xml":
            text = data.decode("utf-8").replace("placeholder", "&secret;")
            return member, make_xml(text[text.index("<w:document"):])
        return None

    return rewrite_zip(good, tmp_path / name, change)


def test_an_entity_declared_after_the_first_4_kb_is_refused(tmp_path):
    padding = "<!-- " + "padding " * 1000 + "-->"
    path = _docx_with(tmp_path, "late.docx",
                      lambda body: f'<?xml version="1.0"?>{padding}\n{ENTITY}{body}'.encode("utf-8"))
    refused(path, r"word/document\.xml declares XML entities")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_an_entity_declared_in_utf16_is_refused(tmp_path, encoding):
    path = _docx_with(tmp_path, f"{encoding}.docx",
                      lambda body: f'<?xml version="1.0" encoding="UTF-16"?>{ENTITY}{body}'.encode(encoding))
    refused(path, ENTITY_MESSAGE)


def test_an_entity_in_a_member_with_another_extension_is_refused(tmp_path):
    good = make.docx_paragraphs(tmp_path / "good.docx", ["Hello."])

    def add(member: str, data: bytes):
        if member == "word/styles.xml":
            return "word/styles.bin", f"  \n{ENTITY}<x>&secret;</x>".encode()
        return None

    refused(rewrite_zip(good, tmp_path / "bin.docx", add), r"word/styles\.bin declares XML entities")


def test_a_doctype_without_entities_is_refused_too(tmp_path):
    path = _docx_with(tmp_path, "dtd.docx", lambda body: (
        '<?xml version="1.0"?><!DOCTYPE w:document SYSTEM "http://example.invalid/x.dtd">'
        + body.replace("&secret;", "text")).encode())
    refused(path, ENTITY_MESSAGE)


def test_a_malformed_xml_member_gets_one_message(tmp_path):
    path = _docx_with(tmp_path, "broken.docx", lambda body: body.replace("&secret;", "a < b").encode())
    refused(path, r"word/document\.xml is not well-formed XML .*save it again")


def test_odt_content_with_a_late_entity_is_refused(tmp_path):
    good = make.odt(tmp_path / "good.odt", "<text:p>placeholder</text:p>")

    def change(member: str, data: bytes):
        if member == "content.xml":
            text = data.decode().replace("placeholder", "&secret;")
            head, _, body = text.partition("?>")
            return member, (head + "?>" + "\n" * 5000 + ENTITY + body).encode("utf-16")
        return None

    refused(rewrite_zip(good, tmp_path / "late.odt", change), r"content\.xml declares XML entities")


SHEET = ('<?xml version="1.0" encoding="UTF-8"?>{doctype}'
         '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
         '<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c><c r="B1" t="inlineStr"><is><t>What happened?'
         '</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>R1</t></is></c><c r="B2" t="inlineStr">'
         '<is><t>{answer}</t></is></c></row></sheetData></worksheet>')


def _xlsx_with_sheet_as_dat(tmp_path: Path, doctype: str, answer: str) -> Path:
    book = openpyxl.Workbook()
    book.active.append(["id", "What happened?"])
    good = tmp_path / "good.xlsx"
    book.save(good)

    def change(member: str, data: bytes):
        if member == "xl/worksheets/sheet1.xml":
            return "xl/worksheets/sheet1.dat", SHEET.format(doctype=doctype, answer=answer).encode()
        if member in ("xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
            return member, data.replace(b"worksheets/sheet1.xml", b"worksheets/sheet1.dat")
        return None

    return rewrite_zip(good, tmp_path / "renamed.xlsx", change)


def test_a_renamed_xlsx_sheet_is_read_normally(tmp_path):
    table = read_survey(_xlsx_with_sheet_as_dat(tmp_path, "", "It went well."))
    assert table.rows[0][1] == ["R1", "It went well."]


def test_an_entity_in_an_xlsx_sheet_renamed_to_dat_is_refused(tmp_path):
    path = _xlsx_with_sheet_as_dat(tmp_path, ENTITY, "&secret;")
    refused(path, r"xl/worksheets/sheet1\.dat declares XML entities", reader=read_survey)
    refused(path, ENTITY_MESSAGE)


def test_an_xlsx_member_in_utf16_without_a_bom_is_checked(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-16"?>{ENTITY}<workbook/>'
                   .encode("utf-16-be"))
    path = tmp_path / "u16.xlsx"
    path.write_bytes(buffer.getvalue())
    refused(path, r"xl/workbook\.xml declares XML entities", reader=read_survey)
