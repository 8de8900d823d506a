"""Applying, removing and adjusting codings in the GUI; each step is one
committed transaction (read back from the file by a store of its own) and
undoable."""
from __future__ import annotations

from PySide6.QtCore import Qt

from app import settings
from app.document.text_pane import CODE_MIME
from coding import access, audit
from storage import create_project, open_project
from tests.app.helpers import WAIT, settle
from tests.app.workspace.conftest import fresh_codings

PRIYA = "Priya Raman"
QUOTE = "Could we just go round quickly"


def select(w, text: str, occurrence: int = 0) -> tuple[int, int]:
    doc = w.document_view.document()
    start = -1
    for _ in range(occurrence + 1):
        start = doc.text.index(text, start + 1)
    w.document_view.select_codepoints(start, start + len(text))
    return start, start + len(text)


def node(w, leaf: str):
    return next(n for n in w.code_nodes() if n.name == leaf)


def mine(w, path_end: str):
    return [c for c in w.document_view.codings() if c.coder == PRIYA and c.code_path.endswith(path_end)]


def test_number_key_applies_undo_removes_redo_restores_and_every_step_is_saved(qtbot, project, make_window):
    w = make_window(project, PRIYA)
    before = fresh_codings(project, PRIYA)
    start, end = select(w, QUOTE)
    keyed = w.codebook_panel.model.key_codes()[1]
    w.document_view.text.setFocus()
    with qtbot.waitSignal(w.sig_counts_refreshed, timeout=WAIT):
        w.coding.number_actions[0].trigger()
        settle(qtbot, w)
    added = set(fresh_codings(project, PRIYA)) - set(before)
    assert added == {(keyed.path, PRIYA, start, end, "")}
    assert (start, end) in {(c.start, c.end) for c in mine(w, keyed.name)}
    assert node(w, keyed.name).n_codings == next(n for n in before_nodes(project) if n.path == keyed.path).n_codings
    assert w.action_undo.text() == f"&Undo Apply '{keyed.name}'"
    w.action_undo.trigger()
    settle(qtbot, w)
    assert fresh_codings(project, PRIYA) == before
    assert (start, end) not in {(c.start, c.end) for c in mine(w, keyed.name)}
    w.action_redo.trigger()
    settle(qtbot, w)
    assert set(fresh_codings(project, PRIYA)) - set(before) == added
    with open_project(project) as store, store.session() as s:
        actions = [e.action for e in audit.entries(s)][-3:]
    assert actions == ["coding.apply", "coding.remove", "coding.apply"]


def before_nodes(project):
    from coding import codebook, coders

    with open_project(project) as store, store.session() as s:
        return codebook.tree(s, coder_id=coders.get_coder(s, PRIYA).id)


def test_palette_finds_a_code_by_its_initials_and_applies_it(qtbot, project, make_window):
    w = make_window(project, PRIYA)
    start, end = select(w, QUOTE)
    dialog = w.coding.open_palette()
    dialog.query.setText("tp")
    assert dialog.matches()[0].endswith("Time pressure")
    dialog.query.setText("zzzz")
    assert dialog.matches() == []
    dialog.query.setText("psych safe")
    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    settle(qtbot, w)
    assert (start, end) in {(c.start, c.end) for c in mine(w, "Psychological safety")}


def test_selection_snaps_to_whole_words_unless_switched_off(qtbot, project, make_window):
    w = make_window(project, PRIYA)
    doc = w.document_view.document()
    start = doc.text.index(QUOTE)
    w.document_view.select_codepoints(start + 2, start + 14)  # "uld we just " -> "Could we just"
    w.coding.apply_key(2)
    settle(qtbot, w)
    assert (start, start + len("Could we just")) in {(c.start, c.end) for c in mine(w, node_key(w, 2))}
    w.coding.action_snap.setChecked(False)
    assert settings.get("coding/snap_to_words") is False
    w.document_view.select_codepoints(start + 2, start + 14)
    w.coding.apply_key(2)
    settle(qtbot, w)
    assert (start + 2, start + 14) in {(c.start, c.end) for c in mine(w, node_key(w, 2))}


