"""File › Back Up Now and File › Restore from Backup… on the demo study: the
backup is listed with its date and size, restoring closes the project, puts
the copy in its place and opens it again, keeping the project as it was."""
from __future__ import annotations

from app.shell.main_window import MainWindow
from coding import access, coders
from storage import backups, open_project
from tests.app.helpers import open_as

WAIT = 20000


def test_back_up_then_restore_from_the_file_menu(qtbot, demo_copy):
    w = MainWindow()
    qtbot.addWidget(w)
    open_as(qtbot, w, demo_copy, "Priya Raman")
    w.action_backup.trigger()
    qtbot.waitUntil(lambda: len(backups.list_backups(demo_copy)) == 1, timeout=WAIT)
    qtbot.waitUntil(lambda: w.status_label.text().startswith("Wrote the backup"), timeout=WAIT)
    with w.store.transaction(access.system("t")) as s:
        coders.create_coder(s, "Added after the backup")
    w.action_restore.trigger()
    dialog = w.backups.restore_dialog
    assert dialog.model.rowCount() == 1 and dialog.model.index(0, 1).data() == "asked"
    assert dialog.model.index(0, 2).data().endswith("MB") and dialog.restore_button.isEnabled()
    dialog.confirm = False
    with qtbot.waitSignal(w.sig_project_restored, timeout=WAIT):
        dialog.restore_button.click()
    assert w.store is not None and w.store.path == demo_copy
    with open_project(demo_copy) as store, store.session() as s:
        assert coders.find_coder(s, "Added after the backup") is None
    kept = [b for b in backups.list_backups(demo_copy) if b.why == "before-restore"]
    assert len(kept) == 1 and w.status_label.text().endswith(f"kept as {kept[0].path.name}.")
    with open_project(kept[0].path) as store, store.session() as s:  # nothing is lost: it is in the copy kept
        assert coders.find_coder(s, "Added after the backup") is not None
