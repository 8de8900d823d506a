"""A codebook agreed in a spreadsheet, imported from the window (File ›
Import REFI-QDA Project or Codebook…, a .csv): read and shown before
anything is written, then written in one step; a bad file says what is wrong
and writes nothing."""
from __future__ import annotations

from sqlalchemy import func, select

from app.importing.refi_dialog import open_refi_import
from app.shell.main_window import MainWindow
from storage import create_project
from storage.models import Code

WAIT = 20000
CSV = ("code,description,summary\n"
       "Relationship/Positive/Accessibility,Apply when the mentor is easy to reach.,Mentors who answered quickly.\n"
       "Relationship/Negative/Cancelled meetings,Apply when a meeting is cancelled.,\n")


def _window(qtbot, tmp_path):
    path = tmp_path / "new.tandem"
    create_project(path, "New").close()
    main = MainWindow()
    qtbot.addWidget(main)
    main.open_path(path)
    return main


def _codes(main) -> int:
    with main.store.session() as s:
        return s.scalar(select(func.count(Code.id)))


def test_a_codebook_csv_is_shown_then_written_in_one_step(qtbot, tmp_path):
    main = _window(qtbot, tmp_path)
    csv = tmp_path / "codebook.csv"
    csv.write_text(CSV, encoding="utf-8")
    dialog = open_refi_import(main, csv)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=WAIT)
    assert "a codebook of 2 codes, 2 with a definition" in dialog.details.toPlainText()
    assert _codes(main) == 0  # nothing written before Import
    with qtbot.waitSignal(dialog.sig_import_finished, timeout=WAIT):
        dialog.import_button.click()
    assert dialog.details.toPlainText() == "5 codes created, 0 updated from codebook.csv."
    assert _codes(main) == 5  # the two codes and the three parents they name
    assert main.status_label.text() == "Imported codebook.csv: 5 codes."
    assert {n.name for n in main.code_nodes()} >= {"Accessibility", "Cancelled meetings"}  # the window refreshed


def test_a_codebook_csv_without_a_code_column_is_refused_and_writes_nothing(qtbot, tmp_path):
    main = _window(qtbot, tmp_path)
    csv = tmp_path / "codes.csv"
    csv.write_text("name,description\nAccessibility,Easy to reach.\n", encoding="utf-8")
    dialog = open_refi_import(main, csv)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Nothing was imported."), timeout=WAIT)
    assert "code" in dialog.status.text()
    assert not dialog.import_button.isEnabled() and _codes(main) == 0
