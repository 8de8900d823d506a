"""A methods-section paragraph written from the numbers of a report.

Every number in it is printed as the report's tables print it (κ-type
coefficients and specific agreement to two decimals, α to three, percentages
to one), so a reader finds each in the table; every coefficient it names is
cited with its year, and ``methods_paragraph`` returns the references too.
It states what the audit log shows about independence, the sources and codes
nobody coded, and never calls a value undefined and then reports it.
"""
from __future__ import annotations

from typing import Optional

from coding.agreement.references import cite, reference_list, year
from coding.agreement.report import (ALPHA_DIGITS, KAPPA_DIGITS, AgreementReport, CodeResult,
                                     alpha_limits, landis_koch, number)

UNIT_NOUNS = {
    "char": ("character", "characters"), "sentence": ("sentence", "sentences"),
    "paragraph": ("paragraph", "paragraphs"), "section": ("section", "sections"),
    "document": ("document", "documents"), "frequency": ("document", "documents"),
    "segment": ("coded segment", "coded segments"), "unitized": ("character", "characters"),
}
SECTION_NOUNS = {"turn": ("speaker turn", "speaker turns"),
                 "response": ("survey response", "survey responses"),
                 "paragraph": ("paragraph", "paragraphs"),
                 "document": ("whole source without sections", "whole sources without sections")}
NUMBER_WORDS = {2: "Two", 3: "Three", 4: "Four", 5: "Five", 6: "Six"}
SHOWN_NAMES = 5  # names listed before "and N more"


def _k(value: Optional[float]) -> str:
    return number(value, KAPPA_DIGITS, "undefined")


def _a(value: Optional[float]) -> str:
    return number(value, ALPHA_DIGITS, "undefined")


def _pct(value: Optional[float]) -> str:
    return "undefined" if value is None else number(value * 100.0, 1)


def _count(value: float) -> str:
    return f"{int(round(value)):,}"


def _plural(n: int, singular: str, plural: Optional[str] = None) -> str:
    return f"{n:,} {singular if n == 1 else (plural or singular + 's')}"


def _names(names: list[str]) -> str:
    shown = ", ".join(names[:SHOWN_NAMES])
    return shown + (f" and {len(names) - SHOWN_NAMES} more" if len(names) > SHOWN_NAMES else "")


def unit_nouns(report: AgreementReport) -> tuple[str, str]:
    """(singular, plural) of the unit, naming what the sections of these
    sources are: speaker turns, survey responses or paragraphs."""
    if report.unit != "section":
        return UNIT_NOUNS[report.unit]
    kinds = [k for k, n in (report.scope.get("section_kinds") or {}).items() if n]
    if len(kinds) == 1:
        return SECTION_NOUNS.get(kinds[0], ("section", "sections"))
    return "section", "sections"


def _section_detail(report: AgreementReport) -> str:
    kinds = {k: n for k, n in (report.scope.get("section_kinds") or {}).items() if n}
    if report.unit != "section" or len(kinds) < 2:
        return ""
    parts = [_plural(n, *SECTION_NOUNS.get(k, (k, k + "s"))) for k, n in kinds.items()]
    return " (" + ", ".join(parts) + ")"


