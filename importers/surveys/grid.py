"""Reading a survey file into a grid of text cells: every non-blank record of
a CSV file or of one XLSX sheet, with its row number, before any header rows
are recognised.

Row numbers are what a spreadsheet shows: the first record is row 1, a
multi-line quoted answer is one row, and blank rows keep their number (they
are left out of the grid).  For CSV files the physical line where each row
starts is kept too, for error messages.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from importers import limits, zipsafe
from importers.errors import ImportFailed, one_line
from importers.files import decode
from importers.limits import MAX_SURVEY_CELLS, MAX_SURVEY_COLUMNS
from importers.quiet import library_quiet

limits.allow_long_csv_fields()  # a free-text answer may be longer than Python's default 131,072

DELIMITERS = (",", ";", "\t")
DELIMITER_NAMES = {",": "','", ";": "';'", "\t": "tab"}

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = zipsafe.OLE_MAGIC  # legacy .xls, and password-protected .xlsx


@dataclass
class Grid:
    records: list[tuple[int, list[str]]]  # (row number, cells); blank rows left out
    encoding: str
    delimiter: str  # "" for XLSX
    kind: str  # "csv" or "xlsx"
    lines: dict[int, int] = field(default_factory=dict)  # CSV: row number -> first line
    sheet: str = ""  # XLSX: the sheet read

    def where(self, row: int) -> str:
        """'row 17' or, when a multi-line answer above makes them differ, 'row 17 (line 23)'."""
        line = self.lines.get(row)
        return f"row {row}" if line in (None, row) else f"row {row} (line {line})"


def looks_like_xlsx(path: Path, data: bytes) -> bool:
    return path.suffix.lower() in (".xlsx", ".xlsm") or data.startswith(ZIP_MAGIC)


def refuse_legacy_excel(path: Path, data: bytes) -> None:
    zipsafe.refuse_protected(path, data, "Excel")
    if path.suffix.lower() == ".xls" or data.startswith(OLE_MAGIC):
        raise ImportFailed(
            f"{path}: this is an old-style Excel (.xls) file, which Tandem cannot read; "
            "open it in Excel or LibreOffice and save it as .xlsx or CSV."
        )


# --- CSV ------------------------------------------------------------------------------


def read_csv_grid(path: Path, data: bytes) -> Grid:
    decoded = decode(data, path)
    text = decoded.text.lstrip("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # also inside quoted answers
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[tuple[int, list[str]]] = []
    lines: dict[int, int] = {}
    row, line = 0, 1
    size = _Size(path)
    try:
        for cells in reader:
            row += 1
            size.add(row, len(cells))
            if any(c.strip() for c in cells):
                records.append((row, cells))
                lines[row] = line
            line = reader.line_num + 1
    except csv.Error as exc:
        if any(k in str(exc) for k in ("end of data", "EOF", "field larger")):
            raise ImportFailed(
                f"{path}: row {row + 1} (line {line}) opens a quoted answer that never closes; "
                "a closing quote (\") is missing in that row."
            ) from None
        raise ImportFailed(
            f"{path}: row {row + 1} (line {reader.line_num}) is not valid CSV ({exc}); "
            "check that row for a stray quote character."
        ) from None
    return Grid(records, decoded.encoding, delimiter, "csv", lines)


class _Size:
    """Refuses a survey wider than MAX_SURVEY_COLUMNS or larger than
    MAX_SURVEY_CELLS as its rows are read, before any column is classified."""

    def __init__(self, path: Path):
        self.path, self.cells = path, 0

    def add(self, row: int, width: int) -> None:
        if width > MAX_SURVEY_COLUMNS:
            raise limits.too_big(self.path, f"row {row} has", f"{width:,} columns", f"{MAX_SURVEY_COLUMNS:,} columns",
                                 "no real survey is that wide: check that this is a survey export, or split its "
                                 "columns over several files")
        self.cells += width
        if self.cells > MAX_SURVEY_CELLS:
            raise limits.too_big(self.path, "it holds", f"more than {MAX_SURVEY_CELLS:,} cells (at row {row})",
                                 f"{MAX_SURVEY_CELLS:,} cells", "split the responses over several files")
        if row % 256 == 0:
            limits.tick()


def sniff_delimiter(text: str) -> str:
    """The candidate that splits the first record into the most fields and the
    next records into the same number; ',' when nothing splits."""
    sample = text[:65536]
    best, best_score = ",", (0.0, 1)
    for d in DELIMITERS:
        try:
            records = []
            for cells in csv.reader(io.StringIO(sample, newline=""), delimiter=d):
                if any(c.strip() for c in cells):
                    records.append(len(cells))
                if len(records) > 30:
                    break
        except csv.Error:
            continue
        if not records or records[0] < 2:
            continue
        rest = records[1:-1] if len(sample) < len(text) else records[1:]  # the last may be cut off
        same = sum(1 for n in rest if n == records[0]) / len(rest) if rest else 1.0
        score = (same, records[0])
        if score > best_score:
            best, best_score = d, score
    return best


# --- XLSX -----------------------------------------------------------------------------


def check_zip(path: Path, data: bytes) -> list[str]:
    """An intact workbook, not a decompression bomb (``importers.zipsafe``).
    Returns the member names."""
    if not data.startswith(ZIP_MAGIC):
        raise ImportFailed(
            f"{path}: named {path.suffix} but not an Excel workbook (an .xlsx file is a zip archive); "
            "if it is a CSV file, rename it to .csv."
        )
    names = zipsafe.check_zip(path, "XLSX", data, fix="open it in Excel and save it again, or export the sheet as CSV",
                              counted=(frozenset({"c"}), MAX_SURVEY_CELLS, "cells"))
    if "xl/workbook.xml" not in names:
        raise ImportFailed(
            f"{path}: a zip archive but not an Excel workbook (no xl/workbook.xml); "
            "export the survey as .xlsx or CSV."
        )
    return names


def read_xlsx_grid(path: Path, data: bytes, sheet: Optional[str] = None) -> Grid:
    check_zip(path, data)
    with library_quiet():  # openpyxl warns (on stderr) about what it skips in odd files
        return _read_xlsx_grid(path, data, sheet)


def _read_xlsx_grid(path: Path, data: bytes, sheet: Optional[str]) -> Grid:
    import openpyxl  # imported here: CSV-only imports do not pay for it

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any damage inside the archive
        raise ImportFailed(
            f"{path}: the workbook cannot be read ({type(exc).__name__}: {one_line(exc)}); "
            "open it in Excel and save it again, or export the sheet as CSV."
        ) from None
    try:
        names = book.sheetnames
        if not names:
            raise ImportFailed(f"{path}: the workbook has no sheets.")
        if sheet is None:
            name = names[0]
        elif sheet in names:
            name = sheet
        else:
            raise ImportFailed(
                f"{path}: there is no sheet '{sheet}'; the sheets are: {', '.join(names)}."
            )
        ws = book[name]
        records: list[tuple[int, list[str]]] = []
        try:
            if hasattr(ws, "reset_dimensions"):
                ws.reset_dimensions()  # some writers store a wrong size
            size = _Size(path)
            for number, values in enumerate(ws.iter_rows(min_row=1, values_only=True), start=1):
                size.add(number, len(values))
                cells = [cell_text(v) for v in values]
                if any(c.strip() for c in cells):
                    records.append((number, cells))
        except ImportFailed:
            raise
        except Exception as exc:  # noqa: BLE001 - truncated or corrupt sheet XML
            raise ImportFailed(
                f"{path}: sheet '{name}' is damaged ({type(exc).__name__}: {one_line(exc)}); "
                "open the workbook in Excel and save it again, or export the sheet as CSV."
            ) from None
    finally:
        book.close()
    width = max((len(c) for _, c in records), default=0)
    records = [(n, c + [""] * (width - len(c))) for n, c in records]
    return Grid(records, "utf-8", "", "xlsx", sheet=name)


def cell_text(value: Any) -> str:
    """A cell's value as the text a person would type: ISO dates, whole numbers
    without '.0', TRUE/FALSE, line breaks as \\n."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        text = value.isoformat(sep=" ")
        return text[:19] if value.microsecond == 0 else text
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, int):
        return str(value)
    return str(value).replace("\r\n", "\n").replace("\r", "\n")
