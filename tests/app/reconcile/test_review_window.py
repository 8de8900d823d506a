"""Analysis › Reconcile, driven with the keyboard: the queue fills from a
worker, A/B/H/N/E/S/J/K decide and move, Ctrl+Z reopens, filters narrow the
queue, the core's refusals reach the user, and the models pass qtmodeltester."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.reconcile.queue_model import QueueFilter, QueueModel
from app.reconcile.review_window import ReviewWindow
from coding import access, blind, codings
from coding.reconcile import decisions
from coding.reconcile.discrepancies import compare

WAIT = 20000


def _acting(store, name):
    with store.session() as s:
        return access.resolve(s, name)


def review(qtbot, store, name="Lena", **kw) -> ReviewWindow:
    """A review window, its queue loaded (the comparison runs in a worker)."""
    w = ReviewWindow(store, _acting(store, name), ["Lena", "Omar"], **kw)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.data is not None, timeout=WAIT)
    return w


def settle(qtbot, w) -> None:
    """Until the decisions asked for are saved (they run in the review's worker)."""
    qtbot.waitUntil(lambda: not w.steps.busy, timeout=WAIT)


def _kinds(w):
    return [w.proxy.discrepancy_at(r).kind for r in range(w.proxy.rowCount())]


def _consensus(store):
    with store.session() as s:
        return sorted((x.code, x.start, x.end) for x in codings.retrieve(s, access.system()) if x.coder == "Consensus")


def test_the_queue_lists_every_discrepancy_and_selects_the_first_open(qtbot, store):
    w = review(qtbot, store)
    assert sorted(_kinds(w)) == ["a_only", "b_only", "boundary", "different_code"]
    assert w.current() is not None and w.current().id == w.proxy.discrepancy_at(0).id
    assert w.progress.format().startswith("0 of 4 decided")
    assert "Lena" in w.detail.heading.text() and "Omar" in w.detail.heading.text()


def test_keys_decide_move_and_undo(qtbot, store):
    w = review(qtbot, store)
    w.table.setFocus()
    first = w.current()
    allowed = {"a_only": Qt.Key.Key_A, "b_only": Qt.Key.Key_B, "boundary": Qt.Key.Key_H,
               "different_code": Qt.Key.Key_N}
    w.detail.rationale.setText("fits the inclusion criterion")
    qtbot.keyClick(w.table, allowed[first.kind])
    settle(qtbot, w)
    assert w.model.rows()[w.model.row_of(first.id)].status == "decided"
    assert w.current().id != first.id  # moved on to the next open one
    assert w.progress.format().startswith("1 of 4 decided")
    with store.session() as s:
        [row] = decisions.decisions(s, _acting(store, "Lena"))
    assert (row["discrepancy_id"], row["rationale"], row["decided_by"]) == (
        first.id, "fits the inclusion criterion", "Lena")
    qtbot.keyClick(w.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, w)
    assert w.model.rows()[w.model.row_of(first.id)].status == "reopened"
    assert _consensus(store) == []
    second = w.current()
    qtbot.keyClick(w.table, Qt.Key.Key_J)
    assert w.current().id != second.id
    qtbot.keyClick(w.table, Qt.Key.Key_K)
    assert w.current().id == second.id
    qtbot.keyClick(w.table, Qt.Key.Key_S)  # skip: the next open one
    assert w.current().id != second.id and w.current().status != "decided"


def test_every_class_decided_from_the_keyboard_builds_the_consensus_layer(qtbot, store):
    w = review(qtbot, store)
    w.table.setFocus()
    keys = {"a_only": Qt.Key.Key_A, "b_only": Qt.Key.Key_N, "boundary": Qt.Key.Key_B,
            "different_code": Qt.Key.Key_H}
    for _ in range(4):
        qtbot.keyClick(w.table, keys[w.current().kind])
        settle(qtbot, w)
    assert {d.status for d in w.model.rows()} == {"decided"}
    assert w.progress.value() == 4
    assert _consensus(store) == [("Rel/Negative/Cancelled", 80, 100), ("Rel/Negative/Cancelled", 101, 129),
                                 ("Rel/Positive/Accessibility", 52, 74), ("Rel/Positive/Accessibility", 80, 98)]


def test_edit_takes_the_span_selected_in_the_passage(qtbot, store):
    w = review(qtbot, store)
    w.kind_filter.setCurrentIndex(w.kind_filter.findData("boundary"))
    w._select(0)
    w.table.setFocus()
    qtbot.keyClick(w.table, Qt.Key.Key_E)  # nothing selected: a message, nothing decided
    settle(qtbot, w)
    box = w.findChild(QMessageBox, "error_box")
    assert box is not None and "Select the passage" in box.text()
    box.close()
    w.detail.select_span(48, 74)
    w.table.setFocus()
    qtbot.keyClick(w.table, Qt.Key.Key_E)
    settle(qtbot, w)
    assert _consensus(store) == [("Rel/Positive/Accessibility", 48, 74)]


def test_filters_narrow_the_queue(qtbot, store):
    w = review(qtbot, store)
    w.kind_filter.setCurrentIndex(w.kind_filter.findData("a_only"))
    assert _kinds(w) == ["a_only"]
    w.kind_filter.setCurrentIndex(0)
    w.code_filter.setText("cancelled")
    assert sorted(_kinds(w)) == ["a_only", "b_only", "different_code"]
    w.code_filter.setText("")
    w.status_filter.setCurrentIndex(w.status_filter.findData("decided"))
    assert _kinds(w) == []


def test_a_coder_cannot_decide_and_is_told_why(qtbot, store):
    with store.transaction(_acting(store, "Lena")) as s:
        blind.set_blind(s, _acting(store, "Lena"), False)
    w = review(qtbot, store, name="Omar")
    w.table.setFocus()
    qtbot.keyClick(w.table, Qt.Key.Key_N)
    settle(qtbot, w)
    box = w.findChild(QMessageBox, "error_box")
    assert box is not None and "Only a lead can decide" in box.text()
    assert {d.status for d in w.model.rows()} == {"pending"}


def test_a_coder_under_blind_mode_gets_the_core_refusal(qtbot, store):
    w = ReviewWindow(store, _acting(store, "Omar"), ["Lena", "Omar"])
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.sig_load_failed, timeout=WAIT) as blocker:
        pass
    assert "only leads may see" in blocker.args[0]


