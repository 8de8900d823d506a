"""REFI-QDA exchange at size: the one generator's corpus of 200 sources
(benchmarks/generator.py: 20,000 characters each in speaker turns, 30 codes
under two levels, 2 coders, 36,000 codings, 100 cases with two attributes
and a memo on every tenth coding), exported to .qdpx and imported again into
a new project.

    .venv/bin/python benchmarks/bench_refi_qda.py [--runs 5]

Prints the medians (and every run) of: the export (read, build the XML,
write the zip), the import's read (unzip, parse, map and check every
selection: nothing written), and its write (one transaction through the
core, with an audit entry per change); and, once, `tandem import` end to end
in a process of its own.  Target: under 10 s each.  Asserts nothing.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generator import project as generated  # noqa: E402
from benchmarks.sizes import SIZES  # noqa: E402
from coding import access  # noqa: E402
from exporters.refi_qda import export_project  # noqa: E402
from importers import refi_qda  # noqa: E402
from storage import create_project  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="tandem-bench-refi-"))
    project = folder / "bench.tandem"
    shutil.copy(generated(SIZES["medium"].corpus), project)
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
        with target.transaction(access.Acting("A", role="lead")) as s:
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
                           "--as", "A"], check=True, capture_output=True, text=True)
    t5 = time.perf_counter()
    peak = int(done.stderr.strip().splitlines()[-1]) / 1024
    print(f"tandem import (new project, end to end): {t5 - t4:.2f} s, peak memory {peak:,.0f} MB")


if __name__ == "__main__":
    main()
