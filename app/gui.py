"""Starting the GUI."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

from PySide6.QtWidgets import QApplication

from app import settings
from app.settings import APPLICATION, ORGANISATION


def startup_project(explicit: Optional[Path | str]) -> Optional[Path | str]:
    """Which project to open: the one asked for (a file, or a team server's
    address); on first start the demo study (``DEMO``: built once the window
    is on screen); else the most recent project file that still exists (a
    server is reopened from File › Open Recent, which may ask for a password)."""
    if explicit is not None:
        return explicit
    if not settings.get("startup/demo_shown"):
        settings.put("startup/demo_shown", True)
        return DEMO
    for recent in settings.get("recent/projects"):
        if Path(recent).exists():
            return Path(recent)
    return None


DEMO = "demo"  # startup_project's answer on first start


def make_window(path: Optional[Path | str]):
    from app.shell.main_window import MainWindow

    window = MainWindow()
    target = startup_project(path)
    if target is DEMO:
        _build_demo(window)
    elif isinstance(target, str):
        window.server.open_location(target)  # connects in a worker; the dialog says why if it cannot
    elif target is not None:
        window.open_path(target)
    return window


def _build_demo(window) -> None:
    """The demo study, built in a worker (a few seconds, the first time)
    while the window says so, then opened."""
    from app.common import worker
    from app.demo import default_demo_path, ensure_demo

    window.status_label.setText("Building the demo study (a fictional mentorship evaluation)…")
    task = worker.Task(lambda _progress: ensure_demo(default_demo_path()))
    task.signals.sig_result_ready.connect(window.open_path)
    task.signals.sig_task_failed.connect(
        lambda exc: window.status_label.setText(f"The demo study could not be built: {exc}"))
    window._demo_task = task  # kept while it runs
    worker.start(task)


def missing_display_libraries() -> list[str]:
    """The Debian packages Qt's X11 (xcb) platform plugin needs that this
    machine lacks — empty when none are missing or no X11 display is used."""
    import ctypes.util
    import os

    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if not sys.platform.startswith("linux") or not os.environ.get("DISPLAY") or platform not in ("", "xcb"):
        return []
    needed = {"libxcb-cursor0": "xcb-cursor", "libxkbcommon-x11-0": "xkbcommon-x11", "libxcb-icccm4": "xcb-icccm",
              "libxcb-keysyms1": "xcb-keysyms", "libxcb-shape0": "xcb-shape", "libxcb-randr0": "xcb-randr",
              "libxcb-render-util0": "xcb-render-util", "libxcb-image0": "xcb-image"}
    return [package for package, library in needed.items() if ctypes.util.find_library(library) is None]


def run(path: Optional[Path | str] = None) -> int:
    missing = missing_display_libraries()
    if missing:  # Qt would stop with a plugin error that names no package
        print("tandem: the window needs X11 libraries this machine lacks; install them with\n"
              f"  sudo apt-get install -y {' '.join(missing)}\n"
              "(./run-demo.sh does this for you)", file=sys.stderr)
        return 1
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    window = make_window(path)
    window.show()
    return app.exec()
