"""The review's measurements (issue 9), run by ``python -m benchmarks`` in a
process of its own; prints one JSON line.

    python -m benchmarks.probe_review PROJECT   # the queue opening, then decisions stored

The queue opening is what the review window does: its worker's whole load
(``load_review``) and the queue model and filter filled with every row
(offscreen).  Then decisions, each its own committed transaction
(``decide_one``), one of each class in turn: the median.  It changes the
project: give it a copy.
"""
from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

N_DECISIONS = 12


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    from PySide6.QtWidgets import QApplication

    from app.reconcile.queue_model import QueueFilter, QueueModel
    from coding import access
    from coding.reconcile.decisions import ALLOWED, Pair, decide_one
    from coding.reconcile.discrepancies import KINDS
    from coding.reconcile.review import load_review
    from storage import open_project

    app = QApplication(sys.argv[:1])  # the models need one
    store = open_project(Path(argv[0]))
    with store.session() as s:
        lead = access.resolve(s, "A")
    t0 = time.perf_counter()
    with store.session() as s:
        data = load_review(s, lead, "A", "B")
    model, proxy = QueueModel(), QueueFilter()
    proxy.setSourceModel(model)
    model.set_rows(data.comparison.discrepancies)
    proxy.set_cases(data.cases)
    proxy.set_filters(status="open")
    shown = proxy.rowCount()  # the proxy filters when asked
    app.processEvents()
    queue = time.perf_counter() - t0

    comparison = data.comparison
    pair = Pair.of(comparison)
    by_kind = {k: [d for d in comparison.discrepancies if d.kind == k] for k in KINDS}
    picked = [by_kind[KINDS[i % 4]][i // 4] for i in range(N_DECISIONS) if len(by_kind[KINDS[i % 4]]) > i // 4]
    times = []
    for i, d in enumerate(picked):
        choice = ALLOWED[d.kind][i % len(ALLOWED[d.kind])]
        span = (d.start, d.end + 1) if choice == "edit" else None
        t = time.perf_counter()
        with store.transaction(lead) as s:
            decide_one(s, lead, pair, d, choice, "benchmark", span)
        times.append(time.perf_counter() - t)
    store.close()
    print(json.dumps({"queue_s": queue, "rows": shown, "discrepancies": len(comparison.discrepancies),
                      "decide_s": statistics.median(times) if times else None, "decisions": len(times)}))
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
