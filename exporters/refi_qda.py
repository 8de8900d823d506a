"""The project as a REFI-QDA project (.qdpx) or codebook (.qdc): the exchange
format NVivo, ATLAS.ti, MAXQDA, QDA Miner, QualCoder and others read.

A .qdpx is a zip holding ``project.qde`` (XML in the namespace
``urn:QDA-XML:project:1.0``, valid against the standard's schema, UTF-8
without a byte-order mark) and a flat ``sources/`` folder with each source's
stored text as ``<GUID>.txt``.  It holds the users (every coder, and the
consensus layer as a user of its own), the codebook (categories and themes
are codes too; a code's inclusion, exclusion and example follow its
description), the variables and cases (each with its typed values, its
sources and its speaker turns or survey responses as selections), the
sources, every coding as a PlainTextSelection holding one Coding by its
coder, memos and coding memos as notes, reconciliation decisions as notes
referred to by the selections they concern, and sets: one per kind of source
and one per exclusive group of codes.  Positions are code points of the
stored text (NFC, LF), as the standard counts them.

GUIDs are the project's own uuids (and uuids derived from them for what has
none), so the same project exported twice gives the same file but for the
export's date.  Only what the person exporting may read is written: under
independent (blind) coding a coder's export holds their own codings and
memos only, and says so in a note.  Files are written atomically.
"""
from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Optional

from lxml import etree
from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from coding import access, codebook
from coding.access import Acting
from coding.batch import without_gc
from coding.sources import check_text
from exporters.atomic import ExportFailed, check_target, write_atomically
from importers.refi_model import (
    ABOUT_NOTE, DECISION_NOTE, EXCLUSIVE_SET, KIND_LABELS, KIND_SET_PREFIX, SECTION_NOTE, VARIABLE_TYPES, derived,
    describe_code,
)
from storage.models import (
    Attribute, AttributeValue, AuditEntry, Case, Code, Coder, Coding, Decision, Memo, Project, Section, Source,
)

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
NAME_LENGTH = 100  # a selection's name: the text it selects, cut short with "…"
SELECTION, CODING, CODE_REF, NOTE_REF = (f"{{{PROJECT_NS}}}{tag}" for tag in
                                         ("PlainTextSelection", "Coding", "CodeRef", "NoteRef"))


@dataclass
class Exported:
    """What an export wrote, for the command line and the GUI."""

    path: str
    sources: int = 0
    codes: int = 0
    codings: int = 0
    coders: int = 0
    cases: int = 0
    notes: int = 0
    only: Optional[str] = None  # blind: the coder whose layer alone was written

    def line(self) -> str:
        what = (f"{self.sources} sources, {self.codes} codes, {self.codings} codings by {self.coders} users, "
                f"{self.cases} cases, {self.notes} notes")
        return f"wrote {self.path}: {what}" + (
            f" (independent coding is on: only {self.only}'s own codings and memos)" if self.only else "")


def version() -> str:
    from importlib import metadata

    try:
        return metadata.version("tandem-qda")
    except metadata.PackageNotFoundError:  # pragma: no cover - a source checkout without installing
        return "dev"


def stamp(value: Optional[dt.datetime]) -> Optional[str]:
    if value is None:
        return None
    return value.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _attributes(**attrs) -> dict[str, str]:
    return {k: _xml_text(v) for k, v in attrs.items() if v is not None}


def _sub(parent, ns: str, tag: str, text: Optional[str] = None, **attrs) -> etree._Element:
    el = etree.SubElement(parent, f"{{{ns}}}{tag}", _attributes(**attrs))
    if text is not None:
        el.text = _xml_text(text)
    return el


def _excerpt(text: str, start: int, end: int) -> str:
    """A selection's name: the text it selects, whitespace made single spaces, cut short with "…"."""
    chunk = text[start:min(end, start + 4 * NAME_LENGTH)]
    words = " ".join(chunk.split())
    if len(words) <= NAME_LENGTH and len(chunk) == end - start:
        return words
    return words[:NAME_LENGTH - 1].rstrip() + "…"


