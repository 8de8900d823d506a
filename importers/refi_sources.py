"""The sources of a REFI-QDA project: their text, and their selections placed
on Tandem's stored text.

A text source's text is its ``plainTextPath`` file, its inline
``PlainTextContent``, or — when the file holds only the rich text — the text
of its .docx/.odt/.pdf read by Tandem's own document readers (paragraphs one
per line, as QDA programs write their plain text).  A PDF source is read
through its text representation, or its PDF.

How positions count is decided for the whole file by its origin (NVivo:
UTF-16 units; everyone else, as the standard says: code points), then
checked: every selection whose name is the text it selects must land on
that text.  If the other way of counting makes more of them land, the file
is read that way and the summary says so; a selection that still does not
land is moved to the nearest place holding its text (when that text is long
enough to be sure of) or kept where the file puts it, and listed either way.
"""
from __future__ import annotations

import codecs
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from importers import limits
from importers.errors import ImportFailed
from importers.refi_model import Finding, RCoding, RSection, RSource, SECTION_NOTE, RefiProject
from importers.refi_package import Package
from importers.refi_positions import CODE_POINTS, UTF16, TextPositions, claim, lands, nearest, occurs
from importers.refi_xml import child, children, local, text_of

RICH_SUFFIXES = (".docx", ".odt", ".pdf")


@dataclass
class RawCoding:
    guid: str
    code_guid: str
    user_guid: Optional[str]
    note_guids: list[str]


@dataclass
class RawSelection:
    guid: str
    name: str
    start: int
    end: int
    user_guid: Optional[str]
    description: str
    note_guids: list[str]
    codings: list[RawCoding]
    whole: bool = False  # a Coding on the source itself: the whole text


@dataclass
class RawSource:
    guid: str
    name: str
    positions: TextPositions
    sha256: str
    original_filename: str
    note_guids: list[str]
    selections: list[RawSelection] = field(default_factory=list)
    collapsed: Optional[str] = None

    def words(self) -> str:
        if self.collapsed is None:
            self.collapsed = " ".join(self.positions.stored.split())
        return self.collapsed


def _int(value: Optional[str]) -> Optional[int]:
    try:
        return int((value or "").strip())
    except ValueError:
        return None


def _codings(element, default_user: Optional[str]) -> list[RawCoding]:
    out = []
    for coding in children(element, "Coding"):
        ref = child(coding, "CodeRef")
        out.append(RawCoding(coding.get("guid", ""), ref.get("targetGUID", "") if ref is not None else "",
                             coding.get("creatingUser") or default_user,
                             [n.get("targetGUID", "") for n in children(coding, "NoteRef")]))
    return out


def decode_text(data: bytes, where: str) -> str:
    """A plain text file of the package: UTF-8 (as the standard says), a
    byte-order mark dropped; UTF-16 when a byte-order mark says so."""
    try:
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return data.decode("utf-16")
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise ImportFailed(f"{where}: line {line} (byte {exc.start}) is not UTF-8, which REFI-QDA text files are; "
                           "export the project again, or save that text as UTF-8.") from None


def _rich_text(package: Package, member: str, where: str) -> str:
    """The text of a .docx/.odt/.pdf held in the package, a paragraph a line."""
    from importers import office

    data = package.read(member, limits.MAX_OFFICE_BYTES, f"the document of '{where}'")
    reader = {".docx": office.read_docx, ".odt": office.read_odt, ".pdf": office.read_pdf}[Path(member).suffix.lower()]
    blocks = reader(Path(f"{package.path}: {member}"), data)
    return "\n".join(" | ".join(c.strip() for c in b.cells) if b.kind == "row" else b.text for b in blocks)


