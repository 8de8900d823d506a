"""Help lists every keyboard shortcut from the actions themselves and shows
the version; the window's size and docks are remembered; turning blind
coding off asks first."""
from __future__ import annotations

from app.shell.help_menu import ShortcutsDialog, shortcuts, version
from app.shell.main_window import MainWindow


def test_the_shortcuts_page_reads_the_actions(qtbot):
    w = MainWindow()
    qtbot.addWidget(w)
    keys = dict(shortcuts(w))
    assert keys["Ctrl+Shift+H"] == "Themes and Quotes" and keys["Ctrl+Shift+D"] == "Reconcile"
    assert keys["F1"] == "Keyboard Shortcuts" and "F8 / Shift+F8" in keys
    dialog = ShortcutsDialog(w)
    assert "Themes and Quotes" in dialog.view.toPlainText()
    assert version() and w.action_readme.isEnabled()


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
