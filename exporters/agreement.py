"""Agreement reports written to files: CSV (machine-readable), XLSX (the full
workbook) and DOCX (a manuscript appendix).

``export_report`` picks the writer from the file's extension.  Every writer
builds the file under a temporary name in the target folder and moves it into
place only when it is complete, so an error never leaves a half-written file or
replaces a good one.  This module also holds what the three writers share:
which measures a unit reports, their labels, bands, undefined reasons and the
overall aggregates as rows.  Qt-free.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from coding.agreement.report import (COEFFICIENTS, KAPPA_TYPE, LABELS, AgreementReport,  # noqa: F401
                                     CodeResult, band_of)
from exporters.atomic import ExportFailed, write_atomically  # noqa: F401 - ExportFailed is part of this API

FORMATS = (".csv", ".xlsx", ".docx")
EXTRA_MEASURES = ("holsti", "maxqda_kappa")  # segment unit only
CI_MEASURES = ("krippendorff_alpha", "gwet_ac1")
DASH = "—"


def check_path(path: Path) -> str:
    """The format (".csv", ".xlsx" or ".docx") ``path`` asks for; ExportFailed when
    there is none.  Callers may check before the (slow) analysis runs."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        found = f"'{path.suffix}'" if path.suffix else "no extension"
        raise ExportFailed(f"Cannot export the agreement report to {path}: {found} is not a "
                           f"supported format; use one of: {', '.join(FORMATS)}.")
    if path.is_dir():
        raise ExportFailed(f"Cannot export the agreement report to {path}: it is a folder; "
                           "give a file name.")
    return suffix


def export_report(report: AgreementReport, path: Path) -> Path:
    """Write ``report`` to ``path`` as CSV, XLSX or DOCX (by extension); returns the path."""
    path = Path(path)
    suffix = check_path(path)
    if suffix == ".csv":
        from exporters.agreement_csv import write
    elif suffix == ".xlsx":
        from exporters.agreement_xlsx import write
    else:
        from exporters.agreement_docx import write
    return write_atomically(path, lambda tmp: write(report, tmp))




# ----------------------------------------------------------------------------
# What the writers share
# ----------------------------------------------------------------------------

def clean(value: Any) -> Optional[float]:
    """A float, or None for missing / NaN / infinite."""
    if value is None or isinstance(value, bool):
        return None
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(value) or math.isinf(value) else value


def kappa_name(report: AgreementReport) -> str:
    """The κ a manuscript reports: Cohen's for two coders, Fleiss' for more."""
    return "cohen_kappa" if len(report.coders) == 2 else "fleiss_kappa"


def measures(report: AgreementReport) -> list[str]:
    """The measures the report's unit defines, in display order."""
    if report.unit == "segment":
        return ["percent_agreement", "holsti", "maxqda_kappa"]
    if report.unit == "unitized":
        return ["krippendorff_alpha"]
    names = list(COEFFICIENTS)
    if report.unit == "frequency":  # counts per document: no 'coded or not' to agree on
        names.remove("positive_agreement")
        names.remove("negative_agreement")
    return names


def label(report: AgreementReport, name: str) -> str:
    if name == "krippendorff_alpha" and report.unit == "unitized":
        return "Krippendorff's uα"
    return LABELS.get(name, name.replace("_", " "))


def value(result: CodeResult, name: str) -> Optional[float]:
    return clean(result.value(name))


def undefined_reason(result: CodeResult, name: str) -> Optional[str]:
    """Why ``name`` has no value for ``result`` (None when it has one)."""
    if value(result, name) is not None:
        return None
    reason = result.coefficients.undefined.get(name) or result.extra.get(f"{name}_undefined")
    if not reason and name in EXTRA_MEASURES:
        reason = result.coefficients.undefined.get("percent_agreement")
    return reason or "undefined"


def undefined_reasons(result: CodeResult, names: list[str]) -> list[tuple[str, list[str]]]:
    """(reason, measures) for the undefined ones among ``names``, one entry per reason."""
    out: dict[str, list[str]] = {}
    for name in names:
        reason = undefined_reason(result, name)
        if reason:
            out.setdefault(reason, []).append(name)
    return list(out.items())


def band(name: str, number: Optional[float]) -> Optional[tuple[str, str]]:
    """("krippendorff" | "landis_koch", band label) for α and κ-type values of one
    code or group (read on the value as printed: κ to two decimals, α to three).
    Aggregates over codes get none."""
    return band_of(name, number)


def ci(result: CodeResult, name: str) -> Optional[tuple[float, float]]:
    interval = result.ci95.get(name)
    if interval is None:
        return None
    low, high = clean(interval.low), clean(interval.high)
    return None if low is None or high is None else (low, high)


def is_paradox(warning: str) -> bool:
    return "κ paradox" in warning


