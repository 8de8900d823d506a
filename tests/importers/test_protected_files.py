"""Password-protected Office files, malformed OpenDocument repeat counts and
PDF parser chatter: one line from Tandem, never a traceback or stray output."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from importers import documents
from importers.errors import ImportFailed
from importers.surveys.reader import read_survey
from tests.importers import hostile_files as hostile
from tests.importers import office_files as make


def refused(path: Path, pattern: str) -> str:
    with pytest.raises(ImportFailed) as info:
        documents.plan(path, documents.ImportOptions())
    message = str(info.value)
    assert message.startswith(str(path)) and "\n" not in message, message
    assert re.search(pattern, message), message
    return message


@pytest.mark.parametrize("name, app", [("secret.docx", "Word"), ("secret.xlsx", "Excel")])
def test_password_protected_ooxml_is_named_as_such(tmp_path, name, app):
    path = hostile.encrypted_ooxml(tmp_path / name)
    assert path.read_bytes().startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    refused(path, rf"is password-protected; open it in {app}, remove the password "
                  r"\(or save an unprotected copy\) and import that\.$")


def test_password_protected_xlsx_read_as_a_survey(tmp_path):
    path = hostile.encrypted_ooxml(tmp_path / "responses.xlsx")
    with pytest.raises(ImportFailed, match=r"is password-protected; open it in Excel"):
        read_survey(path)


def test_password_protected_odt_is_named_as_such(tmp_path):
    path = hostile.encrypted_odt(tmp_path / "secret.odt")
    refused(path, r"is password-protected; open it in LibreOffice, remove the password "
                  r"\(or save an unprotected copy\) and import that\.$")


def test_old_word_file_named_docx_is_told_apart_from_a_protected_one(tmp_path):
    path = hostile.legacy_word(tmp_path / "old.docx")
    message = refused(path, r"old-style Word \(\.doc\) file.*save it as \.docx")
    assert "password" not in message


def test_old_excel_file_is_still_named_as_such(tmp_path):
    path = hostile.legacy_word(tmp_path / "old.xlsx")
    with pytest.raises(ImportFailed, match=r"old-style Excel \(\.xls\) file"):
        read_survey(path)


@pytest.mark.parametrize("xml, shown", [
    ('<text:p>a<text:s text:c="abc"/>b</text:p>', "text:c='abc'"),
    ('<text:p>a<text:s text:c="-4"/>b</text:p>', "text:c='-4'"),
    ('<text:p>a<text:s text:c="0"/>b</text:p>', "text:c='0'"),
    ('<text:p>a<text:s text:c=" 2.5"/>b</text:p>', "text:c=' 2.5'"),
    ('<table:table><table:table-row><table:table-cell table:number-columns-repeated="x">'
     '<text:p>a</text:p></table:table-cell></table:table-row></table:table>', "table:number-columns-repeated='x'"),
    ('<table:table><table:table-row table:number-rows-repeated="-1"><table:table-cell>'
     '<text:p>a</text:p></table:table-cell></table:table-row></table:table>', "table:number-rows-repeated='-1'"),
])
def test_malformed_odt_repeat_counts_get_one_message(tmp_path, xml, shown):
    path = make.odt(tmp_path / "bad.odt", xml)
    message = refused(path, r"is not a whole number from 1 up|is not a positive whole number")
    assert shown in message and "save it again" in message


def test_odt_repeated_cells_and_rows_are_kept(tmp_path):
    """Repeat counts are honoured (within the limit): no cell text is dropped."""
    path = make.odt(tmp_path / "t.odt",
                    '<text:p>x<text:s text:c="3"/>y</text:p><table:table>'
                    '<table:table-row table:number-rows-repeated="2"><table:table-cell '
                    'table:number-columns-repeated="2"><text:p>same</text:p></table:table-cell>'
                    '<table:table-cell><text:p>end</text:p></table:table-cell></table:table-row></table:table>')
    p = documents.plan(path, documents.ImportOptions(kind="notes"))
    assert p.text == "x   y\n\nsame | same | end\n\nsame | same | end"


def test_odt_comments_and_processing_instructions_are_skipped_not_fatal(tmp_path):
    path = make.odt(tmp_path / "c.odt", '<text:p>a<!-- note to self -->b<?pi x?>c</text:p><!-- top --><text:p>d</text:p>')
    assert documents.plan(path, documents.ImportOptions(kind="notes")).text == "abc\n\nd"


def _pdf_with_broken_xref(tmp_path: Path) -> Path:
    good = make.pdf(tmp_path / "good.pdf", ["Interview notes", "She valued the honest feedback."])
    data = good.read_bytes()
    start = data.rindex(b"startxref\n") + len(b"startxref\n")
    bad = tmp_path / "broken-xref.pdf"
    bad.write_bytes(data[:start] + b"99" + data[start:])  # pypdf repairs it, saying so
    return bad


def _library_output(capfd, caplog) -> list[str]:
    """What would reach the console outside pytest (which captures log records
    and warnings): printed text, and records the root logger would print."""
    out, err = capfd.readouterr()
    return [text for text in (out, err) if text] + [r.getMessage() for r in caplog.records]


def test_pdf_library_warnings_are_not_printed(tmp_path, capfd, caplog):
    path = _pdf_with_broken_xref(tmp_path)
    with caplog.at_level("DEBUG"):
        planned = documents.plan(path, documents.ImportOptions(kind="notes"))
    assert "She valued the honest feedback." in planned.text
    assert _library_output(capfd, caplog) == []


def test_unreadable_pdf_prints_nothing_but_tandems_message(tmp_path, capfd, caplog):
    path = tmp_path / "junk.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer garbage")
    with caplog.at_level("DEBUG"):
        refused(path, r"not a readable PDF|no text layer")
    assert _library_output(capfd, caplog) == []


def test_xlsx_library_warnings_are_not_shown(tmp_path, recwarn):
    """openpyxl warns about what it skips in odd workbooks (here: a sheet entry without a relationship)."""
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["id", "What happened?"])
    book.active.append(["R1", "It went well."])
    good = tmp_path / "good.xlsx"
    book.save(good)

    def change(member: str, data: bytes):
        if member == "xl/workbook.xml":
            return member, data.replace(b"</sheets>", b'<sheet name="Ghost" sheetId="9"/></sheets>')
        return None

    path = hostile.rewrite_zip(good, tmp_path / "odd.xlsx", change)
    table = read_survey(path)
    assert table.rows[0][1] == ["R1", "It went well."]
    assert [str(w.message) for w in recwarn] == []
