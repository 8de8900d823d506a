"""REFI-QDA exchange at size: a project of 200 sources (20,000 characters
each, some emoji among them), 30 codes under two levels, 2 coders, 36,000
codings, 100 cases with two attributes and a memo on every tenth coding,
exported to .qdpx and imported again into a new project.

    .venv/bin/python benchmarks/bench_refi_qda.py [--runs 5]

Prints the medians (and every run) of: the export (read, build the XML,
write the zip), the import's read (unzip, parse, map and check every
selection: nothing written), and its write (one transaction through the
core, with an audit entry per change); and, once, `tandem import` end to end
in a process of its own.  Target: under 10 s each.  Asserts nothing.
"""
from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from coding import access, cases, codebook, coders, codings, sources
from coding.sources import SectionSpec
from coding.text import sha256
from exporters.refi_qda import export_project
from importers import refi_qda
from storage import create_project


def build(path: Path) -> None:
    rng = random.Random(7)
    store = create_project(path, "Bench")
    with store.transaction(access.system("bench")) as s:
        a, b = coders.create_coder(s, "Ana", role="lead"), coders.create_coder(s, "Ben")
        codes = [codebook.ensure_path(s, f"Category {c // 10}/Theme {c // 5}/Code {c:02}") for c in range(30)]
        group, age = cases.ensure_attribute(s, "group", "text"), cases.ensure_attribute(s, "age", "integer")
        people = [cases.ensure_case(s, f"P{i:03}") for i in range(100)]
        for p in people:
            cases.set_value(s, p, group, rng.choice(["Mentee", "Mentor"]))
            cases.set_value(s, p, age, rng.randrange(20, 70))
        items = []
        for i in range(200):
            text = "".join(rng.choice("abcde fghij\n") if rng.random() > 0.001 else "😀" for _ in range(20000))
            turns = [SectionSpec(start=k * 1000, end=k * 1000 + 900, kind="turn", speaker=f"P{(i + k) % 100:03}",
                                 case_name=f"P{(i + k) % 100:03}") for k in range(20)]
            src = sources.add_source(s, f"s{i:03}", "interview", text, sha256(str(i).encode()), sections=turns)
            for n, code in enumerate(codes):
                for coder in (a, b):
                    for _ in range(3):
                        start = rng.randrange(0, 19000)
                        items.append(codings.NewCoding(src, code, coder, start, start + rng.randrange(10, 900),
                                                       "a memo" if rng.random() < 0.1 else ""))
        codings.apply_codings(s, items, skip_existing=True)
    store.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="tandem-bench-refi-"))
    project = folder / "bench.tandem"
    build(project)
    from storage import open_project

    store = open_project(project)
    exports, reads, writes = [], [], []
    qdpx = folder / "bench.qdpx"
    for run in range(args.runs):
        t0 = time.perf_counter()
        with store.session() as s:
            written = export_project(s, access.system("bench"), qdpx)
        t1 = time.perf_counter()
        plan = refi_qda.read(qdpx)
        t2 = time.perf_counter()
        target = create_project(folder / f"import-{run}.tandem", "Imported")
        with target.transaction(access.Acting("Ana", role="lead")) as s:
            report = refi_qda.write(s, plan)
        t3 = time.perf_counter()
        target.close()
        exports.append(t1 - t0)
        reads.append(t2 - t1)
        writes.append(t3 - t2)
    store.close()
    print(written.line())
    print(f".qdpx size:              {qdpx.stat().st_size / 1e6:6.1f} MB")
    print(f"imported:                {report.created}")
    for label, times in (("export", exports), ("import: read + check", reads), ("import: write", writes)):
        print(f"{label:<24} median {statistics.median(times):5.2f} s  (runs: "
              f"{', '.join(f'{t:.2f}' for t in times)})")
    totals = [r + w for r, w in zip(reads, writes)]
    print(f"{'import: total':<24} median {statistics.median(totals):5.2f} s  (target: under 10 s each way)")
    tandem = Path(sys.executable).with_name("tandem")
    t4 = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "%M", str(tandem), "import", str(folder / "cli.tandem"), str(qdpx),
                           "--as", "Ana"], check=True, capture_output=True, text=True)
    t5 = time.perf_counter()
    peak = int(done.stderr.strip().splitlines()[-1]) / 1024
    print(f"tandem import (new project, end to end): {t5 - t4:.2f} s, peak memory {peak:,.0f} MB")


if __name__ == "__main__":
    main()