@dataclass
class Aggregate:
    """One overall aggregate as a row: its values filed under measure names."""

    key: str
    label: str
    values: dict[str, Optional[float]]
    method: str = ""
    details: dict[str, Any] = field(default_factory=dict)
    undefined: str = ""


AGGREGATE_LABELS = {
    "unweighted_mean": "Mean over codes (unweighted)",
    "pooled_kappa": "Pooled κ (De Vries et al. 2008)",
    "pooled_alpha": "Pooled α",
    "size_weighted_mean": "Size-weighted mean (NVivo)",
    "pooled": "Pooled over codes",
    "unitized_alpha": "uα, all codes together",
    "bands_per_code": "Codes per band",
}


def aggregates(overall: dict[str, Any], n_coders: int) -> list[Aggregate]:
    """The overall dict of a report (or of a pair) as rows.  A single ``value``
    goes under the measure it is: pooled κ under Cohen's κ (two coders) or
    Fleiss' κ, pooled α and uα under Krippendorff's α."""
    known = set(COEFFICIENTS) | set(EXTRA_MEASURES)
    single = {"pooled_kappa": "cohen_kappa" if n_coders == 2 else "fleiss_kappa",
              "pooled_alpha": "krippendorff_alpha", "unitized_alpha": "krippendorff_alpha"}
    out = []
    for key, entry in overall.items():
        if not isinstance(entry, dict):
            continue
        values: dict[str, Optional[float]] = {}
        details: dict[str, Any] = {}
        for name, item in entry.items():
            if name in ("method", "undefined"):
                continue
            if name in known:
                values[name] = clean(item)
            elif name == "value" and key in single:
                values[single[key]] = clean(item)
            else:
                details[name] = item
        out.append(Aggregate(key, AGGREGATE_LABELS.get(key, key.replace("_", " ").capitalize()),
                             values, str(entry.get("method", "")), details,
                             str(entry.get("undefined") or "")))
    return out


def overall_notes(overall: dict[str, Any]) -> list[str]:
    """Plain-text entries of an overall dict (e.g. why it has no aggregates)."""
    return [str(v) for v in overall.values() if isinstance(v, str)]


def describe_filters(filters: dict[str, Any]) -> str:
    parts = []
    if filters.get("codes"):
        parts.append("codes " + ", ".join(filters["codes"]))
    if filters.get("sources"):
        parts.append("sources " + ", ".join(filters["sources"]))
    if filters.get("where"):
        parts.append("cases with " + ", ".join(f"{k} = {v}" for k, v in filters["where"].items()))
    if filters.get("without_moderators"):
        parts.append("moderator turns excluded")
    return "; ".join(parts) if parts else "none"


def describe_bootstrap(report: AgreementReport) -> str:
    samples = report.settings.get("bootstrap_samples")
    if not samples or report.unit in ("segment", "unitized"):
        return "none"
    dropped = max((r.dropped for c in report.codes + report.groups for name, r in c.resamples.items()
                   if c.value(name) is not None), default=0)
    return (f"{samples:,} bootstrap resamples of units, seed {report.settings.get('seed')}; "
            + (f"resamples where a coefficient was undefined dropped (at most {dropped:,} for any code)"
               if dropped else "every resample used"))


def scope_notes(report: AgreementReport) -> list[str]:
    """What the scope holds beside the numbers: coders without codings, sources
    nobody coded (and the choice made), codes nobody applied, independence."""
    scope = report.scope or {}
    notes = []
    uncoded = scope.get("uncoded_sources") or []
    if uncoded:
        choice = ("left out (as asked)" if scope.get("uncoded_sources_left_out") else
                  "included, where every code counts as agreed absent; leave them out with "
                  "--skip-uncoded (or the window's choice)")
        notes.append(f"Sources that no coder had coded (likely not coded yet): {', '.join(uncoded)} — "
                     f"{choice}.")
    left = [p for p in scope.get("not_applied") or [] if p not in set(scope.get("not_applied_in_table") or [])]
    if left:
        notes.append(f"Codes that no coder applied in these sources (not analysed): {', '.join(left)}.")
    independence = scope.get("independence") or {}
    if independence and not independence.get("enforced", True):
        notes.append("Independence was not enforced: blind coding was off while "
                     f"{independence.get('made_or_changed_while_blind_was_off', 0):,} of the coders' "
                     f"{independence.get('codings', 0):,} codings here were made or changed (audit log).")
    return notes


def describe_unit(report: AgreementReport) -> str:
    text = f"{report.unit} — {report.unit_description}"
    if report.unit == "segment" and report.settings.get("threshold") is not None:
        text += f"; overlap threshold {report.settings['threshold']:.0%}"
    return text


def count_text(number: float) -> str:
    number = clean(number) or 0.0
    return f"{int(round(number)):,}" if abs(number - round(number)) < 1e-9 else f"{number:,.2f}"


def short_code(path: str) -> tuple[str, str]:
    """(parent path, leaf name) of a code path."""
    parent, _, leaf = path.rpartition("/")
    return parent, leaf
