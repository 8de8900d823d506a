"""Merging another coder's copy of a project into this one (offline work).

Each coder works in a copy of the project file; ``merge`` brings the other
copy's codings, memos, cases, attribute values, decisions and quotes in:

* sources are matched by their content (the SHA-256 of the stored text), not
  by name; coders, codes, cases and attributes by uuid, then by name;
* a coding already present (by uuid, or the same code, coder and span) is
  not added again, so merging twice adds nothing and no coding is lost;
* codebook edits made on both sides (a code renamed, moved or redefined in
  either copy, or deleted in one and still used in the other) and attribute
  values that differ are *conflicts*: listed, and settled by ``prefer``
  ({"codebook": "into"|"from", "attributes": "into"|"from"}); without a
  choice for a kind that has conflicts, the merge is refused and says which.

One transaction (the caller's), audited: a ``project.merge`` entry with what
came in, and an entry per coding added.  Qt-free; a lead's action (it writes
every coder's layer).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from coding import access, audit, names
from coding.errors import Conflict as ConflictError
from storage.bulk import plain_rows
from storage.models import (Attribute, AttributeValue, AuditEntry, Case, Code, Coder, Coding, Decision, Memo, Quote,
                            Section, Source)

KINDS = ("codebook", "attributes")
CODE_FIELDS = ("name", "description", "inclusion", "exclusion", "example", "summary", "codable", "exclusive",
               "colour")


@dataclass
class MergeConflict:
    kind: str       # "codebook" or "attributes"
    what: str       # the code path or "case / attribute"
    change: str     # renamed, moved, redefined, deleted here, deleted there, value differs
    into: str
    other: str

    def line(self) -> str:
        return f"{self.kind}: {self.what} — {self.change} (this copy: {self.into}; the other: {self.other})"


@dataclass
class MergeReport:
    added: dict[str, int] = field(default_factory=dict)       # what came in, by kind
    matched_by_name: list[str] = field(default_factory=list)  # things the two copies made separately, joined
    conflicts: list[MergeConflict] = field(default_factory=list)
    settled: dict[str, str] = field(default_factory=dict)     # kind -> into | from

    def lines(self) -> list[str]:
        out = [f"{n:,} {k}" for k, n in self.added.items() if n]
        return out or ["nothing new"]


def _deleted(session: Session, entity_type: str) -> set[str]:
    return {str(u) for (u,) in session.execute(select(AuditEntry.entity_uuid).where(
        AuditEntry.action == f"{entity_type}.delete", AuditEntry.entity_uuid.is_not(None)))}


def merge(into: Session, other: Session, acting, prefer: Optional[dict[str, str]] = None) -> MergeReport:
    """Bring ``other``'s work into ``into`` (in the caller's transaction)."""
    access.check_lead(into, acting, "merge another copy of the project (it writes every coder's codings)")
    prefer = dict(prefer or {})
    report = MergeReport()
    m = _Maps(into, other, report)
    m.coders()
    m.cases_and_attributes()
    m.codes()
    m.sources()
    m.values(prefer.get("attributes"))
    unsettled = sorted({c.kind for c in report.conflicts} - {k for k, v in prefer.items() if v in ("into", "from")})
    if unsettled:
        listed = "; ".join(c.line() for c in report.conflicts[:4])
        raise ConflictError(f"The copies disagree ({len(report.conflicts)} conflict(s): {listed}"
                            f"{'; …' if len(report.conflicts) > 4 else ''}). Choose which copy wins for "
                            f"{' and '.join(unsettled)} (--prefer {unsettled[0]}=into or =from); nothing was merged.")
    report.settled = {k: prefer[k] for k in {c.kind for c in report.conflicts}}
    m.apply_code_choices(prefer.get("codebook"))
    m.apply_value_choices(prefer.get("attributes"))
    m.codings()
    m.rest()
    audit.record(into, "project.merge", None, after={"added": report.added, "conflicts": len(report.conflicts),
                                                     "settled": report.settled,
                                                     "matched_by_name": report.matched_by_name[:50]})
    return report


class _Maps:
    """Ids of the other copy -> ids of this one, built kind by kind."""

    def __init__(self, into: Session, other: Session, report: MergeReport):
        self.into, self.other, self.report = into, other, report
        self.coder: dict[int, int] = {}
        self.case: dict[int, int] = {}
        self.attribute: dict[int, int] = {}
        self.code: dict[int, int] = {}
        self.source: dict[int, int] = {}
        self._code_updates: list[tuple[Code, dict]] = []
        self._value_updates: list[tuple[AttributeValue, str]] = []
        self._new_values: list[dict] = []

    def _add(self, kind: str, n: int = 1) -> None:
        self.report.added[kind] = self.report.added.get(kind, 0) + n

    def _match(self, row: dict, existing: dict, by_name: dict, kind: str) -> Optional[int]:
        found = existing.get(str(row["uuid"]))
        if found is None and names.key(row["name"]) in by_name:
            found = by_name[names.key(row["name"])]
            self.report.matched_by_name.append(f"{kind} '{row['name']}'")
        return found

    def _insert(self, model, row: dict, **changes) -> int:
        values = {k: v for k, v in row.items() if k != "id"}
        values.update(changes)
        obj = model(**values)
        self.into.add(obj)
        self.into.flush()
        return obj.id

    def coders(self) -> None:
        existing = {str(c.uuid): c.id for c in self.into.scalars(select(Coder))}
        by_name = {names.key(c.name): c.id for c in self.into.scalars(select(Coder))}
        for row in plain_rows(self.other, Coder):
            found = self._match(row, existing, by_name, "coder")
            self.coder[row["id"]] = found if found is not None else self._insert(Coder, row)
            if found is None:
                self._add("coders")

    def cases_and_attributes(self) -> None:
        for model, target, kind in ((Case, self.case, "cases"), (Attribute, self.attribute, "attributes")):
            existing = {str(r.uuid): r.id for r in self.into.scalars(select(model))}
            by_name = {names.key(r.name): r.id for r in self.into.scalars(select(model))}
            for row in plain_rows(self.other, model):
                found = self._match(row, existing, by_name, kind[:-1])
                target[row["id"]] = found if found is not None else self._insert(model, row)
                if found is None:
                    self._add(kind)

    def codes(self) -> None:
        from coding.codebook import path_of

        mine = {str(c.uuid): c for c in self.into.scalars(select(Code))}
        deleted_here, deleted_there = _deleted(self.into, "code"), _deleted(self.other, "code")
        theirs = plain_rows(self.other, Code)
        other_by_id = {r["id"]: r for r in theirs}
        theirs.sort(key=lambda r: _depth(r, other_by_id))  # parents before their children
        for row in theirs:
            uid = str(row["uuid"])
            parent = self.code.get(row["parent_id"]) if row["parent_id"] is not None else None
            if uid in mine:
                code = mine[uid]
                self.code[row["id"]] = code.id
                differs = {f: row[f] for f in CODE_FIELDS if getattr(code, f) != row[f]}
                moved = parent != code.parent_id
                if differs or moved:
                    what = ("renamed" if "name" in differs else "moved" if moved else "redefined")
                    self.report.conflicts.append(MergeConflict(
                        "codebook", path_of(code), what, _brief(code, differs, moved),
                        _brief_row(row, differs, moved, other_by_id)))
                    self._code_updates.append((code, {**differs, **({"parent_id": parent} if moved else {})}))
                continue
            siblings = {names.key(c.name): c for c in self.into.scalars(select(Code).where(
                Code.parent_id.is_(None) if parent is None else Code.parent_id == parent))}
            twin = siblings.get(names.key(row["name"]))
            if twin is not None:  # both copies made a code of this name here
                self.code[row["id"]] = twin.id
                self.report.matched_by_name.append(f"code '{row['name']}'")
                continue
            if uid in deleted_here:
                self.report.conflicts.append(MergeConflict("codebook", row["name"], "deleted in this copy",
                                                           "deleted", "still there (its codings come in with it)"))
            self.code[row["id"]] = self._insert(Code, row, parent_id=parent)
            self._add("codes")
        for uid in deleted_there & set(mine):
            self.report.conflicts.append(MergeConflict("codebook", path_of(mine[uid]), "deleted in the other copy",
                                                       "still there", "deleted"))

    def apply_code_choices(self, choice: Optional[str]) -> None:
        if choice != "from":
            return
        for code, changes in self._code_updates:
            for key, value in changes.items():
                setattr(code, key, value)
            code.version += 1  # an editor who saw it before the merge is told it changed
        self.into.flush()

    def sources(self) -> None:
        mine = {}
        for s in self.into.scalars(select(Source)):
            mine[s.text_sha256 or s.sha256] = s.id
        for row in plain_rows(self.other, Source):
            found = mine.get(row["text_sha256"] or row["sha256"])
            if found is not None:
                self.source[row["id"]] = found
                continue
            from coding.sources import unique_name

            new_id = self._insert(Source, row, name=unique_name(self.into, row["name"]),
                                  case_id=self.case.get(row["case_id"]) if row["case_id"] else None)
            self.source[row["id"]] = new_id
            for sec in plain_rows(self.other, Section, Section.source_id == row["id"]):
                self._insert(Section, sec, source_id=new_id,
                             case_id=self.case.get(sec["case_id"]) if sec["case_id"] else None)
            self._add("sources")

    def values(self, choice: Optional[str]) -> None:
        cases = {c.id: c.name for c in self.into.scalars(select(Case))}
        attributes = {a.id: a.name for a in self.into.scalars(select(Attribute))}
        for row in plain_rows(self.other, AttributeValue):
            case_id, attribute_id = self.case[row["case_id"]], self.attribute[row["attribute_id"]]
            mine = self.into.get(AttributeValue, (case_id, attribute_id))
            if mine is None:
                self._new_values.append({"case_id": case_id, "attribute_id": attribute_id, "value": row["value"]})
            elif mine.value != row["value"]:
                self.report.conflicts.append(MergeConflict(
                    "attributes", f"{cases[case_id]} / {attributes[attribute_id]}", "value differs", mine.value,
                    row["value"]))
                self._value_updates.append((mine, row["value"]))

    def apply_value_choices(self, choice: Optional[str]) -> None:
        for row in self._new_values:
            self.into.add(AttributeValue(**row))
        self._add("attribute values", len(self._new_values))
        if choice == "from":
            for mine, value in self._value_updates:
                mine.value = value
        self.into.flush()

    def codings(self) -> None:
        from storage.bulk import insert_rows

        have_uuid = {str(u) for (u,) in self.into.execute(select(Coding.uuid))}
        have_span = set(self.into.execute(select(Coding.source_id, Coding.code_id, Coding.coder_id, Coding.start,
                                                 Coding.end)).all())
        rows, log = [], []
        for row in plain_rows(self.other, Coding):
            mapped = {**row, "source_id": self.source[row["source_id"]], "code_id": self.code[row["code_id"]],
                      "coder_id": self.coder[row["coder_id"]]}
            key = (mapped["source_id"], mapped["code_id"], mapped["coder_id"], row["start"], row["end"])
            if str(row["uuid"]) in have_uuid or key in have_span:
                continue
            have_span.add(key)
            mapped.pop("id")
            rows.append(mapped)
            log.append((row["uuid"], None, {"start": row["start"], "end": row["end"], "merged": True}))
        insert_rows(self.into, Coding.__table__, rows)
        audit.record_many(self.into, "coding.apply", "coding", log)
        self._add("codings", len(rows))

    def rest(self) -> None:
        """Memos, decisions and quotes the other copy has and this one has not (by uuid)."""
        coding_ids = {str(u): i for i, u in self.into.execute(select(Coding.id, Coding.uuid))}
        other_coding_uuid = {i: str(u) for i, u in self.other.execute(select(Coding.id, Coding.uuid))}
        for model, kind, remap in (
                (Memo, "memos", lambda r: {"author_id": self.coder.get(r["author_id"]) if r["author_id"] else None,
                                           "source_id": self.source.get(r["source_id"]) if r["source_id"] else None,
                                           "code_id": self.code.get(r["code_id"]) if r["code_id"] else None,
                                           "case_id": self.case.get(r["case_id"]) if r["case_id"] else None}),
                (Decision, "decisions", lambda r: {"coder_a_id": self.coder[r["coder_a_id"]],
                                                   "coder_b_id": self.coder[r["coder_b_id"]],
                                                   "consensus_id": self.coder[r["consensus_id"]],
                                                   "source_id": self.source[r["source_id"]]}),
                (Quote, "quotes", lambda r: {"theme_id": self.code[r["theme_id"]],
                                             "source_id": self.source[r["source_id"]],
                                             "coding_id": coding_ids.get(other_coding_uuid.get(r["coding_id"]))})):
            have = {str(u) for (u,) in self.into.execute(select(model.uuid))}
            n = 0
            for row in plain_rows(self.other, model):
                if str(row["uuid"]) not in have:
                    self._insert(model, row, **remap(row))
                    n += 1
            self._add(kind, n)


def _depth(row: dict, by_id: dict[int, dict]) -> int:
    depth, parent = 0, row["parent_id"]
    while parent is not None:
        depth += 1
        parent = by_id[parent]["parent_id"]
    return depth


def _brief(code: Code, differs: dict, moved: bool) -> str:
    parts = [f"{k}={getattr(code, k)!r}"[:60] for k in differs]
    return ", ".join(parts + (["parent changed"] if moved else [])) or "unchanged"


def _brief_row(row: dict, differs: dict, moved: bool, others: dict) -> str:
    parts = [f"{k}={row[k]!r}"[:60] for k in differs]
    parent = others.get(row["parent_id"], {}).get("name") if row["parent_id"] else "the top"
    return ", ".join(parts + ([f"under {parent}"] if moved else [])) or "unchanged"




class _DryRun(Exception):
    def __init__(self, report: MergeReport):
        super().__init__("dry run")
        self.report = report


def merge_file(store, acting, other_path, prefer: Optional[dict[str, str]] = None,
               dry_run: bool = False) -> MergeReport:
    """Merge the project file ``other_path`` into ``store``: read from a
    copy (the other coder's file is never written, and an older one is
    upgraded in the copy), a backup of ``store`` first, one transaction; a
    dry run reports what would come in and rolls back."""
    import tempfile
    from pathlib import Path

    from storage import backups, migrate, open_project

    other_path = Path(other_path)
    with tempfile.TemporaryDirectory(prefix="tandem-merge-") as folder:
        copy = Path(folder) / "other.tandem"
        open_project(other_path).close()  # a Tandem project, readable (refused in one line otherwise)
        backups._copy(other_path, copy)
        with open_project(copy) as other:
            store.check_writable()
            if not dry_run and store.path is not None:
                backups.take_backup(store.path, migrate.HEAD, "before-merge")
            try:
                with other.session() as theirs, store.transaction(acting) as s:
                    report = merge(s, theirs, acting, prefer)
                    if dry_run:
                        raise _DryRun(report)  # the transaction rolls back
            except _DryRun as dry:
                report = dry.report
    return report
