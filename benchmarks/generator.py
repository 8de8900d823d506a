"""One seeded generator of synthetic projects and of the files to import, for
every benchmark.

A project is described by a ``Spec``: sources × characters per source × codes
× coders × codings per source, code and coder, the share of coder B's codings
that agree exactly with A's, the span lengths and a seed.  Its text is words
in sentences, in speaker turns (each turn a section tied to a case of its
speaker), so every agreement unit (character, sentence, paragraph, section,
document) has something to count.  The codebook is ``Category cc/Theme tt``,
five themes a category (the theme table's shape); 100 cases carry two
attributes (group, age); one coding in ten has a memo.

Projects are built through the core's public functions and its bulk path
(``coding.codings.apply_codings``) into the temporary folder, named by their
parameters, and reused while the file is there; each comes in three forms:

* ``full``: every coder's codings, coding blind off (a lead compares), A a lead;
* ``bare``: the same sources, coders, cases and codebook with no codings (what
  a codings CSV is imported into);
* ``coder-N``: ``bare`` plus coder N's codings alone, with the same uuids —
  one coder's copy of a shared project, for ``tandem merge``.

Import files (``FileSpec``: WebVTT and SRT transcripts, Word documents, a
survey as CSV and XLSX) and the codings CSV of a spec are written beside
them, cached the same way.

    .venv/bin/python -m benchmarks.generator small|medium|large   # build one size, print its paths (JSON)

Built in a process of its own by ``python -m benchmarks`` so that the
measuring process stays small (a child's peak memory starts at its parent's).
"""
from __future__ import annotations

import csv
import hashlib
import json
import random
import shutil
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(tempfile.gettempdir()) / "tandem-bench"
VERSION = 2  # bump when what a spec builds changes: older files are then not reused
WORDS = ("the mentor said we would meet again next week and I felt that it really helped me think about my "
         "career options training rota exams research night shifts honestly support feedback pressure time "
         "cancelled supervisor trust advice confidence portfolio wellbeing").split()
NAMES = ["Amira Haddad", "Jonas Becker", "Mei-Lin Chow", "Tomasz Nowak", "Fiona MacLeod", "Sunil Varma",
         "Ingrid Solberg", "Rafael Duarte"]
N_CASES = 100


@dataclass(frozen=True)
class Spec:
    """A synthetic project: its size and the seed that makes it."""

    sources: int
    chars: int                 # characters per source
    codes: int
    coders: int = 2
    per_code: int = 3          # codings per source, code and coder
    agree: float = 0.6         # share of B's (C's…) codings on exactly A's span
    span: tuple[int, int] = (50, 800)  # coding lengths, inclusive
    turn: int = 1000           # characters per speaker turn
    seed: int = 7

    @property
    def n_codings(self) -> int:
        return self.sources * self.codes * self.coders * self.per_code

    def key(self) -> str:
        return hashlib.sha256(json.dumps([VERSION, asdict(self)]).encode()).hexdigest()[:10]

    def describe(self) -> str:
        return (f"{self.sources:,} sources × {self.chars:,} characters × {self.codes} codes × {self.coders} coders "
                f"× {self.per_code} codings per source, code and coder = {self.n_codings:,} codings")


@dataclass(frozen=True)
class FileSpec:
    """Files to import: transcripts (each format), Word documents and a survey."""

    transcripts: int
    transcript_bytes: int = 60_000
    documents: int = 10
    document_chars: int = 20_000
    respondents: int = 1000
    questions: int = 5
    seed: int = 3

    def key(self) -> str:
        return hashlib.sha256(json.dumps([VERSION, asdict(self)]).encode()).hexdigest()[:10]


CODER_NAMES = ("A", "B", "C", "D", "E")


def code_path(i: int) -> str:
    return f"Category {i // 5:02}/Theme {i:02}"


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randrange(6, 26))]
    return " ".join(words).capitalize() + rng.choice("..?")


def _text(rng: random.Random, spec: Spec, index: int) -> tuple[str, list]:
    """A source's text of exactly spec.chars characters in speaker turns, one
    turn a line, and the turns as sections (start, end, speaker)."""
    parts, turns, pos, k = [], [], 0, 0
    while pos < spec.chars:
        speaker = f"P{(index * 7 + k) % N_CASES:03}"
        k += 1
        head = f"{speaker}: "
        body = []
        size = len(head)
        while size < spec.turn:
            body.append(_sentence(rng))
            size += len(body[-1]) + 1
        line = head + " ".join(body) + "\n"
        line = line[:spec.chars - pos]
        if len(line) > len(head) + 1:
            turns.append((pos + len(head), pos + len(line.rstrip("\n")), speaker))
        parts.append(line)
        pos += len(line)
    return "".join(parts), turns


