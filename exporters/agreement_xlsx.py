"""An agreement report as an Excel workbook (openpyxl).

Sheets: "Agreement" (the settings, then codes × measures, exclusive groups and
the overall aggregates), "Heat map" (codes × sources, when the unit has one),
"Pairs" (three or more coders) and "Methods".  κ-type values of a code are
filled by Landis and Koch's bands (read on the value to two decimals), α by
Krippendorff's limits (to three); aggregates over codes are never filled (the
bands read one code each).  An undefined value shows "—" and its reason as a
cell comment.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from coding.agreement.report import LABELS, AgreementReport, CodeResult
from exporters.agreement import (CI_MEASURES, DASH, Aggregate, aggregates, band, ci, clean,
                                 describe_bootstrap, describe_filters, describe_unit,
                                 label, measures, overall_notes, scope_notes,
                                 undefined_reason)
from exporters.xml_text import safe_sheet_text

LANDIS_KOCH_FILLS = {"poor": "F4A6A6", "slight": "F8CBAD", "fair": "FCE4B0",
                     "moderate": "FFF2A8", "substantial": "D8EDB8", "almost perfect": "A9D8A9"}
LANDIS_KOCH_RANGES = {"poor": "below 0", "slight": "0.00–0.20", "fair": "0.21–0.40",
                      "moderate": "0.41–0.60", "substantial": "0.61–0.80",
                      "almost perfect": "0.81–1.00"}
KRIPPENDORFF_FILLS = {"reliable": "C6EFCE", "tentative": "FFEB9C", "unreliable": "FFC7CE"}
PERCENT = ("percent_agreement", "prevalence")
SHORT = {"krippendorff_alpha": "α", "gwet_ac1": "AC1"}
BOLD = Font(bold=True)
GREY = Font(color="808080")
HEADER_FILL = PatternFill("solid", fgColor="E7E6E6")
RULE = Border(bottom=Side(style="thin", color="808080"))
AUTHOR = "Tandem"


def write(report: AgreementReport, path: Path) -> None:
    book = Workbook()
    _agreement_sheet(book.active, report)
    if report.heatmap is not None:
        _heatmap_sheet(book.create_sheet("Heat map"), report)
    if len(report.coders) > 2 and report.pairs:
        _pairs_sheet(book.create_sheet("Pairs"), report)
    _methods_sheet(book.create_sheet("Methods"), report)
    for sheet in book.worksheets:  # printed: landscape, as wide as the page
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
    book.save(path)


# ----------------------------------------------------------------------------
# Cells
# ----------------------------------------------------------------------------

def _fill(name: str, number: Optional[float]) -> Optional[PatternFill]:
    found = band(name, number)
    if found is None:
        return None
    scheme, text = found
    colour = (KRIPPENDORFF_FILLS[text.split(" ")[0]] if scheme == "krippendorff"
              else LANDIS_KOCH_FILLS[text])
    return PatternFill("solid", fgColor=colour)


def _measure_cell(sheet: Worksheet, row: int, col: int, name: str, number: Optional[float],
                  reason: Optional[str], banded: bool = True) -> None:
    cell = sheet.cell(row, col)
    if number is None:
        cell.value = DASH
        cell.font = GREY
        cell.alignment = Alignment(horizontal="right")
        if reason:
            cell.comment = Comment(safe_sheet_text(reason), AUTHOR, width=320, height=110)
        return
    cell.value = number
    cell.number_format = "0.0%" if name in PERCENT else "0.000"
    fill = _fill(name, number) if banded else None
    if fill is not None:
        cell.fill = fill


def _text(sheet: Worksheet, row: int, col: int, text: Any, font: Optional[Font] = None):
    from exporters.sheet_cells import sheet_cell  # (it builds on this module's styles)

    cell = sheet_cell(sheet, row, col, text)  # text, never a formula (a code called "=HYPERLINK(…)")
    if font is not None:
        cell.font = font
    return cell


def _header(sheet: Worksheet, row: int, titles: list[str], height: float = 45,
            centre: bool = True) -> None:
    for col, title in enumerate(titles, start=1):
        cell = _text(sheet, row, col, title, BOLD)
        cell.fill = HEADER_FILL
        cell.border = RULE
        cell.alignment = Alignment(wrap_text=True, vertical="bottom",
                                   horizontal="center" if centre and col > 1
                                   and title != "Notes" else "left")
    sheet.row_dimensions[row].height = height


def _widths(sheet: Worksheet, widths: dict[int, float]) -> None:
    for col, width in widths.items():
        sheet.column_dimensions[get_column_letter(col)].width = width


# ----------------------------------------------------------------------------
# Codes × measures (the Agreement and Pairs sheets share the layout)
# ----------------------------------------------------------------------------

class Table:
    """Column layout of a codes × measures table, starting at ``first`` column."""

    def __init__(self, report: AgreementReport, results: list[CodeResult], first: int = 1):
        self.report = report
        self.measures = measures(report)
        self.counts: list[str] = []
        for result in results:
            self.counts += [k for k in result.counts if k not in self.counts]
        self.prevalence = any(r.prevalence is not None for r in results)
        self.cis = [m for m in CI_MEASURES if any(ci(r, m) for r in results)]
        self.first = first
        self.count_titles = {k: _count_title(k, report.coders if first == 1 else None)
                             for k in self.counts}
        titles = ["Code", "N units"] + list(self.count_titles.values())
        titles += ["Prevalence"] if self.prevalence else []
        titles += [label(report, m) for m in self.measures]
        for m in self.cis:
            titles += [f"{SHORT[m]} 95 % CI low", f"{SHORT[m]} 95 % CI high"]
        self.titles = titles + ["Notes"]
        self.col = {title: first + i for i, title in enumerate(self.titles)}
        self.measure_col = {m: first + self.titles.index(label(report, m)) for m in self.measures}

    def result_row(self, sheet: Worksheet, row: int, result: CodeResult, notes: list[str]) -> None:
        _text(sheet, row, self.first, result.code)
        n = _text(sheet, row, self.col["N units"], clean(result.n_units))
        n.number_format = "#,##0"
        for key in self.counts:
            if key in result.counts:
                cell = _text(sheet, row, self.col[self.count_titles[key]], clean(result.counts[key]))
                cell.number_format = "#,##0"
        if self.prevalence and result.prevalence is not None:
            cell = _text(sheet, row, self.col["Prevalence"], clean(result.prevalence))
            cell.number_format = "0.0%"
        for name in self.measures:
            _measure_cell(sheet, row, self.measure_col[name], name, clean(result.value(name)),
                          undefined_reason(result, name))
        for name in self.cis:
            interval = ci(result, name)
            for k, suffix in enumerate(("low", "high")):
                column = self.col[f"{SHORT[name]} 95 % CI {suffix}"]
                if interval is None:
                    _measure_cell(sheet, row, column, "", None,
                                  "no bootstrap interval (too few resamples where it is defined)")
                else:
                    _text(sheet, row, column, interval[k]).number_format = "0.000"
        self.notes(sheet, row, notes + result.warnings + _resample_notes(result))

    def aggregate_row(self, sheet: Worksheet, row: int, aggregate: Aggregate) -> None:
        _text(sheet, row, self.first, aggregate.label, Font(italic=True))
        for name, number in aggregate.values.items():
            if name in self.measure_col:
                _measure_cell(sheet, row, self.measure_col[name], name, number,
                              aggregate.undefined or "undefined for every code", banded=False)
        details = "; ".join(f"{k.replace('_', ' ')} {_detail(v)}" for k, v in aggregate.details.items())
        self.notes(sheet, row, [aggregate.method] + ([details] if details else []))

    def notes(self, sheet: Worksheet, row: int, notes: list[str]) -> None:
        text = "; ".join(n for n in notes if n)
        if text:
            _text(sheet, row, self.col["Notes"], text).alignment = Alignment(indent=1)

    def widths(self, sheet: Worksheet, code_width: float) -> None:
        widths = {col: max(11.0, max(len(w) for w in title.split()) + 2.0)
                  for title, col in self.col.items()}  # no word broken in a header
        widths[self.first] = code_width
        widths[self.col["Notes"]] = 80.0
        _widths(sheet, widths)


def _resample_notes(result: CodeResult) -> list[str]:
    """Bootstrap resamples dropped (the coefficient undefined there), when any."""
    return [f"{SHORT[name]}: {r.used:,} of {r.requested:,} bootstrap resamples used, {r.dropped:,} "
            "dropped (undefined there)" + ("" if r.interval else "; too few for an interval")
            for name, r in result.resamples.items() if r.dropped and name in SHORT]


def _count_title(key: str, coders: Optional[list[str]]) -> str:
    """A count's column title; "a_only" names the coder when the table is for two."""
    if key.startswith("coded_by_"):
        return f"Coded by {key[len('coded_by_'):]}"
    if key in ("a_only", "b_only"):
        if coders and len(coders) == 2:
            return f"{coders[key == 'b_only']} only"
        return f"{'First' if key == 'a_only' else 'Second'} coder only"
    return key.replace("_", " ").capitalize()


