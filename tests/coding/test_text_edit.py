"""Correcting a source's text carries every coding, turn and quote through
the edit: kept words keep their codings, corrected words stay coded, a
coding whose words are all deleted is listed and kept or removed as asked,
never lost silently; undo puts everything back exactly; blind coding keeps
a text both coders coded to the lead."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from coding import access, blind, codebook, coders, codings, sources, text_edit
from coding.errors import InvalidRequest, NotAllowed
from storage.models import AuditEntry, Coding, Section
from tests.cli.test_cli import run
from tests.factories import THEMES_FG, seed_themes

FIXED = THEMES_FG.replace("She always answered my emails.", "She always answered my e-mails, even late.") \
    .replace("Mine cancelled twice.", "Mine cancelled.")


@pytest.fixture
def project(store):
    return seed_themes(store)


def _spans(store, source="Focus group"):
    with store.session() as s:
        src = sources.get_source(s, source)
        return {c.uuid: (src.text[c.start:c.end], c.start, c.end)
                for c in s.scalars(select(Coding).where(Coding.source_id == src.id))}


def _lena(store):
    with store.session() as s:
        return access.resolve(s, "Lena")


def test_the_offset_map_moves_kept_words_and_keeps_corrected_ones():
    old = "Ana: She allways answered my emails.\nBen: Mine cancelled twice."
    new = "Ana: She always answered my e-mails.\nBen: Mine cancelled twice."
    m = text_edit.OffsetMap(old, new)
    for before, after in (("She allways answered", "She always answered"), ("my emails.", "my e-mails."),
                          ("Ben: Mine cancelled twice.", "Ben: Mine cancelled twice."), ("Ana", "Ana")):
        a = old.index(before)
        x, y = m.span(a, a + len(before))
        assert new[x:y] == after


def test_an_edit_carries_codings_and_turns_and_undo_restores_them(project):
    before = _spans(project)
    lena = _lena(project)
    with project.transaction(lena) as s:
        record = text_edit.edit_text(s, lena, "Focus group", FIXED)
    after = _spans(project)
    texts = sorted(t for t, _a, _b in after.values())
    assert texts == sorted(["She always answered my e-mails, even late.", "coffee", "Mine cancelled."])
    assert record.lost == []
    with project.session() as s:
        src = sources.get_source(s, "Focus group")
        turns = [(x.speaker, src.text[x.start:x.end]) for x in sources.sections_of(s, src)]
        assert turns[1] == ("Ben", "Mine cancelled.") and src.text == FIXED
        assert s.scalars(select(AuditEntry.action).order_by(AuditEntry.id.desc())).first() == "source.edit_text"
    with project.transaction(lena) as s:
        text_edit.undo_edit(s, record)
    assert _spans(project) == before


def test_a_coding_whose_words_are_deleted_is_listed_then_kept_or_removed(project):
    gone = THEMES_FG.replace(" We met for coffee, which helped.", " We met, which helped.")
    lena = _lena(project)
    with project.session() as s:
        lost = text_edit.lost_codings(s, lena, "Focus group", gone)
    assert [(x.code.rsplit("/", 1)[-1], x.text) for x in lost] == [("Informal contact", "coffee")]
    with project.transaction(lena) as s:
        kept = text_edit.edit_text(s, lena, "Focus group", gone, keep_lost=True)
    assert "coffee" not in [t for t, _a, _b in _spans(project).values()] and len(_spans(project)) == 3
    with project.transaction(lena) as s:
        text_edit.undo_edit(s, kept)
    with project.transaction(lena) as s:
        removed = text_edit.edit_text(s, lena, "Focus group", gone, keep_lost=False)
    assert len(_spans(project)) == 2 and len(removed.removed) == 1
    with project.transaction(lena) as s:
        text_edit.undo_edit(s, removed)
    assert "coffee" in [t for t, _a, _b in _spans(project).values()]


def test_blind_coding_keeps_a_text_both_coders_coded_to_the_lead(project):
    with project.transaction(access.system("t")) as s:
        omar = coders.create_coder(s, "Omar")
        src = sources.get_source(s, "Focus group")
        codings.apply_coding(s, src, codebook.get_code(s, "Influences/Positive/Informal contact"), omar, 0, 3)
        assert blind.is_blind(s)
    with project.session() as s:
        as_omar = access.of_coder(coders.get_coder(s, "Omar"))
    with pytest.raises(NotAllowed, match="Only a lead"):
        with project.transaction(as_omar) as s:
            text_edit.edit_text(s, as_omar, "Focus group", FIXED)
    with pytest.raises(InvalidRequest, match="same as the old"):
        with project.transaction(_lena(project)) as s:
            text_edit.edit_text(s, _lena(project), "Focus group", THEMES_FG)


def test_the_cli_asks_what_to_do_with_lost_codings(tmp_path, capsys):
    from storage import create_project

    path = tmp_path / "p.tandem"
    seed_themes(create_project(path)).close()
    fixed = tmp_path / "fixed.txt"
    fixed.write_text(THEMES_FG.replace(" We met for coffee, which helped.", " We met, which helped."),
                     encoding="utf-8")
    before = path.read_bytes()
    code, _o, err = run(capsys, "sources", "edit", str(path), "Focus group", "--from", str(fixed), "--as", "Lena")
    assert code == 1 and err.count("\n") == 1 and "--keep-lost" in err and "coffee" in err
    assert path.read_bytes() == before
    code, out, _ = run(capsys, "sources", "edit", str(path), "Focus group", "--from", str(fixed), "--as", "Lena",
                       "--remove-lost")
    assert code == 0 and "1 left without words were removed" in out
