"""Codings CSV: ``source,coder,code,start,end,memo`` — the source by name, the
code by path, offsets as half-open code-point offsets into the source's text.
Unknown codes and coders are created; unknown sources are an error.  The whole
file is checked before anything is written."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from coding import codebook, coders, codings
from coding.errors import TandemError
from coding.text import whole_number
from importers.csv_table import read_table, require_columns
from importers.errors import ImportFailed
from storage.bulk import paused_gc
from storage.models import Source

REQUIRED = ["source", "coder", "code", "start", "end"]
OPTIONAL = ["memo"]


@dataclass(slots=True)
class CodingRow:
    row: int
    source: str
    coder: str
    code: str
    start: int
    end: int
    memo: str


def parse(path: Path) -> list[CodingRow]:
    with paused_gc():
        return _parse(path)


def _parse(path: Path) -> list[CodingRow]:
    table = read_table(path)
    require_columns(table, REQUIRED, OPTIONAL)
    at = {name: table.header.index(name) for name in table.header}
    i_source, i_coder, i_code, i_start, i_end = (at[name] for name in REQUIRED)
    i_memo = at.get("memo")
    out = []
    paths: dict[str, str] = {}  # each code's path checked once, not once a row
    for number, cells in table.rows:
        source, coder, code = cells[i_source], cells[i_coder], cells[i_code]
        if not (source.strip() and coder.strip() and code.strip()):
            empty = next(col for col, value in zip(("source", "coder", "code"), (source, coder, code))
                         if not value.strip())
            raise ImportFailed(f"{path}: row {number}: the {empty} column is empty.")
        try:
            start, end = whole_number(cells[i_start]), whole_number(cells[i_end])
        except ValueError:
            raise ImportFailed(f"{path}: row {number}: start and end must be whole numbers (got "
                               f"'{cells[i_start]}', '{cells[i_end]}').") from None
        if code not in paths:
            try:
                paths[code] = "/".join(codebook.split_path(code))
            except TandemError as exc:
                raise ImportFailed(f"{path}: row {number}: {exc}") from None
        out.append(CodingRow(number, source, coder.strip(), paths[code], start, end,
                             cells[i_memo] if i_memo is not None else ""))
    return out


def _sources(session: Session, where: dict[str, str]) -> dict[str, Source]:
    """The sources named, by name — or by original file name ("interview3.docx")
    where one source has it; read in one query, without their texts."""
    from sqlalchemy import func, select
    from sqlalchemy.orm import defer

    lean = select(Source).options(defer(Source.text))
    names = list(where)
    found = {s.name: s for at in range(0, len(names), 500)
             for s in session.scalars(lean.where(Source.name.in_(names[at:at + 500])))}
    for name in [n for n in where if n not in found]:  # in the order of the file
        by_file = list(session.scalars(lean.where(func.lower(Source.original_filename) == name.strip().lower())))
        if len(by_file) == 1:
            found[name] = by_file[0]
        elif by_file:
            raise ImportFailed(f"{where[name]}: '{name}' is the file of several sources "
                               f"({', '.join(s.name for s in by_file)}); write the source's name instead.")
        else:
            raise ImportFailed(f"{where[name]}: there is no source '{name}' (by name or by file name); "
                               "import it first.")
    return found


def write(session: Session, rows: list[CodingRow], path: Path) -> tuple[int, int]:
    """Apply every row; returns (applied, already present).  Validates all rows
    against the project before the first write."""
    first_row: dict[str, str] = {}
    for row in rows:
        first_row.setdefault(row.source, f"{path}: row {row.row}")
    source_by_name = _sources(session, first_row)
    length = {name: (src.name, src.n_chars) for name, src in source_by_name.items()}
    found: dict[str, object] = {}
    for row in rows:
        name, n_chars = length[row.source]
        if not (0 <= row.start < row.end <= n_chars):
            raise ImportFailed(
                f"{path}: row {row.row}: offsets {row.start}–{row.end} do not fit '{name}' "
                f"({n_chars} characters; start must be below end)."
            )
        if row.code not in found:
            found[row.code] = codebook.find_code(session, row.code)
            code = found[row.code]
            if code is not None and not code.codable:
                raise ImportFailed(f"{path}: row {row.row}: '{row.code}' is a grouping and cannot be applied.")
    coder_by_name: dict[str, object] = {}
    items = []
    for row in rows:
        try:
            if found[row.code] is None:  # a new code: made once, then found like the others
                found[row.code] = codebook.ensure_path(session, row.code)
            if row.coder not in coder_by_name:
                coder_by_name[row.coder] = coders.ensure_coder(session, row.coder)
        except TandemError as exc:
            raise ImportFailed(f"{path}: row {row.row}: {exc}") from None
        items.append(codings.NewCoding(source_by_name[row.source], found[row.code],
                                       coder_by_name[row.coder], row.start, row.end, row.memo))
    applied = codings.apply_codings(session, items, skip_existing=True)
    return applied, len(items) - applied
