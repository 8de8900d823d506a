"""Krippendorff's unitized alpha (2004): worked example, properties, and a
brute-force per-section-pair reference on random data."""
from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coding.agreement.unitized import UnitizedReport, unitized_alpha

C, K = 7, 3      # arbitrary category ids for the paper's categories c and k

# Krippendorff (2004), appendix: L = 300, two coders.  Rows: (coder, start, end, category).
EXAMPLE = [
    (0, 75, 145, C), (0, 220, 250, C),
    (1, 70, 150, C), (1, 205, 225, C), (1, 250, 270, C),
    (0, 30, 90, K), (0, 150, 200, K),
    (1, 30, 90, K), (1, 150, 200, K),
]


def run(rows, piece_lengths, n_coders, categories=None, **kw) -> UnitizedReport:
    """rows: (coder, piece, start, end, category)."""
    cols = [np.array(c, dtype=np.int64) for c in zip(*rows)] if rows else [np.empty(0, np.int64)] * 5
    coder, piece, start, end, cat = cols
    return unitized_alpha(np.array(piece_lengths), coder, piece, start, end, cat, n_coders,
                          categories, **kw)


def example_rows():
    return [(co, 0, s, e, cat) for co, s, e, cat in EXAMPLE]


# ---------------------------------------------------------------- reference

def reference(rows, piece_lengths, n_coders, merge_touching=False):
    """Literal formulas of Krippendorff (2004) with loops over section pairs.

    Sections are rebuilt per coder, category and piece: a coder's overlapping
    codings become their union, touching ones stay separate units (as
    Krippendorff defines them) unless ``merge_touching``; the gaps are the
    stretches no section covers.  Returns {category: (uDo, uDe)}.
    """
    offsets = [sum(piece_lengths[:p]) for p in range(len(piece_lengths))]
    L, m = sum(piece_lengths), n_coders
    out = {}
    for cat in sorted({r[4] for r in rows}):
        sections = {i: [] for i in range(m)}          # (begin, length, valued)
        for i in range(m):
            for p, plen in enumerate(piece_lengths):
                spans = sorted((s, e) for co, pc, s, e, ca in rows if co == i and pc == p and ca == cat)
                merged = []
                for s, e in spans:
                    if merged and (s < merged[-1][1] or (merge_touching and s == merged[-1][1])):
                        merged[-1][1] = max(merged[-1][1], e)
                    else:
                        merged.append([s, e])
                x = 0
                for s, e in merged:
                    if s > x:
                        sections[i].append((offsets[p] + x, s - x, False))
                    sections[i].append((offsets[p] + s, e - s, True))
                    x = e
                if x < plen:
                    sections[i].append((offsets[p] + x, plen - x, False))
        total = 0
        for i in range(m):
            for j in range(m):
                if i == j:
                    continue
                for bg, lg, wg in sections[i]:
                    for bh, lh, wh in sections[j]:
                        if wg and wh and -lg < bg - bh < lh:
                            total += (bg - bh) ** 2 + (bg + lg - bh - lh) ** 2
                        elif wg and not wh and lh - lg >= bg - bh >= 0:
                            total += lg ** 2
                        elif not wg and wh and lh - lg <= bg - bh <= 0:
                            total += lh ** 2
        do = total / (m * (m - 1) * L ** 2)
        valued = [lg for i in range(m) for _, lg, w in sections[i] if w]
        gaps = [lh for i in range(m) for _, lh, w in sections[i] if not w]
        n_c = len(valued)
        num = 0.0
        for lg in valued:
            num += (n_c - 1) * (2 * lg ** 3 - 3 * lg ** 2 + lg) / 3
            num += lg ** 2 * sum(lh - lg + 1 for lh in gaps if lh >= lg)
        den = m * L * (m * L - 1) - sum(lg * (lg - 1) for lg in valued)
        out[cat] = (do, 2 / L * num / den)
    return out


