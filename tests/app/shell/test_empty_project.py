"""An empty project shows what to do first, with buttons that do it, and a
code can be added to an empty codebook with the key or a visible button."""
from __future__ import annotations

from PySide6.QtCore import Qt

from tests.app.helpers import empty_window, settle


def test_an_empty_project_shows_its_first_steps(qtbot, tmp_path, monkeypatch):
    w = empty_window(qtbot, tmp_path)
    view = w.document_view
    assert view.getting_started.isVisible() and not view.text.isVisible() and view.title.text() == "Getting started"
    asked = []
    monkeypatch.setattr(w, "import_files", lambda paths: asked.append(paths))
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getOpenFileNames", lambda *a, **k: (["/x/a.vtt"], ""))
    view.getting_started.import_button.click()
    assert asked and str(asked[0][0]) == "/x/a.vtt"
    if w.identity_dialog is not None:
        w.identity_dialog.close()
    dialog = w.ask_identity()
    dialog.new_name.setText("Ana")
    dialog.accept()
    qtbot.waitUntil(lambda: w.workspace is not None)
    monkeypatch.setattr("PySide6.QtWidgets.QInputDialog.getText", lambda *a, **k: ("Support", True))
    assert w.codebook_panel.new_button.isVisible()
    w.activateWindow()  # shortcuts reach the active window
    qtbot.waitUntil(w.isActiveWindow)
    w.codebook_panel.tree.setFocus()
    qtbot.keyClick(w.codebook_panel.tree, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    settle(qtbot, w)
    qtbot.waitUntil(lambda: [n.name for n in w.code_nodes()] == ["Support"])
