"""Importing a REFI-QDA project (.qdpx, .qde) or codebook (.qdc) into a new or
an existing Tandem project.

``read`` parses and checks the whole file first (``importers.refi_read``;
nothing written); ``write`` stores it through the core's own functions
(``coding.coders``, ``codebook``, ``cases``, ``sources``, ``codings``,
``memos``), which check and audit every change, inside the caller's one
``store.transaction(acting)``: an import is whole or absent.

Users become coders, each keeping their codings as their own layer (so
agreement and reconciliation work on an imported team project); a Tandem
export's consensus user becomes the consensus layer again when a lead
imports it.  Into an existing project, coders, codes, cases, attributes and
sources are matched by GUID first, then by name (sources: by name and the
same text), and the report says what was merged; codings and memos already
there are not added twice.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from coding import access, cases, codebook, coders, codings, memos, names, sources
from coding.errors import InvalidRequest, TandemError
from coding.sources import SectionSpec
from coding.text import text_digest
from importers.errors import ImportFailed
from importers.plain_text import parse_paragraphs
from importers.refi_model import DECISION_NOTE, RefiProject, guid_uuid
from importers.refi_read import read_refi
from storage.models import Attribute, Case, Code, Coder, Memo, Source

read = read_refi


@dataclass
class RefiReport:
    """What an import did, for the command line and the GUI."""

    file: str
    created: dict[str, int] = field(default_factory=dict)  # what -> how many
    merged: list[str] = field(default_factory=list)
    present: int = 0  # codings already in the project
    notes: list[str] = field(default_factory=list)  # what the user should know
    summary: list[str] = field(default_factory=list)  # what the file holds, what was not imported

    def add(self, what: str, n: int = 1) -> None:
        if n:
            self.created[what] = self.created.get(what, 0) + n

    def lines(self) -> list[str]:
        made = ", ".join(f"{n} {what}" for what, n in self.created.items() if n) or "nothing new"
        out = [f"imported {self.file}: {made}" + (f"; {self.present} codings already present" if self.present else "")]
        out += [f"merged: {m}" for m in self.merged] + [f"note: {n}" for n in self.notes]
        return out + self.summary[1:]

    def as_json(self) -> dict:
        return {"file": self.file, "created": self.created, "merged": self.merged, "already_present": self.present,
                "notes": self.notes, "summary": self.summary}


def write(session: Session, project: RefiProject, progress: Optional[Callable[[int, int], None]] = None) -> RefiReport:
    """Store ``project`` in the open transaction; raises ImportFailed (nothing
    is committed by the caller then)."""
    try:
        return _Writer(session, project, progress).run()
    except ImportFailed:
        raise
    except InvalidRequest as exc:
        raise ImportFailed(f"{project.path}: {exc}") from None


class _Writer:
    def __init__(self, session: Session, project: RefiProject, progress):
        self.s, self.p = session, project
        self.progress = progress or (lambda done, total: None)
        self.report = RefiReport(project.path, summary=project.summary())
        self.coders: dict[str, Coder] = {}  # user guid -> coder
        self.codes: dict[str, Code] = {}  # code guid -> code
        self.cases: dict[str, Case] = {}
        self.sources: dict[str, Source] = {}
        self.notes_used: set[str] = set()
        self._taken: dict = {}  # model -> uuids the project has (identities kept only where free)

    def run(self) -> RefiReport:
        steps = [self._coders, self._codes, self._cases, self._sources, self._codings, self._roles, self._consensus,
                 self._memos]
        for i, step in enumerate(steps):
            self.progress(i, len(steps))
            step()
        self.progress(len(steps), len(steps))
        return self.report

    # --- coders -----------------------------------------------------------------------------------
    def _coders(self) -> None:
        """Every user is a coder (found by GUID, then by name, or made); the
        file's leads are made leads after their team's codings are written
        (``_roles``): a project without a lead yet is open to whoever imports."""
        self.was_empty = self.s.scalar(select(Coder.id).limit(1)) is None
        by_uuid = {c.uuid: c for c in self.s.scalars(select(Coder))}
        self.leads: list[Coder] = []
        for guid, user in self.p.users.items():
            found = by_uuid.get(guid_uuid(guid)) if guid else None
            how = "GUID"
            if found is None:
                found, how = coders.find_coder(self.s, user.name), "name"
            if found is None and user.role == "consensus":
                found, how = self.s.scalar(select(Coder).where(Coder.role == "consensus").limit(1)), "role"
            if found is not None:
                self.report.merged.append(f"user '{user.name}' is the coder '{found.name}' (by {how})")
                self.coders[guid] = found
                continue
            made = self.coders[guid] = coders.create_coder(self.s, user.name,
                                                           role="consensus" if user.role == "consensus" else "coder",
                                                           uuid=self._free(Coder, guid))
            if user.role == "lead":
                self.leads.append(made)
            self.report.add("coders")

    def _roles(self) -> None:
        acting = access.current(self.s)
        lead = coders.find_coder(self.s, acting.name) if acting.role == "lead" else None
        for coder in self.leads:
            if access.governed(self.s) and lead is None:
                self.report.notes.append(f"'{coder.name}' was a lead in the file but is a coder here: only a lead may "
                                         "add a lead to this project")
                continue
            coders.set_role(self.s, coder, "lead", by=lead)
            lead = lead or coder  # the project's first lead, from the file: the file's other leads come with them
        if self.was_empty and acting.role == access.GUEST and acting.named:
            me = coders.find_coder(self.s, acting.name)
            if me is not None:  # the person importing is one of the file's users: from now on they act as that coder
                self.s.info["acting"] = access.of_coder(me)

    # --- codes ------------------------------------------------------------------------------------
    def _codes(self) -> None:
        used = {c.code_guid for s in self.p.sources for c in s.codings}
        taken = set(self.s.scalars(select(Code.uuid)))
        by_uuid = {c.uuid: c for c in self.s.scalars(select(Code))}
        for code in self.p.codes:
            parent = self.codes.get(code.parent) if code.parent else None
            found, how = by_uuid.get(code.uuid), "GUID"
            if found is None:
                found, how = names.find(codebook.children_of(self.s, parent), code.name), "name"
            if found is not None:
                self.codes[code.guid] = found
                self.report.merged.append(f"code '{codebook.path_of(found)}' (by {how})")
                if code.guid in used and not found.codable:
                    raise ImportFailed(f"{self.p.path}: the file codes text with '{codebook.path_of(found)}', which "
                                       "is a grouping in this project; make it codable (Ctrl+E) or import into a new "
                                       "project.")
                continue
            made = codebook.create_code(
                self.s, code.name, parent=parent, description=code.description, colour=code.colour,
                codable=code.codable or code.guid in used, exclusive=code.exclusive,
                uuid=code.uuid if code.uuid not in taken else None)
            taken.add(made.uuid)
            extra = {k: v for k, v in (("inclusion", code.inclusion), ("exclusion", code.exclusion),
                                       ("example", code.example), ("summary", code.summary)) if v}
            if extra:
                codebook.update_code(self.s, made, **extra)
            if code.renamed_from is not None:
                self.report.notes.append(f"the code '{code.renamed_from[:80]}' is called '{made.name}' (a code name "
                                         "holds no '/', at most 300 characters, and differs from its siblings')")
            self.codes[code.guid] = made
            self.report.add("codes")

    # --- cases and attributes ---------------------------------------------------------------------
    def _cases(self) -> None:
        if not self.p.cases:
            return
        by_uuid = {c.uuid: c for c in self.s.scalars(select(Case))}
        wanted: dict[str, str] = {}
        for case in self.p.cases:
            found = by_uuid.get(guid_uuid(case.guid))
            wanted[case.guid] = found.name if found is not None else case.name
            if found is not None:
                self.report.merged.append(f"case '{case.name}' is the case '{found.name}' (by GUID)")
        before = set(self.s.scalars(select(Case.name)))
        matched: list[tuple[str, str]] = []
        identities = {wanted[c.guid]: u for c in self.p.cases if (u := self._free(Case, c.guid)) is not None}
        ids = cases.ensure_cases(self.s, list(wanted.values()), matched, identities)
        made = [n for n in set(wanted.values()) if n not in before and names.find(before, n, lambda x: x) is None]
        self.report.add("cases", len(made))
        for given, existing in dict.fromkeys(matched):
            self.report.merged.append(f"case '{given}' is the existing case '{existing}' (by name)")
        for case in self.p.cases:
            self.cases[case.guid] = self.s.get(Case, ids[wanted[case.guid]])
        self._attributes()

    def _attributes(self) -> None:
        by_uuid = {a.uuid: a for a in self.s.scalars(select(Attribute))}
        for guid, var in self.p.variables.items():
            found = by_uuid.get(guid_uuid(guid)) or cases.find_attribute(self.s, var.name)
            if found is not None:
                self.report.merged.append(f"variable '{var.name}' is the attribute '{found.name}' ({found.value_type})")
                attribute = found
            else:
                attribute = cases.ensure_attribute(self.s, var.name, var.value_type)
                self.report.add("attributes")
            if var.note:
                self.report.notes.append(f"variable '{var.name}': {var.note}")
            current = dict(self.s.execute(select(Case.id, Case.name)).all())
            stored = self._stored_values(attribute)
            values, kept, unfit = {}, 0, []
            for case in self.p.cases:
                raw = case.values.get(guid)
                if raw is None:
                    continue
                cid = self.cases[case.guid].id
                try:
                    text = cases.canonical(raw, attribute.value_type, attribute.name)
                except InvalidRequest:
                    unfit.append(f"{current[cid]}: '{raw[:40]}'")
                    continue
                if cid in stored and stored[cid] != text:
                    kept += 1
                elif cid not in stored:
                    values[cid] = raw
            cases.set_values(self.s, attribute, values)
            if kept:
                self.report.notes.append(f"attribute '{attribute.name}': {kept} cases already had another value, "
                                         "kept as it was in the project")
            if unfit:
                self.report.notes.append(f"attribute '{attribute.name}' ({attribute.value_type}): values that do not "
                                         f"fit its type were left out ({', '.join(unfit[:5])})")

    def _stored_values(self, attribute: Attribute) -> dict[int, str]:
        from storage.models import AttributeValue

        return dict(self.s.execute(select(AttributeValue.case_id, AttributeValue.value)
                                   .where(AttributeValue.attribute_id == attribute.id)).all())

    # --- sources ----------------------------------------------------------------------------------
    def _sources(self) -> None:
        existing = self.s.execute(select(Source.id, Source.uuid, Source.name, Source.text_sha256, Source.meta)).all()
        case_of = {g: case.guid for case in self.p.cases for g in case.source_guids}
        section_case = {g: case.guid for case in self.p.cases for g in case.selection_guids}
        for src in self.p.sources:
            digest = text_digest(src.text)
            match, how = None, ""
            for row in existing:
                if row.uuid == guid_uuid(src.guid) or (row.meta or {}).get("refi_guid") == src.guid:
                    match, how = row, "GUID"
                    break
            if match is None:
                match = next((r for r in existing if r.name == src.name and r.text_sha256 == digest), None) or \
                    next((r for r in existing if r.text_sha256 == digest), None)
                how = "name and text" if match is not None and match.name == src.name else "the same text"
            if match is not None and match.text_sha256 == digest:
                self.sources[src.guid] = self.s.get(Source, match.id)
                self.report.merged.append(f"source '{src.name}' is the source '{match.name}' (by {how})")
                continue
            if match is not None:
                self.report.notes.append(f"the project's source '{match.name}' has the GUID of '{src.name}' but "
                                         "another text: imported as a new source")
            specs = [SectionSpec(start=x.start, end=x.end, kind=x.kind, speaker=x.speaker,
                                 case_name=self.cases[section_case[x.guid]].name if x.guid in section_case else None,
                                 is_moderator=x.moderator, question=x.question) for x in sorted(src.sections,
                                                                                                key=lambda x: x.start)]
            specs = specs or parse_paragraphs(src.text)
            case = self.cases.get(case_of.get(src.guid, ""))
            meta = {"format": "refi-qda", "refi_guid": src.guid, "origin": self.p.origin, "positions": src.units}
            made = sources.add_source(self.s, sources.unique_name(self.s, names.fit(src.name[:300], "source")),
                                      src.kind, src.text, src.sha256, original_filename=src.original_filename,
                                      meta=meta, case=case, sections=specs, uuid=self._free(Source, src.guid))
            self.sources[src.guid] = made
            self.report.add("sources")

    # --- codings ----------------------------------------------------------------------------------
    def _codings(self) -> None:
        """Each user's codings into their own layer (the consensus layer's wait for ``_consensus``)."""
        self.consensus_items: list[codings.NewCoding] = []
        items = []
        for src in self.p.sources:
            source = self.sources[src.guid]
            for c in src.codings:
                coder = self.coders.get(c.user_guid or "") or self.coders.get("")
                if coder is None:
                    coder = self.coders[""] = coders.ensure_coder(self.s, "Imported")
                memo = self._memo_of(c.memo, c.note_guids, source)
                (self.consensus_items if coder.role == "consensus" else items).append(codings.NewCoding(
                    source, self.codes[c.code_guid], coder, c.start, c.end, memo,
                    guid_uuid(c.guid) if c.guid else None))  # kept unless the project has it already
        applied = codings.apply_codings(self.s, items, skip_existing=True)
        self.report.add("codings", applied)
        self.report.present += len(items) - applied

    def _consensus(self) -> None:
        """The consensus layer is written only by a lead reconciling: a lead's import restores it."""
        items = self.consensus_items
        if not items:
            return
        if access.current(self.s).role != "lead":
            self.report.notes.append(
                f"the consensus layer's {len(items)} codings were not imported: only a lead writes the consensus "
                "layer; import the file again as a lead (--as NAME, or File › Switch Coder) to add them (what is "
                "already imported is not added twice)")
            return
        with access.reconciling(self.s, items[0].coder):
            applied = codings.apply_codings(self.s, items, skip_existing=True)
        self.report.add("codings", applied)
        self.report.present += len(items) - applied

    def _free(self, model, guid: Optional[str]):
        """The file's GUID as this project's identity for a new row — unless
        the project already has a row with it (then a new one is made)."""
        if not guid:
            return None
        wanted = guid_uuid(guid)
        taken = self._taken.setdefault(model, {u for (u,) in self.s.execute(select(model.uuid))})
        if wanted in taken:
            return None
        taken.add(wanted)
        return wanted

    def _memo_of(self, comment: str, note_guids: list[str], source: Source) -> str:
        parts = [comment] if comment else []
        for guid in note_guids:
            note = self.p.notes.get(guid)
            if note is None:
                continue
            if note.marker == DECISION_NOTE:
                continue  # a note on several selections: kept once, on the source (_memos)
            self.notes_used.add(guid)
            parts.append(f"{note.name}: {note.text}" if note.name and comment else note.text)
        return "\n\n".join(p for p in parts if p)

    # --- memos ------------------------------------------------------------------------------------
    def _memos(self) -> None:
        have = {(m.source_id, m.code_id, m.case_id, m.title, m.text) for m in self.s.scalars(select(Memo))}
        added, decided = 0, [0]

        def add(note_guid: Optional[str], text: str, title: str = "", **target) -> None:
            nonlocal added
            note = self.p.notes.get(note_guid) if note_guid else None
            if note is not None:
                self.notes_used.add(note_guid)
                text, title = note.text, note.name
            key = tuple(getattr(target.get(k), "id", None) for k in ("source", "code", "case")) + (title.strip(), text)
            if not text.strip() or key in have:
                return
            have.add(key)
            author = self.coders.get(note.user_guid or "") if note is not None else None
            memos.add_memo(self.s, text, title=title, author=author,
                           uuid=self._free(Memo, note_guid) if note_guid else None, **target)
            added += 1
            decided[0] += note is not None and note.marker == DECISION_NOTE

        for code in self.p.codes:
            for guid in code.note_guids:
                add(guid, "", code=self.codes[code.guid])
        for src in self.p.sources:
            source = self.sources[src.guid]
            for guid in src.note_guids:
                add(guid, "", source=source)
            for title, comment, note_guids in src.comments:
                add(None, "\n\n".join([comment] + [self.p.notes[g].text for g in note_guids if g in self.p.notes]),
                    title, source=source)
                self.notes_used.update(note_guids)
            for c in src.codings:  # decisions of reconciliation: once each, on their source
                for guid in c.note_guids:
                    note = self.p.notes.get(guid)
                    if note is not None and note.marker == DECISION_NOTE and guid not in self.notes_used:
                        add(guid, "", source=source)
        for case in self.p.cases:
            for guid in self.p.case_notes.get(case.guid, []):
                add(guid, "", case=self.cases[case.guid])
            if case.description:
                add(None, case.description, "Description", case=self.cases[case.guid])
        for guid in self.p.project_note_guids + [g for g in self.p.notes if g not in self.notes_used]:
            if guid not in self.notes_used:
                add(guid, "")
        if self.p.description and not self.p.origin.lower().startswith("tandem"):
            add(None, self.p.description, "Project description")
        self.report.add("memos", added)
        if decided[0]:
            self.report.notes.append(f"{decided[0]} reconciliation decisions are kept as memos on their sources: "
                                     "Tandem records decisions only when a lead reconciles")


def import_files(session: Session, projects: list[RefiProject],
                 progress: Optional[Callable[[int, int], None]] = None) -> list[RefiReport]:
    """Write several files read with ``read`` in one transaction."""
    reports = []
    for project in projects:
        try:
            reports.append(write(session, project, progress))
        except TandemError as exc:
            if isinstance(exc, ImportFailed):
                raise
            raise ImportFailed(f"{Path(project.path).name}: {exc}") from None
    return reports
