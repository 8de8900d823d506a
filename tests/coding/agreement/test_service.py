"""compute_agreement on small real projects: every unit, filters, groups,
three coders, the heat map and the disagreement lists."""
from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score

from coding import access, cases, codebook, coders, sources
from coding.agreement.corpus import AgreementRequest
from coding.agreement.disagreements import list_disagreements
from coding.agreement.service import compute_agreement
from coding.codings import NewCoding, apply_codings
from coding.errors import InvalidRequest, NotFound
from coding.sources import SectionSpec
from coding.text import sha256

# Three turns: a moderator, then Ana (Mentee), then Ben (Mentor).
TURNS = [
    ("Kim", "Kim: Welcome. How were the meetings? Tell us."),
    ("Ana", "Ana: Helpful. She answered emails! I felt safe."),
    ("Ben", "Ben: Mine cancelled twice. Then he left… Sad."),
]


@pytest.fixture
def project(store):
    text = "\n".join(t for _, t in TURNS)
    specs, at = [], 0
    for speaker, turn in TURNS:
        specs.append((speaker, at, at + len(turn)))
        at += len(turn) + 1
    with store.transaction(access.system("tester")) as s:
        source = sources.add_source(s, "fg", "focus-group", text, sha256(text.encode()), sections=[
            SectionSpec(kind="turn", start=a, end=b, speaker=sp, case_name=sp,
                        is_moderator=sp == "Kim") for sp, a, b in specs])
        group = cases.ensure_attribute(s, "group")
        cases.set_value(s, cases.get_case(s, "Ana"), group, "Mentee")
        cases.set_value(s, cases.get_case(s, "Ben"), group, "Mentor")
        second = sources.add_source(s, "notes", "notes", "Alpha beta.\nGamma delta.", sha256(b"n"))
        people = [coders.create_coder(s, n) for n in ("A", "B", "C")]
        positive = codebook.ensure_path(s, "Quality/Positive")
        negative = codebook.ensure_path(s, "Quality/Negative")
        codebook.update_code(s, codebook.find_code(s, "Quality"), exclusive=True)
        other = codebook.ensure_path(s, "Other/Emails")
        spans = specs_by_speaker = {sp: (a, b) for sp, a, b in specs}
        ana_s, ana_e = spans["Ana"]
        ben_s, ben_e = spans["Ben"]
        items = [
            NewCoding(source, positive, people[0], ana_s, ana_e),
            NewCoding(source, positive, people[1], ana_s + 5, ana_e),
            NewCoding(source, negative, people[0], ben_s, ben_e),
            NewCoding(source, negative, people[1], ben_s, ben_s + 26),
            NewCoding(source, positive, people[1], ben_s + 27, ben_e),  # B: both values in Ben's turn
            NewCoding(source, other, people[0], ana_s + 14, ana_s + 30),
            NewCoding(source, other, people[0], 0, 8),  # in the moderator's turn
            NewCoding(source, other, people[1], ana_s + 14, ana_s + 30),
            NewCoding(second, other, people[1], 0, 5),
            NewCoding(source, positive, people[2], ana_s, ana_e),
            NewCoding(source, negative, people[2], ben_s, ben_e),
        ]
        apply_codings(s, items)
        del specs_by_speaker
    return {"spans": spans, "text": text}


def run(store, **options):
    options.setdefault("coders", ("A", "B"))
    with store.session() as s:
        return compute_agreement(s, access.system("t"), AgreementRequest(**options))


def test_char_unit_counts_characters_and_the_heatmap_matches_sklearn_per_source(store, project):
    report = run(store, unit="char")
    emails = report.code("Other/Emails")
    assert emails.counts["both"] == 16 and emails.counts["a_only"] == 8 and emails.counts["b_only"] == 5
    assert report.n_units == len(project["text"]) + len("Alpha beta.\nGamma delta.")
    heat = report.heatmap
    row = heat.codes.index("Other/Emails")
    col = heat.sources.index("fg")
    n = len(project["text"])
    a = np.zeros(n, int)
    b = np.zeros(n, int)
    a[project["spans"]["Ana"][0] + 14: project["spans"]["Ana"][0] + 30] = 1
    a[0:8] = 1
    b[project["spans"]["Ana"][0] + 14: project["spans"]["Ana"][0] + 30] = 1
    assert heat.values[row][col] == pytest.approx(cohen_kappa_score(a, b), abs=1e-12)
    assert heat.n_units[row][col] == n


@pytest.mark.parametrize("unit,expected_units", [("sentence", 11), ("paragraph", 5), ("section", 4),
                                                 ("document", 2), ("frequency", 2)])
