"""Codebook CSV export (the format ``importers.codebook_csv`` reads)."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from coding import codebook
from exporters.csv_out import write_csv

BASE_COLUMNS = ["code", "description", "colour"]
# Written only when some code differs from the default, so a plain codebook
# stays the three columns researchers expect.
EXTRA_COLUMNS = {"codable": True, "exclusive": False, "inclusion": "", "exclusion": "", "example": "", "summary": ""}


def _cell(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def export(session: Session, path: Path) -> int:
    codes = [code for code, _ in codebook.walk(session)]
    extras = [k for k, default in EXTRA_COLUMNS.items() if any(getattr(c, k) != default for c in codes)]
    header = BASE_COLUMNS + extras
    rows = (
        [codebook.path_of(c), c.description, c.colour] + [_cell(getattr(c, k)) for k in extras]
        for c in codes
    )
    return write_csv(path, header, rows)
