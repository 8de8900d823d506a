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
    address); on first start the demo study; else the most recent project
    file that still exists (a server is reopened from File › Open Recent,
    which may ask for a password)."""
    if explicit is not None:
        return explicit
    if not settings.get("startup/demo_shown"):
        from app.demo import default_demo_path, ensure_demo

        settings.put("startup/demo_shown", True)
        return ensure_demo(default_demo_path())
    for recent in settings.get("recent/projects"):
        if Path(recent).exists():
            return Path(recent)
    return None


def make_window(path: Optional[Path | str]):
    from app.shell.main_window import MainWindow

    window = MainWindow()
    target = startup_project(path)
    if isinstance(target, str):
        window.server.open_location(target)  # connects in a worker; the dialog says why if it cannot
    elif target is not None:
        window.open_path(target)
    return window


def run(path: Optional[Path | str] = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    window = make_window(path)
    window.show()
    return app.exec()
