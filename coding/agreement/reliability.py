"""Agreement coefficients over nominal reliability data.

Reliability data are held compactly as *patterns*: a row of ``values`` gives
each coder's category for a unit (``-1`` = the coder gave no value there), and
``weights`` says how many units share that row.  A per-code character table
of 4 million characters is four rows; a survey of 412 responses is at most 412.
Every coefficient below is a function of that table, so the work grows with
the number of distinct patterns, not with the number of units.

Formulas (m coders, q categories; n_uk = coders giving category k to unit u,
m_u = coders giving any value to u; a unit is *rated* when m_u >= 1 and
*pairable* when m_u >= 2):

* observed agreement  P̄ = Σ_u w_u Σ_k n_uk(n_uk-1) / (m_u(m_u-1)) / Σ_u w_u
  over pairable units (for two coders: the share of units on which they agree);
* category shares  π_k = Σ_u w_u n_uk/m_u / Σ_u w_u over *rated* units, a unit
  rated once included (Gwet 2014, Handbook of Inter-Rater Reliability, 4th ed.,
  as the irrCAC package computes them; with every rating present it is the
  pooled share Σ n_uk / Σ m_u);
* Scott's π / Fleiss' κ:   (P̄ - Σ π_k²) / (1 - Σ π_k²)       (Scott 1955; Fleiss 1971);
* Brennan–Prediger:        (P̄ - 1/q) / (1 - 1/q)              (1981);
* Gwet's AC1:              (P̄ - P_e) / (1 - P_e),  P_e = Σ π_k(1-π_k)/(q-1)  (Gwet 2008);
* Cohen's κ (1960):        from the q × q table of the units both coders rated,
  (p_o - Σ_k p_k. p_.k) / (1 - Σ_k p_k. p_.k) — a formula, so no library is
  imported to compute it (the tests check it against scikit-learn and irrCAC);
* Krippendorff's α, nominal: from the coincidence matrix o of the pairable
  values (Krippendorff 2011): α = 1 - (n-1) Σ_{c≠k} o_ck / (n² - Σ_c n_c²),
  evaluated on the weighted patterns at every size (the tests check it against
  the ``krippendorff`` package);
* positive and negative (specific) agreement, binary data:
  Σ_u w_u n_u1(n_u1-1) / Σ_u w_u n_u1(m_u-1) = 2a/(2a+b+c) for two coders, and
  the same on category 0: 2d/(2d+b+c).

A coefficient that is undefined is returned as ``None`` with a reason.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import numpy as np

# Nothing here imports scikit-learn or the krippendorff package: every
# coefficient is a closed form over the pattern table (importing scikit-learn
# alone took 1.2–2 s of every `tandem agree`).  Both stay the references the
# tests compare against.


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
    negative_agreement: Optional[float] = None
    cohen_kappa: Optional[float] = None
    scott_pi: Optional[float] = None
    fleiss_kappa: Optional[float] = None
    brennan_prediger: Optional[float] = None
    gwet_ac1: Optional[float] = None
    krippendorff_alpha: Optional[float] = None
    expected_agreement: Optional[float] = None  # Scott/Fleiss chance term, for pooled κ
    undefined: dict[str, str] = field(default_factory=dict)

    NAMES = ("percent_agreement", "positive_agreement", "negative_agreement", "cohen_kappa",
             "scott_pi", "fleiss_kappa", "brennan_prediger", "gwet_ac1", "krippendorff_alpha")

    def as_dict(self) -> dict[str, Optional[float]]:
        return {name: getattr(self, name) for name in self.NAMES}

    def set_undefined(self, name: str, reason: str) -> None:
        setattr(self, name, None)
        self.undefined[name] = reason


NO_UNITS = "no unit has values from two coders"
SPECIFIC_ONLY_BINARY = ("defined for a single code (coded or not), not for a variable with "
                        "several values")


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
    """π_k: each rated unit's shares n_uk/m_u, averaged over the rated units
    (Gwet 2014; irrCAC).  A unit rated by one coder counts too."""
    counts = data.category_counts()
    m_u = counts.sum(axis=1)
    rated = m_u >= 1
    w = data.weights[rated]
    if w.sum() == 0:
        return None
    return (w[:, None] * counts[rated] / m_u[rated, None]).sum(axis=0) / w.sum()


def _chance_corrected(observed: float, expected: float) -> Optional[float]:
    if abs(expected - 1.0) <= 1e-12:
        return None
    return float((observed - expected) / (1.0 - expected))


def alpha_from_coincidences(o: np.ndarray) -> Optional[float]:
    """Nominal α from a coincidence matrix, or None when it is undefined."""
    n_c = o.sum(axis=1)
    n = n_c.sum()
    disagreements = o.sum() - np.trace(o)
    expected = n * n - (n_c * n_c).sum()
    if n <= 1 or expected <= 1e-12 * max(n * n, 1.0):
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
    return alpha_from_coincidences(coincidences(data))


def confusion(data: NominalData) -> np.ndarray:
    """Two coders: the q × q table of weights over the units both rated."""
    both = (data.values[:, 0] >= 0) & (data.values[:, 1] >= 0)
    table = np.zeros((data.q, data.q))
    np.add.at(table, (data.values[both, 0], data.values[both, 1]), data.weights[both])
    return table


def kappa_from_table(table: np.ndarray) -> Optional[float]:
    """Cohen's κ from a q × q table (rows: first coder, columns: second)."""
    n = table.sum()
    if n <= 0:
        return None
    observed = np.trace(table) / n
    expected = float((table.sum(axis=1) * table.sum(axis=0)).sum() / (n * n))
    return _chance_corrected(observed, expected)


