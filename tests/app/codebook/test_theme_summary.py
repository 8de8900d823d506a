"""A theme's description for the theme table, typed in the code dialog: one
undoable step, shown again when the dialog reopens, printed by the table."""
from __future__ import annotations

from tests.app.codebook.test_code_conflicts import CODE, node, stored, window  # noqa: F401 - the fixture
from tests.app.helpers import settle


def test_the_code_dialog_sets_the_theme_tables_description_in_one_undoable_step(qtbot, window, demo_copy):
    w, seen = window, node(window, CODE)
    steps = w.workspace.undo_stack.count()
    dialog = w.codebook_actions.edit(seen)
    assert seen.summary and dialog.editors["summary"].toPlainText() == seen.summary  # the demo's own
    assert "theme table" in dialog.editors["summary"].placeholderText()
    dialog.editors["summary"].setPlainText("Advice on training posts and careers, as mentees valued it.")
    dialog.accept()
    settle(qtbot, w)
    qtbot.waitUntil(lambda: node(w, CODE).summary.startswith("Advice on training posts"))
    assert w.workspace.undo_stack.count() == steps + 1
    assert stored(demo_copy, CODE).description == seen.description  # the definition for coders is untouched
    again = w.codebook_actions.edit(node(w, CODE))
    assert again.editors["summary"].toPlainText().startswith("Advice on training posts")
    again.reject()
    w.workspace.undo_stack.undo()
    settle(qtbot, w)
    qtbot.waitUntil(lambda: node(w, CODE).summary == seen.summary)
    assert stored(demo_copy, CODE).summary == seen.summary
