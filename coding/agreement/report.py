"""The agreement report: plain data the GUI, the command line and the
exporters all read, and its JSON form (the `tandem agree --json` contract)."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Optional

from coding.agreement.reliability import Coefficients, Interval

COEFFICIENTS = Coefficients.NAMES

LABELS = {
    "percent_agreement": "Percent agreement",
    "positive_agreement": "Positive agreement",
    "cohen_kappa": "Cohen's κ",
    "scott_pi": "Scott's π",
    "fleiss_kappa": "Fleiss' κ",
    "brennan_prediger": "Brennan–Prediger κ",
    "gwet_ac1": "Gwet's AC1",
    "krippendorff_alpha": "Krippendorff's α",
    "holsti": "Holsti",
    "maxqda_kappa": "MAXQDA κ (chance 1/k)",
}

# Landis & Koch (1977) bands for κ-type coefficients.
LANDIS_KOCH = ((0.0, "poor"), (0.20, "slight"), (0.40, "fair"), (0.60, "moderate"),
               (0.80, "substantial"), (1.0, "almost perfect"))


def landis_koch(value: Optional[float]) -> Optional[str]:
    if value is None:
        return None
    if value < 0:
        return "poor"
    for upper, label in LANDIS_KOCH[1:]:
        if value <= upper + 1e-12:
            return label
    return "almost perfect"


def krippendorff_band(value: Optional[float]) -> Optional[str]:
    """Krippendorff (2004): α ≥ .800 reliable; .667 ≤ α < .800 tentative
    conclusions only; below .667 unreliable."""
    if value is None:
        return None
    if value >= 0.800:
        return "reliable (α ≥ 0.800)"
    if value >= 0.667:
        return "tentative (0.667 ≤ α < 0.800)"
    return "unreliable (α < 0.667)"


def bands(values: dict[str, Optional[float]]) -> dict[str, dict[str, Optional[str]]]:
    out = {}
    for name, value in values.items():
        if name in ("percent_agreement", "positive_agreement", "holsti") or value is None:
            continue
        out[name] = {"landis_koch": landis_koch(value), "krippendorff": krippendorff_band(value)}
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

    def to_json(self) -> dict[str, Any]:
        return {"measure": self.measure, "codes": self.codes, "sources": self.sources,
                "values": [[_num(v) for v in row] for row in self.values],
                "percent_agreement": [[_num(v) for v in row] for row in self.percent_agreement],
                "n_units": [[_num(v) for v in row] for row in self.n_units]}


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
            "methods_paragraph": self.methods_paragraph,
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


def _clean(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: _clean(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_clean(v) for v in obj]
    return _num(obj)