def test_queue_models_pass_the_model_tester(qtmodeltester, store):
    with store.session() as s:
        found = compare(s, _acting(store, "Lena"), "Lena", "Omar").discrepancies
    model = QueueModel()
    model.set_rows(found)
    qtmodeltester.check(model)
    proxy = QueueFilter()
    proxy.setSourceModel(model)
    proxy.set_filters(kind="boundary")
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == 1
    proxy.sort(2, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)


def test_the_summary_shows_agreement_before_and_the_methods_paragraph(qtbot, store):
    w = review(qtbot, store)
    w.table.setFocus()
    qtbot.keyClick(w.table, Qt.Key.Key_B)  # the first (B only): accept B
    settle(qtbot, w)
    with qtbot.waitSignal(w.sig_summary_shown, timeout=WAIT) as blocker:
        w.action_summary.trigger()
    dialog = blocker.args[0]
    text = dialog.text.toPlainText()
    assert "1 of 4 discrepancies decided" in text and "Lena–Omar" in text and "Lena–Consensus" in text
    dialog.copy_button.click()
    from PySide6.QtGui import QGuiApplication
    assert QGuiApplication.clipboard().text() == dialog.paragraph
    assert "Lena (lead) decided 1 of them" in dialog.paragraph


def test_a_definition_is_edited_and_flagged_from_the_review(qtbot, store):
    from app.codebook.code_dialog import CodeDialog
    from coding import codebook

    w = review(qtbot, store)
    w.action_definition.trigger()
    dialog = w.findChild(CodeDialog)
    dialog.editors["inclusion"].setPlainText("Apply when the mentor could be reached between meetings.")
    with qtbot.waitSignal(w.sig_project_changed, timeout=WAIT):
        dialog.accept()
    w.action_flag.trigger()
    settle(qtbot, w)
    code = (w.current().a or w.current().b)[0].code
    with store.session() as s:
        node = next(n for n in codebook.tree(s) if n.path == code)
    assert node.inclusion == "Apply when the mentor could be reached between meetings." and node.needs_work
    assert "definition needs work" in w.detail.definitions.toPlainText()


