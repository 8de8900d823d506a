"""The Themes view on the demo study, driven as an author would: themes with
counts per respondent group, quotes pinned from the coded segments and from
the suggestions, reordered, edited, unpinned and put back with undo, the
original passage one double-click away, codes gathered by drag and drop, and
the themes' depth chosen — each step through the core, read back from the
project file."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QByteArray, QMimeData, Qt
from PySide6.QtWidgets import QDialogButtonBox

from app.document.text_pane import CODE_MIME
from app.themes.themes_model import KIND_ROLE
from coding import codebook, quotes, themes
from storage import open_project
from tests.app.helpers import settle, shown_window

WAIT = 20000


@pytest.fixture
def window(qtbot, demo_copy):
    w = shown_window(qtbot, demo_copy)
    with qtbot.waitSignal(w.themes_panel.sig_overview_loaded, timeout=WAIT):
        w.action_themes.trigger()
    return w


def _theme_index(panel, name):
    model = panel.model
    for c in range(model.rowCount()):
        cat = model.index(c, 0)
        for t in range(model.rowCount(cat)):
            if model.index(t, 0, cat).data(Qt.ItemDataRole.DisplayRole).split(" (")[0] == name:
                return model.index(t, 0, cat)
    raise AssertionError(name)


def _stored_quotes(path, theme_name):
    with open_project(path) as store, store.session() as s:
        theme = next(c for c, _d in codebook.walk(s) if c.name == theme_name)
        return quotes.quotes_of(s, str(theme.uuid))


def _pin_via_suggestions(qtbot, w, theme_name):
    panel = w.themes_panel
    panel.tree.setCurrentIndex(_theme_index(panel, theme_name))
    panel.action_suggest.trigger()
    dialog = w.themes_actions.suggest_dialog
    with qtbot.waitSignal(dialog.sig_suggestions_ready, timeout=WAIT) as found:
        pass
    return dialog, found.args[0]


def test_the_view_shows_categories_themes_descriptions_and_cases_per_group(window):
    panel = window.themes_panel
    model = panel.model
    assert model.headers() == ["Theme / quote", "Segments", "Mentee (n=23)", "Mentor (n=15)", "Description"]
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == [
        "Positive influences", "Negative influences", "Benefits", "Areas for improvement"]
    recognition = _theme_index(panel, "Recognition for mentors")
    with open_project(window.store.path) as store, store.session() as s:
        expected = next(t for t in themes.overview(s, window.acting(), group_by="group").themes()
                        if t.name == "Recognition for mentors")
    assert recognition.siblingAtColumn(1).data() == expected.segments
    assert recognition.siblingAtColumn(3).data() == expected.cases.get("Mentor", 0) > 0
    printed = expected.summary or expected.description  # what the theme table prints
    assert recognition.siblingAtColumn(4).data() == printed.splitlines()[0][:120] \
        or recognition.siblingAtColumn(4).data().endswith("…")
    assert expected.summary and recognition.siblingAtColumn(4).data().startswith(expected.summary[:40])
    panel.tree.setCurrentIndex(recognition)
    assert "of 15 Mentor" in panel.detail.toPlainText() and "Drag a code" in panel.detail.toPlainText()
    assert "coded segments in the consensus layer" in panel.detail.toPlainText()  # not "in Consensus's codings"
    assert not panel.action_edit.isEnabled() and panel.action_suggest.isEnabled()


def test_suggestions_pin_quotes_that_can_be_reordered_edited_and_unpinned_with_undo(qtbot, window):
    w, panel = window, window.themes_panel
    dialog, n = _pin_via_suggestions(qtbot, w, "Matching process")
    assert n >= 2 and "typical of the theme" in dialog.model.index(0, 1).data()
    picks = [dialog.model.row_at(i) for i in range(2)]
    for row in range(2):
        dialog.table.selectRow(row)
        with qtbot.waitSignal(panel.sig_overview_loaded, timeout=WAIT):
            qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
            settle(qtbot, w)
    dialog.close()
    w.activateWindow()  # shortcuts reach the active window
    qtbot.waitUntil(w.isActiveWindow, timeout=WAIT)
    stored = _stored_quotes(w.store.path, "Matching process")
    assert [q.coding_uuid for q in stored] == [p.coding_uuid for p in picks]
    theme = _theme_index(panel, "Matching process")
    assert panel.model.rowCount(theme) == 2
    last = panel.model.columnCount() - 1  # where each quote is: the source, then the speaker or respondent
    places = [panel.model.index(r, last, theme).data() for r in range(2)] + [dialog.model.index(r, 2).data()
                                                                              for r in range(2)]
    assert all(("·" in p or ", " in p) and "[" not in p for p in places), places
    # the first quote moves down with the keyboard
    panel.tree.setCurrentIndex(panel.model.index(0, 0, theme))
    panel.tree.setFocus()
    with qtbot.waitSignal(panel.sig_overview_loaded, timeout=WAIT):
        qtbot.keyClick(panel.tree, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
        settle(qtbot, w)
    assert [q.uuid for q in _stored_quotes(w.store.path, "Matching process")] == [stored[1].uuid, stored[0].uuid]
    assert panel.current_uuid() == stored[0].uuid  # the selection follows the quote
    # unpin it, then undo brings it back in its place
    with qtbot.waitSignal(panel.sig_overview_loaded, timeout=WAIT):
        qtbot.keyClick(panel.tree, Qt.Key.Key_Delete)
        settle(qtbot, w)
    assert [q.uuid for q in _stored_quotes(w.store.path, "Matching process")] == [stored[1].uuid]
    with qtbot.waitSignal(panel.sig_overview_loaded, timeout=WAIT):
        w.action_undo.trigger()
        settle(qtbot, w)
    assert [q.uuid for q in _stored_quotes(w.store.path, "Matching process")] == [stored[1].uuid, stored[0].uuid]


def test_a_quote_is_edited_faithfully_and_its_passage_is_one_double_click_away(qtbot, window):
    w, panel = window, window.themes_panel
    dialog, _n = _pin_via_suggestions(qtbot, w, "Time pressure")
    with qtbot.waitSignal(panel.sig_overview_loaded, timeout=WAIT):
        dialog.pin_current()
        settle(qtbot, w)
    dialog.close()
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow, timeout=WAIT)
    quote_index = panel.model.index(0, 0, _theme_index(panel, "Time pressure"))
    panel.tree.setCurrentIndex(quote_index)
    panel.tree.setFocus()
    qtbot.keyClick(panel.tree, Qt.Key.Key_F2)
    editor = w.themes_actions.quote_dialog
    save = editor.buttons.button(QDialogButtonBox.StandardButton.Save)
    original = editor.edited()
    editor.text.setPlainText(original + " And nobody cared.")
    assert not save.isEnabled() and "Not a faithful quotation" in editor.check.text()
    words = original.split()
    cursor = editor.text.textCursor()  # cut the middle words with the Cut button
    editor.text.setPlainText(original)
    start = len(" ".join(words[:3])) + 1
    cursor.setPosition(start)
    cursor.setPosition(start + len(" ".join(words[3:-3])), cursor.MoveMode.KeepAnchor)
    editor.text.setTextCursor(cursor)
    editor.cut.click()
    assert "…" in editor.edited() and save.isEnabled() and "Faithful" in editor.check.text()
    edited = editor.edited()
    with qtbot.waitSignal(panel.sig_overview_loaded, timeout=WAIT):
        save.click()
        settle(qtbot, w)
    [stored] = _stored_quotes(w.store.path, "Time pressure")
    assert stored.text == edited and stored.original.split() == original.split()
    assert "Original passage" in panel.detail.toPlainText()
    # double-click: the source opens with the passage selected
    quote_index = panel.model.index(0, 0, _theme_index(panel, "Time pressure"))
    panel.tree.doubleClicked.emit(quote_index)
    qtbot.waitUntil(lambda: (w.document_view.document() or None) is not None
                    and w.document_view.document().uuid == stored.source_uuid, timeout=WAIT)
    qtbot.waitUntil(lambda: w.document_view.selection_codepoints() == (stored.start, stored.end), timeout=WAIT)


def test_a_code_dropped_on_a_theme_is_gathered_under_it_and_undo_puts_it_back(qtbot, window):
    w, panel = window, window.themes_panel
    hierarchy = next(n for n in w.code_nodes() if n.name == "Hierarchy")
    target = _theme_index(panel, "Mismatch of expectations")
    data = QMimeData()
    data.setData(CODE_MIME, QByteArray(hierarchy.uuid.encode()))
    assert panel.model.canDropMimeData(data, Qt.DropAction.MoveAction, -1, 0, target)
    with qtbot.waitSignal(panel.sig_overview_loaded, timeout=WAIT):
        panel.model.dropMimeData(data, Qt.DropAction.MoveAction, -1, 0, target)
        settle(qtbot, w)
    gathered = next(t for t in panel.model.overview.themes() if t.name == "Mismatch of expectations")
    assert gathered.codes == ("Hierarchy",)
    assert "Hierarchy" not in [t.name for t in panel.model.overview.themes()]
    with qtbot.waitSignal(panel.sig_overview_loaded, timeout=WAIT):
        w.action_undo.trigger()
        settle(qtbot, w)
    assert "Hierarchy" in [t.name for t in panel.model.overview.themes()]


def test_a_quote_cannot_be_dropped_on_another_theme(window):
    panel = window.themes_panel
    data = QMimeData()
    data.setData("application/x-tandem-quote", QByteArray(b"not-a-quote-of-this-theme"))
    assert not panel.model.canDropMimeData(data, Qt.DropAction.MoveAction, 0, 0,
                                           _theme_index(panel, "Hierarchy"))


def test_the_themes_depth_is_chosen_in_the_view_kept_in_the_project_and_undone(qtbot, window):
    w, panel = window, window.themes_panel
    assert panel.depth.value() == 2
    with qtbot.waitSignal(panel.sig_overview_loaded, timeout=WAIT):
        panel.depth.setValue(1)
        settle(qtbot, w)
    model = panel.model
    assert model.overview.depth == 1
    assert model.index(0, 0).data(KIND_ROLE) == "category" and model.index(0, 0).data() == \
        "Influences on the relationship"
    with open_project(w.store.path) as store, store.session() as s:
        assert themes.theme_depth(s) == 1
    with qtbot.waitSignal(panel.sig_overview_loaded, timeout=WAIT):
        w.action_undo.trigger()
        settle(qtbot, w)
    assert panel.model.overview.depth == 2


def test_counts_in_the_view_and_the_suggestions_read_as_words(qtbot, window):
    panel = window.themes_panel
    assert "(s)" not in panel.status.text() and "pinned quotes" in panel.status.text()
    panel.tree.setCurrentIndex(_theme_index(panel, "Matching process"))
    assert "0 pinned quotes." in panel.detail.toPlainText() and "(s)" not in panel.detail.toPlainText()
    dialog, n = _pin_via_suggestions(qtbot, window, "Matching process")
    assert dialog.status.text() == f"{n} suggestions."


def test_suggestions_mark_the_passages_pinned_already(qtbot, window):
    w, panel = window, window.themes_panel
    dialog, _n = _pin_via_suggestions(qtbot, w, "Hierarchy")
    assert dialog.model.headerData(3, Qt.Orientation.Horizontal) == "" and not dialog.model.index(0, 3).data()
    dialog.table.selectRow(0)
    with qtbot.waitSignal(panel.sig_overview_loaded, timeout=WAIT):
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
        settle(qtbot, w)
    assert dialog.model.index(0, 3).data() == "pinned" and not dialog.model.index(1, 3).data()
    with qtbot.assertNotEmitted(dialog.sig_pin_requested):
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return)  # the same row again
    assert "pinned to Hierarchy already" in dialog.status.text()
    assert len(_stored_quotes(w.store.path, "Hierarchy")) == 1
    dialog.close()
    again, _n = _pin_via_suggestions(qtbot, w, "Hierarchy")  # read from the project, not remembered
    assert again is not dialog and again.model.index(0, 3).data() == "pinned"
