"""An agreement report as one plain CSV table (UTF-8, one header row).

A first row (``kind`` report) states what was compared: the unit and its
description, the number of units, the coders, the sources and the filters.
Then one row per code, per exclusive group and per overall aggregate (the
``kind`` column: code / group / overall).  With three or more coders the same
rows follow for every pair of coders; the ``coders`` column (names joined by
"; ") tells them apart.  Values are those of the report's JSON form under its
snake_case names; an empty cell is an undefined value, and the ``undefined``
column says why.
"""
from __future__ import annotations

import csv
from pathlib import Path
from typing import Any, Iterable

from coding.agreement.report import COEFFICIENTS, AgreementReport, CodeResult
from exporters.sheet_cells import csv_row
from exporters.agreement import (EXTRA_MEASURES, aggregates, describe_filters, overall_notes,
                                 scope_notes, undefined_reasons)

SEP = "; "
CI_COLUMNS = ["krippendorff_alpha_ci95_low", "krippendorff_alpha_ci95_high",
              "gwet_ac1_ci95_low", "gwet_ac1_ci95_high",
              "krippendorff_alpha_resamples_used", "krippendorff_alpha_resamples_dropped",
              "gwet_ac1_resamples_used", "gwet_ac1_resamples_dropped"]
TAIL = ["values", "warnings", "undefined", "method", "details"]


def columns(report: AgreementReport) -> list[str]:
    results = _all_results(report)
    counts: list[str] = []
    extras: list[str] = []
    for result in results:
        counts += [k for k in result.counts if k not in counts]
        extras += [k for k, v in result.extra.items()
                   if k not in extras and k not in EXTRA_MEASURES and _scalar(v)
                   and not k.endswith("_undefined")]
    measures = list(COEFFICIENTS)
    if report.unit == "segment" or any(k in r.extra for r in results for k in EXTRA_MEASURES):
        measures += list(EXTRA_MEASURES)
    return (["kind", "coders", "code", "n_units"] + counts + ["prevalence"] + measures
            + CI_COLUMNS + extras + TAIL)


def rows(report: AgreementReport) -> Iterable[dict[str, Any]]:
    data = report.to_json()  # overall aggregates rounded as in the JSON form
    everyone = SEP.join(report.coders)
    yield {"kind": "report", "coders": everyone, "code": report.unit, "n_units": report.n_units,
           "method": report.unit_description,
           "details": SEP.join([f"sources={', '.join(report.sources)}",
                                f"filters={describe_filters(report.filters)}"]
                               + ([f"threshold={report.settings['threshold']}"] if report.unit == "segment" else [])
                               + ([f"join_touching={report.settings['join_touching']}"]
                                  if report.unit == "unitized" else [])),
           "warnings": SEP.join(scope_notes(report))}
    yield from _block(report.codes, report.groups, data["overall"], everyone, len(report.coders))
    for pair, pair_data in zip(report.pairs, data["pairs"]):
        yield from _block(pair.codes, pair.groups, pair_data["overall"], SEP.join(pair.coders), 2)


def write(report: AgreementReport, path: Path) -> None:
    header = columns(report)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(csv_row(header))
        for row in rows(report):
            writer.writerow(csv_row(_cell(row.get(name)) for name in header))


def _block(codes: list[CodeResult], groups: list[CodeResult], overall: dict, coders: str,
           n_coders: int) -> Iterable[dict[str, Any]]:
    for kind, results in (("code", codes), ("group", groups)):
        for result in results:
            yield _result_row(kind, coders, result)
    for aggregate in aggregates(overall, n_coders):
        row = {"kind": "overall", "coders": coders, "code": aggregate.key,
               "method": aggregate.method, "undefined": aggregate.undefined,
               "details": SEP.join(f"{k}={_cell(v)}" for k, v in aggregate.details.items())}
        row.update(aggregate.values)
        yield row
    for note in overall_notes(overall):
        yield {"kind": "overall", "coders": coders, "code": "note", "method": note}


def _result_row(kind: str, coders: str, result: CodeResult) -> dict[str, Any]:
    data = result.to_json()  # the JSON contract's names and rounding
    row = {k: v for k, v in data.items() if _scalar(v)}
    row.update(kind=kind, coders=coders)
    for name, interval in data["ci95"].items():
        if interval is not None:
            row[f"{name}_ci95_low"], row[f"{name}_ci95_high"] = interval
    for name, counts in data.get("bootstrap", {}).items():
        row[f"{name}_resamples_used"], row[f"{name}_resamples_dropped"] = counts["used"], counts["dropped"]
    if isinstance(data.get("values"), list):
        row["values"] = SEP.join(data["values"])
    row["warnings"] = SEP.join(result.warnings)
    measures = list(COEFFICIENTS) + [m for m in EXTRA_MEASURES if m in result.extra]
    row["undefined"] = SEP.join(f"{', '.join(names)}: {reason}"
                                for reason, names in undefined_reasons(result, measures))
    return row


def _all_results(report: AgreementReport) -> list[CodeResult]:
    return report.codes + report.groups + [c for p in report.pairs for c in p.codes]


def _scalar(value: Any) -> bool:
    return value is None or isinstance(value, (int, float, str, bool))


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return value
