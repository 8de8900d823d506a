"""Help lists every keyboard shortcut from the actions themselves and shows
the version; the window's size and docks are remembered; turning blind
coding off asks first."""
from __future__ import annotations

from app.shell.help_menu import REVIEW_KEYS, ShortcutsDialog, shortcuts, version
from app.shell.main_window import MainWindow
from app.workspace.commands import RenameCode
from tests.app.helpers import settle, shown_window


def test_the_shortcuts_page_reads_the_actions(qtbot):
    w = MainWindow()
    qtbot.addWidget(w)
    places = dict(shortcuts(w))
    menus = dict(places["Main window"])
    assert menus["Ctrl+Shift+H"] == "Analysis › Themes and Quotes" and menus["Ctrl+Shift+D"] == "Analysis › Reconcile"
    assert menus["F1"] == "Help › Keyboard Shortcuts" and menus["F8"] == "Coding › Next Uncoded Unit"
    dialog = ShortcutsDialog(w)
    assert "Themes and Quotes" in dialog.view.toPlainText()
    assert version() and w.action_readme.isEnabled()


def test_one_line_a_key_in_plain_words_grouped_by_where_it_works(qtbot, demo_copy):
    w = shown_window(qtbot, demo_copy, "Priya Raman")
    w.push_step("Rename", lambda ws: RenameCode(ws, w.code_nodes()[1].uuid, w.code_nodes()[1].name, "Renamed",
                                                w.code_nodes()[1].version))
    settle(qtbot, w)
    assert w.action_undo.text() != "&Undo"  # it names the step to undo
    places = shortcuts(w)
    for where, lines in places:
        keys = [k for k, _ in lines]
        assert len(keys) == len(set(keys)), where  # one line a key
        assert not [k for k in keys if "/" in k or "F14" in k or k in ("Undo", "Redo")]  # no platform aliases
        assert not [v for _, v in lines if "[" in v or "'" in v or v.endswith("…")]  # plain names
    found = dict(places)
    assert dict(found["Main window"])["Ctrl+Z"] == "Edit › Undo"
    assert [v for _, v in found["Main window"]].count("Edit › Undo") == 1
    codebook = dict(found["Codebook (when it has the keyboard focus)"])
    assert codebook == {"F2": "Rename", "Ctrl+E": "Edit Definition", "Del": "Delete"}
    assert dict(found["Themes view (when it has the keyboard focus)"])["Del"] == "Unpin"
    assert "Pin as Representative Quote" in dict(found["Coded segments view (when it has the keyboard focus)"]).values()
    assert dict(found["Review window"])["A"] == "Accept A"


def test_the_review_keys_listed_before_it_opens_are_its_own(qtbot, demo_copy):
    w = shown_window(qtbot, demo_copy, "Priya Raman")
    before = dict(shortcuts(w))["Review window"]
    assert before == list(REVIEW_KEYS)
    w.open_review()
    assert sorted(dict(shortcuts(w))["Review window"]) == sorted(REVIEW_KEYS)


def test_the_window_remembers_its_size_and_docks(qtbot):
    first = MainWindow()
    qtbot.addWidget(first)
    first.show()
    first.resize(720, 520)  # (widened to what its docks need)
    first.themes_dock.show()
    qtbot.waitUntil(lambda: first.size().height() == 520)
    size = first.size()
    first.close()
    second = MainWindow()
    qtbot.addWidget(second)
    second.show()
    qtbot.waitUntil(lambda: second.size() == size)
    assert second.themes_dock.isVisible()
