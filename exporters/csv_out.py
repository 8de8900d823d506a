"""Writing CSV files atomically: a half-written export never replaces a good
file, and no text cell is written so that a spreadsheet would run it as a
formula (``exporters.sheet_cells.csv_safe``: a leading "'", which Tandem's
own CSV readers take off again)."""
from __future__ import annotations

import csv
from pathlib import Path
from typing import Iterable, Sequence

from exporters.atomic import write_atomically
from exporters.sheet_cells import csv_row


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """Write ``header`` and ``rows`` as UTF-8 CSV; returns the number of rows.
    An unwritable place raises ``ExportFailed`` naming ``path`` (never the temporary file)."""
    count = [0]

    def write(tmp: Path) -> None:
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(csv_row(header))
            for row in rows:
                writer.writerow(csv_row(row))
                count[0] += 1

    write_atomically(Path(path), write)
    return count[0]
