"""Coefficients on pattern tables: properties, and agreement with the
reference implementations (krippendorff, scikit-learn) they stand in for."""
from __future__ import annotations

import warnings

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score

from coding.agreement.reliability import (NominalData, alpha_from_coincidences, binary_table,
                                          bootstrap, coefficients, coincidences)

BOUNDED = ("percent_agreement", "positive_agreement")

units = st.lists(st.tuples(st.integers(0, 2), st.integers(0, 2)), min_size=2, max_size=60)


def as_data(rows, q=3) -> NominalData:
    return NominalData(np.array(rows, dtype=np.int64), np.ones(len(rows)), q)


@given(units)
@settings(max_examples=150, deadline=None)
def test_coefficients_are_symmetric_in_the_coders_and_bounded(rows):
    forward = coefficients(as_data(rows), binary=False)
    backward = coefficients(as_data([(b, a) for a, b in rows]), binary=False)
    for name, value in forward.as_dict().items():
        other = getattr(backward, name)
        assert (value is None) == (other is None), name
        if value is not None:
            assert value == pytest.approx(other, abs=1e-9), name
            assert value <= 1 + 1e-9, name
            if name in BOUNDED:
                assert value >= 0
            else:
                assert value >= -1 - 1e-9


@given(st.lists(st.integers(0, 2), min_size=2, max_size=60))
@settings(max_examples=100, deadline=None)
def test_identical_codings_give_one_wherever_defined(values):
    result = coefficients(as_data([(v, v) for v in values]), binary=False)
    for name, value in result.as_dict().items():
        if value is not None:
            assert value == pytest.approx(1.0), name
        else:
            assert result.undefined[name]
    assert result.percent_agreement == 1.0


@given(units)
@settings(max_examples=100, deadline=None)
def test_kappa_and_alpha_equal_the_reference_packages(rows):
    data = as_data(rows)
    result = coefficients(data, binary=False)
    a, b = zip(*rows)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # sklearn warns when κ is undefined
        reference = cohen_kappa_score(a, b, labels=[0, 1, 2])
    if result.cohen_kappa is None:
        assert np.isnan(reference) or len(set(a) | set(b)) == 1
    else:
        assert result.cohen_kappa == pytest.approx(reference, abs=1e-9)
    if result.krippendorff_alpha is not None:
        expected = krippendorff.alpha(reliability_data=np.array(rows).T.astype(float),
                                      value_domain=[0, 1, 2], level_of_measurement="nominal")
        assert result.krippendorff_alpha == pytest.approx(expected, abs=1e-9)


@given(st.lists(st.integers(0, 400), min_size=4, max_size=4))
@settings(max_examples=60, deadline=None)
def test_weighted_closed_form_alpha_equals_the_package_on_expanded_units(weights):
    if sum(weights) < 2:
        return
    data = binary_table(*weights)
    closed = alpha_from_coincidences(coincidences(data))
    expanded = np.repeat(np.array([[1, 1], [1, 0], [0, 1], [0, 0]]), weights, axis=0).T
    if closed is None:
        return
    reference = krippendorff.alpha(reliability_data=expanded.astype(float), value_domain=[0, 1],
                                   level_of_measurement="nominal")
    assert closed == pytest.approx(reference, abs=1e-9)


def test_missing_values_and_three_coders_match_the_package():
    rows = np.array([[0, 0, -1], [1, 1, 1], [0, 1, 0], [-1, 2, 2], [2, 2, 2], [1, -1, 1]])
    data = NominalData(rows, np.ones(len(rows)), 3)
    reliability = np.where(rows < 0, np.nan, rows).T
    expected = krippendorff.alpha(reliability_data=reliability, level_of_measurement="nominal")
    assert coefficients(data, binary=False).krippendorff_alpha == pytest.approx(expected, abs=1e-9)


