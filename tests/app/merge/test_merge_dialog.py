"""File › Merge Project…: the dry run lists what the other copy brings and
where the copies disagree, the choice is made in the dialog, the merge
writes a backup first and the window shows the other coder's work."""
from __future__ import annotations

import shutil

from app.shell.main_window import MainWindow
from coding import access, codebook, coders, codings, sources
from storage import open_project
from tests.app.helpers import open_as

WAIT = 20000


def test_merging_another_copy_from_the_file_menu(qtbot, demo_copy, tmp_path):
    other = tmp_path / "daniel.tandem"
    shutil.copy(demo_copy, other)
    with open_project(other) as store, store.transaction(access.system("t")) as s:
        daniel = coders.get_coder(s, "Daniel Osei")
        survey = sources.get_source(s, "Mentor survey")
        code = codebook.ensure_path(s, "Programme outcomes/Benefits/Peer support")
        codings.apply_coding(s, survey, code, daniel, 0, 12)
        codebook.rename_code(s, codebook.get_code(s, "Programme outcomes/Benefits/Career guidance"), "Careers")
    w = MainWindow()
    qtbot.addWidget(w)
    open_as(qtbot, w, demo_copy, "Priya Raman")
    assert w.merges.action.isEnabled()
    dialog = w.merges.open(other)
    with qtbot.waitSignal(dialog.sig_plan_ready, timeout=WAIT) as plan:
        pass
    report = plan.args[0]
    assert report.added["codings"] == 1 and report.added["codes"] == 1
    assert "renamed" in dialog.summary.toPlainText() and dialog.choices["codebook"].isEnabled()
    dialog.choices["codebook"].setCurrentIndex(1)  # the other copy's name wins
    with qtbot.waitSignal(dialog.sig_merge_finished, timeout=WAIT):
        dialog.merge_button.click()
    assert list(tmp_path.parent.glob("**/*.backup-*-before-merge"))
    qtbot.waitUntil(lambda: any(n.name == "Peer support" for n in w.code_nodes()), timeout=WAIT)
    assert any(n.name == "Careers" for n in w.code_nodes())
