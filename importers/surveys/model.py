"""What the survey reader produces: the table's columns, classified, and its rows.

Roles:
  ``id``        the respondent id (at most one column)
  ``group``     an attribute that splits respondents into groups (e.g. Mentee/Mentor); also an attribute
  ``metadata``  platform bookkeeping (timestamps, IP, progress, ``_complete``...): not imported
                unless the user gives the column another role
  ``text``      a free-text answer: codable, each non-empty answer becomes a response section
  ``attribute`` a closed item (Likert, choice, number, date, multi-select): a typed case attribute
  ``ignore``    left out (empty columns, exact duplicates)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

ROLES = ("id", "group", "metadata", "text", "attribute", "ignore")


@dataclass
class Column:
    index: int  # position in the data rows
    name: str  # short name: the platform id (QID2_TEXT, record_id) or the header text
    question: str  # the full question text shown to respondents (may equal name)
    role: str  # one of ROLES
    value_type: Optional[str] = None  # for attributes: text, integer, float, date, boolean
    reason: str = ""  # why it was classified so ("Qualtrics ImportId ends in _TEXT", "78% of answers > 6 words")


@dataclass
class SurveyTable:
    platform: str  # google-forms, qualtrics, qualtrics-legacy, surveymonkey, redcap, plain
    columns: list[Column]
    rows: list[tuple[int, list[str]]]  # (1-based row number in the file, cells aligned with columns)
    encoding: str = "utf-8"
    delimiter: str = ","
    notes: list[str] = field(default_factory=list)

    def by_role(self, role: str) -> list[Column]:
        return [c for c in self.columns if c.role == role]