def source_text(package: Package, element, name: str) -> tuple[Optional[tuple[str, bytes, str]], str]:
    """((raw text, the bytes it came from, the file it came from), '') or
    (None, why the text is not in the file)."""
    path = element.get("plainTextPath")
    if path:
        member = package.find(path)
        if member is not None:
            data = package.read(member, limits.MAX_TEXT_BYTES, f"the text of '{name}'")
            return (decode_text(data, f"{package.path}: {member}"), data, member), ""
    content = child(element, "PlainTextContent")
    if content is not None and content.text:
        return (content.text, content.text.encode("utf-8"), ""), ""
    rich = element.get("richTextPath") or element.get("path") or ""
    if rich and Path(rich).suffix.lower() in RICH_SUFFIXES:
        member = package.find(rich)
        if member is not None:
            data_text = _rich_text(package, member, name)
            return (data_text, data_text.encode("utf-8"), member), ""
    named = path or rich
    return None, (f"its text is not in the file ({'it names ' + repr(named) if named else 'no text path'}, which the "
                  "package does not hold)")


def read_source(package: Package, element, name: str, default_user: Optional[str]) -> tuple[Optional[RawSource], str]:
    """A text source (or a PDF's text representation) with its selections, as read."""
    found, why = source_text(package, element, name)
    if found is None:
        return None, why
    raw, data, _member = found
    if raw.startswith("\ufeff"):
        raw = raw[1:]
    positions = TextPositions(raw)
    limits.check_source(f"{package.path}: {name}", positions.stored, 0)
    source = RawSource(element.get("guid", ""), name, positions, hashlib.sha256(data).hexdigest(),
                       name,  # the name other tools give a source is mostly the file it was imported from
                       [n.get("targetGUID", "") for n in children(element, "NoteRef")])
    for sel in children(element, "PlainTextSelection"):
        limits.tick()
        start, end = _int(sel.get("startPosition")), _int(sel.get("endPosition"))
        user = sel.get("creatingUser") or default_user
        source.selections.append(RawSelection(
            sel.get("guid", ""), sel.get("name") or "", start if start is not None else -1,
            end if end is not None else -1, user, text_of(sel, "Description"),
            [n.get("targetGUID", "") for n in children(sel, "NoteRef")], _codings(sel, user)))
    whole = _codings(element, element.get("creatingUser") or default_user)
    if whole:
        source.selections.append(RawSelection(source.guid, "", 0, positions.length[CODE_POINTS], None, "", [], whole,
                                              whole=True))
    return source, ""


# --- deciding how positions count -----------------------------------------------------------------


def _score(sources: list[RawSource], units: str) -> tuple[int, int]:
    """(selections that do not land or fall outside the text, selections that land)."""
    bad = good = 0
    for src in sources:
        for sel in src.selections:
            if sel.whole:
                continue
            span = src.positions.span(sel.start, sel.end, units)
            claimed = claim(sel.name)
            if span is None:
                bad += 1
            elif claimed is not None:
                if lands(src.positions.stored, span[0], span[1], claimed):
                    good += 1
                elif occurs(src.words(), claimed):
                    bad += 1
    return bad, good


def decide_units(sources: list[RawSource], origin: str) -> tuple[str, str]:
    """How the file counts positions, and why."""
    if "nvivo" in origin.lower():
        first, why = UTF16, f"{origin} counts UTF-16 units, CRLF as two"
    else:
        first, why = CODE_POINTS, "as the REFI-QDA standard counts them"
    if not any(s.positions.length[UTF16] != s.positions.length[CODE_POINTS] for s in sources):
        return first, why + "; the text holds no characters where the two ways differ"
    other = UTF16 if first == CODE_POINTS else CODE_POINTS
    bad, good = _score(sources, first)
    if bad:
        bad2, good2 = _score(sources, other)
        if (bad2, -good2) < (bad, -good):
            return other, (f"{why} — but read so {bad} selections would not land on their text, read as {other} "
                           f"{bad2} do not")
    return first, why


# --- placing selections ---------------------------------------------------------------------------