def test_discrete_units(store, project, unit, expected_units):
    report = run(store, unit=unit)
    assert report.n_units == expected_units
    emails = report.code("Other/Emails")
    if unit == "frequency":
        # fg: A 2 codings, B 1 → disagree; notes: A 0, B 1 → disagree
        assert emails.counts == {"agreements": 0.0, "disagreements": 2.0}
        assert emails.coefficients.positive_agreement is None
    elif unit == "document":
        assert emails.counts == {"both": 1, "a_only": 0, "b_only": 1, "neither": 0}
    else:
        assert emails.counts["both"] >= 1


def test_filters_leave_out_moderators_and_keep_only_matching_cases(store, project):
    everyone = run(store, unit="section").code("Other/Emails")
    assert everyone.counts["a_only"] == 1  # the moderator's turn
    no_moderators = run(store, unit="section", without_moderators=True)
    # Ana's and Ben's turns, and the notes (a source without sections is one unit)
    assert no_moderators.n_units == 3 and no_moderators.code("Other/Emails").counts["a_only"] == 0
    mentors = run(store, unit="section", where=(("group", "Mentor"),))
    assert mentors.n_units == 1
    assert mentors.filters["where"] == {"group": "Mentor"}
    char = run(store, unit="char", without_moderators=True)
    turns = project["spans"]
    assert char.n_units == ((turns["Ana"][1] - turns["Ana"][0]) + (turns["Ben"][1] - turns["Ben"][0])
                            + len("Alpha beta.\nGamma delta."))
    assert "moderators' turns left out" in char.methods_paragraph


def test_exclusive_group_reports_conflicts_and_treats_them_as_missing(store, project):
    report = run(store, unit="section")
    group = report.group("Quality")
    assert group.extra["values"] == ["Quality/Positive", "Quality/Negative"]
    assert group.extra["conflicts"] == 1  # B applied both values to Ben's turn
    assert any("more than one value" in w for w in group.warnings)
    # Ana: A and B both Positive; Ben: B missing (conflict) → only Ana is pairable.
    assert group.coefficients.percent_agreement == 1.0
    assert group.coefficients.krippendorff_alpha is None  # one category only: no variation


def test_three_coders_give_pairs_and_multi_rater_coefficients(store, project):
    report = run(store, unit="section", coders=("A", "B", "C"))
    assert [p.coders for p in report.pairs] == [("A", "B"), ("A", "C"), ("B", "C")]
    positive = report.code("Quality/Positive")
    assert positive.counts["coded_by_3"] == 1  # Ana's turn
    assert positive.coefficients.fleiss_kappa is not None
    pair_ac = next(p for p in report.pairs if p.coders == ("A", "C"))
    assert pair_ac.codes[0].code == report.codes[0].code
    kappas = [next(c for c in p.codes if c.code == "Quality/Positive").coefficients.cohen_kappa
              for p in report.pairs]
    assert positive.coefficients.cohen_kappa == pytest.approx(np.mean(kappas))  # Light's κ


def test_segment_unit_matches_codings_by_overlap(store, project):
    strict = run(store, unit="segment", threshold=0.9)
    positive = strict.code("Quality/Positive")
    # Ana's turn: A [s, e) vs B [s+5, e): overlap 43/48 ≈ 0.90 → matched at 0.85 not at 0.95
    loose = run(store, unit="segment", threshold=0.85).code("Quality/Positive")
    tight = run(store, unit="segment", threshold=0.95).code("Quality/Positive")
    assert loose.counts["matched"] == 1 and tight.counts["matched"] == 0
    assert positive.extra["holsti"] == pytest.approx(2 * positive.counts["matched"] / (
        2 * positive.counts["matched"] + positive.counts["a_only"] + positive.counts["b_only"]))
    assert positive.coefficients.cohen_kappa is None
    assert "segment" in positive.coefficients.undefined["cohen_kappa"]


def test_disagreement_lists_at_each_unit(store, project):
    with store.session() as s:
        chars = list_disagreements(s, access.system("t"), AgreementRequest(("A", "B"), unit="char"), "Other/Emails")
        assert [(d.source, d.start, d.end, d.values) for d in chars] == [
            ("fg", 0, 8, ("coded", "not coded")), ("notes", 0, 5, ("not coded", "coded"))]
        assert chars[0].excerpt == project["text"][:8]
        group = list_disagreements(s, access.system("t"), AgreementRequest(("A", "B"), unit="section"), "Quality")
        assert [d.values for d in group] == [("Negative", "several values")]
        only_notes = list_disagreements(s, access.system("t"), AgreementRequest(("A", "B"), unit="char"), "Other/Emails",
                                        source="notes")
        assert len(only_notes) == 1
        with pytest.raises(NotFound):
            list_disagreements(s, access.system("t"), AgreementRequest(("A", "B")), "No/Such")


