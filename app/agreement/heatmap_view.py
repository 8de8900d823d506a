"""The heat-map tab: codes × sources coloured by κ, with a legend; a cell
picks a code in a source for the disagreements list."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QEvent, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QHeaderView, QLabel, QStackedWidget, QTableView, QVBoxLayout, QWidget,
)

from app.agreement.bands import legend_html
from app.agreement.heatmap_model import CODE_ROLE, SOURCE_ROLE, HeatmapModel
from coding.agreement.report import AgreementReport

NO_HEATMAP = {
    "segment": "Segment matching has no per-source table: choose a unit such as characters or "
               "sections for the heat map.",
    "unitized": "Unitized α is computed over the whole continuum: choose a unit such as characters "
                "or sections for the heat map.",
    "frequency": "Counts of codings have no heat map: choose a unit such as characters, sections "
                 "or documents.",
}


class HeatmapView(QWidget):
    sig_cell_selected = Signal(str, str)  # code path, source name ("" for the code column)

    def __init__(self, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.model = HeatmapModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTextElideMode(Qt.TextElideMode.ElideLeft)
        self.table.setWordWrap(False)
        self.table.setShowGrid(True)
        self.table.verticalHeader().hide()
        self.table.viewport().installEventFilter(self)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        header.setHighlightSections(False)
        self.table.selectionModel().currentChanged.connect(self._on_table_current_changed)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.legend = QLabel(legend_html(alpha=False))
        self.legend.setWordWrap(True)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        page = QWidget()
        inner = QVBoxLayout(page)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(self.caption)
        inner.addWidget(self.table, 1)
        inner.addWidget(self.legend)
        self.pages = QStackedWidget()
        self.pages.addWidget(page)
        self.pages.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

    def set_report(self, report: Optional[AgreementReport]) -> None:
        heatmap = None if report is None else report.heatmap
        self.model.set_heatmap(heatmap)
        if heatmap is None:
            self.empty.setText(NO_HEATMAP.get(report.unit, "") if report is not None else "")
            self.pages.setCurrentWidget(self.empty)
            return
        self.pages.setCurrentIndex(0)
        self.caption.setText(
            f"{self.model.measure_label()} per code and source ({report.unit_description.split(' (')[0]}). "
            "Hover a cell for its units and percent agreement; select it to list the disagreements.")
        width = 118
        for column in range(1, self.model.columnCount()):
            self.table.setColumnWidth(column, width)
        header = self.table.horizontalHeader()
        lines = max((self.fontMetrics().boundingRect(0, 0, width - 8, 400, int(Qt.TextFlag.TextWordWrap),
                                                     self.model.headerData(c, Qt.Orientation.Horizontal)
                                                     ).height()
                     for c in range(1, self.model.columnCount())), default=0)
        header.setFixedHeight(max(lines + 10, header.sizeHint().height()))
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self._fit_code_column()

    def _fit_code_column(self) -> None:
        """The code column takes the width the sources leave (at least 300 pixels)."""
        others = sum(self.table.columnWidth(c) for c in range(1, self.model.columnCount()))
        self.table.setColumnWidth(0, max(300, self.table.viewport().width() - others))

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if (watched is self.table.viewport() and event.type() == QEvent.Type.Resize
                and self.model.columnCount()):
            self._fit_code_column()
        return super().eventFilter(watched, event)

    def _on_table_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.sig_cell_selected.emit(current.data(CODE_ROLE), current.data(SOURCE_ROLE) or "")
