"""What the main window says reads as people write: plurals by number, the
names people use for internal ones, and no step's report left after undo."""
from __future__ import annotations

from types import SimpleNamespace

from tests.app.helpers import empty_window, settle, shown_window


def test_counts_and_imports_in_words(qtbot, tmp_path):
    w = empty_window(qtbot, tmp_path, "Ana")
    assert w.status_label.text() == "0 sources · 1 coder · 0 codes"
    w._on_import_dialog_import_finished(SimpleNamespace(imported=["a.vtt"], skipped=[], decisions=[]))
    assert w.status_label.text() == "Imported 1 source."


def test_the_header_names_the_kind_of_source_as_people_do(qtbot, demo_copy):
    w = shown_window(qtbot, demo_copy)
    title = w.document_view.title.text()
    assert "·  Focus group  ·" in title and "focus-group" not in title


def test_undo_takes_the_steps_report_off_the_status_bar(qtbot, demo_copy):
    w = shown_window(qtbot, demo_copy)
    text = w.document_view.document().text
    start = text.index("Honestly?")
    w.document_view.select_codepoints(start, start + len("Honestly?"))
    node = w.codebook_panel.model.key_codes()[1]
    assert w.coding.apply(node)
    settle(qtbot, w)
    assert w.status_label.text().startswith("Applied")
    w.action_undo.trigger()
    settle(qtbot, w)
    assert w.status_label.text() == f"Undone: Apply '{node.name}'."
    w.action_redo.trigger()
    settle(qtbot, w)
    assert w.status_label.text() == f"Redone: Apply '{node.name}'."
