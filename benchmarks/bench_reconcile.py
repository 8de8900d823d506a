"""Reconciliation speed at 100,000 codings: two coders (A, a lead, and B)
over 200 sources of speaker turns, most codings agreeing (the same span) and
5,000 discrepancies of the four classes (A only, B only, boundary, different
code).  Measures, each repeated and reported as median (min–max):

1. ``compare()`` alone, and ``load_review()`` (all the review window reads in
   its worker);
2. filling the queue: ``QueueModel.set_rows`` with the ``QueueFilter`` over it
   (cases set, the default "open" filter), with and without a shown table
   view sized to its contents;
3. one decision stored (``decide_one`` in its own ``store.transaction``,
   commit included) over 30 discrepancies of mixed classes and choices;
4. ``reopen`` of each of those decisions (what undo does);
5. ``copy_agreements`` of every agreement (repeats rolled back, then one
   committed).

Targets (the reconciliation issue): a queue of 5,000 discrepancies opens in
under 1 s, and a decision is stored in under 50 ms, at 100,000 codings.

    .venv/bin/python benchmarks/bench_reconcile.py [--codings 100000] [--repeat 5]
    .venv/bin/python benchmarks/bench_reconcile.py --codings 20000 \\
        --pg postgresql+psycopg://postgres@localhost:5432/test

SQLite projects are built once into the temporary folder (per size) and
copied for each run; on PostgreSQL the project is built in a fresh schema,
dropped at the end.  Prints the figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import math
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from coding import access, codebook, coders, sources  # noqa: E402
from coding.codings import NewCoding, apply_codings  # noqa: E402
from coding.reconcile.decisions import ALLOWED, Pair, copy_agreements, decide_one, reopen  # noqa: E402
from coding.reconcile.discrepancies import KINDS, compare  # noqa: E402
from coding.reconcile.review import load_review  # noqa: E402
from coding.sources import SectionSpec  # noqa: E402
from coding.text import sha256  # noqa: E402
from sqlalchemy import func, select  # noqa: E402
from storage.models import Coding, Section, Source  # noqa: E402

DIR = Path(tempfile.gettempdir()) / "tandem-bench-reconcile"
STRIDE = 240        # characters per slot: each slot holds 1-3 agreements or one discrepancy
SLOTS_PER_TURN = 4  # a speaker turn (section) every 960 characters
WORDS = "mentor meeting time rota helpful feedback career exam support honest the and a to of we she".split()


def build(store, n_codings: int, n_discrepancies: int, seed: int = 5) -> None:
    """Two coders' codings: agreements (identical spans, 1-3 codes on a
    passage) and n_discrepancies discrepancies, an equal share of each class,
    each in a passage of its own; written by bulk inserts in one transaction."""
    rng = random.Random(seed)
    per_kind = n_discrepancies // 4
    n_agree = (n_codings - 6 * per_kind) // 2  # a_only, b_only: 1 coding; boundary, different_code: 2
    slots: list[list[str]] = [[k] for k in KINDS for _ in range(per_kind)]
    while n_agree > 0:
        g = min(rng.randint(1, 3), n_agree)
        slots.append(["agree"] * g)
        n_agree -= g
    rng.shuffle(slots)
    n_sources = max(4, n_codings // 500)
    per_source = math.ceil(len(slots) / n_sources)
    with store.transaction(access.system("bench")) as s:
        a, b = coders.create_coder(s, "A", role="lead"), coders.create_coder(s, "B")
        codes = [codebook.ensure_path(s, f"Category {c // 10}/Theme {c // 5}/Code {c:02}") for c in range(30)]
        items = []
        for i in range(n_sources):
            mine = slots[i * per_source:(i + 1) * per_source]
            if not mine:
                break
            size, parts, n = len(mine) * STRIDE, [], 0
            while n < size:
                parts.append(rng.choice(WORDS))
                n += len(parts[-1]) + 1
            text = " ".join(parts)[:size - 1] + "."
            turn = STRIDE * SLOTS_PER_TURN
            speakers = [f"P{(i * 3 + k) % 60:02}" for k in range(4)]
            sections = [SectionSpec(start=t, end=min(t + turn, size), speaker="Moderator" if k % 5 == 0 else
                                    speakers[k % 4], case_name=None if k % 5 == 0 else speakers[k % 4],
                                    is_moderator=k % 5 == 0)
                        for k, t in enumerate(range(0, size, turn))]
            source = sources.add_source(s, f"Interview {i:03}", "document", text, sha256(text.encode()),
                                        sections=sections)
            for j, slot in enumerate(mine):
                base, picked = j * STRIDE, rng.sample(codes, 3)
                for code, kind in zip(picked, slot):
                    start = base + rng.randrange(10, 60)
                    end = start + rng.randrange(40, 150)
                    if kind in ("agree", "a_only", "boundary", "different_code"):
                        items.append(NewCoding(source, code, a, start, end))
                    if kind in ("agree", "b_only"):
                        items.append(NewCoding(source, code, b, start, end))
                    elif kind == "boundary":
                        items.append(NewCoding(source, code, b, start + rng.randrange(3, 25),
                                               end + rng.randrange(-10, 25)))
                    elif kind == "different_code":
                        items.append(NewCoding(source, picked[1], b, start, end))
        apply_codings(s, items)


def open_sqlite(n_codings: int, n_discrepancies: int):
    from storage import create_project, open_project

    DIR.mkdir(parents=True, exist_ok=True)
    template = DIR / f"reconcile-{n_codings}-{n_discrepancies}.tandem"
    if not template.exists():
        part = template.with_suffix(".part")
        part.unlink(missing_ok=True)
        store = create_project(part, "Reconcile benchmark")
        build(store, n_codings, n_discrepancies)
        store.close()
        part.rename(template)
    path = DIR / "run.tandem"  # a fresh copy: every run starts with no decisions
    for leftover in DIR.glob("run.tandem*"):
        leftover.unlink()
    shutil.copy(template, path)
    return open_project(path), f"SQLite {sqlite3.sqlite_version}", lambda: None


def open_pg(url: str, n_codings: int, n_discrepancies: int):
    from sqlalchemy import create_engine, text

    from storage import open_url

    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        version = conn.execute(text("SHOW server_version")).scalar()
    store = open_url(url, title="Reconcile benchmark", connect_args={"options": f"-csearch_path={schema}"})
    build(store, n_codings, n_discrepancies)

    def drop() -> None:
        store.close()
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
    return store, f"PostgreSQL {version}", drop


def timed(fn, repeat: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return times, result


def stored(store, acting, fn) -> float:
    """Seconds of one committed transaction doing ``fn(session)``."""
    t0 = time.perf_counter()
    with store.transaction(acting) as s:
        fn(s)
    return time.perf_counter() - t0


def show(label: str, times: list[float], p90: bool = False) -> tuple[float, float]:
    """Print median (min, max[, p90]) in ms; return the median and p90 in seconds."""
    ms = sorted(t * 1000 for t in times)
    med, p = statistics.median(ms), ms[math.ceil(0.9 * len(ms)) - 1]
    extra = f", p90 {p:.1f}" if p90 else ""
    print(f"  {label:<50} median {med:8.1f} ms (min {ms[0]:.1f}, max {ms[-1]:.1f}{extra}; n={len(ms)})")
    return med / 1000, p / 1000


def fill_queue(rows, cases, sort) -> tuple[float, int]:
    """Seconds to fill the queue as the review window does, and the rows
    shown.  sort None: the models alone; -1: under a shown table view in text
    order (the window's default); a column: that view sorted by it.  Column
    widths are set as the review window sets them (not sized to contents)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QTableView

    from app.reconcile.queue_model import QueueFilter, QueueModel

    app = QApplication.instance() or QApplication(sys.argv[:1])
    model, proxy, view = QueueModel(), QueueFilter(), None
    proxy.setSourceModel(model)
    if sort is not None:
        view = QTableView()
        view.setModel(proxy)
        view.horizontalHeader().setSortIndicator(sort, Qt.SortOrder.AscendingOrder)
        view.setSortingEnabled(True)
        view.resize(1200, 700)
        view.show()
        app.processEvents()
    t0 = time.perf_counter()
    model.set_rows(rows)
    proxy.set_cases(cases)
    proxy.set_filters(status="open")
    if view is not None:
        for column, width in enumerate((110, 100, 190, 170, 150, 90)):  # as the review window does
            view.setColumnWidth(column, width)
        view.viewport().repaint()
    shown = proxy.rowCount()  # the proxy filters lazily: asking for the rows makes it filter
    seconds = time.perf_counter() - t0
    if view is not None:
        view.close()
        view.deleteLater()
        app.processEvents()
    return seconds, shown


class _Rollback(Exception):
    pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--codings", type=int, default=100_000, help="codings in all (both coders)")
    parser.add_argument("--discrepancies", type=int, help="discrepancies built (default: codings / 20)")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each measurement")
    parser.add_argument("--decisions", type=int, default=30, help="decisions stored (then reopened)")
    parser.add_argument("--pg", metavar="URL", help="build on PostgreSQL at URL (a fresh schema) instead")
    args = parser.parse_args()
    n_disc, k = args.discrepancies or args.codings // 20, args.repeat

    t0 = time.perf_counter()
    store, backend, cleanup = (open_pg(args.pg, args.codings, n_disc) if args.pg
                               else open_sqlite(args.codings, n_disc))
    try:
        print(f"Python {sys.version.split()[0]}, {backend}; project ready in {time.perf_counter() - t0:.1f} s")
        with store.session() as s:
            lead = access.resolve(s, "A")
            assert lead.is_lead, lead
            n_codings, n_sources, n_sections = (s.scalar(select(func.count(m.id))) for m in (Coding, Source, Section))

        def session_call(fn):
            def run():
                with store.session() as s:
                    return fn(s)
            return run

        print("1. the queue's data")
        t_compare, comparison = timed(session_call(lambda s: compare(s, lead, "A", "B")), k)
        kinds = Counter(d.kind for d in comparison.discrepancies)
        print(f"  {n_codings:,} codings over {n_sources} sources ({n_sections:,} sections); "
              f"{len(comparison.discrepancies):,} discrepancies ("
              + ", ".join(f"{kd} {kinds[kd]:,}" for kd in KINDS) + f"), {len(comparison.agreements):,} agreements")
        show("compare()", t_compare)
        t_load, data = timed(session_call(lambda s: load_review(s, lead, "A", "B")), k)
        load_s, _ = show("load_review() (the worker's whole load)", t_load)

        print("2. filling the queue (Qt): set_rows, set_cases, the default 'open' filter")
        rows = data.comparison.discrepancies
        runs = {sort: [fill_queue(rows, data.cases, sort) for _ in range(k)] for sort in (None, -1, 1)}
        model_s, _ = show(f"model + QueueFilter ({runs[None][0][1]:,} rows open)", [t for t, _ in runs[None]])
        view_s, _ = show("... + shown table view (resize columns, paint)", [t for t, _ in runs[-1]])
        show("... the same, sorted by a column (header clicked)", [t for t, _ in runs[1]])

        print("3. copying the agreements into the consensus layer")
        t_copy, added = [], 0
        for _ in range(max(k - 1, 1)):
            try:
                with store.transaction(lead) as s:
                    t0 = time.perf_counter()
                    added = copy_agreements(s, lead, comparison)
                    s.flush()
                    t_copy.append(time.perf_counter() - t0)
                    raise _Rollback
            except _Rollback:
                pass
        show(f"copy_agreements, rolled back ({added:,} codings)", t_copy)
        copied = []
        copy_s = stored(store, lead, lambda s: copied.append(copy_agreements(s, lead, comparison)))
        print(f"  {'copy_agreements, committed':<50} {copy_s * 1000:8.1f} ms ({copied[0]:,} codings)")

        print(f"4. decisions (each its own transaction, commit included) over a consensus of {copied[0]:,} codings")
        pair, by_kind = Pair.of(comparison), {kd: [d for d in comparison.discrepancies if d.kind == kd] for kd in KINDS}
        rng = random.Random(1)
        pools = {kd: rng.sample(ds, len(ds)) for kd, ds in by_kind.items()}
        picked = [pools[KINDS[i % 4]].pop() for i in range(args.decisions)]
        plan = [(d, ALLOWED[d.kind][i // 4 % len(ALLOWED[d.kind])]) for i, d in enumerate(picked)]
        print("  choices: " + ", ".join(f"{c} {n}" for c, n in sorted(Counter(c for _, c in plan).items())))
        t_decide = [stored(store, lead, lambda s: decide_one(s, lead, pair, d, c, "benchmark", (
            d.start, d.end + 1) if c == "edit" else None)) for d, c in plan]
        decide_s, decide_p90 = show("decide_one", t_decide, p90=True)
        t_reopen = [stored(store, lead, lambda s: reopen(s, lead, d.id, "undone in the benchmark")) for d in picked]
        show("reopen (undo)", t_reopen, p90=True)
        t_reload, _ = timed(session_call(lambda s: load_review(s, lead, "A", "B")), k)
        show(f"load_review() again ({len(picked)} reopened decisions)", t_reload)

        print(f"summary ({backend}, {n_codings:,} codings, {len(rows):,} discrepancies):")
        print(f"  queue opens: {load_s + model_s:.2f} s median (load_review {load_s:.2f} s + queue model "
              f"{model_s:.2f} s; {load_s + view_s:.2f} s with the table view) (target < 1 s)")
        print(f"  decision stored: {decide_s * 1000:.1f} ms median, p90 {decide_p90 * 1000:.1f} ms (target < 50 ms)")
    finally:
        cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