def test_fleiss_kappa_on_fleiss_1971_style_counts():
    # Three raters, units by rating counts; Fleiss' κ from the textbook formula.
    rows = [[1, 1, 1], [1, 1, 0], [0, 0, 0], [1, 0, 0], [1, 1, 1], [0, 0, 0], [0, 1, 1], [0, 0, 0]]
    data = as_data(rows, q=2)
    n_yes = np.array([sum(r) for r in rows])
    m, n = 3, len(rows)
    p_units = (n_yes * (n_yes - 1) + (m - n_yes) * (m - n_yes - 1)) / (m * (m - 1))
    p_yes = n_yes.sum() / (n * m)
    pe = p_yes ** 2 + (1 - p_yes) ** 2
    expected = (p_units.mean() - pe) / (1 - pe)
    assert coefficients(data).fleiss_kappa == pytest.approx(expected, abs=1e-12)


def test_bootstrap_is_reproducible_with_a_seed_and_brackets_the_estimate():
    data = binary_table(20, 5, 10, 15)
    first, again, other = bootstrap(data, 500, seed=3), bootstrap(data, 500, seed=3), bootstrap(data, 500, seed=4)
    assert first["krippendorff_alpha"] == again["krippendorff_alpha"]
    assert first["gwet_ac1"] != other["gwet_ac1"]
    alpha = coefficients(data).krippendorff_alpha
    assert first["krippendorff_alpha"].low < alpha < first["krippendorff_alpha"].high
    assert first["gwet_ac1"].replicates == 500


def test_kappa_paradox_table_ac1_stays_high_while_kappa_drops():
    # 100 units, the code almost never applied: κ is low though agreement is 96 %.
    result = coefficients(binary_table(1, 2, 2, 95))
    assert result.percent_agreement == pytest.approx(0.96)
    assert result.cohen_kappa < 0.35 < 0.9 < result.gwet_ac1


three_coders = st.lists(st.tuples(st.integers(-1, 1), st.integers(-1, 1), st.integers(-1, 1)),
                        min_size=3, max_size=40)


@given(three_coders, st.permutations([0, 1, 2]))
@settings(max_examples=100, deadline=None)
def test_three_coders_any_order_same_values_and_bounds_binary(rows, order):
    """Binary data (coded / not coded, -1 missing) for three coders: reordering
    the coders changes nothing, and every coefficient is at most 1.  With
    missing ratings, π, Fleiss' κ and AC1 (Gwet 2014: shares over every rated
    unit, agreement over the pairable ones) may fall below −1, as in irrCAC;
    the others stay at or above it."""
    data = NominalData(np.array(rows, dtype=np.int64), np.ones(len(rows)), 2)
    turned = NominalData(np.array(rows, dtype=np.int64)[:, list(order)], np.ones(len(rows)), 2)
    forward, backward = coefficients(data, binary=True), coefficients(turned, binary=True)
    for name, value in forward.as_dict().items():
        other = getattr(backward, name)
        assert (value is None) == (other is None), name
        if value is not None:
            assert value == pytest.approx(other, abs=1e-9), name
            assert value <= 1 + 1e-9, name
            if name not in ("scott_pi", "fleiss_kappa", "gwet_ac1"):
                assert value >= -1 - 1e-9, name


@given(st.lists(st.integers(0, 1), min_size=3, max_size=40))
@settings(max_examples=60, deadline=None)
def test_three_identical_coders_give_one_wherever_defined(values):
    result = coefficients(NominalData(np.array([(v, v, v) for v in values]), np.ones(len(values)), 2),
                          binary=True)
    for name, value in result.as_dict().items():
        if value is not None:
            assert value == pytest.approx(1.0), name
    assert result.percent_agreement == 1.0


# ----------------------------------------------------------------------------
# Missing ratings: Fleiss' κ and AC1 as Gwet (2014) defines them, against irrCAC
# ----------------------------------------------------------------------------

