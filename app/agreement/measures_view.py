"""The measures tab: the sortable table of codes × measures, and a legend of
the band colours."""
from __future__ import annotations

from dataclasses import replace
from typing import Optional

from PySide6.QtCore import QEvent, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget,
)

from app.agreement.bands import legend_html
from app.agreement.measures_model import CODE_ROLE, MeasuresModel, MeasuresProxy
from coding.agreement.report import AgreementReport


class MeasuresView(QWidget):
    sig_code_selected = Signal(str)  # a code or group path; "" for a totals row or nothing

    def __init__(self, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.model = MeasuresModel(self)
        self.proxy = MeasuresProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # the codebook's order
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTextElideMode(Qt.TextElideMode.ElideLeft)  # keep the code's own name
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(False)
        self.table.verticalHeader().hide()
        self.table.viewport().installEventFilter(self)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.horizontalHeader().setHighlightSections(False)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_row_changed)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.pair = QComboBox()  # with three or more coders: all of them, or one pair
        self.pair.setToolTip("With three or more coders, every pair of coders is compared as well")
        self.pair.currentIndexChanged.connect(self._on_pair_current_index_changed)
        self.pair.hide()
        self._report: Optional[AgreementReport] = None
        self.legend = QLabel(legend_html())
        self.legend.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.pair)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.legend)

    def set_report(self, report: Optional[AgreementReport]) -> None:
        """The report's codes for all its coders (the pair chooser resets to them)."""
        self._report = report
        self.pair.blockSignals(True)
        self.pair.clear()
        if report is not None and report.pairs:
            self.pair.addItem(f"All {len(report.coders)} coders")
            for p in report.pairs:
                self.pair.addItem(f"{p.coders[0]} and {p.coders[1]}")
        self.pair.setVisible(self.pair.count() > 0)
        self.pair.blockSignals(False)
        self._show(report)

    def show_pair(self, index: int) -> None:
        """0: every coder; k: the k-th pair of coders."""
        self.pair.setCurrentIndex(index)

    def _on_pair_current_index_changed(self, index: int) -> None:
        report = self._report
        if report is None or index <= 0 or index > len(report.pairs):
            self._show(report)
            return
        pair = report.pairs[index - 1]
        self._show(replace(report, coders=list(pair.coders), codes=pair.codes, groups=pair.groups,
                           overall=pair.overall, pairs=[]))

    def _show(self, report: Optional[AgreementReport]) -> None:
        self.model.set_report(report)
        if report is None:
            self.summary.clear()
            return
        self.legend.setText(legend_html(kappa=report.unit != "unitized",
                                        alpha=report.unit != "segment"))
        self.summary.setText(
            f"<b>{len(report.codes)}</b> codes · unit: {report.unit_description} · "
            f"<b>{report.n_units:,.0f}</b> units · coders: {', '.join(report.coders)}")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.resizeColumnsToContents()
        for column in range(1, self.model.columnCount()):
            self.table.setColumnWidth(column, max(self.table.columnWidth(column) + 6, 72))
        self._fit_code_column()

    def _fit_code_column(self) -> None:
        """The code column takes the width the measures leave (at least 300 pixels)."""
        others = sum(self.table.columnWidth(c) for c in range(1, self.model.columnCount()))
        spare = self.table.viewport().width() - others
        self.table.setColumnWidth(0, max(300, spare))

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if (watched is self.table.viewport() and event.type() == QEvent.Type.Resize
                and self.model.columnCount()):
            self._fit_code_column()
        return super().eventFilter(watched, event)

    def select_code(self, path: str) -> None:
        row = self.model.row_of(path)
        if row >= 0:
            self.table.setCurrentIndex(self.proxy.mapFromSource(self.model.index(row, 0)))

    def current_code(self) -> str:
        return self.table.currentIndex().data(CODE_ROLE) or ""

    def _on_table_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.sig_code_selected.emit(current.data(CODE_ROLE) or "" if current.isValid() else "")
