"""Krippendorff's unitized alpha on 36,000 codings (200 pieces x 20,000
characters x 30 codes x 2 coders x 3 codings, lengths 50-800, random places),
all categories and the pooled value; then 3 and 5 coders, and ten times the
codings, to show how the time grows.

    .venv/bin/python benchmarks/bench_unitized.py

Prints the figures; asserts nothing (the target: under 3 s for the first).
"""
from __future__ import annotations

import time

import numpy as np

from coding.agreement.unitized import unitized_alpha


def make(rng, n_pieces=200, piece_len=20_000, n_cats=30, n_coders=2, per=3):
    shape = (n_pieces, n_cats, n_coders, per)
    piece, cat, coder, _ = np.indices(shape).reshape(4, -1)
    length = rng.integers(50, 801, size=piece.size)
    start = rng.integers(0, piece_len - length + 1)
    return (np.full(n_pieces, piece_len), coder, piece, start, start + length, cat, n_coders)


def best_of(args, repeat=5):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        report = unitized_alpha(*args)
        times.append(time.perf_counter() - t0)
    return min(times), report


def main() -> None:
    rng = np.random.default_rng(1)
    cases = [
        ("200 pieces x 20,000 chars, 30 codes, 2 coders", {}),
        ("same, 3 coders", {"n_coders": 3}),
        ("same, 5 coders", {"n_coders": 5}),
        ("2,000 pieces (40 M chars, 360,000 codings), 2 coders", {"n_pieces": 2000}),
    ]
    for label, kw in cases:
        args = make(rng, **kw)
        seconds, report = best_of(args, repeat=5 if not kw else 3)
        alphas = [r.alpha for r in report.per_category.values() if r.alpha is not None]
        print(f"{label}: {len(args[1]):,} codings -> {seconds * 1000:.1f} ms "
              f"(best of runs); overall uα = {report.overall.alpha:.4f}, "
              f"per-code uα {min(alphas):.4f}..{max(alphas):.4f}, "
              f"{report.overall.n_sections:,} merged sections")


if __name__ == "__main__":
    main()
