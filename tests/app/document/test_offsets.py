"""Code points <-> UTF-16 units, including astral characters (emoji)."""
from __future__ import annotations

from hypothesis import given, strategies as st

from app.document.offsets import OffsetMap

TEXTS = st.text(alphabet=st.sampled_from(list("ab é\n") + ["😀", "𝄞", "中"]), max_size=60)


def utf16_len(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


@given(TEXTS, st.data())
def test_to_utf16_matches_encoding(text, data):
    cp = data.draw(st.integers(0, len(text)))
    assert OffsetMap(text).to_utf16(cp) == utf16_len(text[:cp])


@given(TEXTS)
def test_round_trip_for_every_character_boundary(text):
    m = OffsetMap(text)
    for cp in range(len(text) + 1):
        assert m.to_codepoint(m.to_utf16(cp)) == cp


@given(TEXTS, st.data())
def test_inside_a_surrogate_pair_maps_to_the_character_start(text, data):
    m = OffsetMap(text)
    u = data.draw(st.integers(0, utf16_len(text)))
    cp = m.to_codepoint(u)
    assert m.to_utf16(cp) <= u < m.to_utf16(cp) + (2 if cp < len(text) and ord(text[cp]) > 0xFFFF else 1) \
        or u == utf16_len(text) and cp == len(text)


def test_known_values():
    m = OffsetMap("a😀b")
    assert [m.to_utf16(i) for i in range(4)] == [0, 1, 3, 4]
    assert [m.to_codepoint(u) for u in range(5)] == [0, 1, 1, 2, 3]
