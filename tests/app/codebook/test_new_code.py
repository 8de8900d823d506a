"""New Code never drops a name: nothing to add to before a project is open,
and with no one chosen to work as it says so before asking a name; its key
works wherever the focus is in the window."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.shell.main_window import MainWindow
from tests.app.helpers import WAIT, empty_window, settle


def test_no_project_no_new_code_nor_apply(qtbot):
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    panel = w.codebook_panel
    assert not panel.new_button.isEnabled() and not panel.action_new.isEnabled()
    assert not panel.apply_button.isEnabled()


def test_with_no_one_working_new_code_says_choose_first(qtbot, tmp_path, monkeypatch):
    w = empty_window(qtbot, tmp_path)
    w.identity_dialog.reject()  # the question put aside
    asked = []
    monkeypatch.setattr("PySide6.QtWidgets.QInputDialog.getText", lambda *a, **k: asked.append(a) or ("X", True))
    w.document_view.getting_started.code_button.click()
    box = w.findChild(QMessageBox, "error_box")
    assert box is not None and "Choose who is working first" in box.text()
    assert not asked  # no name asked only to be dropped
    assert w.codebook_panel.new_button.isEnabled()


def test_ctrl_shift_n_works_with_the_focus_outside_the_codebook(qtbot, tmp_path, monkeypatch):
    w = empty_window(qtbot, tmp_path, "Ana")
    monkeypatch.setattr("PySide6.QtWidgets.QInputDialog.getText", lambda *a, **k: ("Support", True))
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow, timeout=WAIT)
    w.sources_view.setFocus()
    qtbot.waitUntil(w.sources_view.hasFocus, timeout=WAIT)
    qtbot.keyClick(w.sources_view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    settle(qtbot, w)
    qtbot.waitUntil(lambda: [n.name for n in w.code_nodes()] == ["Support"], timeout=WAIT)
