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
from coding.agreement.aggregates import aggregates, heatmap, size_weighted
from coding.agreement.corpus import UNIT_DESCRIPTIONS, AgreementRequest, Corpus, load
from coding.agreement.reliability import NominalData, bootstrap_many, coefficients
from coding.agreement.report import KAPPA_DIGITS, AgreementReport, CodeResult, PairResult, printed

Progress = Optional[Callable[[int, int], None]]

# The κ paradox (Feinstein & Cicchetti 1990): κ (and π, α) low although the
# coders mostly agree.  Warned on either sign: a prevalence outside 10–90 %,
# or percent agreement of at least 85 % with κ at most 0.60 (as printed).
PARADOX_AGREEMENT = 0.85
PARADOX_KAPPA = 0.60
KAPPA_PARADOX = ("prevalence {p:.1f} % is outside 10–90 %: κ, π and α are pulled down by the "
                 "κ paradox (Feinstein & Cicchetti 1990) here; read them beside percent "
                 "agreement, positive and negative agreement and AC1")
HIGH_AGREEMENT_LOW_KAPPA = ("κ paradox (Feinstein & Cicchetti 1990): percent agreement is "
                            "{po:.1f} % but {name} is only {kappa}; the coders mostly agree, on "
                            "an unbalanced code: read κ beside positive and negative agreement "
                            "and AC1")
NO_CODINGS = ("{coder} has no codings in these sources: every figure compares {coder}'s "
              "silence with the other coders (has {coder} coded yet?)")
CHAR_INTERVALS = ("Bootstrap intervals at the character unit treat characters as independent, "
                  "which they are not (neighbouring characters are coded together), so they are "
                  "narrower than the data warrant; use section or paragraph units for inference.")


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
        from coding.agreement.other_units import segment
        codes, pairs, overall = segment(corpus, request)
        groups, heat = [], None
        n_units = float(len(corpus.code_idx))
    elif request.unit == "unitized":
        from coding.agreement.other_units import unitized
        codes, overall, groups = unitized(corpus, request.join_touching)
        heat = None
        pairs = [PairResult((corpus.coders[i], corpus.coders[j]),
                            *unitized(corpus, request.join_touching, (i, j)))
                 for i in range(m) for j in range(i + 1, m)] if m >= 3 else []  # codes, overall, groups
        n_units = float(len(corpus.universe[0]) and (corpus.universe[1] - corpus.universe[0]).sum())
    else:
        codes, groups, pairs, overall, heat = _tables(corpus, request, units, progress)
        n_units = float(corpus.total_length if request.unit == "char" and not corpus.filtered
                        else (corpus.universe[1] - corpus.universe[0]).sum() if request.unit == "char"
                        else len(units))
    if request.unit == "char" and request.n_boot:
        notes.append(CHAR_INTERVALS)
    if request.unit == "sentence":
        notes.append("Sentences end at . ! ? or … followed by white space, and at line breaks.")
    if request.unit != "segment" and request.threshold != AgreementRequest.threshold:
        notes.append(f"The overlap threshold ({request.threshold}) applies to the segment unit only; "
                     f"it was not used here.")
    if request.join_touching and request.unit != "unitized":
        notes.append("Joining touching codings applies to the unitized unit only; it was not used here.")
    scope = _scope(session, corpus, request)
    for coder in scope["coders_without_codings"]:
        notes.append(NO_CODINGS.format(coder=coder) + ".")
    report = AgreementReport(
        unit=request.unit, unit_description=UNIT_DESCRIPTIONS[request.unit],
        coders=corpus.coders, sources=corpus.source_names,
        filters={"codes": list(request.codes), "sources": list(request.sources),
                 "where": {k: v for k, v in request.where},
                 "without_moderators": request.without_moderators,
                 "skip_uncoded": request.skip_uncoded},
        n_units=n_units, codes=codes, groups=groups, pairs=pairs, overall=overall,
        heatmap=heat,
        settings={"threshold": request.threshold if request.unit == "segment" else None,
                  "seed": request.seed, "bootstrap_samples": request.n_boot,
                  "join_touching": request.join_touching if request.unit == "unitized" else None},
        methods=_methods(m, request.unit, request.join_touching), notes=notes, scope=scope,
    )
    from coding.agreement.methods import methods_paragraph
    report.methods_paragraph, report.references = methods_paragraph(report)
    done = time.perf_counter()
    report.elapsed_ms = (done - began) * 1000.0
    report.timings = {"load_ms": (loaded - began) * 1000.0, "compute_ms": (done - loaded) * 1000.0}
    return report