def test_a_definition_changed_by_someone_else_meanwhile_is_not_overwritten(qtbot, store):
    """The review names the version of the code it showed: Omar's edit made
    after the window loaded stands, the lead is told, and the window shows
    Omar's text."""
    from app.codebook.code_dialog import CodeDialog
    from coding import codebook

    w = review(qtbot, store)
    code = (w.current().a or w.current().b)[0].code
    with store.transaction(_acting(store, "Omar")) as s:
        codebook.update_code(s, codebook.get_code(s, code), inclusion="Omar's reading of the code.")
    w.action_definition.trigger()
    dialog = w.findChild(CodeDialog)
    dialog.editors["inclusion"].setPlainText("Lena's reading of the code.")
    dialog.accept()
    qtbot.waitUntil(lambda: w.findChild(QMessageBox, "error_box") is not None, timeout=WAIT)
    assert "while you were editing" in w.findChild(QMessageBox, "error_box").text()
    qtbot.waitUntil(lambda: w.data.codes[code].inclusion == "Omar's reading of the code.", timeout=WAIT)
    with store.session() as s:
        assert codebook.get_code(s, code).inclusion == "Omar's reading of the code."
    w.action_flag.trigger()  # now on the version shown: accepted
    settle(qtbot, w)
    with store.session() as s:
        assert codebook.get_code(s, code).needs_work


def test_sorting_by_a_column_keeps_the_current_discrepancy(qtbot, store):
    w = review(qtbot, store)
    w.status_filter.setCurrentIndex(w.status_filter.findData(""))
    current = w.current()
    w.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)  # by class
    assert _kinds(w) == sorted(_kinds(w)) and w.current().id == current.id
    w.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    assert _kinds(w) == sorted(_kinds(w), reverse=True)
    w.table.sortByColumn(5, Qt.SortOrder.AscendingOrder)  # by where A's span starts: numbers, not text
    starts = [w.proxy.discrepancy_at(r).a[0].start if w.proxy.discrepancy_at(r).a else -1
              for r in range(w.proxy.rowCount())]
    assert starts == sorted(starts)


def test_the_decisions_log_is_exported_to_word_from_the_review(qtbot, store, tmp_path):
    from docx import Document

    w = review(qtbot, store)
    w.table.setFocus()
    w.detail.rationale.setText("Omar's span is the whole instance")
    qtbot.keyClick(w.table, Qt.Key.Key_B)  # the first (B only): accept B
    settle(qtbot, w)
    task = w.export(tmp_path / "log.docx")
    with qtbot.waitSignal(task.signals.sig_result_ready, timeout=WAIT):
        pass
    doc = Document(str(tmp_path / "log.docx"))
    cells = [c.text for c in doc.tables[0].rows[1].cells]
    assert "Omar's span is the whole instance" in cells and "Kept Omar's coding" in cells
    assert any("Lena (lead) decided 1 of them" in p.text for p in doc.paragraphs)  # the methods paragraph


def test_a_decision_reads_as_words_not_as_its_internal_name(qtbot, store):
    w = review(qtbot, store)
    w.table.setFocus()

    def select(kind):
        row = next(r for r in range(w.proxy.rowCount()) if w.proxy.discrepancy_at(r).kind == kind)
        w.table.setCurrentIndex(w.proxy.index(row, 0))
        return w.proxy.discrepancy_at(row)

    chosen = select("a_only")
    qtbot.keyClick(w.table, Qt.Key.Key_A)
    settle(qtbot, w)
    w.status_filter.setCurrentIndex(w.status_filter.findData(""))  # every status: the decided one too
    select("a_only")
    qtbot.waitUntil(lambda: "decided" in w.detail.heading.text(), timeout=WAIT)
    assert w.current().id == chosen.id
    assert "decided: kept Lena&#x27;s coding" in w.detail.heading.text() and "accept-a" not in w.detail.heading.text()


def test_copying_agreements_twice_says_they_are_in_the_layer_already(qtbot, store):
    w = review(qtbot, store)
    w.action_agreements.trigger()
    settle(qtbot, w)
    assert "1 coding copied into the consensus layer from 1 agreement" in w.status.text()
    w.action_agreements.trigger()
    settle(qtbot, w)
    assert w.status.text() == "Every agreement (1) is in the consensus layer already; nothing was copied."