def cohen_kappa(data: NominalData) -> Optional[float]:
    """Cohen's κ for two coders over the units both coded."""
    return kappa_from_table(confusion(data))


def _specific(counts: np.ndarray, m_u: np.ndarray, w: np.ndarray, k: int) -> Optional[float]:
    """Specific agreement on category k: Σ w n_k(n_k-1) / Σ w n_k(m_u-1)."""
    n_k = counts[:, k]
    denominator = (w * n_k * (m_u - 1)).sum()
    if denominator == 0:
        return None
    return float((w * n_k * (n_k - 1)).sum() / denominator)


def coefficients(data: NominalData, binary: bool = True) -> Coefficients:
    """Every coefficient for one variable.  ``binary``: category 1 means
    "coded" and positive and negative agreement are reported."""
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
        positive, negative = _specific(counts, m_u, w, 1), _specific(counts, m_u, w, 0)
        if positive is None:
            result.set_undefined("positive_agreement", "no coder applied the code")
        else:
            result.positive_agreement = positive
        if negative is None:
            result.set_undefined("negative_agreement", "every coder applied the code everywhere")
        else:
            result.negative_agreement = negative
    else:
        result.set_undefined("positive_agreement", SPECIFIC_ONLY_BINARY)
        result.set_undefined("negative_agreement", SPECIFIC_ONLY_BINARY)

    no_variation = ("no variation: every value given is the same category"
                    + (" (nothing coded, or everything coded)" if binary else ""))
    expected = float((shares ** 2).sum())
    result.expected_agreement = expected
    fleiss = _chance_corrected(observed, expected)
    if fleiss is None:
        result.set_undefined("fleiss_kappa", no_variation)
    else:
        result.fleiss_kappa = fleiss

    if m == 2:
        result.scott_pi = result.fleiss_kappa
        if result.scott_pi is None:
            result.set_undefined("scott_pi", no_variation)
        kappa = cohen_kappa(data)
        if kappa is None:
            result.set_undefined("cohen_kappa", no_variation)
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
        result.set_undefined("krippendorff_alpha", no_variation)
    else:
        result.krippendorff_alpha = alpha
    return result


# ----------------------------------------------------------------------------
# Bootstrap confidence intervals for α and AC1
# ----------------------------------------------------------------------------

BOOTSTRAPPED = ("krippendorff_alpha", "gwet_ac1")


