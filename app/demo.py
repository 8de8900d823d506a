"""The demo study: a fictional evaluation of a hospital mentorship programme,
built through the same importers and core services a user's data goes through:
the focus group as a Zoom-style WebVTT transcript, the interviews as Word
notes, the surveys as Google Forms CSV exports.

The files live in ``resources/demo`` (see its README).  ``codings.csv`` there
holds the two coders' work as annotations — a unit, a code, the quoted span,
and which coder(s) applied it — and is turned into offsets here.
Qt-free, so the command line can build the demo without a display.
"""
from __future__ import annotations

import csv
import os
from pathlib import Path
from typing import Callable, Optional

from sqlalchemy.orm import Session

from coding import access, blind, cases, codebook, coders, codings, sources
from importers import codebook_csv, documents
from storage import create_project
from storage.errors import TandemError
from storage.models import Section, Source

DEMO_DIR = Path(__file__).resolve().parent.parent / "resources" / "demo"
DEMO_FILENAME = "mentorship-demo.tandem"
TITLE = "Northfield Clinical Mentorship Programme — evaluation (demo)"
ACTOR = "Tandem demo"
CODER_A = ("Priya Raman", "lead")
CODER_B = ("Daniel Osei", "coder")

SOURCE_NAMES = {
    "focus_group": "Focus group — mentees and mentors",
    "interview_mentor": "Interview notes — mentor (INT-01)",
    "interview_mentee": "Interview notes — mentee (INT-02)",
    "mentee_survey": "Mentee survey",
    "mentor_survey": "Mentor survey",
}


def default_demo_path() -> Path:
    return Path.home() / "Tandem" / DEMO_FILENAME


