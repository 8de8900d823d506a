"""Reliability data per code (and per exclusive group) for each kind of unit.

Each builder returns, per code, the patterns of coder values with their
weights, split by source (for the heat map of codes × sources).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np
from sqlalchemy.orm import Session

from coding.agreement.corpus import Corpus
from coding.agreement.reliability import NominalData
from coding.agreement.units import (char_segments, paragraphs, sentences,
                                    units_touched)


@dataclass
class UnitSet:
    """Discrete units (sentences, paragraphs, sections, documents), global."""

    starts: np.ndarray
    ends: np.ndarray
    source: np.ndarray

    def __len__(self) -> int:
        return len(self.starts)


@dataclass
class Table:
    """One variable's reliability data, and the same split by source."""

    data: NominalData
    by_source: Optional[np.ndarray]  # (sources × patterns) weights for binary 2^m patterns
    conflicts: int = 0  # units where a coder applied several values of a group


def discrete_units(session: Session, corpus: Corpus, unit: str) -> UnitSet:
    if unit == "section":
        starts, ends = corpus.sections
    elif unit in ("document", "frequency"):
        starts, ends = corpus.bases, corpus.bases + corpus.lengths
        if corpus.filtered:  # a source counts when some of it passes the filters
            keep = units_touched(starts, ends, *corpus.universe)
            starts, ends = starts[keep], ends[keep]
    else:
        split = paragraphs if unit == "paragraph" else sentences
        found = []
        u_s, u_e = corpus.universe
        u_source = corpus.source_of(u_s)
        for s, e, src in zip(u_s.tolist(), u_e.tolist(), u_source.tolist()):
            base = int(corpus.bases[src])
            spans = split(corpus.text_of(session, src), s - base, e - base)
            if spans:
                found.append(np.array(spans, dtype=np.int64).reshape(-1, 2) + base)
        both = np.concatenate(found) if found else np.empty((0, 2), dtype=np.int64)
        starts, ends = both[:, 0].copy(), both[:, 1].copy()
    return UnitSet(starts, ends, corpus.source_of(starts))


def _binary_patterns(bits: np.ndarray, weights: np.ndarray, source: np.ndarray,
                     n_sources: int, m: int) -> Table:
    """``bits`` (units × m) 0/1 → patterns over all 2^m combinations."""
    code = (bits.astype(np.int64) << np.arange(m)).sum(axis=1) if len(bits) else np.empty(0, np.int64)
    n_patterns = 1 << m
    by_source = np.bincount(source * n_patterns + code, weights=weights,
                            minlength=n_sources * n_patterns).reshape(n_sources, n_patterns)
    values = (np.arange(n_patterns)[:, None] >> np.arange(m)) & 1
    return Table(NominalData(values, by_source.sum(axis=0), 2), by_source)


def binary_char(corpus: Corpus, code: int) -> Table:
    m = len(corpus.coders)
    layers = [[corpus.intervals(code, j)] for j in range(m)]
    segments = char_segments(corpus.universe, layers)
    bits = (segments.values >= 0).astype(np.int64)
    return _binary_patterns(bits, segments.lengths.astype(np.float64),
                            corpus.source_of(segments.starts), len(corpus.source_ids), m)


def binary_units(corpus: Corpus, units: UnitSet, code: int) -> Table:
    m = len(corpus.coders)
    bits = np.zeros((len(units), m), dtype=np.int64)
    for j in range(m):
        bits[:, j] = units_touched(units.starts, units.ends, *corpus.intervals(code, j))
    return _binary_patterns(bits, np.ones(len(units)), units.source, len(corpus.source_ids), m)


def frequency_table(corpus: Corpus, units: UnitSet, code: int) -> tuple[Table, np.ndarray]:
    """Per document, each coder's number of codings of the code.  Categories
    are the distinct counts seen; returns the table and the count matrix."""
    m = len(corpus.coders)
    counts = np.zeros((len(units), m), dtype=np.int64)
    doc_of = np.full(len(corpus.source_ids), -1, dtype=np.int64)
    doc_of[units.source] = np.arange(len(units))
    pick = corpus.code_idx == code
    keep = doc_of[corpus.source_idx[pick]] >= 0
    if corpus.filtered:  # only codings that reach into the filtered sections count
        keep &= units_touched(corpus.start[pick], corpus.end[pick], *corpus.universe)
    np.add.at(counts, (doc_of[corpus.source_idx[pick][keep]], corpus.coder_idx[pick][keep]), 1)
    categories, values = np.unique(counts, return_inverse=True)
    values = values.reshape(counts.shape)
    q = max(len(categories), 2)
    return Table(NominalData(values, np.ones(len(units)), q), None), counts


def group_char(corpus: Corpus, children: list[int]) -> Table:
    m = len(corpus.coders)
    layers = [[corpus.intervals(child, j) for child in children] for j in range(m)]
    segments = char_segments(corpus.universe, layers)
    values = np.where(segments.conflicts, -1, segments.values)
    conflicts = int(segments.lengths[segments.conflicts.any(axis=1)].sum())
    return Table(_compact(values, segments.lengths.astype(np.float64), len(children)), None, conflicts)


def group_units(corpus: Corpus, units: UnitSet, children: list[int]) -> Table:
    m = len(corpus.coders)
    values = np.full((len(units), m), -1, dtype=np.int64)
    hits = np.zeros((len(units), m), dtype=np.int64)
    for k, child in enumerate(children):
        for j in range(m):
            touched = units_touched(units.starts, units.ends, *corpus.intervals(child, j))
            values[touched, j] = k
            hits[:, j] += touched
    conflict = hits > 1
    values[conflict] = -1
    return Table(_compact(values, np.ones(len(units)), len(children)), None,
                 int(conflict.any(axis=1).sum()))


def _compact(values: np.ndarray, weights: np.ndarray, q: int) -> NominalData:
    """Units with the same coder values folded into one weighted pattern."""
    if len(values) == 0:
        return NominalData(np.empty((0, values.shape[1]), np.int64), np.empty(0), q)
    m = values.shape[1]
    if m * np.log2(q + 1) < 62:  # each row as one integer: no np.unique(axis=0)
        key = ((values + 1) * (q + 1) ** np.arange(m, dtype=np.int64)).sum(axis=1)
        order = np.argsort(key, kind="stable")
        first = np.ones(len(key), dtype=bool)
        first[1:] = key[order][1:] != key[order][:-1]
        inverse = np.empty(len(key), dtype=np.int64)
        inverse[order] = np.cumsum(first) - 1
        patterns = values[order][first]
    else:
        patterns, inverse = np.unique(values, axis=0, return_inverse=True)
    return NominalData(patterns, np.bincount(inverse.ravel(), weights=weights), q)


def clip_to_universe(corpus: Corpus, pick: np.ndarray):
    """Codings under ``pick`` cut to the universe: (piece, local start, local
    end, coding row) where pieces are the universe intervals."""
    u_s, u_e = corpus.universe
    s, e = corpus.start[pick], corpus.end[pick]
    rows = np.nonzero(pick)[0]
    first = np.searchsorted(u_e, s, side="right")
    last = np.searchsorted(u_s, e, side="left")
    span = np.maximum(last - first, 0)
    piece = np.repeat(first, span) + (np.arange(span.sum()) - np.repeat(np.cumsum(span) - span, span))
    row = np.repeat(np.arange(len(s)), span)
    local_s = np.maximum(s[row], u_s[piece]) - u_s[piece]
    local_e = np.minimum(e[row], u_e[piece]) - u_s[piece]
    ok = local_e > local_s
    return piece[ok], local_s[ok], local_e[ok], rows[row[ok]]

