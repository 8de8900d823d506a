"""Agreement coefficients over nominal reliability data.

Reliability data are held compactly as *patterns*: a row of ``values`` gives
each coder's category for a unit (``-1`` = the coder gave no value there), and
``weights`` says how many units share that row.  A per-code character table
of 4 million characters is four rows; a survey of 412 responses is at most 412.
Every coefficient below is a function of that table, so the work grows with
the number of distinct patterns, not with the number of units.

Formulas (m coders, q categories; n_uk = coders giving category k to unit u,
m_u = coders giving any value to u; only units with m_u >= 2 are *pairable*):

* observed agreement  P̄ = Σ_u w_u Σ_k n_uk(n_uk-1) / (m_u(m_u-1)) / Σ_u w_u
  (for two coders: the share of units on which they agree);
* pooled category shares  p_k = Σ_u w_u n_uk / Σ_u w_u m_u;
* Scott's π / Fleiss' κ:   (P̄ - Σ p_k²) / (1 - Σ p_k²)        (Fleiss 1971);
* Brennan–Prediger:        (P̄ - 1/q) / (1 - 1/q)               (1981);
* Gwet's AC1:              (P̄ - P_e) / (1 - P_e),  P_e = Σ p_k(1-p_k)/(q-1)  (Gwet 2008);
* Cohen's κ:               sklearn.metrics.cohen_kappa_score with the weights;
* Krippendorff's α, nominal: the ``krippendorff`` package on the expanded
  units; for very many units (the character unit) the same coincidence-matrix
  formula evaluated on the weighted patterns (Krippendorff 2011, eq. for α =
  1 - (n-1) Σ_{c≠k} o_ck / Σ_{c≠k} n_c n_k), tested equal to the package;
* positive (specific) agreement, binary data:
  Σ_u w_u n_u1(n_u1-1) / Σ_u w_u n_u1(m_u-1) = 2a/(2a+b+c) for two coders.

A coefficient that is undefined is returned as ``None`` with a reason.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Optional

import numpy as np

# scikit-learn and krippendorff are imported where they are used: importing
# scikit-learn takes about a second, which a window that merely shows
# agreement must not spend on the GUI thread (computing runs in a worker).

# Expand patterns into units for the krippendorff package up to this many units;
# above it the identical closed form runs on the patterns.
PACKAGE_ALPHA_LIMIT = 200_000


@dataclass
class NominalData:
    """Compact reliability data: ``values`` (P × m, category or -1) and ``weights`` (P)."""

    values: np.ndarray
    weights: np.ndarray
    q: int  # number of categories of the variable

    def __post_init__(self) -> None:
        self.values = np.asarray(self.values, dtype=np.int64).reshape(len(self.weights), -1)
        self.weights = np.asarray(self.weights, dtype=np.float64)
        keep = self.weights > 0
        if not keep.all():
            self.values, self.weights = self.values[keep], self.weights[keep]

    @property
    def n_coders(self) -> int:
        return self.values.shape[1]

    def category_counts(self) -> np.ndarray:
        """n_uk for every pattern (P × q)."""
        counts = np.zeros((len(self.weights), self.q), dtype=np.float64)
        for j in range(self.n_coders):
            column = self.values[:, j]
            present = column >= 0
            np.add.at(counts, (np.nonzero(present)[0], column[present]), 1.0)
        return counts

    def pair(self, i: int, j: int) -> "NominalData":
        return NominalData(self.values[:, [i, j]], self.weights, self.q)

    @property
    def n_units(self) -> float:
        """Units on which at least one coder gave a value."""
        return float(self.weights[(self.values >= 0).any(axis=1)].sum())

    @property
    def n_pairable(self) -> float:
        return float(self.weights[(self.values >= 0).sum(axis=1) >= 2].sum())


@dataclass
class Coefficients:
    percent_agreement: Optional[float] = None
    positive_agreement: Optional[float] = None
    cohen_kappa: Optional[float] = None
    scott_pi: Optional[float] = None
    fleiss_kappa: Optional[float] = None
    brennan_prediger: Optional[float] = None
    gwet_ac1: Optional[float] = None
    krippendorff_alpha: Optional[float] = None
    expected_agreement: Optional[float] = None  # Scott/Fleiss chance term, for pooled κ
    undefined: dict[str, str] = field(default_factory=dict)

    NAMES = ("percent_agreement", "positive_agreement", "cohen_kappa", "scott_pi",
             "fleiss_kappa", "brennan_prediger", "gwet_ac1", "krippendorff_alpha")

    def as_dict(self) -> dict[str, Optional[float]]:
        return {name: getattr(self, name) for name in self.NAMES}

    def set_undefined(self, name: str, reason: str) -> None:
        setattr(self, name, None)
        self.undefined[name] = reason


NO_UNITS = "no unit has values from two coders"


def _pairable_stats(data: NominalData):
    counts = data.category_counts()
    m_u = counts.sum(axis=1)
    pairable = m_u >= 2
    return counts[pairable], m_u[pairable], data.weights[pairable]


def observed_agreement(data: NominalData) -> Optional[float]:
    counts, m_u, w = _pairable_stats(data)
    if w.sum() == 0:
        return None
    per_unit = (counts * (counts - 1)).sum(axis=1) / (m_u * (m_u - 1))
    return float((w * per_unit).sum() / w.sum())


def category_shares(data: NominalData) -> Optional[np.ndarray]:
    counts, m_u, w = _pairable_stats(data)
    total = (w * m_u).sum()
    if total == 0:
        return None
    return (w[:, None] * counts).sum(axis=0) / total


def _chance_corrected(observed: float, expected: float) -> Optional[float]:
    if np.isclose(expected, 1.0, rtol=0, atol=1e-12):
        return None
    return float((observed - expected) / (1.0 - expected))


def alpha_from_coincidences(o: np.ndarray) -> Optional[float]:
    """Nominal α from a coincidence matrix, or None when it is undefined."""
    n_c = o.sum(axis=1)
    n = n_c.sum()
    disagreements = o.sum() - np.trace(o)
    expected = n * n - (n_c * n_c).sum()
    if n <= 1 or expected <= 0:
        return None
    return float(1.0 - (n - 1.0) * disagreements / expected)


def coincidences(data: NominalData) -> np.ndarray:
    counts, m_u, w = _pairable_stats(data)
    scale = w / (m_u - 1.0)
    o = np.einsum("p,pi,pj->ij", scale, counts, counts)
    o -= np.diag((scale[:, None] * counts).sum(axis=0))
    return o


def krippendorff_alpha(data: NominalData) -> Optional[float]:
    """Nominal α; None when undefined (no pairable values or no variation)."""
    o = coincidences(data)
    closed_form = alpha_from_coincidences(o)
    if closed_form is None:
        return None
    weights = data.weights
    if weights.sum() <= PACKAGE_ALPHA_LIMIT and np.allclose(weights, np.round(weights)):
        value_counts = np.repeat(data.category_counts(), weights.astype(np.int64), axis=0)
        import krippendorff

        return float(krippendorff.alpha(
            value_counts=value_counts, value_domain=list(range(data.q)),
            level_of_measurement="nominal",
        ))
    return closed_form


def cohen_kappa(data: NominalData) -> Optional[float]:
    """Cohen's κ for two coders over the units both coded (sklearn)."""
    both = (data.values[:, 0] >= 0) & (data.values[:, 1] >= 0)
    a, b, w = data.values[both, 0], data.values[both, 1], data.weights[both]
    if w.sum() == 0:
        return None
    labels = np.arange(data.q)
    share_a = np.bincount(a, weights=w, minlength=data.q) / w.sum()
    share_b = np.bincount(b, weights=w, minlength=data.q) / w.sum()
    if np.isclose((share_a * share_b).sum(), 1.0, rtol=0, atol=1e-12):
        return None
    import sklearn
    from sklearn.metrics import cohen_kappa_score

    with warnings.catch_warnings(), sklearn.config_context(
            skip_parameter_validation=True, assume_finite=True):
        warnings.simplefilter("ignore")
        value = cohen_kappa_score(a, b, labels=labels, sample_weight=w)
    return None if np.isnan(value) else float(value)