class _Text:
    """Sentences and the works they cite."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.cited: set[str] = set()

    def add(self, sentence: str, *keys: str) -> None:
        self.parts.append(sentence)
        self.cited.update(keys)


def methods_paragraph(report: AgreementReport) -> tuple[str, list[str]]:
    """The paragraph, and the full references of the works it cites."""
    text = _Text()
    _opening(report, text)
    if report.unit == "segment":
        _segment(report, text)
    elif report.unit == "unitized":
        _unitized(report, text)
    else:
        _coefficients(report, text)
        _groups(report, text)
        _bootstrap(report, text)
    text.add("Coefficients were computed with Tandem.")
    return " ".join(text.parts), reference_list(text.cited)


# ----------------------------------------------------------------------------
# Who coded what
# ----------------------------------------------------------------------------

def _opening(report: AgreementReport, text: _Text) -> None:
    m = len(report.coders)
    who = f"{NUMBER_WORDS.get(m, str(m))} coders ({', '.join(report.coders)})"
    singular, plural = unit_nouns(report)
    codes = _plural(len(report.codes), "code")
    sources = _plural(len(report.sources), "source")
    independence = report.scope.get("independence") or {"enforced": True}
    enforced = bool(independence.get("enforced", True))
    if report.unit == "segment":
        segments = _plural(int(round(report.n_units)), "coded segment")
        what = f"applied {codes} to {sources}, making {segments}"
    else:
        what = (f"coded {_count(report.n_units)} {singular if report.n_units == 1 else plural}"
                f"{_section_detail(report)} in {sources} with {codes}")
    if enforced:
        text.add(f"{who} independently {what}; blind coding (each coder sees only their own "
                 "codings) was on whenever they coded, according to the project's audit log.")
    else:
        off = independence.get("made_or_changed_while_blind_was_off", 0)
        total = independence.get("codings", 0)
        text.add(f"{who} {what}, each separately; independence was not enforced: blind coding was "
                 f"off while {off:,} of their {total:,} codings in these sources were made or "
                 "changed, according to the project's audit log.")
    scope = report.scope
    for coder in scope.get("coders_without_codings", []):
        text.add(f"{coder} made no coding in these sources, so every figure compares {coder}'s "
                 "silence with the other coders' codings.")
    uncoded = scope.get("uncoded_sources", [])
    if uncoded:
        n = _plural(len(uncoded), "source")
        if scope.get("uncoded_sources_left_out"):
            text.add(f"{n} that no coder had coded ({_names(uncoded)}) "
                     f"{'was' if len(uncoded) == 1 else 'were'} left out of the analysis.")
        else:
            text.add(f"{n} that no coder had coded ({_names(uncoded)}; likely not coded yet) "
                     f"{'is' if len(uncoded) == 1 else 'are'} included, where every code counts "
                     "as agreed absent.")
    in_table = set(scope.get("not_applied_in_table", []))
    left = [p for p in scope.get("not_applied", []) if p not in in_table]
    if left:
        text.add(f"{_plural(len(left), 'code')} of the codebook that no coder applied in these "
                 f"sources ({_names(left)}) {'is' if len(left) == 1 else 'are'} not analysed.")
    filters = []
    section_plural = "turns, responses and paragraphs"
    if report.scope.get("section_kinds"):
        kinds = [SECTION_NOUNS[k][1] for k, n in report.scope["section_kinds"].items()
                 if n and k in SECTION_NOUNS and k != "document"]
        section_plural = " and ".join(kinds) or section_plural
    if report.filters.get("where"):
        filters.append(f"the {section_plural} of cases with "
                       + " and ".join(f"{k} = {v}" for k, v in report.filters["where"].items()))
    if report.filters.get("without_moderators"):
        filters.append("participants' turns (moderators' turns left out)")
    if filters:
        text.add(f"The analysis was restricted to {'; '.join(filters)}.")


# ----------------------------------------------------------------------------
# Units that are a table of coder values
# ----------------------------------------------------------------------------

def _coefficients(report: AgreementReport, text: _Text) -> None:
    m = len(report.coders)
    singular, _ = unit_nouns(report)
    means = report.overall.get("unweighted_mean", {})
    kappa_key = "cohen_kappa" if m == 2 else "fleiss_kappa"
    kappa_name, kappa_cite = (("Cohen's κ", "cohen_1960") if m == 2 else ("Fleiss' κ", "fleiss_1971"))
    codes = report.codes
    n = len(codes)
    binary = report.unit != "frequency"
    text.add(f"Agreement was assessed per code with the {singular} as the unit of analysis "
             f"({'coded or not coded' if binary else 'the number of codings per document'}).")
    if not n:
        return
    sentence = f"Mean percent agreement across the {_plural(n, 'code')} was {_pct(means.get('percent_agreement'))} %"
    if binary and means.get("positive_agreement") is not None:
        sentence += f"; mean positive agreement was {_k(means.get('positive_agreement'))}"
        if means.get("negative_agreement") is not None:
            sentence += f" and mean negative agreement {_k(means.get('negative_agreement'))}"
    text.add(sentence + ".")

    undefined = [c for c in codes if c.value("krippendorff_alpha") is None
                 and c.value(kappa_key) is None]
    kappas = [c.value(kappa_key) for c in codes if c.value(kappa_key) is not None]
    if kappas:
        over = "" if len(kappas) == n else f" over the {_plural(len(kappas), 'code')} where it is defined"
        high = sum(1 for v in kappas if landis_koch(v) in ("substantial", "almost perfect"))
        pooled = report.overall.get("pooled_kappa", {}).get("value")
        sentence = (f"Mean {kappa_name} ({cite(kappa_cite)}) was {_k(means.get(kappa_key))}{over}; "
                    f"by Landis and Koch's ({year('landis_koch_1977')}) bands it was substantial or "
                    f"almost perfect for {high} of {_plural(len(kappas), 'code')}")
        keys = [kappa_cite, "landis_koch_1977"]
        if pooled is not None:
            sentence += f", and pooled κ ({cite('de_vries_2008')}) was {_k(pooled)}"
            keys.append("de_vries_2008")
        text.add(sentence + ".", *keys)
    else:
        reason = codes[0].coefficients.undefined.get(kappa_key, "undefined")
        text.add(f"{kappa_name} ({cite(kappa_cite)}) could not be computed for any code ({reason}).",
                 kappa_cite)
    if means.get("gwet_ac1") is not None:
        text.add(f"Mean Gwet's AC1 ({cite('gwet_2008')}) was {_k(means.get('gwet_ac1'))}, with "
                 "chance agreement from category shares averaged over every rated unit "
                 f"({cite('gwet_2014')}).", "gwet_2008", "gwet_2014")
    if m == 2:
        text.add(f"The table also reports Scott's π ({cite('scott_1955')}), which for two coders "
                 f"equals Fleiss' κ ({cite('fleiss_1971')}), and Brennan and Prediger's κ "
                 f"({cite('brennan_prediger_1981')}).", "scott_1955", "fleiss_1971",
                 "brennan_prediger_1981")
    else:
        text.add(f"The table also reports the mean of pairwise Cohen's κ ({cite('cohen_1960')}; "
                 f"{cite('light_1971')}), the mean of pairwise Scott's π ({cite('scott_1955')}) and "
                 f"Brennan and Prediger's κ ({cite('brennan_prediger_1981')}).",
                 "cohen_1960", "light_1971", "scott_1955", "brennan_prediger_1981")

    alphas = [c.value("krippendorff_alpha") for c in codes if c.value("krippendorff_alpha") is not None]
    if alphas:
        limits = alpha_limits(alphas)
        spread = (f"was {_a(alphas[0])} for the one code where it is defined" if len(alphas) == 1 else
                  f"ranged from {_a(min(alphas))} to {_a(max(alphas))} across the "
                  f"{_plural(len(alphas), 'code')} where it is defined "
                  f"(mean {_a(means.get('krippendorff_alpha'))})")
        text.add(f"Krippendorff's α (nominal; {cite('krippendorff_2011')}) {spread}; it fell below "
                 f"Krippendorff's ({year('krippendorff_2004a')}) limit of 0.667 for tentative "
                 f"conclusions for {limits['below_0.667']} of them and below 0.800 for "
                 f"{limits['below_0.800']}.", "krippendorff_2011", "krippendorff_2004a")
        pooled_alpha = report.overall.get("pooled_alpha", {}).get("value")
        if pooled_alpha is not None:
            text.add(f"Pooled over codes, α was {_a(pooled_alpha)}.")
    if undefined and len(undefined) < n:
        reason = undefined[0].coefficients.undefined.get("krippendorff_alpha", "no variation")
        text.add(f"For {_plural(len(undefined), 'code')} ({_names([c.code for c in undefined])}) the "
                 f"coders' values did not vary ({reason.removeprefix('no variation: ')}), so κ, π "
                 "and α are undefined there and left out of these means; percent agreement, "
                 "Brennan–Prediger κ and AC1 for them are in the table.")
    elif undefined:
        reason = undefined[0].coefficients.undefined.get("krippendorff_alpha", "no variation")
        text.add(f"The coders' values did not vary for any code ({reason.removeprefix('no variation: ')}), "
                 "so κ, π and α are undefined; percent agreement, Brennan–Prediger κ and AC1 "
                 "are in the table.")
    paradox = [c for c in codes if any("κ paradox" in w for w in c.warnings)]
    if paradox:
        text.add(f"For {_plural(len(paradox), 'code')} κ, π and α may understate agreement through "
                 f"the κ paradox ({cite('feinstein_cicchetti_1990')}): the code was rare or nearly "
                 "everywhere (prevalence outside 10–90 %), or the coders agreed on at least 85 % of "
                 "units while κ was 0.60 or lower; positive and negative agreement and AC1 are "
                 "reported beside them.",
                 "feinstein_cicchetti_1990")


def _groups(report: AgreementReport, text: _Text) -> None:
    m = len(report.coders)
    kappa_key, kappa_name = ("cohen_kappa", "Cohen's κ") if m == 2 else ("fleiss_kappa", "Fleiss' κ")
    for group in report.groups:
        alpha, kappa = group.value("krippendorff_alpha"), group.value(kappa_key)
        if alpha is None and kappa is None:
            why = group.coefficients.undefined.get("krippendorff_alpha")
            text.add(f"For the mutually exclusive codes of '{group.code}', α and κ are undefined"
                     + (f" ({why})" if why else "") + ".")
            continue
        ci = group.ci95.get("krippendorff_alpha")
        parts = []
        if alpha is not None:
            parts.append(f"α = {_a(alpha)}" + (f" (95 % CI {_a(ci.low)} to {_a(ci.high)})" if ci else ""))
        if kappa is not None:
            parts.append(f"{kappa_name} = {_k(kappa)}")
        text.add(f"For the mutually exclusive codes of '{group.code}' (one variable whose values "
                 f"are its codes), {' and '.join(parts)}.")


def _bootstrap(report: AgreementReport, text: _Text) -> None:
    samples = report.settings.get("bootstrap_samples")
    if not samples:
        return
    results: list[CodeResult] = report.codes + report.groups
    # only coefficients defined on the data themselves have intervals to speak of
    relevant = [r for c in results for name, r in c.resamples.items() if c.value(name) is not None]
    if not relevant:
        return
    dropped = max(r.dropped for r in relevant)
    missing = sum(1 for r in relevant if not r.interval)
    sentence = (f"Confidence intervals are bootstrap percentile intervals ({samples:,} resamples of "
                f"units, seed {report.settings.get('seed')})")
    if dropped:
        sentence += (f"; resamples on which a coefficient was undefined were dropped, at most "
                     f"{dropped:,} of {samples:,} for any code")
    else:
        sentence += "; every resample was used"
    if missing:
        sentence += (f", and {missing} interval{'s were' if missing != 1 else ' was'} not reported "
                     "because fewer than half the resamples were usable")
    text.add(sentence + ".")
    if report.unit == "char":
        text.add("At the character unit these intervals treat characters as independent, which "
                 "they are not (neighbouring characters are coded together), so they are narrower "
                 "than the data warrant; sections or paragraphs are better units for inference.")


# ----------------------------------------------------------------------------
# Segments and the continuum
# ----------------------------------------------------------------------------

def _segment(report: AgreementReport, text: _Text) -> None:
    pooled = report.overall.get("pooled", {})
    rule = (f"A coding counted as agreement when the other coder applied the same code to a span "
            f"overlapping it by at least {report.settings.get('threshold', 0.9):.0%} "
            f"(intersection over union).")
    if pooled.get("percent_agreement") is None:  # three or more coders: per pair
        text.add(rule + " Segment matching compares two coders at a time; the results of each "
                 "pair of coders are reported separately.")
        return
    text.add(f"{rule} Pooled over codes, percent agreement was {_pct(pooled.get('percent_agreement'))} %, "
             f"Holsti's coefficient ({cite('holsti_1969')}) {_k(pooled.get('holsti'))} and MAXQDA's "
             f"κ, with chance 1/k for k codes as in Brennan and Prediger's κ "
             f"({cite('brennan_prediger_1981')}), {_k(pooled.get('maxqda_kappa'))}.",
             "holsti_1969", "brennan_prediger_1981")


def _unitized(report: AgreementReport, text: _Text) -> None:
    overall = report.overall
    value = overall.get("unitized_alpha", {}).get("value")
    joined = report.settings.get("join_touching")
    units = ("a coder's codings of a code that touch (one ending where the next begins) were "
             "joined into one unit, an option (Krippendorff's definition keeps them apart)" if joined
             else "a coder's codings of a code that touch (one ending where the next begins) count "
                  "as separate units, as Krippendorff defines them")
    sentence = (f"Agreement on the location of each code in the text was assessed with "
                f"Krippendorff's unitized α ({cite('krippendorff_2004b')}), treating the text as a "
                f"continuum of characters; {units}. ")
    if value is None:
        sentence += f"Over all codes uα was undefined ({overall.get('unitized_alpha', {}).get('undefined')})."
    else:
        sentence += f"Over all codes uα = {_a(value)}"
        limits = alpha_limits([c.value("krippendorff_alpha") for c in report.codes])
        if limits["n_codes"]:
            sentence += (f"; per code, uα fell below 0.667 for {limits['below_0.667']} of "
                         f"{_plural(limits['n_codes'], 'code')} and below 0.800 for "
                         f"{limits['below_0.800']} (mean "
                         f"{_a(overall.get('unweighted_mean', {}).get('krippendorff_alpha'))}; "
                         f"limits of {cite('krippendorff_2004a')})")
            text.cited.add("krippendorff_2004a")
        sentence += "."
    text.add(sentence, "krippendorff_2004b")
