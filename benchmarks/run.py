"""One table of Tandem's speed, scale and memory at three sizes, every figure
beside the target its issue set.

    .venv/bin/python -m benchmarks [--sizes small,medium,large] [--repeat 3] [--only NAME[,NAME]] [--write]

Each figure is the median of --repeat runs, each run a process of its own
(as a user runs the command, or a probe for what only the GUI shows) whose
peak memory is its own; the peak shown is the largest of the runs.  The
projects and files are generated once (``benchmarks/generator.py``, seeded)
into the temporary folder and reused.  --write records the table with the
machine's description in docs/benchmarks.md and draws docs/benchmarks.png.
Not part of the test suite; it asserts nothing.
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from benchmarks import measure
from benchmarks.benches import LABELS, Context, select
from benchmarks.sizes import SIZES
from benchmarks.targets import MEMORY, TIME, verdict


def _counts(name: str, paths: dict) -> dict:
    """Facts about a size's data, for the legend and the plot."""
    size = SIZES[name]

    def mb(files):
        return sum(os.path.getsize(f) for f in files) / 1e6

    files = paths["files"]
    return {"corpus_sources": size.corpus.sources, "corpus_codings": size.corpus.n_codings,
            "workspace_sources": size.workspace.sources, "workspace_chars": size.workspace.chars,
            "workspace_codings": size.workspace.n_codings, "themes": size.workspace.codes,
            "transcripts": size.files.transcripts, "documents": size.files.documents,
            "respondents": size.files.respondents,
            "mb": {**{fmt: mb(fs) for fmt, fs in files.items()}, "codings-csv": mb([paths["codings_csv"]])}}


def _build(name: str) -> tuple[dict, float]:
    t0 = time.perf_counter()
    ran = measure.module("benchmarks.generator", name)
    return ran.json(), time.perf_counter() - t0


def _fmt(seconds) -> str:
    if seconds is None:
        return "—"
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s" if seconds < 10 else f"{seconds:.1f} s"


def run(sizes: list[str], repeat: int, only: str, long: float = 20, log=sys.stderr) -> dict:
    """Every selected benchmark at every size: {"sizes", "rows": {key: {size:
    {"runs", "median", "peak_mb", "note"}}}, "loads", "counts", "errors"}."""
    benches = select(only)
    results = {"sizes": sizes, "repeat": repeat, "long": long, "rows": {}, "counts": {}, "loads": [], "errors": [],
               "started": datetime.now().isoformat(timespec="minutes")}
    for name in sizes:
        paths, built = _build(name)
        results["counts"][name] = _counts(name, paths)
        print(f"[{name}] data ready in {built:.1f} s; load average {measure.load()}", file=log)
        with tempfile.TemporaryDirectory(prefix="tandem-bench-run-") as work:
            ctx = Context(name, paths, Path(work), results["counts"][name])
            for bench in benches:
                runs, peaks, notes = {}, {}, {}
                try:
                    for _ in range(repeat):
                        results["loads"].append(os.getloadavg()[0])
                        started = time.perf_counter()
                        result = bench.run(ctx)
                        elapsed = time.perf_counter() - started
                        for key, seconds in result.rows.items():
                            runs.setdefault(key, []).append(seconds)
                            peaks.setdefault(key, []).append(result.peaks.get(key, result.peak_mb))
                        notes.update(result.notes)
                        if elapsed > long:
                            break  # a long one, run once: its spread is small beside its size
                except measure.Failed as exc:
                    results["errors"].append(f"{bench.name} at {name}: {exc}")
                    print(f"[{name}] {bench.name} FAILED: {exc}", file=log)
                    continue
                for key, values in runs.items():
                    results["rows"].setdefault(key, {})[name] = {
                        "runs": values, "median": statistics.median(values), "peak_mb": max(peaks[key]),
                        "note": notes.get(key, "")}
                print(f"[{name}] {bench.name}: " + ", ".join(
                    f"{key} {_fmt(statistics.median(v))} ({max(peaks[key]):.0f} MB)" for key, v in runs.items()),
                    file=log)
    results["finished"] = datetime.now().isoformat(timespec="minutes")
    return results


def cell(results: dict, key: str, size: str, sep: str = " · ", mark=str) -> str:
    """A figure and its peak memory, each followed by PASS or MISS where a
    target is set (``mark`` dresses the word), * where it was run once."""
    got = results["rows"].get(key, {}).get(size)
    if got is None:
        return "—"
    once = "*" if len(got["runs"]) < results["repeat"] else ""
    time_mark = f" {mark(verdict(TIME[key, size].holds(got['median'])))}" if (key, size) in TIME else ""
    memory_mark = f" {mark(verdict(MEMORY[key, size].holds(got['peak_mb'])))}" if (key, size) in MEMORY else ""
    return f"{_fmt(got['median'])}{once}{time_mark}{sep}{got['peak_mb']:.0f} MB{memory_mark}"


def targets_of(key: str, sizes: list[str]) -> str:
    parts = []
    for size in sizes:
        for table, unit in ((TIME, "s"), (MEMORY, "MB")):
            t = table.get((key, size))
            if t is not None:
                limit = f"{t.limit * 1000:.0f} ms" if unit == "s" and t.limit < 1 else f"{t.limit:g} {unit}"
                parts.append(f"{size} ≤ {limit} (#{t.issue})")
    return "; ".join(parts)


def ratios(results: dict) -> dict:
    """Per size: the per-character loop's time over tandem agree --unit char's."""
    out = {}
    for size in results["sizes"]:
        base = results["rows"].get("per-character", {}).get(size)
        mine = results["rows"].get("agree-char", {}).get(size)
        if base and mine:
            out[size] = base["median"] / mine["median"]
    return out


