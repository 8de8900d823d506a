"""compute_agreement: one request in, one report out.

The GUI (in a worker), `tandem agree` and the tests all call this function.
"""
from __future__ import annotations

import time
from typing import Callable, Optional

import numpy as np
from sqlalchemy.orm import Session

from coding import access
from coding.access import Acting
from coding.agreement import tables
from coding.agreement.corpus import UNIT_DESCRIPTIONS, AgreementRequest, Corpus, load
from coding.agreement.reliability import (Coefficients, NominalData, alpha_from_coincidences,
                                          bootstrap, coefficients, coincidences)
from coding.agreement.report import AgreementReport, CodeResult, Heatmap, PairResult
from coding.agreement.units import match_segments

Progress = Optional[Callable[[int, int], None]]

KAPPA_PARADOX = ("prevalence {p:.0%} is outside 10–90 %: κ, π and α are pulled down by the "
                 "κ paradox here; read them beside percent agreement, positive agreement and AC1")
SEGMENT_ONLY = ("segment units have no 'neither' cell, so only percent agreement, Holsti and "
                "MAXQDA's κ (chance 1/k) are defined; use --unit unitized for α")
UNITIZED_ONLY = "the unitized unit reports Krippendorff's unitized α only"


def compute_agreement(session: Session, acting: Acting, request: AgreementRequest,
                      progress: Progress = None) -> AgreementReport:
    """Agreement among the request's coders, for ``acting`` (refused to a
    coder while coding is blind)."""
    access.check_may_compare(session, acting, "agreement")
    began = time.perf_counter()
    corpus = load(session, request, with_texts=request.unit in ("sentence", "paragraph"))
    loaded = time.perf_counter()
    m = len(corpus.coders)
    notes: list[str] = []
    units = None
    if request.unit in ("sentence", "paragraph", "section", "document", "frequency"):
        units = tables.discrete_units(session, corpus, request.unit)

    if request.unit == "segment":
        codes, pairs, overall = _segment(corpus, request)
        groups, heatmap = [], None
        n_units = float(len(corpus.code_idx))
    elif request.unit == "unitized":
        codes, overall, groups = _unitized(corpus)
        heatmap = None
        pairs = [PairResult((corpus.coders[i], corpus.coders[j]), *_unitized(corpus, (i, j)))
                 for i in range(m) for j in range(i + 1, m)] if m >= 3 else []  # codes, overall, groups
        n_units = float(len(corpus.universe[0]) and (corpus.universe[1] - corpus.universe[0]).sum())
    else:
        codes, pair_tables, heat_tables = [], [], []
        total = len(corpus.codes) + len(corpus.groups)
        for i, info in enumerate(corpus.codes):
            if request.unit == "char":
                table = tables.binary_char(corpus, i)
            elif request.unit == "frequency":
                table, _ = tables.frequency_table(corpus, units, i)
            else:
                table = tables.binary_units(corpus, units, i)
            binary = request.unit != "frequency"
            codes.append(_code_result(info.path, info.id, table.data, request, binary))
            pair_tables.append(table.data)
            heat_tables.append(table.by_source)
            if progress:
                progress(i + 1, total)
        groups, group_tables = [], []
        for g, group in enumerate(corpus.groups):
            if request.unit == "char":
                table = tables.group_char(corpus, group.children)
            elif request.unit in ("document", "frequency"):
                table = tables.group_units(corpus, units, group.children)
            else:
                table = tables.group_units(corpus, units, group.children)
            result = _code_result(group.path, group.id, table.data, request, binary=False)
            result.extra["values"] = [corpus.codes[c].path for c in group.children]
            result.extra["conflicts"] = table.conflicts
            result.counts = {}
            group_tables.append(table.data)
            if table.conflicts:
                result.warnings.append(
                    f"{_amount(table.conflicts, request.unit)} where a coder applied more than one "
                    "value of this exclusive group: that coder's value there is left out (missing); "
                    "reconcile them")
            groups.append(result)
            if progress:
                progress(len(corpus.codes) + g + 1, total)
        pairs = _pairs(corpus, pair_tables, request, group_tables) if m >= 3 else []
        overall = _aggregates(codes, pair_tables, m)
        heatmap = None
        if request.unit not in ("frequency",):
            heatmap = _heatmap(corpus, heat_tables, m)
            overall["size_weighted_mean"] = _size_weighted(heatmap)
        n_units = float(corpus.total_length if request.unit == "char" and not corpus.filtered
                        else (corpus.universe[1] - corpus.universe[0]).sum() if request.unit == "char"
                        else len(units))
    if request.unit == "char" and request.n_boot:
        notes.append("Bootstrap intervals at the character unit treat characters as independent, "
                     "so they are narrower than the data warrant; use section or paragraph units "
                     "for inference.")
    if request.unit == "sentence":
        notes.append("Sentences end at . ! ? or … followed by white space, and at line breaks.")
    if request.unit != "segment" and request.threshold != AgreementRequest.threshold:
        notes.append(f"The overlap threshold ({request.threshold}) applies to the segment unit only; "
                     f"it was not used here.")
    report = AgreementReport(
        unit=request.unit, unit_description=UNIT_DESCRIPTIONS[request.unit],
        coders=corpus.coders, sources=corpus.source_names,
        filters={"codes": list(request.codes), "sources": list(request.sources),
                 "where": {k: v for k, v in request.where},
                 "without_moderators": request.without_moderators},
        n_units=n_units, codes=codes, groups=groups, pairs=pairs, overall=overall,
        heatmap=heatmap,
        settings={"threshold": request.threshold if request.unit == "segment" else None,
                  "seed": request.seed, "bootstrap_samples": request.n_boot},
        methods=_methods(m, request.unit), notes=notes,
    )
    from coding.agreement.methods import methods_paragraph
    report.methods_paragraph = methods_paragraph(report)
    done = time.perf_counter()
    report.elapsed_ms = (done - began) * 1000.0
    report.timings = {"load_ms": (loaded - began) * 1000.0, "compute_ms": (done - loaded) * 1000.0}
    return report


