"""Adding a teammate keeps the person working who they are, and the "Who
is coding?" dialog never picks someone else for them."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app import settings
from app.identity.add_coder_dialog import AddCoderDialog
from app.shell.main_window import MainWindow
from coding import audit, coders
from storage import open_project
from tests.app.helpers import WAIT, coder, empty_window, open_as


def test_a_lead_adds_a_coder_and_goes_on_coding_as_themselves(qtbot, demo_copy):
    w = MainWindow()
    qtbot.addWidget(w)
    open_as(qtbot, w, demo_copy, "Priya Raman")
    w.action_add_coder.trigger()
    dialog = w.findChild(AddCoderDialog)
    assert dialog is not None and dialog.isVisible() and dialog.role_lead.isEnabled()  # Priya is a lead
    dialog.name.setText("Lena Fischer")
    dialog.accept()
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: "Lena Fischer" in [c.name for c in w._coders], timeout=WAIT)
    assert w.workspace.me.name == "Priya Raman" and "Priya Raman" in w.identity_label.text()
    assert "Lena Fischer" in w.status_label.text()
    with open_project(demo_copy) as store, store.session() as s:
        lena = coders.get_coder(s, "Lena Fischer")
        [made] = [e for e in audit.entries(s, lena.uuid) if e.action == "coder.create"]
        assert lena.role == "coder" and made.actor == "Priya Raman"


def test_a_coder_cannot_add_a_lead_once_the_project_has_one(qtbot, demo_copy):
    w = MainWindow()
    qtbot.addWidget(w)
    open_as(qtbot, w, demo_copy, "Daniel Osei")
    dialog = w.add_coder()
    assert not dialog.role_lead.isEnabled() and "Priya Raman" in dialog.role_lead.toolTip()
    dialog.role_lead.setEnabled(True)  # the core refuses it all the same
    dialog.role_lead.setChecked(True)
    dialog.name.setText("Lena Fischer")
    dialog.accept()
    assert "Only a lead" in dialog.message.text() and dialog.isVisible()
    dialog.role_coder.setChecked(True)
    dialog.accept()
    qtbot.waitUntil(lambda: "Lena Fischer" in [c.name for c in w._coders], timeout=WAIT)
    assert w.workspace.me.name == "Daniel Osei"


def test_adding_a_coder_asks_who_is_working_first(qtbot, demo_copy):
    w = MainWindow()
    qtbot.addWidget(w)
    assert not w.action_add_coder.isEnabled()  # no project
    with qtbot.waitSignal(w.sig_document_loaded, timeout=WAIT):
        w.open_path(demo_copy)
    w.identity_dialog.reject()
    assert w.action_add_coder.isEnabled() and w.add_coder() is None
    box = w.findChild(QMessageBox, "error_box")
    assert "Choose who is working first" in box.text()


def test_getting_started_step_three_adds_the_second_coder_once_someone_is_coding(qtbot, tmp_path):
    w = empty_window(qtbot, tmp_path, "Ana")
    step = w.document_view.getting_started.coders_button
    assert "Add the second coder" in step.text() and "Ana" in step.text()
    step.click()
    added = w.findChild(AddCoderDialog)
    assert added is not None and added.isVisible()
    added.name.setText("Ben")
    added.accept()
    qtbot.waitUntil(lambda: [c.name for c in w._coders] == ["Ana", "Ben"], timeout=WAIT)
    assert w.workspace.me.name == "Ana"


def test_who_is_coding_preselects_the_remembered_person_or_nobody(qtbot, demo_copy):
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    with qtbot.waitSignal(w.sig_document_loaded, timeout=WAIT):
        w.open_path(demo_copy)  # nobody remembered on this machine
    dialog = w.identity_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT)
    assert not dialog.list.selectionModel().selectedIndexes()
    dialog.list.setFocus()
    qtbot.keyClick(dialog.list, Qt.Key.Key_Return)  # Enter picks nobody
    assert w.workspace is None and "Choose a coder" in dialog.message.text()
    dialog.reject()
    settings.remember_coder(w._project_uuid(), coder(w, "Daniel Osei").uuid)
    dialog = w.ask_identity()
    [selected] = dialog.list.selectionModel().selectedIndexes()
    assert dialog.model.coder_at(selected.row()).name == "Daniel Osei"