@dataclass(frozen=True)
class Interval:
    low: float
    high: float
    replicates: int  # resamples on which the coefficient was defined (the ones used)
    dropped: int = 0  # resamples on which it was undefined, left out

    def as_list(self) -> list[float]:
        return [self.low, self.high]


@dataclass(frozen=True)
class Resamples:
    """How many bootstrap resamples one coefficient's interval rests on."""

    requested: int
    used: int  # the coefficient was defined on these
    dropped: int  # undefined there (e.g. no variation in the resample), left out
    interval: bool  # whether an interval was reported (enough resamples were used)

    def to_json(self) -> dict:
        return {"requested": self.requested, "used": self.used, "dropped": self.dropped,
                "interval": self.interval}


def bootstrap(data: NominalData, n_boot: int = 1000, seed: int = 1,
              level: float = 0.95) -> dict[str, Optional[Interval]]:
    """Percentile intervals for α and AC1 (see :func:`bootstrap_counts`)."""
    return bootstrap_counts(data, n_boot, seed, level)[0]


def bootstrap_counts(data: NominalData, n_boot: int = 1000, seed: int = 1, level: float = 0.95
                     ) -> tuple[dict[str, Optional[Interval]], dict[str, Resamples]]:
    """Percentile intervals for α and AC1, resampling the rated units with
    replacement, and how many resamples each rests on.

    Units sharing a pattern are exchangeable, so drawing N units with
    replacement is one multinomial draw over the patterns' counts: exact, and
    nothing is recomputed from characters.  A resample on which a coefficient
    is undefined is dropped (and counted); an interval needs at least half the
    resamples (and 10).
    """
    return bootstrap_many([data], n_boot, seed, level)[0]


