"""Import speed: 1,000 Zoom-style WebVTT transcripts of about 60 KB each, and a
10,000-respondent survey with 5 free-text questions (Google Forms CSV).

    .venv/bin/python benchmarks/bench_import.py [--transcripts N] [--respondents N]

Targets (2-core machine): transcripts under 60 s, survey under 20 s.  Prints
the figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import csv
import random
import tempfile
import time
from pathlib import Path

from coding import access
from importers import documents
from storage import create_project

WORDS = ("the mentor said we would meet again next week and I felt that it really helped me "
         "think about my career options training rota exams research night shifts honestly").split()
NAMES = ["Amira Haddad", "Jonas Becker", "Mei-Lin Chow", "Tomasz Nowak", "Fiona MacLeod", "Sunil Varma",
         "Ingrid Solberg", "Rafael Duarte"]


def ts(ms: int) -> str:
    h, ms = divmod(ms, 3_600_000)
    m, ms = divmod(ms, 60_000)
    s, ms = divmod(ms, 1000)
    return f"{h:02}:{m:02}:{s:02}.{ms:03}"


def make_vtt(path: Path, rng: random.Random, size: int = 60_000) -> None:
    out, n, clock, length = ["WEBVTT", ""], 0, 0, 0
    while length < size:
        n += 1
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(6, 30)))
        cue = [str(n), f"{ts(clock)} --> {ts(clock + 4000)}", f"{rng.choice(NAMES)}: {text}", ""]
        clock += 4200
        length += sum(len(x) + 2 for x in cue)
        out += cue
    path.write_text("\r\n".join(out), encoding="utf-8", newline="")


def make_survey(path: Path, rng: random.Random, respondents: int) -> None:
    questions = [f"Question {q}: what would you say about aspect {q} of the programme?" for q in range(1, 6)]
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["Timestamp", "Respondent ID", "Group", "Satisfaction (1-5)", *questions])
        for r in range(respondents):
            w.writerow([f"6/{1 + r % 28}/2026 9:{r % 60:02}:00", f"R{r:05}", rng.choice(["Mentee", "Mentor"]),
                        rng.randrange(1, 6)] + [" ".join(rng.choice(WORDS) for _ in range(rng.randrange(5, 40)))
                                               for _ in questions])


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
    rng = random.Random(3)
    vtts = []
    for i in range(args.transcripts):
        p = folder / f"t{i:04}.vtt"
        make_vtt(p, rng)
        vtts.append(p)
    mb = sum(p.stat().st_size for p in vtts) / 1e6
    parse, write, turns = timed_import(vtts, folder, "transcripts")
    print(f"transcripts: {len(vtts)} files, {mb:.0f} MB, {turns:,} turns: "
          f"parse {parse:.1f} s + write {write:.1f} s = {parse + write:.1f} s (target < 60 s)")
    survey = folder / "survey.csv"
    make_survey(survey, rng, args.respondents)
    parse, write, answers = timed_import([survey], folder, "survey")
    print(f"survey: {args.respondents:,} respondents x 5 free-text questions, {answers:,} answers: "
          f"parse {parse:.1f} s + write {write:.1f} s = {parse + write:.1f} s (target < 20 s)")


if __name__ == "__main__":
    main()
