"""Code matrices for mixed-methods analysis, as XLSX or CSV (by extension).

* Codes × attribute values: for each code (its path) and each value of one
  case attribute, the number of codings, the number of cases of that value
  with at least one coding of the code, and their share (cases with the code
  / cases with that value).  Codings whose case has no value of the attribute
  (or that belong to no case) are counted under "(no value)", shown only when
  there are some; its share is over the cases without a value.
* Sections × codes: one row per section (turn, response, paragraph) that has a
  case — source, start, end, case, the attribute's value — then a 0/1 column
  per code: 1 when a coding of that code overlaps the section.

Codes are the codable codes in codebook order (and any other code that has a
coding).  Codings come from ``coding.codings.retrieve``, so the access rules
hold (while coding is blind a coder counts only their own layer); ``coder``
narrows to one layer.

XLSX: sheets "About" (what the file holds), "Codes by <attribute>" and
"Sections x codes".  CSV holds one table a file: the codes × values matrix
goes to ``path`` and the sections × codes matrix to ``<stem>-sections.csv``
beside it (each a header row, then data).  Each file is written atomically;
for CSV the sections file is written first, so ``path`` appears only once both
are complete.  Qt-free.
"""
from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Union

from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from coding import cases, codebook, codings
from coding.access import Acting
from coding.errors import NotFound
from exporters.atomic import write_atomically
from exporters.csv_out import write_csv
from exporters.segments import check_format, common_facts, layer, shown
from exporters.sheet_cells import about_sheet, header_row, sheet_cell, sheet_title
from storage.models import Case, Coder, Section, Source

NO_VALUE = "(no value)"
SECTIONS_SUFFIX = "-sections"
SHARE_DIGITS = 4  # CSV


@dataclass
class Matrix:
    attribute: str
    values: list[Any]                       # the attribute's values, NO_VALUE last when present
    cases_per_value: dict[Any, int]
    codes: list[str]                        # code paths, codebook order
    counts: dict[tuple[str, Any], int] = field(default_factory=dict)        # (code, value) -> codings
    case_sets: dict[tuple[str, Any], set] = field(default_factory=dict)     # (code, value) -> case names
    sections: list[list[Any]] = field(default_factory=list)                 # source, start, end, case, value, 0/1...

    def code_rows(self) -> list[list[Any]]:
        out = []
        for code in self.codes:
            row: list[Any] = [code]
            for v in self.values:
                n_cases = len(self.case_sets.get((code, v), ()))
                total = self.cases_per_value.get(v, 0)
                row += [self.counts.get((code, v), 0), n_cases, n_cases / total if total else None]
            out.append(row)
        return out

    def code_columns(self) -> list[str]:
        return ["code"] + [f"{v}: {what}" for v in self.values
                           for what in ("codings", "cases", "share of cases")]

    def section_columns(self) -> list[str]:
        return ["source", "start", "end", "case", self.attribute] + self.codes


def build(session: Session, acting: Acting, attribute: str,
          coder: Union[Coder, str, None] = None) -> Matrix:
    """Both matrices of the codings ``acting`` may read (of ``coder`` only, when given)."""
    found = cases.find_attribute(session, attribute)
    if found is None:
        raise NotFound(f"There is no case attribute called '{attribute}'.")
    segs = codings.retrieve(session, acting, coder=layer(session, coder))
    value_of: dict[str, Any] = {}
    for case in cases.list_cases(session):
        v = cases.attributes_of(session, case).get(found.name)
        value_of[case.name] = None if v is None or v == "" else shown(v)
    present = [v for v in value_of.values() if v is not None]
    values: list[Any] = sorted(set(present), key=lambda v: (str(type(v)), v))
    per_value = {v: present.count(v) for v in values}
    if any(seg.case is None or value_of.get(seg.case) is None for seg in segs):
        values.append(NO_VALUE)
        per_value[NO_VALUE] = sum(1 for v in value_of.values() if v is None)
    coded = {seg.code for seg in segs}
    paths = [codebook.path_of(c) for c, _depth in codebook.walk(session)
             if c.codable or codebook.path_of(c) in coded]
    m = Matrix(found.name, values, per_value, paths)
    for seg in segs:
        v = value_of.get(seg.case) if seg.case is not None else None
        key = (seg.code, NO_VALUE if v is None else v)
        m.counts[key] = m.counts.get(key, 0) + 1
        if seg.case is not None:
            m.case_sets.setdefault(key, set()).add(seg.case)
    m.sections = _section_rows(session, segs, value_of, paths)
    return m