@st.composite
def studies(draw, max_coders=4):
    piece_lengths = draw(st.lists(st.integers(1, 25), min_size=1, max_size=3))
    m = draw(st.integers(2, max_coders))
    rows = []
    for _ in range(draw(st.integers(0, 12))):
        p = draw(st.integers(0, len(piece_lengths) - 1))
        s = draw(st.integers(0, piece_lengths[p] - 1))
        e = draw(st.integers(s + 1, piece_lengths[p]))
        rows.append((draw(st.integers(0, m - 1)), p, s, e, draw(st.sampled_from([0, 1, 5]))))
    return rows, piece_lengths, m


def same(a: UnitizedReport, b: UnitizedReport, tol=1e-9):
    assert a.per_category.keys() == b.per_category.keys()
    for x, y in itertools.chain(zip(a.per_category.values(), b.per_category.values()),
                                [(a.overall, b.overall)]):
        assert x.n_sections == y.n_sections
        assert x.observed == pytest.approx(y.observed, rel=tol, abs=1e-15)
        assert x.expected == pytest.approx(y.expected, rel=tol, abs=1e-15)
        assert (x.alpha is None) == (y.alpha is None)
        if x.alpha is not None:
            assert x.alpha == pytest.approx(y.alpha, rel=tol, abs=1e-12)


# ---------------------------------------------------------------- the paper

def test_krippendorff_2004_worked_example():
    report = run(example_rows(), [300], 2)
    c, k = report.per_category[C], report.per_category[K]
    assert c.observed == pytest.approx(2 * (50 + 850 + 400) / (2 * 300 ** 2))  # 0.0144
    assert c.expected == pytest.approx(0.0532, abs=1e-4)
    assert c.alpha == pytest.approx(0.7286, abs=1e-3)
    assert c.n_sections == 5
    assert k.observed == 0.0
    assert k.expected == pytest.approx(0.0490, abs=1e-4)
    assert k.alpha == pytest.approx(1.0)
    # All categories: 1 - (0.0144 + 0) / (0.0532 + 0.0490) = 0.8591 with the
    # paper's rounded figures; 0.8587 unrounded.
    assert report.overall.alpha == pytest.approx(0.8591, abs=1e-3)
    assert report.overall.alpha == pytest.approx(1 - c.observed / (c.expected + k.expected))
    assert report.overall.n_sections == 9


def test_reference_reproduces_the_paper_too():
    ref = reference(example_rows(), [300], 2)
    assert 1 - ref[C][0] / ref[C][1] == pytest.approx(0.7286, abs=1e-3)


@pytest.mark.parametrize("units, merge_touching, observed", [
    # Krippendorff (1995) figure, L = 24: section-pair sums 2*18, 2*16, ...
    ([(0, 2, 10), (0, 14, 20), (1, 4, 8), (1, 15, 17)], True, 36 / 1152),
    ([(0, 2, 8), (0, 10, 12), (0, 14, 18), (0, 20, 22),
      (1, 0, 2), (1, 4, 8), (1, 10, 14), (1, 16, 18), (1, 20, 22)], True, 32 / 1152),
    # adjacent units kept apart (as in the paper) vs. joined
    ([(0, 0, 18)] + [(1, a, b) for a, b in [(0, 2), (2, 3), (3, 4), (4, 5), (5, 6), (6, 9), (9, 10)]],
     False, 2.26736),
    ([(0, 0, 18), (1, 0, 10)], True, 2 * 8 ** 2 / 1152),
    ([(0, 0, 2), (0, 2, 10), (0, 10, 14), (0, 14, 20), (0, 20, 24),
      (1, 0, 4), (1, 4, 8), (1, 8, 15), (1, 15, 17), (1, 17, 24)], False, 0.38715),
    ([(0, 0, 2), (0, 2, 10), (0, 10, 14), (0, 14, 20), (0, 20, 24),
      (1, 0, 4), (1, 4, 8), (1, 8, 15), (1, 15, 17), (1, 17, 24)], True, 0.0),
])
def test_observed_disagreement_of_the_1995_examples(units, merge_touching, observed):
    rows = [(co, 0, s, e, 0) for co, s, e in units]
    got = run(rows, [24], 2, merge_touching=merge_touching).per_category[0].observed
    assert got == pytest.approx(observed, abs=1e-5)


