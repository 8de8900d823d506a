"""Discrepancies (every class, stable ids), decisions (every choice, refusals),
reopening, stale decisions and the consensus layer — on SQLite and PostgreSQL."""
from __future__ import annotations

import re

import pytest

from coding import access, audit, codebook, coders, codings, sources
from coding.errors import Conflict, InvalidRequest, NotAllowed, NotFound
from coding.reconcile import decisions, summary
from coding.reconcile.discrepancies import compare

from tests.factories import ACCESS, CANCEL, seed_pair


@pytest.fixture
def pair(store):
    """Lena (lead, coder A) and Omar (coder B), one of each class plus an agreement."""
    seed_pair(store)
    return store


def _lead(store):
    with store.session() as s:
        return access.resolve(s, "Lena")


def _found(store, **kw):
    with store.session() as s:
        return compare(s, _lead(store), "Lena", "Omar", **kw)


def test_every_class_is_found_with_its_spans_speaker_and_codes(pair):
    c = _found(pair)
    got = {d.kind: d for d in c.discrepancies}
    assert sorted(got) == ["a_only", "b_only", "boundary", "different_code"]
    assert [(s.start, s.end) for s in got["boundary"].a] == [(46, 74)]
    assert [(s.start, s.end) for s in got["boundary"].b] == [(52, 74)]
    assert got["boundary"].speaker == "Ana" and got["different_code"].speaker == "Ben"
    assert got["different_code"].code == f"{CANCEL} | {ACCESS}"
    assert got["a_only"].b == () and got["b_only"].a == ()
    assert [(a.spans) for a in c.agreements] == [((25, 45),)]
    json = got["different_code"].to_json()
    assert (json["code_a"], json["code_b"], json["class"]) == (CANCEL, ACCESS, "different_code")


def test_a_looser_threshold_turns_a_boundary_into_an_agreement(pair):
    c = _found(pair, threshold=0.75)  # 22 of 28 characters shared: 0.786
    assert "boundary" not in {d.kind for d in c.discrepancies}
    assert ((46, 74),) in [a.spans for a in c.agreements]


def test_ids_are_stable_until_a_coding_they_concern_changes(pair):
    first = {d.kind: d.id for d in _found(pair).discrepancies}
    assert first == {d.kind: d.id for d in _found(pair).discrepancies}
    with pair.transaction(access.system("t")) as s:
        [seg] = [x for x in codings.retrieve(s, access.system()) if x.coder == "Omar" and x.start == 52]
        codings.adjust_coding(s, codings.get_coding(s, seg.coding_uuid), start=50)
    again = {d.kind: d.id for d in _found(pair).discrepancies}
    assert again["boundary"] != first["boundary"]
    assert {k: v for k, v in again.items() if k != "boundary"} == {k: v for k, v in first.items() if k != "boundary"}


def test_the_section_unit_compares_turns(pair):
    c = _found(pair, unit="section")
    kinds = sorted(d.kind for d in c.discrepancies)
    # Ana's turn: both applied Accessibility (agreement); Ben's turn: Cancelled (Lena) vs Accessibility
    # (Omar) is a different-code pair; Kim's turn: Omar only.
    assert kinds == ["b_only", "different_code"]
    assert {a.code_uuid for a in c.agreements} and len(c.agreements) == 1


CHOICES = [("boundary", "accept-a", [(ACCESS, 46, 74)]), ("boundary", "accept-b", [(ACCESS, 52, 74)]),
           ("boundary", "both", [(ACCESS, 46, 74)]), ("boundary", "neither", []),
           ("boundary", "edit", [(ACCESS, 48, 74)]),
           ("different_code", "accept-a", [(CANCEL, 80, 100)]), ("different_code", "accept-b", [(ACCESS, 80, 98)]),
           ("different_code", "both", [(CANCEL, 80, 100), (ACCESS, 80, 98)]),
           ("a_only", "accept-a", [(CANCEL, 101, 129)]), ("a_only", "neither", []),
           ("b_only", "accept-b", [(CANCEL, 0, 3)]), ("b_only", "edit", [(CANCEL, 1, 3)])]
EDITS = {"boundary": (48, 74), "b_only": (1, 3)}


