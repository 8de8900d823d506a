"""Codings CSV: ``source,coder,code,start,end,memo`` — the source by name, the
code by path, offsets as half-open code-point offsets into the source's text.
Unknown codes and coders are created; unknown sources are an error.  The whole
file is checked before anything is written."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from coding import codebook, coders, codings, sources
from coding.errors import TandemError
from coding.text import whole_number
from importers.csv_table import read_table, require_columns
from importers.errors import ImportFailed
from storage.models import Source

REQUIRED = ["source", "coder", "code", "start", "end"]
OPTIONAL = ["memo"]


@dataclass
class CodingRow:
    row: int
    source: str
    coder: str
    code: str
    start: int
    end: int
    memo: str


def parse(path: Path) -> list[CodingRow]:
    table = read_table(path)
    require_columns(table, REQUIRED, OPTIONAL)
    out = []
    paths: dict[str, str] = {}  # each code's path checked once, not once a row
    for number, cells in table.rows:
        r = dict(zip(table.header, cells))
        where = f"{path}: row {number}"
        for col in ("source", "coder", "code"):
            if not r[col].strip():
                raise ImportFailed(f"{where}: the {col} column is empty.")
        try:
            start, end = whole_number(r["start"]), whole_number(r["end"])
        except ValueError:
            raise ImportFailed(
                f"{where}: start and end must be whole numbers (got '{r['start']}', '{r['end']}')."
            ) from None
        if r["code"] not in paths:
            try:
                paths[r["code"]] = "/".join(codebook.split_path(r["code"]))
            except TandemError as exc:
                raise ImportFailed(f"{where}: {exc}") from None
        code_path = paths[r["code"]]
        out.append(CodingRow(number, r["source"], r["coder"].strip(), code_path, start, end, r.get("memo", "")))
    return out


def _source(session: Session, name: str, where: str) -> Source:
    """The source of that name — or of that original file name ("interview3.docx"), when one source has it."""
    from sqlalchemy import func, select

    found = sources.find_source(session, name)
    if found is not None:
        return found
    by_file = list(session.scalars(select(Source).where(func.lower(Source.original_filename) == name.strip().lower())))
    if len(by_file) == 1:
        return by_file[0]
    if by_file:
        raise ImportFailed(f"{where}: '{name}' is the file of several sources ({', '.join(s.name for s in by_file)}); "
                           "write the source's name instead.")
    raise ImportFailed(f"{where}: there is no source '{name}' (by name or by file name); import it first.")


def write(session: Session, rows: list[CodingRow], path: Path) -> tuple[int, int]:
    """Apply every row; returns (applied, already present).  Validates all rows
    against the project before the first write."""
    source_by_name: dict[str, Source] = {}
    found: dict[str, object] = {}
    for row in rows:
        where = f"{path}: row {row.row}"
        if row.source not in source_by_name:
            source_by_name[row.source] = _source(session, row.source, where)
        src = source_by_name[row.source]
        if not (0 <= row.start < row.end <= len(src.text)):
            raise ImportFailed(
                f"{where}: offsets {row.start}–{row.end} do not fit '{src.name}' "
                f"({len(src.text)} characters; start must be below end)."
            )
        if row.code not in found:
            found[row.code] = codebook.find_code(session, row.code)
        code = found[row.code]
        if code is not None and not code.codable:
            raise ImportFailed(f"{where}: '{row.code}' is a grouping and cannot be applied.")
    codes: dict[str, object] = {}
    coder_by_name: dict[str, object] = {}
    items = []
    for row in rows:
        try:
            if row.code not in codes:
                codes[row.code] = codebook.ensure_path(session, row.code)
            if row.coder not in coder_by_name:
                coder_by_name[row.coder] = coders.ensure_coder(session, row.coder)
        except TandemError as exc:
            raise ImportFailed(f"{path}: row {row.row}: {exc}") from None
        items.append(codings.NewCoding(source_by_name[row.source], codes[row.code],
                                       coder_by_name[row.coder], row.start, row.end, row.memo))
    applied = codings.apply_codings(session, items, skip_existing=True)
    return applied, len(items) - applied