def _section_rows(session: Session, segs: list, value_of: dict[str, Any], paths: list[str]) -> list[list[Any]]:
    rows = session.execute(
        select(Source.name, Section.start, Section.end, Case.name)
        .join(Source, Section.source_id == Source.id).join(Case, Section.case_id == Case.id)
        .order_by(Source.name, Section.start, Section.end)).all()
    by_source: dict[str, list[tuple[int, int, int]]] = defaultdict(list)  # source -> (start, end, row index)
    for i, (source, start, end, _case) in enumerate(rows):
        by_source[source].append((start, end, i))
    held: dict[int, set[str]] = defaultdict(set)
    for seg in segs:
        secs = by_source.get(seg.source)
        if not secs:
            continue
        j = max(bisect.bisect_right([s[0] for s in secs], seg.start) - 1, 0)
        while j < len(secs) and secs[j][0] < seg.end:
            if secs[j][1] > seg.start:  # the coding overlaps the section
                held[secs[j][2]].add(seg.code)
            j += 1
    out = []
    for i, (source, start, end, case) in enumerate(rows):
        v = value_of.get(case)
        out.append([source, start, end, case, "" if v is None else v]
                   + [1 if p in held[i] else 0 for p in paths])
    return out


def sections_path(path: Path) -> Path:
    """Where the CSV export puts the sections × codes matrix: ``<stem>-sections.csv``."""
    path = Path(path)
    return path.with_name(f"{path.stem}{SECTIONS_SUFFIX}{path.suffix}")


def export_matrix(session: Session, acting: Acting, path: Path, attribute: str,
                  coder: Union[Coder, str, None] = None) -> None:
    """Write the codes × ``attribute`` and sections × codes matrices to ``path``
    (.xlsx: one workbook; .csv: ``path`` and ``<stem>-sections.csv``)."""
    path = Path(path)
    suffix = check_format(path, "the code matrix")
    chosen = layer(session, coder)
    m = build(session, acting, attribute, chosen)
    if suffix == ".csv":
        shares = [r[:1] + [round(x, SHARE_DIGITS) if k % 3 == 0 and x is not None else x
                           for k, x in enumerate(r[1:], start=1)] for r in m.code_rows()]
        write_csv(sections_path(path), m.section_columns(), m.sections)
        write_csv(path, m.code_columns(), shares)
        return
    facts = common_facts(session, acting, chosen) + [
        ("Attribute", m.attribute),
        ("Cases per value", "; ".join(f"{v}: {m.cases_per_value.get(v, 0)}" for v in m.values) or "none"),
        ("Codes", len(m.codes)), ("Sections", len(m.sections)),
        (f"Codes by {m.attribute}", "For each code and value: the codings, the cases of that value with "
                                    "at least one, and their share of the cases of that value."),
        ("Sections x codes", "One row per section that has a case; 1 when a coding of the code "
                             "overlaps the section, else 0.")]
    write_atomically(path, lambda tmp: _write_xlsx(tmp, m, facts))


def _write_xlsx(path: Path, m: Matrix, facts: list[tuple[str, Any]]) -> None:
    book = Workbook()
    about_sheet(book.active, "Code matrices", facts)
    codes = book.create_sheet(sheet_title(f"Codes by {m.attribute}"))
    columns = m.code_columns()
    header_row(codes, columns, len(m.codes), [40] + [12] * (len(columns) - 1))
    for r, row in enumerate(m.code_rows(), start=2):
        for c, value in enumerate(row, start=1):
            cell = sheet_cell(codes, r, c, value)
            if c > 1 and (c - 1) % 3 == 0:
                cell.number_format = "0.0%"
    sections = book.create_sheet("Sections x codes")
    columns = m.section_columns()
    header_row(sections, columns, len(m.sections), [22, 8, 8, 10, 14] + [12] * len(m.codes))
    for r, row in enumerate(m.sections, start=2):
        for c, value in enumerate(row, start=1):
            sheet_cell(sections, r, c, value)
    book.save(path)
