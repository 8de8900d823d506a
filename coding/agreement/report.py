"""The agreement report: plain data the GUI, the command line and the
exporters all read, and its JSON form (the `tandem agree --json` contract)."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Optional

from coding.agreement.reliability import Coefficients, Interval, Resamples

COEFFICIENTS = Coefficients.NAMES

LABELS = {
    "percent_agreement": "Percent agreement",
    "positive_agreement": "Positive agreement",
    "negative_agreement": "Negative agreement",
    "cohen_kappa": "Cohen's κ",
    "scott_pi": "Scott's π",
    "fleiss_kappa": "Fleiss' κ",
    "brennan_prediger": "Brennan–Prediger κ",
    "gwet_ac1": "Gwet's AC1",
    "krippendorff_alpha": "Krippendorff's α",
    "holsti": "Holsti",
    "maxqda_kappa": "MAXQDA κ (chance 1/k)",
}

# Which scale reads which coefficient: Landis & Koch's bands are for κ-type
# coefficients only, Krippendorff's limits for α only.
KAPPA_TYPE = ("cohen_kappa", "scott_pi", "fleiss_kappa", "brennan_prediger", "gwet_ac1",
              "maxqda_kappa")
ALPHA_TYPE = ("krippendorff_alpha",)
# A value is classified by the number printed: κ-type coefficients to two
# decimals (Landis and Koch wrote their bands so: 0.41–0.60 moderate), α to
# three (Krippendorff's limits are 0.667 and 0.800).
KAPPA_DIGITS = 2
ALPHA_DIGITS = 3
ALPHA_LIMITS = (0.667, 0.800)

# Landis & Koch (1977) bands for κ-type coefficients.
LANDIS_KOCH = ((0.0, "poor"), (0.20, "slight"), (0.40, "fair"), (0.60, "moderate"),
               (0.80, "substantial"), (1.0, "almost perfect"))


def printed(value: float, digits: int) -> float:
    """``value`` as it reads printed with ``digits`` decimals (the number a band is read on)."""
    return float(f"{value:.{digits}f}")


def number(value: Optional[float], digits: int = 2, undefined: str = "—") -> str:
    """A coefficient as text: ``digits`` decimals, a true minus sign, no "−0.00"."""
    if value is None or (isinstance(value, float) and (math.isnan(value) or math.isinf(value))):
        return undefined
    text = f"{value:.{digits}f}"
    if text.strip("-0.") == "":
        text = text.lstrip("-")
    return text.replace("-", "−")


def landis_koch(value: Optional[float]) -> Optional[str]:
    """Landis & Koch's band of a κ-type value, read on the value to two decimals."""
    if value is None:
        return None
    value = printed(value, KAPPA_DIGITS)
    if value < 0:
        return "poor"
    for upper, label in LANDIS_KOCH[1:]:
        if value <= upper:
            return label
    return "almost perfect"


def krippendorff_band(value: Optional[float]) -> Optional[str]:
    """Krippendorff (2004): α ≥ .800 reliable; .667 ≤ α < .800 tentative
    conclusions only; below .667 unreliable — read on α to three decimals."""
    if value is None:
        return None
    value = printed(value, ALPHA_DIGITS)
    if value >= ALPHA_LIMITS[1]:
        return "reliable (α ≥ 0.800)"
    if value >= ALPHA_LIMITS[0]:
        return "tentative (0.667 ≤ α < 0.800)"
    return "unreliable (α < 0.667)"


def band_of(name: str, value: Optional[float]) -> Optional[tuple[str, str]]:
    """("landis_koch" | "krippendorff", label) for a coefficient of one
    variable; None for measures no scale reads (agreement, specific agreement)."""
    if value is None:
        return None
    if name in KAPPA_TYPE:
        return "landis_koch", landis_koch(value)
    if name in ALPHA_TYPE:
        return "krippendorff", krippendorff_band(value)
    return None


def bands(values: dict[str, Optional[float]]) -> dict[str, dict[str, Any]]:
    """Each coefficient's band on its own scale, with the value it was read on."""
    out = {}
    for name, value in values.items():
        found = band_of(name, value)
        if found is not None:
            scheme, label = found
            digits = KAPPA_DIGITS if scheme == "landis_koch" else ALPHA_DIGITS
            out[name] = {scheme: label, "read_at": printed(value, digits)}
    return out


def alpha_limits(values: list[Optional[float]]) -> dict[str, int]:
    """How many codes fall below each of Krippendorff's limits (α read to three
    decimals): the limits apply to each variable, never to a mean of them."""
    defined = [printed(v, ALPHA_DIGITS) for v in values if v is not None]
    return {"n_codes": len(defined),
            "below_0.667": sum(1 for v in defined if v < ALPHA_LIMITS[0]),
            "below_0.800": sum(1 for v in defined if v < ALPHA_LIMITS[1])}


def landis_koch_counts(values: list[Optional[float]]) -> dict[str, int]:
    """How many codes fall in each of Landis and Koch's bands."""
    out = {label: 0 for _, label in LANDIS_KOCH}
    for value in values:
        if value is not None:
            out[landis_koch(value)] += 1
    return out


