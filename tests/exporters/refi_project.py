"""A project holding everything REFI-QDA exchange carries, for the export and
round-trip tests: three sources (a focus group with emoji and other
characters outside the Basic Multilingual Plane, a survey, a document), turns
and responses tied to cases, a moderator, a three-level codebook with
definitions, criteria, colours, a grouping and an exclusive group, two
coders and the consensus layer built by one decision, coding memos, typed
attributes of every type, and memos on the project, a source, a code and a
case."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from coding import access, cases, codebook, coders, codings, memos, sources
from coding.reconcile import decisions
from coding.reconcile.discrepancies import compare
from coding.sources import SectionSpec
from coding.text import sha256
from importers.plain_text import parse_paragraphs
from storage.models import (
    Attribute, AttributeValue, Case, Code, Coder, Coding, Memo, Project, Section, Source,
)

FG = ("Kim: Welcome, everyone.\n"
      "Ana: They were helpful 😀, honestly — 𝒜 mentor who always answered my e-mails.\n"
      "Ben: Mine cancelled twice 😕🤣 and then left. Café talk only.\n")
SURVEY = "I could message her any time 👍.\nNot much contact at all.\n"
DOC = "Programme notes.\n\nMeetings were monthly; 𝄞 music club on Fridays.\n"
ACCESS = "Relationship/Positive/Accessibility"
CANCEL = "Relationship/Negative/Cancelled meetings"


def _turns(text: str, cases_of: dict) -> list[SectionSpec]:
    out, pos = [], 0
    for line in text.splitlines(keepends=True):
        who = line.split(":")[0]
        out.append(SectionSpec(kind="turn", start=pos + len(who) + 2, end=pos + len(line) - 1, speaker=who,
                               case_name=cases_of.get(who), is_moderator=who == "Kim"))
        pos += len(line)
    return out


def span_of(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def build(store) -> None:
    with store.transaction(access.system("builder")) as s:
        lena, omar = coders.create_coder(s, "Lena", role="lead"), coders.create_coder(s, "Omar")
        fg = sources.add_source(s, "Focus group 1", "focus-group", FG, sha256(FG.encode()),
                                original_filename="fg1.vtt", sections=_turns(FG, {"Ana": "P1", "Ben": "P2"}))
        cut = SURVEY.index("\n")
        answers = [SectionSpec(kind="response", start=0, end=cut, case_name="R1", question="How often; and why?"),
                   SectionSpec(kind="response", start=cut + 1, end=len(SURVEY) - 1, case_name="R2",
                               question="How often; and why?")]
        survey = sources.add_source(s, "Mentee survey", "survey", SURVEY, sha256(SURVEY.encode()), sections=answers)
        doc = sources.add_source(s, "Notes", "document", DOC, sha256(DOC.encode()), sections=parse_paragraphs(DOC),
                                 case=cases.ensure_case(s, "M1"))
        acc, can = codebook.ensure_path(s, ACCESS), codebook.ensure_path(s, CANCEL)
        codebook.update_code(s, acc, description="Mentor could be reached.", inclusion="Replies, availability",
                             exclusion="Scheduling only", example="She always answered my e-mails.", colour="#12AB34",
                             summary="Mentees could reach their mentor when they needed to.")
        codebook.update_code(s, codebook.get_code(s, "Relationship"), codable=False,
                             description="How mentee and mentor related.")
        view = codebook.create_code(s, "Overall view", exclusive=True, codable=False)
        for name in ("Good", "Mixed", "Bad"):
            codebook.create_code(s, name, parent=view)
        zoe = codebook.create_code(s, "Zoë's café", description="Names with accents")
        group, age = cases.ensure_attribute(s, "group", "text"), cases.ensure_attribute(s, "age", "integer")
        score, joined = cases.ensure_attribute(s, "score", "float"), cases.ensure_attribute(s, "joined", "date")
        active = cases.ensure_attribute(s, "active", "boolean")
        people = {"P1": ("Mentee", 31, 0.1, "2025-01-15", True), "P2": ("Mentee", 45, 1e-05, "2025-02-01", False),
                  "R1": ("Mentee", 28, 3.5, "2024-12-31", True), "R2": ("Mentor", 52, None, None, None)}
        for name, values in people.items():
            case = cases.ensure_case(s, name)
            for attribute, value in zip((group, age, score, joined, active), values):
                if value is not None:
                    cases.set_value(s, case, attribute, value)
        good = codebook.get_code(s, "Overall view/Good")
        for coder, code, src, words, memo in [
            (lena, acc, fg, "helpful 😀, honestly", "Warm tone"), (omar, acc, fg, "helpful 😀, honestly", ""),
            (lena, acc, fg, "𝒜 mentor who always answered my e-mails", ""),
            (omar, acc, fg, "always answered my e-mails", "Only the e-mails"),
            (lena, can, fg, "cancelled twice 😕🤣", ""), (omar, can, fg, "cancelled twice 😕🤣 and then left", ""),
            (lena, good, survey, "message her any time 👍", ""), (omar, zoe, fg, "Café talk", "accents"),
            (lena, acc, doc, "𝄞 music club", ""),
        ]:
            codings.apply_coding(s, src, code, coder, *span_of(src.text, words), memo=memo)
        memos.add_memo(s, "The study's first round.", title="Plan", author=lena)
        memos.add_memo(s, "Recorded on Zoom 🎥.", title="Recording", author=omar, source=fg)
        memos.add_memo(s, "Split into two codes?", author=lena, code=acc)
        memos.add_memo(s, "Joined late.", title="About P2", author=omar, case=cases.get_case(s, "P2"))
    lead = access.of_coder(_coder(store, "Lena"))
    with store.transaction(lead) as s:
        comparison = compare(s, lead, "Lena", "Omar")
        boundary = next(d for d in comparison.discrepancies if d.kind == "boundary")
        decisions.decide(s, lead, comparison, boundary.id, "accept-a", "A's span holds the whole reply")


def _coder(store, name: str) -> Coder:
    with store.session() as s:
        return s.scalar(select(Coder).where(Coder.name == name))


@dataclass
class Snapshot:
    """A project as plain, comparable data (uuids only where they must survive)."""

    sources: dict
    sections: dict
    codes: list
    coders: dict
    codings: list
    cases: dict
    attributes: dict
    memos: list


def snapshot(store) -> Snapshot:
    with store.session() as s:
        case_names = dict(s.execute(select(Case.id, Case.name)).all())
        src = {r.id: r for r in s.scalars(select(Source))}
        sources_ = {r.name: (r.kind, r.text, case_names.get(r.case_id)) for r in src.values()}
        sections = {}
        for sec in s.scalars(select(Section).order_by(Section.source_id, Section.start)):
            sections.setdefault(src[sec.source_id].name, []).append(
                (sec.kind, sec.start, sec.end, sec.speaker, sec.is_moderator, sec.question,
                 case_names.get(sec.case_id)))
        codes = [(codebook.path_of(c), str(c.uuid), c.description, c.inclusion, c.exclusion, c.example, c.summary,
                  c.colour, c.codable, c.exclusive) for c, _d in codebook.walk(s)]
        people = {c.id: c for c in s.scalars(select(Coder))}
        paths = {c.id: codebook.path_of(c) for c in s.scalars(select(Code))}
        coding_rows = sorted((src[c.source_id].name, paths[c.code_id], people[c.coder_id].name, c.start, c.end, c.memo,
                              src[c.source_id].text[c.start:c.end]) for c in s.scalars(select(Coding)))
        attributes = {a.name: a.value_type for a in s.scalars(select(Attribute))}
        names = {a.id: a.name for a in s.scalars(select(Attribute))}
        values: dict = {name: {} for name in case_names.values()}
        for v in s.scalars(select(AttributeValue)):
            values[case_names[v.case_id]][names[v.attribute_id]] = v.value
        memo_rows = sorted([(src[m.source_id].name if m.source_id else None, paths.get(m.code_id),
                            case_names.get(m.case_id), m.title, m.text,
                            people[m.author_id].name if m.author_id in people else None)
                           for m in s.scalars(select(Memo))], key=repr)
        return Snapshot(sources_, sections, codes, {c.name: c.role for c in people.values()}, coding_rows, values,
                        attributes, memo_rows)


def project_title(store) -> str:
    with store.session() as s:
        return s.scalar(select(Project.title))


FIXED = dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.timezone.utc)


def export(store, path, acting=None, now=FIXED):
    """The project exported as .qdpx (as the exporter, at the fixed time)."""
    from exporters.refi_qda import export_project

    with store.session() as s:
        return export_project(s, acting or access.system("exporter"), path, now=now)
