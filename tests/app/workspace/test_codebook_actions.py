"""Codebook changes from the GUI — new, rename in place, drag to move, merge,
delete with the core's safeguards — each one undoable."""
from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from app.codebook.codebook_model import UUID_ROLE
from coding import codebook
from storage import open_project
from tests.app.helpers import settle
from tests.app.workspace.conftest import fresh_codings

PRIYA = "Priya Raman"


def paths(project) -> list[str]:
    with open_project(project) as store, store.session() as s:
        return [n.path for n in codebook.tree(s)]


def node(w, path):
    return next(n for n in w.code_nodes() if n.path == path)


def index_of(model, uuid):
    from PySide6.QtCore import Qt

    return model.match(model.index(0, 0), UUID_ROLE, uuid, 1, Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)[0]


def test_new_code_and_rename_in_place_then_undo_both(qtbot, project, make_window):
    w = make_window(project, PRIYA)
    parent = node(w, "Programme outcomes/Benefits")
    assert w.codebook_actions.create("Peer support", parent.uuid)
    settle(qtbot, w)
    assert "Programme outcomes/Benefits/Peer support" in paths(project)
    new = node(w, "Programme outcomes/Benefits/Peer support")
    model = w.codebook_panel.model
    model.setData(index_of(model, new.uuid), "Peer learning")
    settle(qtbot, w)
    assert "Programme outcomes/Benefits/Peer learning" in paths(project)
    w.action_undo.trigger()
    settle(qtbot, w)
    w.action_undo.trigger()
    settle(qtbot, w)
    assert not any("Peer" in p for p in paths(project))
    w.action_redo.trigger()
    settle(qtbot, w)
    assert node(w, "Programme outcomes/Benefits/Peer support").uuid == new.uuid  # same identity back


def test_dragging_a_code_under_another_parent_moves_it_and_undo_moves_it_back(qtbot, project, make_window):
    w = make_window(project, PRIYA)
    code = node(w, "Influences on the relationship/Positive influences/Informal contact")
    target = node(w, "Influences on the relationship/Negative influences")
    model = w.codebook_panel.model
    data = model.mimeData([index_of(model, code.uuid)])
    model.dropMimeData(data, None, 0, 0, index_of(model, target.uuid))
    settle(qtbot, w)
    assert paths(project).index("Influences on the relationship/Negative influences/Informal contact") == \
        paths(project).index("Influences on the relationship/Negative influences") + 1
    before = fresh_codings(project)
    w.action_undo.trigger()
    settle(qtbot, w)
    assert "Influences on the relationship/Positive influences/Informal contact" in paths(project)
    assert len(fresh_codings(project)) == len(before)


def test_merge_moves_codings_and_undo_restores_them(qtbot, project, make_window):
    w = make_window(project, PRIYA)
    before = fresh_codings(project)
    source = node(w, "Influences on the relationship/Positive influences/Informal contact")
    target = node(w, "Influences on the relationship/Positive influences/Accessibility of mentor")
    with qtbot.waitSignal(w.workspace.undo_stack.indexChanged, timeout=10000):
        assert w.codebook_actions.merge(source.uuid, target.uuid)  # runs in the worker, as every step
        settle(qtbot, w)
    assert source.path not in paths(project)
    assert w.action_undo.text().startswith("&Undo Merge")
    assert not [c for c in fresh_codings(project) if c[0] == source.path]
    with qtbot.waitSignal(w.workspace.sig_busy_changed, timeout=10000,
                          check_params_cb=lambda busy: not busy):
        w.action_undo.trigger()  # undone in a worker too; undo and redo wait meanwhile
        assert w.workspace.busy and not w.action_redo.isEnabled()
    assert fresh_codings(project) == before
    assert source.path in paths(project) and w.action_redo.isEnabled()


def test_delete_is_refused_while_a_code_has_codings_and_allowed_when_empty(qtbot, project, make_window):
    w = make_window(project, PRIYA)
    used = node(w, "Programme outcomes/Benefits/Career guidance")
    w.codebook_actions.delete(used)
    settle(qtbot, w)
    box = w.findChild(QMessageBox, "error_box")
    assert box is not None and "in use by codings" in box.text()
    assert used.path in paths(project)
    assert w.codebook_actions.create("Spare", None)
    settle(qtbot, w)
    spare = node(w, "Spare")
    assert w.codebook_actions.delete(spare)
    settle(qtbot, w)
    assert "Spare" not in paths(project)
    w.action_undo.trigger()
    settle(qtbot, w)
    assert "Spare" in paths(project)