def _detail(value: Any) -> str:
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def _code_width(names: list[str]) -> float:
    return float(min(70, max([len(n) for n in names] + [24]) + 2))


def _agreement_sheet(sheet: Worksheet, report: AgreementReport) -> None:
    sheet.title = "Agreement"
    _text(sheet, 1, 1, "Inter-coder agreement", Font(bold=True, size=14))
    settings = [("Unit", describe_unit(report)),
                ("Coders", ", ".join(report.coders)),
                ("Sources", f"{len(report.sources)}: " + "; ".join(report.sources)),
                ("Filters", describe_filters(report.filters)),
                ("Number of units", clean(report.n_units)),
                ("Confidence intervals", describe_bootstrap(report))]
    for i, (name, text) in enumerate(settings, start=2):
        _text(sheet, i, 1, name, BOLD)
        cell = _text(sheet, i, 2, text)
        cell.alignment = Alignment(horizontal="left")
        cell.number_format = "#,##0"
    top = len(settings) + 3
    table = Table(report, report.codes + report.groups)
    _header(sheet, top, table.titles)
    row = top + 1
    for result in report.codes:
        table.result_row(sheet, row, result, [])
        row += 1
    if report.groups:
        row += 1
        _text(sheet, row, 1, "Exclusive groups", BOLD)
        row += 1
        for group in report.groups:
            values = group.extra.get("values") or []
            table.result_row(sheet, row, group, ["values: " + ", ".join(values)] if values else [])
            row += 1
    overall = aggregates(report.overall, len(report.coders))
    notes = overall_notes(report.overall)
    if overall or notes:
        row += 1
        _text(sheet, row, 1, "Overall", BOLD)
        row += 1
        for aggregate in overall:
            table.aggregate_row(sheet, row, aggregate)
            row += 1
        for note in notes:
            _text(sheet, row, 1, note, Font(italic=True))
            row += 1
    table.widths(sheet, _code_width([r.code for r in report.codes + report.groups]))
    sheet.column_dimensions["A"].width = max(sheet.column_dimensions["A"].width, 22)
    sheet.freeze_panes = sheet.cell(top + 1, 2)


