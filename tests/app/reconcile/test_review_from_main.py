"""The review is reached from Analysis › Reconcile and from the agreement
window's Reconcile button, and the core decides who may open it."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from app.shell.main_window import MainWindow
from tests.app.helpers import open_as

WAIT = 20000


@pytest.fixture
def main(qtbot, demo_copy):
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    return window


def test_analysis_reconcile_opens_the_review_for_the_lead(qtbot, main, demo_copy: Path):
    open_as(qtbot, main, demo_copy, "Priya Raman")
    main.action_reconcile.trigger()
    review = main.review_window
    qtbot.waitUntil(lambda: review.data is not None, timeout=WAIT)
    assert review.pair() == ("Priya Raman", "Daniel Osei")  # the order the demo's decisions were taken in
    assert 0 < review.progress.value() < review.model.rowCount()  # part-way through
    assert review.model.rowCount() > 0


def test_the_agreement_window_hands_its_coders_and_code_to_the_review(qtbot, main, demo_copy: Path):
    open_as(qtbot, main, demo_copy, "Priya Raman")
    main.action_agreement.trigger()
    w = main.agreement_window
    qtbot.waitUntil(lambda: w.report is not None, timeout=WAIT)
    code = w.report.codes[0].code
    with qtbot.waitSignal(w.sig_disagreements_listed, timeout=WAIT):
        w.list_disagreements(code)
    w.reconcile_button.click()
    review = main.review_window
    qtbot.waitUntil(lambda: review.data is not None, timeout=WAIT)
    assert set(review.pair()) == set(w.request.coders[:2])
    assert review.pair() == ("Priya Raman", "Daniel Osei")  # the demo's reconciliation keeps its order
    assert review.code_filter.text() == code
    shown = {review.proxy.discrepancy_at(r).code for r in range(review.proxy.rowCount())}
    assert shown and all(code in c for c in shown)


def test_a_coder_is_refused_while_coding_is_blind(qtbot, main, demo_copy: Path):
    from coding import access, blind
    from storage import open_project

    with open_project(demo_copy) as store, store.transaction(access.system("t")) as s:
        blind.set_blind(s, access.system("t"), True)
    open_as(qtbot, main, demo_copy, "Daniel Osei")
    main.action_reconcile.trigger()
    assert main.review_window is None
    box = main.findChild(QMessageBox, "error_box")
    assert box is not None and "only leads may see" in box.text()
