"""Help: the keyboard shortcuts (read from the actions themselves, so the
page never drifts from what the keys do), the README, and About with the
version."""
from __future__ import annotations

import html
from importlib import metadata
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox, QTextBrowser, QVBoxLayout

README = Path(__file__).resolve().parents[2] / "README.md"
# keys handled by widgets rather than by actions
DOCUMENT_KEYS = (("1 … 9", "apply the code with that number to the selected text"),
                 ("F8 / Shift+F8", "the next / previous turn or response you have not coded"),
                 ("Alt+Shift+→ / ←", "move a coding's end"), ("Alt+Ctrl+← / →", "move a coding's start"),
                 ("A, B, H, N, E, S, J, K", "in the review: decide, edit boundaries, skip, next, previous"))


def version() -> str:
    try:
        return metadata.version("tandem-qda")
    except metadata.PackageNotFoundError:
        return "development copy"


def shortcuts(window) -> list[tuple[str, str]]:
    """(keys, what they do) of every action of the window that has a shortcut."""
    found: dict[str, str] = {}
    for action in window.findChildren(QAction):
        keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts() if not k.isEmpty()]
        text = action.text().replace("&", "").rstrip("…").strip()
        if keys and text:
            found.setdefault(" / ".join(keys), text)
    return sorted(found.items(), key=lambda kv: kv[1].lower()) + list(DOCUMENT_KEYS)


class ShortcutsDialog(QDialog):
    def __init__(self, window):
        super().__init__(window)
        self.setObjectName("shortcuts_dialog")
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(560, 620)
        self.view = QTextBrowser()
        rows = "".join(f"<tr><td><b>{html.escape(k)}</b></td><td>&nbsp;&nbsp;{html.escape(v)}</td></tr>"
                       for k, v in shortcuts(window))
        self.view.setHtml(f"<table>{rows}</table>")
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