def coefficients(data: NominalData, binary: bool = True) -> Coefficients:
    """Every coefficient for one variable.  ``binary``: category 1 means
    "coded" and positive agreement is reported."""
    result = Coefficients()
    observed = observed_agreement(data)
    if observed is None:
        for name in Coefficients.NAMES:
            result.set_undefined(name, NO_UNITS)
        return result
    result.percent_agreement = observed
    shares = category_shares(data)
    m = data.n_coders

    if binary:
        counts, m_u, w = _pairable_stats(data)
        coded = counts[:, 1]
        denominator = (w * coded * (m_u - 1)).sum()
        if denominator == 0:
            result.set_undefined("positive_agreement", "no coder applied the code")
        else:
            result.positive_agreement = float((w * coded * (coded - 1)).sum() / denominator)
    else:
        result.set_undefined("positive_agreement", "defined for a single code (coded or not), "
                                                   "not for a variable with several values")

    no_variation = ("no variation: every value given is the same category "
                    + ("(nothing coded, or everything coded)" if binary else ""))
    expected = float((shares ** 2).sum())
    result.expected_agreement = expected
    fleiss = _chance_corrected(observed, expected)
    if fleiss is None:
        result.set_undefined("fleiss_kappa", no_variation.strip())
    else:
        result.fleiss_kappa = fleiss

    if m == 2:
        result.scott_pi = result.fleiss_kappa
        if result.scott_pi is None:
            result.set_undefined("scott_pi", no_variation.strip())
        kappa = cohen_kappa(data)
        if kappa is None:
            result.set_undefined("cohen_kappa", no_variation.strip())
        else:
            result.cohen_kappa = kappa
    else:
        kappas, pis = [], []
        for i in range(m):
            for j in range(i + 1, m):
                pair = data.pair(i, j)
                kappas.append(cohen_kappa(pair))
                pair_observed = observed_agreement(pair)
                pair_shares = category_shares(pair)
                pis.append(None if pair_observed is None else
                           _chance_corrected(pair_observed, float((pair_shares ** 2).sum())))
        for name, values in (("cohen_kappa", kappas), ("scott_pi", pis)):
            defined = [v for v in values if v is not None]
            if len(defined) == len(values):
                setattr(result, name, float(np.mean(defined)))
            else:
                result.set_undefined(name, "undefined for at least one pair of coders (see pairs)")

    q = data.q
    if q < 2:
        result.set_undefined("brennan_prediger", "the variable has a single category")
        result.set_undefined("gwet_ac1", "the variable has a single category")
    else:
        result.brennan_prediger = float((observed - 1.0 / q) / (1.0 - 1.0 / q))
        gwet_expected = float((shares * (1.0 - shares)).sum() / (q - 1))
        ac1 = _chance_corrected(observed, gwet_expected)
        if ac1 is None:
            result.set_undefined("gwet_ac1", "chance agreement is 1")
        else:
            result.gwet_ac1 = ac1

    alpha = krippendorff_alpha(data)
    if alpha is None:
        result.set_undefined("krippendorff_alpha", no_variation.strip())
    else:
        result.krippendorff_alpha = alpha
    return result