def node_key(w, n: int) -> str:
    return w.codebook_panel.model.key_codes()[n].name


def test_in_vivo_makes_a_code_from_the_selection_in_one_undoable_step(qtbot, project, make_window):
    w = make_window(project, PRIYA)
    start, end = select(w, "off a shift")
    w.codebook_panel.tree.clearSelection()
    w.codebook_panel._node = None
    assert w.coding.in_vivo()
    settle(qtbot, w)
    new = node(w, "off a shift")
    assert new.path == "In vivo/off a shift"
    assert (start, end) in {(c.start, c.end) for c in mine(w, "off a shift")}
    assert w.workspace.undo_stack.count() == 1  # the category, the code and the coding: one step
    w.action_undo.trigger()
    settle(qtbot, w)
    assert all(n.name not in ("off a shift", "In vivo") for n in w.code_nodes())
    assert not mine(w, "off a shift")
    w.action_redo.trigger()
    settle(qtbot, w)
    assert node(w, "off a shift").uuid == new.uuid and node(w, "off a shift").path == "In vivo/off a shift"


def test_code_the_whole_turn_at_the_cursor(qtbot, project, make_window):
    w = make_window(project, PRIYA)
    start, _ = select(w, "Sure. Amira, second-year")
    w.document_view.select_codepoints(start + 3, start + 3)
    section = w.document_view.section_at(start + 3)
    assert "Amira Haddad" in w.case_panel.heading.text()  # the unit under the cursor, beside the text
    w.codebook_panel.select_path(node(w, "Shared interests").path)
    assert w.coding.code_unit()
    settle(qtbot, w)
    assert (section.start, section.end) in {(c.start, c.end) for c in mine(w, "Shared interests")}


def test_remove_at_cursor_then_undo(qtbot, project, make_window):
    w = make_window(project, PRIYA)
    target = w.document_view.codings()[0]
    target = next(c for c in w.document_view.codings() if c.coder == PRIYA)
    w.document_view.select_codepoints(target.start + 1, target.start + 1)
    w.codebook_panel.select_path(target.code_path)
    before = fresh_codings(project, PRIYA)
    assert w.coding.remove_at_cursor()
    settle(qtbot, w)
    assert len(fresh_codings(project, PRIYA)) == len(before) - 1
    w.action_undo.trigger()
    settle(qtbot, w)
    assert fresh_codings(project, PRIYA) == before
    assert target.uuid in {c.uuid for c in w.document_view.codings()}  # the same coding came back


def test_adjust_by_keys_and_fit_to_selection(qtbot, project, make_window):
    w = make_window(project, PRIYA)
    target = next(c for c in w.document_view.codings() if c.coder == PRIYA and c.end - c.start > 20)
    w.codebook_panel.select_path(target.code_path)
    text = w.document_view.document().text
    w.document_view.select_codepoints(target.start + 1, target.start + 1)
    assert w.coding.nudge("end", -1)
    settle(qtbot, w)
    now = next(c for c in w.document_view.codings() if c.uuid == target.uuid)
    assert now.start == target.start and now.end < target.end and not text[now.end - 1].isspace()
    w.action_undo.trigger()
    settle(qtbot, w)
    now = next(c for c in w.document_view.codings() if c.uuid == target.uuid)
    assert (now.start, now.end) == (target.start, target.end)
    w.document_view.select_codepoints(target.start, target.end + 8)
    assert w.coding.fit_to_selection(target)
    settle(qtbot, w)
    now = next(c for c in w.document_view.codings() if c.uuid == target.uuid)
    assert now.start == target.start and now.end >= target.end + 8


