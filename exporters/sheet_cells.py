"""Cells that are safe to open in a spreadsheet, shared by the XLSX and CSV exports.

Text a spreadsheet may read as a formula (it begins with =, +, -, @, a tab
or a carriage return) is never run as one: in XLSX it is stored as a string with ``quotePrefix`` set
(editing the cell keeps it text), in CSV it is prefixed with a single quote
(the OWASP "CSV injection" guard).  Also the small pieces every sheet-shaped
export uses: a bold, frozen, filterable header row and an "About" sheet.
"""
from __future__ import annotations

from typing import Any, Iterable, Sequence

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from exporters.xml_text import safe_sheet_text
from exporters.agreement_xlsx import BOLD, HEADER_FILL, RULE

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet may read as a formula (OWASP)
SHEET_TITLE_BAD = "[]:*?/\\"


def sheet_cell(sheet: Worksheet, row: int, col: int, value: Any):
    """A cell holding ``value``; text is stored as text, never as a formula, and
    marked so that editing it in a spreadsheet does not make it one."""
    if isinstance(value, str):
        value = safe_sheet_text(value)
    cell = sheet.cell(row, col, value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def csv_safe(value: Any) -> Any:
    """``value`` for a CSV cell: text a spreadsheet would run as a formula gets a leading "'"."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_row(values: Iterable[Any]) -> list[Any]:
    return [csv_safe(v) for v in values]


def sheet_title(text: str) -> str:
    """``text`` as a worksheet name: without the characters Excel refuses, at most 31 long."""
    cleaned = "".join("_" if ch in SHEET_TITLE_BAD else ch for ch in safe_sheet_text(text)).strip("'")
    return cleaned[:31] or "Sheet"


def header_row(sheet: Worksheet, titles: Sequence[str], n_rows: int, widths: Sequence[float] = ()) -> None:
    """Bold header ``titles`` in row 1, frozen, with an autofilter over ``n_rows`` data rows."""
    for col, title in enumerate(titles, start=1):
        cell = sheet_cell(sheet, 1, col, title)
        cell.font, cell.fill, cell.border = BOLD, HEADER_FILL, RULE
        cell.alignment = Alignment(vertical="bottom", wrap_text=True)
        width = widths[col - 1] if col <= len(widths) else max(10, min(40, len(title) + 2))
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.freeze_panes = "A2"
    if titles:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(titles))}{n_rows + 1}"


def about_sheet(sheet: Worksheet, heading: str, facts: Sequence[tuple[str, Any]]) -> None:
    """An "About" sheet: a heading, then one (label, value) pair a row."""
    sheet.title = "About"
    sheet_cell(sheet, 1, 1, heading).font = Font(bold=True, size=14)
    for r, (label, value) in enumerate(facts, start=3):
        sheet_cell(sheet, r, 1, label).font = BOLD
        sheet_cell(sheet, r, 2, value).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 70
