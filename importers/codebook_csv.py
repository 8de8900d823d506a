"""Codebook CSV: ``code,description,colour`` (+ optional ``codable``,
``exclusive``, ``inclusion``, ``exclusion``, ``example``, ``summary``: a theme's description for
the theme table), the code written as
its path ``Category/Theme/Code``.  Parents may have rows of their own; missing
ones are created."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coding import codebook, colours
from coding.errors import TandemError
from importers.csv_table import parse_bool, read_table, require_columns
from importers.errors import ImportFailed
from storage.models import Code

REQUIRED = ["code"]
OPTIONAL = ["description", "colour", "codable", "exclusive", "inclusion", "exclusion", "example", "summary"]
TEXT_FIELDS = ("description", "inclusion", "exclusion", "example", "summary")


@dataclass
class CodeRow:
    row: int
    path: str
    fields: dict  # only the columns the file has


def parse(path: Path) -> list[CodeRow]:
    table = read_table(path)
    require_columns(table, REQUIRED, OPTIONAL)
    out, seen = [], {}
    for number, cells in table.rows:
        record = dict(zip(table.header, cells))
        where = f"{path}: row {number}"
        raw = record["code"].strip()
        if not raw:
            raise ImportFailed(f"{where}: the code column is empty.")
        try:
            parts = codebook.split_path(raw)
        except TandemError as exc:
            raise ImportFailed(f"{where}: {exc}") from None
        norm = "/".join(parts)
        if norm.casefold() in seen:
            raise ImportFailed(f"{where}: '{norm}' is already listed on row {seen[norm.casefold()]}.")
        seen[norm.casefold()] = number
        fields: dict = {k: record[k] for k in TEXT_FIELDS if k in record}
        colour = record.get("colour", "").strip()
        if colour:
            if not colours.is_colour(colour):
                raise ImportFailed(f"{where}: '{colour}' is not a colour; write it as #RRGGBB.")
            fields["colour"] = colour
        for flag in ("codable", "exclusive"):
            if record.get(flag, "").strip():
                fields[flag] = parse_bool(record[flag], f"{where}, column {flag}")
        out.append(CodeRow(number, norm, fields))
    return out


def write(session: Session, rows: list[CodeRow]) -> tuple[int, int]:
    """Create or update the codes; returns (created, updated).  Parents a row
    names but the file does not list are created too and counted."""
    before = session.scalar(select(func.count(Code.id))) or 0
    updated = 0
    for row in rows:
        existing: Optional[Code] = codebook.find_code(session, row.path)
        try:
            code = existing or codebook.ensure_path(session, row.path)
            changes = {k: v for k, v in row.fields.items() if getattr(code, k) != v}
            if "colour" in changes and changes["colour"].upper() == code.colour:
                changes.pop("colour")
            if changes:
                codebook.update_code(session, code, **changes)
                if existing is not None:
                    updated += 1
        except TandemError as exc:
            raise ImportFailed(f"row {row.row}: {exc}") from None
    created = (session.scalar(select(func.count(Code.id))) or 0) - before
    return created, updated
