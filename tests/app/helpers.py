"""Driving the main window as a given coder."""
from __future__ import annotations

from coding import views

WAIT = 10000


def coder(window, name: str):
    with window.store.session() as s:
        return next(c for c in views.coder_summaries(s) if c.name == name)


def open_as(qtbot, window, path, name: str):
    """Open ``path`` and code as ``name`` (as if chosen in the dialog)."""
    with qtbot.waitSignal(window.sig_document_loaded, timeout=WAIT):
        assert window.open_path(path)
    if window.identity_dialog is not None:
        window.identity_dialog.close()
    with qtbot.waitSignal(window.sig_document_loaded, timeout=WAIT):
        window.set_identity(coder(window, name))
    return window


def settle(qtbot, window) -> None:
    """Until the window's workspace has carried out every step asked for
    (edits, undo and redo run in its worker, one after another)."""
    ws = window.workspace
    if ws is not None:
        qtbot.waitUntil(lambda: not ws.busy, timeout=WAIT)


def shown_window(qtbot, path, name: str = "Priya Raman"):
    """A main window on the screen with ``path`` open as ``name``."""
    from app.shell.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    open_as(qtbot, window, path, name)
    window.show()
    qtbot.waitExposed(window)
    return window


def empty_window(qtbot, tmp_path, newcomer: str = ""):
    """A main window on the screen with a new, empty project open, asking who
    is coding; ``newcomer`` answers it, as a new coder of that name."""
    from app.shell.main_window import MainWindow
    from storage import create_project

    path = tmp_path / "new.tandem"
    create_project(path).close()
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    assert window.open_path(path)
    if newcomer:
        window.identity_dialog.new_name.setText(newcomer)
        with qtbot.waitSignal(window.sig_identity_chosen, timeout=WAIT):
            window.identity_dialog.accept()
    return window