def irrcac(rows, q):
    """irrCAC's coefficients on units × raters (-1 = not rated).  The categories
    are passed explicitly: irrCAC 0.4.4 under pandas 3 would otherwise count
    NaN as a category."""
    import pandas as pd
    from irrCAC.raw import CAC

    frame = pd.DataFrame([[np.nan if v < 0 else float(v) for v in row] for row in rows])
    out = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # its variance terms divide by zero on tiny samples
        cac = CAC(frame, categories=[float(k) for k in range(q)], digits=15)
        for name, method in (("fleiss_kappa", cac.fleiss), ("gwet_ac1", cac.gwet),
                             ("brennan_prediger", cac.bp)):
            try:
                est = method()["est"]
            except ZeroDivisionError:  # chance agreement 1: undefined
                out[name] = None
                continue
            value = float(est["coefficient_value"])
            out[name] = None if not np.isfinite(value) else {**est, "coefficient_value": value}
    return out


with_missing = st.integers(3, 4).flatmap(lambda m: st.lists(
    st.lists(st.integers(-1, 2), min_size=m, max_size=m), min_size=2, max_size=30))


@given(with_missing)
@settings(max_examples=200, deadline=None)
def test_fleiss_kappa_and_ac1_with_missing_ratings_equal_irrcac(rows):
    """Three or four coders, some units rated by one coder only: chance agreement
    from shares averaged over every rated unit (Gwet 2014), as irrCAC."""
    rated = [r for r in rows if any(v >= 0 for v in r)]
    if len(rated) < 2 or not any(sum(v >= 0 for v in r) >= 2 for r in rated):
        return  # irrCAC needs a unit with two ratings, and two units for its variance
    data = NominalData(np.array(rows), np.ones(len(rows)), 3)
    mine = coefficients(data, binary=False)
    theirs = irrcac(rated, 3)
    for name in ("fleiss_kappa", "gwet_ac1", "brennan_prediger"):
        value = getattr(mine, name)
        if value is None:  # undefined here: chance agreement is 1 in irrCAC too (where it
            # then prints 0/0 as whatever rounding leaves, often 1.0)
            assert theirs[name] is None or abs(float(theirs[name]["pe"]) - 1) < 1e-9, name
            continue
        assert value == pytest.approx(theirs[name]["coefficient_value"], abs=1e-9), name
    assert mine.percent_agreement == pytest.approx(float(theirs["brennan_prediger"]["pa"]), abs=1e-9)


def test_missing_ratings_change_chance_agreement_as_gwet_defines_it():
    """A worked case: the unit rated once moves the shares (and so κ and AC1);
    pooling over pairable units only, as Tandem did, gives other values."""
    rows = [[0, 0, -1], [1, 1, 1], [0, 1, -1], [-1, -1, 1], [1, 1, 0], [0, -1, -1]]
    mine = coefficients(NominalData(np.array(rows), np.ones(len(rows)), 2), binary=False)
    # by hand: P̄ over the 4 pairable units = (1 + 1 + 0 + 1/3) / 4
    observed = (1 + 1 + 0 + 1 / 3) / 4
    # shares over the 6 rated units: coded share 0, 1, 1/2, 1, 2/3, 0 → mean 19/36
    p1 = (0 + 1 + 0.5 + 1 + 2 / 3 + 0) / 6
    pe = p1 ** 2 + (1 - p1) ** 2
    assert mine.fleiss_kappa == pytest.approx((observed - pe) / (1 - pe), abs=1e-12)
    ac1_pe = 2 * p1 * (1 - p1)
    assert mine.gwet_ac1 == pytest.approx((observed - ac1_pe) / (1 - ac1_pe), abs=1e-12)
    theirs = irrcac([r for r in rows], 2)
    assert mine.fleiss_kappa == pytest.approx(theirs["fleiss_kappa"]["coefficient_value"], abs=1e-12)
    assert mine.gwet_ac1 == pytest.approx(theirs["gwet_ac1"]["coefficient_value"], abs=1e-12)
    pooled_pairable = (2 + 0 + 3 + 1 + 2) / (2 + 2 + 2 + 3)  # the old definition's share of "coded"
    old_pe = pooled_pairable ** 2 + (1 - pooled_pairable) ** 2
    assert abs(mine.fleiss_kappa - (observed - old_pe) / (1 - old_pe)) > 0.01


