"""Help: the keyboard shortcuts (read from the actions themselves, so the
page never drifts from what the keys do), the README, and About with the
version."""
from __future__ import annotations

import html
import re
from importlib import metadata
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMenu, QMessageBox, QTextBrowser, QVBoxLayout, QWidget

README = Path(__file__).resolve().parents[2] / "README.md"
# keys on a plain keyboard, with or without modifiers: no platform aliases (F14, the Undo key)
_NAMED_KEYS = {Qt.Key.Key_Escape, Qt.Key.Key_Tab, Qt.Key.Key_Backspace, Qt.Key.Key_Return, Qt.Key.Key_Enter,
               Qt.Key.Key_Insert, Qt.Key.Key_Delete, Qt.Key.Key_Home, Qt.Key.Key_End, Qt.Key.Key_Left,
               Qt.Key.Key_Up, Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown}
_APPLY_N = re.compile(r"Apply code [1-9]$")
# the review window's keys while it is not open (a test holds them to its actions)
REVIEW_KEYS = (("A", "Accept A"), ("B", "Accept B"), ("H", "Both"), ("N", "Neither"), ("E", "Edit boundaries"),
               ("S", "Skip"), ("J", "Next"), ("K", "Previous"), ("Ctrl+E", "Edit definition"),
               ("Ctrl+Z", "Undo"), ("Ctrl+Shift+Z", "Redo"))
FOCUS = " (when it has the keyboard focus)"


def version() -> str:
    try:
        return metadata.version("tandem-qda")
    except metadata.PackageNotFoundError:
        return "development copy"


def _key(action) -> str:
    """The action's key, as on the keyboard: the first of its bindings that is
    a plain key (the others are the platform's aliases: F14, the Undo key, Alt+Backspace)."""
    for sequence in action.shortcuts():
        if sequence.count() != 1:
            continue
        key = sequence[0].key()
        if 0x20 <= key.value <= 0x7E or key in _NAMED_KEYS or Qt.Key.Key_F1.value <= key.value <= Qt.Key.Key_F12.value:
            return sequence.toString(QKeySequence.SequenceFormat.NativeText)
    return ""


def _name(action) -> str:
    """What the action does, in plain words: no '&', no '…', no key repeated
    ('Accept A  [A]'), no undo step's name ('Undo Pin quote to …')."""
    text = re.sub(r"\s*\[[^]]*\]$", "", action.text().replace("&&", "\0").replace("&", "").replace("\0", "&"))
    text = re.sub(r"\s*\(\w\)$", "", text).rstrip("…").strip()
    verb = re.match(r"(Undo|Redo)\b", text)
    return verb.group(1) if verb else text


def _menu_lines(window, seen: set) -> list[tuple[str, str]]:
    """The main window's menus in their order: (key, 'Menu › Item'); ``seen`` gets their actions."""
    lines = []

    def walk(menu, path: str) -> None:
        for action in menu.actions():
            if action.menu() is not None:
                walk(action.menu(), f"{path} › {_name(action)}")
            elif _name(action):
                seen.add(action)
                if _key(action):
                    lines.append((_key(action), f"{path} › {_name(action)}"))

    for top in window.menuBar().actions():
        if top.menu() is not None:
            walk(top.menu(), top.text().replace("&", ""))
    return lines


def shortcuts(window) -> list[tuple[str, list[tuple[str, str]]]]:
    """(where, [(key, what it does)]) for every key of the window, one line a
    key, read from the actions themselves: the menus first, then each part
    of the window whose keys work while it has the focus, then the review window."""
    menu_actions: set = set()
    places = [("Main window", _menu_lines(window, menu_actions))]
    parts = ((window.codebook_panel, "Codebook" + FOCUS), (window.document_view, "Document" + FOCUS),
             (window.themes_panel, "Themes view" + FOCUS), (window.retrieval_panel, "Coded segments view" + FOCUS))
    review = window.review_window
    if review is not None:
        parts += ((review, "Review window"),)
    found: dict[str, dict[str, str]] = {title: {} for _, title in parts}
    for action in window.findChildren(QAction):
        widgets = [o for o in action.associatedObjects() if isinstance(o, QWidget) and not isinstance(o, QMenu)]
        title = next((t for part, t in parts for w in widgets if w is part or part.isAncestorOf(w)), None)
        if title is None or not _name(action) or action in menu_actions:
            continue  # a menu's action works anywhere in the window: listed once, with its menu
        if _APPLY_N.match(action.text()):
            found[title].setdefault("1 … 9", "Apply the code with that number to the selected text")
        elif _key(action):
            found[title].setdefault(_key(action), _name(action))
    if review is None:
        found["Review window"] = dict(REVIEW_KEYS)
    places += [(title, list(keys.items())) for title, keys in found.items() if keys]  # in the order made
    return places


class ShortcutsDialog(QDialog):
    def __init__(self, window):
        super().__init__(window)
        self.setObjectName("shortcuts_dialog")
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(560, 620)
        self.view = QTextBrowser()
        parts = []
        for where, lines in shortcuts(window):
            rows = "".join(f"<tr><td><b>{html.escape(k)}</b></td><td>&nbsp;&nbsp;{html.escape(v)}</td></tr>"
                           for k, v in lines)
            parts.append(f"<h3>{html.escape(where)}</h3><table>{rows}</table>")
        self.view.setHtml("".join(parts))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        layout.addWidget(buttons)


def add_help_menu(window, menu) -> None:
    window.action_shortcuts = menu.addAction("&Keyboard Shortcuts", lambda: ShortcutsDialog(window).open())
    window.action_shortcuts.setShortcut(QKeySequence("F1"))
    window.action_readme = menu.addAction("Read &Me (Guide)", lambda: QDesktopServices.openUrl(
        QUrl.fromLocalFile(str(README))))
    window.action_readme.setEnabled(README.exists())
    menu.addSeparator()
    menu.addAction("&About Tandem", lambda: QMessageBox.about(
        window, "About Tandem",
        f"<b>Tandem</b> {html.escape(version())}<br>Qualitative thematic coding for pairs of coders.<br>"
        "Licensed under the GNU GPL, version 3 or later.<br>"
        f"Guide: <a href='{QUrl.fromLocalFile(str(README)).toString()}'>README</a>"))
