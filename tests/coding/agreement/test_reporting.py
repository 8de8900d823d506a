"""What a report says beside its numbers, on real projects: bands only on the
scale that reads each coefficient and classified by the printed value, the κ
paradox, NVivo's weighted average, bootstrap counts, codes and sources nobody
coded, the coders a report opens on, and independence from the audit log."""
from __future__ import annotations

import numpy as np
import pytest

from coding import access, blind, codebook, coders, sources
from coding.agreement.reliability import binary_table, coefficients
from coding.agreement.report import krippendorff_band, landis_koch
from coding.agreement.scope import default_coders
from coding.codings import NewCoding, apply_codings
from coding.sources import SectionSpec
from coding.text import sha256
from tests.coding.agreement.test_published_values import agree, build


def _doc(s, name: str, text: str, paragraphs: bool = True):
    spans, at = [], 0
    for line in text.split("\n"):
        spans.append(SectionSpec(at, at + len(line), kind="paragraph"))
        at += len(line) + 1
    return sources.add_source(s, name, "document", text, sha256(text.encode()),
                              sections=spans if paragraphs else None)


# ----------------------------------------------------------------------------
# Bands and rounding
# ----------------------------------------------------------------------------

def test_a_value_is_classified_by_the_number_printed():
    # Landis & Koch: 0.41–0.60 moderate, 0.61–0.80 substantial, read to two decimals
    assert landis_koch(0.604) == "moderate"      # printed 0.60
    assert landis_koch(0.6049) == "moderate"
    assert landis_koch(0.605) == landis_koch(float(f"{0.605:.2f}"))
    assert landis_koch(0.6051) == "substantial"  # printed 0.61
    assert landis_koch(-0.004) == "slight"       # printed 0.00 (not "−0.00")
    # Krippendorff: 0.667 and 0.800, read to three decimals
    assert krippendorff_band(0.6668).startswith("tentative")  # printed 0.667
    assert krippendorff_band(0.6664).startswith("unreliable")  # printed 0.666
    assert krippendorff_band(0.7996).startswith("reliable")   # printed 0.800


def test_bands_sit_only_on_their_own_scale_and_never_on_a_mean(store):
    names = build(store, "x" * 100, {"T/A": {"C1": [(0, 40)], "C2": [(0, 30)]},
                                     "T/B": {"C1": [(50, 70)], "C2": [(55, 80)]}})
    report = agree(store, names, unit="char")
    data = report.to_json()
    for code in data["codes"]:
        for name, band in code["bands"].items():
            scheme = set(band) - {"read_at"}
            if name == "krippendorff_alpha":
                assert scheme == {"krippendorff"}
                assert band["read_at"] == round(code[name], 3)
            else:
                assert name in ("cohen_kappa", "scott_pi", "fleiss_kappa", "brennan_prediger",
                                "gwet_ac1") and scheme == {"landis_koch"}
                assert band["read_at"] == round(code[name], 2)
        assert "percent_agreement" not in code["bands"] and "positive_agreement" not in code["bands"]
    for key, entry in data["overall"].items():  # a mean or a pooled value carries no band
        assert "bands" not in entry, key
    counts = data["overall"]["bands_per_code"]["krippendorff"]
    alphas = [c["krippendorff_alpha"] for c in data["codes"] if c["krippendorff_alpha"] is not None]
    assert counts["n_codes"] == len(alphas)
    assert counts["below_0.667"] == sum(1 for a in alphas if round(a, 3) < 0.667)
    paragraph = report.methods_paragraph  # no band read on the mean α or the mean κ
    mean_alpha = f"(mean {data['overall']['unweighted_mean']['krippendorff_alpha']:.3f});"
    assert mean_alpha in paragraph
    for label in ("tentative (", "unreliable (", "reliable (", "agreement by Landis"):
        assert label not in paragraph


# ----------------------------------------------------------------------------
# The κ paradox
# ----------------------------------------------------------------------------

def test_kappa_paradox_is_warned_when_agreement_is_high_and_kappa_low_inside_10_to_90(store):
    """Both 6, A only 8, B only 6, neither 80: prevalence 13 % (inside 10–90 %), agreement
    86 %, κ 0.38 — the paradox's sign a prevalence rule alone misses."""
    names = build(store, "y" * 100, {"T/C": {"C1": [(0, 14)], "C2": [(0, 6), (14, 20)]}})
    result = agree(store, names, unit="char").code("T/C")
    assert result.counts == {"both": 6, "a_only": 8, "b_only": 6, "neither": 80}
    assert 0.10 < result.prevalence < 0.90
    assert result.coefficients.percent_agreement == pytest.approx(0.86)
    assert result.coefficients.cohen_kappa == pytest.approx(0.3816, abs=1e-4)
    [warning] = result.warnings
    assert "κ paradox" in warning and "86.0 %" in warning and "0.38" in warning
    assert result.coefficients.negative_agreement == pytest.approx(160 / 174)


