"""File › Export › Theme Table: the preview follows the options, the Word file
is written in a worker, and a refusal is shown."""
from __future__ import annotations

from docx import Document

from app.shell.main_window import MainWindow
from tests.app.helpers import open_as

WAIT = 20000


def test_the_theme_table_is_previewed_and_written(qtbot, demo_copy, tmp_path):
    main = MainWindow()
    qtbot.addWidget(main)
    open_as(qtbot, main, demo_copy, "Priya Raman")
    main.action_export_table.trigger()
    dialog = main.exports.table_dialog
    with qtbot.waitSignal(dialog.sig_preview_ready, timeout=WAIT) as blocker:
        pass
    assert dialog.coder.currentText() == "Consensus"
    assert blocker.args[0].sections and "Positive influences" in dialog.preview_text.toPlainText()
    with qtbot.waitSignal(dialog.sig_preview_ready, timeout=WAIT) as blocker:
        dialog.section_by.setCurrentIndex(dialog.section_by.findData("group"))
    assert [s.label for s in blocker.args[0].sections] == ["Mentee response", "Mentor response"]
    dialog.attribution.setChecked(True)
    with qtbot.waitSignal(main.sig_export_written, timeout=WAIT):  # said like every other export
        dialog.export(tmp_path / "themes.docx")
    assert main.status_label.text() == f"Wrote {tmp_path / 'themes.docx'}"
    rows = [[c.text for c in r.cells] for r in Document(str(tmp_path / "themes.docx")).tables[0].rows]
    assert rows[1][0] == "Mentee response" and "” — mentee, " in rows[2][3]


def test_a_table_with_no_quotes_says_so(qtbot, demo_copy):
    main = MainWindow()
    qtbot.addWidget(main)
    open_as(qtbot, main, demo_copy, "Priya Raman")
    main.action_export_table.trigger()
    dialog = main.exports.table_dialog
    with qtbot.waitSignal(dialog.sig_preview_ready, timeout=WAIT):
        pass
    with qtbot.waitSignal(dialog.sig_preview_ready, timeout=WAIT) as blocker:
        dialog.themes_at.setValue(4)  # deeper than the codebook goes: nothing to show
    assert blocker.args[0].sections == [] and "No theme has quotes" in dialog.preview_text.toPlainText()


def test_the_export_menu_writes_each_file_in_a_worker(qtbot, demo_copy, tmp_path):
    import csv

    main = MainWindow()
    qtbot.addWidget(main)
    open_as(qtbot, main, demo_copy, "Priya Raman")
    for kind, name, extra in (("codebook", "cb.docx", {}), ("segments", "seg.csv", {}),
                              ("matrix", "m.xlsx", {"attribute": "group"}), ("memos", "memos.docx", {})):
        assert main.export_actions[kind].isEnabled()
        with qtbot.waitSignal(main.sig_export_written, timeout=WAIT) as blocker:
            main.exports.export_file(kind, tmp_path / name, **extra)
        assert blocker.args[0] == str(tmp_path / name) and (tmp_path / name).stat().st_size > 0
    with open(tmp_path / "seg.csv", newline="") as fh:
        assert len(list(csv.DictReader(fh))) > 100