def _heatmap_sheet(sheet: Worksheet, report: AgreementReport) -> None:
    heat = report.heatmap
    measure = LABELS.get(heat.measure, heat.measure)
    _text(sheet, 1, 1, f"{measure} per code and source", Font(bold=True, size=14))
    _text(sheet, 2, 1, f"Unit: {report.unit}. {DASH} = undefined in that source (nothing coded "
                       "there, or no variation). Colour scale: red 0, yellow 0.6, green 1.")
    blocks = [(measure, heat.values, "0.000"),
              (LABELS["percent_agreement"], heat.percent_agreement, "0.0%"),
              ("Units", heat.n_units, "#,##0")]
    row = 4
    for k, (title, grid, number_format) in enumerate(blocks):
        _header(sheet, row, [title] + list(heat.sources))
        first = row + 1
        for code, values in zip(heat.codes, grid):
            row += 1
            _text(sheet, row, 1, code)
            for col, number in enumerate(values, start=2):
                number = clean(number)
                if number is None:
                    cell = _text(sheet, row, col, DASH, GREY)
                    cell.alignment = Alignment(horizontal="right")
                else:
                    _text(sheet, row, col, number).number_format = number_format
        if k == 0 and heat.codes and heat.sources:
            area = (f"B{first}:{get_column_letter(len(heat.sources) + 1)}{row}")
            sheet.conditional_formatting.add(area, ColorScaleRule(
                start_type="num", start_value=0, start_color="F8696B",
                mid_type="num", mid_value=0.6, mid_color="FFEB84",
                end_type="num", end_value=1, end_color="63BE7B"))
        row += 2
    _widths(sheet, {1: _code_width(heat.codes),
                    **{c: 16.0 for c in range(2, len(heat.sources) + 2)}})
    sheet.freeze_panes = "B5"