def test_a_rare_code_is_warned_with_its_prevalence_as_printed(store):
    """Coded on 2 of 500 characters by both: prevalence 0.4 %, printed so —
    not rounded to "0 %" beside "10–90 %"."""
    names = build(store, "y" * 500, {"T/C": {"C1": [(0, 2)], "C2": [(0, 2)]}})
    result = agree(store, names, unit="char").code("T/C")
    assert result.prevalence == pytest.approx(0.004)
    assert any(w.startswith("prevalence 0.4 % is outside 10–90 %") for w in result.warnings), result.warnings


def test_no_paradox_warning_for_balanced_codes():
    from coding.agreement.service import _high_agreement_low_kappa

    assert _high_agreement_low_kappa(coefficients(binary_table(45, 5, 5, 45)), 2) is None
    assert _high_agreement_low_kappa(coefficients(binary_table(6, 8, 6, 80)), 2) is not None


# ----------------------------------------------------------------------------
# NVivo's weighted average
# ----------------------------------------------------------------------------

def test_nvivo_weighted_average_takes_kappa_1_where_nobody_coded_a_source(store):
    with store.transaction(access.system("t")) as s:
        first = _doc(s, "first", "a" * 100, paragraphs=False)
        second = _doc(s, "second", "b" * 300, paragraphs=False)
        people = [coders.create_coder(s, n) for n in ("A", "B")]
        code = codebook.ensure_path(s, "T/Code")
        apply_codings(s, [NewCoding(first, code, people[0], 0, 25),
                          NewCoding(first, code, people[1], 0, 20), NewCoding(first, code, people[1], 25, 35)])
    report = agree(store, ("A", "B"), unit="char", n_boot=0)
    weighted = report.overall["size_weighted_mean"]
    # first: the 2×2 table [[20, 5], [10, 65]] → κ by hand; second: nobody coded → κ = 1 (NVivo)
    po, pe = 0.85, (0.25 * 0.30 + 0.75 * 0.70)
    kappa_first = (po - pe) / (1 - pe)
    assert weighted["cohen_kappa"] == pytest.approx((kappa_first * 100 + 1.0 * 300) / 400)
    assert weighted["percent_agreement"] == pytest.approx((0.85 * 100 + 1.0 * 300) / 400)
    assert weighted["n_cells"] == 2 and weighted["n_cells_complete_agreement"] == 1
    assert "as NVivo's documentation states" in weighted["method"]
    assert report.heatmap.values[0][1] is None  # the cell itself stays undefined in the heat map


# ----------------------------------------------------------------------------
# Bootstrap counts, codes and sources nobody coded
# ----------------------------------------------------------------------------

def test_bootstrap_reports_used_and_dropped_resamples(store):
    names = build(store, "z" * 40, {"T/Rare": {"C1": [(0, 1)], "C2": [(0, 1)]}})
    data = agree(store, names, unit="char", n_boot=300, seed=5).to_json()
    [code] = data["codes"]
    counts = code["bootstrap"]["krippendorff_alpha"]
    assert counts["requested"] == 300 and counts["used"] + counts["dropped"] == 300
    assert counts["dropped"] > 0  # resamples missing the one coded character: α undefined
    assert f"at most {counts['dropped']:,} of 300" in data["methods_paragraph"]
    assert "narrower than the data warrant" in data["methods_paragraph"]  # the character unit


def test_codes_nobody_applied_are_listed_not_dropped(store):
    names = build(store, "w" * 50, {"T/Used": {"C1": [(0, 10)], "C2": [(0, 10)]}})
    with store.transaction(access.system("t")) as s:
        codebook.ensure_path(s, "T/Never")
    report = agree(store, names, unit="char")
    assert [c.code for c in report.codes] == ["T/Used"]
    assert report.scope["not_applied"] == ["T/Never"]
    assert "no coder applied in these sources (T/Never) is not analysed" in report.methods_paragraph
    asked = agree(store, names, unit="char", codes=("T/Never", "T/Used"))
    assert asked.scope["not_applied_in_table"] == ["T/Never"]  # asked for: a row, with its reason


