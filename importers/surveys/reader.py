"""Reading a survey export (CSV or XLSX from Google Forms, Qualtrics,
SurveyMonkey, REDCap or a plain sheet) into a classified ``SurveyTable``.

* ``read_survey`` reads the file, recognises the platform and its header rows
  (``layout.py``), combines REDCap checkbox columns (``redcap.py``) and gives
  every column a role (``classify.py``).
* ``apply_overrides`` applies the user's choices.
* ``describe`` says, one line per decision, what was decided and why.

Rows: ``SurveyTable.rows`` holds the responses only (not the header rows), as
``(row number, cells)``; the row number is what a spreadsheet shows (the first
header row is row 1; a multi-line answer is one row).  Cells are the text as
written (curly quotes, ellipses and surrounding spaces kept) with line breaks
normalised to ``\\n``; blank rows are left out.  For XLSX files the table's
``delimiter`` is ``""``.

Respondent ids: at most one column gets the role ``id``.  When there is none
(a Google Form, or a plain sheet without an id-like column) the table has no
``id`` column and a note says so; the caller numbers the respondents in row
order (``survey_build.respondent_ids``: ``<file>-R0001``, ``<file>-R0002``...).
A platform's own id column (Qualtrics ResponseId, SurveyMonkey Respondent ID,
REDCap record id) must be filled and unique, else ``read_survey`` fails; an id
found only by its name or content is used only when it is unique.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Optional

from coding.cases import infer_type
from importers.errors import ImportFailed
from importers import limits
from importers.files import read_bytes
from importers.surveys import classify as cl
from importers.surveys import redcap
from importers.surveys.grid import (DELIMITER_NAMES, DELIMITERS, Grid, looks_like_xlsx, read_csv_grid,
                                    read_xlsx_grid, refuse_legacy_excel)
from importers.surveys.layout import Draft, Layout, detect
from importers.surveys.model import Column, SurveyTable

MAX_SURVEY_BYTES = limits.MAX_SURVEY_BYTES  # read here at each call, so a test may lower it


def read_survey(path: Path, dictionary: Optional[Path] = None, sheet: Optional[str] = None) -> SurveyTable:
    """Read and classify a survey export; raises ImportFailed with the file, the
    row and a likely fix for anything that cannot be read."""
    path = Path(path)
    data = read_bytes(path, limit=MAX_SURVEY_BYTES)
    refuse_legacy_excel(path, data)
    notes: list[str] = []
    if looks_like_xlsx(path, data):
        grid = read_xlsx_grid(path, data, sheet)
        notes.append(f"read sheet '{grid.sheet}'")
    else:
        grid = read_csv_grid(path, data)
        if sheet is not None:
            notes.append(f"'{sheet}' names a sheet, but a CSV file has none; ignored")
    fields = redcap.read_dictionary(dictionary) if dictionary is not None else None
    if not grid.records:
        raise ImportFailed(f"{path} is empty; there is nothing to import.")
    records = _aligned(path, grid)
    layout = detect(records, has_dictionary=fields is not None)
    data_records = records[layout.header_rows:]
    if not data_records:
        what = "header row" if layout.header_rows == 1 else f"{layout.header_rows} header rows"
        raise ImportFailed(
            f"{path} has only its {what} and no responses; export the survey again "
            "once it has responses (or check the export's filters)."
        )
    drafts, rows = _drop_empty_trailing(layout, records, data_records, notes)
    if layout.platform == "redcap":
        for d in drafts:
            if fields and d.name in fields:
                d.question = fields[d.name].label
        drafts, rows = redcap.combine_checkboxes(drafts, rows, fields)
        labelled = redcap.label_choices(drafts, rows, fields)
        if labelled:
            notes.append(f"{labelled} radio/dropdown column(s) written with their choice labels "
                         "from the data dictionary")
    notes[:0] = layout.notes
    notes.append(f"responses start on row {data_records[0][0]}")
    _classify(drafts, rows, layout, fields, notes)
    numbers = [n for n, _ in data_records]
    _check_platform_id(path, drafts, rows, numbers, layout.platform)
    columns = [Column(j, d.name, d.question, d.role, d.value_type if d.role in ("attribute", "group") else None,
                      d.reason) for j, d in enumerate(drafts)]
    table = SurveyTable(layout.platform, columns, list(zip(numbers, rows)), encoding=grid.encoding,
                        delimiter=grid.delimiter, notes=notes)
    if fields is not None and layout.platform != "redcap":
        table.notes.append("the data dictionary applies to REDCap exports only; ignored")
    _role_notes(table)
    _remember_path(table, path)
    return table


# Each front end adds how its people choose a column (the dialog's Role column, the command line's
# --id-column and --text-columns): the importer names the choice, not the controls of one front end.
NO_ID = ("no respondent id column: respondents are numbered in row order (FILE-R0001, FILE-R0002..., "
         "FILE being the file's name without its extension) when imported; to use a column, make it the "
         "respondent id")
NO_TEXT = "no free-text column found; choose the columns to code"


def with_how(text: str, id_how: str, text_how: str) -> str:
    """``text`` with, after each note that names a choice of columns, how the
    front end showing it makes that choice (in its own words)."""
    return text.replace(NO_ID, f"{NO_ID} ({id_how})").replace(NO_TEXT, f"{NO_TEXT} ({text_how})")


def _role_notes(table: SurveyTable) -> None:
    """The notes about a missing id or missing free text, kept true after overrides."""
    table.notes[:] = [n for n in table.notes if n not in (NO_ID, NO_TEXT)]
    if not table.by_role("id"):
        table.notes.append(NO_ID)
    if not table.by_role("text"):
        table.notes.append(NO_TEXT)


# --- shape ----------------------------------------------------------------------------


def _aligned(path: Path, grid: Grid) -> list[tuple[int, list[str]]]:
    """Every record cut or padded to the first header row's width; a row with
    more or fewer real fields than the header is an error."""
    header = grid.records[0][1]
    width = len(header)
    out = []
    for number, cells in grid.records:
        more = len(cells) > width and any(c.strip() for c in cells[width:])
        if more or (len(cells) < width and any(h.strip() for h in header[len(cells):])):
            n = len(cells)
            raise ImportFailed(f"{path}: {grid.where(number)} has {n} field{'s' if n != 1 else ''} but the "
                               f"header has {width} — {_hint(cells, grid.delimiter, more=more)}")
        out.append((number, (cells + [""] * (width - len(cells)))[:width]))
    return out


def _hint(cells: list[str], delimiter: str, more: bool) -> str:
    joined = delimiter.join(cells)
    for other in DELIMITERS:
        if other != delimiter and joined.count(other) >= 2:
            return f"is the delimiter {DELIMITER_NAMES[other]}?"
    if more:
        return f"does an answer contain a {DELIMITER_NAMES.get(delimiter, 'delimiter')} without quotes around it?"
    return "is a field missing, or a quote left open in the row above?"


def _drop_empty_trailing(layout: Layout, records, data_records, notes) -> tuple[list[Draft], list[list[str]]]:
    """Leave out columns at the right that are empty in the header rows and in
    every response (a trailing comma on every line)."""
    width = len(layout.drafts)
    header_cells = [cells for _, cells in records[:layout.header_rows]]
    while width > 0 and all(not c[width - 1].strip() for c in header_cells) and \
            all(not cells[width - 1].strip() for _, cells in data_records):
        width -= 1
    if width < len(layout.drafts):
        dropped = len(layout.drafts) - width
        notes.append(f"left out {dropped} empty column{'s' if dropped > 1 else ''} at the end of every row "
                     "(a trailing delimiter)")
    return layout.drafts[:width], [cells[:width] for _, cells in data_records]


# --- classification -------------------------------------------------------------------


def _classify(drafts: list[Draft], rows: list[list[str]], layout: Layout, fields, notes: list[str]) -> None:
    platform = layout.platform
    has_id = any(d.role == "id" for d in drafts)
    has_group = False
    seen: dict[tuple[str, tuple[str, ...]], int] = {}  # (header, cells) -> column
    for j, d in enumerate(drafts):
        limits.tick()
        values = [r[j] for r in rows]
        if d.role:  # decided already (a combined REDCap checkbox)
            if not any(v.strip() for v in values):
                d.role, d.value_type, d.reason = "ignore", None, "REDCap checkbox with nothing checked"
            continue
        why = cl.platform_id(d, platform, j) if not has_id else None
        if why:
            d.role, d.reason, has_id = "id", why, True
            continue
        why = cl.platform_metadata(d, platform)
        if why:
            d.role, d.reason = "metadata", why
            continue
        f = fields.get(d.name) if fields else None
        decided = redcap.classify_by_dictionary(f, values) if f is not None else None
        if decided:
            d.role, d.value_type, d.reason = decided
            continue
        why = cl.personal_data(d)
        if why:
            d.role, d.reason = "metadata", why
            continue
        if not cl.answers_of(values):
            d.role, d.value_type, d.reason = cl.classify_content(values)
            continue
        if platform == "redcap" and {v.strip() for v in values} <= {"", "[document]"}:
            d.role, d.reason = "ignore", "REDCap file upload: the export holds only '[document]' placeholders"
            continue
        content = tuple(v.strip() for v in values)
        copy_of = seen.get((d.name, content), seen.get((d.question, content)))
        if copy_of is not None:
            d.role, d.reason = "ignore", f"an exact copy of column {copy_of + 1}"
            continue
        seen[(d.name, content)] = seen[(d.question, content)] = j
        if not has_id and cl.id_by_name(d):
            if cl.unique_ids(values):
                d.role, d.reason, has_id = "id", "named like a respondent id; every value unique", True
                continue
            notes.append(f"'{d.name}' is named like a respondent id but {_first_problem(values)}, "
                         "so it is not used as the id")
        if not has_group and cl.is_group(d, values):
            d.role, d.value_type, has_group = "group", infer_type(values), True
            d.reason = f"named like a group; {len(set(cl.answers_of(values)))} different values"
            continue
        d.role, d.value_type, d.reason = cl.classify_content(values, d.open_ended)
    if not has_id and platform == "plain":
        for j, d in enumerate(drafts):
            if d.role in ("metadata", "ignore"):
                continue
            if cl.id_by_content([r[j] for r in rows]):
                d.role, d.value_type = "id", None
                d.reason = "first column: short values, every one unique"
            break


def _first_problem(values: list[str]) -> str:
    seen: dict[str, int] = {}
    for i, v in enumerate(values):
        v = v.strip()
        if not v:
            return f"response {i + 1} has none"
        if v in seen:
            return f"'{v}' appears twice"
        seen[v] = i
    return "its values are not unique"


def _check_ids(where: str, name: str, values: list[str], numbers: list[int], fix: str) -> None:
    seen: dict[str, int] = {}
    for v, number in zip(values, numbers):
        v = v.strip()
        if not v:
            raise ImportFailed(f"{where}row {number} has no respondent id in '{name}'; {fix}")
        if v in seen:
            raise ImportFailed(f"{where}row {number} repeats respondent {v} from row {seen[v]}; {fix}")
        seen[v] = number


def _check_platform_id(path: Path, drafts, rows, numbers, platform: str) -> None:
    """A platform's own id column must be filled and unique."""
    if platform not in ("qualtrics", "qualtrics-legacy", "surveymonkey", "redcap"):
        return
    for j, d in enumerate(drafts):
        if d.role != "id":
            continue
        if platform == "redcap" and any(x.name in ("redcap_event_name", "redcap_repeat_instrument")
                                        for x in drafts):
            fix = ("this REDCap export has one row per event or repeating instance; export a single event "
                   "without repeating instruments")
        else:
            fix = "remove the duplicate or empty row (was the export appended twice?)"
        _check_ids(f"{path}: ", d.name, [r[j] for r in rows], numbers, fix)


