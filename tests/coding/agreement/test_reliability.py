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
    the coders changes nothing, and every coefficient stays in its bounds."""
    data = NominalData(np.array(rows, dtype=np.int64), np.ones(len(rows)), 2)
    turned = NominalData(np.array(rows, dtype=np.int64)[:, list(order)], np.ones(len(rows)), 2)
    forward, backward = coefficients(data, binary=True), coefficients(turned, binary=True)
    for name, value in forward.as_dict().items():
        other = getattr(backward, name)
        assert (value is None) == (other is None), name
        if value is not None:
            assert value == pytest.approx(other, abs=1e-9), name
            assert -1 - 1e-9 <= value <= 1 + 1e-9, name


@given(st.lists(st.integers(0, 1), min_size=3, max_size=40))
@settings(max_examples=60, deadline=None)
def test_three_identical_coders_give_one_wherever_defined(values):
    result = coefficients(NominalData(np.array([(v, v, v) for v in values]), np.ones(len(values)), 2),
                          binary=True)
    for name, value in result.as_dict().items():
        if value is not None:
            assert value == pytest.approx(1.0), name
    assert result.percent_agreement == 1.0