def test_bad_requests_name_the_problem(store, project):
    with store.session() as s:
        for request, fragment in [
            (AgreementRequest(("A", "Zoe")), "no coder called 'Zoe'"),
            (AgreementRequest(("A",)), "two coders"),
            (AgreementRequest(("A", "B"), unit="word"), "Unknown unit"),
            (AgreementRequest(("A", "B"), codes=("Nope",)), "no code 'Nope'"),
            (AgreementRequest(("A", "B"), sources=("x",)), "no source called 'x'"),
            (AgreementRequest(("A", "B"), where=(("height", "2"),)), "no case attribute"),
            (AgreementRequest(("A", "B"), unit="segment", threshold=1.5), "threshold"),
        ]:
            with pytest.raises((NotFound, InvalidRequest), match=fragment):
                compute_agreement(s, access.system("t"), request)


def test_codes_filter_takes_a_parent_for_its_codes_and_reports_the_overall(store, project):
    report = run(store, unit="section", codes=("Quality",))
    assert [c.code for c in report.codes] == ["Quality/Positive", "Quality/Negative"]
    overall = report.overall
    assert overall["unweighted_mean"]["n_codes"] == 2
    kappas = [c.coefficients.cohen_kappa for c in report.codes if c.coefficients.cohen_kappa is not None]
    assert overall["unweighted_mean"]["cohen_kappa"] == pytest.approx(np.mean(kappas))
    assert "De Vries" in overall["pooled_kappa"]["method"]
    assert overall["size_weighted_mean"]["n_cells"] >= 1
    data = report.to_json()
    for key in ("unit", "coders", "n_units", "codes", "groups", "pairs", "overall", "elapsed_ms"):
        assert key in data
    assert {"percent_agreement", "positive_agreement", "cohen_kappa", "scott_pi", "fleiss_kappa",
            "brennan_prediger", "gwet_ac1", "krippendorff_alpha", "ci95", "undefined"} <= set(data["codes"][0])


def test_filters_reach_the_segment_and_document_units(store, project):
    """A coding outside the filtered text counts for no unit: A's Emails coding in the
    moderator's turn, and B's in the notes, are left out once moderators (and the
    notes, which belong to no case) are filtered away."""
    every = run(store, unit="segment").code("Other/Emails")
    assert (every.counts["matched"], every.counts["a_only"], every.counts["b_only"]) == (1, 1, 1)
    mentee = run(store, unit="segment", where=(("group", "Mentee"),)).code("Other/Emails")
    assert (mentee.counts["matched"], mentee.counts["a_only"], mentee.counts["b_only"]) == (1, 0, 0)
    moderators_out = run(store, unit="segment", without_moderators=True).code("Other/Emails")
    assert (moderators_out.counts["a_only"], moderators_out.counts["b_only"]) == (0, 1)
    mentor_docs = run(store, unit="document", where=(("group", "Mentor"),)).code("Other/Emails")
    assert mentor_docs.counts["both"] == 0 and mentor_docs.counts["a_only"] == 0  # Emails lies in Ana's turn


def test_a_filter_that_matches_nothing_says_so(store, project):
    with pytest.raises(InvalidRequest, match=r"no turn, response or document matches group = mentee "
                                             r"\(its values: Mentee, Mentor\)"):
        run(store, unit="char", where=(("group", "mentee"),))


@pytest.mark.parametrize("unit", ["unitized", "section", "char"])
def test_every_pair_of_three_coders_equals_that_pair_run_alone(store, project, unit):
    three = run(store, unit=unit, coders=("A", "B", "C"), n_boot=0)
    assert [p.coders for p in three.pairs] == [("A", "B"), ("A", "C"), ("B", "C")]
    for pair in three.pairs:
        alone = run(store, unit=unit, coders=pair.coders, n_boot=0)
        for mine, theirs in zip(pair.codes, alone.codes):
            assert mine.coefficients.krippendorff_alpha == pytest.approx(theirs.coefficients.krippendorff_alpha)
        # exclusive groups, per pair as well (at the unitized unit: uα over the group's values)
        assert pair.groups[0].coefficients.krippendorff_alpha == pytest.approx(
            alone.groups[0].coefficients.krippendorff_alpha)


def test_unitized_alpha_of_an_exclusive_group_pools_its_values(store, project):
    report = run(store, unit="unitized", n_boot=0)
    [group] = report.groups
    assert group.code == "Quality" and group.extra["values"] == ["Quality/Positive", "Quality/Negative"]
    codes = {c.code: c for c in report.codes}
    do = sum(codes[v].extra["observed_disagreement"] for v in group.extra["values"])
    de = sum(codes[v].extra["expected_disagreement"] for v in group.extra["values"])
    assert group.coefficients.krippendorff_alpha == pytest.approx(1 - do / de)
