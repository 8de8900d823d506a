"""An agreement report as a Word document for a manuscript appendix (python-docx).

A title, the settings, a table of codes × the main measures with the overall
aggregates as its last rows, exclusive groups and pairs of coders when there
are any, the methods paragraph, the notes (κ-paradox warnings, undefined
values, what the scope left out), a legend of the bands and the references
the methods paragraph cites.  Only the measures the unit defines appear:
percent agreement, Holsti and MAXQDA's κ for segments, uα for the unitized unit.
Numbers are printed as the methods paragraph prints them: κ-type coefficients
and specific agreement to two decimals, α to three, percentages to one.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from docx.shared import Inches

from coding.agreement.methods import unit_nouns
from coding.agreement.report import (ALPHA_DIGITS, LABELS, AgreementReport, CodeResult,
                                     krippendorff_band, number)
from exporters.agreement import (DASH, Aggregate, aggregates, ci, clean, count_text,
                                 describe_bootstrap, describe_filters, is_paradox, kappa_name,
                                 overall_notes, scope_notes, short_code, undefined_reasons)
from exporters.docx_table import (TEXT_WIDTH, caption, cell_text, new_document, new_table,
                                  set_widths, top_rule, whole_row, word_text)

PARADOX_MARK = "a"
OTHER_MARK = "b"


@dataclass
class Column:
    title: str
    width: float  # inches
    cell: Callable[[CodeResult], str]  # text for a code or group
    measure: Optional[str] = None  # the measure shown, for aggregates and undefined notes


def write(report: AgreementReport, path: Path) -> None:
    doc = new_document()
    doc.add_heading("Inter-coder agreement", level=1)
    _settings(doc, report)
    numbered = 0
    main_codes = not (report.unit == "segment" and len(report.coders) > 2)
    if main_codes:
        numbered += 1
        caption(doc, numbered, f"Agreement per code ({_unit_phrase(report)})")
        _codes_table(doc, report, report.codes, _columns(report, groups=False),
                     aggregates(report.overall, len(report.coders)))
    if report.groups:
        numbered += 1
        caption(doc, numbered, "Agreement on mutually exclusive codes (each group one "
                                "variable whose values are its codes)")
        _codes_table(doc, report, report.groups, _columns(report, groups=True), [])
    if report.pairs:
        if report.unit == "segment":
            for pair in report.pairs:
                numbered += 1
                caption(doc, numbered, f"Agreement per code, {pair.coders[0]} and {pair.coders[1]}")
                _codes_table(doc, report, pair.codes, _columns(report, groups=False),
                             aggregates(pair.overall, 2))
        else:
            numbered += 1
            caption(doc, numbered, "Agreement per pair of coders, over all codes")
            _pairs_table(doc, report)
    doc.add_heading("Methods", level=2)
    doc.add_paragraph(word_text(report.methods_paragraph))
    notes = _notes(report, _columns(report, groups=False))
    if notes:
        doc.add_heading("Notes", level=2)
        for mark, text in notes:
            paragraph = doc.add_paragraph(style="List Bullet")
            if mark:
                paragraph.add_run(mark).font.superscript = True
                paragraph.add_run(" ")
            paragraph.add_run(word_text(text))
    doc.add_heading("Reading the coefficients", level=2)
    for text in _legend(report):
        doc.add_paragraph(word_text(text), style="List Bullet")
    if report.references:
        doc.add_heading("References", level=2)
        for reference in report.references:
            paragraph = doc.add_paragraph(word_text(reference))
            paragraph.paragraph_format.left_indent = Inches(0.5)
            paragraph.paragraph_format.first_line_indent = Inches(-0.5)  # hanging, as APA
    doc.save(str(path))


# ----------------------------------------------------------------------------
# Text
# ----------------------------------------------------------------------------

def fmt(value: Optional[float], digits: int = 2) -> str:
    """As the methods paragraph prints it (no "−0.00": a sign that is not there)."""
    return number(clean(value), digits, DASH)


def pct(value: Optional[float]) -> str:
    value = clean(value)
    return DASH if value is None else fmt(value * 100.0, 1)


def _digits(name: str) -> int:
    return ALPHA_DIGITS if name == "krippendorff_alpha" else 2


def _with_ci(result: CodeResult, name: str) -> str:
    digits = _digits(name)
    text = fmt(result.value(name), digits)
    interval = ci(result, name)
    if interval is not None and text != DASH:
        text += f" [{fmt(interval[0], digits)}, {fmt(interval[1], digits)}]"
    return text


def _unit_phrase(report: AgreementReport) -> str:
    if report.unit == "unitized":
        return "Krippendorff's unitized α"
    noun = unit_nouns(report)[0]
    return f"unit: {noun}" + (", number of codings" if report.unit == "frequency" else "")


def _settings(doc, report: AgreementReport) -> None:
    items = [("Unit of analysis", report.unit_description),
             ("Coders", ", ".join(report.coders)),
             (f"Sources ({len(report.sources)})", "; ".join(report.sources)),
             ("Filters", describe_filters(report.filters)),
             ("Units", count_text(report.n_units))]
    if report.unit == "segment" and report.settings.get("threshold") is not None:
        items.append(("Overlap threshold", f"{report.settings['threshold']:.0%}"))
    if describe_bootstrap(report) != "none":
        items.append(("95 % confidence intervals", "bootstrap percentile, "
                      + describe_bootstrap(report)))
    paragraph = doc.add_paragraph()
    for i, (name, text) in enumerate(items):
        paragraph.add_run(word_text(f"{name}: ")).bold = True
        paragraph.add_run(word_text(text) + ("." if i == len(items) - 1 else ". "))


# ----------------------------------------------------------------------------
# Tables
# ----------------------------------------------------------------------------

def _columns(report: AgreementReport, groups: bool) -> list[Column]:
    """The measures the unit defines, as columns after the code column."""
    if report.unit == "segment":
        return [Column("Codings", 0.7, lambda r: count_text(r.n_units)),
                Column("Matched", 0.7, lambda r: count_text(r.counts.get("matched", 0))
                       if r.counts else DASH),
                Column("Agreement (%)", 0.8, lambda r: pct(r.value("percent_agreement")),
                       "percent_agreement"),
                Column("Holsti", 0.7, lambda r: fmt(r.value("holsti")), "holsti"),
                Column("MAXQDA κ", 0.8, lambda r: fmt(r.value("maxqda_kappa")), "maxqda_kappa")]
    if report.unit == "unitized":
        return [Column("uα", 0.8, lambda r: fmt(r.value("krippendorff_alpha"), 3),
                       "krippendorff_alpha"),
                Column("Krippendorff's limits", 1.8, lambda r: _band_word(r.value("krippendorff_alpha")))]
    kappa = kappa_name(report)
    columns = []
    if groups:
        columns.append(Column("Values", 1.3, lambda r: ", ".join(
            short_code(v)[1] for v in r.extra.get("values", []))))
    # headers broken by hand between words: a narrow column must not split a word
    columns.append(Column("Agreement\n(%)", 0.75, lambda r: pct(r.value("percent_agreement")),
                          "percent_agreement"))
    if not groups and report.unit != "frequency":
        columns.append(Column("Positive\nagreement", 0.72,
                              lambda r: fmt(r.value("positive_agreement")), "positive_agreement"))
        columns.append(Column("Negative\nagreement", 0.72,
                              lambda r: fmt(r.value("negative_agreement")), "negative_agreement"))
    columns.append(Column(LABELS[kappa].replace(" ", "\n", 1), 0.6, lambda r: fmt(r.value(kappa)), kappa))
    boot = bool(report.settings.get("bootstrap_samples"))
    ac1 = "Gwet's AC1\n[95 % CI]" if boot else "Gwet's\nAC1"
    alpha = "Krippendorff's\nα [95 % CI]" if boot else "Krippendorff's\nα"
    columns.append(Column(ac1, 1.12 if boot else 0.7, lambda r: _with_ci(r, "gwet_ac1"), "gwet_ac1"))
    columns.append(Column(alpha, 1.3 if boot else 0.8, lambda r: _with_ci(r, "krippendorff_alpha"),
                          "krippendorff_alpha"))
    return columns


def _band_word(value: Optional[float]) -> str:
    band = krippendorff_band(clean(value))
    return DASH if band is None else band.split(" (")[0]


def _aggregate_text(column: Column, aggregate: Aggregate) -> str:
    if column.measure is None or column.measure not in aggregate.values:
        return ""
    number = aggregate.values[column.measure]
    if column.measure == "percent_agreement":
        return pct(number)
    return fmt(number, _digits(column.measure))


def _codes_table(doc, report: AgreementReport, results: list[CodeResult], columns: list[Column],
                 overall: list[Aggregate]) -> None:
    code_width = TEXT_WIDTH - sum(c.width for c in columns)
    first = "Group" if results and results is report.groups else "Code"
    table = new_table(doc, [first] + [c.title for c in columns],
                      [code_width] + [c.width for c in columns],
                      [False] + [_right(c) for c in columns])
    parent = None
    for result in results:
        above, leaf = short_code(result.code)
        if first == "Code" and above and above != parent:
            row = whole_row(table)
            merged = row.cells[0].merge(row.cells[-1])
            cell_text(merged, above.replace("/", " › "), italic=True)
            parent = above
        row = whole_row(table)
        indent = first == "Code" and bool(above)
        name = leaf if indent else result.code
        cell_text(row.cells[0], name, indent=indent, mark=_mark(result))
        for i, column in enumerate(columns, start=1):
            cell_text(row.cells[i], column.cell(result), right=_right(column))
    shown = [a for a in overall  # rows with at least one value (pooled α: binary units only)
             if any(clean(a.values.get(c.measure)) is not None for c in columns if c.measure)]
    for k, aggregate in enumerate(shown):
        row = whole_row(table)
        cell_text(row.cells[0], aggregate.label, bold=True)
        for i, column in enumerate(columns, start=1):
            cell_text(row.cells[i], _aggregate_text(column, aggregate), right=True, bold=True)
        if k == 0:
            for cell in row.cells:
                top_rule(cell)
    set_widths(table, [code_width] + [c.width for c in columns])
    doc.add_paragraph()


def _pairs_table(doc, report: AgreementReport) -> None:
    titles = ["Coders", "Mean % agreement", "Mean Cohen's κ", "Pooled κ", "Pooled α"]
    widths = [2.5, 1.0, 1.0, 1.0, 1.0]
    table = new_table(doc, titles, widths, [False] + [True] * 4)
    for pair in report.pairs:
        means = pair.overall.get("unweighted_mean", {})
        cells = [" and ".join(pair.coders), pct(means.get("percent_agreement")),
                 fmt(means.get("cohen_kappa")),
                 fmt(pair.overall.get("pooled_kappa", {}).get("value")),
                 fmt(pair.overall.get("pooled_alpha", {}).get("value"), ALPHA_DIGITS)]
        row = whole_row(table)
        for i, text in enumerate(cells):
            cell_text(row.cells[i], text, right=i > 0)
    set_widths(table, widths)
    doc.add_paragraph()


def _right(column: Column) -> bool:
    """Numbers are right-aligned; words (group values, bands) are not."""
    return column.measure is not None or column.title in ("Codings", "Matched")


def _mark(result: CodeResult) -> str:
    marks = ""
    if any(is_paradox(w) for w in result.warnings):
        marks += PARADOX_MARK
    if any(not is_paradox(w) for w in result.warnings):
        marks += OTHER_MARK
    return ",".join(marks)


# ----------------------------------------------------------------------------
# Notes and legend
# ----------------------------------------------------------------------------

def _notes(report: AgreementReport, columns: list[Column]) -> list[tuple[str, str]]:
    notes: list[tuple[str, str]] = []
    if report.unit == "segment" and len(report.coders) > 2:  # the tables are per pair
        results = [c for pair in report.pairs for c in pair.codes]
    else:
        results = report.codes + report.groups
    codes = {id(r) for r in report.codes}
    if any(is_paradox(w) for r in results for w in r.warnings):
        notes.append((PARADOX_MARK, "κ paradox (Feinstein & Cicchetti, 1990): the code's prevalence "
                                    "is outside 10–90 %, or the coders agree on at least 85 % of "
                                    "units while κ is 0.60 or lower; κ, π and α are pulled down "
                                    "there: read them beside percent agreement, positive and "
                                    "negative agreement and AC1."))
    for result in results:
        for warning in result.warnings:
            if not is_paradox(warning):
                notes.append((OTHER_MARK, f"{result.code}: {warning}."))
    shown = [c.measure for c in columns if c.measure]
    by_reason: dict[str, list[str]] = {}
    for result in results:
        wanted = shown if id(result) in codes else [m for m in shown if m not in (
            "positive_agreement", "negative_agreement")]
        for reason, names in undefined_reasons(result, wanted):
            what = ", ".join(LABELS.get(n, n) for n in names)
            entry = f"{short_code(result.code)[1]} ({what})"
            if entry not in by_reason.setdefault(reason, []):
                by_reason[reason].append(entry)
    for reason, where in by_reason.items():
        notes.append(("", f"{'; '.join(where)}: undefined ({DASH}), {reason}."))
    notes += [("", f"{a.label}: undefined — {a.undefined}.")
              for a in aggregates(report.overall, len(report.coders)) if a.undefined]
    notes += [("", n) for n in list(report.notes) + overall_notes(report.overall) + scope_notes(report)]
    return notes


def _legend(report: AgreementReport) -> list[str]:
    lines = []
    if report.unit == "segment":
        kappas = "MAXQDA κ"
    elif report.unit != "unitized":
        kappas = f"{LABELS[kappa_name(report)]}, Gwet's AC1"
    if report.unit != "unitized":
        lines.append(f"κ-type coefficients ({kappas}), Landis and Koch (1977), read on the value "
                     "to two decimals as printed: below 0 poor; 0.00–0.20 slight; 0.21–0.40 fair; "
                     "0.41–0.60 moderate; 0.61–0.80 substantial; 0.81–1.00 almost perfect.")
    if report.unit != "segment":
        lines.append("Krippendorff's α, Krippendorff (2004a), read on the value to three decimals "
                     "as printed: α ≥ 0.800 reliable; 0.667 ≤ α < 0.800 tentative conclusions only; "
                     "α < 0.667 unreliable. The limits read each code's α, not a mean over codes.")
    if report.unit == "unitized":
        lines.append(f"{DASH}: undefined (see the notes).")
    else:
        lines.append(f"{DASH}: undefined (see the notes). Agreement is the percentage of units "
                     "coded alike; chance-corrected coefficients are 1 for perfect agreement and 0 "
                     "for agreement at chance level.")
    return lines
