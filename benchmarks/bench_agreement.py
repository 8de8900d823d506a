"""Agreement on 36,000 codings (200 sources × 20,000 characters × 30 codes ×
2 coders × 3 codings): every coefficient for every code at the character unit,
the unitized α, and `tandem agree` end to end (process start included).

    .venv/bin/python benchmarks/bench_agreement.py

Targets (issue 4): char computation < 0.3 s; `tandem agree` < 2 s; unitized < 3 s.
Prints the figures; asserts nothing.
"""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from agreement_project import build  # noqa: E402

from coding.agreement.corpus import AgreementRequest  # noqa: E402
from coding import access  # noqa: E402
from coding.agreement.service import compute_agreement  # noqa: E402
from storage import open_project  # noqa: E402


def best_of(fn, runs=5):
    """The fastest of ``runs`` calls, with that call's result."""
    best = None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        seconds = time.perf_counter() - t0
        if best is None or seconds < best[0]:
            best = (seconds, result)
    return best


def main() -> None:
    t0 = time.perf_counter()
    path = build()
    print(f"project:                  {path} (ready in {time.perf_counter() - t0:.1f} s)")
    store = open_project(path)
    for unit, boot in (("char", 1000), ("char", 0), ("section", 1000), ("paragraph", 1000),
                       ("document", 1000), ("segment", 0), ("unitized", 0)):
        with store.session() as s:
            seconds, report = best_of(lambda: compute_agreement(
                s, access.system("bench"), AgreementRequest(coders=("A", "B"), unit=unit, n_boot=boot)), runs=3)
        label = f"{unit}{' (no bootstrap)' if not boot else ''}"
        print(f"{label:<25} {seconds * 1000:8.0f} ms  (computation {report.timings['compute_ms']:5.0f} ms, "
              f"reading {report.timings['load_ms']:4.0f} ms; {len(report.codes)} codes, "
              f"{report.n_units:,.0f} units)")
    store.close()
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import sklearn.metrics"], check=True)
    print(f"importing scikit-learn alone: {(time.perf_counter() - t0) * 1000:5.0f} ms (a fixed cost "
          "inside every `tandem agree`)")
    exe = Path(sys.executable).with_name("tandem")
    for unit in ("char", "unitized"):
        times = []
        for _ in range(3):
            t0 = time.perf_counter()
            subprocess.run([str(exe), "agree", str(path), "--coders", "A,B", "--unit", unit, "--json", "--as", "A"],
                           check=True, stdout=subprocess.DEVNULL)
            times.append(time.perf_counter() - t0)
        print(f"tandem agree --unit {unit:<9} {min(times) * 1000:6.0f} ms end to end (best of 3)")


if __name__ == "__main__":
    main()
