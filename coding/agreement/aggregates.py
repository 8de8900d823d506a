"""Agreement over all codes: the unweighted mean, pooled κ and α, the heat map
of codes × sources and NVivo's size-weighted average.

No band label is put on any of these: Landis and Koch's bands and
Krippendorff's limits read one variable's coefficient, so the overall entry
says instead how many codes fall in each band and below each limit.
"""
from __future__ import annotations

from typing import Optional

import numpy as np

from coding.agreement.corpus import Corpus
from coding.agreement.reliability import Coefficients, NominalData, alpha_from_coincidences, coincidences
from coding.agreement.report import CodeResult, Heatmap, alpha_limits, landis_koch_counts


def aggregates(codes: list[CodeResult], data: list[NominalData], m: int) -> dict:
    means = {}
    for name in Coefficients.NAMES:
        values = [c.value(name) for c in codes if c.value(name) is not None]
        means[name] = float(np.mean(values)) if values else None
    means["n_codes"] = len(codes)
    kappa = "cohen_kappa" if m == 2 else "fleiss_kappa"
    means["n_codes_defined"] = {name: sum(1 for c in codes if c.value(name) is not None)
                                for name in Coefficients.NAMES}
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
        pooled_kappa = None if abs(pe - 1.0) <= 1e-8 + 1e-5 else (po - pe) / (1 - pe)  # np.isclose
    return {
        "unweighted_mean": {"method": "arithmetic mean over codes of each coefficient, "
                                      "codes where it is undefined left out (n_codes_defined); "
                                      "no band is read on a mean", **means},
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
        "bands_per_code": {
            "method": "how many codes fall in each of Landis and Koch's bands (on "
                      + ("Cohen's" if m == 2 else "Fleiss'") + " κ, read to two decimals) and "
                      "below each of Krippendorff's limits (on α, read to three decimals); "
                      "the bands read each code, not a mean",
            "landis_koch": landis_koch_counts([c.value(kappa) for c in codes]),
            "krippendorff": alpha_limits([c.value("krippendorff_alpha") for c in codes]),
        },
    }


def heatmap(corpus: Corpus, by_source: list[Optional[np.ndarray]], m: int) -> Heatmap:
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
            po = np.where(n > 0, po, np.nan)
        values.append(kappa)
        agreement.append(po)
        sizes.append(n)
    grids = [np.array(g, dtype=float).reshape(len(by_source), n_sources) for g in (values, agreement, sizes)]
    heat = Heatmap(measure="cohen_kappa" if m == 2 else "fleiss_kappa",
                   codes=[c.path for c in corpus.codes], sources=corpus.source_names,
                   values=_nullable(grids[0]), n_units=grids[2].tolist(),
                   percent_agreement=_nullable(grids[1]))
    heat.grids = tuple(grids)
    return heat


def _nullable(grid: np.ndarray) -> list[list]:
    """Rows of floats with None for NaN (plain lists for JSON), without a Python loop per cell."""
    out = grid.astype(object)
    out[np.isnan(grid)] = None
    return out.tolist()


def size_weighted(heat: Heatmap) -> dict:
    """NVivo's average: κ per code and source weighted by the source's size.

    NVivo documents that κ = 1 where the users agree completely — in
    particular where neither coded the content of a source — so a cell where
    κ is undefined for want of variation (no coder applied the code in that
    source, or every coder applied it everywhere: agreement is complete there)
    counts as κ = 1, as in NVivo.  κ and percent agreement are averaged over
    the same cells: every code × source with units.
    """
    if heat.grids is not None:
        kappas, pa, sizes = heat.grids
    else:
        kappas = np.array([[np.nan if v is None else v for v in row] for row in heat.values], dtype=float)
        sizes = np.array(heat.n_units, dtype=np.float64)
        pa = np.array([[np.nan if v is None else v for v in row] for row in heat.percent_agreement],
                      dtype=float)
    cells = (sizes > 0) & ~np.isnan(pa)
    complete = cells & np.isnan(kappas) & np.isclose(pa, 1.0)
    kappas = np.where(complete, 1.0, kappas)
    usable = cells & ~np.isnan(kappas)  # every cell: undefined κ only arises with complete agreement
    weight = sizes[usable].sum()
    name = "Cohen's κ" if heat.measure == "cohen_kappa" else "Fleiss' κ"
    return {
        "method": (f"NVivo's weighted average: {name} and percent agreement per code and source, "
                   "weighted by the source's size in units, over the same cells (every code × "
                   "source); where the coders agree completely in a source (none applied the code "
                   "there, or all applied it everywhere) κ is 1, as NVivo's documentation states"
                   + ("" if heat.measure == "cohen_kappa" else
                      "; NVivo compares two users, so with more coders Fleiss' κ stands in")),
        heat.measure: float((kappas[usable] * sizes[usable]).sum() / weight) if weight else None,
        "percent_agreement": float((pa[usable] * sizes[usable]).sum() / weight) if weight else None,
        "n_cells": int(usable.sum()),
        "n_cells_complete_agreement": int(complete.sum()),
    }
