"""Survey exports (CSV): each respondent becomes a case with typed attributes,
each non-empty free-text answer a response section tied to the case and the
question.

The source text is grouped by question, so coders read every answer to one
question together::

    Q1. What was the most valuable part of your mentoring relationship?

    MEE-01: The honest feedback on my teaching...

Each response section spans the answer alone (not the ``MEE-01: `` label).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from sqlalchemy.orm import Session

from coding import cases
from coding.sources import SectionSpec
from coding.text import normalise, sha256
from importers.csv_table import read_table
from importers.documents import PlannedSource, write as write_sources
from importers.errors import ImportFailed
from importers.files import read_bytes


@dataclass
class SurveyColumns:
    id_column: str
    text_columns: list[str]
    attr_columns: list[str] = field(default_factory=list)


@dataclass
class PlannedSurvey:
    source: PlannedSource
    values: dict[str, dict[str, str]]  # case -> attribute -> raw value
    attribute_order: list[str]


def plan(path: Path, columns: SurveyColumns, name: Optional[str] = None,
         extra_attributes: Optional[dict[str, str]] = None) -> PlannedSurvey:
    table = read_table(path)
    for col in [columns.id_column, *columns.text_columns, *columns.attr_columns]:
        if col not in table.header:
            raise ImportFailed(f"{path}: there is no column '{col}' (columns: {', '.join(table.header)}).")
    idx = table.column
    seen: dict[str, int] = {}
    values: dict[str, dict[str, str]] = {}
    answers: list[tuple[str, list[str]]] = []
    for number, cells in table.rows:
        rid = cells[idx(columns.id_column)].strip()
        if not rid:
            raise ImportFailed(f"{path}: row {number} has no respondent id in '{columns.id_column}'.")
        if rid in seen:
            raise ImportFailed(f"{path}: row {number} repeats respondent '{rid}' from row {seen[rid]}.")
        seen[rid] = number
        values[rid] = {**(extra_attributes or {}), **{c: cells[idx(c)].strip() for c in columns.attr_columns}}
        answers.append((rid, [normalise(cells[idx(c)]).strip() for c in columns.text_columns]))

    parts: list[str] = []
    sections: list[SectionSpec] = []
    headings: list[list[int]] = []
    pos = 0

    def emit(chunk: str) -> int:
        nonlocal pos
        start = pos
        parts.append(chunk)
        pos += len(chunk)
        return start

    for q, question in enumerate(columns.text_columns):
        if q:
            emit("\n")
        heading = f"Q{q + 1}. {normalise(question).strip()}"
        start = emit(heading)
        headings.append([start, start + len(heading)])
        emit("\n")
        for rid, texts in answers:
            if texts[q]:
                emit(f"\n{rid}: ")
                start = emit(texts[q])
                emit("\n")
                sections.append(SectionSpec(
                    start=start, end=start + len(texts[q]), kind="response", case_name=rid,
                    question=question, meta={"question_index": q + 1},
                ))
    text = "".join(parts)
    source = PlannedSource(
        name=name or path.stem, kind="survey", text=text, sha256=sha256(read_bytes(path)),
        original_filename=path.name, sections=sections,
        meta={"format": "csv", "encoding": table.encoding, "respondents": len(answers),
              "questions": list(columns.text_columns), "headings": headings},
    )
    order = list((extra_attributes or {}).keys()) + list(columns.attr_columns)
    return PlannedSurvey(source, values, order)


def write(session: Session, survey: PlannedSurvey, again: bool = False):
    """Store the survey source, its respondents (cases) and their attributes."""
    report = write_sources(session, [survey.source], again=again)
    if not report.imported:
        return report
    for name in survey.attribute_order:
        column = [v.get(name, "") for v in survey.values.values()]
        attribute = cases.ensure_attribute(session, name, cases.infer_type(column))
        for case_name, vals in survey.values.items():
            cases.set_value(session, cases.ensure_case(session, case_name), attribute, vals.get(name))
    return report