# --- the user's choices ---------------------------------------------------------------


def _remember_path(table: SurveyTable, path: Path) -> None:
    """The file a table came from, for messages (not a model field)."""
    table.__dict__["_source_path"] = path


def _where(table: SurveyTable) -> str:
    path = table.__dict__.get("_source_path")
    return f"{path}: " if path else ""


def find_column(table: SurveyTable, ref: str) -> Column:
    """A column by its name, its full question, or its 1-based number ("3");
    exact matches first, then ignoring case and spacing."""
    ref_s = str(ref).strip()

    def norm(s: str) -> str:
        return " ".join(s.split()).casefold()

    for test in (lambda c: c.name == ref_s, lambda c: c.question.strip() == ref_s,
                 lambda c: norm(c.name) == norm(ref_s) or norm(c.question) == norm(ref_s)):
        hits = [c for c in table.columns if test(c)]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            raise ImportFailed(
                f"{_where(table)}'{ref_s}' names {len(hits)} columns "
                f"({', '.join(str(c.index + 1) for c in hits)}); name the column by its number instead."
            )
    if ref_s.isdigit() and 1 <= int(ref_s) <= len(table.columns):
        return table.columns[int(ref_s) - 1]
    listing = "; ".join(f"{c.index + 1} {c.name}" for c in table.columns)
    raise ImportFailed(f"{_where(table)}there is no column '{ref_s}'; the columns are: {listing}.")


