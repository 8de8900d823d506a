"""Reading a CSV file into a header and rows, with a clear message for every
way a CSV can be wrong."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from importers import limits
from importers.errors import ImportFailed
from importers.files import decode, read_bytes

limits.allow_long_csv_fields()  # a description or memo may be longer than Python's default 131,072

DELIMITERS = (",", ";", "\t")


@dataclass
class Table:
    path: Path
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (spreadsheet row number, cells); the header is row 1
    delimiter: str
    encoding: str

    def column(self, name: str) -> int:
        return self.header.index(name)


def _sniff_delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in DELIMITERS}
    best = max(counts, key=counts.get)
    return best if counts[best] > 0 else ","


FORMULA_FIRST = ("=", "+", "-", "@", "\t", "\r")


def unguard(cell: str) -> str:
    """A cell as written before Tandem's exports guarded it against
    spreadsheets ("'=x" back to "=x"; ``exporters.sheet_cells.csv_safe``)."""
    return cell[1:] if cell.startswith("'") and cell[1:2] and cell[1] in "=+-@\t\r" else cell


def read_table(path: Path) -> Table:
    data = read_bytes(path)
    decoded = decode(data, path)
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
    delimiter = _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        records = []
        line = 1
        for cells in reader:
            records.append((line, cells))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise ImportFailed(
            f"{path}: line {reader.line_num} is not valid CSV ({exc}); "
            "check for a stray quote character."
        ) from None
    records = [(n, cells) for n, cells in records if "".join(cells).strip()]  # rows with any text
    if not records:
        raise ImportFailed(f"{path} has no rows.")
    header = [h.strip() for h in records[0][1]]
    rows = []
    for number, (_, cells) in enumerate(records[1:], start=2):
        if len(cells) != len(header):
            other = next((d for d in DELIMITERS if d != delimiter and d in "".join(cells)), None)
            hint = f" — is the delimiter '{other}'?" if other else " — is a field missing or a quote unclosed?"
            raise ImportFailed(
                f"{path}: row {number} has {len(cells)} fields but the header has {len(header)}{hint}"
            )
        guarded = "'" in "".join(cells) and any(c[:1] == "'" for c in cells)
        rows.append((number, [unguard(c) for c in cells] if guarded else cells))
    return Table(path, header, rows, delimiter, decoded.encoding)


def require_columns(table: Table, required: list[str], optional: list[str]) -> None:
    missing = [c for c in required if c not in table.header]
    if missing:
        raise ImportFailed(
            f"{table.path}: missing column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)}; the header must hold {', '.join(required)} "
            f"(found: {', '.join(table.header) or 'nothing'})."
        )
    unknown = [c for c in table.header if c not in required and c not in optional]
    if unknown:
        raise ImportFailed(
            f"{table.path}: unknown column{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}; "
            f"expected {', '.join(required + optional)}."
        )
    dupes = {c for c in table.header if table.header.count(c) > 1}
    if dupes:
        raise ImportFailed(f"{table.path}: column {', '.join(sorted(dupes))} appears twice.")


def parse_bool(value: str, where: str) -> bool:
    v = value.strip().lower()
    if v in ("yes", "true", "1", "y"):
        return True
    if v in ("no", "false", "0", "n"):
        return False
    raise ImportFailed(f"{where}: '{value}' is not yes or no.")