# ----------------------------------------------------------------------------
# Bootstrap confidence intervals for α and AC1
# ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Interval:
    low: float
    high: float
    replicates: int  # replicates on which the coefficient was defined

    def as_list(self) -> list[float]:
        return [self.low, self.high]


def bootstrap(data: NominalData, n_boot: int = 1000, seed: int = 1,
              level: float = 0.95) -> dict[str, Optional[Interval]]:
    """Percentile intervals for α and AC1, resampling units with replacement.

    Units sharing a pattern are exchangeable, so drawing N units with
    replacement is a multinomial draw over the patterns: exact and fast.
    """
    result: dict[str, Optional[Interval]] = {"krippendorff_alpha": None, "gwet_ac1": None}
    counts_all = data.category_counts()
    m_u = counts_all.sum(axis=1)
    pairable = m_u >= 2
    counts, m_u, weights = counts_all[pairable], m_u[pairable], data.weights[pairable]
    total = int(round(weights.sum()))
    if total < 2 or data.q < 2:
        return result
    rng = np.random.default_rng(seed)
    draws = rng.multinomial(total, weights / weights.sum(), size=n_boot).astype(np.float64)

    # α: coincidences are linear in the pattern counts.
    per_pattern = (counts[:, :, None] * counts[:, None, :]
                   - counts[:, :, None] * np.eye(data.q)[None]) / (m_u - 1.0)[:, None, None]
    o = np.einsum("bp,pij->bij", draws, per_pattern)
    n_c = o.sum(axis=2)
    n = n_c.sum(axis=1)
    disagreements = o.sum(axis=(1, 2)) - np.trace(o, axis1=1, axis2=2)
    expected = n * n - (n_c * n_c).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        alpha = np.where(expected > 0, 1.0 - (n - 1.0) * disagreements / expected, np.nan)

    # AC1: observed agreement and shares are ratios of linear sums.
    per_unit_agree = (counts * (counts - 1)).sum(axis=1) / (m_u * (m_u - 1))
    observed = draws @ per_unit_agree / draws.sum(axis=1)
    shares = (draws @ counts) / (draws @ m_u)[:, None]
    gwet_expected = (shares * (1 - shares)).sum(axis=1) / (data.q - 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        ac1 = np.where(gwet_expected < 1, (observed - gwet_expected) / (1 - gwet_expected), np.nan)

    tail = (1.0 - level) / 2.0 * 100.0
    for name, values in (("krippendorff_alpha", alpha), ("gwet_ac1", ac1)):
        defined = values[~np.isnan(values)]
        if len(defined) >= max(10, n_boot // 2):
            low, high = np.percentile(defined, [tail, 100.0 - tail])
            result[name] = Interval(float(low), float(high), int(len(defined)))
    return result


def binary_table(a: float, b: float, c: float, d: float) -> NominalData:
    """Two coders, one code: both / A only / B only / neither."""
    return NominalData(np.array([[1, 1], [1, 0], [0, 1], [0, 0]]), np.array([a, b, c, d]), 2)