def _tables(corpus: Corpus, request: AgreementRequest, units, progress: Progress):
    """Codes, exclusive groups, pairs, aggregates and the heat map of a unit
    whose data are a table of coder values per unit."""
    m = len(corpus.coders)
    codes, pair_tables, heat_tables = [], [], []
    total = len(corpus.codes) + len(corpus.groups)
    binary = request.unit != "frequency"
    for i, info in enumerate(corpus.codes):
        if request.unit == "char":
            table = tables.binary_char(corpus, i)
        elif request.unit == "frequency":
            table, _ = tables.frequency_table(corpus, units, i)
        else:
            table = tables.binary_units(corpus, units, i)
        codes.append(_code_result(info.path, info.id, table.data, request, binary, boot=False))
        pair_tables.append(table.data)
        heat_tables.append(table.by_source)
        if progress:
            progress(i + 1, total)
    _bootstrap(codes, pair_tables, request)
    groups, group_tables = [], []
    for g, group in enumerate(corpus.groups):
        if request.unit == "char":
            table = tables.group_char(corpus, group.children)
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
    overall = aggregates(codes, pair_tables, m)
    heat = None
    if request.unit != "frequency":
        heat = heatmap(corpus, heat_tables, m)
        overall["size_weighted_mean"] = size_weighted(heat)
    return codes, groups, pairs, overall, heat


def _scope(session: Session, corpus: Corpus, request: AgreementRequest) -> dict:
    from coding.agreement.scope import Independence

    found = Independence(corpus.unblinded == 0, sum(corpus.coding_counts.values()), corpus.unblinded,
                         corpus.blind_switches)
    return {
        "codings": dict(corpus.coding_counts),
        "coders_without_codings": [c for c, n in corpus.coding_counts.items() if n == 0],
        "not_applied": list(corpus.not_applied),
        "not_applied_in_table": [p for p in corpus.not_applied if p in {c.path for c in corpus.codes}],
        "uncoded_sources": list(corpus.uncoded_sources),
        "uncoded_sources_left_out": corpus.uncoded_left_out,
        "source_kinds": _kinds(corpus.source_kinds),
        "section_kinds": dict(corpus.section_kinds),
        "independence": found.to_json(),
    }


