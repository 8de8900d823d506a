"""Import 36,000 codings (200 sources x 20,000 characters x 30 codes x 2 coders
x 3 codings: the one generator's corpus, benchmarks/generator.py) from a
codings CSV into the project without them, and export them again.

    .venv/bin/python benchmarks/bench_codings_import.py

Prints the figures; asserts nothing (speed targets live here, not in tests).
"""
from __future__ import annotations

import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generator import codings_csv, project  # noqa: E402
from benchmarks.sizes import SIZES  # noqa: E402
from coding import access  # noqa: E402
from exporters import codings_csv as codings_out  # noqa: E402
from importers import codings_csv as codings_in  # noqa: E402
from storage import open_project  # noqa: E402


def main() -> None:
    import argparse

    ap = argparse.ArgumentParser()
    ap.add_argument("--per-code", type=int, default=3, help="codings per source, code and coder (3: 36,000; 12: "
                    "144,000)")
    args = ap.parse_args()
    spec = replace(SIZES["medium"].corpus, per_code=args.per_code)  # 200 sources of the one generator's corpus
    folder = Path(tempfile.mkdtemp(prefix="tandem-bench-"))
    path = codings_csv(spec)
    for name in ("bench.tandem", "fresh.tandem"):  # its sources, coders and codebook, without the codings
        shutil.copy(project(spec, "bare"), folder / name)
    fresh = folder / "fresh.tandem"
    store = open_project(folder / "bench.tandem")
    t0 = time.perf_counter()
    parsed = codings_in.parse(path)
    t1 = time.perf_counter()
    with store.transaction(access.system("bench")) as s:
        applied, _ = codings_in.write(s, parsed, path)
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

    tandem = Path(sys.executable).with_name("tandem")
    t6 = time.perf_counter()
    # GNU time reports the command's own peak (a forked child's maxrss would count this process's pages)
    done = subprocess.run(["/usr/bin/time", "-f", "%M", str(tandem), "codings", "import", str(fresh), str(path),
                           "--as", "A"],
                          check=True, capture_output=True, text=True)
    t7 = time.perf_counter()
    peak = int(done.stderr.strip().splitlines()[-1]) / 1024
    print(f"tandem codings import:   {t7 - t6:6.2f} s end to end, peak memory {peak:,.0f} MB "
          "(target: 36,000 under 2 s; 144,000 under 8 s and 300 MB)")


if __name__ == "__main__":
    main()
