"""`tandem agree` end to end, as a user runs it, at the character unit with the
default bootstrap (1,000 resamples): sources of 20,000 characters × 30 codes ×
2 coders × 3 codings per source, code and coder, at 5, 10, 11, 200 and 800
sources; then each unit computed in-process at 200 sources.

    .venv/bin/python benchmarks/bench_agreement.py [--runs 9] [--sizes 5,10,11,200,800]

Targets (end to end, medians): 5 sources ≤ 0.5 s, 200 sources ≤ 0.6 s, 800
sources ≤ 1.0 s — never slower than a tool with no fixed start-up cost.  The
"per-character" column is a plain computation on the same codings that walks
every character (one 0/1 value per character, coder and code, the 2×2 counts
and κ and α from them, no bootstrap): the ratio says how much less work
Tandem's interval arithmetic does.  Prints the figures; asserts nothing.  The
machine this runs on may be shared: run it more than once and read medians.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from agreement_project import build_size  # noqa: E402

import numpy as np  # noqa: E402

from coding import access  # noqa: E402
from coding.agreement.corpus import AgreementRequest, load  # noqa: E402
from coding.agreement.service import compute_agreement  # noqa: E402
from storage import open_project  # noqa: E402

TARGETS = {5: 0.5, 200: 0.6, 800: 1.0}


def end_to_end(path: Path, runs: int) -> tuple[list[float], dict]:
    """Wall-clock seconds of `tandem agree PATH --unit char --json` per run, and
    the last run's report timings."""
    exe = Path(sys.executable).with_name("tandem")
    command = [str(exe), "agree", str(path), "--coders", "A,B", "--unit", "char", "--json", "--as", "A"]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)  # warm the file cache once
    times, timings = [], {}
    for _ in range(runs):
        t0 = time.perf_counter()
        out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        times.append(time.perf_counter() - t0)
        timings = json.loads(out)["timings"]
    return times, timings


def tandem_without_bootstrap(path: Path) -> float:
    """Seconds Tandem computes every coefficient of every code (no bootstrap),
    in-process, the codings already read: median of 5."""
    times = []
    with open_project(path) as store, store.session() as s:
        for _ in range(5):
            report = compute_agreement(s, access.system("bench"), AgreementRequest(("A", "B"), n_boot=0))
            times.append(report.timings["compute_ms"] / 1000)
    return statistics.median(times)


def per_character(path: Path) -> float:
    """Seconds for the plain per-character computation of every code's 2×2
    table, κ and α on the same codings (already read)."""
    with open_project(path) as store, store.session() as s:
        corpus = load(s, AgreementRequest(("A", "B"), unit="char", n_boot=0))
    t0 = time.perf_counter()
    total = corpus.total_length
    for code in range(len(corpus.codes)):
        masks = []
        for coder in range(2):
            mask = np.zeros(total, dtype=bool)
            pick = (corpus.code_idx == code) & (corpus.coder_idx == coder)
            for start, end in zip(corpus.start[pick].tolist(), corpus.end[pick].tolist()):
                mask[start:end] = True
            masks.append(mask)
        a, b = masks
        both = int(np.count_nonzero(a & b))
        a_only, b_only = int(np.count_nonzero(a & ~b)), int(np.count_nonzero(~a & b))
        neither = total - both - a_only - b_only
        po = (both + neither) / total
        pa, pb = (both + a_only) / total, (both + b_only) / total
        pe = pa * pb + (1 - pa) * (1 - pb)
        _kappa = (po - pe) / (1 - pe) if pe < 1 else None
        n1 = 2 * both + a_only + b_only  # α from the coincidence counts of the same table
        n0 = 2 * total - n1
        _alpha = 1 - (2 * total - 1) * (a_only + b_only) / (n1 * n0) if n1 and n0 else None
    return time.perf_counter() - t0


def in_process(path: Path) -> None:
    store = open_project(path)
    for unit, boot in (("char", 1000), ("char", 0), ("section", 1000), ("paragraph", 1000),
                       ("document", 1000), ("segment", 0), ("unitized", 0)):
        times = []
        for _ in range(3):
            with store.session() as s:
                t0 = time.perf_counter()
                report = compute_agreement(s, access.system("bench"),
                                           AgreementRequest(coders=("A", "B"), unit=unit, n_boot=boot))
                times.append(time.perf_counter() - t0)
        label = f"{unit}{' (no bootstrap)' if not boot else ''}"
        print(f"  {label:<24} {statistics.median(times) * 1000:7.0f} ms  (computation "
              f"{report.timings['compute_ms']:5.0f} ms, reading {report.timings['load_ms']:4.0f} ms; "
              f"{len(report.codes)} codes, {report.n_units:,.0f} units)")
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--sizes", default="5,10,11,200,800")
    parser.add_argument("--skip-units", action="store_true", help="end to end only")
    args = parser.parse_args()
    sizes = [int(n) for n in args.sizes.split(",")]
    print(f"`tandem agree --unit char` (default bootstrap) end to end, {args.runs} runs each; "
          "seconds: median (min–max)")
    print("(read and compute: inside the command; per-character: the plain computation on the same "
          "codings, against Tandem's computation without bootstrap)")
    print(f"{'sources':>8} {'median':>7} {'range':>13} {'target':>7} {'read ms':>8} {'compute ms':>10} "
          f"{'per-character ms':>17} {'Tandem ms':>10} {'ratio':>7}")
    for n in sizes:
        t0 = time.perf_counter()
        path = build_size(n)
        built = time.perf_counter() - t0
        times, timings = end_to_end(path, args.runs)
        baseline = per_character(path)
        mine = tandem_without_bootstrap(path)
        target = TARGETS.get(n)
        print(f"{n:>8} {statistics.median(times):7.2f} {min(times):6.2f}–{max(times):<6.2f} "
              f"{(f'≤ {target:.1f}' if target else ''):>7} {timings['load_ms']:8.0f} "
              f"{timings['compute_ms']:10.0f} {baseline * 1000:17.0f} {mine * 1000:10.0f} "
              f"{baseline / mine:6.1f}×" + (f"   (project built in {built:.0f} s)" if built > 1 else ""))
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import sklearn.metrics"], check=True)
    print(f"\nimporting scikit-learn alone: {(time.perf_counter() - t0) * 1000:.0f} ms "
          "(`tandem agree` no longer imports it)")
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    print(f"starting Python alone: {(time.perf_counter() - t0) * 1000:.0f} ms")
    if not args.skip_units:
        print("\nEach unit in-process at 200 sources (median of 3):")
        in_process(build_size(200))


if __name__ == "__main__":
    main()