def _pairs_sheet(sheet: Worksheet, report: AgreementReport) -> None:
    results = [c for p in report.pairs for c in p.codes + p.groups]
    table = Table(report, results, first=2)
    _header(sheet, 1, ["Coders"] + table.titles)
    row = 2
    for pair in report.pairs:
        coders = " & ".join(pair.coders)
        for result in pair.codes + pair.groups:  # codes, then exclusive groups
            _text(sheet, row, 1, coders)
            table.result_row(sheet, row, result, [])
            row += 1
        for aggregate in aggregates(pair.overall, 2):
            _text(sheet, row, 1, coders)
            table.aggregate_row(sheet, row, aggregate)
            row += 1
        row += 1
    table.widths(sheet, _code_width([r.code for r in results]))
    _widths(sheet, {1: float(max(len(" & ".join(p.coders)) for p in report.pairs) + 2)})
    sheet.freeze_panes = "C2"


def _methods_sheet(sheet: Worksheet, report: AgreementReport) -> None:
    _text(sheet, 1, 1, "Methods", Font(bold=True, size=14))
    sheet.merge_cells("A3:C3")
    cell = _text(sheet, 3, 1, report.methods_paragraph)
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.row_dimensions[3].height = 15 * (len(report.methods_paragraph) // 150 + 1)
    row = 5
    notes = list(report.notes) + overall_notes(report.overall) + scope_notes(report)
    if notes:
        _text(sheet, row, 1, "Notes", BOLD)
        for note in notes:
            row += 1
            _text(sheet, row, 1, note)
        row += 2
    shown = set(measures(report)) | {"ci95"}
    _header(sheet, row, ["Measure", "Method"], 18, centre=False)
    for name, method in report.methods.items():
        if name in shown:
            row += 1
            _text(sheet, row, 1, "95 % CI" if name == "ci95" else label(report, name))
            _text(sheet, row, 2, method)
    if report.unit == "segment":
        for name, method in (("holsti", "Holsti (1969): 2M/(N1+N2), matched codings over all codings"),
                             ("maxqda_kappa", "MAXQDA's κ: percent agreement corrected for chance 1/k "
                                              "over k codes (Brennan–Prediger form)")):
            row += 1
            _text(sheet, row, 1, LABELS[name])
            _text(sheet, row, 2, method)
    row += 2
    _header(sheet, row, ["Aggregate", "Method"], 18, centre=False)
    for aggregate in aggregates(report.overall, len(report.coders)):
        row += 1
        _text(sheet, row, 1, aggregate.label)
        _text(sheet, row, 2, aggregate.method)
    row += 2
    _header(sheet, row, ["Band", "Range"], 18, centre=False)
    for name, colour in LANDIS_KOCH_FILLS.items():
        row += 1
        _text(sheet, row, 1, f"Landis & Koch: {name}").fill = PatternFill("solid", fgColor=colour)
        _text(sheet, row, 2, f"κ-type coefficients {LANDIS_KOCH_RANGES[name]}")
    for name, text in (("reliable", "α ≥ 0.800"), ("tentative", "0.667 ≤ α < 0.800: tentative "
                                                               "conclusions only"),
                       ("unreliable", "α < 0.667")):
        row += 1
        _text(sheet, row, 1, f"Krippendorff: {name}").fill = PatternFill(
            "solid", fgColor=KRIPPENDORFF_FILLS[name])
        _text(sheet, row, 2, text)
    row += 1
    _text(sheet, row, 2, "Bands are read on each code's value as printed in the reports: κ-type "
                         "coefficients to two decimals, α to three. Means and pooled values over "
                         "codes are not banded.")
    if report.references:
        row += 2
        _header(sheet, row, ["References", ""], 18, centre=False)
        for reference in report.references:
            row += 1
            _text(sheet, row, 1, reference)
    _widths(sheet, {1: 34.0, 2: 110.0, 3: 10.0})