# ---------------------------------------------------------------- properties

@settings(max_examples=300, deadline=None)
@given(studies(), st.booleans())
def test_agrees_with_brute_force_reference(study, join):
    """Touching codings kept apart (Krippendorff's definition, the default) and,
    as an option, joined: both equal the literal formulas."""
    rows, piece_lengths, m = study
    report = run(rows, piece_lengths, m, merge_touching=join) if join else run(rows, piece_lengths, m)
    ref = reference(rows, piece_lengths, m, merge_touching=join)
    assert set(report.per_category) == set(ref)
    for cat, (do, de) in ref.items():
        got = report.per_category[cat]
        assert got.observed == pytest.approx(do, rel=1e-9, abs=1e-15)
        assert got.expected == pytest.approx(de, rel=1e-9, abs=1e-15)
        if de > 0:
            assert got.alpha == pytest.approx(1 - do / de, rel=1e-9, abs=1e-12)
    if ref and sum(de for _, de in ref.values()) > 0:
        pooled = 1 - sum(do for do, _ in ref.values()) / sum(de for _, de in ref.values())
        assert report.overall.alpha == pytest.approx(pooled, rel=1e-9, abs=1e-12)


@settings(max_examples=100, deadline=None)
@given(studies(), st.randoms())
def test_symmetric_in_the_coders(study, rnd):
    rows, piece_lengths, m = study
    perm = list(range(m))
    rnd.shuffle(perm)
    swapped = [(perm[co], p, s, e, c) for co, p, s, e, c in rows]
    same(run(rows, piece_lengths, m), run(swapped, piece_lengths, m))


@settings(max_examples=100, deadline=None)
@given(studies(), st.randoms())
def test_order_of_pieces_and_rows_does_not_matter(study, rnd):
    rows, piece_lengths, m = study
    perm = list(range(len(piece_lengths)))
    rnd.shuffle(perm)                       # piece p moves to position perm[p]
    new_lengths = [0] * len(piece_lengths)
    for p, q in enumerate(perm):
        new_lengths[q] = piece_lengths[p]
    moved = [(co, perm[p], s, e, c) for co, p, s, e, c in rows]
    rnd.shuffle(moved)
    same(run(rows, piece_lengths, m), run(moved, new_lengths, m))


@settings(max_examples=100, deadline=None)
@given(studies(max_coders=3))
def test_identical_codings_give_one(study):
    rows, piece_lengths, m = study
    copied = [(co, p, s, e, c) for _, p, s, e, c in rows for co in range(m)]
    report = run(copied, piece_lengths, m)
    for result in [*report.per_category.values(), report.overall]:
        assert result.observed == 0.0
        if result.undefined is None:
            assert result.alpha == 1.0


def test_touching_codings_are_two_units_unless_joined():
    """Krippendorff (2004): a coder's codings 10–20 and 20–30 are two units.
    Against a coder who coded 10–30 once, they disagree; joined, they agree."""
    rows = [(0, 0, 10, 20, 0), (0, 0, 20, 30, 0), (1, 0, 10, 30, 0)]
    apart = run(rows, [100], 2).per_category[0]
    joined = run(rows, [100], 2, merge_touching=True).per_category[0]
    assert apart.n_sections == 3 and joined.n_sections == 2
    assert joined.observed == 0.0 and joined.alpha == 1.0
    # each of coder 0's units overlaps coder 1's: δ² = 0² + 10² for each, both orders
    assert apart.observed == pytest.approx(2 * (10 ** 2 + 10 ** 2) / (2 * 100 ** 2))
    do, de = reference(rows, [100], 2)[0]
    assert (apart.observed, apart.expected) == (pytest.approx(do), pytest.approx(de))
    assert apart.alpha < 1.0


