"""The reconciliation decisions log written to a file: CSV (machine-readable),
XLSX (a filterable sheet) or DOCX (a table for a manuscript appendix).

``export_decisions`` picks the writer from the file's extension and, like the
agreement report, builds the file under a temporary name next to the target,
moving it into place only when it is complete: an error never leaves a
half-written file nor replaces a good one.  One decision a row, in the order
given.  Qt-free.
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any, Optional

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from exporters.agreement_xlsx import BOLD, HEADER_FILL, RULE
from exporters.atomic import check_target, write_atomically
from exporters.csv_out import write_csv
from exporters.docx_table import caption, cell_text, new_document, new_table, set_widths, whole_row, word_text
from exporters.sheet_cells import sheet_cell

FORMATS = (".csv", ".xlsx", ".docx")
COLUMNS = ["decided_at", "discrepancy_id", "class", "code", "source", "coder_a", "coder_b",
           "a_spans", "b_spans", "choice", "rationale", "decided_by", "status", "reopened_by",
           "reopened_at", "reopen_reason", "consensus_codings_added", "decision_uuid"]
CLASS_LABELS = {"a_only": "A only", "b_only": "B only", "boundary": "boundary",
                "different_code": "different code"}
SPAN_SEP = "; "
# XLSX: (width, wrapped) per column; widths in characters
XLSX_LAYOUT = {"decided_at": (26, False), "discrepancy_id": (16, False), "class": (15, False),
               "code": (32, True), "source": (24, True), "coder_a": (16, False),
               "coder_b": (16, False), "a_spans": (18, True), "b_spans": (18, True),
               "choice": (11, False), "rationale": (60, True), "decided_by": (16, False),
               "status": (12, False), "reopened_by": (16, False), "reopened_at": (26, False),
               "reopen_reason": (40, True), "consensus_codings_added": (25, False),
               "decision_uuid": (38, False)}
# DOCX, on a landscape page (9 inches of text): (title, width in inches)
DOCX_COLUMNS = [("Code", 1.9), ("Source", 1.2), ("Class", 0.85), ("Choice", 1.15),
                ("Rationale", 2.15), ("Decided by", 0.8), ("Date", 0.95)]
LANDSCAPE_TEXT_WIDTH = 9.0


def check_path(path: Path) -> str:
    """The format (".csv", ".xlsx" or ".docx") ``path`` asks for; ExportFailed when
    there is none or ``path`` is a folder."""
    return check_target(path, "the decisions log", FORMATS)


def export_decisions(rows: list[dict], path: Path, methods: str = "") -> Path:
    """Write the decisions ``rows`` to ``path`` as CSV, XLSX or DOCX (by extension,
    in any case); returns the path.  ``methods``, when given, goes on a "Methods"
    sheet (XLSX) or before the table (DOCX); the CSV holds the rows only."""
    path = Path(path)
    suffix = check_path(path)
    if suffix == ".csv":
        write_csv(path, COLUMNS, (record(row) for row in rows))
        return path
    writer = _write_xlsx if suffix == ".xlsx" else _write_docx
    return write_atomically(path, lambda tmp: writer(rows, methods, tmp))


# ----------------------------------------------------------------------------
# A decision as a record
# ----------------------------------------------------------------------------

def split_basis(row: dict) -> tuple[list[dict], list[dict]]:
    """(coder A's, coder B's) basis codings.  A's come first: the entries of the
    first entry's coder are A's, the others B's; for b_only all are B's."""
    basis = list(row.get("basis") or [])
    if not basis or row["class"] == "b_only":
        return [], basis
    first = basis[0].get("coder_uuid")
    return ([b for b in basis if b.get("coder_uuid") == first],
            [b for b in basis if b.get("coder_uuid") != first])


def spans_text(basis: list[dict]) -> str:
    """Spans as "start–end" joined by "; "."""
    return SPAN_SEP.join(f"{b['start']}–{b['end']}" for b in basis)


def record(row: dict) -> list[Any]:
    """The values of ``row`` under COLUMNS (raw: class as stored, None as None)."""
    a_basis, b_basis = split_basis(row)
    return [row.get("decided_at"), row["discrepancy_id"], row["class"], row.get("code"),
            row.get("source"), row.get("coder_a"), row.get("coder_b"), spans_text(a_basis),
            spans_text(b_basis), row["choice"], row.get("rationale"), row.get("decided_by"),
            row.get("status"), row.get("reopened_by"), row.get("reopened_at"),
            row.get("reopen_reason"), len(row.get("created") or []), row.get("uuid")]


def class_label(value: Optional[str]) -> str:
    return CLASS_LABELS.get(value or "", value or "")


def date_text(value: Optional[str]) -> str:
    """The calendar date (YYYY-MM-DD) of an ISO 8601 time, as written there."""
    if not value:
        return ""
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        return value[:10]


def summary(rows: list[dict]) -> str:
    """How many decisions there are and who made them, as a sentence."""
    if not rows:
        return "No decisions recorded."
    names: list[str] = []
    for row in rows:
        name = row.get("decided_by")
        if name and name not in names:
            names.append(name)
    text = f"{len(rows)} decision{'s' if len(rows) != 1 else ''}"
    if names:
        text += " by " + (names[0] if len(names) == 1
                          else ", ".join(names[:-1]) + " and " + names[-1])
    states: dict[str, int] = {}
    for row in rows:
        if row.get("status") and row["status"] != "decided":
            states[row["status"]] = states.get(row["status"], 0) + 1
    if states:
        text += " (" + ", ".join(f"{n} {s}" for s, n in states.items()) + ")"
    return text + "."


# ----------------------------------------------------------------------------
# XLSX
# ----------------------------------------------------------------------------

def _write_xlsx(rows: list[dict], methods: str, path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Decisions"
    for col, title in enumerate(COLUMNS, start=1):
        cell = sheet_cell(sheet, 1, col, title)
        cell.font, cell.fill, cell.border = BOLD, HEADER_FILL, RULE
        cell.alignment = Alignment(vertical="bottom")
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    for r, row in enumerate(rows, start=2):
        values = record(row)
        values[COLUMNS.index("class")] = class_label(row["class"])
        for col, (name, value) in enumerate(zip(COLUMNS, values), start=1):
            cell = sheet_cell(sheet, r, col, value)
            cell.alignment = wrap if XLSX_LAYOUT[name][1] else top
    for col, name in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = XLSX_LAYOUT[name][0]
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{len(rows) + 1}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    if methods.strip():
        _methods_sheet(book.create_sheet("Methods"), methods.strip())
    book.save(path)


def _methods_sheet(sheet: Worksheet, methods: str) -> None:
    sheet_cell(sheet, 1, 1, "Methods").font = Font(bold=True, size=14)
    cell = sheet_cell(sheet, 3, 1, methods)
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 110
    sheet.row_dimensions[3].height = 15 * (len(methods) // 110 + 1 + methods.count("\n"))


# ----------------------------------------------------------------------------
# DOCX
# ----------------------------------------------------------------------------

def docx_cells(row: dict) -> list[str]:
    """Code, Source, Class, Choice, Rationale, Decided by, Date of one decision;
    a decision no longer in force says so beside its choice."""
    choice = choice_words(row)
    if row.get("status") and row["status"] != "decided":
        choice += f" ({row['status']})"
    code = (row.get("code") or "").replace("/", " › ")  # breaks between levels, not inside words
    return [code, row.get("source") or "", class_label(row["class"]), choice,
            row.get("rationale") or "", row.get("decided_by") or "",
            date_text(row.get("decided_at"))]


def choice_words(row: dict) -> str:
    """A choice as a reader of the manuscript's appendix reads it."""
    a, b = row.get("coder_a") or "A", row.get("coder_b") or "B"
    return {"accept-a": f"Kept {a}'s coding", "accept-b": f"Kept {b}'s coding", "both": "Kept both",
            "neither": "Kept neither", "edit": "New boundaries"}.get(row.get("choice") or "", row.get("choice") or "")


def _write_docx(rows: list[dict], methods: str, path: Path) -> None:
    from docx.enum.section import WD_ORIENT

    doc = new_document()
    for section in doc.sections:  # a seven-column log reads best across a landscape page
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    doc.add_heading("Reconciliation decisions", level=1)
    doc.add_paragraph(summary(rows))
    if methods.strip():
        doc.add_paragraph(word_text(methods.strip()))
    caption(doc, 1, "Reconciliation decisions, one row per decision")
    titles = [t for t, _ in DOCX_COLUMNS]
    widths = [w for _, w in DOCX_COLUMNS]
    table = new_table(doc, titles, widths, [False] * len(titles))
    for row in rows:
        cells = whole_row(table).cells
        for cell, text in zip(cells, docx_cells(row)):
            cell_text(cell, text)
    set_widths(table, widths)
    doc.save(str(path))