@pytest.mark.parametrize("kind,choice,expected", CHOICES)
def test_every_choice_writes_the_consensus_layer_and_leaves_the_coders_alone(pair, kind, choice, expected):
    with pair.session() as s:
        before = sorted((x.coder, x.code, x.start, x.end) for x in codings.retrieve(s, access.system()))
    lead = _lead(pair)
    with pair.transaction(lead) as s:
        c = compare(s, lead, "Lena", "Omar")
        [d] = [d for d in c.discrepancies if d.kind == kind]
        done = decisions.decide(s, lead, c, d.id, choice, "per the definition",
                                span=EDITS[kind] if choice == "edit" else None)
    with pair.session() as s:
        held = sorted((x.code, x.start, x.end) for x in codings.retrieve(s, access.system()) if x.coder == "Consensus")
        after = sorted((x.coder, x.code, x.start, x.end) for x in codings.retrieve(s, access.system())
                       if x.coder != "Consensus")
        [row] = decisions.decisions(s, lead)
        entry = [e for e in audit.entries(s) if e.action == "decision.decide"][-1]
    assert held == expected
    assert after == before  # reconciling never changes either coder's codings
    assert len(done.created) == len(expected)
    assert (row["choice"], row["decided_by"], row["rationale"], row["status"]) == (
        choice, "Lena", "per the definition", "decided")
    assert entry.actor == "Lena" and entry.after["choice"] == choice
    assert _found(pair).by_id(d.id).status == "decided"


@pytest.mark.parametrize("kind,choice,fragment", [
    ("a_only", "accept-b", "choose accept-a (keep A's coding), neither (leave it out) or edit"),
    ("b_only", "both", "does not fit a B-only discrepancy"),
    ("different_code", "edit", "does not fit a different-code"),
    ("boundary", "maybe", "Unknown choice 'maybe'"),
])
def test_a_choice_that_does_not_fit_the_class_is_refused_and_nothing_is_written(pair, kind, choice, fragment):
    lead = _lead(pair)
    with pytest.raises(InvalidRequest, match=fragment.replace("(", r"\(").replace(")", r"\)")):
        with pair.transaction(lead) as s:
            c = compare(s, lead, "Lena", "Omar")
            decisions.decide(s, lead, c, next(d.id for d in c.discrepancies if d.kind == kind), choice)
    with pair.session() as s:
        assert decisions.consensus_layer(s) is None and decisions.decisions(s, lead) == []


def test_only_a_lead_decides_and_a_stale_id_is_refused(pair):
    lead = _lead(pair)
    with pair.transaction(lead) as s:
        from coding import blind
        blind.set_blind(s, lead, False)  # so that Omar may see the discrepancies at all
    with pair.session() as s:
        omar = access.resolve(s, "Omar")
    with pytest.raises(NotAllowed, match="Only a lead can decide discrepancies; Omar is a coder"):
        with pair.transaction(omar) as s:
            c = compare(s, omar, "Lena", "Omar")
            decisions.decide(s, omar, c, c.discrepancies[0].id, "neither")
    with pytest.raises(NotFound, match="no discrepancy 'feedfacecafe'"):
        with pair.transaction(lead) as s:
            decisions.decide(s, lead, compare(s, lead, "Lena", "Omar"), "feedfacecafe", "neither")
    with pair.transaction(omar) as s:  # a coder may comment
        c = compare(s, omar, "Lena", "Omar")
        decisions.comment(s, omar, c.discrepancies[0].id, "I read 'always answered' as accessibility")
    assert _found(pair).discrepancies[0].comments[0]["author"] == "Omar"


def test_deciding_twice_is_refused_and_reopening_takes_the_consensus_codings_out(pair):
    lead = _lead(pair)
    with pair.transaction(lead) as s:
        c = compare(s, lead, "Lena", "Omar")
        d = next(d for d in c.discrepancies if d.kind == "a_only")
        decisions.decide(s, lead, c, d.id, "accept-a", "fits")
    with pytest.raises(Conflict, match="decided already"):
        with pair.transaction(lead) as s:
            decisions.decide(s, lead, compare(s, lead, "Lena", "Omar"), d.id, "neither")
    with pair.transaction(lead) as s:
        out = decisions.reopen(s, lead, d.id, "second look")
    assert len(out.removed) == 1
    again = _found(pair).by_id(d.id)
    assert again.status == "reopened" and "second look" in again.reopened_because
    with pair.transaction(lead) as s:  # decided anew: the reopened decision is superseded
        decisions.decide(s, lead, compare(s, lead, "Lena", "Omar"), d.id, "neither", "on reflection")
    with pair.session() as s:
        rows = decisions.decisions(s, lead)
        assert [r["status"] for r in rows] == ["superseded", "decided"]
        assert [e.action for e in audit.entries(s) if e.action.startswith("decision.")] == [
            "decision.decide", "decision.reopen", "decision.supersede", "decision.decide"]


