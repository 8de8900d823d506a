"""The two units that are not a table of coder values per unit: coded
segments matched by overlap (MAXQDA's level 3, with Holsti's coefficient) and
the text as a continuum (Krippendorff's unitized α, 2004)."""
from __future__ import annotations

from typing import Optional

import numpy as np

from coding.agreement import tables
from coding.agreement.corpus import AgreementRequest, Corpus
from coding.agreement.reliability import Coefficients
from coding.agreement.report import CodeResult, PairResult, alpha_limits
from coding.agreement.units import match_segments

SEGMENT_ONLY = ("segment units have no 'neither' cell, so only percent agreement, Holsti and "
                "MAXQDA's κ (chance 1/k) are defined; use --unit unitized for α")
UNITIZED_ONLY = "the unitized unit reports Krippendorff's unitized α only"


def segment(corpus: Corpus, request: AgreementRequest):
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


def unitized(corpus: Corpus, join_touching: bool = False, pair: Optional[tuple[int, int]] = None):
    """uα per code and overall, for every coder or for one ``pair`` of them;
    ``join_touching`` joins a coder's touching codings of a code into one unit."""
    from coding.agreement.unitized import unitized_alpha
    m = len(corpus.coders) if pair is None else 2
    pick = np.ones(len(corpus.code_idx), dtype=bool) if pair is None else np.isin(corpus.coder_idx, pair)
    piece, local_s, local_e, rows = tables.clip_to_universe(corpus, pick)
    lengths = corpus.universe[1] - corpus.universe[0]
    coder = corpus.coder_idx[rows]
    if pair is not None:
        coder = np.where(coder == pair[0], 0, 1)
    report = unitized_alpha(lengths, coder, piece, local_s, local_e,
                            corpus.code_idx[rows], m, categories=list(range(len(corpus.codes))),
                            merge_touching=join_touching)
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
               "unweighted_mean": {"method": "arithmetic mean over codes of uα_c; no band is "
                                             "read on a mean",
                                   "krippendorff_alpha": _mean([c.coefficients.krippendorff_alpha
                                                                for c in codes])},
               "bands_per_code": {"method": "how many codes fall below each of Krippendorff's "
                                            "limits (uα read to three decimals)",
                                  "krippendorff": alpha_limits([c.coefficients.krippendorff_alpha
                                                                for c in codes])}}
    groups = []
    for group in corpus.groups:  # uα over the group's values: where each value lies, pooled
        found = unitized_alpha(lengths, coder, piece, local_s, local_e, corpus.code_idx[rows], m,
                               categories=list(group.children), merge_touching=join_touching).overall
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
