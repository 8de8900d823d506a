"""Import speed: 1,000 Zoom-style WebVTT transcripts of about 60 KB each, and a
10,000-respondent survey with 5 free-text questions (Google Forms CSV), the
files from the one generator (benchmarks/generator.py), measured in-process
(parse, then write); `python -m benchmarks --only import` measures the same
end to end as `tandem import`.

    .venv/bin/python benchmarks/bench_import.py [--transcripts N] [--respondents N]

Targets (2-core machine): transcripts under 60 s, survey under 20 s.  Prints
the figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generator import import_files  # noqa: E402
from benchmarks.sizes import SIZES  # noqa: E402
from coding import access  # noqa: E402
from importers import documents  # noqa: E402
from storage import create_project  # noqa: E402


def timed_import(paths: list[Path], folder: Path, name: str) -> tuple[float, float, int]:
    store = create_project(folder / f"{name}.tandem")
    t0 = time.perf_counter()
    planned = documents.plan_all(paths, documents.ImportOptions())
    t1 = time.perf_counter()
    with store.transaction(access.system("bench")) as s:
        report = documents.write(s, planned)
    t2 = time.perf_counter()
    sections = sum(len(p.sections) for p in planned)
    store.close()
    assert len(report.imported) == len(paths)
    return t1 - t0, t2 - t1, sections


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--transcripts", type=int, default=1000)
    ap.add_argument("--respondents", type=int, default=10_000)
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="tandem-bench-"))
    files = import_files(replace(SIZES["large"].files, transcripts=args.transcripts, respondents=args.respondents))
    vtts = [Path(p) for p in files["vtt"]]
    mb = sum(p.stat().st_size for p in vtts) / 1e6
    parse, write, turns = timed_import(vtts, folder, "transcripts")
    print(f"transcripts: {len(vtts)} files, {mb:.0f} MB, {turns:,} turns: "
          f"parse {parse:.1f} s + write {write:.1f} s = {parse + write:.1f} s (target < 60 s)")
    survey = Path(files["survey-csv"][0])
    parse, write, answers = timed_import([survey], folder, "survey")
    print(f"survey: {args.respondents:,} respondents x 5 free-text questions, {answers:,} answers: "
          f"parse {parse:.1f} s + write {write:.1f} s = {parse + write:.1f} s (target < 20 s)")


if __name__ == "__main__":
    main()
