"""REDCap: the data dictionary, checkbox columns, and classifying fields by
their dictionary entry.

A REDCap checkbox field ``race`` is exported as one 0/1 column per choice
(``race___1``... ``race___6``; a negative code ``-1`` becomes ``race____1``).
They are combined into ONE attribute column named ``race`` whose value lists
the checked options, joined with ``"; "``: the dictionary's choice labels
when a dictionary is given, else the codes.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from coding.cases import infer_type
from importers.errors import ImportFailed
from importers.files import read_bytes
from importers.surveys.grid import read_csv_grid
from importers.surveys.layout import Draft

CHECKBOX = re.compile(r"^(?P<field>[A-Za-z][A-Za-z0-9_]*?)___(?P<code>[A-Za-z0-9_]+)$")
CHECKED = {"1", "checked", "yes", "true", "y"}
UNCHECKED = {"", "0", "unchecked", "no", "false", "n"}
ATTRIBUTE_TYPES = {"radio", "dropdown", "yesno", "truefalse", "checkbox", "slider", "calc", "sql"}
VALIDATION_TYPES = {"number": "a number", "integer": "a whole number", "email": "an e-mail address",
                    "phone": "a phone number", "zipcode": "a ZIP code", "time": "a time"}


@dataclass
class Field:
    name: str
    form: str
    field_type: str
    label: str
    choices: dict[str, str] = field(default_factory=dict)  # code (lower case) -> label
    choices_text: str = ""
    validation: str = ""
    identifier: bool = False


def _header_index(header: list[str], *needles: str) -> Optional[int]:
    for j, h in enumerate(header):
        low = h.strip().lower()
        if all(n in low for n in needles):
            return j
    return None


def plain_label(text: str) -> str:
    """A REDCap label without its HTML tags and entities."""
    return html.unescape(re.sub(r"<[^>]+>", "", text)).strip()


def parse_choices(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in text.split("|"):
        code, sep, label = part.partition(",")
        if sep and code.strip():
            out[code.strip().lower()] = plain_label(label)
    return out


def read_dictionary(path: Path) -> dict[str, Field]:
    """A REDCap data dictionary (CSV): field name -> Field, in dictionary order."""
    path = Path(path)
    grid = read_csv_grid(path, read_bytes(path))
    if not grid.records:
        raise ImportFailed(f"{path}: the data dictionary has no rows.")
    header = grid.records[0][1]
    var = _header_index(header, "variable")
    ftype = _header_index(header, "field type")
    label = _header_index(header, "field label")
    if var is None or ftype is None or label is None:
        raise ImportFailed(
            f"{path}: not a REDCap data dictionary (it needs the columns 'Variable / Field Name', "
            f"'Field Type' and 'Field Label'; found: {', '.join(h.strip() for h in header)}); "
            "download it from REDCap's Project Setup > Data Dictionary."
        )
    form = _header_index(header, "form")
    choices = _header_index(header, "choices")
    validation = _header_index(header, "validation type")
    identifier = _header_index(header, "identifier")
    fields: dict[str, Field] = {}

    def cell(cells: list[str], j: Optional[int]) -> str:
        return cells[j].strip() if j is not None and j < len(cells) else ""

    for _, cells in grid.records[1:]:
        name = cell(cells, var)
        if not name:
            continue
        choice_text = cell(cells, choices)
        fields[name] = Field(
            name=name, form=cell(cells, form), field_type=cell(cells, ftype).lower(),
            label=plain_label(cell(cells, label)) or name,
            choices=parse_choices(choice_text), choices_text=choice_text,
            validation=cell(cells, validation).lower(),
            identifier=cell(cells, identifier).lower() in ("y", "yes", "1"),
        )
    if not fields:
        raise ImportFailed(f"{path}: the data dictionary lists no fields.")
    return fields


def _code(raw: str) -> str:
    """The choice code written in a checkbox column name (``_1`` stands for ``-1``)."""
    return "-" + raw[1:] if re.fullmatch(r"_\d+", raw) else raw


def combine_checkboxes(drafts: list[Draft], rows: list[list[str]],
                       fields: Optional[dict[str, Field]]) -> tuple[list[Draft], list[list[str]]]:
    """Replace each group of ``field___code`` columns with one combined column,
    placed where the first of them was."""
    groups: dict[str, list[tuple[int, str]]] = {}
    for j, d in enumerate(drafts):
        m = CHECKBOX.match(d.name)
        if not m:
            continue
        f = fields.get(m["field"]) if fields else None
        if f is not None and f.field_type != "checkbox":
            continue
        if f is None and any(r[j].strip().lower() not in CHECKED | UNCHECKED for r in rows):
            continue
        groups.setdefault(m["field"], []).append((j, _code(m["code"])))
    if not groups:
        return drafts, rows
    first = {members[0][0]: name for name, members in groups.items()}
    members_of = {j for members in groups.values() for j, _ in members}
    new_drafts: list[Draft] = []
    plan: list[object] = []  # an int (copy that column) or a field name (combine)
    for j, d in enumerate(drafts):
        if j in first:
            name = first[j]
            f = fields.get(name) if fields else None
            members = groups[name]
            labelled = f is not None and bool(f.choices)
            span = f"{drafts[members[0][0]].name}…{drafts[members[-1][0]].name}" if len(members) > 1 \
                else drafts[members[0][0]].name
            how = "the choice labels from the data dictionary" if labelled else \
                "the choice codes (give the data dictionary for labels)"
            new_drafts.append(Draft(
                name, f.label if f is not None else name, role="attribute", value_type="text",
                reason=f"REDCap checkbox: {len(members)} columns {span} combined; "
                       f"the value lists the checked options ({how}), joined with '; '"))
            plan.append(name)
        elif j not in members_of:
            new_drafts.append(d)
            plan.append(j)
    new_rows = []
    for r in rows:
        out = []
        for p in plan:
            if isinstance(p, int):
                out.append(r[p])
                continue
            f = fields.get(p) if fields else None
            checked = [code for j, code in groups[p] if r[j].strip().lower() in CHECKED]
            labels = [(f.choices.get(code.lower(), code) if f is not None else code) for code in checked]
            out.append("; ".join(labels))
        new_rows.append(out)
    return new_drafts, new_rows


def classify_by_dictionary(f: Field, values: list[str]) -> Optional[tuple[str, Optional[str], str]]:
    """(role, value_type, reason) from the field's dictionary entry, or None to
    let the content decide."""
    filled = [v for v in values if v.strip()]
    kind = f.field_type
    where = f"REDCap {kind} field"
    if kind == "descriptive":
        return "ignore", None, f"{where}: shows text, holds no answers"
    if kind == "file":
        return "ignore", None, f"{where}: the export holds only a placeholder for the uploaded file"
    if f.identifier:
        return "metadata", None, f"{where} marked as an identifier (personal data) in the data dictionary"
    if not filled:
        return "ignore", None, f"{where} with no answers"
    vtype = infer_type(filled)
    if kind == "notes":
        return "text", None, f"{where} (notes box for free text)"
    if kind == "text":
        if f.validation.startswith("date"):
            return "attribute", vtype, f"{where} validated as a date ({f.validation})"
        if f.validation in VALIDATION_TYPES:
            return "attribute", vtype, f"{where} validated as {VALIDATION_TYPES[f.validation]}"
        if f.validation:
            return "attribute", vtype, f"{where} validated as {f.validation}"
        if vtype in ("integer", "float", "date"):
            return "attribute", vtype, f"{where} without validation, but every answer is a " + \
                ("date" if vtype == "date" else "number")
        return "text", None, f"{where} without validation (free text)"
    if kind in ATTRIBUTE_TYPES:
        extra = ""
        if f.choices and kind in ("radio", "dropdown"):
            shown = ", ".join(f"{c} = {lab}" for c, lab in list(f.choices.items())[:6])
            extra = f" (choices: {shown}{'…' if len(f.choices) > 6 else ''})"
        return "attribute", vtype, f"{where}{extra}"
    return None


def label_choices(drafts: list[Draft], rows: list[list[str]], fields: Optional[dict[str, Field]]) -> int:
    """Write the labels of radio and dropdown answers in place of their codes
    (``2`` becomes ``Female`` when the dictionary says ``2, Female``), so that
    case attributes read as the questionnaire did.  A code the dictionary does
    not list is kept as it is.  Returns the number of columns labelled."""
    if not fields:
        return 0
    labelled = 0
    for j, d in enumerate(drafts):
        f = fields.get(d.name)
        if f is None or f.field_type not in ("radio", "dropdown") or not f.choices:
            continue
        hit = False
        for row in rows:
            value = row[j].strip()
            if value and value.lower() in f.choices:
                row[j] = f.choices[value.lower()]
                hit = True
        labelled += hit
    return labelled