def _amount(n: float, unit: str) -> str:
    return f"{int(n)} {'characters' if unit == 'char' else 'units'}"


def _code_result(path: str, code_id: int, data: NominalData, request: AgreementRequest,
                 binary: bool) -> CodeResult:
    coeffs = coefficients(data, binary=binary)
    result = CodeResult(code=path, code_id=code_id, n_units=data.n_units, coefficients=coeffs)
    if binary:
        counts = data.category_counts()
        coded = counts[:, 1]
        if data.n_coders == 2:
            table: dict[tuple, float] = {}
            for v, w in zip(data.values.tolist(), data.weights.tolist()):
                table[tuple(v)] = table.get(tuple(v), 0.0) + w
            # weights count units, so the cells are whole numbers
            result.counts = {name: int(round(table.get(cell, 0.0))) for name, cell in
                             (("both", (1, 1)), ("a_only", (1, 0)), ("b_only", (0, 1)), ("neither", (0, 0)))}
        else:
            hist = np.bincount(coded.astype(np.int64), weights=data.weights,
                               minlength=data.n_coders + 1)
            result.counts = {f"coded_by_{k}": int(round(v)) for k, v in enumerate(hist)}
        total = (data.weights * counts.sum(axis=1)).sum()
        if total:
            result.prevalence = float((data.weights * coded).sum() / total)
            if not 0.10 <= result.prevalence <= 0.90:
                result.warnings.append(KAPPA_PARADOX.format(p=result.prevalence))
    else:
        agree = (data.values == data.values[:, :1]).all(axis=1)
        result.counts = {"agreements": float(data.weights[agree].sum()),
                         "disagreements": float(data.weights[~agree].sum())}
    if request.n_boot:
        result.ci95 = bootstrap(data, request.n_boot, request.seed)
    return result


def _pairs(corpus: Corpus, data: list[NominalData], request: AgreementRequest,
           group_data: Optional[list[NominalData]] = None) -> list[PairResult]:
    """Every pair of coders: each code, each exclusive group, and the aggregates."""
    out = []
    m = len(corpus.coders)
    for i in range(m):
        for j in range(i + 1, m):
            codes, tables_ = [], []
            for info, table in zip(corpus.codes, data):
                pair = table.pair(i, j)
                result = _code_result(info.path, info.id, pair, request, binary=table.q == 2)
                codes.append(result)
                tables_.append(pair)
            groups = []
            for group, table in zip(corpus.groups, group_data or []):
                result = _code_result(group.path, group.id, table.pair(i, j), request, binary=False)
                result.extra["values"] = [corpus.codes[c].path for c in group.children]
                result.counts = {}
                groups.append(result)
            out.append(PairResult((corpus.coders[i], corpus.coders[j]), codes,
                                  _aggregates(codes, tables_, 2), groups))
    return out