def codings_of(spec: Spec, lengths: list[int]) -> list[tuple[int, int, int, int, int, str]]:
    """Every coding of the spec as (source, code, coder, start, end, memo): A's
    at random places; each other coder's copying A's span with chance
    ``agree``, else a discrepancy of one of three kinds (a moved boundary,
    another code on the same words, the code somewhere else), so that every
    coder has ``per_code`` codings per source and code.  Seeded: the same
    spec gives the same codings."""
    rng = random.Random(spec.seed * 1_000_003 + 1)
    lo, hi = spec.span
    out = []
    for s, length in enumerate(lengths):
        for c in range(spec.codes):
            for _ in range(spec.per_code):
                start = rng.randrange(0, max(1, length - hi - 30))
                end = start + rng.randint(lo, hi)
                memo = "a memo" if rng.random() < 0.1 else ""
                out.append((s, c, 0, start, end, memo))
                for coder in range(1, spec.coders):
                    if rng.random() < spec.agree:
                        out.append((s, c, coder, start, end, ""))
                        continue
                    kind = rng.randrange(3)
                    if kind == 0:  # a boundary moved
                        a, b = start + rng.randrange(3, 25), end + rng.randrange(-2, 25)
                        out.append((s, c, coder, a, max(b, a + 1), ""))
                    elif kind == 1:  # another code on the same words
                        out.append((s, (c + 1 + rng.randrange(spec.codes - 1)) % spec.codes if spec.codes > 1
                                    else c, coder, start, end, ""))
                    else:  # somewhere else
                        a = rng.randrange(0, max(1, length - hi - 30))
                        out.append((s, c, coder, a, a + rng.randint(lo, hi), ""))
    return out


def _folder(spec: Spec) -> Path:
    return ROOT / f"project-{spec.key()}"


def _build_base(spec: Spec, path: Path) -> list[int]:
    """The bare project (sources, coders, cases, codebook) at path; the
    sources' lengths."""
    from coding import access, blind, cases, codebook, coders, sources
    from coding.sources import SectionSpec
    from storage import create_project

    rng = random.Random(spec.seed)
    store = create_project(path, f"Benchmark: {spec.describe()}")
    lengths = []
    with store.transaction(access.system("bench")) as s:
        made = [coders.create_coder(s, CODER_NAMES[i], role="lead" if i == 0 else "coder")
                for i in range(spec.coders)]
        for i in range(spec.codes):
            codebook.ensure_path(s, code_path(i))
        group, age = cases.ensure_attribute(s, "group", "text"), cases.ensure_attribute(s, "age", "integer")
        for i in range(N_CASES):
            case = cases.ensure_case(s, f"P{i:03}")
            cases.set_value(s, case, group, "Mentee" if i % 3 else "Mentor")
            cases.set_value(s, case, age, 25 + i % 40)
        for i in range(spec.sources):
            text, turns = _text(rng, spec, i)
            sections = [SectionSpec(start=a, end=b, kind="turn", speaker=who, case_name=who) for a, b, who in turns]
            sources.add_source(s, f"s{i:04}", "interview", text, hashlib.sha256(text.encode()).hexdigest(),
                               sections=sections)
            lengths.append(len(text))
        blind.set_blind(s, access.of_coder(made[0]), False)  # the coders have finished: the lead compares
    store.close()
    return lengths


def _apply(spec: Spec, path: Path, rows: list, only_coder=None) -> None:
    from sqlalchemy import select

    from coding import access, codebook
    from coding.codings import NewCoding, apply_codings
    from storage import open_project
    from storage.models import Coder, Source

    store = open_project(path)
    with store.transaction(access.system("bench")) as s:
        srcs = list(s.scalars(select(Source).order_by(Source.name)))
        people = {c.name: c for c in s.scalars(select(Coder))}
        codes = [codebook.get_code(s, code_path(i)) for i in range(spec.codes)]
        items = [NewCoding(srcs[src], codes[c], people[CODER_NAMES[who]], a, b, memo)
                 for src, c, who, a, b, memo in rows if only_coder is None or who == only_coder]
        apply_codings(s, items, skip_existing=True)
    store.close()


def project(spec: Spec, form: str = "full") -> Path:
    """The project file of this spec in this form (built the first time)."""
    folder = _folder(spec)
    path = folder / f"{form}.tandem"
    if path.exists():
        return path
    folder.mkdir(parents=True, exist_ok=True)
    bare = folder / "bare.tandem"
    if not bare.exists():
        part = folder / "bare.part"
        part.unlink(missing_ok=True)
        lengths = _build_base(spec, part)
        part.rename(bare)
        (folder / "lengths.json").write_text(json.dumps(lengths))
    if form == "bare":
        return bare
    lengths = json.loads((folder / "lengths.json").read_text())
    rows = codings_of(spec, lengths)
    only = None if form == "full" else CODER_NAMES.index(form.removeprefix("coder-"))
    part = folder / f"{form}.part"
    shutil.copyfile(bare, part)
    _apply(spec, part, rows, only)
    part.rename(path)
    return path


