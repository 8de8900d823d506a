"""Import 36,000 codings (200 sources x 20,000 characters x 30 codes x 2 coders
x 3 codings) from a codings CSV into a project file, and export them again.

    .venv/bin/python benchmarks/bench_codings_import.py

Prints the figures; asserts nothing (speed targets live here, not in tests).
"""
from __future__ import annotations

import csv
import random
import tempfile
import time
from pathlib import Path

from coding import access, sources
from coding.text import sha256
from exporters import codings_csv as codings_out
from importers import codings_csv
from storage import create_project, open_project


def main() -> None:
    import argparse

    ap = argparse.ArgumentParser()
    ap.add_argument("--per-code", type=int, default=3, help="codings per source, code and coder (3: 36,000; 12: "
                    "144,000)")
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="tandem-bench-"))
    rng = random.Random(1)
    store = create_project(folder / "bench.tandem")
    with store.transaction(access.system("bench")) as s:
        for i in range(200):
            text = "".join(rng.choice("abcde fghij\n") for _ in range(20000))
            sources.add_source(s, f"s{i:03}", "document", text, sha256(str(i).encode()))
    rows = []
    for i in range(200):
        for c in range(30):
            for coder in ("A", "B"):
                for _ in range(args.per_code):
                    a = rng.randrange(0, 19000)
                    rows.append([f"s{i:03}", coder, f"Category/Theme/Code {c:02}", a, a + rng.randrange(10, 900), ""])
    path = folder / "codings.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(codings_out.HEADER)
        writer.writerows(rows)

    import shutil

    store.engine.dispose()  # everything committed to the file: copy it as it is before the import
    fresh = folder / "fresh.tandem"
    shutil.copy(folder / "bench.tandem", fresh)
    t0 = time.perf_counter()
    parsed = codings_csv.parse(path)
    t1 = time.perf_counter()
    with store.transaction(access.system("bench")) as s:
        applied, _ = codings_csv.write(s, parsed, path)
    t2 = time.perf_counter()
    with store.session() as s:
        codings_out.export(s, access.system("bench"), folder / "out.csv")
    t3 = time.perf_counter()
    store.close()
    t4 = time.perf_counter()
    open_project(folder / "bench.tandem").close()
    t5 = time.perf_counter()
    size = (folder / "bench.tandem").stat().st_size / 1e6
    print(f"codings imported:        {applied:,}")
    print(f"parse CSV:               {t1 - t0:6.2f} s")
    print(f"validate + write:        {t2 - t1:6.2f} s  (one transaction, with an audit entry per coding)")
    print(f"export CSV:              {t3 - t2:6.2f} s")
    print(f"reopen project:          {t5 - t4:6.2f} s")
    print(f"project file:            {size:6.1f} MB")
    # as a user runs it: `tandem codings import` in a process of its own, into a copy made before the import
    import subprocess
    import sys

    tandem = Path(sys.executable).with_name("tandem")
    t6 = time.perf_counter()
    # GNU time reports the command's own peak (a forked child's maxrss would count this process's pages)
    done = subprocess.run(["/usr/bin/time", "-f", "%M", str(tandem), "codings", "import", str(fresh), str(path)],
                          check=True, capture_output=True, text=True)
    t7 = time.perf_counter()
    peak = int(done.stderr.strip().splitlines()[-1]) / 1024
    print(f"tandem codings import:   {t7 - t6:6.2f} s end to end, peak memory {peak:,.0f} MB "
          "(target: 36,000 under 2 s; 144,000 under 8 s and 300 MB)")


if __name__ == "__main__":
    main()