def _aggregates(codes: list[CodeResult], data: list[NominalData], m: int) -> dict:
    means = {}
    for name in Coefficients.NAMES:
        values = [c.value(name) for c in codes if c.value(name) is not None]
        means[name] = float(np.mean(values)) if values else None
    means["n_codes"] = len(codes)
    observed, expected = [], []
    pooled_o = None
    for result, table in zip(codes, data):
        po = result.coefficients.percent_agreement
        if po is None:
            continue
        if m == 2 and table.n_coders == 2:
            both = (table.values >= 0).all(axis=1)
            w = table.weights[both]
            share_a = np.bincount(table.values[both, 0], weights=w, minlength=table.q) / w.sum()
            share_b = np.bincount(table.values[both, 1], weights=w, minlength=table.q) / w.sum()
            pe = float((share_a * share_b).sum())
        else:
            pe = result.coefficients.expected_agreement
        observed.append(po)
        expected.append(pe)
        if table.q == 2:
            o = coincidences(table)
            pooled_o = o if pooled_o is None else pooled_o + o
    pooled_kappa = None
    if observed:
        po, pe = float(np.mean(observed)), float(np.mean(expected))
        pooled_kappa = None if np.isclose(pe, 1.0) else (po - pe) / (1 - pe)
    return {
        "unweighted_mean": {"method": "arithmetic mean over codes of each coefficient, "
                                      "codes where it is undefined left out", **means},
        "pooled_kappa": {
            "method": ("pooled κ (De Vries et al. 2008): observed and chance agreement are "
                       "averaged over codes first, then κ = (p̄o − p̄e)/(1 − p̄e)"
                       + ("" if m == 2 else "; chance agreement as in Fleiss' κ")),
            "value": pooled_kappa,
            "observed": float(np.mean(observed)) if observed else None,
            "expected": float(np.mean(expected)) if expected else None,
        },
        "pooled_alpha": {
            "method": "nominal α over the pooled coincidence matrix of every code's "
                      "coded / not-coded values (each unit × code one value per coder)",
            "value": None if pooled_o is None else alpha_from_coincidences(pooled_o),
        },
    }


