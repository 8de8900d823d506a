"""The measures table: one row per code (then the exclusive groups, then the
totals) and one column per measure, over a plain ``AgreementReport``.

Cells are coloured by band (``app.agreement.bands``); an undefined value is
shown as "—" with the reason as its tooltip; a code whose prevalence makes κ
misleading carries a warning icon.  ``MeasuresProxy`` sorts by value and keeps
the three sections (codes, groups, totals) in their order.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QSortFilterProxyModel, Qt
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication, QStyle

from app.agreement.bands import TEXT_ON_BAND, band, band_colour
from coding.agreement.report import LABELS, AgreementReport, CodeResult

VALUE_ROLE = Qt.ItemDataRole.UserRole + 1    # the number behind a cell (None if undefined)
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
SECTION_ROLE = Qt.ItemDataRole.UserRole + 3  # 0 codes, 1 exclusive groups, 2 totals
CODE_ROLE = Qt.ItemDataRole.UserRole + 4     # code or group path (None on totals)
KIND_ROLE = Qt.ItemDataRole.UserRole + 5     # "code", "group" or "total"

CODES, GROUPS, TOTALS = 0, 1, 2
KINDS = {CODES: "code", GROUPS: "group", TOTALS: "total"}
PERCENT = ("percent_agreement", "positive_agreement", "negative_agreement", "holsti", "prevalence")
COUNTS = ("n_units", "matched", "a_only", "b_only")


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # short, for the header
    tip: str    # full name and method, for the header's tooltip


@dataclass
class Row:
    section: int
    label: str
    tip: str
    result: Optional[CodeResult] = None          # codes and groups
    values: dict[str, Optional[float]] = field(default_factory=dict)  # totals
    reasons: dict[str, str] = field(default_factory=dict)             # totals

    @property
    def code(self) -> Optional[str]:
        return None if self.result is None else self.result.code


SHORT = {
    "percent_agreement": "% agree", "positive_agreement": "Positive",
    "negative_agreement": "Negative", "cohen_kappa": "Cohen's κ",
    "scott_pi": "Scott's π", "fleiss_kappa": "Fleiss' κ", "brennan_prediger": "B–P κ",
    "gwet_ac1": "AC1", "krippendorff_alpha": "α", "holsti": "Holsti",
    "maxqda_kappa": "κ (1/k)",
}


def columns_for(report: AgreementReport) -> list[Column]:
    def coef(key: str, short: Optional[str] = None) -> Column:
        method = report.methods.get(key, "")
        return Column(key, short or SHORT[key], LABELS[key] + (f"\n{method}" if method else ""))

    code = Column("code", "Code", "Code path (exclusive groups and totals below the codes)")
    if report.unit == "unitized":
        return [code, coef("krippendorff_alpha", "uα"),
                Column("n_units", "Characters", "Characters in the analysis (the continuum)")]
    if report.unit == "segment":
        a, b = (report.coders + ["", ""])[:2]
        return [code, coef("percent_agreement"), coef("holsti"), coef("maxqda_kappa"),
                Column("matched", "Matched", "Codings of the two coders paired by overlap"),
                Column("a_only", f"Only {_first(a)}", f"Codings of {a} with no partner of {b}"),
                Column("b_only", f"Only {_first(b)}", f"Codings of {b} with no partner of {a}"),
                Column("n_units", "Codings", "Codings in the analysis (matched pairs count once)")]
    cols = [code] + [coef(k) for k in ("percent_agreement", "positive_agreement",
                                       "negative_agreement", "cohen_kappa", "scott_pi",
                                       "fleiss_kappa", "brennan_prediger", "gwet_ac1",
                                       "krippendorff_alpha")]
    cols.append(Column("alpha_ci", "α 95 % CI", report.methods.get("ci95", "95 % interval of α")))
    cols.append(Column("prevalence", "Prevalence", "Share of coder × unit values that are 'coded'"))
    cols.append(Column("n_units", "Units", report.unit_description))
    return cols


def rows_for(report: AgreementReport) -> list[Row]:
    rows = [Row(CODES, c.code.replace("/", " › "), _code_tip(c), c) for c in report.codes]
    for g in report.groups:
        values = "\n".join("  · " + v for v in g.extra.get("values", []))
        rows.append(Row(GROUPS, g.code.replace("/", " › ") + " (exclusive values)",
                        f"{g.code}\nAn exclusive group: its values form one nominal variable.\n"
                        f"{values}" + _warnings(g), g))
    rows.extend(_totals(report))
    return rows


def _first(name: str) -> str:
    return name.split(" ", 1)[0] if name else "?"


def _warnings(result: CodeResult) -> str:
    return "".join(f"\n⚠ {w}" for w in result.warnings)


def _code_tip(result: CodeResult) -> str:
    counts = ", ".join(f"{k.replace('_', ' ')} {v:,.0f}" for k, v in result.counts.items())
    return result.code + (f"\n{counts}" if counts else "") + _warnings(result)


def _totals(report: AgreementReport) -> list[Row]:
    overall, rows = report.overall, []
    kappa = "cohen_kappa" if len(report.coders) == 2 else "fleiss_kappa"

    def add(key: str, label: str, values: dict, reason: str = "undefined for every code") -> None:
        if key in overall:
            entry = overall[key]
            tip = f"{label}: {entry.get('method', '')}"
            rows.append(Row(TOTALS, label, tip, values=values,
                            reasons={k: reason for k, v in values.items() if v is None}))

    mean = overall.get("unweighted_mean", {})
    if report.unit == "unitized":
        ua = overall.get("unitized_alpha", {})
        add("unitized_alpha", "uα, all codes together", {"krippendorff_alpha": ua.get("value")},
            ua.get("undefined") or "undefined")
        add("unweighted_mean", "Mean over codes (unweighted)",
            {"krippendorff_alpha": mean.get("krippendorff_alpha")})
        return rows
    if report.unit == "segment":
        keys = ("percent_agreement", "holsti", "maxqda_kappa")
        add("unweighted_mean", "Mean over codes (unweighted)", {k: mean.get(k) for k in keys})
        add("pooled", "Pooled over codes", {k: overall.get("pooled", {}).get(k) for k in keys})
        return rows
    names = [k for k in SHORT if k not in ("holsti", "maxqda_kappa")]
    add("unweighted_mean", "Mean over codes (unweighted)", {k: mean.get(k) for k in names})
    weighted = overall.get("size_weighted_mean", {})
    add("size_weighted_mean", "Mean weighted by source size",
        {"percent_agreement": weighted.get("percent_agreement"),
         kappa: weighted.get(report.heatmap.measure if report.heatmap else kappa)})
    pooled = overall.get("pooled_kappa", {})
    add("pooled_kappa", "Pooled κ", {"percent_agreement": pooled.get("observed"),
                                     kappa: pooled.get("value")})
    add("pooled_alpha", "Pooled α", {"krippendorff_alpha": overall.get("pooled_alpha", {}).get("value")},
        "undefined: no code has coded / not-coded values to pool")
    return rows


def format_value(key: str, value: Optional[float]) -> str:
    if value is None:
        return "—"
    if key in PERCENT:
        return f"{value * 100:.1f} %"
    if key in COUNTS:
        return f"{value:,.0f}"
    return f"{value:.3f}".replace("-", "−")


class MeasuresModel(QAbstractTableModel):
    def __init__(self, parent: Optional[QObject] = None):
        super().__init__(parent)
        self._report: Optional[AgreementReport] = None
        self._columns: list[Column] = []
        self._rows: list[Row] = []

    def set_report(self, report: Optional[AgreementReport]) -> None:
        self.beginResetModel()
        self._report = report
        self._columns = columns_for(report) if report is not None else []
        self._rows = rows_for(report) if report is not None else []
        self.endResetModel()

    def report(self) -> Optional[AgreementReport]:
        return self._report

    def column_keys(self) -> list[str]:
        return [c.key for c in self._columns]

    def column_of(self, key: str) -> int:
        return self.column_keys().index(key)

    def row_of(self, code: str) -> int:
        """The row of a code or group path (-1 if absent)."""
        return next((i for i, r in enumerate(self._rows) if r.code == code), -1)

    def row_at(self, row: int) -> Row:
        return self._rows[row]

    # --- values ---
    def value(self, row: Row, key: str) -> Any:
        """The number behind a cell: a float, an Interval for the CI, or None."""
        if row.result is None:
            return row.values.get(key)
        r = row.result
        if key == "alpha_ci":
            return r.ci95.get("krippendorff_alpha")
        if key == "prevalence":
            return r.prevalence
        if key == "n_units":
            return r.n_units
        if key in ("matched", "a_only", "b_only"):
            return r.counts.get(key)
        return r.value(key)

    def applies(self, row: Row, key: str) -> bool:
        """Whether the cell has something to say (totals only fill some columns)."""
        return row.result is not None or key in row.values

    def reason(self, row: Row, key: str) -> str:
        """Why a cell is undefined, in words."""
        if row.result is None:
            return row.reasons.get(key, "undefined")
        r = row.result
        if key in r.coefficients.undefined:
            return r.coefficients.undefined[key]
        if key == "maxqda_kappa" and "maxqda_kappa_undefined" in r.extra:
            return r.extra["maxqda_kappa_undefined"]
        if key in ("holsti", "maxqda_kappa"):
            return "neither coder applied the code"
        if key == "prevalence":
            return ("prevalence is given for a single code (coded or not), not for counts or "
                    "a group's values")
        if key == "alpha_ci":
            if self._report is not None and not self._report.settings.get("bootstrap_samples"):
                return "no bootstrap samples were asked for"
            found = r.resamples.get("krippendorff_alpha")
            if found is not None and found.used:
                return (f"α was undefined on {found.dropped:,} of {found.requested:,} resamples: "
                        "too few left for an interval")
            return "α is undefined, or every resample left it undefined"
        return "undefined"

    # --- QAbstractTableModel ---
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, key = self._rows[index.row()], self._columns[index.column()].key
        if role == SECTION_ROLE:
            return row.section
        if role == CODE_ROLE:
            return row.code
        if role == KIND_ROLE:
            return KINDS[row.section]
        if key == "code":
            return self._code_data(index.row(), row, role)
        value = self.value(row, key) if self.applies(row, key) else None
        if role == VALUE_ROLE:
            return value
        if role == SORT_ROLE:
            return value.low if key == "alpha_ci" and value is not None else value
        if role == Qt.ItemDataRole.DisplayRole:
            if not self.applies(row, key):
                return ""
            if key == "alpha_ci":
                return "—" if value is None else f"{value.low:.3f} – {value.high:.3f}".replace("-", "−")
            return format_value(key, value)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, key, value) if self.applies(row, key) else None
        banded = row.section != TOTALS and key != "alpha_ci"  # bands read one code, not a mean
        if role == Qt.ItemDataRole.BackgroundRole and banded:
            return band_colour(key, value)
        if role == Qt.ItemDataRole.ForegroundRole and banded and band(key, value) is not None:
            return TEXT_ON_BAND
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and row.section == TOTALS:
            return _bold()
        return None

    def _code_data(self, n: int, row: Row, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return row.label
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.tip
        if role in (VALUE_ROLE, SORT_ROLE):
            return n  # the codebook's order
        if role == Qt.ItemDataRole.DecorationRole and row.result is not None and row.result.warnings:
            return _warning_icon()
        if role == Qt.ItemDataRole.FontRole and row.section == TOTALS:
            return _bold()
        return None

    def _tooltip(self, row: Row, key: str, value: Any) -> str:
        name = next(c for c in self._columns if c.key == key).tip.split("\n")[0]
        if value is None:
            return f"{name}: undefined — {self.reason(row, key)}"
        if key == "alpha_ci":
            tip = (f"{name}: {value.low:.3f} to {value.high:.3f} ({value.replicates:,} resamples used"
                   + (f", {value.dropped:,} dropped where α was undefined)" if value.dropped else ")"))
        else:
            tip = f"{name} = {format_value(key, value)}"
        found = band(key, value if key != "alpha_ci" else None) if row.section != TOTALS else None
        if found is not None:
            tip += f"\n{found[0]}"
        elif row.section == TOTALS and band(key, value) is not None:
            tip += "\nNot banded: Landis and Koch's bands and Krippendorff's limits read each code"
        if row.result is not None:
            ci = row.result.ci95.get(key)
            if ci is not None and key != "alpha_ci":
                tip += f"\n95 % interval {ci.low:.3f} to {ci.high:.3f}"
            if row.result.warnings and key in ("cohen_kappa", "scott_pi", "fleiss_kappa",
                                               "krippendorff_alpha", "percent_agreement", "code"):
                tip += _warnings(row.result)
        elif row.section == TOTALS:
            tip += "\n" + row.tip
        return tip

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._columns[section].label
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._columns[section].tip
        return None


def _warning_icon() -> Optional[QIcon]:
    style = QApplication.style() if isinstance(QApplication.instance(), QApplication) else None
    return None if style is None else style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)


def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


class MeasuresProxy(QSortFilterProxyModel):
    """Sorts codes by the clicked measure (undefined last), leaving groups and
    totals below them in either order."""

    def lessThan(self, left: QModelIndex, right: QModelIndex) -> bool:  # noqa: N802 - Qt's name
        ascending = self.sortOrder() == Qt.SortOrder.AscendingOrder
        ls, rs = left.data(SECTION_ROLE), right.data(SECTION_ROLE)
        if ls != rs:
            return ls < rs if ascending else ls > rs
        lv, rv = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if lv is None and rv is None:
            return left.row() < right.row() if ascending else left.row() > right.row()
        if lv is None:
            return not ascending
        if rv is None:
            return ascending
        return lv < rv
