"""Recognising which platform exported a survey and how many header rows it
has, and naming every column from those header rows.

==================  ===========  ==============================================
platform            header rows  recognised by
==================  ===========  ==============================================
qualtrics           3            row 3 holds ``{"ImportId":"QID1"}`` (JSON) or
                                 ``{'ImportId': 'QID1'}`` (Python dict) cells
qualtrics           2            row 1 short ids with ``ResponseId``, row 2 labels
qualtrics-legacy    2            row 1 is ``V1, V2, ...``, row 2 holds ``ResponseID``
redcap              1            first column ``record_id``, or lower-case field
                                 names with ``*_complete`` / ``redcap_*`` /
                                 ``field___code`` columns, or a data dictionary given
surveymonkey        2            row 1 has ``Respondent ID``/``Collector ID`` (or
                                 blank cells continuing a question) and row 2
                                 sub-labels (``Response``, ``Open-Ended Response``)
google-forms        1            first column ``Timestamp`` holding date-times
plain               1            anything else
==================  ===========  ==============================================
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

IMPORT_ID = re.compile(r"""^\{\s*['"]ImportId['"]\s*:\s*['"]([^'"]*)['"]""")
DATETIME = re.compile(
    r"^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}[ T]\d{1,2}:\d{2}(:\d{2})?(\.\d+)?"
    r"( ?[AaPp]\.? ?[Mm]\.?)?( ?(GMT|UTC|Z)?[+-]?\d{0,2}:?\d{0,2})?$"
)
TIMESTAMP_NAMES = {"timestamp", "marcatemporal", "horodateur", "zeitstempel", "carimbodedatahora",
                   "informazionicronologiche", "tijdstempel"}
SM_GENERIC = {"response", "open-ended response"}
REDCAP_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def key(text: str) -> str:
    """A header reduced to lower-case letters and digits, for matching names."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


@dataclass
class Draft:
    """A column while it is being named and classified."""

    name: str
    question: str
    import_id: str = ""  # Qualtrics ImportId
    sub_label: str = ""  # SurveyMonkey's second header row
    open_ended: str = ""  # why the platform says it is a text-entry field, if it does
    role: str = ""
    value_type: Optional[str] = None
    reason: str = ""


@dataclass
class Layout:
    platform: str
    header_rows: int
    drafts: list[Draft]
    notes: list[str] = field(default_factory=list)


def detect(records: list[tuple[int, list[str]]], has_dictionary: bool = False) -> Layout:
    rows = [cells for _, cells in records[:3]]
    r1 = rows[0]
    r2 = rows[1] if len(rows) > 1 else None
    r3 = rows[2] if len(rows) > 2 else None
    if r3 is not None and _is_import_row(r3):
        return _qualtrics(r1, r2, r3)
    if r2 is not None and _is_import_row(r2):
        return _qualtrics(r1, None, r2)
    if r2 is not None and _is_legacy_qualtrics(r1, r2):
        return _legacy_qualtrics(r1, r2)
    if r2 is not None and _is_qualtrics_labels(r1, r2):
        return _qualtrics(r1, r2, None)
    if has_dictionary or _is_redcap(r1):
        return _single_row("redcap", r1)
    if r2 is not None and _is_surveymonkey(r1, r2):
        return _surveymonkey(r1, r2)
    if key(r1[0]) in TIMESTAMP_NAMES and _mostly_datetimes([c[0] for _, c in records[1:51]]):
        layout = _single_row("google-forms", r1)
        return layout
    return _single_row("plain", r1)


# --- recognising ----------------------------------------------------------------------


def _is_import_row(cells: list[str]) -> bool:
    filled = [c.strip() for c in cells if c.strip()]
    if not filled or not IMPORT_ID.match(cells[0].strip()):
        return False
    return sum(1 for c in filled if IMPORT_ID.match(c)) >= 0.8 * len(filled)


def _is_legacy_qualtrics(r1: list[str], r2: list[str]) -> bool:
    return (r1[0].strip() == "V1" and len(r1) > 1 and r1[1].strip() == "V2"
            and any(key(c) == "responseid" for c in r2))


def _is_qualtrics_labels(r1: list[str], r2: list[str]) -> bool:
    keys = [key(c) for c in r1]
    if "responseid" not in keys or "startdate" not in keys:
        return False
    cell = r2[keys.index("responseid")].strip()
    start = r2[keys.index("startdate")].strip()
    return bool(cell) and not re.fullmatch(r"R_\w+", cell) and not re.match(r"\d", start)


def _is_redcap(r1: list[str]) -> bool:
    names = [c.strip() for c in r1 if c.strip()]
    if not names:
        return False
    if names[0] == "record_id":
        return True
    return all(REDCAP_NAME.match(n) for n in names) and any(
        n.endswith("_complete") or n.startswith("redcap_") or "___" in n for n in names)


def _is_surveymonkey(r1: list[str], r2: list[str]) -> bool:
    keys = [key(c) for c in r1]
    if not any(c.strip() for c in r2):
        return False
    for meta in ("respondentid", "collectorid"):
        if meta in keys:
            return not r2[keys.index(meta)].strip()
    generic = sum(1 for c in r2 if c.strip().lower() in SM_GENERIC)
    filled = sum(1 for c in r2 if c.strip())
    continuation = any(not r1[j].strip() and r2[j].strip() and any(c.strip() for c in r1[:j])
                       for j in range(len(r1)))
    return generic > 0 and (continuation or generic >= 0.5 * filled)


def _mostly_datetimes(values: list[str]) -> bool:
    filled = [v.strip() for v in values if v.strip()]
    return bool(filled) and sum(1 for v in filled if DATETIME.match(v)) >= 0.8 * len(filled)


# --- naming ---------------------------------------------------------------------------


def _name(cell: str, j: int) -> str:
    return cell.strip() or f"Column {j + 1}"


def _single_row(platform: str, r1: list[str]) -> Layout:
    drafts = [Draft(_name(c, j), _name(c, j)) for j, c in enumerate(r1)]
    return Layout(platform, 1, drafts)


def _qualtrics(r1: list[str], r2: Optional[list[str]], r3: Optional[list[str]]) -> Layout:
    drafts = []
    for j, c in enumerate(r1):
        name = _name(c, j)
        question = (r2[j].strip() if r2 is not None else "") or name
        match = IMPORT_ID.match(r3[j].strip()) if r3 is not None else None
        import_id = match.group(1) if match else ""
        draft = Draft(name, question, import_id=import_id)
        if re.search(r"[_-]TEXT$", import_id, re.I):
            draft.open_ended = f"Qualtrics text entry (ImportId {import_id})"
        elif not import_id and re.search(r"_TEXT$", name):
            draft.open_ended = f"Qualtrics text entry ({name})"
        drafts.append(draft)
    rows = 1 + (r2 is not None) + (r3 is not None)
    if r3 is not None:
        quoting = "Python-dict" if "'" in r3[0].split(":")[0] else "JSON"
        what = "short ids, question text, ImportId" if r2 is not None else "short ids, ImportId"
        note = f"Qualtrics export with {rows} header rows ({what} in {quoting} form)"
    else:
        note = "Qualtrics export with 2 header rows (short ids, question text)"
    return Layout("qualtrics", rows, drafts, [note])


def _legacy_qualtrics(r1: list[str], r2: list[str]) -> Layout:
    drafts = []
    for j, c in enumerate(r1):
        short = c.strip()
        label = r2[j].strip() if j < len(r2) else ""
        name = (label or _name(c, j)) if re.fullmatch(r"V\d+", short) else _name(c, j)
        drafts.append(Draft(name, label or name))
    return Layout("qualtrics-legacy", 2, drafts,
                  ["Qualtrics legacy export with 2 header rows (V1, V2... and labels)"])


SM_OTHER = re.compile(r"^other\b.*(specify|please|describe|explain)|^other \(|^please specify", re.IGNORECASE)


def _surveymonkey(r1: list[str], r2: list[str]) -> Layout:
    questions, spans = [], {}
    current = ""
    for j, c in enumerate(r1):
        if c.strip():
            current = c.strip()
            start = j
        elif not current:
            start = j
        questions.append((current, start))
        spans[start] = spans.get(start, 0) + 1
    drafts = []
    for j, (question, start) in enumerate(questions):
        sub = r2[j].strip() if j < len(r2) else ""
        q = question or sub or f"Column {j + 1}"
        if sub and question and (spans[start] > 1 or sub.lower() not in SM_GENERIC):
            name = f"{q} — {sub}"
        else:
            name = q
        draft = Draft(name, name, sub_label=sub)
        if sub.lower() == "open-ended response":
            draft.open_ended = "SurveyMonkey 'Open-Ended Response'"
        elif SM_OTHER.search(sub):  # free text to code, however few chose "Other"
            draft.open_ended = f"SurveyMonkey '{sub}' (what respondents wrote in)"
        drafts.append(draft)
    return Layout("surveymonkey", 2, drafts,
                  ["SurveyMonkey export with 2 header rows (questions, then sub-labels)"])
