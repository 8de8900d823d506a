"""What the table measures: each benchmark runs one process as a user would
(a ``tandem`` command, or a probe for what only the GUI or the core shows),
times it and takes its peak memory, and gives one or more rows.

Rows (key: what the figure is):

* ``import-*`` — ``tandem import`` of every file of a format into a new
  project, end to end; ``codings-import`` — ``tandem codings import`` of the
  corpus's codings into its project without them;
* ``gui-open`` — the window up, then a project opened to the first paint of
  its first transcript; ``gui-switch`` — another transcript to its first
  paint; ``gui-apply``/``gui-apply-p95`` — a code applied by the GUI's path
  (undo command, one committed transaction, the view updated): median, p95;
* ``agree-UNIT`` — ``tandem agree --unit UNIT --json`` end to end (char with
  the default 1,000 bootstrap resamples); ``agree-char-compute`` — the
  computation inside it; ``per-character`` — the plain loop on the same data;
* ``floor`` — Python started with SQLAlchemy's ORM and numpy imported, which
  every ``tandem`` command pays first;
* ``discrepancies`` — ``tandem discrepancies --json`` end to end;
  ``review-queue`` — the review window's load and queue filled;
  ``review-decide`` — one decision stored (median);
* ``theme-table`` — ``tandem export table`` to Word, 5 quotes a theme;
* ``refi-export``/``refi-import`` — ``tandem export qdpx`` and ``tandem
  import`` of that file into a new project; ``merge`` — ``tandem merge`` of
  coder B's copy into coder A's.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from benchmarks import measure


@dataclass
class Context:
    size: str
    paths: dict          # what the generator built for this size
    work: Path           # a folder of this run's copies
    counts: dict         # facts about the data: codings, sources, files…
    _copies: dict = field(default_factory=dict)

    def fresh(self, source: str, name: str) -> Path:
        """A new copy of ``source`` (the command changes it)."""
        path = self.work / name
        for old in self.work.glob(name + "*"):
            old.unlink()
        shutil.copyfile(source, path)
        return path

    def reading(self, source: str) -> Path:
        """A copy of ``source`` kept for the commands that only read it."""
        if source not in self._copies:
            self._copies[source] = self.fresh(source, f"read-{len(self._copies)}.tandem")
        return self._copies[source]


@dataclass
class Result:
    rows: dict           # row key -> seconds
    peak_mb: float
    notes: dict = field(default_factory=dict)  # row key -> what was counted
    peaks: dict = field(default_factory=dict)  # row key -> its own process's peak, where a bench runs several


@dataclass(frozen=True)
class Bench:
    name: str
    run: Callable[[Context], Result]
    rows: tuple[str, ...]


def _import(fmt: str) -> Callable[[Context], Result]:
    def run(ctx: Context) -> Result:
        files = ctx.paths["files"][fmt]
        project = ctx.fresh(ctx.paths["empty"], f"import-{fmt}.tandem")
        ran = measure.tandem("import", str(project), *files, "--as", "A")
        return Result({f"import-{fmt}": ran.seconds}, ran.peak_mb)
    return run


def codings_import(ctx: Context) -> Result:
    project = ctx.fresh(ctx.paths["corpus"]["bare"], "codings-import.tandem")
    ran = measure.tandem("codings", "import", str(project), ctx.paths["codings_csv"], "--as", "A")
    return Result({"codings-import": ran.seconds}, ran.peak_mb)


def gui_open(ctx: Context) -> Result:
    ran = measure.module("benchmarks.probe_gui", "open", str(ctx.reading(ctx.paths["workspace"])))
    out = ran.json()
    note = f"{out['chars']:,} characters, {out['codings_shown']:,} codings shown"
    return Result({"gui-window": out["window_s"], "gui-open": out["open_paint_s"], "gui-switch": out["switch_s"]},
                  ran.peak_mb, {"gui-switch": note})


def gui_apply(ctx: Context) -> Result:
    ran = measure.module("benchmarks.probe_gui", "apply", str(ctx.fresh(ctx.paths["workspace"], "apply.tandem")))
    out = ran.json()
    return Result({"gui-apply": out["median_s"], "gui-apply-p95": out["p95_s"]}, ran.peak_mb,
                  {"gui-apply": f"{out['applies']} applies; the GUI thread held {out['held_s'] * 1000:.1f} ms"})


UNITS = ("char", "sentence", "paragraph", "section", "document", "unitized")


def _agree(unit: str) -> Callable[[Context], Result]:
    def run(ctx: Context) -> Result:
        ran = measure.tandem("agree", str(ctx.reading(ctx.paths["corpus"]["full"])), "--coders", "A,B",
                             "--unit", unit, "--json", "--as", "A")
        report = ran.json()
        rows = {f"agree-{unit}": ran.seconds}
        notes = {f"agree-{unit}": f"{report.get('n_units', 0):,.0f} units"}
        if unit == "char":
            rows["agree-char-compute"] = report["timings"]["compute_ms"] / 1000
        return Result(rows, ran.peak_mb, notes)
    return run


def floor(_ctx: Context) -> Result:
    """What every command pays before it does anything: Python started, with
    the libraries the core is built on imported (SQLAlchemy's ORM, numpy) —
    the machine's own floor under each ``tandem`` figure in the table."""
    ran = measure.run([measure.PYTHON, "-c", "import sqlalchemy.orm, numpy"])
    return Result({"floor": ran.seconds}, ran.peak_mb)


def per_character(ctx: Context) -> Result:
    ran = measure.module("benchmarks.per_character", str(ctx.reading(ctx.paths["corpus"]["full"])))
    out = ran.json()
    return Result({"per-character": ran.seconds}, ran.peak_mb,
                  {"per-character": f"{out['character_code_pairs']:,} character × code pairs; "
                                    f"compute {out['compute_s']:.1f} s"})


def discrepancies(ctx: Context) -> Result:
    ran = measure.tandem("discrepancies", str(ctx.reading(ctx.paths["workspace"])), "--coders", "A,B", "--json",
                         "--as", "A")
    return Result({"discrepancies": ran.seconds}, ran.peak_mb)


def review(ctx: Context) -> Result:
    ran = measure.module("benchmarks.probe_review", str(ctx.fresh(ctx.paths["workspace"], "review.tandem")))
    out = ran.json()
    return Result({"review-queue": out["queue_s"], "review-decide": out["decide_s"]}, ran.peak_mb,
                  {"review-queue": f"{out['discrepancies']:,} discrepancies",
                   "review-decide": f"median of {out['decisions']}"})


def theme_table(ctx: Context) -> Result:
    ran = measure.tandem("export", "table", str(ctx.reading(ctx.paths["workspace"])), str(ctx.work / "table.docx"),
                         "--coder", "A", "--quotes", "5", "--as", "A")
    return Result({"theme-table": ran.seconds}, ran.peak_mb)


def refi(ctx: Context) -> Result:
    qdpx = ctx.work / "corpus.qdpx"
    out = measure.tandem("export", "qdpx", str(ctx.reading(ctx.paths["corpus"]["full"])), str(qdpx), "--as", "A")
    target = ctx.work / "refi-import.tandem"
    for old in ctx.work.glob("refi-import.tandem*"):
        old.unlink()
    back = measure.tandem("import", str(target), str(qdpx), "--as", "A")
    return Result({"refi-export": out.seconds, "refi-import": back.seconds}, max(out.peak_mb, back.peak_mb),
                  peaks={"refi-export": out.peak_mb, "refi-import": back.peak_mb})


def merge(ctx: Context) -> Result:
    into = ctx.fresh(ctx.paths["corpus"]["coder-A"], "merge-into.tandem")
    ran = measure.tandem("merge", str(into), ctx.paths["corpus"]["coder-B"], "--as", "A")
    for backup in ctx.work.glob("merge-into.tandem.backup*"):
        backup.unlink()
    return Result({"merge": ran.seconds}, ran.peak_mb)


BENCHES = [
    *(Bench(f"import-{fmt}", _import(fmt), (f"import-{fmt}",))
      for fmt in ("vtt", "srt", "docx", "survey-csv", "survey-xlsx")),
    Bench("codings-import", codings_import, ("codings-import",)),
    Bench("gui-open", gui_open, ("gui-window", "gui-open", "gui-switch")),
    Bench("gui-apply", gui_apply, ("gui-apply", "gui-apply-p95")),
    *(Bench(f"agree-{unit}", _agree(unit), (f"agree-{unit}",) + (("agree-char-compute",) if unit == "char" else ()))
      for unit in UNITS),
    Bench("per-character", per_character, ("per-character",)),
    Bench("floor", floor, ("floor",)),
    Bench("discrepancies", discrepancies, ("discrepancies",)),
    Bench("review", review, ("review-queue", "review-decide")),
    Bench("theme-table", theme_table, ("theme-table",)),
    Bench("refi", refi, ("refi-export", "refi-import")),
    Bench("merge", merge, ("merge",)),
]

LABELS = {
    "import-vtt": "import WebVTT transcripts",
    "import-srt": "import SRT transcripts",
    "import-docx": "import Word documents",
    "import-survey-csv": "import a survey (CSV)",
    "import-survey-xlsx": "import a survey (XLSX)",
    "codings-import": "tandem codings import",
    "gui-window": "GUI: start to window shown",
    "gui-open": "GUI: open project to first paint",
    "gui-switch": "GUI: another transcript to first paint",
    "gui-apply": "GUI: apply a code, median",
    "gui-apply-p95": "GUI: apply a code, p95",
    **{f"agree-{u}": f"tandem agree --unit {u}" for u in UNITS},
    "agree-char-compute": "  its computation (char)",
    "per-character": "plain per-character loop",
    "floor": "start-up floor: Python, SQLAlchemy ORM, numpy",
    "discrepancies": "tandem discrepancies (list)",
    "review-queue": "review queue opens",
    "review-decide": "a decision stored",
    "theme-table": "Word theme table",
    "refi-export": "REFI-QDA export (.qdpx)",
    "refi-import": "REFI-QDA import (new project)",
    "merge": "tandem merge (B's copy into A's)",
}


def select(only: str) -> list[Bench]:
    """The benchmarks whose name starts with one of the comma-separated names."""
    if not only:
        return list(BENCHES)
    wanted = [w.strip() for w in only.split(",") if w.strip()]
    chosen = [b for b in BENCHES if any(b.name.startswith(w) for w in wanted)]
    unknown = [w for w in wanted if not any(b.name.startswith(w) for b in BENCHES)]
    if unknown:
        raise SystemExit(f"--only: no benchmark called {', '.join(unknown)}; the names are "
                         f"{', '.join(b.name for b in BENCHES)} (a prefix selects several: import, agree, gui)")
    return chosen
