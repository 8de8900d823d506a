"""Krippendorff's unitized alpha (uα) for codings laid on a continuum of text.

Source: K. Krippendorff (2004), "Measuring the reliability of qualitative text
analysis data", *Quality & Quantity* 38: 787-800 (the same coefficient is in
*Content Analysis*, 2nd ed., 2004, sec. 11.6; it refines Krippendorff 1995,
"On the reliability of unitizing continuous data", *Sociological Methodology*
25: 47-76).

The model
---------
A continuum of L characters is coded by m coders.  For one category c each
coder's continuum falls into *sections*: stretches the coder valued c
(w = 1) and the *gaps* between them (w = 0).  Section g of coder i begins at
b_ig and has length l_ig.  Two sections g (coder i) and h (coder j) differ by

    δ²_cigjh = (b_ig - b_jh)² + (b_ig + l_ig - b_jh - l_jh)²
                   if both are valued c and they overlap
                   (-l_ig < b_ig - b_jh < l_jh);
             = l_ig²   if g is valued, h is a gap and h contains g
                   (0 <= b_ig - b_jh <= l_jh - l_ig);
             = l_jh²   if g is a gap containing the valued h;
             = 0       otherwise (a partial overlap of a valued section and a
                   gap is already counted by the valued-valued pairs).

Observed disagreement (sum over ordered coder pairs and all section pairs)

    uDo_c = Σ_i Σ_{j≠i} Σ_g Σ_h δ²_cigjh / (m (m-1) L²).

Expected disagreement, with N_c the number of c-valued sections of all coders
(the closed form of the paper, in whole characters):

    uDe_c = (2/L) Σ_i Σ_g w_cig [ (N_c - 1)(2 l_ig³ - 3 l_ig² + l_ig) / 3
              + l_ig² Σ_j Σ_h (1 - w_cjh) [l_jh >= l_ig] (l_jh - l_ig + 1) ]
            / [ m L (m L - 1) - Σ_i Σ_g w_cig l_ig (l_ig - 1) ].

    uα_c = 1 - uDo_c / uDe_c.

All categories together the paper pools the disagreements,

    uα = 1 - Σ_c uDo_c / Σ_c uDe_c,

which is what :attr:`UnitizedReport.overall` is.  Each category is its own
valued/gap continuum, so codes that overlap each other (as qualitative codes
do) are simply counted in each of their categories; overlap across categories
is neither merged nor penalised.

This project's data
-------------------
The continuum is a row of *pieces* (sources, or filtered stretches of them)
laid end to end; no section crosses a piece boundary, so gaps are cut there
too.  A coder's overlapping codings of one category are first merged (their
union), because the model needs each coder's sections of a category to be
disjoint.  Codings that only touch (10–20 and 20–30) stay two units, as in
Krippendorff's (2004) definition and his own examples; pass
``merge_touching=True`` to join them into one (an option the report states).

Everything is vectorised with numpy: the work grows with the number of
codings (times the number of coder pairs), never with the number of
characters.  With gaps a coder left uncoded in a whole piece counted from the
list of piece lengths, nothing grows with pieces × categories either.

Note: Krippendorff, Mathet, Bouvry & Widlöcher (2016, *Q&Q* 50: 2347-2364)
found that this 2004 definition behaves unexpectedly with more than two
coders and define a revised u-alpha family; this module implements the 2004
coefficient for any m >= 2, as specified.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["UnitizedReport", "UnitizedResult", "unitized_alpha"]


@dataclass(frozen=True)
class UnitizedResult:
    """uα for one category (or all pooled).  ``alpha`` is None when undefined."""

    alpha: float | None
    undefined: str | None
    observed: float      # uDo
    expected: float      # uDe
    n_sections: int      # valued sections, all coders, after merging


@dataclass(frozen=True)
class UnitizedReport:
    """Per-category uα and the pooled all-category uα = 1 - ΣuDo_c / ΣuDe_c."""

    per_category: dict[int, UnitizedResult]
    overall: UnitizedResult


def _ints(values, name: str) -> np.ndarray:
    arr = np.asarray(values)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional")
    if arr.size and not np.issubdtype(arr.dtype, np.integer):
        raise ValueError(f"{name} must hold integers")
    return arr.astype(np.int64, copy=False)


def _by_cat(cat, weights, n_cat) -> np.ndarray:
    """Σ of weights per category (float even when there is nothing to sum)."""
    return np.bincount(cat, weights=weights, minlength=n_cat).astype(np.float64, copy=False)


def _merge(coder, cat, piece, start, end, piece_cap: int, merge_touching: bool):
    """Union of each coder's codings per (category, piece).

    Returns the merged sections sorted by (coder, category, piece, start).
    """
    order = np.lexsort((start, piece, cat, coder))
    coder, cat, piece = coder[order], cat[order], piece[order]
    start, end = start[order], end[order]
    n = len(start)
    new_group = np.ones(n, dtype=bool)
    new_group[1:] = (np.diff(coder) != 0) | (np.diff(cat) != 0) | (np.diff(piece) != 0)
    base = (np.cumsum(new_group) - 1) * piece_cap         # keeps groups apart
    running_end = np.maximum.accumulate(base + end)
    new_run = np.ones(n, dtype=bool)
    if merge_touching:
        new_run[1:] = base[1:] + start[1:] > running_end[:-1]
    else:
        new_run[1:] = base[1:] + start[1:] >= running_end[:-1]
    first = np.flatnonzero(new_run)
    merged_end = np.maximum.reduceat(end, first) if n else end
    return coder[first], cat[first], piece[first], start[first], merged_end


def _observed_numerators(m, coder, cat, gs, ge, n_cat, total_len):
    """Σ_i Σ_{j≠i} Σ_g Σ_h δ²_cigjh for every category (length n_cat)."""
    out = np.zeros(n_cat)
    key = total_len + 1                                   # separates categories
    bounds = np.searchsorted(coder, np.arange(m + 1))     # rows sorted by coder
    length_sq = (ge - gs).astype(np.float64) ** 2
    for i in range(m):
        a = slice(bounds[i], bounds[i + 1])
        a_cat, a_s, a_e = cat[a], gs[a], ge[a]
        a_ks, a_ke = a_cat * key + a_s, a_cat * key + a_e
        for j in range(i + 1, m):
            b = slice(bounds[j], bounds[j + 1])
            b_s, b_e = gs[b], ge[b]
            b_ks, b_ke = cat[b] * key + b_s, cat[b] * key + b_e
            # j's sections of one category are disjoint and sorted, so those
            # overlapping a section of i form the index range [lo, hi).
            lo = np.searchsorted(b_ke, a_ks, side="right")
            hi = np.searchsorted(b_ks, a_ke, side="left")
            count = np.maximum(hi - lo, 0)
            total = int(count.sum())
            ai = np.repeat(np.arange(len(a_s)), count)
            first = np.cumsum(count) - count
            bi = lo[ai] + np.arange(total) - first[ai]
            d2 = (a_s[ai] - b_s[bi]) ** 2 + (a_e[ai] - b_e[bi]) ** 2
            pair = _by_cat(a_cat[ai], d2.astype(np.float64), n_cat)
            # A valued section overlapped by nothing of the other coder lies
            # inside one of that coder's gaps (gaps are cut only at piece
            # boundaries, which no section crosses): δ² = its length².
            lone_a = count == 0
            pair += _by_cat(a_cat[lone_a], length_sq[a][lone_a], n_cat)
            lone_b = np.bincount(bi, minlength=len(b_s)) == 0
            pair += _by_cat(cat[b][lone_b], length_sq[b][lone_b], n_cat)
            out += 2.0 * pair                             # (i, j) and (j, i)
    return out


def _expected_parts(m, coder, cat, piece, start, end, plen, n_cat, total_len):
    """Numerator and denominator of uDe_c for every category."""
    n = len(start)
    length = end - start
    n_c = np.bincount(cat, minlength=n_cat)

    # Gaps per category as a weighted multiset: m copies of every piece
    # length, minus the piece of each occupied (coder, category, piece), plus
    # the real gaps inside those occupied pieces.
    same_prev = np.zeros(n, dtype=bool)
    same_prev[1:] = (coder[1:] == coder[:-1]) & (cat[1:] == cat[:-1]) & (piece[1:] == piece[:-1])
    first = ~same_prev
    last = np.ones(n, dtype=bool)
    last[:-1] = ~same_prev[1:]
    inner = np.flatnonzero(~last)
    gap_cat = np.concatenate([cat[first], cat[inner], cat[last], cat[first]])
    gap_len = np.concatenate([start[first], start[inner + 1] - end[inner],
                              plen[piece[last]] - end[last], plen[piece[first]]])
    n_groups = int(np.count_nonzero(first))              # = number of `last` rows
    gap_w = np.concatenate([np.ones(2 * n_groups + len(inner), np.int64),
                            -np.ones(n_groups, np.int64)])
    keep = gap_len > 0
    gap_cat, gap_len, gap_w = gap_cat[keep], gap_len[keep], gap_w[keep]
    span = int(plen.max(initial=0)) + 2
    gkey = gap_cat * span + gap_len
    order = np.argsort(gkey, kind="stable")
    gkey = gkey[order]
    cum_w = np.concatenate([[0], np.cumsum(gap_w[order])])
    cum_wl = np.concatenate([[0], np.cumsum(gap_w[order] * gap_len[order])])
    lo = np.searchsorted(gkey, cat * span + length, side="left")
    hi = np.searchsorted(gkey, (cat + 1) * span, side="left")
    count = cum_w[hi] - cum_w[lo]                         # gaps with l_jh >= l_ig
    summed = cum_wl[hi] - cum_wl[lo]                      # Σ of their lengths
    sorted_p = np.sort(plen)
    cum_p = np.concatenate([[0], np.cumsum(sorted_p)])
    at = np.searchsorted(sorted_p, length, side="left")
    count += m * (len(sorted_p) - at)
    summed += m * (cum_p[-1] - cum_p[at])
    fits = summed - (length - 1) * count                  # Σ (l_jh - l_ig + 1)

    lf = length.astype(np.float64)
    per_section = ((n_c[cat] - 1) * lf * (lf - 1) * (2 * lf - 1) / 3.0
                   + lf * lf * fits.astype(np.float64))
    numerator = 2.0 / total_len * _by_cat(cat, per_section, n_cat)
    denominator = (float(m * total_len) * (m * total_len - 1)
                   - _by_cat(cat, lf * (lf - 1), n_cat))
    return numerator, denominator, n_c


def _result(do: float, de: float, n_sections: int, m: int, nobody: str) -> UnitizedResult:
    if m < 2:
        return UnitizedResult(None, "reliability needs at least two coders", do, de, n_sections)
    if n_sections == 0:
        return UnitizedResult(None, nobody, 0.0, 0.0, 0)
    if de <= 0.0:
        return UnitizedResult(None, "no variation: the expected disagreement is zero", do, de,
                              n_sections)
    return UnitizedResult(1.0 - do / de, None, do, de, n_sections)


def unitized_alpha(piece_lengths, coder, piece, start, end, category, n_coders,
                   categories=None, *, merge_touching: bool = False) -> UnitizedReport:
    """Krippendorff's (2004) uα per category and pooled over categories.

    ``piece_lengths``: lengths of the consecutive pieces making up the
    continuum (L = their sum).  ``coder, piece, start, end, category``: one
    row per coding; ``start``/``end`` are half-open offsets local to the piece
    (0 <= start < end <= piece length); coders are 0..n_coders-1.
    ``categories``: the categories to report, in order (also ones nobody
    used); codings of other categories are ignored.  By default every
    category that occurs is reported.  ``merge_touching``: join a coder's
    touching codings of one category into one section (overlapping ones are
    always merged); off by default, as Krippendorff (2004) defines units.

    ``overall`` is 1 - Σ_c uDo_c / Σ_c uDe_c over the reported categories
    (Krippendorff 2004); categories nobody used add nothing to either sum.
    """
    plen = _ints(piece_lengths, "piece_lengths")
    coder, piece = _ints(coder, "coder"), _ints(piece, "piece")
    start, end = _ints(start, "start"), _ints(end, "end")
    category = _ints(category, "category")
    m = int(n_coders)
    if not len(coder) == len(piece) == len(start) == len(end) == len(category):
        raise ValueError("coder, piece, start, end and category must have equal lengths")
    if np.any(plen < 0):
        raise ValueError("piece lengths must not be negative")
    if len(coder):
        if coder.min() < 0 or coder.max() >= m:
            raise ValueError(f"coder indices must lie in 0..{m - 1}")
        if piece.min() < 0 or piece.max() >= len(plen):
            raise ValueError(f"piece indices must lie in 0..{len(plen) - 1}")
        if np.any(start < 0) or np.any(start >= end) or np.any(end > plen[piece]):
            raise ValueError("every coding needs 0 <= start < end <= its piece's length")

    if categories is None:
        report = [int(c) for c in np.unique(category)]
    else:
        report = list(dict.fromkeys(int(c) for c in categories))
    known = np.array(sorted(report), dtype=np.int64)
    keep = np.isin(category, known)
    cat = np.searchsorted(known, category[keep])
    n_cat = len(known)
    total_len = int(plen.sum())
    offset = np.concatenate([[0], np.cumsum(plen)[:-1]]).astype(np.int64)

    coder, cat, piece, start, end = _merge(coder[keep], cat, piece[keep], start[keep], end[keep],
                                           int(plen.max(initial=0)) + 1, merge_touching)
    if m >= 2 and len(start):
        gs, ge = offset[piece] + start, offset[piece] + end
        do_num = _observed_numerators(m, coder, cat, gs, ge, n_cat, total_len)
        observed = do_num / (m * (m - 1) * float(total_len) ** 2)
        numerator, denominator, n_c = _expected_parts(m, coder, cat, piece, start, end, plen,
                                                      n_cat, total_len)
        expected = numerator / denominator
    else:
        observed = expected = np.zeros(n_cat)
        n_c = np.bincount(cat, minlength=n_cat)

    index = {int(c): k for k, c in enumerate(known)}
    per_category = {
        c: _result(float(observed[index[c]]), float(expected[index[c]]), int(n_c[index[c]]), m,
                   "no coder applied this code")
        for c in report
    }
    overall = _result(float(observed.sum()), float(expected.sum()), int(n_c.sum()), m,
                      "no coder applied any of these codes")
    return UnitizedReport(per_category, overall)