def test_a_code_dropped_on_the_selection_is_applied(qtbot, project, make_window):
    w = make_window(project, PRIYA)
    start, end = select(w, QUOTE)
    code = node(w, "Hierarchy")
    model = w.codebook_panel.model
    index = model.match(model.index(0, 0), Qt.ItemDataRole.UserRole + 1, code.uuid, 1,
                        Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)[0]
    data = model.mimeData([index])
    assert bytes(data.data(CODE_MIME)).decode() == code.uuid
    w.document_view.text.sig_code_dropped.emit(code.uuid, w.document_view._map.to_utf16(start + 3))
    settle(qtbot, w)
    assert (start, end) in {(c.start, c.end) for c in mine(w, "Hierarchy")}


def test_memos_on_a_coding_a_code_and_a_source(qtbot, project, make_window):
    from coding import edits

    w = make_window(project, PRIYA)
    target = next(c for c in w.document_view.codings() if c.coder == PRIYA)
    w.document_view.select_codepoints(target.start, target.start)
    dialog = w.coding.memo_at_cursor(target)
    dialog.editor.setPlainText("Borderline: discuss")
    dialog.accept()
    settle(qtbot, w)
    assert next(c for c in w.document_view.codings() if c.uuid == target.uuid).memo == "Borderline: discuss"
    code = node(w, "Hierarchy")
    w.codebook_actions._on_panel_code_memo_requested(code).editor.setPlainText("Watch for assessment roles")
    w.codebook_actions.w.findChildren(type(dialog))[-1].accept()
    settle(qtbot, w)
    source = w.coding.memo_on_source()
    source.editor.setPlainText("Audio poor from 20:00")
    source.accept()
    settle(qtbot, w)
    assert w.status_label.text().startswith("Memo on ") and w.status_label.text().endswith(": saved.")
    with open_project(project) as store, store.session() as s:
        me = w.workspace.me.uuid
        assert edits.memo_text(s, edits.MemoTarget("code", code.uuid), me) == "Watch for assessment roles"
        doc = w.document_view.document()
        assert edits.memo_text(s, edits.MemoTarget("source", doc.uuid), me) == "Audio poor from 20:00"
    with open_project(project) as store, store.session() as s:
        made = edits.memo_record(s, edits.MemoTarget("source", doc.uuid), me)
    w.action_undo.trigger()
    settle(qtbot, w)
    assert w.status_label.text().startswith("Undone: Memo on ")  # not "saved" again once the undo has run
    with open_project(project) as store, store.session() as s:
        assert edits.memo_text(s, edits.MemoTarget("source", doc.uuid), me) == ""
    w.action_redo.trigger()
    settle(qtbot, w)
    with open_project(project) as store, store.session() as s:
        assert edits.memo_record(s, edits.MemoTarget("source", doc.uuid), me).uuid == made.uuid


def test_next_uncoded_unit_goes_to_a_turn_with_none_of_my_codings(qtbot, project, make_window):
    w = make_window(project, PRIYA)
    w.document_view.select_codepoints(0, 0)
    assert w.coding.go_uncoded(False)
    settle(qtbot, w)
    start, end = w.document_view.selection_codepoints()
    section = w.document_view.section_at(start)
    assert (section.start, section.end) == (start, end) and not section.is_moderator
    assert not [c for c in mine(w, "") if c.start < end and c.end > start]
    assert w.coding.go_uncoded(False)
    settle(qtbot, w)
    second = w.document_view.selection_codepoints()
    assert second[0] > start
    assert w.coding.go_uncoded(True)  # Shift+F8 goes back to the first, not nowhere
    settle(qtbot, w)
    assert w.document_view.selection_codepoints() == (start, end)
    w.codebook_panel.select_path(node(w, "Hierarchy").path)
    assert w.coding.code_unit()  # Ctrl+U right after F8 codes the unit F8 found
    settle(qtbot, w)
    assert (start, end) in {(c.start, c.end) for c in mine(w, "Hierarchy")}