def codings_csv(spec: Spec) -> Path:
    """The spec's codings as a codings CSV (``tandem codings import``)."""
    path = _folder(spec) / "codings.csv"
    if path.exists():
        return path
    project(spec, "bare")
    lengths = json.loads((_folder(spec) / "lengths.json").read_text())
    part = path.with_suffix(".part")
    with open(part, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["source", "coder", "code", "start", "end", "memo"])
        for src, c, who, a, b, memo in codings_of(spec, lengths):
            writer.writerow([f"s{src:04}", CODER_NAMES[who], code_path(c), a, b, memo])
    part.rename(path)
    return path


def empty_project() -> Path:
    """A new empty project (imports go into copies of it)."""
    path = ROOT / f"empty-v{VERSION}.tandem"
    if not path.exists():
        from storage import create_project

        ROOT.mkdir(parents=True, exist_ok=True)
        part = path.with_suffix(".part")
        part.unlink(missing_ok=True)
        create_project(part, "Import benchmark").close()
        part.rename(path)
    return path


def _ts(ms: int, sep: str) -> str:
    h, ms = divmod(ms, 3_600_000)
    m, ms = divmod(ms, 60_000)
    s, ms = divmod(ms, 1000)
    return f"{h:02}:{m:02}:{s:02}{sep}{ms:03}"


def _cues(rng: random.Random, size: int, srt: bool) -> str:
    """A transcript of about size bytes: WebVTT (Zoom style, CRLF) or SRT."""
    out, n, clock, length = ([] if srt else ["WEBVTT", ""]), 0, 0, 0
    sep = "," if srt else "."
    while length < size:
        n += 1
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(6, 30)))
        cue = [str(n), f"{_ts(clock, sep)} --> {_ts(clock + 4000, sep)}", f"{rng.choice(NAMES)}: {text}", ""]
        clock += 4200
        length += sum(len(x) + 2 for x in cue)
        out += cue
    return "\r\n".join(out)


def _survey_rows(rng: random.Random, files: FileSpec) -> tuple[list[str], list[list]]:
    questions = [f"Question {q}: what would you say about aspect {q} of the programme?"
                 for q in range(1, files.questions + 1)]
    header = ["Timestamp", "Respondent ID", "Group", "Satisfaction (1-5)", *questions]
    rows = [[f"6/{1 + r % 28}/2026 9:{r % 60:02}:00", f"R{r:05}", rng.choice(["Mentee", "Mentor"]),
             rng.randrange(1, 6)] + [" ".join(rng.choice(WORDS) for _ in range(rng.randrange(5, 40)))
                                     for _ in questions]
            for r in range(files.respondents)]
    return header, rows


def import_files(files: FileSpec) -> dict[str, list[str]]:
    """The files of each format to import: {"vtt": [...], "srt": [...],
    "docx": [...], "survey-csv": [path], "survey-xlsx": [path]}."""
    folder = ROOT / f"files-{files.key()}"
    index = folder / "index.json"
    if index.exists():
        return json.loads(index.read_text())
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    rng = random.Random(files.seed)
    out: dict[str, list[str]] = {"vtt": [], "srt": [], "docx": [], "survey-csv": [], "survey-xlsx": []}
    for fmt in ("vtt", "srt"):
        for i in range(files.transcripts):
            p = folder / fmt / f"focus-group-{i:04}.{fmt}"
            p.parent.mkdir(exist_ok=True)
            p.write_text(_cues(rng, files.transcript_bytes, fmt == "srt"), encoding="utf-8", newline="")
            out[fmt].append(str(p))
    import docx

    for i in range(files.documents):
        document, size = docx.Document(), 0
        document.add_heading(f"Interview {i:03}", level=1)
        while size < files.document_chars:
            paragraph = " ".join(_sentence(rng) for _ in range(rng.randrange(2, 8)))
            document.add_paragraph(paragraph)
            size += len(paragraph) + 1
        p = folder / "docx" / f"interview-{i:03}.docx"
        p.parent.mkdir(exist_ok=True)
        document.save(p)
        out["docx"].append(str(p))
    header, rows = _survey_rows(rng, files)
    p = folder / "survey.csv"
    with open(p, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    out["survey-csv"].append(str(p))
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Form Responses 1")
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    p = folder / "survey.xlsx"
    book.save(p)
    out["survey-xlsx"].append(str(p))
    index.write_text(json.dumps(out))
    return out


def build(name: str) -> dict:
    """Everything the size named builds (once), by kind: paths as text."""
    from benchmarks.sizes import SIZES

    size = SIZES[name]
    return {"corpus": {form: str(project(size.corpus, form)) for form in ("full", "bare", "coder-A", "coder-B")},
            "workspace": str(project(size.workspace)), "codings_csv": str(codings_csv(size.corpus)),
            "empty": str(empty_project()), "files": import_files(size.files)}


def main(argv: list[str]) -> int:
    from benchmarks.sizes import SIZES

    if len(argv) != 1 or argv[0] not in SIZES:
        print(f"usage: python -m benchmarks.generator {'|'.join(SIZES)}", file=sys.stderr)
        return 2
    print(json.dumps(build(argv[0])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
