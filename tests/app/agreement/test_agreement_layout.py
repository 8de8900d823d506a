"""The Agreement window fits a laptop screen: its options wrap onto more lines,
and every option, Compute, Export… and Reconcile… stay on screen, whole."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox

from app.agreement.agreement_window import AgreementWindow
from coding import access
from storage import open_project

WAIT = 20000


@pytest.fixture
def window(qtbot, demo_path):
    store = open_project(demo_path)
    w = AgreementWindow(store, access.system("t"))
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.report is not None, timeout=WAIT)
    yield w
    w.close()
    store.close()


def _whole_on_screen(w, widget) -> bool:
    """Shown, at least as wide as it asks, and inside the window."""
    box = widget.rect().translated(widget.mapTo(w, widget.rect().topLeft()))
    return widget.isVisible() and widget.width() >= widget.minimumSizeHint().width() and w.rect().contains(box)


@pytest.mark.parametrize("size", [(1024, 700), (1366, 768)])
def test_every_option_and_button_is_on_screen(qtbot, window, size):
    w = window
    assert w.minimumSizeHint().width() <= 1024
    w.options.set_unit("segment")  # the unit with the most options (the overlap threshold)
    w.resize(*size)
    qtbot.waitUntil(lambda: (w.width(), w.height()) == size)
    shown = [x for kind in (QAbstractButton, QComboBox, QAbstractSpinBox) for x in w.options.findChildren(kind)
             if x.isVisibleTo(w)]
    assert w.options.threshold_box in shown and w.options.compute_button in shown
    for widget in shown + [w.export_button, w.reconcile_button]:
        qtbot.waitUntil(lambda widget=widget: _whole_on_screen(w, widget))
    assert w.options.unit_box.width() >= w.options.unit_box.fontMetrics().horizontalAdvance(
        w.options.unit_box.currentText())


def test_the_window_opens_no_larger_than_the_screen(window):
    room = window.screen().availableGeometry().size()
    assert window.width() <= room.width() and window.height() <= room.height()
