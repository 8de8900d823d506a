"""A REFI-QDA project read into plain data (``importers.refi_read``), before
anything is written to a Tandem project (``importers.refi_qda``), and the
vocabulary both directions share: how Tandem writes what REFI-QDA has no
element for (a code's inclusion and exclusion criteria, exclusive groups,
the kinds of source, roles), so that its own exports read back whole."""
from __future__ import annotations

import hashlib
import re
import uuid as uuid_mod
from dataclasses import dataclass, field
from typing import Optional

# --- the vocabulary -------------------------------------------------------------------------

TANDEM_NS = uuid_mod.UUID("6f1c0e4e-3b1e-4c55-9a7e-1d2f3c4b5a69")  # derives the GUIDs of things without a uuid
_NS_BYTES = TANDEM_NS.bytes
CRITERIA = ("Inclusion", "Exclusion", "Example", "In the theme table")  # written after a code's description, each "Label: text"
KIND_SET_PREFIX = "Tandem source kind: "  # a Set's description: its member sources are of this kind
KIND_LABELS = {"focus-group": "Focus groups", "interview": "Interviews", "survey": "Surveys", "notes": "Notes",
               "document": "Documents"}
EXCLUSIVE_SET = "Tandem exclusive group"  # a Set's description: its member codes are one nominal variable
DECISION_NOTE = "Tandem reconciliation decision"  # a Note's description
ABOUT_NOTE = "Tandem export: what this file holds"  # a Note's description
SECTION_NOTE = "Tandem section"  # a selection's description starts so: a turn, response or paragraph
ROLES = ("lead", "consensus")  # written as a User's id by Tandem (coders have none)
VARIABLE_TYPES = {"text": "Text", "integer": "Integer", "float": "Float", "date": "Date", "boolean": "Boolean"}


