"""Opening another project leaves nothing of the previous one on screen: the
Coded segments pane's code, filter and rows, and the last message."""
from __future__ import annotations

from app.shell.main_window import MainWindow
from storage import create_project
from tests.app.helpers import WAIT, open_as


def test_opening_another_project_resets_what_belonged_to_the_first(qtbot, demo_copy, tmp_path):
    w = MainWindow()
    qtbot.addWidget(w)
    open_as(qtbot, w, demo_copy, "Priya Raman")
    node = next(n for n in w.code_nodes() if n.name == "Time pressure")
    panel = w.retrieval_panel
    panel.set_code(node)
    panel.value.setText("Mentor")
    panel.attribute.setCurrentIndex(panel.attribute.findData("group"))
    with qtbot.waitSignal(panel.sig_retrieval_finished, timeout=WAIT):
        panel.start()
    assert panel.model.rowCount() > 0
    w.status_label.setText("Pinned as a representative quote.")
    other = tmp_path / "other.tandem"
    create_project(other).close()
    assert w.open_path(other)
    assert panel.model.rowCount() == 0 and panel.value.text() == "" and "Time pressure" not in panel.code_label.text()
    assert "Pinned" not in w.status_label.text() and panel.start() is None