def test_three_coders_identical_and_one_dissenting():
    rows = [(co, 0, 10, 40, 0) for co in range(3)]
    assert run(rows, [100], 3).per_category[0].alpha == 1.0
    rows[2] = (2, 0, 50, 80, 0)
    three = run(rows, [100], 3).per_category[0]
    assert three.alpha < 0.5
    ref_do, ref_de = reference(rows, [100], 3)[0]
    assert three.observed == pytest.approx(ref_do) and three.expected == pytest.approx(ref_de)


def test_unused_category_is_undefined_with_a_reason():
    report = run(example_rows(), [300], 2, categories=[C, 99, K])
    assert list(report.per_category) == [C, 99, K]
    unused = report.per_category[99]
    assert unused.alpha is None and "no coder" in unused.undefined
    assert unused.n_sections == 0
    assert report.overall.alpha == pytest.approx(run(example_rows(), [300], 2).overall.alpha)


def test_categories_restrict_the_report_and_the_pooled_value():
    report = run(example_rows(), [300], 2, categories=[K])
    assert list(report.per_category) == [K]
    assert report.overall.alpha == pytest.approx(1.0)
    assert report.overall.n_sections == 4


def test_nothing_coded_and_too_few_coders():
    empty = run([], [300], 2)
    assert empty.per_category == {}
    assert empty.overall.alpha is None and empty.overall.undefined
    alone = run([(0, 0, 5, 9, 1)], [30], 1)
    assert alone.per_category[1].alpha is None and "two coders" in alone.per_category[1].undefined


def test_a_split_at_a_boundary_between_valued_and_gap_changes_nothing():
    # At 150 coder 0 stops valuing c and coder 1 starts; k is a gap for both
    # on one side of 150 and valued on the other, so no section or gap is cut.
    whole = [(0, 0, 100, 150, C), (0, 0, 200, 260, C), (1, 0, 150, 190, C), (1, 0, 20, 40, C),
             (0, 0, 150, 300, K), (1, 0, 150, 280, K), (1, 0, 280, 300, K)]
    split = []
    for co, _, s, e, c in whole:
        split.append((co, 0, s, e, c) if e <= 150 else (co, 1, s - 150, e - 150, c))
    same(run(whole, [300], 2), run(split, [150, 150], 2))


def test_a_split_inside_a_gap_cuts_the_gap():
    whole = [(0, 0, 10, 20, 0), (1, 0, 12, 20, 0)]
    a = run(whole, [200], 2).per_category[0]
    b = run(whole, [100, 100], 2).per_category[0]
    assert a.observed == b.observed
    assert b.expected < a.expected          # fewer places for a section to fall


@settings(max_examples=100, deadline=None)
@given(studies(), st.data())
def test_overlapping_codings_are_merged_into_their_union(study, data):
    rows, piece_lengths, m = study
    pieces = []                              # each coding cut into overlapping pieces
    for co, p, s, e, c in rows:
        cut = sorted(data.draw(st.lists(st.integers(s, e), max_size=3)))
        bounds = [s, *cut, e]
        for a, b in zip(bounds, bounds[1:]):
            if a < b:
                pieces.append((co, p, max(s, a - data.draw(st.integers(1, 2))), b, c))
    pieces.extend(rows[:2])                  # exact duplicates as well
    same(run(rows, piece_lengths, m), run(pieces, piece_lengths, m))


def test_bad_input_is_rejected():
    with pytest.raises(ValueError):
        run([(0, 0, 5, 5, 0)], [10], 2)       # empty coding
    with pytest.raises(ValueError):
        run([(0, 0, 5, 11, 0)], [10], 2)      # past the piece
    with pytest.raises(ValueError):
        run([(2, 0, 1, 3, 0)], [10], 2)       # no such coder
    with pytest.raises(ValueError):
        run([(0, 1, 1, 3, 0)], [10], 2)       # no such piece
    with pytest.raises(ValueError):
        unitized_alpha([10], [0, 1], [0], [1], [2], [0], 2)
