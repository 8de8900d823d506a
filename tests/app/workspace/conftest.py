"""A demo project per test (copied from one build), opened in a main window
as a chosen coder."""
from __future__ import annotations

from pathlib import Path

import pytest

from app.shell.main_window import MainWindow
from coding import access, blind, coders
from storage import open_project
from tests.app.helpers import open_as


@pytest.fixture
def project(demo_copy) -> Path:
    return demo_copy


@pytest.fixture
def blind_project(project) -> Path:
    """The demo with independent (blind) coding switched back on."""
    with open_project(project) as store, store.transaction("Priya Raman") as s:
        blind.set_blind(s, access.of_coder(coders.get_coder(s, "Priya Raman")), True)
    return project


@pytest.fixture
def make_window(qtbot):
    def make(path: Path, coder: str) -> MainWindow:
        w = MainWindow()
        qtbot.addWidget(w)
        return open_as(qtbot, w, path, coder)
    return make


def fresh_codings(path: Path, coder: str | None = None) -> list[tuple[str, str, int, int, str]]:
    """What the project file holds now, read through a store of its own (as after a crash)."""
    from coding import codings

    with open_project(path) as store, store.session() as s:
        who = coders.get_coder(s, coder) if coder else None
        return sorted((seg.code, seg.coder, seg.start, seg.end, seg.memo) for seg in codings.retrieve(s, access.system("t"), coder=who))