@dataclass
class CodeResult:
    """Agreement on one code (binary: coded or not), or one exclusive group."""

    code: str
    code_id: int
    n_units: float
    coefficients: Coefficients
    counts: dict[str, float] = field(default_factory=dict)
    prevalence: Optional[float] = None
    ci95: dict[str, Optional[Interval]] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)  # holsti, maxqda_kappa, conflicts, values…
    warnings: list[str] = field(default_factory=list)
    resamples: dict[str, Resamples] = field(default_factory=dict)  # bootstrap: used and dropped

    def value(self, name: str) -> Optional[float]:
        if name in COEFFICIENTS:
            return getattr(self.coefficients, name)
        return self.extra.get(name)

    def to_json(self) -> dict[str, Any]:
        values = self.coefficients.as_dict()
        for name in ("holsti", "maxqda_kappa"):
            if name in self.extra:
                values[name] = self.extra[name]
        out: dict[str, Any] = {"code": self.code, "n_units": _num(self.n_units)}
        out.update({k: _num(v) for k, v in self.counts.items()})
        out["prevalence"] = _num(self.prevalence)
        out.update({k: _num(v) for k, v in values.items()})
        out["ci95"] = {k: (None if v is None else [_num(v.low), _num(v.high)])
                       for k, v in self.ci95.items()}
        if self.resamples:
            out["bootstrap"] = {k: v.to_json() for k, v in self.resamples.items()}
        out["undefined"] = dict(self.coefficients.undefined)
        out["bands"] = bands(values)
        out["warnings"] = list(self.warnings)
        for key, value in self.extra.items():
            if key not in out:
                out[key] = value
        return out


@dataclass
class PairResult:
    coders: tuple[str, str]
    codes: list[CodeResult]
    overall: dict[str, Any]
    groups: list[CodeResult] = field(default_factory=list)  # exclusive groups, for this pair

    def to_json(self) -> dict[str, Any]:
        return {"coders": list(self.coders), "codes": [c.to_json() for c in self.codes],
                "groups": [g.to_json() for g in self.groups], "overall": self.overall}


@dataclass
class Heatmap:
    """Codes × sources: a measure per cell (None where undefined)."""

    measure: str
    codes: list[str]
    sources: list[str]
    values: list[list[Optional[float]]]
    n_units: list[list[float]]
    percent_agreement: list[list[Optional[float]]]
    # the same as arrays (κ, percent agreement, units; NaN where undefined), for the aggregates
    grids: Optional[tuple] = field(default=None, repr=False, compare=False)

    def to_json(self) -> dict[str, Any]:
        if self.grids is not None:  # the same rounding as _num, a grid at a time
            values, agreement, sizes = (_num_grid(g) for g in self.grids)
        else:
            values, agreement, sizes = ([[_num(v) for v in row] for row in grid] for grid in
                                        (self.values, self.percent_agreement, self.n_units))
        return {"measure": self.measure, "codes": self.codes, "sources": self.sources,
                "values": values, "percent_agreement": agreement, "n_units": sizes}


@dataclass
class AgreementReport:
    unit: str
    unit_description: str
    coders: list[str]
    sources: list[str]
    filters: dict[str, Any]
    n_units: float
    codes: list[CodeResult]
    groups: list[CodeResult]
    pairs: list[PairResult]
    overall: dict[str, Any]
    heatmap: Optional[Heatmap]
    settings: dict[str, Any]
    methods: dict[str, str]
    notes: list[str]
    elapsed_ms: float = 0.0
    methods_paragraph: str = ""
    timings: dict[str, float] = field(default_factory=dict)  # load_ms, compute_ms
    # What was in scope beside the numbers: codes nobody applied, sources neither
    # coder coded (and whether they were left out), coders with no codings there,
    # whether blind coding was on while they coded, each coder's codings.
    scope: dict[str, Any] = field(default_factory=dict)
    references: list[str] = field(default_factory=list)  # works the methods text cites, in full

    def code(self, path: str) -> CodeResult:
        for result in self.codes:
            if result.code == path:
                return result
        raise KeyError(path)

    def group(self, path: str) -> CodeResult:
        for result in self.groups:
            if result.code == path:
                return result
        raise KeyError(path)

    def to_json(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "unit_description": self.unit_description,
            "coders": self.coders,
            "sources": self.sources,
            "filters": self.filters,
            "n_units": _num(self.n_units),
            **self.settings,
            "codes": [c.to_json() for c in self.codes],
            "groups": [g.to_json() for g in self.groups],
            "pairs": [p.to_json() for p in self.pairs],
            "overall": _clean(self.overall),
            "heatmap": None if self.heatmap is None else self.heatmap.to_json(),
            "methods": self.methods,
            "notes": self.notes,
            "scope": _clean(self.scope),
            "methods_paragraph": self.methods_paragraph,
            "references": list(self.references),
            "elapsed_ms": round(self.elapsed_ms, 3),
            "timings": {k: round(v, 3) for k, v in self.timings.items()},
        }


def _num(value: Any) -> Any:
    """Floats rounded for output; whole numbers as ints; NaN never leaks."""
    if value is None:
        return None
    if isinstance(value, float) or hasattr(value, "dtype"):
        value = float(value)
        if math.isnan(value) or math.isinf(value):
            return None
        if value.is_integer() and abs(value) >= 1:
            return int(value)
        return round(value, 6)
    return value


def _num_grid(grid) -> list[list]:
    """``_num`` over a 2-D float array: None for NaN, whole numbers (|x| ≥ 1) as
    ints, the rest rounded to six decimals."""
    import numpy as np

    grid = np.asarray(grid, dtype=float)
    missing = ~np.isfinite(grid)
    whole = ~missing & (np.abs(grid) >= 1) & (grid == np.round(grid))
    out = np.round(np.where(missing, 0.0, grid), 6).astype(object)
    out[whole] = grid[whole].astype(np.int64)
    out[missing] = None
    return out.tolist()


def _clean(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: _clean(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_clean(v) for v in obj]
    return _num(obj)
