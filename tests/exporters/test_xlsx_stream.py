"""The streaming XLSX writer: what it writes reads back, cell by cell and
style by style, with openpyxl — and LibreOffice opens it without a repair."""
from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from exporters.xlsx_stream import BOLD, TITLE, Sheet, Styled, column_letter, write_workbook


def test_column_letters():
    assert [column_letter(n) for n in (1, 26, 27, 52, 53, 702, 703)] == ["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA"]


def _book(tmp_path):
    rows = [["id", "text", "n", "share", "flag", "memo"],
            ["a", "She said “hello” & <left> \x07", 3, 0.25, True, ""],
            ["b", "=HYPERLINK(\"x\")", -2, float("nan"), False, None],
            ["c", "multi\nline", 10 ** 12, 1e-9, False, "+1 helpful"]]
    path = tmp_path / "t.xlsx"
    write_workbook(path, [Sheet("About", [[Styled("Title", TITLE)], [], [Styled("Rows", BOLD), 3]], widths=(24, 70)),
                          Sheet("Data \"1\"", rows, widths=(8, 40, 8, 8, 8, 20), header=True, n_rows=3)],
                   title="A test")
    return path, rows


def test_cells_styles_and_sheet_settings_read_back(tmp_path):
    path, rows = _book(tmp_path)
    book = load_workbook(path)
    assert book.sheetnames == ["About", "Data \"1\""] and book.properties.title == "A test"
    about = book["About"]
    assert about["A1"].value == "Title" and about["A1"].font.bold and about["A1"].font.sz == 14
    assert about["A3"].font.bold and about["B3"].value == 3 and about.column_dimensions["B"].width == 70
    sheet = book["Data \"1\""]
    assert [c.value for c in sheet[1]] == rows[0] and all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:F4"
    assert [c.value for c in sheet[2]] == ["a", "She said “hello” & <left> ", 3, 0.25, True, None]
    formula = sheet["B3"]
    assert formula.value == "=HYPERLINK(\"x\")" and formula.data_type == "s" and formula.quotePrefix
    assert sheet["D3"].value == "nan" and sheet["C3"].value == -2 and sheet["E3"].value is False
    assert sheet["B4"].value == "multi\nline" and sheet["C4"].value == 10 ** 12 and sheet["D4"].value == 1e-9
    assert sheet["F4"].quotePrefix and not sheet["B2"].quotePrefix
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def _calc_installed() -> bool:
    """LibreOffice with its spreadsheet (Writer alone converts no workbook, silently)."""
    soffice = shutil.which("soffice")
    return soffice is not None and (Path(soffice).resolve().parent / "libsclo.so").exists()


@pytest.mark.skipif(not _calc_installed(), reason="LibreOffice Calc is not installed")
def test_libreoffice_opens_it(tmp_path):
    path, rows = _book(tmp_path)
    out = tmp_path / "out"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to",
                    "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,2", "--outdir",
                    str(out), str(path)], check=True, capture_output=True, timeout=180)
    produced = sorted(out.iterdir())
    data = next(p for p in produced if "Data" in p.name)
    with open(data, newline="", encoding="utf-8") as f:
        read = list(csv.reader(f))
    assert read[0] == rows[0] and read[1][:3] == ["a", "She said “hello” & <left> ", "3"]
    assert read[2][1] == "=HYPERLINK(\"x\")"  # shown as text, not run
