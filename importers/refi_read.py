"""Reading a REFI-QDA project (.qdpx, .qde) or codebook (.qdc) into plain data
(``importers.refi_model.RefiProject``): nothing is written anywhere.

Tolerant of what real tools write: ``Sources/`` or ``sources/``, any ``*.qde``
name, the project and codebook namespace variants (1.0, 1:0, 0:4) or none,
empty ``<Sets/>``, ``plainTextPath`` with or without ``internal://``, CRLF
text, byte-order marks, upper-case GUIDs, ATLAS.ti's ``Parent::Child`` code
names, NVivo's UTF-16 positions.  What Tandem cannot hold (audio, video,
pictures, PDF regions, graphs, links, sets of things Tandem does not group)
is counted into ``not_imported``, never dropped silently.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from coding import names
from importers import limits
from importers.refi_model import (
    ABOUT_NOTE, DECISION_NOTE, EXCLUSIVE_SET, KIND_LABELS, KIND_SET_PREFIX, ROLES, RCase, RCode, RNote, RUser,
    RVariable, RefiProject, derived, guid_uuid, split_description,
)
from importers.refi_package import open_package
from importers.refi_sources import (
    decide_units, decode_text, place, read_source, refuse_if_empty, unsupported_source,
)
from importers.refi_xml import child, children, kind_of, local, parse_pruning, text_of

TYPES = {"text": "text", "boolean": "boolean", "integer": "integer", "float": "float", "date": "date"}
MEDIA = {"AudioSource": "audio sources", "VideoSource": "video sources", "PictureSource": "picture sources"}


def read_refi(path: Path) -> RefiProject:
    """Read and check the whole file; raises ImportFailed, writes nothing."""
    path = Path(path)
    with limits.time_limit(path):
        package = open_package(path)
        try:
            return _Reader(package).read()
        finally:
            package.close()


def _listed(items: list[str], limit: int = 5) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def _colour(value: Optional[str]) -> Optional[str]:
    value = (value or "").strip()
    if len(value) == 4 and value.startswith("#"):
        value = "#" + "".join(ch * 2 for ch in value[1:])
    if len(value) == 7 and value.startswith("#") and all(c in "0123456789abcdefABCDEF" for c in value[1:]):
        return value.upper()
    return None


def _fit(name: str, what: str, fallback: str) -> str:
    """A name Tandem can hold for ``what`` (a coder, case or attribute): clean, within its length."""
    clean = names.clean(name or "") or fallback
    limit = names.LIMITS[what]
    return clean if len(clean) <= limit else clean[:limit - 1] + "…"


def _code_name(name: str) -> str:
    """A code name Tandem can hold: clean, no '/', at most 300 characters."""
    clean = names.clean(name).replace("/", "∕") or "(unnamed code)"
    return clean if len(clean) <= names.LIMITS["code"] else clean[:names.LIMITS["code"] - 1] + "…"


@dataclass
class _Taken:
    """What the sources read so far gave."""

    count: int = 0
    raws: list = field(default_factory=list)
    missing: list = field(default_factory=list)
    media: dict = field(default_factory=dict)
    pdf_regions: int = 0
    source_vars: int = 0
    lost: list = field(default_factory=lambda: [0, 0])


class _Reader:
    def __init__(self, package):
        self.package = package
        self.where = f"{package.path}" + (f": {package.document_name}" if package.document_name != package.path.name
                                          else "")

    def read(self) -> RefiProject:
        self.project, self.taken, self.keeping = None, _Taken(), False
        root = parse_pruning(self.package.document(), self.where, self._take_source)
        project = self._begin(root)
        if project.kind == "codebook":
            self._codes(root)
            self._sets(root, codebook=True)
            return project
        if self.taken.count == 0:
            self._users(root)
        book = child(root, "CodeBook")
        if book is not None:
            self._codes(book)
        self._variables(root)
        self._cases(root)
        self._sources(root)
        self._notes(root)
        self._links(root)
        self._sets(root)
        graphs = child(root, "Graphs")
        if graphs is not None and len(list(children(graphs, "Graph"))):
            project.not_imported.append(f"{len(list(children(graphs, 'Graph')))} graphs (network views): Tandem "
                                        "draws none")
        project.description = text_of(root, "Description").strip()
        project.project_note_guids = [n.get("targetGUID", "") for n in children(root, "NoteRef")]
        self._users_in_use()
        refuse_if_empty(project)
        return project

    def _begin(self, root) -> RefiProject:
        """The project read from the root element (once: its attributes are
        known before its first source is complete)."""
        if self.project is None:
            kind = kind_of(root, self.where)
            origin = (root.get("origin") or "").strip()
            self.project = RefiProject(str(self.package.path), kind, origin, (root.get("name") or "").strip())
            self.root = root
            self.tandem = origin.lower().startswith("tandem")
        return self.project

    def _take_source(self, element) -> bool:
        """A source complete while parsing, read at once so that its
        elements can be dropped — once the users it may fall back on are
        known (they come first in the standard's order; a file that lists
        them after its sources keeps every source for the end)."""
        root = element.getroottree().getroot()
        if self.keeping or child(root, "Users") is None:
            self.keeping = True
            return False
        if self.taken.count == 0:
            self._begin(root)
            self._users(root)
        self._one_source(element, self.taken)
        return True

    # --- users -----------------------------------------------------------------------------------
    def _users(self, root) -> None:
        users = child(root, "Users")
        for user in children(users, "User") if users is not None else ():
            role = user.get("id") if self.tandem and user.get("id") in ROLES else "coder"
            guid = user.get("guid", "")
            self.project.users[guid] = RUser(guid, _fit(user.get("name"), "coder", f"User {guid[:8]}"), role)
        self.default_user = self.root.get("creatingUserGUID")
        if self.default_user not in self.project.users:
            self.default_user = next(iter(self.project.users)) if len(self.project.users) == 1 else None

    def _users_in_use(self) -> None:
        """Every user becomes a coder, except the exporting program itself
        (ATLAS.ti lists a user named 'ATLAS.ti') when it made nothing."""
        used = {c.user_guid for s in self.project.sources for c in s.codings}
        used |= {n.user_guid for n in self.project.notes.values()}
        origin = self.project.origin.lower()
        for guid, user in list(self.project.users.items()):
            if guid not in used and user.name.lower() in origin and len(user.name) > 2:
                del self.project.users[guid]
                self.project.not_imported.append(f"the user '{user.name}' (the exporting program itself, with no "
                                                 "codings or notes)")
        if any(c.user_guid is None or c.user_guid not in self.project.users
               for s in self.project.sources for c in s.codings):
            self.project.users.setdefault("", RUser("", "Imported"))  # codings that name no known user

    # --- codes -----------------------------------------------------------------------------------
    def _codes(self, book) -> None:
        codes_el = child(book, "Codes")
        stack = [(c, None) for c in reversed(list(children(codes_el, "Code")))] if codes_el is not None else []
        seen: dict[tuple[Optional[str], str], int] = {}
        by_guid: dict[str, RCode] = {}
        atlas = "atlas" in self.project.origin.lower()
        deferred = []  # ATLAS.ti's 'Parent::Child' codes: placed once every code of the file is known
        while stack:
            element, parent = stack.pop()
            limits.tick()
            if parent is None and atlas and "::" in (element.get("name") or ""):
                deferred.append(element)
                continue
            self._code(element, parent, element.get("name") or "", by_guid, seen)
            stack.extend((c, element.get("guid")) for c in reversed(list(children(element, "Code"))))
        for element in deferred:
            *path, name = [p.strip() for p in (element.get("name") or "").split("::")]
            self._code(element, self._atlas_parents(path, by_guid, seen), name, by_guid, seen)
            stack = [(c, element.get("guid")) for c in reversed(list(children(element, "Code")))]
            while stack:
                sub, parent = stack.pop()
                self._code(sub, parent, sub.get("name") or "", by_guid, seen)
                stack.extend((c, sub.get("guid")) for c in reversed(list(children(sub, "Code"))))
        self.code_guids = set(by_guid)

    def _code(self, element, parent: Optional[str], raw_name: str, by_guid: dict, seen: dict) -> None:
        guid = element.get("guid") or derived(parent or "", raw_name)
        if guid in by_guid:
            return
        description, inclusion, exclusion, example, summary = split_description(text_of(element, "Description"))
        code = RCode(guid, guid_uuid(guid), self._unique(parent, _code_name(raw_name), seen), parent,
                     (element.get("isCodable") or "true").strip().lower() not in ("false", "0"),
                     _colour(element.get("color")), description, inclusion, exclusion, example, summary=summary,
                     note_guids=[n.get("targetGUID", "") for n in children(element, "NoteRef")])
        if code.name != names.clean(raw_name):
            code.renamed_from = raw_name
        by_guid[guid] = code
        self.project.codes.append(code)

    def _unique(self, parent: Optional[str], name: str, seen: dict) -> str:
        """``name``, or ``name (2)``…: siblings need names that differ (ignoring case)."""
        candidate, n = name, 1
        while (parent, names.key(candidate)) in seen:
            n += 1
            candidate = f"{name} ({n})"
        seen[(parent, names.key(candidate))] = 1
        return candidate

    def _atlas_parents(self, path: list[str], by_guid: dict, seen: dict) -> Optional[str]:
        """The code for ATLAS.ti's 'Parent::' prefix: the code of that name,
        or a grouping made for it."""
        parent: Optional[str] = None
        for part in path:
            name = _code_name(part)
            found = next((c for c in by_guid.values() if c.parent == parent and names.same(c.name, name)), None)
            if found is None:
                found = RCode(derived(parent or "", name), guid_uuid(derived(parent or "", name)),
                              self._unique(parent, name, seen), parent, codable=False)
                by_guid[found.guid] = found
                self.project.codes.append(found)
            parent = found.guid
        return parent

    # --- variables and cases ------------------------------------------------------------------------
    def _variables(self, root) -> None:
        found = child(root, "Variables")
        for var in children(found, "Variable") if found is not None else ():
            declared = (var.get("typeOfVariable") or "Text").strip()
            value_type = TYPES.get(declared.lower(), "text")
            note = "" if declared.lower() in TYPES else f"its type {declared} is kept as text"
            self.project.variables[var.get("guid", "")] = RVariable(
                var.get("guid", ""), _fit(var.get("name"), "attribute", "Variable"), value_type,
                text_of(var, "Description"), note)

    def _cases(self, root) -> None:
        found = child(root, "Cases")
        coded = 0
        for case in children(found, "Case") if found is not None else ():
            guid = case.get("guid", "")
            values = {}
            for value in children(case, "VariableValue"):
                ref = child(value, "VariableRef")
                data = next((v for v in value if local(v).endswith("Value")), None)
                if ref is not None and data is not None and (data.text or "").strip():
                    text = data.text.strip()
                    if local(data) == "BooleanValue":  # xsd:boolean also allows 1 and 0
                        text = {"1": "true", "0": "false"}.get(text, text)
                    values[ref.get("targetGUID", "")] = text
            coded += len(list(children(case, "CodeRef")))
            self.project.cases.append(RCase(
                guid, _fit(case.get("name"), "case", f"Case {guid[:8]}"), text_of(case, "Description").strip(),
                values, [r.get("targetGUID", "") for r in children(case, "SourceRef")],
                [r.get("targetGUID", "") for r in children(case, "SelectionRef")]))
        if coded:
            self.project.not_imported.append(f"{coded} codes applied to cases as a whole: Tandem codes text")

    # --- sources ---------------------------------------------------------------------------------
    def _sources(self, root) -> None:
        found = child(root, "Sources")
        taken = self.taken  # those read while parsing, then those still in the tree
        for element in list(found) if found is not None else ():
            self._one_source(element, taken)
        raws, missing, media, pdf_regions, source_vars, lost = (taken.raws, taken.missing, taken.media,
                                                                 taken.pdf_regions, taken.source_vars, taken.lost)
        units, reason = decide_units(raws, self.project.origin)
        if raws:
            self.project.units, self.project.unit_reason = units, reason
        section_guids = {g for case in self.project.cases for g in case.selection_guids}
        missing_codes: dict[str, int] = {}
        code_guids = getattr(self, "code_guids", set())
        self.project.sources = [place(self.project, raw, units, section_guids, code_guids, missing_codes)
                                for raw in raws]
        nots = self.project.not_imported
        if missing:
            nots.append(f"{len(missing)} text sources without their text, with {lost[0]} selections and {lost[1]} "
                        f"codings: {_listed(missing, 8)}")
        for kind, items in media.items():
            nots.append(f"{len(items)} {MEDIA[kind]} ({_listed([i[0] for i in items])}) with "
                        f"{sum(i[1] for i in items)} selections and {sum(i[2] for i in items)} codings: Tandem codes "
                        "text only")
        if pdf_regions:
            nots.append(f"{pdf_regions} PDF region selections (areas of a page): Tandem codes the PDF's text only")
        if source_vars:
            nots.append(f"{source_vars} variable values of sources: Tandem keeps attributes on cases")
        if missing_codes:
            nots.append(f"{sum(missing_codes.values())} codings of codes the file does not define "
                        f"({_listed(sorted(missing_codes))})")
        if self.project.uncoded:
            nots.append(f"{self.project.uncoded} selections with no code, comment or case: Tandem keeps coded "
                        "passages only")

    def _one_source(self, element, taken: "_Taken") -> None:
        name, kind = (element.get("name") or "").strip(), local(element)
        limits.tick()
        taken.count += 1
        taken.source_vars += len(list(children(element, "VariableValue")))
        if kind in MEDIA:
            what, n_sel, n_cod = unsupported_source(element)
            taken.media.setdefault(kind, []).append((name or element.get("guid", "?"), n_sel, n_cod))
            return
        if kind == "PDFSource":
            regions = list(children(element, "PDFSelection"))
            taken.pdf_regions += len(regions)
            text_el = child(element, "Representation")
            raw, why = (read_source(self.package, text_el, name or "PDF", self.default_user)
                        if text_el is not None else (None, ""))
            if raw is None:  # no text representation in the file: the PDF's own text layer
                raw, why_pdf = read_source(self.package, element, name or "PDF", self.default_user)
                why = why or why_pdf
            if raw is not None:
                raw.guid, raw.name = element.get("guid", ""), name or raw.name
        elif kind == "TextSource":
            if not name:
                path = element.get("plainTextPath") or element.get("richTextPath") or ""
                stem = Path(path.replace("\\", "/").rpartition("/")[2]).stem
                name = stem or f"Source {element.get('guid', '')[:8]}"
            raw, why = read_source(self.package, element, name, self.default_user)
        else:
            return
        if raw is None:
            taken.missing.append(f"'{name}' ({why})")
            _kind, n_sel, n_cod = unsupported_source(element)
            taken.lost[0] += n_sel - (len(regions) if kind == "PDFSource" else 0)
            taken.lost[1] += n_cod
        elif not raw.positions.stored:
            taken.missing.append(f"'{name}' (its text is empty)")
        else:
            taken.raws.append(raw)

    # --- notes, links, sets ----------------------------------------------------------------------------
    def _notes(self, root) -> None:
        found = child(root, "Notes")
        coded = 0
        for note in children(found, "Note") if found is not None else ():
            text = text_of(note, "PlainTextContent")
            path = note.get("plainTextPath")
            if not text and path:
                member = self.package.find(path)
                if member is not None:
                    data = self.package.read(member, limits.MAX_TEXT_BYTES, "a note")
                    text = decode_text(data, f"{self.package.path}: {member}")
            marker = text_of(note, "Description").strip()
            coded += sum(1 for el in note.iter() if local(el) == "Coding")
            guid = note.get("guid", "")
            if marker == ABOUT_NOTE:
                self.project.about = " ".join(text.split())
                continue
            if marker not in (DECISION_NOTE,) and marker:
                text = f"{marker}\n\n{text}" if text else marker
            self.project.notes[guid] = RNote(guid, (note.get("name") or "").strip(), text.replace("\r\n", "\n"),
                                             note.get("creatingUser"), marker)
        if coded:
            self.project.not_imported.append(f"{coded} codings inside notes: Tandem codes sources, not memos")

    def _links(self, root) -> None:
        found = child(root, "Links")
        case_guids = {c.guid for c in self.project.cases}
        other = 0
        for link in children(found, "Link") if found is not None else ():
            origin, target = link.get("originGUID", ""), link.get("targetGUID", "")
            if origin in self.project.notes and target in case_guids:
                self.project.case_notes.setdefault(target, []).append(origin)
            else:
                other += 1
        if other:
            self.project.not_imported.append(f"{other} links between items: Tandem has no links")

    def _sets(self, root, codebook: bool = False) -> None:
        found = child(root, "Sets")
        others = []
        codes = {c.guid: c for c in self.project.codes}
        sources = {s.guid: s for s in self.project.sources}
        labels = {label.lower(): kind for kind, label in KIND_LABELS.items()}
        for item in children(found, "Set") if found is not None else ():
            marker = text_of(item, "Description").strip()
            member_codes = [m.get("guid" if codebook else "targetGUID", "") or m.get("targetGUID", "")
                            for m in children(item, "MemberCode")]
            member_sources = [m.get("targetGUID", "") for m in children(item, "MemberSource")]
            if marker.startswith(KIND_SET_PREFIX):
                kind = marker[len(KIND_SET_PREFIX):].strip()
            else:  # a Tandem export renamed by hand still says what it is by its name
                kind = labels.get((item.get("name") or "").lower()) if self.tandem else None
            if kind in KIND_LABELS and member_sources and not member_codes:
                for guid in member_sources:
                    if guid in sources:
                        sources[guid].kind = kind
                continue
            parents = {codes[g].parent for g in member_codes if g in codes}
            if marker.startswith(EXCLUSIVE_SET) and len(parents) == 1 and None not in parents:
                codes_parent = next(c for c in self.project.codes if c.guid == next(iter(parents)))
                codes_parent.exclusive = True
                continue
            others.append(item.get("name") or "?")
        if others:
            self.project.not_imported.append(f"{len(others)} sets ({_listed(others)}): Tandem groups codes only as "
                                             "exclusive groups and sources only by kind")
