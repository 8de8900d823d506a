"""Theme table and quote suggestions at size: 50 themes (10 categories of 5)
with 5 quotes each written to Word, and suggestions for a theme with 2,000
coded segments.  Targets (the themes issue): the table in under 2 s,
suggestions in under 1 s (scikit-learn's import, paid once per process, is
reported apart).  Prints its figures; asserts nothing.

    .venv/bin/python benchmarks/bench_themes.py [--repeat 5]
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from coding import access, codebook, coders, sources  # noqa: E402
from coding.codings import NewCoding, apply_codings  # noqa: E402
from coding.text import sha256  # noqa: E402
from storage import create_project  # noqa: E402

WORDS = ("mentor meeting time cancelled rota support career exam research confidence lunch coffee office "
         "supervisor hierarchy trust advice feedback training recognition matching portfolio wellbeing").split()


def build(folder: Path):
    rng = random.Random(5)
    store = create_project(folder / "themes.tandem")
    with store.transaction(access.system("bench")) as s:
        a = coders.create_coder(s, "A", role="lead")
        themes = []
        for c in range(10):
            category = codebook.ensure_path(s, f"Category {c:02}")
            codebook.update_code(s, category, codable=False, description=f"Category {c}")
            for t in range(5):
                themes.append(codebook.ensure_path(s, f"Category {c:02}/Theme {t}"))
        items = []
        for i in range(100):
            sentences = [" ".join(rng.choice(WORDS) for _ in range(rng.randrange(8, 40))) + "." for _ in range(60)]
            text = " ".join(sentences)
            src = sources.add_source(s, f"source {i:03}", rng.choice(["interview", "survey", "focus-group"]), text,
                                     sha256(text.encode()))
            pos = 0
            for k, sentence in enumerate(sentences):
                theme = themes[0] if k < 20 else themes[rng.randrange(1, len(themes))]
                items.append(NewCoding(src, theme, a, pos, pos + len(sentence)))
                pos += len(sentence) + 1
        apply_codings(s, items, skip_existing=True)
    return store, len(items), sum(1 for x in items if x.code is themes[0])


def timed(fn, k):
    times = []
    for _ in range(k):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), min(times), max(times), result


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="tandem-bench-themes-"))
    store, n, n_first = build(folder)
    print(f"{n:,} codings by one coder over 100 sources; 50 themes; the first theme has {n_first:,} segments")
    from coding.suggest import suggest
    from coding.themes import theme_table
    from exporters.theme_table import export_theme_table

    lead = access.Acting(name="A", role="lead")

    def table():
        with store.session() as s:
            data = theme_table(s, lead, coder="A", quotes=5)
        export_theme_table(data, folder / "table.docx")
        return sum(len(t.quotes) for sec in data.sections for c in sec.categories for t in c.themes)

    med, lo, hi, quotes = timed(table, args.repeat)
    print(f"theme table, 50 themes x 5 quotes ({quotes} quotes) to Word: median {med:.2f} s "
          f"(min {lo:.2f}, max {hi:.2f}) (target < 2 s)")
    t = time.perf_counter()
    import sklearn.feature_extraction.text  # noqa: F401
    print(f"importing scikit-learn's text features: {time.perf_counter() - t:.2f} s (once per process)")

    def suggestions():
        with store.session() as s:
            return suggest(s, lead, "Category 00/Theme 0", coder="A", n=5)

    med, lo, hi, found = timed(suggestions, args.repeat)
    print(f"suggestions for a theme of {n_first:,} segments: median {med:.2f} s (min {lo:.2f}, max {hi:.2f}) "
          f"(target < 1 s); {len(found)} picked")
    store.close()
    segments_export(args.repeat)
    return 0



def segments_export(repeat: int = 3) -> None:
    """The coded-segments export at 100,000 codings, on the reconciliation
    benchmark's project (built by bench_reconcile.py; skipped if absent)."""
    import glob
    import shutil

    from coding import access
    from exporters.segments import export_segments
    from storage import open_project

    built = sorted(glob.glob(str(Path(tempfile.gettempdir()) / "tandem-bench-reconcile" / "reconcile-100000-*.tandem")))
    if not built:
        print("coded segments export: run benchmarks/bench_reconcile.py first (it builds the 100,000-coding project)")
        return
    folder = Path(tempfile.mkdtemp(prefix="tandem-bench-segments-"))
    shutil.copy(built[0], folder / "p.tandem")
    store = open_project(folder / "p.tandem")
    lead = access.Acting(name="A", role="lead")
    for suffix in (".csv", ".xlsx"):
        def run():
            with store.session() as s:
                return export_segments(s, lead, folder / f"segments{suffix}")
        med, lo, hi, n = timed(run, repeat)
        print(f"coded segments export, {n:,} rows to {suffix}: median {med:.2f} s (min {lo:.2f}, max {hi:.2f}) "
              f"(target < 2 s)")
    store.close()


if __name__ == "__main__":
    raise SystemExit(main())