@given(st.lists(st.tuples(st.integers(0, 2), st.integers(0, 2)), min_size=2, max_size=60))
@settings(max_examples=100, deadline=None)
def test_two_coders_cohen_kappa_equals_irrcac_conger(rows):
    """Cohen's κ is a formula here; Conger's κ (irrCAC) is Cohen's for two raters."""
    import pandas as pd
    from irrCAC.raw import CAC

    result = coefficients(as_data(rows), binary=False)
    if result.cohen_kappa is None:
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cac = CAC(pd.DataFrame(np.array(rows, dtype=float)), categories=[0.0, 1.0, 2.0], digits=15)
        assert result.cohen_kappa == pytest.approx(cac.conger()["est"]["coefficient_value"], abs=1e-9)
        assert result.scott_pi == pytest.approx(cac.fleiss()["est"]["coefficient_value"], abs=1e-9)


def test_no_library_is_imported_to_compute_a_coefficient():
    """κ and α are closed forms: computing them imports neither scikit-learn nor
    krippendorff (scikit-learn's import alone costs 1.2–2 s)."""
    import subprocess
    import sys

    code = ("import sys; from coding.agreement.reliability import coefficients, binary_table, bootstrap;"
            "coefficients(binary_table(20, 5, 10, 15)); bootstrap(binary_table(20, 5, 10, 15), 100);"
            "print(sorted(m for m in ('sklearn', 'krippendorff', 'scipy', 'pandas') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_negative_agreement_beside_positive_agreement():
    # 2×2 table both 20, A only 5, B only 10, neither 15: 2d/(2d+b+c) = 30/45
    result = coefficients(binary_table(20, 5, 10, 15))
    assert result.positive_agreement == pytest.approx(40 / 55)
    assert result.negative_agreement == pytest.approx(30 / 45)
    everywhere = coefficients(binary_table(50, 0, 0, 0))
    assert everywhere.negative_agreement is None and "everywhere" in everywhere.undefined["negative_agreement"]


def test_bootstrap_says_how_many_resamples_were_dropped():
    from coding.agreement.reliability import bootstrap_counts

    # 1 unit coded by both of 40: most resamples of 40 units miss it → α undefined there
    data = binary_table(1, 0, 0, 39)
    intervals, counts = bootstrap_counts(data, 400, seed=2)
    alpha = counts["krippendorff_alpha"]
    assert alpha.requested == 400 and alpha.used + alpha.dropped == 400
    assert 0 < alpha.dropped < 400  # e^-1 ≈ 37 % of resamples miss the one coded unit
    assert alpha.dropped == pytest.approx(400 * (39 / 40) ** 40, rel=0.25)
    if intervals["krippendorff_alpha"] is not None:
        assert intervals["krippendorff_alpha"].dropped == alpha.dropped


@given(st.lists(st.lists(st.integers(0, 30), min_size=4, max_size=4), min_size=1, max_size=6),
       st.integers(0, 2 ** 31))
@settings(max_examples=40, deadline=None)
def test_bootstrap_of_many_codes_at_once_equals_each_alone(tables, seed):
    """The report bootstraps every code in one pass; each code's interval and
    counts are exactly those it gets alone (some tables lack cells entirely)."""
    from coding.agreement.reliability import bootstrap_counts, bootstrap_many

    datas = [binary_table(*t) for t in tables]
    together = bootstrap_many(datas, 200, seed)
    for data, (intervals, counts) in zip(datas, together):
        alone_intervals, alone_counts = bootstrap_counts(data, 200, seed)
        assert counts == alone_counts
        for name, interval in intervals.items():
            other = alone_intervals[name]
            assert (interval is None) == (other is None)
            if interval is not None:
                assert (interval.low, interval.high) == pytest.approx((other.low, other.high), abs=1e-12)


@given(st.lists(st.floats(-1, 1, allow_nan=False), min_size=1, max_size=200),
       st.floats(0, 100))
@settings(max_examples=200, deadline=None)
def test_percentile_equals_numpy(values, q):
    from coding.agreement.reliability import percentile

    rows = np.array([values, values[::-1]])
    expected = np.percentile(rows, [q, 100 - q], axis=1).T
    assert percentile(rows, (q, 100 - q)) == pytest.approx(expected, abs=1e-15)
