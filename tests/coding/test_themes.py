"""Themes in the core: the project's theme depth, the Themes view's overview
(codes gathered, segments, cases per respondent group, quotes), who sees
which pinned quote, and quotes surviving unpin and theme deletion by undo."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from coding import access, blind, codebook, coders, codings, edits, quotes, themes
from coding.errors import InvalidRequest
from storage.models import AuditEntry, Source
from tests.factories import seed_themes


@pytest.fixture
def project(store):
    return seed_themes(store)


def _lena(s):
    return access.resolve(s, "Lena")


def _pin(store, theme_path, text):
    with store.session() as s:
        lena = _lena(s)
        theme = codebook.get_code(s, theme_path)
        seg = next(x for x in codings.retrieve(s, lena) if x.text == text)
        theme_uuid = str(theme.uuid)
    with store.transaction(lena) as s:
        return quotes.pin(s, lena, theme_uuid, seg.coding_uuid)


def test_the_theme_depth_is_the_projects_choice_and_defaults_to_the_codebook_shape(project):
    with project.session() as s:
        assert themes.default_depth(s) == 2 and themes.theme_depth(s) == 2  # category/theme/code
    with project.transaction(access.system("t")) as s:
        assert themes.set_theme_depth(s, _lena(s), 1) == 2
    with project.session() as s:
        assert themes.theme_depth(s) == 1
        assert [c.name for c in themes.overview(s, _lena(s), coder="Lena").categories] == ["Influences"]
    with pytest.raises(InvalidRequest, match="depth 1"):
        with project.transaction(access.system("t")) as s:
            themes.set_theme_depth(s, _lena(s), 0)
    with project.session() as s:
        assert themes.theme_depth(s) == 1  # the refusal changed nothing


def test_overview_counts_segments_and_cases_per_group(project):
    with project.session() as s:
        view = themes.overview(s, _lena(s), coder="Lena", group_by="group")
    assert view.layer == "Lena" and view.depth == 2 and view.groups == ("Mentee", "Mentor")
    assert view.group_sizes == {"Mentee": 3, "Mentor": 2}
    assert [(c.name, [t.name for t in c.themes]) for c in view.categories] == [
        ("Positive", ["Accessibility", "Informal contact"]), ("Negative", ["Time pressure"])]
    by_name = {t.name: t for t in view.themes()}
    # Accessibility: P1 in the focus group and R1 in the survey, both mentees
    assert by_name["Accessibility"].segments == 2 and by_name["Accessibility"].cases == {"Mentee": 2}
    # coffee: said by Cy (M1, a mentor); time pressure: Ben (P2, mentee) and R2 (mentor)
    assert by_name["Informal contact"].cases == {"Mentor": 1}
    assert by_name["Time pressure"].cases == {"Mentee": 1, "Mentor": 1}
    assert by_name["Accessibility"].description == "The mentor was easy to reach."
    assert view.categories[0].description == "What helped"


def test_a_theme_gathers_the_codes_below_it(project):
    with project.transaction(access.system("t")) as s:
        extra = codebook.ensure_path(s, "Influences/Positive/Accessibility/Replies quickly")
        src = s.scalar(select(Source).where(Source.name == "Survey"))
        codings.apply_coding(s, src, extra, coders.get_coder(s, "Lena"), 0, 7)
    with project.session() as s:
        view = themes.overview(s, _lena(s), coder="Lena")
    theme = next(t for t in view.themes() if t.name == "Accessibility")
    assert theme.codes == ("Replies quickly",) and theme.segments == 3
    assert theme.cases == {"": 2}  # no groups: R1 twice, P1 once


def test_overview_without_a_layer_lists_the_themes_without_counts(project):
    with project.session() as s:
        view = themes.overview(s, _lena(s))  # no consensus layer yet, no coder named
    assert view.layer is None and [t.segments for t in view.themes()] == [0, 0, 0]


def test_overview_carries_quotes_in_order_with_their_identity_flags(project):
    first = _pin(project, "Influences/Positive/Accessibility", "She always answered my emails.")
    second = _pin(project, "Influences/Positive/Accessibility", "I could message her any time.")
    with project.transaction(access.system("t")) as s:
        quotes.edit(s, _lena(s), second, "I could message [Ana] any time.")
    with project.session() as s:
        view = themes.overview(s, _lena(s), coder="Lena")
    theme = next(t for t in view.themes() if t.name == "Accessibility")
    assert [q.uuid for q in theme.quotes] == [first, second]
    assert theme.quotes[1].flags == ("the name “Ana”",) and theme.quotes[0].flags == ()
    assert theme.quotes[1].original == "I could message her any time."
    assert theme.quotes[0].source_uuid and theme.quotes[0].coding_uuid


def test_while_coding_is_blind_a_coder_sees_only_quotes_from_codings_they_may_read(project):
    quote = _pin(project, "Influences/Positive/Accessibility", "She always answered my emails.")
    with project.transaction(access.system("t")) as s:
        omar = coders.create_coder(s, "Omar")
        blind.set_blind(s, access.system("t"), True)
        omar_acting = access.of_coder(omar)
        theme_uuid = str(codebook.get_code(s, "Influences/Positive/Accessibility").uuid)
    with project.session() as s:
        assert quotes.quotes_of(s, theme_uuid, omar_acting) == []      # pinned from Lena's coding
        assert [q.uuid for q in quotes.quotes_of(s, theme_uuid, _lena(s))] == [quote]  # a lead sees it
        table = themes.theme_table(s, _lena(s), coder="Lena")
    assert any(q.pinned for q in table.quotes())


def test_an_unpinned_quote_is_restored_in_its_place_with_its_identity(project):
    uuids = [_pin(project, "Influences/Positive/Accessibility", t)
             for t in ("She always answered my emails.", "I could message her any time.")]
    with project.transaction(access.system("t")) as s:
        gone = quotes.unpin(s, _lena(s), uuids[0])
    with project.transaction(access.system("t")) as s:
        assert quotes.restore(s, _lena(s), gone) == uuids[0]
    with project.session() as s:
        theme = codebook.get_code(s, "Influences/Positive/Accessibility")
        assert [q.uuid for q in quotes.quotes_of(s, str(theme.uuid))] == uuids


def test_deleting_a_theme_takes_its_quotes_and_undoing_it_brings_them_back(project):
    with project.transaction(access.system("t")) as s:
        theme = codebook.ensure_path(s, "Influences/Positive/Mentor style")
        theme_uuid = str(theme.uuid)
        src = next(c for c in codings.retrieve(s, _lena(s)) if c.text == "coffee")
        lena = _lena(s)
    with project.transaction(lena) as s:
        quote = quotes.pin(s, lena, theme_uuid, src.coding_uuid, text="coffee")
    with project.transaction(access.system("t")) as s:
        deleted = edits.delete_code(s, theme_uuid)
    assert [q.uuid for q in deleted.quotes] == [quote]
    with project.session() as s:
        assert quotes.quotes_under(s, [c.id for c in [codebook.get_code(s, "Influences")]]) == []
        actions = [a for (a,) in s.execute(select(AuditEntry.action).order_by(AuditEntry.id))]
        assert actions[-2:] == ["quote.unpin", "code.delete"]
    with project.transaction(access.system("t")) as s:
        edits.undelete(s, deleted)
    with project.session() as s:
        [back] = quotes.quotes_of(s, theme_uuid)
    assert back.uuid == quote and back.text == "coffee"


def test_a_passage_is_quoted_once_in_a_theme(project):
    """Pinning the same passage to a theme twice (Enter pressed again in the
    suggestions) is refused, and nothing is written; another theme may quote it."""
    _pin(project, "Influences/Positive/Accessibility", "She always answered my emails.")
    with project.session() as s:
        logged = len(s.scalars(select(AuditEntry.id)).all())
    with pytest.raises(InvalidRequest, match="is already a quote of Accessibility"):
        _pin(project, "Influences/Positive/Accessibility", "She always answered my emails.")
    with project.session() as s:
        assert len(s.scalars(select(AuditEntry.id)).all()) == logged
        view = themes.overview(s, _lena(s), coder="Lena")
    assert len(next(t for t in view.themes() if t.name == "Accessibility").quotes) == 1
    _pin(project, "Influences/Negative/Time pressure", "She always answered my emails.")


def test_a_quote_says_where_it_is_as_people_read_it(project):
    _pin(project, "Influences/Positive/Accessibility", "She always answered my emails.")
    with project.session() as s:
        view = themes.overview(s, _lena(s), coder="Lena")
    (quote,) = next(t for t in view.themes() if t.name == "Accessibility").quotes
    assert quote.place == "Ana"  # the speaker of the turn, not characters 0–30


def test_a_place_names_its_source_once():
    from coding.places import in_source

    assert in_source("Focus group", "Ana, 0:05") == "Focus group · Ana, 0:05"
    assert in_source("Interview 2", "Interview 2, INT-02") == "Interview 2, INT-02"
    assert in_source("Notes", "Notes") == in_source("Notes", "") == "Notes"
