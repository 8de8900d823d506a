"""File › Export › REFI-QDA Project / Codebook and File › Import REFI-QDA…:
written and read in workers, the summary shown before anything is written,
the project refreshed after, a refusal shown, Cancel writing nothing."""
from __future__ import annotations

import threading
import zipfile

from sqlalchemy import func, select

from app.importing.refi_dialog import RefiImportDialog, open_refi_import
from app.shell.main_window import MainWindow
from coding import access
from importers import refi_qda
from storage import create_project
from storage.models import Coding, Source

from tests.app.helpers import open_as

WAIT = 20000


def test_the_export_menu_writes_qdpx_and_qdc_in_a_worker(qtbot, demo_copy, tmp_path):
    main = MainWindow()
    qtbot.addWidget(main)
    open_as(qtbot, main, demo_copy, "Priya Raman")
    for kind, name in (("qdpx", "demo.qdpx"), ("qdc", "codes.qdc")):
        assert main.export_actions[kind].isEnabled()
        with qtbot.waitSignal(main.sig_export_written, timeout=WAIT) as blocker:
            main.exports.export_file(kind, tmp_path / name)
        assert blocker.args[0] == str(tmp_path / name)
    with zipfile.ZipFile(tmp_path / "demo.qdpx") as z:
        assert z.namelist()[0] == "project.qde"
    assert b"urn:QDA-XML:codebook:1.0" in (tmp_path / "codes.qdc").read_bytes()


def _exported(demo_copy, tmp_path):
    from exporters.refi_qda import export_project
    from storage import open_project

    store = open_project(demo_copy)
    try:
        with store.session() as s:
            export_project(s, access.system("t"), tmp_path / "demo.qdpx")
    finally:
        store.close()
    return tmp_path / "demo.qdpx"


def test_the_import_dialog_shows_the_summary_then_writes_and_refreshes(qtbot, demo_copy, tmp_path):
    qdpx = _exported(demo_copy, tmp_path)
    create_project(tmp_path / "new.tandem", "New").close()
    main = MainWindow()
    qtbot.addWidget(main)
    main.open_path(tmp_path / "new.tandem")
    dialog = open_refi_import(main, qdpx)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=WAIT)
    shown = dialog.details.toPlainText()
    assert "a REFI-QDA project written by Tandem" in shown and "5 text sources" in shown
    with main.store.session() as s:
        assert s.scalar(select(func.count(Source.id))) == 0  # nothing written before Import
    with qtbot.waitSignal(dialog.sig_import_finished, timeout=WAIT) as blocker:
        dialog.import_button.click()
    assert blocker.args[0].created["sources"] == 5
    assert "imported" in dialog.details.toPlainText() and main.status_label.text().startswith("Imported demo.qdpx")
    model = main.sources_model  # the window refreshed: its sources, grouped by kind
    assert sum(model.rowCount(model.index(i, 0)) for i in range(model.rowCount())) == 5


def test_a_refused_file_is_shown_and_nothing_is_written(qtbot, sqlite_store, tmp_path):
    bad = tmp_path / "bad.qdpx"
    bad.write_bytes(b"%PDF-1.4 not a project")
    dialog = RefiImportDialog(sqlite_store, bad, access.system("t"))
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.sig_import_failed, timeout=WAIT) as blocker:
        dialog.show()
    assert "not a zip archive" in blocker.args[0] and dialog.status.text().startswith("Nothing was imported.")
    assert not dialog.import_button.isEnabled()


def test_cancel_while_writing_writes_nothing(qtbot, demo_copy, tmp_path, monkeypatch):
    qdpx = _exported(demo_copy, tmp_path)
    target = create_project(tmp_path / "new.tandem", "New")
    gate = threading.Event()
    real = refi_qda._Writer._codes

    def gated(self):
        gate.wait(10)
        return real(self)
    monkeypatch.setattr(refi_qda._Writer, "_codes", gated)
    dialog = RefiImportDialog(target, qdpx, access.system("t"))
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.sig_file_read, timeout=WAIT):
        dialog.show()
    dialog.import_button.click()
    dialog.cancel_button.click()
    gate.set()
    qtbot.waitUntil(lambda: dialog.task is None, timeout=WAIT)
    assert dialog.status.text() == "Cancelled: nothing was imported."
    with target.session() as s:
        assert s.scalar(select(func.count(Coding.id))) == 0 and s.scalar(select(func.count(Source.id))) == 0
    target.close()


def test_the_general_import_dialog_points_refi_files_to_their_own(qtbot, sqlite_store, tmp_path):
    from app.importing.import_dialog import ImportDialog

    qdpx = tmp_path / "study.qdpx"
    qdpx.write_bytes(b"PK")
    dialog = ImportDialog(sqlite_store, [qdpx], "tester")  # refuses at once, before reading anything
    qtbot.addWidget(dialog)
    assert "File › Import REFI-QDA Project or Codebook" in dialog.status.text()
    assert not dialog.import_button.isEnabled()