def _section(sel: RawSelection, span: tuple[int, int]) -> RSection:
    kind, speaker, question, moderator = "paragraph", None, None, False
    text = sel.description[len(SECTION_NOTE):].lstrip(": ")
    head, _, question_text = text.partition("; question: ")
    parts = [p.strip() for p in head.split("; ")]
    if parts and parts[0] in ("turn", "response", "paragraph"):
        kind = parts[0]
    for part in parts[1:]:
        if part.startswith("speaker: "):
            speaker = part[len("speaker: "):]
        elif part == "moderator":
            moderator = True
    if question_text:
        question = question_text
    return RSection(sel.guid, span[0], span[1], kind, speaker, question, moderator)


def place(project: RefiProject, raw: RawSource, units: str, section_guids: set[str],
          code_guids: set[str], missing_codes: dict[str, int]) -> RSource:
    """The source as Tandem will store it: codings and sections on the stored text."""
    stored = raw.positions.stored
    out = RSource(raw.guid, raw.name, stored, raw.sha256, raw.original_filename, note_guids=list(raw.note_guids),
                  units=units)
    for sel in raw.selections:
        if sel.whole:
            span = (0, len(stored)) if stored else None
        else:
            span = raw.positions.span(sel.start, sel.end, units)
        label = sel.guid or sel.name or "?"
        if span is None:
            if sel.codings:
                project.findings.append(Finding(raw.name, label, sel.start, sel.end, sel.name[:80], "",
                                                f"not imported: the positions fall outside the text "
                                                f"({raw.positions.length[units]} {units}) or inside a character"))
            continue
        claimed = None if sel.whole else claim(sel.name)
        if claimed is not None and lands(stored, span[0], span[1], claimed):
            project.checked += 1
        elif claimed is not None and occurs(raw.words(), claimed):
            project.checked += 1
            found = " ".join(stored[span[0]:span[1]].split())
            moved = nearest(stored, span[0], span[1], claimed)
            outcome = f"moved to {moved[0]}–{moved[1]}, where that text is" if moved else "kept at the file's positions"
            project.findings.append(Finding(raw.name, label, sel.start, sel.end, claimed[0][:80], found[:80], outcome))
            span = moved or span
        elif not sel.whole and sel.codings:
            project.unchecked += 1
        is_section = sel.description.startswith(SECTION_NOTE) or (not sel.codings and sel.guid in section_guids)
        if is_section:
            out.sections.append(_section(sel, span))
            continue
        if not sel.codings:
            if sel.description.strip() or sel.note_guids:
                excerpt = " ".join(stored[span[0]:span[1]].split())
                title = f"On “{excerpt[:60]}{'…' if len(excerpt) > 60 else ''}” ({span[0]}–{span[1]})"
                out.comments.append((title, sel.description.strip(), list(sel.note_guids)))
            else:
                project.uncoded += 1
            continue
        for coding in sel.codings:
            if coding.code_guid not in code_guids:
                missing_codes[coding.code_guid] = missing_codes.get(coding.code_guid, 0) + 1
                continue
            out.codings.append(RCoding(coding.guid if len(sel.codings) > 1 or not sel.guid else sel.guid,
                                       coding.code_guid, coding.user_guid, span[0], span[1],
                                       sel.description.strip(), coding.note_guids + sel.note_guids))
    return out


def unsupported_source(element) -> tuple[str, int, int]:
    """(kind of source, its selections, their codings) for a source Tandem cannot code."""
    selections = codings = 0
    for sel in element.iter():
        name = local(sel)
        if name.endswith("Selection"):
            selections += 1
        elif name == "Coding":
            codings += 1
    return local(element), selections, codings


def refuse_if_empty(project: RefiProject) -> None:
    if project.kind == "project" and not (project.sources or project.codes or project.users or project.cases):
        raise ImportFailed(f"{project.path} holds nothing Tandem can import: no text sources, codes, users or cases"
                           + (f" ({'; '.join(project.not_imported)})" if project.not_imported else "") + ".")
