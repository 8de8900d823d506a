"""The Reconcile window fits a laptop screen: its filters and decision buttons
wrap, nothing is cut, and its toolbar actions are shown rather than hidden
behind the toolbar's "»"."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QToolBar

from tests.app.reconcile.test_review_window import review


def _on_toolbar(w, action) -> bool:
    """Whether ``action`` has a visible button on one of the window's toolbars."""
    for bar in w.findChildren(QToolBar):
        button = bar.widgetForAction(action)
        if button is not None and button.isVisible():
            return True
    return False


def _toolbar_actions(w):
    return [w.action_agreements, w.action_export, w.action_comment, w.action_definition, w.action_flag,
            w.action_reopen, w.action_summary]


def test_the_window_fits_1024_by_700(qtbot, store):
    w = review(qtbot, store)
    assert w.minimumSizeHint().width() <= 1024
    w.resize(1024, 700)
    qtbot.waitUntil(lambda: w.width() == 1024 and w.height() == 700)
    qtbot.waitUntil(lambda: all(_on_toolbar(w, a) for a in _toolbar_actions(w)))
    for choice in ("accept-a", "accept-b", "both", "neither", "edit"):  # every decision button on screen
        button = w.findChild(type(w.refresh_button), f"decide_{choice}")
        assert button.isVisible() and button.width() >= button.minimumSizeHint().width()
        assert w.centralWidget().rect().contains(button.mapTo(w.centralWidget(), button.rect().bottomRight()))


def test_the_filters_show_their_text_whole(qtbot, store):
    w = review(qtbot, store)
    w.resize(1024, 700)
    qtbot.waitUntil(lambda: w.width() == 1024)
    w.source_filter.addItem("Focus group — mentees and mentors, second session (transcript)", "long")
    for box in w.findChildren(QComboBox):
        text = "every source" if box is w.source_filter else box.currentText()
        assert box.width() >= box.fontMetrics().horizontalAdvance(text) + 16, text
    assert w.source_filter.width() < 400  # a long source name does not widen the queue
    w.source_filter.setCurrentIndex(w.source_filter.findData("long"))
    assert w.source_filter.toolTip().endswith("(transcript)")  # the name cut short in the box, whole


def test_summary_and_methods_is_on_the_toolbar_at_1366(qtbot, store):
    w = review(qtbot, store)
    w.resize(1366, 768)
    qtbot.waitUntil(lambda: w.width() == 1366)
    qtbot.waitUntil(lambda: _on_toolbar(w, w.action_summary))
    assert all(_on_toolbar(w, a) for a in _toolbar_actions(w))


def test_the_window_opens_no_larger_than_the_screen(qtbot, store):
    w = review(qtbot, store)
    room = w.screen().availableGeometry().size()
    assert w.width() <= max(room.width(), w.minimumSizeHint().width()) and w.height() <= room.height()
