"""A codebook edit made on a code another coder changed meanwhile (another
computer, another store on the same project): refused with who changed
what, the codebook read again through the one change notification, what
was typed kept — and this window's own quick successive steps, and undo
after them, never taken for someone else's."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from app.shell.main_window import MainWindow
from coding import access, codebook, edits
from storage import open_project
from tests.app.helpers import open_as, settle

PRIYA, DANIEL = "Priya Raman", "Daniel Osei"
CODE = "Programme outcomes/Benefits/Career guidance"


@pytest.fixture
def window(qtbot, demo_copy):
    w = MainWindow()
    qtbot.addWidget(w)
    return open_as(qtbot, w, demo_copy, PRIYA)


def node(w, path):
    return next(n for n in w.code_nodes() if n.path == path)


def stored(project, path):
    with open_project(project) as store, store.session() as s:
        return next((n for n in codebook.tree(s) if n.path == path), None)


def daniel_does(project, edit):
    """Daniel, on his computer: his own store on the same project."""
    with open_project(project) as store:
        with store.session() as s:
            daniel = access.resolve(s, DANIEL)
        with store.transaction(daniel) as s:
            edit(s)


def error_text(w) -> str:
    box = w.findChild(QMessageBox, "error_box")
    return box.text() if box is not None else ""


def test_a_definition_edited_meanwhile_refuses_the_save_refreshes_and_keeps_what_was_typed(qtbot, window,
                                                                                          demo_copy):
    w, seen = window, node(window, CODE)
    daniel_does(demo_copy, lambda s: edits.update_code(s, seen.uuid, version=seen.version,
                                                       description="Advice on training posts."))
    steps = w.workspace.undo_stack.count()
    dialog = w.codebook_actions.edit(seen)
    dialog.editors["example"].setPlainText("Asked her about the surgical rotation.")
    with qtbot.waitSignal(w.workspace.sig_command_failed, timeout=10000):
        dialog.accept()
    settle(qtbot, w)
    message = error_text(w)
    assert message.startswith(f"{DANIEL} changed the definition of “Career guidance” to “Advice on training posts.” at ")
    assert "your change was not saved. The codebook now shows the current version" in message
    assert "Example: “Asked her about the surgical rotation.”" in message  # what Priya typed, quoted
    assert w.workspace.undo_stack.count() == steps                          # nothing to undo: nothing written
    now = stored(demo_copy, CODE)
    assert (now.description, now.example) == ("Advice on training posts.", seen.example)
    assert node(w, CODE).description == "Advice on training posts."          # the codebook read again
    again = w.codebook_actions.code_dialog                                  # open again, on the code as it is now
    assert again is not dialog and again.isVisible()
    assert again.editors["example"].toPlainText() == "Asked her about the surgical rotation."
    assert again.editors["description"].toPlainText() == "Advice on training posts."  # Daniel's edit kept
    again.accept()
    settle(qtbot, w)
    now = stored(demo_copy, CODE)
    assert (now.description, now.example) == ("Advice on training posts.", "Asked her about the surgical rotation.")


def test_a_rename_of_a_code_renamed_meanwhile_is_refused_with_the_name_typed(qtbot, window, demo_copy):
    w, seen = window, node(window, CODE)
    daniel_does(demo_copy, lambda s: edits.rename_code(s, seen.uuid, "Careers", version=seen.version))
    with qtbot.waitSignal(w.workspace.sig_command_failed, timeout=10000):
        w.codebook_actions.rename(seen.uuid, "Career advice")
    settle(qtbot, w)
    message = error_text(w)
    assert message.startswith(f"{DANIEL} renamed “Career guidance” to “Careers” at ")
    assert message.endswith("The name you typed: “Career advice”.")
    assert node(w, "Programme outcomes/Benefits/Careers").version == seen.version + 1
    assert stored(demo_copy, "Programme outcomes/Benefits/Career advice") is None


def test_own_steps_in_quick_succession_and_their_undo_are_not_conflicts(qtbot, window, demo_copy):
    """Rename, then edit before the codebook has shown the rename: both carry
    the version the view showed, and the second follows the first's."""
    w, seen = window, node(window, CODE)
    w.codebook_actions.rename(seen.uuid, "Careers")
    w.codebook_actions.update(seen, {"example": "Rotations."})  # seen: the version before the rename
    w.codebook_actions.move(seen.uuid, None, 0)
    settle(qtbot, w)
    assert error_text(w) == ""
    now = stored(demo_copy, "Careers")
    assert (now.example, now.version) == ("Rotations.", seen.version + 3)
    for _ in range(3):
        w.action_undo.trigger()
        settle(qtbot, w)
    assert error_text(w) == ""
    now = stored(demo_copy, CODE)
    assert (now.name, now.example) == ("Career guidance", seen.example)


def test_undo_after_another_coder_changed_the_code_is_refused_and_dropped(qtbot, window, demo_copy):
    w, seen = window, node(window, CODE)
    w.codebook_actions.rename(seen.uuid, "Careers")
    settle(qtbot, w)
    mine = node(w, "Programme outcomes/Benefits/Careers")
    daniel_does(demo_copy, lambda s: edits.update_code(s, mine.uuid, version=mine.version, colour="#123456"))
    with qtbot.waitSignal(w.workspace.sig_command_failed, timeout=10000):
        w.action_undo.trigger()
    settle(qtbot, w)
    assert error_text(w).startswith(f"{DANIEL} changed the colour of “Careers” to “#123456” at ")
    assert "taken off the undo history" in error_text(w)
    now = stored(demo_copy, "Programme outcomes/Benefits/Careers")
    assert (now.colour, node(w, now.path).colour) == ("#123456", "#123456")  # his edit stands, and is shown


def test_saving_the_same_fields_twice_then_editing_again_never_hangs(qtbot, window, demo_copy):
    """The second save changes nothing; the window must not take it for a
    step of its own that leads nowhere (that looped, holding the write lock)."""
    w, seen = window, node(window, CODE)
    w.codebook_actions.update(seen, {"example": "Rotations."})
    w.codebook_actions.update(seen, {"example": "Rotations."})  # the view has not shown the first yet
    w.codebook_actions.rename(seen.uuid, "Careers")
    assert w.workspace.wait(10000)
    now = stored(demo_copy, "Programme outcomes/Benefits/Careers")
    assert now is not None and now.example == "Rotations."
    assert all(k != v for k, v in ((key[1], value) for key, value in w.workspace.code_versions.items()))


def test_a_step_held_after_a_lost_connection_is_not_overtaken(qtbot, sqlite_store):
    """While a step waits for Retry or Discard, later steps wait behind it."""
    from app.common.step_queue import StepQueue
    from storage.errors import ConnectionLostError

    ran: list[str] = []
    queue = StepQueue(sqlite_store, lambda: access.system("test"))
    queue.hold_when_lost = True

    def lost(_s):
        raise ConnectionLostError("The connection to the server was lost.")

    with qtbot.waitSignal(queue.sig_connection_lost, timeout=10000):
        queue.run(lost, lambda: ran.append("first"), "First")
    queue.run(lambda _s: None, lambda: ran.append("second"), "Second")
    assert queue._task is None  # not started: it waits behind the held one
    assert queue.held and ran == [] and queue.busy
    queue.discard()
    qtbot.waitUntil(lambda: not queue.busy, timeout=10000)
    assert ran == ["second"]
