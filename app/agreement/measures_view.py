"""The measures tab: the sortable table of codes × measures, and a legend of
the band colours."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QEvent, QModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

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
        self.legend = QLabel(legend_html())
        self.legend.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.legend)

    def set_report(self, report: Optional[AgreementReport]) -> None:
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
