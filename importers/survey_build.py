"""A classified survey table -> one survey source, its respondents and answers.

Each respondent becomes a case; closed items become typed case attributes;
each non-empty free-text answer becomes a response section tied to the case
and to its question.  The stored text is grouped by question, so coders read
all answers to one question together::

    Q1. What was the most valuable part of your mentoring relationship?

    MEE-01: The honest feedback on my teaching...

Each response section spans the answer alone, not the ``MEE-01: `` label.
"""
from __future__ import annotations

from pathlib import Path

from coding.sources import SectionSpec
from coding.text import normalise, sha256
from importers.errors import ImportFailed
from importers.files import read_bytes
from importers.surveys.reader import MAX_SURVEY_BYTES, NO_TEXT
from importers.surveys.model import SurveyTable

EMPTY_ANSWERS = {"", "n/a", "na", "-", "none", "."}


def respondent_ids(table: SurveyTable, prefix: str) -> list[str]:
    """The id column's values, or ``PREFIX-R0001``... in row order when there is none."""
    ids = table.by_role("id")
    if not ids:
        return [f"{prefix}-R{n:04d}" for n in range(1, len(table.rows) + 1)]
    col = ids[0]
    out, seen = [], {}
    for number, cells in table.rows:
        rid = cells[col.index].strip()
        if not rid:
            raise ImportFailed(f"row {number} has no respondent id in '{col.name}'.")
        if rid in seen:
            raise ImportFailed(f"row {number} repeats respondent '{rid}' from row {seen[rid]}.")
        seen[rid] = number
        out.append(rid)
    return out


def build(table: SurveyTable, path: Path, digest: str, name: str):
    from importers.documents import PlannedSource

    try:
        ids = respondent_ids(table, path.stem)
    except ImportFailed as exc:
        raise ImportFailed(f"{path}: {exc}") from None
    text_cols = table.by_role("text")
    if not text_cols:
        raise ImportFailed(f"{path}: {NO_TEXT}.")
    attr_cols = table.by_role("group") + table.by_role("attribute")
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

    for q, col in enumerate(text_cols, start=1):
        if q > 1:
            emit("\n")
        heading = f"Q{q}. {normalise(col.question or col.name).strip()}"
        start = emit(heading)
        headings.append([start, start + len(heading)])
        emit("\n")
        for rid, (_, cells) in zip(ids, table.rows):
            answer = normalise(cells[col.index]).strip()
            if answer.lower() in EMPTY_ANSWERS:
                continue
            emit(f"\n{rid}: ")
            start = emit(answer)
            emit("\n")
            sections.append(SectionSpec(
                start=start, end=start + len(answer), kind="response", case_name=rid,
                question=col.question or col.name, meta={"question_index": q, "column": col.name},
            ))
    names = _attr_names(attr_cols)
    case_values = {
        rid: {names[c.index]: cells[c.index] for c in attr_cols if cells[c.index].strip()}
        for rid, (_, cells) in zip(ids, table.rows)
    }
    types = {names[c.index]: c.value_type for c in attr_cols}
    from importers.surveys import reader

    decisions = [f"{path.name}: {table.platform} survey, {len(ids)} respondents, "
                 f"{len(text_cols)} free-text questions, {len(sections)} answers"] + reader.describe(table)
    return PlannedSource(
        name=name, kind="survey", text="".join(parts), sha256=digest, original_filename=path.name,
        sections=sections, case_values=case_values, attribute_types=types,
        meta={"format": path.suffix.lstrip("."), "platform": table.platform, "encoding": table.encoding,
              "respondents": len(ids), "questions": [c.question or c.name for c in text_cols],
              "headings": headings},
        decisions=decisions,
    )


def _attr_names(columns) -> dict[int, str]:
    """Attribute names: the question text, with the column's short name added
    where two columns ask the same question (Qualtrics Q1 and Q1_TEXT)."""
    base = {c.index: (c.question or c.name).strip()[:250] for c in columns}
    counts: dict[str, int] = {}
    for name in base.values():
        counts[name] = counts.get(name, 0) + 1
    return {i: (name if counts[name] == 1 else f"{name} ({c.name})")
            for c in columns for i, name in [(c.index, base[c.index])]}


def read_survey_table(path: Path, options) -> tuple[SurveyTable, str]:
    """The classified table (with the command line's overrides) and the file's SHA-256."""
    from importers.surveys import reader

    data = read_bytes(path, limit=MAX_SURVEY_BYTES)
    table = reader.read_survey(path, dictionary=options.dictionary, sheet=options.sheet)
    if any(x is not None for x in (options.id_column, options.text_columns, options.attr_columns,
                                   options.group_column)):
        table = reader.apply_overrides(table, id_column=options.id_column, text_columns=options.text_columns,
                                       attr_columns=options.attr_columns, group_column=options.group_column)
    return table, sha256(data)