def _heatmap(corpus: Corpus, by_source: list[Optional[np.ndarray]], m: int) -> Heatmap:
    """Per code and source: Cohen's κ (two coders) or Fleiss' κ, vectorised."""
    n_sources = len(corpus.source_ids)
    values, agreement, sizes = [], [], []
    bits = (np.arange(1 << m)[:, None] >> np.arange(m)) & 1  # pattern → coder bits
    coded = bits.sum(axis=1)
    for table in by_source:
        if table is None:
            table = np.zeros((n_sources, 1 << m))
        n = table.sum(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            if m == 2:
                a, b, c, d = table[:, 3], table[:, 1], table[:, 2], table[:, 0]
                po = (a + d) / n
                pa, pb = (a + b) / n, (a + c) / n
                pe = pa * pb + (1 - pa) * (1 - pb)
            else:
                pair_agree = (coded * (coded - 1) + (m - coded) * (m - coded - 1)) / (m * (m - 1))
                po = table @ pair_agree / n
                p1 = table @ coded / (n * m)
                pe = p1 ** 2 + (1 - p1) ** 2
            kappa = np.where((n > 0) & ~np.isclose(pe, 1.0), (po - pe) / (1 - pe), np.nan)
        values.append([None if np.isnan(v) else float(v) for v in kappa])
        agreement.append([None if not k else float(v) for v, k in zip(po, n > 0)])
        sizes.append(n.tolist())
    return Heatmap(measure="cohen_kappa" if m == 2 else "fleiss_kappa",
                   codes=[c.path for c in corpus.codes], sources=corpus.source_names,
                   values=values, n_units=sizes, percent_agreement=agreement)


def _size_weighted(heatmap: Heatmap) -> dict:
    """NVivo's average: κ per code and source, weighted by the source's size."""
    kappas = np.array([[np.nan if v is None else v for v in row] for row in heatmap.values])
    sizes = np.array(heatmap.n_units, dtype=np.float64)
    defined = ~np.isnan(kappas) & (sizes > 0)
    value = float((kappas[defined] * sizes[defined]).sum() / sizes[defined].sum()) if defined.any() else None
    pa = np.array([[np.nan if v is None else v for v in row] for row in heatmap.percent_agreement])
    has = ~np.isnan(pa) & (sizes > 0)
    return {
        "method": f"NVivo's weighted average: {heatmap.measure} per code and source, weighted by "
                  "the source's size in units; cells where it is undefined (nothing coded there, "
                  "or no variation) are left out",
        heatmap.measure: value,
        "percent_agreement": float((pa[has] * sizes[has]).sum() / sizes[has].sum()) if has.any() else None,
        "n_cells": int(defined.sum()),
        "n_cells_undefined": int(((sizes > 0) & ~defined).sum()),
    }


def _segment(corpus: Corpus, request: AgreementRequest):
    m = len(corpus.coders)
    k = len(corpus.codes)
    pairs = []
    results_by_pair = []
    groups = _segment_groups(corpus)
    for i in range(m):
        for j in range(i + 1, m):
            results = []
            for c, info in enumerate(corpus.codes):
                matched = only_a = only_b = 0
                for by_coder in groups.get(c, []):
                    got, left_a, left_b = match_segments(by_coder.get(i, []), by_coder.get(j, []),
                                                         request.threshold)
                    matched, only_a, only_b = matched + len(got), only_a + len(left_a), only_b + len(left_b)
                results.append(_segment_result(info.path, info.id, matched, only_a, only_b, k))
            results_by_pair.append(((corpus.coders[i], corpus.coders[j]), results))
    overall_pairs = []
    for coders, results in results_by_pair:
        a = sum(r.counts["matched"] for r in results)
        b = sum(r.counts["a_only"] for r in results)
        c = sum(r.counts["b_only"] for r in results)
        pooled = _segment_result("(all codes)", 0, a, b, c, k)
        overall = {"pooled": {"method": "matched and unmatched codings summed over codes",
                              "percent_agreement": pooled.coefficients.percent_agreement,
                              "holsti": pooled.extra["holsti"],
                              "maxqda_kappa": pooled.extra["maxqda_kappa"]},
                   "unweighted_mean": {"method": "arithmetic mean over codes", **{
                       name: _mean([r.value(name) for r in results])
                       for name in ("percent_agreement", "holsti", "maxqda_kappa")}}}
        overall_pairs.append(overall)
        pairs.append(PairResult(coders, results, overall))
    if m == 2:
        return pairs[0].codes, [], overall_pairs[0]
    codes = []
    for c, info in enumerate(corpus.codes):
        coeffs = Coefficients()
        for name in Coefficients.NAMES:
            coeffs.set_undefined(name, "segment matching compares two coders; see pairs")
        codes.append(CodeResult(info.path, info.id, float((corpus.code_idx == c).sum()), coeffs))
    return codes, pairs, {"note": "segment matching compares two coders; see pairs"}


def _segment_groups(corpus: Corpus) -> dict[int, list[dict[int, list[tuple[int, int]]]]]:
    """Codings grouped by code, then source, then coder (one sort, no rescans)."""
    order = np.lexsort((corpus.start, corpus.coder_idx, corpus.source_idx, corpus.code_idx))
    out: dict[int, list[dict[int, list[tuple[int, int]]]]] = {}
    last_key = None
    for code, src, coder, s, e in zip(corpus.code_idx[order].tolist(), corpus.source_idx[order].tolist(),
                                      corpus.coder_idx[order].tolist(), corpus.start[order].tolist(),
                                      corpus.end[order].tolist()):
        if (code, src) != last_key:
            out.setdefault(code, []).append({})
            last_key = (code, src)
        out[code][-1].setdefault(coder, []).append((s, e))
    return out


def _segment_result(path: str, code_id: int, a: int, b: int, c: int, k: int) -> CodeResult:
    coeffs = Coefficients()
    for name in Coefficients.NAMES:
        coeffs.set_undefined(name, SEGMENT_ONLY)
    extra = {}
    total = a + b + c
    if total:
        coeffs.percent_agreement = a / total
        coeffs.undefined.pop("percent_agreement")
        extra["holsti"] = 2 * a / (2 * a + b + c)
        coeffs.positive_agreement = extra["holsti"]
        coeffs.undefined.pop("positive_agreement")
        extra["maxqda_kappa"] = ((a / total - 1 / k) / (1 - 1 / k)) if k > 1 else None
    else:
        coeffs.undefined["percent_agreement"] = "neither coder applied the code"
        extra["holsti"] = extra["maxqda_kappa"] = None
    if k <= 1:
        extra["maxqda_kappa_undefined"] = "needs at least two codes (chance is 1/k)"
    result = CodeResult(path, code_id, float(total), coeffs, extra=extra)
    result.counts = {"matched": a, "a_only": b, "b_only": c}
    return result


def _mean(values):
    defined = [v for v in values if v is not None]
    return float(np.mean(defined)) if defined else None


def _unitized(corpus: Corpus, pair: Optional[tuple[int, int]] = None):
    """uα per code and overall, for every coder or for one ``pair`` of them."""
    from coding.agreement.unitized import unitized_alpha
    m = len(corpus.coders) if pair is None else 2
    pick = np.ones(len(corpus.code_idx), dtype=bool) if pair is None else np.isin(corpus.coder_idx, pair)
    piece, local_s, local_e, rows = tables.clip_to_universe(corpus, pick)
    lengths = corpus.universe[1] - corpus.universe[0]
    coder = corpus.coder_idx[rows]
    if pair is not None:
        coder = np.where(coder == pair[0], 0, 1)
    report = unitized_alpha(lengths, coder, piece, local_s, local_e,
                            corpus.code_idx[rows], m, categories=list(range(len(corpus.codes))))
    codes = []
    for c, info in enumerate(corpus.codes):
        found = report.per_category[c]
        result = CodeResult(info.path, info.id, float(lengths.sum()), _unitized_coefficients(found),
                            extra={"n_sections": found.n_sections,
                                   "observed_disagreement": found.observed,
                                   "expected_disagreement": found.expected})
        codes.append(result)
    o = report.overall
    overall = {"unitized_alpha": {"method": "Krippendorff's uα over all codes together "
                                            "(see the methods section)",
                                  "value": o.alpha, "undefined": o.undefined,
                                  "observed_disagreement": o.observed,
                                  "expected_disagreement": o.expected},
               "unweighted_mean": {"method": "arithmetic mean over codes of uα_c",
                                   "krippendorff_alpha": _mean([c.coefficients.krippendorff_alpha
                                                                for c in codes])}}
    groups = []
    for group in corpus.groups:  # uα over the group's values: where each value lies, pooled
        found = unitized_alpha(lengths, coder, piece, local_s, local_e, corpus.code_idx[rows], m,
                               categories=list(group.children)).overall
        groups.append(CodeResult(group.path, group.id, float(lengths.sum()), _unitized_coefficients(found), extra={
            "values": [corpus.codes[c].path for c in group.children],
            "observed_disagreement": found.observed, "expected_disagreement": found.expected}))
    return codes, overall, groups


def _unitized_coefficients(found) -> Coefficients:
    """Only uα is defined at the unitized unit; every other measure says why not."""
    coeffs = Coefficients()
    for name in Coefficients.NAMES:
        coeffs.set_undefined(name, UNITIZED_ONLY)
    coeffs.undefined.pop("krippendorff_alpha")
    coeffs.krippendorff_alpha = found.alpha
    if found.alpha is None:
        coeffs.undefined["krippendorff_alpha"] = found.undefined or "undefined"
    return coeffs


def _methods(m: int, unit: str) -> dict[str, str]:
    two = m == 2
    return {
        "percent_agreement": "share of units on which the two coders agree" if two else
        "mean agreement over pairs of coders per unit (Fleiss' P̄)",
        "positive_agreement": "2a/(2a+b+c): agreement on where the code applies" if two else
        "specific agreement on 'coded', pooled over pairs of coders",
        "cohen_kappa": "Cohen's κ (scikit-learn cohen_kappa_score)" if two else
        "mean of pairwise Cohen's κ (Light 1971); every pair under 'pairs'",
        "scott_pi": "Scott's π" if two else "mean of pairwise Scott's π",
        "fleiss_kappa": "Fleiss' κ (for two coders it equals Scott's π)",
        "brennan_prediger": "Brennan–Prediger κ, chance 1/q for q categories",
        "gwet_ac1": "Gwet's AC1",
        "krippendorff_alpha": ("Krippendorff's unitized α (2004)" if unit == "unitized" else
                               "Krippendorff's α, nominal (krippendorff package)"),
        "ci95": "bootstrap percentile 95 % interval, units resampled with replacement",
    }