def bootstrap_many(datas: list[NominalData], n_boot: int = 1000, seed: int = 1, level: float = 0.95
                   ) -> list[tuple[dict[str, Optional[Interval]], dict[str, Resamples]]]:
    """:func:`bootstrap_counts` for several variables with the same number of
    coders and categories (every code of a report), computed together: each
    variable draws from its own generator seeded alike, exactly as alone, and
    the arithmetic runs once over all of them."""
    out: list = [None] * len(datas)
    patterns: dict[tuple, int] = {}
    drawn = []
    for k, data in enumerate(datas):
        counts_all = data.category_counts()
        rated = counts_all.sum(axis=1) >= 1
        weights = data.weights[rated]
        total = int(round(weights.sum()))
        if n_boot <= 0 or total < 2 or data.q < 2:
            out[k] = ({name: None for name in BOOTSTRAPPED},
                      {name: Resamples(max(n_boot, 0), 0, max(n_boot, 0), False) for name in BOOTSTRAPPED})
            continue
        rng = np.random.default_rng(seed)
        draws = rng.multinomial(total, weights / weights.sum(), size=n_boot)
        columns = [patterns.setdefault(row, len(patterns)) for row in map(tuple, data.values[rated].tolist())]
        drawn.append((k, draws, columns))
    if not drawn:
        return out
    q = datas[drawn[0][0]].q
    values = np.array(list(patterns), dtype=np.int64).reshape(len(patterns), -1)
    counts = NominalData(values, np.ones(len(values)), q).category_counts()
    all_draws = np.zeros((len(drawn), n_boot, len(values)))
    for i, (_, draws, columns) in enumerate(drawn):
        if len(set(columns)) == len(columns):
            all_draws[i][:, columns] = draws
        else:  # the same pattern twice in one table
            np.add.at(all_draws[i], (slice(None), columns), draws)
    tail = (1.0 - level) / 2.0 * 100.0
    found = {name: _percentiles(values, (tail, 100.0 - tail))
             for name, values in zip(BOOTSTRAPPED, _bootstrap_statistics(all_draws, counts, q))}
    for i, (k, _, _) in enumerate(drawn):
        intervals: dict[str, Optional[Interval]] = {}
        resamples = {}
        for name in BOOTSTRAPPED:
            (low, high), used = found[name][0][i], int(found[name][1][i])
            enough = used >= max(10, n_boot // 2)
            intervals[name] = Interval(float(low), float(high), used, n_boot - used) if enough else None
            resamples[name] = Resamples(n_boot, used, n_boot - used, enough)
        out[k] = (intervals, resamples)
    return out


def _percentiles(values: np.ndarray, at: tuple[float, float]) -> tuple[np.ndarray, np.ndarray]:
    """Per row of ``values`` (variables × resamples): the percentiles ``at`` of
    its defined (non-NaN) entries, and how many there are.  Rows with nothing
    undefined — nearly all — are done together."""
    defined = ~np.isnan(values)
    used = defined.sum(axis=1)
    out = np.full((len(values), 2), np.nan)
    whole = used == values.shape[1]
    if whole.any():
        out[whole] = percentile(values[whole], at)
    for i in np.flatnonzero(~whole & (used > 0)):
        out[i] = percentile(values[i][defined[i]][None, :], at)[0]
    return out, used


def percentile(rows: np.ndarray, at) -> np.ndarray:
    """np.percentile(rows, at, axis=1).T with its default (linear) method, the
    same numbers without what np.percentile costs on first use (it imports
    numpy.ma: 12–15 ms of every `tandem agree`)."""
    ordered = np.sort(rows, axis=1)
    n = ordered.shape[1]
    out = np.empty((len(rows), len(at)))
    for k, q in enumerate(at):
        position = q / 100.0 * (n - 1)
        below = int(np.floor(position))
        above = min(below + 1, n - 1)
        t = position - below
        a, b = ordered[:, below], ordered[:, above]
        diff = b - a
        out[:, k] = b - diff * (1 - t) if t >= 0.5 else a + diff * t  # numpy's _lerp
    return out


def _bootstrap_statistics(draws: np.ndarray, counts: np.ndarray, q: int) -> tuple[np.ndarray, np.ndarray]:
    """α and AC1 of every resample: ``draws`` (variables × resamples × patterns)
    counts of the patterns whose category counts are ``counts`` (patterns × q)."""
    m_u = counts.sum(axis=1)
    pairable = m_u >= 2
    safe_m = np.where(pairable, m_u - 1.0, 1.0)

    # α: coincidences are linear in the pattern counts (pairable units only).
    per_pattern = ((counts[:, :, None] * counts[:, None, :]
                    - counts[:, :, None] * np.eye(q)[None]) / safe_m[:, None, None]
                   * pairable[:, None, None])
    o = np.einsum("vbp,pij->vbij", draws, per_pattern)
    n_c = o.sum(axis=3)
    n = n_c.sum(axis=2)
    disagreements = o.sum(axis=(2, 3)) - np.trace(o, axis1=2, axis2=3)
    expected = n * n - (n_c * n_c).sum(axis=2)
    with np.errstate(divide="ignore", invalid="ignore"):
        alpha = np.where(expected > 1e-12 * np.maximum(n * n, 1.0),
                         1.0 - (n - 1.0) * disagreements / expected, np.nan)

    # AC1: observed agreement over pairable units, shares over every rated unit.
    per_unit_agree = np.where(pairable, (counts * (counts - 1)).sum(axis=1)
                              / (m_u * np.where(pairable, m_u - 1, 1)), 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        observed = draws @ per_unit_agree / (draws @ pairable.astype(np.float64))
        shares = (draws @ (counts / m_u[:, None])) / draws.sum(axis=2)[:, :, None]
        gwet_expected = (shares * (1 - shares)).sum(axis=2) / (q - 1)
        ac1 = np.where(gwet_expected < 1 - 1e-12, (observed - gwet_expected) / (1 - gwet_expected),
                       np.nan)
    return alpha, ac1


def binary_table(a: float, b: float, c: float, d: float) -> NominalData:
    """Two coders, one code: both / A only / B only / neither."""
    return NominalData(np.array([[1, 1], [1, 0], [0, 1], [0, 0]]), np.array([a, b, c, d]), 2)