def _xml_text(text: str) -> str:
    """Text XML 1.0 may hold (a stored text may keep a stray control character)."""
    if text.isprintable():
        return text
    return "".join(ch if ch in "\t\n\r" or (" " <= ch <= "\ud7ff") or ("\ue000" <= ch <= "\ufffd")
                   or ch > "\uffff" else "\ufffd" for ch in text)


# --- the codebook ----------------------------------------------------------------------------------


def _codes(session: Session, parent_el, ns: str, memo_refs: Optional[dict[int, list[str]]] = None) -> int:
    """Every code under ``parent_el`` (a <Codes>), nested as in the codebook."""
    elements: dict[int, etree._Element] = {}
    n = 0
    for code, _depth in codebook.walk(session):
        holder = elements[code.parent_id] if code.parent_id is not None else parent_el
        el = _sub(holder, ns, "Code", guid=str(code.uuid), name=code.name,
                  isCodable="true" if code.codable else "false", color=code.colour)
        description = describe_code(code.description, code.inclusion, code.exclusion, code.example, code.summary)
        if description:
            _sub(el, ns, "Description", description)
        for note_guid in (memo_refs or {}).get(code.id, []):
            _sub(el, ns, "NoteRef", targetGUID=note_guid)
        elements[code.id] = el
        n += 1
    return n


def _exclusive_sets(session: Session, sets_el, ns: str, member_attr: str) -> None:
    for code in session.scalars(select(Code).where(Code.exclusive.is_(True)).order_by(Code.id)):
        members = codebook.children_of(session, code)
        if not members:
            continue
        el = _sub(sets_el, ns, "Set", guid=derived(code.uuid, "exclusive"), name=f"{code.name} (exclusive)")
        _sub(el, ns, "Description", f"{EXCLUSIVE_SET}: a coder applies at most one of these codes to a unit")
        for member in members:
            _sub(el, ns, "MemberCode", **{member_attr: str(member.uuid)})


def codebook_xml(session: Session) -> tuple[bytes, int]:
    """The codebook as a REFI-QDA codebook document (.qdc), and its number of codes."""
    ns = CODEBOOK_NS
    root = etree.Element(f"{{{ns}}}CodeBook", nsmap={None: ns}, origin=f"Tandem {version()}")
    n = _codes(session, _sub(root, ns, "Codes"), ns)
    if n == 0:
        raise ExportFailed("The codebook is empty: there is nothing to write as a REFI-QDA codebook.")
    sets = _sub(root, ns, "Sets")
    _exclusive_sets(session, sets, ns, "guid")
    if not len(sets):
        root.remove(sets)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True), n


def export_codebook(session: Session, path: Path) -> int:
    """Write the codebook as a .qdc; returns the number of codes."""
    path = Path(path)
    check_target(path, "the codebook", (".qdc",))
    data, n = codebook_xml(session)
    write_atomically(path, lambda tmp: tmp.write_bytes(data))
    return n


# --- the project -----------------------------------------------------------------------------------