def _kinds(kinds: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for kind in kinds:
        out[kind] = out.get(kind, 0) + 1
    return out


def _amount(n: float, unit: str) -> str:
    return f"{int(n)} {'characters' if unit == 'char' else 'units'}"


def _code_result(path: str, code_id: int, data: NominalData, request: AgreementRequest,
                 binary: bool, boot: bool = True) -> CodeResult:
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
            shown = round(100 * result.prevalence, 1)  # classified as printed: "0.4 %", never "0 %" or "10.0 % is outside"
            if not 10 <= shown <= 90:
                result.warnings.append(KAPPA_PARADOX.format(p=shown))
    else:
        agree = (data.values == data.values[:, :1]).all(axis=1)
        result.counts = {"agreements": float(data.weights[agree].sum()),
                         "disagreements": float(data.weights[~agree].sum())}
    paradox = _high_agreement_low_kappa(coeffs, data.n_coders)
    if paradox and not result.warnings:  # the prevalence warning says it already
        result.warnings.append(paradox)
    if boot:
        _bootstrap([result], [data], request)
    return result


def _bootstrap(results: list[CodeResult], datas: list[NominalData], request: AgreementRequest) -> None:
    """Bootstrap intervals for every result at once (variables alike in coders
    and categories share the arithmetic; each draws as if alone)."""
    if not request.n_boot:
        return
    by_shape: dict[tuple[int, int], list[int]] = {}
    for k, data in enumerate(datas):
        by_shape.setdefault((data.n_coders, data.q), []).append(k)
    for members in by_shape.values():
        found = bootstrap_many([datas[k] for k in members], request.n_boot, request.seed)
        for k, (intervals, resamples) in zip(members, found):
            results[k].ci95, results[k].resamples = intervals, resamples


def _high_agreement_low_kappa(coeffs, m: int) -> Optional[str]:
    """The paradox's other sign: high percent agreement, low κ (as printed)."""
    name = "cohen_kappa" if m == 2 else "fleiss_kappa"
    kappa, po = getattr(coeffs, name), coeffs.percent_agreement
    if kappa is None or po is None:
        return None
    shown = printed(kappa, KAPPA_DIGITS)
    if printed(po * 100, 1) >= PARADOX_AGREEMENT * 100 and shown <= PARADOX_KAPPA:
        label = "Cohen's κ" if m == 2 else "Fleiss' κ"
        return HIGH_AGREEMENT_LOW_KAPPA.format(po=po * 100, name=label,
                                               kappa=f"{shown:.2f}".replace("-", "−"))
    return None


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
                result = _code_result(info.path, info.id, pair, request, binary=table.q == 2, boot=False)
                codes.append(result)
                tables_.append(pair)
            _bootstrap(codes, tables_, request)
            groups = []
            for group, table in zip(corpus.groups, group_data or []):
                result = _code_result(group.path, group.id, table.pair(i, j), request, binary=False)
                result.extra["values"] = [corpus.codes[c].path for c in group.children]
                result.counts = {}
                groups.append(result)
            out.append(PairResult((corpus.coders[i], corpus.coders[j]), codes,
                                  aggregates(codes, tables_, 2), groups))
    return out


def _methods(m: int, unit: str, join_touching: bool = False) -> dict[str, str]:
    two = m == 2
    shares = ("category shares averaged over every rated unit, a unit rated by one coder "
              "included (Gwet 2014; as irrCAC computes them)")
    return {
        "percent_agreement": "share of units on which the two coders agree" if two else
        "mean agreement over pairs of coders per unit (Fleiss' P̄)",
        "positive_agreement": "2a/(2a+b+c): agreement on where the code applies" if two else
        "specific agreement on 'coded', pooled over pairs of coders",
        "negative_agreement": "2d/(2d+b+c): agreement on where the code does not apply" if two else
        "specific agreement on 'not coded', pooled over pairs of coders",
        "cohen_kappa": "Cohen's κ (Cohen 1960), from the table of the units both coders rated" if two
        else "mean of pairwise Cohen's κ (Light 1971); every pair under 'pairs'",
        "scott_pi": f"Scott's π (Scott 1955), {shares}" if two else "mean of pairwise Scott's π",
        "fleiss_kappa": f"Fleiss' κ (Fleiss 1971), {shares}; for two coders it equals Scott's π",
        "brennan_prediger": "Brennan–Prediger κ (Brennan & Prediger 1981), chance 1/q for q categories",
        "gwet_ac1": f"Gwet's AC1 (Gwet 2008), {shares}",
        "krippendorff_alpha": (("Krippendorff's unitized α (2004); a coder's touching codings of a "
                                "code " + ("joined into one unit (option)" if join_touching else
                                           "count as separate units, as Krippendorff defines them"))
                               if unit == "unitized" else
                               "Krippendorff's α, nominal, from the coincidence matrix (Krippendorff 2011)"),
        "ci95": ("bootstrap percentile 95 % interval, units resampled with replacement (a "
                 "multinomial draw over the unit patterns); resamples where the coefficient is "
                 "undefined are dropped and counted"),
    }