def apply_overrides(table: SurveyTable, id_column: Optional[str] = None, text_columns: Optional[list[str]] = None,
                    attr_columns: Optional[list[str]] = None, group_column: Optional[str] = None) -> SurveyTable:
    """A copy of ``table`` with the user's roles.  Only the columns named change;
    every other column keeps the role it was given.  Columns are named by ``name``,
    full ``question`` or 1-based number.  A new id column demotes the old one to
    metadata; a new group column demotes the old one to attribute.  The id column
    must be filled and unique.  Naming one column for two roles is an error."""
    out = SurveyTable(table.platform, [dataclasses.replace(c) for c in table.columns], table.rows,
                      table.encoding, table.delimiter, list(table.notes))  # rows are shared, not copied
    _remember_path(out, table.__dict__.get("_source_path"))
    where = _where(table)
    chosen: dict[int, str] = {}

    def claim(col: Column, role: str) -> None:
        if chosen.get(col.index, role) != role:
            raise ImportFailed(f"{where}column '{col.name}' is named both as {chosen[col.index]} "
                               f"and as {role}; give each column one role.")
        chosen[col.index] = role

    for ref in text_columns or []:
        claim(find_column(out, ref), "text")
    for ref in attr_columns or []:
        claim(find_column(out, ref), "attribute")
    if group_column is not None:
        claim(find_column(out, group_column), "group")
    if id_column is not None:
        col = find_column(out, id_column)
        claim(col, "id")
        values = [cells[col.index] for _, cells in out.rows]
        _check_ids(where, col.name, values, [n for n, _ in out.rows],
                   "choose a column whose values are filled and unique")
    for index, role in chosen.items():
        col = out.columns[index]
        if role in ("id", "group"):
            for other in out.by_role(role):
                if other.index != index:
                    other.role = "metadata" if role == "id" else "attribute"
                    other.reason = f"was the {role}; you chose '{col.name}' instead"
        if col.role == "id" and role != "id":
            out.notes.append(f"'{col.name}' is no longer the respondent id")
        col.role = role
        values = [cells[col.index] for _, cells in out.rows]
        col.value_type = infer_type([v for v in values if v.strip()]) if role in ("attribute", "group") else None
        col.reason = "your choice"
    _role_notes(out)
    return out


# --- describing -----------------------------------------------------------------------


def _short(text: str, n: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n - 1].rstrip() + "…"


def describe(table: SurveyTable) -> list[str]:
    """Lines for the command line: what was detected, then one line per column:
    ``#19 Q2 'This is a free text question.' → text (Qualtrics text entry ...)``."""
    lines = [f"{table.platform}: " + "; ".join(table.notes)] if table.notes else [table.platform]
    for c in table.columns:
        label = f"'{_short(c.name)}'" if c.question.strip() == c.name.strip() or not c.question.strip() \
            else f"{_short(c.name, 30)} '{_short(c.question)}'"
        role = c.role if c.role not in ("attribute", "group") or not c.value_type else f"{c.role}, {c.value_type}"
        lines.append(f"#{c.index + 1} {label} → {role}" + (f" ({c.reason})" if c.reason else ""))
    return lines