def test_astral_characters_are_coded_at_code_point_offsets(qtbot, tmp_path, make_window):
    from coding import codebook, coders, sources
    from coding.text import sha256

    text = "Ana: 😀😀 great mentor 𝄞 really.\n"
    path = tmp_path / "emoji.tandem"
    with create_project(path) as store, store.transaction(access.system("t")) as s:
        sources.add_source(s, "e", "document", text, sha256(text.encode()))
        codebook.ensure_path(s, "Positive")
        coders.create_coder(s, PRIYA)
    w = make_window(path, PRIYA)
    start = text.index("great mentor")
    w.document_view.select_codepoints(start, start + len("great mentor 𝄞"))
    assert w.coding.apply_key(1)
    settle(qtbot, w)
    [(code, _coder, a, b, _memo)] = fresh_codings(path)
    assert text[a:b] == "great mentor 𝄞"


def test_dragging_the_end_of_a_coding_moves_it_and_undo_puts_it_back(qtbot, project, make_window):
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QTextCursor

    w = make_window(project, PRIYA)
    w.show()
    qtbot.waitExposed(w)
    view = w.document_view
    target = next(c for c in view.codings() if c.coder == PRIYA and c.end - c.start > 10)
    view.select_codepoints(target.start, target.start)

    def point_at(cp: int) -> QPoint:
        cursor = QTextCursor(view.text.document())
        cursor.setPosition(view._map.to_utf16(cp))
        rect = view.text.cursorRect(cursor)
        return QPoint(rect.x(), rect.center().y())

    grip = point_at(target.end)
    assert view.boundary_at(grip) == (target, "end")
    assert view.boundary_at(point_at(target.start) + QPoint(0, 0))[1] == "start"
    new_end = target.end - 5
    qtbot.mousePress(view.text.viewport(), Qt.MouseButton.LeftButton, pos=grip)
    qtbot.mouseMove(view.text.viewport(), pos=point_at(new_end))
    qtbot.mouseRelease(view.text.viewport(), Qt.MouseButton.LeftButton, pos=point_at(new_end))
    settle(qtbot, w)
    now = next(c for c in view.codings() if c.uuid == target.uuid)
    text = view.document().text
    assert now.start == target.start and now.end < target.end  # snapped to the word before
    assert not text[now.end - 1].isspace()
    w.action_undo.trigger()
    settle(qtbot, w)
    now = next(c for c in view.codings() if c.uuid == target.uuid)
    assert (now.start, now.end) == (target.start, target.end)
    assert view.boundary_at(point_at(target.start + 3)) is None  # the middle of a coding grabs nothing


def test_the_apply_button_applies_the_selected_code_to_the_selection(qtbot, project, make_window):
    w = make_window(project, PRIYA)
    start, end = select(w, QUOTE)
    w.codebook_panel.select_path(node(w, "Hierarchy").path)
    assert w.codebook_panel.apply_button.isEnabled()
    w.codebook_panel.apply_button.click()
    settle(qtbot, w)
    assert (start, end) in {(c.start, c.end) for c in mine(w, "Hierarchy")}
    w.codebook_panel.apply_button.click()  # nothing selected any more: a hint, nothing applied
    settle(qtbot, w)
    assert "Select some text first" in w.status_label.text()


def test_the_database_work_of_an_edit_and_its_undo_runs_off_the_gui_thread(qtbot, project, make_window):
    import threading

    from sqlalchemy import event

    w = make_window(project, PRIYA)
    committed_on = []
    event.listen(w.store.engine, "commit", lambda _conn: committed_on.append(threading.current_thread()))
    select(w, QUOTE)
    w.document_view.text.setFocus()
    w.coding.number_actions[0].trigger()
    settle(qtbot, w)
    w.action_undo.trigger()
    settle(qtbot, w)
    assert len(committed_on) == 2 and threading.main_thread() not in committed_on
