"""A methods-section paragraph written from the numbers of a report."""
from __future__ import annotations

from typing import Optional

from coding.agreement.report import AgreementReport, krippendorff_band, landis_koch

UNIT_NOUNS = {
    "char": ("character", "characters"), "sentence": ("sentence", "sentences"),
    "paragraph": ("paragraph", "paragraphs"), "section": ("speaker turn or response", "speaker turns and responses"),
    "document": ("document", "documents"), "frequency": ("document", "documents"),
    "segment": ("coded segment", "coded segments"), "unitized": ("character", "characters"),
}
NUMBER_WORDS = {2: "Two", 3: "Three", 4: "Four", 5: "Five", 6: "Six"}


def _f(value: Optional[float], digits: int = 2) -> str:
    return "undefined" if value is None else f"{value:.{digits}f}".replace("-", "−")


def _count(value: float) -> str:
    return f"{int(round(value)):,}"


def methods_paragraph(report: AgreementReport) -> str:
    m = len(report.coders)
    who = NUMBER_WORDS.get(m, str(m))
    singular, plural = UNIT_NOUNS[report.unit]
    n_sources = len(report.sources)
    codes = f"{len(report.codes)} code{'s' if len(report.codes) != 1 else ''}"
    sources = f"{n_sources} source{'s' if n_sources != 1 else ''}"
    if report.unit == "segment":  # the units are the codings themselves
        opening = (f"{who} coders ({', '.join(report.coders)}) independently applied {codes} to "
                   f"{sources}, making {_count(report.n_units)} coded segment{'s' if report.n_units != 1 else ''}.")
    else:
        opening = (f"{who} coders ({', '.join(report.coders)}) independently coded "
                   f"{_count(report.n_units)} {singular if report.n_units == 1 else plural} in {sources} "
                   f"with {codes}.")
    parts = [opening]
    filters = []
    if report.filters.get("where"):
        filters.append("the turns and responses of cases with "
                       + " and ".join(f"{k} = {v}" for k, v in report.filters["where"].items()))
    if report.filters.get("without_moderators"):
        filters.append("participants' turns (moderators' turns left out)")
    if filters:
        parts.append(f"The analysis was restricted to {'; '.join(filters)}.")
    overall = report.overall
    if report.unit == "segment":
        pooled = overall.get("pooled", {})
        rule = (f"A coding counted as agreement when the other coder applied the same code to a span "
                f"overlapping it by at least {report.settings.get('threshold', 0.9):.0%} "
                f"(intersection over union).")
        if pooled.get("percent_agreement") is None:  # three or more coders: per pair
            parts.append(rule + " Segment matching compares two coders at a time; the results of each "
                         "pair of coders are reported separately.")
            return " ".join(parts)
        parts.append(
            f"{rule} Pooled over codes, percent agreement was "
            f"{_f(_pct(pooled.get('percent_agreement')), 1)} %, Holsti's coefficient "
            f"{_f(pooled.get('holsti'))} and MAXQDA's κ (chance 1/k) {_f(pooled.get('maxqda_kappa'))}.")
        return " ".join(parts)
    if report.unit == "unitized":
        value = overall.get("unitized_alpha", {}).get("value")
        parts.append(
            f"Agreement on the location of each code in the text was assessed with Krippendorff's "
            f"unitized α (Krippendorff, 2004), treating the text as a continuum of characters: "
            f"uα = {_f(value, 3)} over all codes, mean per code "
            f"{_f(overall.get('unweighted_mean', {}).get('krippendorff_alpha'), 3)}.")
        return " ".join(parts)
    means = overall.get("unweighted_mean", {})
    pooled = overall.get("pooled_kappa", {}).get("value")
    kappa_name = "Cohen's κ" if m == 2 else "Fleiss' κ"
    kappa = means.get("cohen_kappa") if m == 2 else means.get("fleiss_kappa")
    codes_with = [c for c in report.codes if c.coefficients.krippendorff_alpha is not None]
    alphas = sorted(c.coefficients.krippendorff_alpha for c in codes_with)
    parts.append(
        f"Agreement was assessed per code with the {singular} as the unit of analysis "
        f"({'coded or not coded' if report.unit != 'frequency' else 'number of codings per document'}). "
        f"Mean percent agreement across codes was {_f(_pct(means.get('percent_agreement')), 1)} %; "
        f"mean {kappa_name} was {_f(kappa)} ({landis_koch(kappa) or 'undefined'} agreement "
        f"by Landis and Koch's bands), pooled κ {_f(pooled)}, and mean Gwet's AC1 "
        f"{_f(means.get('gwet_ac1'))}.")
    if alphas:
        below = sum(1 for a in alphas if a < 0.667)
        spread = (f"was {_f(alphas[0])} for the one code where it is defined" if len(alphas) == 1 else
                  f"ranged from {_f(alphas[0])} to {_f(alphas[-1])}")
        parts.append(
            f"Krippendorff's α (nominal) {spread} "
            f"(mean {_f(means.get('krippendorff_alpha'))}, "
            f"{krippendorff_band(means.get('krippendorff_alpha'))}); {below} of {len(alphas)} codes fell "
            f"below Krippendorff's 0.667 limit for tentative conclusions.")
    best = _with_ci(report)
    if best:
        parts.append(best)
    for group in report.groups:
        c = group.coefficients
        ci = group.ci95.get("krippendorff_alpha")
        alpha, kappa = c.krippendorff_alpha, (c.cohen_kappa if m == 2 else c.fleiss_kappa)
        if alpha is None and kappa is None:
            why = c.undefined.get("krippendorff_alpha")
            parts.append(f"For the mutually exclusive codes of '{group.code}', α and κ are undefined"
                         + (f" ({why})" if why else " (too few units coded by both coders, or no variation)")
                         + ".")
            continue
        parts.append(
            f"For the mutually exclusive codes of '{group.code}', α = {_f(alpha)}"
            + (f" (95 % CI {_f(ci.low)} to {_f(ci.high)})" if ci else "")
            + f" and {kappa_name.split(' ')[0]} κ = {_f(kappa)}.")
    undefined = [c.code for c in report.codes if c.coefficients.krippendorff_alpha is None]
    if undefined:
        parts.append(f"For {len(undefined)} code{'s' if len(undefined) != 1 else ''} the chance-corrected "
                     "coefficients were undefined (no variation) and only percent agreement is reported.")
    parts.append("Coefficients were computed with Tandem.")
    return " ".join(parts)


def _pct(value: Optional[float]) -> Optional[float]:
    return None if value is None else value * 100.0


def _with_ci(report: AgreementReport) -> str:
    """The pooled α, with the bootstrap setting stated."""
    alpha = report.overall.get("pooled_alpha", {}).get("value")
    if alpha is None:
        return ""
    samples = report.settings.get("bootstrap_samples")
    text = f"Pooled over codes, α = {_f(alpha)}."
    if samples:
        text += (f" Confidence intervals per code are bootstrap percentile intervals "
                 f"({samples:,} resamples of units, seed {report.settings.get('seed')}).")
    return text