def test_a_decision_whose_codings_changed_shows_its_discrepancy_reopened_with_the_reason(pair):
    lead = _lead(pair)
    with pair.transaction(lead) as s:
        c = compare(s, lead, "Lena", "Omar")
        d = next(d for d in c.discrepancies if d.kind == "boundary")
        decisions.decide(s, lead, c, d.id, "accept-b")
    with pair.transaction(access.system("t")) as s:
        [seg] = [x for x in codings.retrieve(s, access.system()) if x.coder == "Omar" and x.start == 52]
        codings.adjust_coding(s, codings.get_coding(s, seg.coding_uuid), start=50)
    now = next(x for x in _found(pair).discrepancies if x.kind == "boundary")
    assert now.id != d.id and now.status == "reopened"
    assert "now spans 50–74" in now.reopened_because and "accept-b" in now.reopened_because


def test_agreements_are_copied_once_and_the_summary_counts_progress(pair):
    lead = _lead(pair)
    with pair.transaction(lead) as s:
        assert decisions.copy_agreements(s, lead, compare(s, lead, "Lena", "Omar")) == 1
    with pair.transaction(lead) as s:
        c = compare(s, lead, "Lena", "Omar")
        assert decisions.copy_agreements(s, lead, c) == 0
        decisions.decide(s, lead, c, next(d.id for d in c.discrepancies if d.kind == "b_only"), "accept-b")
    with pair.session() as s:
        result = summary.summarise(s, lead, compare(s, lead, "Lena", "Omar"))
    assert (result.total, result.decided, result.consensus_codings) == (4, 1, 2)
    assert result.by_kind["b_only"] == {"total": 1, "decided": 1}
    # segment unit, identical spans: 1 matched pair, 3 of Lena's and 3 of Omar's codings unmatched
    assert result.agreement["Lena–Omar"] == pytest.approx(1 / 7)
    text = summary.methods_paragraph(result)
    assert "4 discrepancies: 1 coded by Lena only, 1 coded by Omar only" in text
    assert "Lena (lead) decided 1 of them" in text and "3 remain undecided" in text


def test_the_consensus_layer_cannot_be_edited_outside_reconciliation(pair):
    lead = _lead(pair)
    with pair.transaction(lead) as s:
        decisions.copy_agreements(s, lead, compare(s, lead, "Lena", "Omar"))
    with pytest.raises(NotAllowed, match="written only by reconciling"):
        with pair.transaction(lead) as s:
            [seg] = [x for x in codings.retrieve(s, access.system()) if x.coder == "Consensus"]
            codings.remove_coding(s, codings.get_coding(s, seg.coding_uuid))


@pytest.mark.parametrize("unit,kinds", [
    ("document", []),  # the whole text: both applied both codes somewhere in it
    ("paragraph", ["b_only", "different_code"]),  # each line of the text is a paragraph, like the turns
])
def test_the_text_units_compare_paragraphs_and_whole_documents(pair, unit, kinds):
    c = _found(pair, unit=unit)
    assert sorted(d.kind for d in c.discrepancies) == kinds
    assert all(d.id == e.id for d, e in zip(c.discrepancies, _found(pair, unit=unit).discrepancies))  # stable


def test_the_methods_paragraph_says_independently_only_when_the_log_shows_blind_coding(pair):
    """As the agreement report does: "independently" only when blind coding
    was on whenever the two made or changed a coding; rationales counted as
    recorded, not assumed; no sentence begins with a numeral."""
    from coding import blind

    lead = _lead(pair)

    def paragraph() -> str:
        with pair.session() as s:
            return summary.methods_paragraph(summary.summarise(s, lead, compare(s, lead, "Lena", "Omar"),
                                                               with_agreement=False))

    assert "Lena and Omar coded independently; blind coding" in paragraph()
    with pair.transaction(lead) as s:
        c = compare(s, lead, "Lena", "Omar")
        b_only, a_only = (next(d.id for d in c.discrepancies if d.kind == k) for k in ("b_only", "a_only"))
        decisions.decide(s, lead, c, b_only, "accept-b", rationale="Omar's reading fits the definition.")
        decisions.decide(s, lead, c, a_only, "neither")
        blind.set_blind(s, lead, False)
    with pair.transaction(lead) as s:  # coded while blind coding is off
        codings.apply_coding(s, sources.get_source(s, "fg"), codebook.get_code(s, ACCESS),
                             coders.get_coder(s, "Omar"), 0, 3)
    text = paragraph()
    assert "independently" not in text
    assert ("Lena and Omar coded separately; independence was not enforced: blind coding was off while 1 of "
            "their ") in text
    assert "decided 2 of them (1 with a recorded rationale)" in text
    assert re.search(r"The other \d+ remain undecided\.", text)
    assert not re.search(r"(^|\. )\d", text)  # no sentence starts with a numeral
