"""Before a project is open the window says how to start one, open one, or
look at the demo, instead of pointing to an empty list of sources."""
from __future__ import annotations

from app.shell.main_window import MainWindow
from tests.app.helpers import WAIT


def test_the_empty_window_points_to_new_open_and_the_demo(qtbot, demo_copy):
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    view = w.document_view
    assert view.title.text() == "No project open" and view.no_project.isVisible()
    hint = view.no_project.text()
    assert all(item in hint for item in ("File › New Project", "File › Open Project", "File › Open Demo Study"))
    assert "list on the left" not in view.title.text() + hint
    assert not view.text.isVisible() and not view.coder_label.isVisible()
    with qtbot.waitSignal(w.sig_document_loaded, timeout=WAIT):
        assert w.open_path(demo_copy)
    assert not view.no_project.isVisible() and view.text.isVisible()