def test_sources_nobody_coded_are_named_and_can_be_left_out(store):
    with store.transaction(access.system("t")) as s:
        coded, empty = _doc(s, "coded", "c" * 60), _doc(s, "not yet", "n" * 40)
        people = [coders.create_coder(s, n) for n in ("A", "B")]
        code = codebook.ensure_path(s, "T/Code")
        apply_codings(s, [NewCoding(coded, code, people[0], 0, 30), NewCoding(coded, code, people[1], 5, 30)])
    kept = agree(store, ("A", "B"), unit="char", n_boot=0)
    assert kept.n_units == 100 and kept.scope["uncoded_sources"] == ["not yet"]
    assert not kept.scope["uncoded_sources_left_out"]
    assert "1 source that no coder had coded (not yet; likely not coded yet) is included" in kept.methods_paragraph
    left = agree(store, ("A", "B"), unit="char", n_boot=0, skip_uncoded=True)
    assert left.n_units == 60 and left.sources == ["coded"] and left.scope["uncoded_sources_left_out"]
    assert "1 source that no coder had coded (not yet) was left out" in left.methods_paragraph
    assert left.code("T/Code").counts["neither"] == kept.code("T/Code").counts["neither"] - 40


# ----------------------------------------------------------------------------
# Which coders, and did they code independently?
# ----------------------------------------------------------------------------

def _three_coders(store):
    with store.transaction(access.system("t")) as s:
        source = _doc(s, "doc", "d" * 80)
        people = {n: coders.create_coder(s, n) for n in ("Aaron", "Bea", "Cy")}  # Aaron codes nothing
        code = codebook.ensure_path(s, "T/Code")
        apply_codings(s, [NewCoding(source, code, people["Bea"], 0, 30),
                          NewCoding(source, code, people["Cy"], 0, 25),
                          NewCoding(source, code, people["Cy"], 40, 50)])
    return store


def test_the_default_pair_is_the_two_coders_with_the_most_codings(store):
    _three_coders(store)
    with store.session() as s:
        assert default_coders(s) == ("Cy", "Bea")


def test_a_coder_with_no_codings_is_said_so(store):
    _three_coders(store)
    report = agree(store, ("Aaron", "Bea"), unit="section", n_boot=0)
    assert report.scope["coders_without_codings"] == ["Aaron"]
    assert any("Aaron has no codings in these sources" in n for n in report.notes)
    assert "Aaron made no coding in these sources" in report.methods_paragraph


def test_independently_only_when_blind_coding_was_on_while_they_coded(store):
    names = build(store, "e" * 60, {"T/Code": {"C1": [(0, 20)], "C2": [(5, 20)]}})
    report = agree(store, names, unit="char")
    assert report.scope["independence"]["enforced"]  # blind by default once two coders exist
    assert report.methods_paragraph.startswith("Two coders (C1, C2) independently coded 60 characters")
    with store.transaction(access.system("t")) as s:
        lead = coders.create_coder(s, "Lead", role="lead")
        blind.set_blind(s, access.of_coder(lead), False)
    report = agree(store, names, unit="char")
    assert report.scope["independence"]["enforced"]  # switched off after they coded: still independent
    with store.transaction(access.system("t")) as s:
        source = sources.get_source(s, "doc")
        apply_codings(s, [NewCoding(source, codebook.find_code(s, "T/Code"), coders.get_coder(s, "C2"), 40, 50)])
    report = agree(store, names, unit="char")
    independence = report.scope["independence"]
    assert not independence["enforced"] and independence["made_or_changed_while_blind_was_off"] == 1
    paragraph = report.methods_paragraph
    assert "independently" not in paragraph
    assert ("Two coders (C1, C2) coded 60 characters in 1 source with 1 code, each separately; "
            "independence was not enforced: blind coding was off while 1 of their 3 codings") in paragraph


# ----------------------------------------------------------------------------
# The methods paragraph
# ----------------------------------------------------------------------------

def test_paragraphs_of_a_plain_document_are_called_paragraphs(store):
    with store.transaction(access.system("t")) as s:
        source = _doc(s, "notes", "First point here.\nSecond point.\nThird one.")
        people = [coders.create_coder(s, n) for n in ("A", "B")]
        code = codebook.ensure_path(s, "T/Code")
        apply_codings(s, [NewCoding(source, code, people[0], 0, 5), NewCoding(source, code, people[1], 0, 5),
                          NewCoding(source, code, people[1], 19, 25)])
    report = agree(store, ("A", "B"), unit="section")
    assert "independently coded 3 paragraphs in 1 source" in report.methods_paragraph
    assert "speaker turn" not in report.methods_paragraph
    assert "with the paragraph as the unit of analysis" in report.methods_paragraph


