"""Importing documents: parse every file first, then write them all in one go.

``plan`` turns a file into a ``PlannedSource`` (plain data, nothing written);
``write`` stores planned sources through the core.  A caller runs ``write``
inside one ``ProjectStore.transaction`` so a batch imports whole or not at all.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Optional

from sqlalchemy.orm import Session

from coding import cases, sources
from coding.errors import InvalidRequest
from coding.sources import SectionSpec
from coding.text import normalise, sha256
from importers.errors import ImportFailed
from importers.files import decode, read_bytes
from importers.plain_text import parse_paragraphs, parse_turns
from storage.models import SOURCE_KINDS

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
# Kinds whose plain text is searched for "Name: speech" turns.
TURN_KINDS = {"focus-group", "interview"}


@dataclass
class PlannedSource:
    name: str
    kind: str
    text: str
    sha256: str
    original_filename: str
    sections: list[SectionSpec] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    case_name: Optional[str] = None
    attributes: dict[str, str] = field(default_factory=dict)


@dataclass
class ImportOptions:
    kind: Optional[str] = None
    attributes: dict[str, str] = field(default_factory=dict)
    speakers: dict[str, str] = field(default_factory=dict)  # speaker name -> case name
    moderators: set[str] = field(default_factory=set)
    case: Optional[str] = None
    again: bool = False


@dataclass
class ImportReport:
    imported: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # "file: already imported as 'X'"

    def lines(self) -> list[str]:
        out = [f"imported {name}" for name in self.imported]
        out += [f"skipped {reason}" for reason in self.skipped]
        return out


def guess_kind(path: Path, parsed_turns: bool) -> str:
    return "focus-group" if parsed_turns else "document"


def plan(path: Path, options: ImportOptions) -> PlannedSource:
    """Read and parse one file; raises ImportFailed, writes nothing."""
    if options.kind is not None and options.kind not in SOURCE_KINDS:
        raise ImportFailed(f"Unknown kind '{options.kind}'; use one of: {', '.join(SOURCE_KINDS)}.")
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES:
        raise ImportFailed(
            f"{path}: Tandem cannot read '{suffix or 'extension-less'}' files yet; "
            f"supported: {', '.join(sorted(TEXT_SUFFIXES))}."
        )
    data = read_bytes(path)
    decoded = decode(data, path)
    text = normalise(decoded.text)
    if not text.strip():
        raise ImportFailed(f"{path} holds no text.")
    kind = options.kind
    sections: list[SectionSpec] = []
    if kind is None or kind in TURN_KINDS:
        parsed = parse_turns(text)
        sections = parsed.sections
        kind = kind or guess_kind(path, bool(sections))
    if not sections:
        # Notes and documents: paragraphs are the units, tied to --case if given.
        sections = [replace(s, case_name=options.case) for s in parse_paragraphs(text)]
    return PlannedSource(
        name=path.stem, kind=kind, text=text, sha256=sha256(data), original_filename=path.name,
        sections=sections, meta={"format": suffix.lstrip("."), "encoding": decoded.encoding},
        case_name=options.case, attributes=dict(options.attributes),
    )


def apply_speakers(planned: PlannedSource, speakers: dict[str, str], moderators: set[str]) -> None:
    """Tie each turn to a case: the mapped case, none for moderators, else a
    case named after the speaker."""
    unknown = (set(speakers) | moderators) - {s.speaker for s in planned.sections}
    if unknown and planned.sections:
        raise ImportFailed(
            f"{planned.original_filename}: no turns by {', '.join(sorted(unknown))}; "
            f"speakers found: {', '.join(sorted({s.speaker or '' for s in planned.sections}))}."
        )
    planned.sections = [
        replace(
            spec,
            is_moderator=spec.speaker in moderators,
            case_name=None if spec.speaker in moderators else speakers.get(spec.speaker or "", spec.speaker),
        )
        for spec in planned.sections
    ]


def plan_all(paths: list[Path], options: ImportOptions,
             progress: Optional[Callable[[int, int], None]] = None) -> list[PlannedSource]:
    planned = []
    for i, path in enumerate(paths):
        p = plan(path, options)
        if any(spec.kind == "turn" for spec in p.sections):
            apply_speakers(p, options.speakers, options.moderators)
        planned.append(p)
        if progress:
            progress(i + 1, len(paths))
    return planned


def write(session: Session, planned: list[PlannedSource], again: bool = False) -> ImportReport:
    report = ImportReport()
    seen: dict[str, str] = {}
    for p in planned:
        existing = sources.find_by_sha256(session, p.sha256)
        duplicate_of = existing.name if existing is not None else seen.get(p.sha256)
        if duplicate_of is not None and not again:
            report.skipped.append(
                f"{p.original_filename}: already imported as '{duplicate_of}' (use --again to import it anyway)"
            )
            continue
        try:
            case = cases.ensure_case(session, p.case_name) if p.case_name else None
            source = sources.add_source(
                session, sources.unique_name(session, p.name), p.kind, p.text, p.sha256,
                original_filename=p.original_filename, meta={**p.meta, "attributes": p.attributes},
                case=case, sections=p.sections,
            )
            _set_attributes(session, p, case)
        except InvalidRequest as exc:
            raise ImportFailed(f"{p.original_filename}: {exc}") from None
        seen[p.sha256] = source.name
        report.imported.append(source.name)
    return report


def _set_attributes(session: Session, p: PlannedSource, case) -> None:
    """``--attr`` values go to the source's case, or else to every case its turns belong to."""
    if not p.attributes:
        return
    targets = {case.name} if case is not None else {s.case_name for s in p.sections if s.case_name}
    for name, value in p.attributes.items():
        attribute = cases.ensure_attribute(session, name, cases.infer_type([value]))
        for case_name in sorted(targets):
            cases.set_value(session, cases.ensure_case(session, case_name), attribute, value)
