"""Who is coding, and independent (blind) coding: each coder sees only their
own work until a lead turns it off."""
from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from app import settings
from app.identity.coder_dialog import CoderDialog
from app.shell.main_window import MainWindow
from coding import access, audit, coders, views
from storage import open_project
from tests.app.helpers import WAIT, settle


def test_first_open_asks_who_is_coding_and_remembers_it(qtbot, project):
    w = MainWindow()
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.sig_document_loaded, timeout=WAIT):
        w.open_path(project)
    dialog = w.identity_dialog
    assert isinstance(dialog, CoderDialog) and dialog.isVisible()
    assert not w.coding.action_palette.isEnabled()  # no coding before choosing
    dialog.new_name.setText("Lena Fischer")
    with qtbot.waitSignal(w.sig_identity_chosen, timeout=WAIT) as chosen:
        dialog.accept()
        settle(qtbot, w)
    assert chosen.args == ["Lena Fischer"]
    assert "Lena Fischer" in w.identity_label.text() and w.coding.action_palette.isEnabled()
    with open_project(project) as store, store.session() as s:
        assert coders.get_coder(s, "Lena Fischer").role == "coder"
    w2 = MainWindow()
    qtbot.addWidget(w2)
    with qtbot.waitSignal(w2.sig_identity_chosen, timeout=WAIT):
        w2.open_path(project)  # remembered on this machine: no question
    assert w2.workspace.me.name == "Lena Fischer"


def test_a_duplicate_new_coder_is_refused_in_the_dialog(qtbot, project):
    with open_project(project) as store:
        dialog = CoderDialog(store)
        qtbot.addWidget(dialog)
        dialog.new_name.setText("Daniel Osei")
        dialog.accept()
        assert "already a coder" in dialog.message.text() and dialog.result() == 0


def test_blind_mode_shows_a_coder_only_their_own_codings_and_counts(qtbot, blind_project, make_window):
    w = make_window(blind_project, "Daniel Osei")
    doc = w.document_view.document()
    assert doc.codings and {c.coder for c in doc.codings} == {"Daniel Osei"}
    assert [b.text() for b in w.document_view._boxes.values()] == ["Daniel Osei"]
    with open_project(blind_project) as store, store.session() as s:
        daniel = coders.get_coder(s, "Daniel Osei")
        mine = {n.path: n.n_codings for n in __import__("coding").codebook.tree(s, coder_id=daniel.id)}
        summaries = {x.name: x.codings for x in views.source_summaries(s, access.system("t"), {str(daniel.uuid)})}
    assert {n.path: n.n_codings for n in w.code_nodes()} == mine
    assert {x.name: x.codings for x in w._summaries} == summaries
    assert w.action_blind.isChecked() and "blind" in w.identity_label.text()
    w.action_agreement.trigger()  # comparing is what blind mode holds back
    settle(qtbot, w)
    assert w.agreement_window is None


def test_only_a_lead_turns_blind_mode_off_and_each_switch_is_logged(qtbot, blind_project, make_window, monkeypatch):
    w = make_window(blind_project, "Daniel Osei")
    w.action_blind.trigger()  # a coder tries to turn it off
    settle(qtbot, w)
    assert w.action_blind.isChecked() and w.workspace.blind
    box = w.findChild(QMessageBox, "error_box")
    assert box is not None and "Only a lead" in box.text()
    lead = make_window(blind_project, "Priya Raman")
    asked = []
    lead.ask = lambda title, question: asked.append(question) or False  # the lead thinks again
    lead.action_blind.trigger()
    assert asked and "no longer independent" in asked[0] and lead.workspace.blind and lead.action_blind.isChecked()
    lead.ask = lambda title, question: True
    with qtbot.waitSignal(lead.sig_document_loaded, timeout=WAIT):
        lead.action_blind.trigger()
        settle(qtbot, lead)
    assert not lead.workspace.blind
    assert {c.coder for c in lead.document_view.document().codings} == {"Daniel Osei", "Priya Raman"}
    with open_project(blind_project) as store, store.session() as s:
        log = [(e.action, e.actor) for e in audit.entries(s) if e.action.startswith("project.blind")]
    assert log[-1] == ("project.blind_off", "Priya Raman")


def test_switching_coder_through_the_dialog(qtbot, project, make_window):
    w = make_window(project, "Priya Raman")
    dialog = w.ask_identity()
    dialog.choose("Daniel Osei")
    with qtbot.waitSignal(w.sig_identity_chosen, timeout=WAIT):
        dialog.accept()
        settle(qtbot, w)
    assert w.workspace.me.name == "Daniel Osei"
    assert settings.coder_for(w._project_uuid()) == w.workspace.me.uuid


def test_only_a_lead_can_make_a_lead_and_choosing_an_identity_is_logged(qtbot, blind_project, make_window):
    w = make_window(blind_project, "Daniel Osei")
    dialog = w.ask_identity()
    assert not dialog.role_lead.isEnabled()  # Priya is the lead: Daniel cannot add a lead
    dialog.close()
    lead = make_window(blind_project, "Priya Raman")
    dialog = lead.ask_identity()
    assert dialog.role_lead.isEnabled()
    dialog.close()
    with open_project(blind_project) as store, store.session() as s:
        chosen = [e for e in audit.entries(s) if e.action == "coder.identity_chosen"]
    assert not chosen  # the tests chose without the dialog
    dialog = lead.ask_identity()
    dialog.choose("Daniel Osei")
    with qtbot.waitSignal(lead.sig_identity_chosen, timeout=WAIT):
        dialog.accept()
        settle(qtbot, w)
    with open_project(blind_project) as store, store.session() as s:
        [entry] = [e for e in audit.entries(s) if e.action == "coder.identity_chosen"]
    assert entry.after["name"] == "Daniel Osei" and entry.after["login"]


def test_in_blind_mode_a_refused_delete_tells_no_counts(qtbot, blind_project, make_window):
    w = make_window(blind_project, "Daniel Osei")
    used = next(n for n in w.code_nodes() if n.name == "Shared interests")
    w.codebook_actions.delete(used)
    settle(qtbot, w)
    box = w.findChild(QMessageBox, "error_box")
    assert "yours or another coder's" in box.text() and not any(ch.isdigit() for ch in box.text())


def test_redo_has_every_platform_binding(qtbot, project, make_window):

    w = make_window(project, "Priya Raman")
    keys = {k.toString() for k in w.action_redo.shortcuts()}
    assert {"Ctrl+Y", "Ctrl+Shift+Z"} <= keys


def test_the_keyboard_is_back_on_the_window_once_the_coder_is_chosen(qtbot, project):
    from PySide6.QtWidgets import QApplication

    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    with qtbot.waitSignal(w.sig_document_loaded, timeout=WAIT):
        w.open_path(project)
    dialog = w.identity_dialog
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=WAIT)
    dialog.new_name.setText("Lena Fischer")
    with qtbot.waitSignal(w.sig_identity_chosen, timeout=WAIT):
        dialog.accept()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w, timeout=WAIT)
    settle(qtbot, w)