def test_nothing_coded_reads_without_contradiction(store):
    with store.transaction(access.system("t")) as s:
        _doc(s, "notes", "Nothing coded here.")
        for name in ("A", "B"):
            coders.create_coder(s, name)
        codebook.ensure_path(s, "T/Code")
    report = agree(store, ("A", "B"), unit="char", codes=("T/Code",))
    paragraph = report.methods_paragraph
    assert "undefined (undefined" not in paragraph and "κ was undefined" not in paragraph
    assert "only percent agreement is reported" not in paragraph
    assert "could not be computed for any code" in paragraph
    assert "A made no coding in these sources" in paragraph
    ac1 = report.code("T/Code").coefficients.gwet_ac1
    assert ac1 == 1.0 and "Brennan–Prediger κ and AC1 are in the table" in paragraph


def test_every_coefficient_named_is_cited_with_its_year(store):
    names = build(store, "x" * 100, {"T/A": {"C1": [(0, 40)], "C2": [(0, 30)]},
                                     "G/Yes": {"C1": [(50, 70)], "C2": [(50, 60)]},
                                     "G/No": {"C1": [(80, 90)], "C2": [(60, 90)]}},
                  exclusive=("G",))
    report = agree(store, names, unit="char")
    paragraph = report.methods_paragraph
    for citation in ("Cohen, 1960", "Scott, 1955", "Fleiss, 1971", "Brennan & Prediger, 1981",
                     "Landis and Koch's (1977)", "Gwet, 2008", "Gwet, 2014", "Krippendorff, 2011",
                     "Krippendorff's (2004a)", "De Vries et al., 2008"):
        assert citation in paragraph, citation
    first_authors = {r.split(",")[0] for r in report.references}
    assert {"Cohen", "Scott", "Fleiss", "Brennan", "Landis", "Gwet", "Krippendorff", "De Vries"} <= first_authors
    unitized = agree(store, names, unit="unitized")
    assert "Krippendorff, 2004b" in unitized.methods_paragraph
    assert "touch (one ending where the next begins) count as separate units" in unitized.methods_paragraph
    joined = agree(store, names, unit="unitized", join_touching=True)
    assert joined.settings["join_touching"] is True
    assert "were joined into one unit, an option" in joined.methods_paragraph
    assert "joined into one unit (option)" in joined.methods["krippendorff_alpha"]


def test_unitized_touching_codings_through_a_project(store):
    """A coder's codings 10–20 and 20–30 are two units unless joined (Krippendorff 2004)."""
    names = build(store, "u" * 100, {"T/Code": {"C1": [(10, 20), (20, 30)], "C2": [(10, 30)]}})
    apart = agree(store, names, unit="unitized").code("T/Code")
    joined = agree(store, names, unit="unitized", join_touching=True).code("T/Code")
    assert apart.extra["n_sections"] == 3 and joined.extra["n_sections"] == 2
    assert joined.coefficients.krippendorff_alpha == 1.0 > apart.coefficients.krippendorff_alpha


def test_three_coders_with_missing_group_values_match_irrcac_through_a_project(store):
    """An exclusive group coded by three coders, one of whom left units without a
    value: Fleiss' κ and AC1 follow Gwet (2014) as irrCAC does."""
    import warnings

    import pandas as pd
    from irrCAC.raw import CAC

    text = "\n".join(f"Unit {i} of the data." for i in range(8))
    offsets, at = [], 0
    for line in text.split("\n"):
        offsets.append((at, at + len(line)))
        at += len(line) + 1
    ratings = [[0, 0, 1], [1, 1, 1], [0, -1, -1], [2, 2, -1], [0, 1, 2], [1, 1, 0], [-1, 2, 2], [0, 0, 0]]
    spans: dict = {}
    for unit, row in enumerate(ratings):
        for coder, value in enumerate(row):
            if value >= 0:
                spans.setdefault(f"V/v{value}", {}).setdefault(f"C{coder + 1}", []).append(offsets[unit])
    names = build(store, text, spans, n_coders=3, exclusive=("V",))
    group = agree(store, names, unit="paragraph", n_boot=0).group("V")
    frame = pd.DataFrame([[np.nan if v < 0 else float(v) for v in row] for row in ratings])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cac = CAC(frame, categories=[0.0, 1.0, 2.0], digits=15)
        assert group.coefficients.fleiss_kappa == pytest.approx(cac.fleiss()["est"]["coefficient_value"], abs=1e-12)
        assert group.coefficients.gwet_ac1 == pytest.approx(cac.gwet()["est"]["coefficient_value"], abs=1e-12)