def ensure_demo(path: Path) -> Path:
    """The demo project at ``path``, built if it is not there yet."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        build_demo(path)
    return path


def _rows(name: str) -> list[dict[str, str]]:
    with open(DEMO_DIR / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def build_demo(path: Path, replace: bool = False,
               progress: Optional[Callable[[int, int], None]] = None) -> Path:
    """Build the demo project at ``path`` (atomically: a half-built demo never
    appears under that name)."""
    path = Path(path)
    tmp = path.with_name(path.name + ".building")
    for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        if leftover.exists():
            leftover.unlink()
    if path.exists() and not replace:
        raise TandemError(f"{path} already exists.")
    steps = 7
    with create_project(tmp, TITLE) as store:
        with store.transaction(access.system(ACTOR)) as s:
            _build(s, lambda i: progress(i, steps) if progress else None)
        with store.session() as s:
            lead = access.resolve(s, CODER_A[0])
        with store.transaction(lead) as s:  # the lead has started reconciling
            _reconcile(s, lead)
        if progress:
            progress(steps, steps)
    os.replace(tmp, path)
    return path


def _build(s: Session, step: Callable[[int], None]) -> None:
    a = coders.create_coder(s, CODER_A[0], role=CODER_A[1])
    b = coders.create_coder(s, CODER_B[0], role=CODER_B[1])
    codebook_csv.write(s, codebook_csv.parse(DEMO_DIR / "codebook.csv"))
    step(1)

    people = _rows("cases.csv")
    for column in [c for c in people[0] if c != "case"]:
        attribute = cases.ensure_attribute(s, column, cases.infer_type([p[column] for p in people]))
        for person in people:
            cases.set_value(s, cases.ensure_case(s, person["case"]), attribute, person[column])
    step(2)

    speakers = _rows("focus_group_speakers.csv")
    planned = [documents.plan(DEMO_DIR / "focus_group.vtt", documents.ImportOptions(
        kind="focus-group",
        speakers={r["speaker"]: r["case"] for r in speakers if r["moderator"] != "yes"},
        moderators={r["speaker"] for r in speakers if r["moderator"] == "yes"},
    ))]
    for key, case in (("interview_mentor", "INT-01"), ("interview_mentee", "INT-02")):
        planned.append(documents.plan(DEMO_DIR / f"{key}.docx",
                                      documents.ImportOptions(kind="interview", case=case, format="text")))
    step(3)
    for key, group in (("mentee_survey", "Mentee"), ("mentor_survey", "Mentor")):
        planned.append(documents.plan(DEMO_DIR / f"{key}.csv", documents.ImportOptions(
            attributes={"group": group}, id_column="Respondent ID")))
    for p in planned:
        p.name = SOURCE_NAMES[Path(p.original_filename).stem]
    documents.write(s, planned)
    step(4)

    _apply_annotations(s, {"A": a, "B": b})
    # Both coders have finished their independent coding: the lead has opened
    # the comparison, so the demo shows both layers and their agreement.
    blind.set_blind(s, access.of_coder(a), False)
    step(5)
    s.flush()
    step(6)


# The lead's decisions in the demo: which choice for each class, and why (in
# the demo's fictional voice).  Every other discrepancy of the first ones in
# text order is decided, so the review opens part-way through.
DEMO_DECISIONS = {
    "boundary": [("accept-a", "Priya's span keeps the whole example the definition asks for; Daniel's stops "
                              "before the reason is given."),
                 ("accept-b", "Daniel's span is the part that matches the inclusion criterion; the rest is "
                              "context, not the experience itself."),
                 ("both", "Both spans belong: the code applies to the whole passage, as the example shows.")],
    "a_only": [("accept-a", "Fits the inclusion criterion; Daniel agreed on review that he had missed it."),
               ("neither", "Mentioned in passing only; the exclusion criterion rules out hypothetical remarks.")],
    "b_only": [("accept-b", "A clear instance of the definition; Priya agreed it had been overlooked."),
               ("neither", "This is the moderator's paraphrase, not the participant's account.")],
    "different_code": [("accept-a", "The participant describes the relationship, not the programme's structure."),
                       ("both", "The passage speaks to both codes; neither excludes the other.")],
}
DEMO_DECIDED = 18  # decisions taken so far (of the first discrepancies in text order)


def _reconcile(s: Session, lead) -> None:
    from coding.reconcile import decisions
    from coding.reconcile.discrepancies import compare

    comparison = compare(s, lead, CODER_A[0], CODER_B[0])
    decisions.copy_agreements(s, lead, comparison)
    turn = {kind: 0 for kind in DEMO_DECISIONS}
    for d in comparison.discrepancies[: 2 * DEMO_DECIDED: 2]:
        options = DEMO_DECISIONS[d.kind]
        choice, why = options[turn[d.kind] % len(options)]
        turn[d.kind] += 1
        decisions.decide(s, lead, comparison, d.id, choice, why)


def _units(s: Session, key: str) -> dict[str, Section]:
    """The annotation units of one demo source: turn/paragraph numbers, or
    ``RESPONDENT/Qn`` for survey answers."""
    source = sources.get_source(s, SOURCE_NAMES[key])
    secs = sources.sections_of(s, source)
    if key.endswith("_survey"):
        return {f"{sec.case.name}/Q{sec.meta['question_index']}": sec for sec in secs}
    return {str(i): sec for i, sec in enumerate(secs, start=1)}


def _apply_annotations(s: Session, by_letter: dict) -> None:
    units = {key: _units(s, key) for key in SOURCE_NAMES}
    texts: dict[str, str] = {}
    for n, row in enumerate(_rows("codings.csv"), start=2):
        key = row["source"]
        section = units[key].get(row["unit"])
        if section is None:
            raise TandemError(f"demo codings.csv row {n}: no unit '{row['unit']}' in {key}")
        source: Source = section.source
        text = texts.setdefault(key, source.text)
        code = codebook.get_code(s, row["code"])
        for letter in row["coders"]:
            quote = row["quote"]
            if letter == "B" and row.get("quote_b"):
                quote = row["quote_b"]
            start = text.find(quote, section.start, section.end)
            if start < 0:
                raise TandemError(f"demo codings.csv row {n}: quote not found in unit {row['unit']}")
            codings.apply_coding(s, source, code, by_letter[letter], start, start + len(quote))
