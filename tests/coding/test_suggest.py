"""Quote suggestions: typical of the theme, spread across cases, groups and
kinds of source, readable, explained and deterministic."""
from __future__ import annotations

from coding import access, codings
from coding.suggest import _length_factor, suggest
from tests.exporters.test_theme_table import project  # noqa: F401 - the fixture


def test_suggestions_are_typical_spread_explained_and_stable(project):  # noqa: F811
    with project.session() as s:
        lena = access.resolve(s, "Lena")
        first = suggest(s, lena, "Influences/Positive/Accessibility", coder="Lena", n=2, section_by="group")
        again = suggest(s, lena, "Influences/Positive/Accessibility", coder="Lena", n=2, section_by="group")
        theirs = {seg.coding_uuid for seg in codings.retrieve(s, lena)
                  if seg.code == "Influences/Positive/Accessibility"}
    assert [x.coding_uuid for x in first] == [x.coding_uuid for x in again]  # deterministic
    assert {x.coding_uuid for x in first} == theirs  # only the theme's own segments
    assert {x.source_kind for x in first} == {"focus-group", "survey"}  # spread over kinds of source
    assert all(0 < x.typicality <= 1 and x.terms for x in first)
    assert "Mentee" in first[0].why() or "Mentor" in first[0].why()


def test_readable_lengths_are_preferred():
    assert _length_factor(30) == 1.0 and _length_factor(3) < _length_factor(10) < 1.0
    assert _length_factor(200) < _length_factor(80) < 1.0


def test_terms_are_words_not_pieces_of_contractions():
    from coding.suggest import _plain_words

    text = _plain_words("We hadn't met; I'd say the Mentor's advice didn’t help. Mentors' time.")
    assert text.split() == ["we", "met;", "say", "the", "mentor", "advice", "help.", "mentors'", "time."]
