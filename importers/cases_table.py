"""A table of cases to import (``tandem cases import``, the Cases view): one
row a case, one column an attribute, as CSV or an Excel workbook.  The case
column is the one headed case, id, participant, respondent or name (else the
first); an empty cell changes nothing.  Read and checked whole before
anything is written; every problem is one message naming the row."""
from __future__ import annotations

from pathlib import Path

from importers.errors import ImportFailed
from importers.files import read_bytes

CASE_HEADERS = ("case", "id", "participant", "respondent", "name", "case id", "participant id")


def read_cases(path: Path) -> dict[str, dict[str, str]]:
    """{case: {attribute: value}} (values as written; empty cells left out)."""
    from importers.surveys.grid import looks_like_xlsx, read_csv_grid, read_xlsx_grid, refuse_legacy_excel

    path = Path(path)
    data = read_bytes(path)
    if path.suffix.lower() == ".xls" or not looks_like_xlsx(path, data):
        if path.suffix.lower() in (".xls", ".xlsx"):
            refuse_legacy_excel(path, data)
        grid = read_csv_grid(path, data)
    else:
        grid = read_xlsx_grid(path, data)
    if not grid.records:
        raise ImportFailed(f"{path} has no rows; put one case a row, with a header row naming the attributes.")
    header = [h.strip() for h in grid.records[0][1]]
    if len(header) < 2:
        raise ImportFailed(f"{path}: the header row names no attribute; put the case in the first column and one "
                           "attribute a column after it.")
    key = next((i for i, h in enumerate(header) if h.casefold() in CASE_HEADERS), 0)
    blank = [i + 1 for i, h in enumerate(header) if not h and i != key]
    if blank:
        raise ImportFailed(f"{path}: column {blank[0]} has no name in the header row; name it or delete it.")
    seen: dict[str, int] = {}
    table: dict[str, dict[str, str]] = {}
    for number, cells in grid.records[1:]:
        cells = list(cells) + [""] * (len(header) - len(cells))
        name = cells[key].strip()
        if not name:
            raise ImportFailed(f"{path}: {grid.where(number)} has no case in its '{header[key] or 'first'}' column.")
        if name.casefold() in seen:
            raise ImportFailed(f"{path}: case '{name}' is on {grid.where(seen[name.casefold()])} and again on "
                               f"{grid.where(number)}; keep one row a case.")
        seen[name.casefold()] = number
        table[name] = {h: cells[i].strip() for i, h in enumerate(header) if i != key and cells[i].strip()}
    return table