class _Project:
    """Builds project.qde and the source texts from one read session."""

    def __init__(self, session: Session, acting: Acting, now: dt.datetime):
        self.s, self.acting, self.now = session, acting, now
        self.readable = access.readable_layers(session, acting)
        self.coders = list(session.scalars(select(Coder).order_by(Coder.role == "consensus", Coder.name)))
        self.shown = {c.id for c in self.coders if self.readable is None or str(c.uuid) in self.readable}
        self.coder_uuid = {c.id: str(c.uuid) for c in self.coders}
        self.notes: list[tuple] = []  # (guid, name, text, author id, created, modified, marker)
        self.stamps: dict[dt.datetime, str] = {}  # codings made together share their time: each formatted once
        self.case_memos: dict[int, list[str]] = {}  # case id -> note guids (written as links from note to case)
        self.case_uuid: dict[int, str] = {}
        self.kinds: dict[str, list[str]] = {}  # kind of source -> source guids (a set each)

    def _stamp(self, value: dt.datetime) -> str:
        found = self.stamps.get(value)
        if found is None:
            found = self.stamps[value] = stamp(value)
        return found

    def _note(self, guid: str, name: str, text: str, author: Optional[int], created, modified, marker: str = "") -> str:
        self.notes.append((guid, name, text, author, created, modified, marker))
        return guid

    def write(self, stream) -> tuple[list[tuple[str, str]], Exported]:
        """Write project.qde to ``stream`` part by part: each part is built
        on its own, written and dropped — a source at a time — so memory
        holds one source's selections, never the whole document; returns the
        source texts (for the package) and what was written."""
        s, ns = self.s, PROJECT_NS
        project = s.scalars(select(Project)).one()
        last = s.scalar(select(func.max(AuditEntry.at)))
        attrs = {"name": project.title, "origin": f"Tandem {version()}", "creationDateTime": stamp(project.created_at),
                 "modifiedDateTime": stamp(last),
                 f"{{{XSI}}}schemaLocation": f"{ns} http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd"}
        part = etree.Element(f"{{{ns}}}Project", nsmap={None: ns})  # where each part is built before it is written
        out = Exported("")
        with etree.xmlfile(stream, encoding="utf-8") as xf:
            xf.write_declaration()
            with xf.element(f"{{{ns}}}Project", {k: _xml_text(v) for k, v in attrs.items() if v is not None},
                            nsmap={None: ns, "xsi": XSI}):

                def flush() -> None:
                    for child in list(part):
                        xf.write(child, pretty_print=True)  # (which ends in a line break)
                        part.remove(child)

                xf.write("\n")

                users = _sub(part, ns, "Users")
                for coder in self.coders:
                    _sub(users, ns, "User", guid=str(coder.uuid), name=coder.name,
                         id=coder.role if coder.role in ("lead", "consensus") else None)
                out.coders = len(self.coders)
                memos = [m for m in s.scalars(select(Memo).order_by(Memo.created_at, Memo.id))
                         if self.readable is None or m.author_id in self.shown]
                code_memos: dict[int, list[str]] = {}
                for m in memos:
                    if m.code_id is not None:
                        code_memos.setdefault(m.code_id, []).append(
                            self._note(str(m.uuid), m.title, m.text, m.author_id, m.created_at, m.updated_at))
                if s.scalar(select(Code.id).limit(1)) is not None:
                    out.codes = _codes(s, _sub(_sub(part, ns, "CodeBook"), ns, "Codes"), ns, code_memos)
                out.cases = self._cases(part, memos)
                flush()
                texts, out.sources, out.codings = self._sources(xf, memos)
                project_notes = [self._note(str(m.uuid), m.title, m.text, m.author_id, m.created_at, m.updated_at)
                                 for m in memos if m.source_id is None and m.code_id is None and m.case_id is None]
                about = self._note(derived(project.uuid, "about-export"), "About this export", self._about(project),
                                   None, self.now, self.now, ABOUT_NOTE)
                self._notes(part)
                out.notes = len(self.notes)
                self._links(part)
                self._sets(part)
                if project.description:
                    _sub(part, ns, "Description", project.description)
                for guid in project_notes + [about]:
                    _sub(part, ns, "NoteRef", targetGUID=guid)
                flush()
        if self.readable is not None:
            out.only = self.acting.name
        return texts, out

    def _about(self, project: Project) -> str:
        who = (f"only {self.acting.name}'s own codings and memos: independent (blind) coding is on, so the other "
               "coders' layers are left out" if self.readable is not None
               else "every coder's codings and memos" + (" and the consensus layer" if any(
                   c.role == "consensus" for c in self.coders) else ""))
        return (f"Exported from the Tandem project “{project.title}” by {self.acting.name} on "
                f"{self.now:%Y-%m-%d}. It holds {who}. Positions count code points of each source's text as "
                "stored in sources/ (UTF-8, LF line ends).")

    def _cases(self, root, memos: list[Memo]) -> int:
        s, ns = self.s, PROJECT_NS
        attributes = list(s.scalars(select(Attribute).order_by(Attribute.position, Attribute.name)))
        all_cases = list(s.scalars(select(Case).order_by(Case.name)))
        if attributes:
            variables = _sub(root, ns, "Variables")
            for a in attributes:
                var = _sub(variables, ns, "Variable", guid=str(a.uuid), name=a.name,
                           typeOfVariable=VARIABLE_TYPES[a.value_type])
                if a.description:
                    _sub(var, ns, "Description", a.description)
        if not all_cases:
            return 0
        values: dict[int, list[tuple[Attribute, str]]] = {}
        by_id = {a.id: a for a in attributes}
        for case_id, attribute_id, value in s.execute(select(AttributeValue.case_id, AttributeValue.attribute_id,
                                                             AttributeValue.value)):
            values.setdefault(case_id, []).append((by_id[attribute_id], value))
        own_sources: dict[int, list[str]] = {}
        for sid, suuid, cid in s.execute(select(Source.id, Source.uuid, Source.case_id).where(
                Source.case_id.is_not(None)).order_by(Source.name)):
            own_sources.setdefault(cid, []).append(str(suuid))
        sections: dict[int, list[str]] = {}
        for uid, cid in s.execute(select(Section.uuid, Section.case_id).where(
                Section.case_id.is_not(None), Section.kind.in_(("turn", "response")))
                .order_by(Section.source_id, Section.start)):
            sections.setdefault(cid, []).append(str(uid))
        for m in memos:
            if m.case_id is not None:
                self.case_memos.setdefault(m.case_id, []).append(self._note(str(m.uuid), m.title, m.text, m.author_id,
                                                             m.created_at, m.updated_at))
        self.case_uuid = {c.id: str(c.uuid) for c in all_cases}
        holder = _sub(root, ns, "Cases")
        order = {a.id: i for i, a in enumerate(attributes)}
        for case in all_cases:
            el = _sub(holder, ns, "Case", guid=str(case.uuid), name=case.name)
            if case.description:
                _sub(el, ns, "Description", case.description)
            for attribute, value in sorted(values.get(case.id, []), key=lambda av: order[av[0].id]):
                vv = _sub(el, ns, "VariableValue")
                _sub(vv, ns, "VariableRef", targetGUID=str(attribute.uuid))
                kind = VARIABLE_TYPES[attribute.value_type]
                shown = format(Decimal(value), "f") if kind == "Float" else value
                _sub(vv, ns, f"{kind}Value", shown)
            for guid in own_sources.get(case.id, []):
                _sub(el, ns, "SourceRef", targetGUID=guid)
            for guid in sections.get(case.id, []):
                _sub(el, ns, "SelectionRef", targetGUID=guid)
        return len(all_cases)

    def _sources(self, xf, memos: list[Memo]) -> tuple[list[tuple[str, str]], int, int]:
        """<Sources>, written to ``xf`` a source at a time (its codings and
        turns read for it alone)."""
        s, ns = self.s, PROJECT_NS
        rows = s.execute(select(Source.id, Source.uuid, Source.name, Source.kind, Source.text, Source.text_sha256,
                                Source.imported_at).order_by(Source.name)).all()
        if not rows:
            return [], 0, 0
        decision_refs = self._decisions()
        codings_of = select(Coding.uuid, Coding.code_id, Coding.coder_id, Coding.start, Coding.end, Coding.memo,
                            Coding.created_at, Coding.updated_at).where(Coding.source_id == bindparam("sid"))
        if self.readable is not None:
            codings_of = codings_of.where(Coding.coder_id.in_(self.shown or {-1}))
        sections_of = select(Section.uuid, Section.start, Section.end, Section.kind, Section.speaker,
                             Section.is_moderator, Section.question).where(
            Section.source_id == bindparam("sid"), Section.kind.in_(("turn", "response")))
        code_uuid = {i: str(u) for i, u in s.execute(select(Code.id, Code.uuid))}
        source_memos: dict[int, list[Memo]] = {}
        for m in memos:
            if m.source_id is not None:
                source_memos.setdefault(m.source_id, []).append(m)
        texts, n_codings = [], 0
        with xf.element(f"{{{ns}}}Sources"):
            xf.write("\n")
            for sid, suuid, name, kind, text, digest, imported_at in rows:
                text = check_text(name, text, digest)
                guid = str(suuid)
                self.kinds.setdefault(kind, []).append(guid)
                el = etree.Element(f"{{{ns}}}TextSource", _attributes(
                    guid=guid, name=name, plainTextPath=f"internal://{guid}.txt", creationDateTime=stamp(imported_at)),
                    nsmap={None: ns})
                texts.append((f"sources/{guid}.txt", text))
                items = [(c.start, c.end, 0, c) for c in s.execute(codings_of, {"sid": sid})]
                items += [(x.start, x.end, 1, x) for x in s.execute(sections_of, {"sid": sid})]
                items.sort(key=lambda item: (item[0], item[1], item[2], str(item[3].uuid)))
                for start, end, is_section, row in items:
                    if is_section:
                        self._section(el, row, text)
                        continue
                    n_codings += 1
                    coder = self.coder_uuid[row.coder_id]
                    uid = str(row.uuid)
                    created, modified = self._stamp(row.created_at), self._stamp(row.updated_at)
                    sel = etree.SubElement(el, SELECTION, {
                        "guid": uid, "name": _xml_text(_excerpt(text, start, end)), "startPosition": str(start),
                        "endPosition": str(end), "creatingUser": coder, "creationDateTime": created,
                        "modifyingUser": coder, "modifiedDateTime": modified})
                    coding = etree.SubElement(sel, CODING, {"guid": derived(uid, "coding"), "creatingUser": coder,
                                                            "creationDateTime": created})
                    etree.SubElement(coding, CODE_REF, {"targetGUID": code_uuid[row.code_id]})
                    if row.memo:
                        etree.SubElement(coding, NOTE_REF, {"targetGUID": self._note(
                            derived(uid, "memo"), "", row.memo, row.coder_id, row.created_at, row.updated_at)})
                    for note_guid in decision_refs.get(uid, []):
                        etree.SubElement(sel, NOTE_REF, {"targetGUID": note_guid})
                for m in source_memos.get(sid, []):
                    _sub(el, ns, "NoteRef", targetGUID=self._note(str(m.uuid), m.title, m.text, m.author_id,
                                                                   m.created_at, m.updated_at))
                xf.write(el, pretty_print=True)
        xf.write("\n")
        return texts, len(rows), n_codings

    def _section(self, source_el, sec, text: str) -> None:
        parts = [f"{SECTION_NOTE}: {sec.kind}"] + ([f"speaker: {sec.speaker}"] if sec.speaker else []) \
            + (["moderator"] if sec.is_moderator else []) + ([f"question: {sec.question}"] if sec.question else [])
        sel = _sub(source_el, PROJECT_NS, "PlainTextSelection", guid=str(sec.uuid),
                   name=_excerpt(text, sec.start, sec.end), startPosition=str(sec.start),
                   endPosition=str(sec.end))
        _sub(sel, PROJECT_NS, "Description", "; ".join(parts))

    def _decisions(self) -> dict[str, list[str]]:
        """Reconciliation decisions as notes (only for those who may compare
        layers): {coding uuid: [note guid]} for the selections they concern."""
        refs: dict[str, list[str]] = {}
        if self.readable is not None:
            return refs
        names = {c.id: c.name for c in self.coders}
        for d in self.s.scalars(select(Decision).order_by(Decision.decided_at, Decision.id)):
            text = (f"{d.choice} on a {d.kind.replace('_', ' ')} discrepancy ({d.unit}) of '{d.code_path}' between "
                    f"{names.get(d.coder_a_id, '?')} and {names.get(d.coder_b_id, '?')}, decided by {d.decided_by} on "
                    f"{d.decided_at:%Y-%m-%d}; status: {d.status}."
                    + (f"\n\nRationale: {d.rationale}" if d.rationale else "")
                    + (f"\n\nReopened by {d.reopened_by}: {d.reopen_reason}" if d.reopened_by else ""))
            guid = self._note(str(d.uuid), f"Reconciliation decision: {d.code_path}", text, None, d.decided_at,
                              d.decided_at, DECISION_NOTE)
            for uid in [b.get("uuid") for b in d.basis or []] + list(d.created or []):
                if uid and guid not in refs.setdefault(uid, []):
                    refs[uid].append(guid)
        return refs

    def _notes(self, root) -> None:
        if not self.notes:
            return
        holder = _sub(root, PROJECT_NS, "Notes")
        for guid, name, text, author, created, modified, marker in self.notes:
            el = _sub(holder, PROJECT_NS, "Note", guid=guid, name=name or None,
                      creatingUser=self.coder_uuid.get(author) if author is not None else None,
                      creationDateTime=stamp(created), modifiedDateTime=stamp(modified))
            if marker:
                _sub(el, PROJECT_NS, "Description", marker)
            _sub(el, PROJECT_NS, "PlainTextContent", text)

    def _links(self, root) -> None:
        links = [(note, case_id) for case_id, notes in self.case_memos.items() for note in notes]
        if not links:
            return
        holder = _sub(root, PROJECT_NS, "Links")
        for note, case_id in links:
            _sub(holder, PROJECT_NS, "Link", guid=derived(note, "case-link"), name="Memo on case",
                 direction="OneWay", originGUID=note, targetGUID=self.case_uuid[case_id])

    def _sets(self, root) -> None:
        holder = _sub(root, PROJECT_NS, "Sets")
        project_uuid = self.s.scalar(select(Project.uuid))
        for kind, label in KIND_LABELS.items():
            members = self.kinds.get(kind, [])
            if not members:
                continue
            el = _sub(holder, PROJECT_NS, "Set", guid=derived(project_uuid, f"kind:{kind}"), name=label)
            _sub(el, PROJECT_NS, "Description", f"{KIND_SET_PREFIX}{kind}")
            for guid in members:
                _sub(el, PROJECT_NS, "MemberSource", targetGUID=guid)
        _exclusive_sets(self.s, holder, PROJECT_NS, "targetGUID")
        if not len(holder):
            root.remove(holder)


def export_project(session: Session, acting: Acting, path: Path, now: Optional[dt.datetime] = None) -> Exported:
    """Write the project as a .qdpx, as ``acting`` may read it."""
    path = Path(path)
    check_target(path, "the project", (".qdpx",))
    now = now or dt.datetime.now(dt.timezone.utc)
    moment = now.astimezone(dt.timezone.utc).timetuple()[:6]

    def entry(name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=moment)
        info.compress_type = zipfile.ZIP_DEFLATED
        info._compresslevel = 1  # what writestr's compresslevel sets (Python 3.13 names it compress_level)
        info.external_attr = 0o644 << 16
        return info

    written: list[Exported] = []

    def write(tmp: Path) -> None:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
            with without_gc(), archive.open(entry("project.qde"), "w", force_zip64=True) as stream:
                texts, out = _Project(session, acting, now).write(stream)
            for name, text in texts:
                archive.writestr(entry(name), text.encode("utf-8"))
        written.append(out)

    write_atomically(path, write)
    written[0].path = str(path)
    return written[0]