def derived(base: uuid_mod.UUID | str, what: str) -> str:
    """A stable GUID for something Tandem keeps no uuid of (the Coding inside
    a coding's selection, a coding memo's note, a set): the uuid5 of
    ``base:what`` in Tandem's namespace, as text (made directly: an export
    derives one per coding)."""
    digest = bytearray(hashlib.sha1(_NS_BYTES + f"{base}:{what}".encode("utf-8")).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50
    digest[8] = (digest[8] & 0x3F) | 0x80
    x = digest.hex()
    return f"{x[:8]}-{x[8:12]}-{x[12:16]}-{x[16:20]}-{x[20:]}"


def guid_uuid(guid: str) -> uuid_mod.UUID:
    """A GUID as a uuid (upper or lower case, with or without braces); a
    codebook GUID that is not a uuid gets a stable one derived from it."""
    text = (guid or "").strip().strip("{}")
    try:
        return uuid_mod.UUID(text)
    except ValueError:
        return uuid_mod.uuid5(TANDEM_NS, f"guid:{guid}")


def describe_code(description: str, inclusion: str, exclusion: str, example: str, summary: str = "") -> str:
    parts = [description.strip()] if description.strip() else []
    parts += [f"{label}: {value.strip()}" for label, value in zip(CRITERIA, (inclusion, exclusion, example, summary))
              if value.strip()]
    return "\n\n".join(parts)


_CRITERION = re.compile(r"\n\n(?=(?:Inclusion|Exclusion|Example|In the theme table): )")


def split_description(text: str) -> tuple[str, str, str, str, str]:
    """(description, inclusion, exclusion, example, summary) of a code's Description
    as ``describe_code`` writes it; any other text is all description."""
    text = (text or "").replace("\r\n", "\n").strip()
    found: dict[str, str] = {}
    description = []
    for chunk in _CRITERION.split(text):
        label, sep, value = chunk.partition(": ")
        if sep and label in CRITERIA and label not in found:
            found[label] = value.strip()
        elif chunk.strip():
            description.append(chunk.strip())
    return ("\n\n".join(description), found.get("Inclusion", ""), found.get("Exclusion", ""),
            found.get("Example", ""), found.get("In the theme table", ""))


# --- the project read -----------------------------------------------------------------------


@dataclass
class RUser:
    guid: str
    name: str
    role: str = "coder"


@dataclass
class RCode:
    guid: str
    uuid: uuid_mod.UUID
    name: str
    parent: Optional[str]  # the parent's guid
    codable: bool = True
    colour: Optional[str] = None
    description: str = ""
    inclusion: str = ""
    exclusion: str = ""
    example: str = ""
    exclusive: bool = False
    summary: str = ""  # the theme table's description (Tandem's own exports)
    note_guids: list[str] = field(default_factory=list)
    renamed_from: Optional[str] = None  # the name in the file, when Tandem could not take it as it was


@dataclass
class RVariable:
    guid: str
    name: str
    value_type: str  # a Tandem attribute type
    description: str = ""
    note: str = ""  # what was changed, e.g. a DateTime variable kept as text


@dataclass
class RCase:
    guid: str
    name: str
    description: str = ""
    values: dict[str, str] = field(default_factory=dict)  # variable guid -> value text
    source_guids: list[str] = field(default_factory=list)
    selection_guids: list[str] = field(default_factory=list)


@dataclass
class RCoding:
    guid: str
    code_guid: str
    user_guid: Optional[str]
    start: int  # stored offsets
    end: int
    memo: str = ""  # the selection's own comment (its Description)
    note_guids: list[str] = field(default_factory=list)  # notes on the coding or its selection: its memo too


@dataclass
class RSection:
    guid: str
    start: int
    end: int
    kind: str = "paragraph"
    speaker: Optional[str] = None
    question: Optional[str] = None
    moderator: bool = False


@dataclass
class RSource:
    guid: str
    name: str
    text: str  # as Tandem stores it
    sha256: str
    original_filename: str
    kind: str = "document"
    codings: list[RCoding] = field(default_factory=list)
    sections: list[RSection] = field(default_factory=list)  # selections that are Tandem sections (case ties)
    note_guids: list[str] = field(default_factory=list)
    # comments on selections without codes: (title, text, note guids), kept as memos on the source
    comments: list[tuple[str, str, list[str]]] = field(default_factory=list)
    units: str = ""  # how the file counted its positions


@dataclass
class RNote:
    guid: str
    name: str
    text: str
    user_guid: Optional[str]
    marker: str = ""  # its Description: Tandem's own notes say what they are


@dataclass
class Finding:
    """A selection that does not land on the text it claims, or could not be placed."""

    source: str
    selection: str
    start: int
    end: int
    claimed: str
    found: str
    outcome: str  # "moved to …", "kept at the file's positions", "not imported: …"

    def line(self) -> str:
        return (f"{self.source}: selection {self.selection} ({self.start}–{self.end}) claims “{self.claimed}” but "
                f"reads “{self.found}”: {self.outcome}")


@dataclass
class RefiProject:
    """Everything read from one REFI-QDA file, ready to be written."""

    path: str
    kind: str  # 'project' or 'codebook'
    origin: str
    title: str
    users: dict[str, RUser] = field(default_factory=dict)  # guid -> user
    codes: list[RCode] = field(default_factory=list)  # parents before children, in the file's order
    variables: dict[str, RVariable] = field(default_factory=dict)
    cases: list[RCase] = field(default_factory=list)
    sources: list[RSource] = field(default_factory=list)
    notes: dict[str, RNote] = field(default_factory=dict)
    project_note_guids: list[str] = field(default_factory=list)
    case_notes: dict[str, list[str]] = field(default_factory=dict)  # case guid -> note guids (Tandem's links)
    description: str = ""
    units: str = ""
    unit_reason: str = ""
    not_imported: list[str] = field(default_factory=list)  # what Tandem does not support, each with counts
    findings: list[Finding] = field(default_factory=list)
    unchecked: int = 0  # selections whose name is not their text (a label): placed by position alone
    checked: int = 0  # selections whose text was checked against their name
    uncoded: int = 0  # selections with no codes, no comment and no case: nothing to keep
    about: str = ""  # what a Tandem export says it holds

    def summary(self) -> list[str]:
        """What the file holds, in lines for the user."""
        n_codings = sum(len(s.codings) for s in self.sources)
        lines = [f"{self.path}: a REFI-QDA {self.kind} written by {self.origin or 'an unnamed program'}: "
                 f"{len(self.users)} users, {len(self.codes)} codes, {len(self.sources)} text sources, "
                 f"{n_codings} codings, {len(self.cases)} cases, {len(self.variables)} variables, "
                 f"{len(self.notes)} notes"]
        if self.about:
            lines.append(f"the file says: {self.about}")
        if self.units:
            lines.append(f"positions read as {self.units} ({self.unit_reason}); {self.checked} selections checked "
                         f"against the text they name, {self.unchecked} with no selected text to check them by (placed by "
                         "position alone)")
        lines += [f.line() for f in self.findings]
        lines += [f"not imported: {item}" for item in self.not_imported]
        return lines
