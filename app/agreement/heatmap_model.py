"""The heat map: codes (rows) by sources (columns), each cell the report's
heat-map measure (Cohen's κ for two coders, Fleiss' κ for more) for that code
in that source, coloured by Landis & Koch's bands."""
from __future__ import annotations

from typing import Any, Optional

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt

from app.agreement.bands import TEXT_ON_BAND, band, band_colour
from coding.agreement.report import LABELS, Heatmap

VALUE_ROLE = Qt.ItemDataRole.UserRole + 1
CODE_ROLE = Qt.ItemDataRole.UserRole + 2    # the row's code path
SOURCE_ROLE = Qt.ItemDataRole.UserRole + 3  # the column's source name (None in column 0)


class HeatmapModel(QAbstractTableModel):
    def __init__(self, parent: Optional[QObject] = None):
        super().__init__(parent)
        self._map: Optional[Heatmap] = None

    def set_heatmap(self, heatmap: Optional[Heatmap]) -> None:
        self.beginResetModel()
        self._map = heatmap
        self.endResetModel()

    def heatmap(self) -> Optional[Heatmap]:
        return self._map

    def measure_label(self) -> str:
        return LABELS.get(self._map.measure, self._map.measure) if self._map else ""

    def cell(self, index: QModelIndex) -> tuple[str, Optional[str]]:
        """(code path, source name or None) of a cell."""
        return index.data(CODE_ROLE), index.data(SOURCE_ROLE)

    # --- QAbstractTableModel ---
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() or self._map is None else len(self._map.codes)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() or self._map is None else len(self._map.sources) + 1

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._map is None:
            return None
        r, c = index.row(), index.column()
        code = self._map.codes[r]
        if role == CODE_ROLE:
            return code
        if c == 0:
            if role == Qt.ItemDataRole.DisplayRole:
                return code.replace("/", " › ")
            if role == Qt.ItemDataRole.ToolTipRole:
                return code
            return None
        source = self._map.sources[c - 1]
        value = self._map.values[r][c - 1]
        measure = self._map.measure
        if role == SOURCE_ROLE:
            return source
        if role == VALUE_ROLE:
            return value
        if role == Qt.ItemDataRole.DisplayRole:
            return "—" if value is None else f"{value:.2f}".replace("-", "−")
        if role == Qt.ItemDataRole.BackgroundRole:
            return band_colour(measure, value)
        if role == Qt.ItemDataRole.ForegroundRole and value is not None:
            return TEXT_ON_BAND
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(r, c - 1)
        return None

    def _tooltip(self, r: int, s: int) -> str:
        m = self._map
        value, n, pa = m.values[r][s], m.n_units[r][s], m.percent_agreement[r][s]
        head = f"{m.codes[r]}\nin {m.sources[s]}\n"
        if value is None:
            if not n:
                why = "no units of this source are in the analysis"
            elif pa is not None and pa >= 1.0:
                why = "no variation: the coders agree everywhere, so chance agreement is 1"
            else:
                why = "no variation in one coder's values"
            line = f"{self.measure_label()}: undefined — {why}"
        else:
            line = f"{self.measure_label()} = {value:.3f}\n{band(m.measure, value)[0]}"
        agree = "—" if pa is None else f"{pa * 100:.1f} %"
        return f"{head}{line}\nunits: {n:,.0f}\npercent agreement: {agree}"

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self._map is None or orientation != Qt.Orientation.Horizontal:
            return None
        if not 0 <= section <= len(self._map.sources):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return "Code" if section == 0 else self._map.sources[section - 1]
        return None