def test_counts_in_the_tree_are_the_current_coders(qtbot, project, make_window):
    from coding import coders

    w = make_window(project, "Daniel Osei")
    with open_project(project) as store, store.session() as s:
        daniel = coders.get_coder(s, "Daniel Osei")
        expected = {n.path: n.n_codings for n in codebook.tree(s, coder_id=daniel.id)}
    assert {n.path: n.n_codings for n in w.code_nodes()} == expected


def test_editing_a_codes_definition_criteria_example_and_colour(qtbot, project, make_window):
    from PySide6.QtGui import QColor

    w = make_window(project, PRIYA)
    code = node(w, "Programme outcomes/Benefits/Career guidance")
    dialog = w.codebook_actions.edit(code)
    settle(qtbot, w)
    dialog.editors["inclusion"].setPlainText("Specialty choice, applications, interviews.")
    dialog.editors["example"].setPlainText("She read my personal statement three times.")
    dialog.set_colour(QColor("#123456"))
    assert set(dialog.changes()) == {"inclusion", "example", "colour"}
    dialog.accept()
    settle(qtbot, w)
    edited = node(w, code.path)
    assert edited.inclusion.startswith("Specialty choice") and edited.colour == "#123456"
    w.codebook_panel.select_path(code.path)
    assert "Include: Specialty choice" in w.codebook_panel.definition.toPlainText()
    with open_project(project) as store, store.session() as s:
        stored = codebook.get_code(s, code.path)
        assert (stored.example, stored.colour) == ("She read my personal statement three times.", "#123456")
    w.action_undo.trigger()
    settle(qtbot, w)
    assert node(w, code.path).colour == code.colour and node(w, code.path).inclusion == code.inclusion


def test_renaming_or_recolouring_a_code_updates_the_codings_on_screen(qtbot, project, make_window):
    from PySide6.QtGui import QColor

    w = make_window(project, PRIYA)
    shown = next(c for c in w.document_view.codings() if c.coder == PRIYA)
    code = next(n for n in w.code_nodes() if n.uuid == shown.code_uuid)
    model = w.codebook_panel.model
    model.setData(index_of(model, code.uuid), "Renamed here")
    settle(qtbot, w)
    now = next(c for c in w.document_view.codings() if c.uuid == shown.uuid)
    assert now.code_path.endswith("/Renamed here")
    dialog = w.codebook_actions.edit(node(w, now.code_path))
    settle(qtbot, w)
    dialog.set_colour(QColor("#FF0000"))
    dialog.accept()
    settle(qtbot, w)
    now = next(c for c in w.document_view.codings() if c.uuid == shown.uuid)
    assert now.colour == "#FF0000"
    w.document_view.select_codepoints(now.start, now.start)
    assert any(colour.upper().startswith("#FF0000") for _a, _b, colour in w.document_view.highlighted_spans())


def test_an_undo_the_project_no_longer_allows_is_refused_and_dropped_from_history(qtbot, blind_project, make_window):
    from coding import codings, coders, sources

    w = make_window(blind_project, PRIYA)
    assert w.codebook_actions.create("New", None)
    settle(qtbot, w)
    new = node(w, "New")
    with open_project(blind_project) as store, store.transaction("Daniel Osei") as s:  # another coder uses it
        src = sources.list_sources(s)[0]
        codings.apply_coding(s, src, codebook.get_code(s, "New"), coders.get_coder(s, "Daniel Osei"), 0, 5)
    steps = w.workspace.undo_stack.count()
    w.action_undo.trigger()
    settle(qtbot, w)
    box = w.findChild(QMessageBox, "error_box")
    assert "taken off the undo history" in box.text() and not any(ch.isdigit() for ch in box.text())
    assert "New" in paths(blind_project) and node(w, "New").uuid == new.uuid
    assert w.workspace.undo_stack.count() == steps - 1  # nothing left that claims it can be undone
