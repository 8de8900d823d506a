"""Codebook CSV: ``code,description,colour`` (+ optional ``codable``,
``exclusive``, ``inclusion``, ``exclusion``, ``example``, ``summary``: a theme's description for
the theme table), the code written as
its path ``Category/Theme/Code``.  Parents may have rows of their own; missing
ones are created."""
from __future__ import annotations

from dataclasses import dataclass, field
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


@dataclass
class Plan:
    """A codebook CSV read and checked, for the import dialog (which shows
    ``summary()`` before anything is written, as for a REFI-QDA file)."""

    file: str
    rows: list[CodeRow]

    def summary(self) -> list[str]:
        defined = sum(1 for r in self.rows if (r.fields.get("description") or "").strip())
        columns = sorted({k for r in self.rows for k in r.fields})
        return [f"{Path(self.file).name}: a codebook of {len(self.rows)} codes, {defined} with a definition "
                f"(columns: code, {', '.join(columns) or 'no others'}).",
                "Codes the project has already (by their path) get the file's values; the others are created, "
                "with any parent the file names but does not list."]


@dataclass
class Report:
    file: str
    created: dict = field(default_factory=dict)  # what -> how many (as the REFI-QDA report says it)
    updated: int = 0

    def lines(self) -> list[str]:
        return [f"{self.created.get('codes', 0)} codes created, {self.updated} updated from {Path(self.file).name}."]


def read_plan(path: Path) -> Plan:
    return Plan(str(path), parse(Path(path)))


def write_plan(session: Session, plan: Plan, _progress=None) -> Report:
    """``write``, as the import dialog calls it (a codebook is written at once: no progress to report)."""
    created, updated = write(session, plan.rows)
    return Report(plan.file, {"codes": created}, updated)
