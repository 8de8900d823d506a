"""Blind mode, progress, next uncoded unit, search, word snapping, fuzzy matching."""
from __future__ import annotations

import pytest

from coding import access, audit, blind, codebook, coders, codings, fuzzy, progress, search, sources
from coding.errors import InvalidRequest, NotAllowed
from coding.sources import SectionSpec
from coding.text import sha256, snap_to_words
from tests.factories import TEXT, seed


def test_blind_defaults_on_with_two_coders_and_only_a_lead_turns_it_off(store):
    with store.transaction(access.system("t")) as s:
        coders.create_coder(s, "Priya", role="lead")
        assert not blind.is_blind(s)  # one coder: nothing to hide
        coders.create_coder(s, "Daniel")
        assert blind.is_blind(s)
    with pytest.raises(NotAllowed, match="Only a lead"):
        with store.transaction("Daniel") as s:
            blind.set_blind(s, access.of_coder(coders.get_coder(s, "Daniel")), False)
    with store.session() as s:
        assert blind.is_blind(s)
        daniel = coders.get_coder(s, "Daniel")
        assert access.readable_layers(s, access.of_coder(daniel)) == {str(daniel.uuid)}
        assert access.readable_layers(s, access.of_coder(coders.get_coder(s, "Priya"))) is None  # a lead
    with store.transaction("Priya") as s:
        blind.set_blind(s, access.of_coder(coders.get_coder(s, "Priya")), False)
    with store.transaction("Daniel") as s:
        blind.set_blind(s, access.of_coder(coders.get_coder(s, "Daniel")), True)  # anyone may turn it on
    with store.session() as s:
        assert blind.is_blind(s)
        log = [(e.action, e.actor) for e in audit.entries(s) if e.action.startswith("project.blind")]
    assert log == [("project.blind_off", "Priya"), ("project.blind_on", "Daniel")]


def _turns(store):
    text = "Mod: Hello.\nAna: One.\nBen: Two.\nAna: Three.\n"
    specs = []
    pos = 0
    for line in text.splitlines(keepends=True):
        who = line.split(":")[0]
        body_start = pos + len(who) + 2
        specs.append(SectionSpec(kind="turn", start=body_start, end=pos + len(line) - 1, speaker=who,
                                 is_moderator=who == "Mod"))
        pos += len(line)
    with store.transaction(access.system("t")) as s:
        src = sources.add_source(s, "fg", "focus-group", text, sha256(text.encode()), sections=specs)
        me = coders.create_coder(s, "Priya")
        code = codebook.ensure_path(s, "A/B")
        codings.apply_coding(s, src, code, me, specs[2].start, specs[2].end)  # Ben's turn
    return text, specs


def test_progress_and_next_uncoded_skip_moderators_and_wrap(store):
    text, specs = _turns(store)
    with store.session() as s:
        me, src = coders.get_coder(s, "Priya"), sources.get_source(s, "fg")
        p = progress.coder_progress(s, me.id)
        assert (p.coded, p.total) == (1, 3) and p.share == pytest.approx(1 / 3)
        nxt = progress.next_uncoded(s, me.id, src.id, 0)
        assert (nxt.start, nxt.end) == (specs[1].start, specs[1].end)
        nxt = progress.next_uncoded(s, me.id, src.id, specs[1].start)
        assert (nxt.start, nxt.end) == (specs[3].start, specs[3].end)  # Ben's coded turn is skipped
        wrapped = progress.next_uncoded(s, me.id, src.id, specs[3].start)
        assert wrapped.start == specs[1].start
        back = progress.next_uncoded(s, me.id, src.id, specs[3].start, backwards=True)
        assert back.start == specs[1].start
        assert progress.section_at(s, src.id, specs[2].start + 1).speaker == "Ben"


def test_search_plain_regex_and_bad_pattern(store):
    seed(store)
    with store.session() as s:
        result = search.search(s, "she")
        assert [h.match for h in result.hits] == ["She"]
        hit = result.hits[0]
        assert TEXT[hit.start:hit.end] == "She" and hit.before.endswith("honestly. ")
        assert [h.match for h in search.search(s, r"t\w+ce", regex=True).hits] == ["twice"]
        assert search.search(s, "she", case_sensitive=True).hits == ()
        with pytest.raises(InvalidRequest, match="not a valid regular expression"):
            search.search(s, "(unclosed", regex=True)
        with pytest.raises(InvalidRequest):
            search.search(s, "")
        emoji = search.search(s, "😕 and").hits[0]
        assert TEXT[emoji.start:emoji.end] == "😕 and"


@pytest.mark.parametrize("sel, want", [
    ("ways answ", "always answered"), (" helpful, ", "helpful,"), ("e", "She"), (" ", ""),
])
def test_snap_to_words(sel, want):
    text = "They were helpful, honestly. She always answered my emails."
    start = text.index(sel) if sel.strip() != "e" else text.index("She") + 2
    end = start + len(sel)
    a, b = snap_to_words(text, start, end)
    assert text[a:b] == want


def test_fuzzy_ranks_initials_and_fragments():
    paths = ["Influences/Negative/Time pressure", "Outcomes/Benefits/Confidence and wellbeing",
             "Influences/Negative/Mismatch of expectations"]
    assert fuzzy.rank("tp", paths)[0] == 0
    assert fuzzy.rank("conf", paths) == [1]
    assert fuzzy.rank("zzz", paths) == []
    assert fuzzy.rank("", paths) == [0, 1, 2]


def test_only_a_lead_makes_or_unmakes_a_lead(store):
    with store.transaction(access.system("t")) as s:
        first = coders.create_coder(s, "Priya", role="lead")  # no lead yet: anyone may
        daniel = coders.create_coder(s, "Daniel")
    with pytest.raises(NotAllowed, match="Only a lead can add a lead; ask Priya"):
        with store.transaction("Daniel") as s:
            coders.create_coder(s, "Dan Lead", role="lead", by=coders.get_coder(s, "Daniel"))
    with pytest.raises(NotAllowed, match="Only a lead can make Daniel a lead"):
        with store.transaction("Daniel") as s:
            coders.set_role(s, coders.get_coder(s, "Daniel"), "lead", by=coders.get_coder(s, "Daniel"))
    with store.transaction("Priya") as s:
        coders.set_role(s, coders.get_coder(s, "Daniel"), "lead", by=coders.get_coder(s, "Priya"))
        assert coders.get_coder(s, "Daniel").role == "lead"
    assert first.name == "Priya" and daniel.name == "Daniel"
