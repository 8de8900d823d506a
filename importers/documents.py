"""Importing files: parse every file first, then write them all in one go.

``plan`` reads one file into a ``PlannedSource`` (plain data, nothing
written): its stored text, its sections (speaker turns, survey responses or
paragraphs), and for surveys the respondents' attribute values.  ``write``
stores planned sources through the core; a caller runs it inside one
``ProjectStore.transaction`` so a batch imports whole or not at all.

Formats are detected from content and extension; ``ImportOptions.format``
overrides detection.
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
from importers import limits
from importers.errors import ImportFailed
from importers.files import decode, read_bytes
from importers.limits import MAX_OFFICE_BYTES
from storage.models import SOURCE_KINDS

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ".vtt", ".srt"}
OFFICE_SUFFIXES = {".docx", ".odt", ".pdf"}
SURVEY_SUFFIXES = {".csv", ".xlsx", ".xlsm", ".tsv"}
SUPPORTED = TEXT_SUFFIXES | OFFICE_SUFFIXES | SURVEY_SUFFIXES


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
    attributes: dict[str, str] = field(default_factory=dict)  # --attr: for the source's cases
    # Surveys: respondent -> attribute -> raw value, and each attribute's type (None: infer).
    case_values: dict[str, dict[str, str]] = field(default_factory=dict)
    attribute_types: dict[str, Optional[str]] = field(default_factory=dict)
    decisions: list[str] = field(default_factory=list)  # what was detected, for the user
    speakers: list[str] = field(default_factory=list)  # a transcript's speakers, as found


@dataclass
class ImportOptions:
    kind: Optional[str] = None
    format: Optional[str] = None
    attributes: dict[str, str] = field(default_factory=dict)
    speakers: dict[str, str] = field(default_factory=dict)  # speaker name -> case name
    moderators: set[str] = field(default_factory=set)
    case: Optional[str] = None
    again: bool = False
    # surveys
    id_column: Optional[str] = None
    text_columns: Optional[list[str]] = None
    attr_columns: Optional[list[str]] = None
    group_column: Optional[str] = None
    dictionary: Optional[Path] = None
    sheet: Optional[str] = None


@dataclass
class ImportReport:
    imported: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # "file: already imported as 'X'"
    decisions: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"imported {name}" for name in self.imported]
        out += [f"skipped {reason}" for reason in self.skipped]
        return out


@dataclass
class ParsedFile:
    """A file read and parsed, before the user's choices (speaker mapping,
    survey column roles) turn it into a ``PlannedSource``.  Plain data."""

    path: Path
    digest: str
    meta: dict[str, Any]
    transcript: Optional[Any] = None  # importers.transcripts.model.Transcript
    survey: Optional[Any] = None  # importers.surveys.model.SurveyTable
    document: Optional[PlannedSource] = None

    @property
    def kind_of_file(self) -> str:
        return "transcript" if self.transcript else "survey" if self.survey else "document"

    def planned(self, options: "ImportOptions") -> PlannedSource:
        if self.transcript is not None:
            from importers.turns import planned_from_transcript

            out = planned_from_transcript(self.transcript, self.path, self.digest, dict(self.meta), options)
        elif self.survey is not None:
            from importers.survey_build import build

            out = build(self.survey, self.path, self.digest, self.path.stem)
        else:
            assert self.document is not None
            out = replace(self.document, sections=list(self.document.sections))
        out.attributes = dict(options.attributes)
        if options.kind is not None:
            out.kind = options.kind
        limits.check_source(self.path, out.text, len(out.sections))
        return out


def read(path: Path, options: ImportOptions) -> ParsedFile:
    """Read and parse one file within ``limits.MAX_SECONDS``; raises
    ImportFailed, writes nothing."""
    with limits.time_limit(path):
        return _read(path, options)


def _read(path: Path, options: ImportOptions) -> ParsedFile:
    if options.kind is not None and options.kind not in SOURCE_KINDS:
        raise ImportFailed(f"Unknown kind '{options.kind}'; use one of: {', '.join(SOURCE_KINDS)}.")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED and options.format is None:
        raise ImportFailed(
            f"{path}: Tandem cannot read '{suffix or 'extension-less'}' files; "
            f"supported: {', '.join(sorted(SUPPORTED))}."
        )
    if options.format == "survey" or (suffix in SURVEY_SUFFIXES and options.format is None):
        from importers.survey_build import read_survey_table

        table, digest = read_survey_table(path, options)
        return ParsedFile(path, digest, {"format": suffix.lstrip(".")}, survey=table)
    if suffix in OFFICE_SUFFIXES:
        return _read_office(path, suffix, options)
    return _read_text(path, suffix, options)


def plan(path: Path, options: ImportOptions) -> PlannedSource:
    """Read one file and apply the options to it; raises ImportFailed, writes nothing."""
    return plan_all([path], options)[0]


def check_speaker_options(options: ImportOptions, planned: list[PlannedSource], paths: list[Path]) -> None:
    """--speaker and --moderator must each name a speaker of at least one of
    the files (a batch may map a speaker who is in only some of them), and
    never the same one."""
    both = set(options.speakers) & set(options.moderators)
    if both:
        raise ImportFailed(
            f"{', '.join(sorted(both))}: given a case with --speaker and marked with --moderator; "
            "a moderator has no case — drop one of the two.")
    named = set(options.speakers) | set(options.moderators)
    if not named:
        return
    found = {sp for p in planned for sp in p.speakers}
    unknown = named - found
    if unknown:
        where = paths[0].name if len(paths) == 1 else f"any of the {len(paths)} files"
        raise ImportFailed(
            f"{where}: no turns by {', '.join(sorted(unknown))}; "
            f"speakers found: {', '.join(sorted(found)) or 'none (the files name no speakers)'}.")


def _read_text(path: Path, suffix: str, options: ImportOptions) -> ParsedFile:
    from importers.transcripts import detect

    data = read_bytes(path)
    decoded = decode(data, path)
    text = normalise(decoded.text)
    if not text.strip():
        raise ImportFailed(f"{path} holds no text.")
    meta = {"format": suffix.lstrip("."), "encoding": decoded.encoding}
    fmt = options.format or (None if options.kind in ("notes", "document") else detect.detect_format(text, suffix))
    if fmt is not None and fmt != "text":
        transcript = detect.parse(text, path.name, suffix, fmt)
        return ParsedFile(path, sha256(data), {**meta, "format": transcript.format}, transcript=transcript)
    return ParsedFile(path, sha256(data), meta, document=_document(path, text, sha256(data), meta, options))


def _document(path: Path, text: str, digest: str, meta: dict, options: ImportOptions,
              sections: Optional[list[SectionSpec]] = None) -> PlannedSource:
    from importers.plain_text import parse_paragraphs

    sections = sections if sections is not None else parse_paragraphs(text)
    return PlannedSource(
        name=path.stem, kind=options.kind or "document", text=text, sha256=digest,
        original_filename=path.name, meta=meta, case_name=options.case,
        sections=[replace(s, case_name=options.case) for s in sections],
        decisions=[f"{path.name}: {meta.get('format')} document, {len(sections)} paragraphs"],
    )


def _read_office(path: Path, suffix: str, options: ImportOptions) -> ParsedFile:
    from importers import office
    from importers.blocks import as_text, as_transcript

    data = read_bytes(path, limit=MAX_OFFICE_BYTES)
    reader = {".docx": office.read_docx, ".odt": office.read_odt, ".pdf": office.read_pdf}[suffix]
    blocks = reader(path, data)
    meta = {"format": suffix.lstrip(".")}
    if options.format not in (None, "text"):  # --format names a transcript layout: read the paragraphs so
        from importers.transcripts import detect

        lines, _sections, _headings = as_text(blocks)
        transcript = detect.parse(normalise(lines), path.name, suffix, options.format)
        return ParsedFile(path, sha256(data), {**meta, "format": transcript.format}, transcript=transcript)
    transcript = None if options.kind in ("notes", "document") or options.format == "text" else \
        as_transcript(blocks, suffix.lstrip("."))
    if transcript is not None:
        return ParsedFile(path, sha256(data), {**meta, "format": transcript.format}, transcript=transcript)
    text, sections, headings = as_text(blocks)
    text = normalise(text)
    if not text.strip():
        raise ImportFailed(f"{path} holds no text.")
    meta = {**meta, "headings": headings}
    return ParsedFile(path, sha256(data), meta,
                      document=_document(path, text, sha256(data), meta, options, sections))


def plan_all(paths: list[Path], options: ImportOptions,
             progress: Optional[Callable[[int, int], None]] = None) -> list[PlannedSource]:
    planned = []
    for i, path in enumerate(paths):
        with limits.time_limit(path):
            planned.append(read(path, options).planned(options))
        if progress:
            progress(i + 1, len(paths))
    check_speaker_options(options, planned, paths)
    return planned


def write(session: Session, planned: list[PlannedSource], again: bool = False,
          progress: Optional[Callable[[int, int], None]] = None) -> ImportReport:
    report = ImportReport()
    seen: dict[str, str] = {}
    for i, p in enumerate(planned):
        report.decisions.extend(p.decisions)
        existing = sources.find_by_sha256(session, p.sha256)
        duplicate_of = existing.name if existing is not None else seen.get(p.sha256)
        if duplicate_of is not None and not again:
            report.skipped.append(
                f"{p.original_filename}: already imported as '{duplicate_of}' (use --again to import it anyway)"
            )
            continue
        matched: list[tuple[str, str]] = []  # names in the file that are existing cases spelled differently
        try:
            if p.case_name:
                cases.ensure_cases(session, [p.case_name], matched)
            case = cases.ensure_case(session, p.case_name) if p.case_name else None
            source = sources.add_source(
                session, sources.unique_name(session, p.name), p.kind, p.text, p.sha256,
                original_filename=p.original_filename, meta={**p.meta, "attributes": p.attributes},
                case=case, sections=p.sections, matched=matched,
            )
            _set_attributes(session, p, case, matched)
        except InvalidRequest as exc:
            raise ImportFailed(f"{p.original_filename}: {exc}") from None
        for given, existing_name in dict.fromkeys(matched):
            report.decisions.append(f"{p.original_filename}: '{given}' is the existing case '{existing_name}' (the "
                                    "same name spelled differently)")
        seen[p.sha256] = source.name
        report.imported.append(source.name)
        if progress:
            progress(i + 1, len(planned))
    return report


def _set_attributes(session: Session, p: PlannedSource, case, matched: Optional[list] = None) -> None:
    """Survey answers and ``--attr`` values become typed case attributes.
    ``--attr`` goes to the source's case, or else to every case of its sections."""
    values: dict[str, dict[str, str]] = {name: dict(vals) for name, vals in p.case_values.items()}
    types = dict(p.attribute_types)
    if p.attributes:
        targets = {case.name} if case is not None else \
            {s.case_name for s in p.sections if s.case_name} | set(p.case_values)
        for target in targets:
            values.setdefault(target, {}).update(p.attributes)
        for name in p.attributes:
            types.setdefault(name, None)
    if not values:
        return
    ids = cases.ensure_cases(session, list(values), matched)
    for name, declared in types.items():
        column = {ids[c]: vals.get(name) for c, vals in values.items() if name in vals}
        value_type = declared or cases.infer_type([v or "" for v in column.values()])
        attribute = cases.find_attribute(session, name) or cases.ensure_attribute(session, name, value_type)
        cases.set_values(session, attribute, column)
