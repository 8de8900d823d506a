"""The codebook gives its codes' names the room: a short count column whose
header's tooltip says whose codings it counts, and the Code column the rest."""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt

from tests.app.helpers import WAIT, shown_window


def _rows(model, parent=QModelIndex()):
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        yield index
        yield from _rows(model, index)


def test_code_names_read_whole_at_the_default_size(qtbot, demo_copy):
    w = shown_window(qtbot, demo_copy, "Priya Raman")
    w.resize(1360, 840)
    panel = w.codebook_panel
    panel.count_box.setCurrentText("all coders")
    panel.count_box.activated.emit(panel.count_box.currentIndex())
    qtbot.waitUntil(lambda: panel.model.headerData(1, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
                    .startswith("Codings counted: all coders"), timeout=WAIT)
    assert panel.model.headerData(1, Qt.Orientation.Horizontal) == "Count"
    tree = panel.tree
    metrics, icon = tree.fontMetrics(), tree.style().pixelMetric(tree.style().PixelMetric.PM_SmallIconSize)
    cut = [tree.model().data(i) for i in _rows(tree.model())
           if tree.visualRect(i).width() < metrics.horizontalAdvance(tree.model().data(i)) + icon + 8]
    assert not cut, cut