def legend(results: dict) -> list[str]:
    lines = []
    for size in results["sizes"]:
        c = results["counts"][size]
        lines.append(
            f"{size}: agreement corpus {c['corpus_sources']:,} sources × 20,000 characters, "
            f"{c['corpus_codings']:,} codings; workspace {c['workspace_sources']} transcripts × "
            f"{c['workspace_chars'] / 1e6:g} M characters, {c['workspace_codings']:,} codings, {c['themes']} themes; "
            f"imports {c['transcripts']:,} transcripts of 60 KB per format ({c['mb']['vtt']:.0f} MB of WebVTT), "
            f"{c['documents']} Word documents, {c['respondents']:,} survey respondents")
    return lines


def table(results: dict) -> str:
    sizes = results["sizes"]
    keys = [k for k in LABELS if k in results["rows"]]
    width = max(len(LABELS[k]) for k in keys) if keys else 10
    cols = [max(24, *(len(cell(results, k, s)) for k in keys)) for s in sizes] if keys else [24] * len(sizes)
    lines = [f"{'operation':<{width}}  " + "  ".join(f"{s:<{w}}" for s, w in zip(sizes, cols)) + "  target (issue)"]
    lines.append("-" * len(lines[0]))
    for key in keys:
        lines.append(f"{LABELS[key]:<{width}}  " + "  ".join(f"{cell(results, key, s):<{w}}" for s, w in
                                                            zip(sizes, cols)) + "  " + targets_of(key, sizes))
    r = ratios(results)
    if r:
        lines.append(f"{'per-character ÷ tandem agree':<{width}}  " + "  ".join(
            f"{(f'{r[s]:.1f}×' if s in r else '—'):<{w}}" for s, w in zip(sizes, cols)))
    return "\n".join(lines)


def misses(results: dict) -> list[str]:
    out = []
    for (key, size), t in list(TIME.items()) + list(MEMORY.items()):
        got = results["rows"].get(key, {}).get(size)
        if got is None:
            continue
        value = got["peak_mb"] if (key, size) in MEMORY and t is MEMORY[key, size] else got["median"]
        if not t.holds(value):
            shown = f"{value:.0f} MB" if t is MEMORY.get((key, size)) else _fmt(value)
            out.append(f"MISS: {LABELS[key].strip()} at {size}: {shown} against issue {t.issue}'s target "
                       f"({t.what})")
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="small,medium,large", help="comma-separated: small, medium, large")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement; the median is shown")
    parser.add_argument("--long", type=float, default=20, metavar="SECONDS",
                        help="a measurement whose first run takes longer is run once (default 20 s)")
    parser.add_argument("--only", default="", help="only these benchmarks (a name or prefix, comma-separated)")
    parser.add_argument("--write", action="store_true",
                        help="record the results in docs/benchmarks.md and draw docs/benchmarks.png")
    args = parser.parse_args(argv)
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in sizes if s not in SIZES]
    if unknown or not sizes:
        parser.error(f"--sizes takes {', '.join(SIZES)} (got {args.sizes!r})")
    if args.repeat < 1:
        parser.error("--repeat takes a number of runs, 1 or more")
    select(args.only)  # an unknown name is refused before anything is built
    t0 = time.perf_counter()
    results = run(sizes, args.repeat, args.only, args.long)
    results["elapsed_s"] = time.perf_counter() - t0
    results["machine"] = machine()
    print()
    print(f"Tandem benchmarks, {results['finished']}; medians of {args.repeat} runs; figure · peak memory; "
          f"load average (1 min) while measuring: {min(results['loads'], default=0):.2f}–"
          f"{max(results['loads'], default=0):.2f} on {os.cpu_count()} cores")
    for line in legend(results):
        print("  " + line)
    print()
    print(table(results))
    print(f"(* one run: its first took over {args.long:g} s)")
    for line in misses(results) + results["errors"]:
        print(line)
    print(f"\n({results['elapsed_s'] / 60:.1f} min)")
    if args.write:
        from benchmarks.report import write

        for path in write(results):
            print(f"wrote {path}")
    return 0


def machine() -> dict:
    """Cores, memory, CPU, and the versions that matter, for the record."""
    from importlib.metadata import version

    def first(path: str, prefix: str) -> str:
        try:
            with open(path) as fh:
                return next((line.split(":", 1)[1].strip() for line in fh if line.startswith(prefix)), "?")
        except OSError:
            return "?"

    pg = "not reachable"
    try:
        pg = measure.run([measure.PYTHON, "-c", "import psycopg; c = psycopg.connect('postgresql://postgres@"
                          "localhost:5432/test', connect_timeout=5); print(c.execute('SHOW server_version')"
                          ".fetchone()[0])"], timeout=20).out.strip()
    except measure.Failed:
        pass
    sqlite = measure.run([measure.PYTHON, "-c", "import sqlite3; print(sqlite3.sqlite_version)"]).out.strip()
    return {"cores": os.cpu_count(), "memory_gb": round(int(first("/proc/meminfo", "MemTotal").split()[0]) / 2**20, 1),
            "cpu": first("/proc/cpuinfo", "model name"), "python": platform.python_version(), "sqlite": sqlite,
            "postgresql": pg, "pyside6": version("PySide6-Essentials"), "sqlalchemy": version("SQLAlchemy"),
            "system": f"{platform.system()} {platform.release()}", "load": measure.load(),
            "date": datetime.now().strftime("%Y-%m-%d %H:%M")}


if __name__ == "__main__":
    raise SystemExit(main())
