"""The interval machinery against per-character brute force, and the text units."""
from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from coding.agreement.units import (char_segments, match_segments, merge, paragraphs, sentences,
                                    units_touched)

L = 60
spans = st.lists(st.tuples(st.integers(0, L - 1), st.integers(1, 30)), max_size=6).map(
    lambda items: [(s, min(L, s + n)) for s, n in items])


def as_arrays(items):
    return (np.array([s for s, _ in items], np.int64), np.array([e for _, e in items], np.int64))


def mask(items, length=L):
    m = np.zeros(length, bool)
    for s, e in items:
        m[s:e] = True
    return m


@given(spans)
@settings(max_examples=200, deadline=None)
def test_merge_is_the_union(items):
    s, e = merge(*as_arrays(items))
    assert (mask(list(zip(s, e))) == mask(items)).all()
    assert (s[1:] > e[:-1]).all()  # disjoint, not touching


@given(spans, spans, spans)
@settings(max_examples=200, deadline=None)
def test_char_segments_equal_per_character_values(universe, coder_a, coder_b):
    u = merge(*as_arrays(universe))
    seg = char_segments(u, [[merge(*as_arrays(coder_a))], [merge(*as_arrays(coder_b))]])
    inside = mask(universe)
    assert seg.lengths.sum() == inside.sum()
    expected = {}
    for i in np.nonzero(inside)[0]:
        key = (int(mask(coder_a)[i]), int(mask(coder_b)[i]))
        expected[key] = expected.get(key, 0) + 1
    got = {}
    for values, length in zip(seg.values.tolist(), seg.lengths.tolist()):
        key = tuple(int(v >= 0) for v in values)
        got[key] = got.get(key, 0) + length
    assert got == expected


@given(spans, spans)
@settings(max_examples=200, deadline=None)
def test_units_touched_means_sharing_a_character(units, codings):
    us, ue = as_arrays(units)
    ms, me = merge(*as_arrays(codings))
    coded = mask(codings)
    touched = units_touched(us, ue, ms, me)
    assert touched.tolist() == [bool(coded[s:e].any()) for s, e in units]


def test_paragraphs_and_sentences():
    text = "Ana: Yes. Dr. Li helped!\n\n  \nBen: Mine left… Sad. \"Really?\" she asked.\nEnd"
    assert [text[s:e] for s, e in paragraphs(text)] == [
        "Ana: Yes. Dr. Li helped!", "Ben: Mine left… Sad. \"Really?\" she asked.", "End"]
    assert [text[s:e] for s, e in sentences(text)] == [
        "Ana: Yes.", "Dr.", "Li helped!", "Ben: Mine left…", "Sad.", "\"Really?\"", "she asked.", "End"]
    assert paragraphs(text, 27, 40) == [(29, 40)]


def test_segment_matching_is_one_to_one_and_best_first():
    a = [(0, 10), (20, 30)]
    b = [(1, 10), (0, 9), (40, 50)]
    pairs, left_a, left_b = match_segments(a, b, 0.8)
    assert pairs == [(0, 0)] and left_a == [1] and left_b == [1, 2]


@given(st.text(alphabet="ab \n\t.😀", max_size=40), st.data())
@settings(max_examples=200, deadline=None)
def test_paragraphs_are_the_trimmed_non_empty_lines(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    expected = []
    pos = start
    for line in text[start:end].split("\n"):
        a, b = pos, pos + len(line)
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            expected.append((a, b))
        pos += len(line) + 1
    assert paragraphs(text, start, end) == expected
