"""The GUI shell: opening projects, showing sources, the document with coded
spans per coder, the codebook, and refusing bad files without losing the
current project."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QMessageBox

from app import settings
from app.gui import make_window, startup_project
from app.importing.import_dialog import ImportDialog
from app.shell.main_window import MainWindow
from coding import access, codebook, coders, codings, sources
from coding.text import sha256
from storage import create_project


@pytest.fixture
def demo_path(demo_copy) -> Path:
    return demo_copy


@pytest.fixture
def window(qtbot, demo_path):
    w = MainWindow()
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.sig_document_loaded, timeout=5000):  # the first source opens by itself
        assert w.open_path(demo_path)
    return w


def open_first_source(qtbot, w: MainWindow, kind_row: int = 0) -> None:
    target = w.sources_model.index(0, 0, w.sources_model.index(kind_row, 0))
    if w.sources_view.currentIndex() == target and w.document_view.document() is not None:
        return  # already shown
    with qtbot.waitSignal(w.sig_document_loaded, timeout=5000):
        w.sources_view.setCurrentIndex(target)


def test_sources_grouped_by_kind_and_codebook_shown(window):
    groups = [window.sources_model.index(r, 0).data() for r in range(window.sources_model.rowCount())]
    assert groups == ["Focus groups (1)", "Interviews (2)", "Surveys (2)"]
    model = window.codebook_panel.model
    tops = [model.index(r, 0).data() for r in range(model.rowCount())]
    # two categories and one exclusive group (the overall view of the programme)
    assert tops == ["Influences on the relationship", "Programme outcomes", "Overall view of the programme"]
    assert "Mentorship" in window.windowTitle()
    assert "5 sources · 2 coders · 19 codes" in window.status_label.text()


def test_document_shows_each_coders_spans_and_can_hide_a_coder(qtbot, window, demo_path):
    window.show()
    qtbot.waitExposed(window)
    open_first_source(qtbot, window)
    view = window.document_view
    doc = view.document()
    assert doc.kind == "focus-group" and view.text.toPlainText() == doc.text
    first, last = view.painted_range()
    in_view = [c for c in doc.codings if c.start < last and c.end > first]
    shown = view.highlighted_spans()
    assert len(shown) == len(in_view) > 0
    assert {(s.start, s.end) for s in in_view} == {(a, b) for a, b, _ in shown}
    daniel = next(c.coder_uuid for c in doc.codings if c.coder == "Daniel Osei")
    view.set_coder_visible(daniel, False)
    remaining = view.highlighted_spans()
    first, last = view.painted_range()  # drawn again, for the text as laid out now
    in_view = [c for c in doc.codings if c.start < last and c.end > first]
    assert len(remaining) == sum(1 for c in in_view if c.coder != "Daniel Osei")
    view.set_coder_visible(daniel, True)
    first, last = view.painted_range()
    assert len(view.highlighted_spans()) == sum(1 for c in doc.codings if c.start < last and c.end > first)
    view.select_codepoints(len(doc.text) - 1, len(doc.text) - 1)  # scrolled to the end: drawn there too
    first, last = view.painted_range()
    assert last == len(doc.text)
    assert len(view.highlighted_spans()) == sum(1 for c in doc.codings if c.start < last and c.end > first)


def test_codebook_filter_and_definition(qtbot, window):
    panel = window.codebook_panel
    panel.filter.setText("matching")
    assert panel.proxy.rowCount() == 1  # only the branch holding "Matching process"
    leaf = panel.proxy.index(0, 0, panel.proxy.index(0, 0, panel.proxy.index(0, 0)))
    with qtbot.waitSignal(panel.sig_code_selected) as blocker:
        panel.tree.setCurrentIndex(leaf)
    assert blocker.args[0].name == "Matching process"
    assert "Matching process" in panel.definition.toPlainText()


def test_astral_characters_highlight_the_right_text(qtbot, tmp_path):
    text = "Ana: 😀😀 great mentor 𝄞 really.\n"
    path = tmp_path / "emoji.tandem"
    with create_project(path) as store, store.transaction(access.system("t")) as s:
        src = sources.add_source(s, "e", "document", text, sha256(text.encode()))
        code = codebook.ensure_path(s, "Positive")
        start = text.index("great mentor")
        codings.apply_coding(s, src, code, coders.create_coder(s, "A"), start, start + len("great mentor 𝄞"))
    w = MainWindow()
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.sig_document_loaded, timeout=5000):
        w.open_path(path)
    [(a, b, _)] = w.document_view.highlighted_spans()
    assert text[a:b] == "great mentor 𝄞"
    w.document_view.select_codepoints(a, b)
    assert w.document_view.text.textCursor().selectedText() == "great mentor 𝄞"
    assert w.document_view.selection_codepoints() == (a, b)


def test_bad_file_shows_a_message_and_keeps_the_open_project(qtbot, window, tmp_path):
    bad = tmp_path / "notes.tandem"
    bad.write_text("just text")
    assert window.open_path(bad) is False
    box = window.findChild(QMessageBox, "error_box")
    assert box is not None and "is not a Tandem project" in box.text()
    assert window.store is not None and "Mentorship" in window.windowTitle()
    assert bad.read_text() == "just text"


def test_first_start_opens_the_demo_then_the_most_recent_project(qtbot, tmp_path):
    """The demo is built in a worker once the window is up, the window saying so (not seconds of nothing)."""
    w = make_window(None)
    qtbot.addWidget(w)
    assert "Building the demo study" in w.status_label.text() and w.store is None
    qtbot.waitUntil(lambda: w.store is not None, timeout=60000)
    assert w.store.path.name == "mentorship-demo.tandem"
    other = tmp_path / "other.tandem"
    create_project(other, "Other").close()
    w = make_window(other)
    qtbot.addWidget(w)
    assert settings.get("recent/projects")[0] == str(other.resolve())
    assert startup_project(None) == Path(str(other.resolve()))


def test_speaker_labels_and_survey_questions_are_bold(qtbot, window):
    open_first_source(qtbot, window)  # the focus group
    view = window.document_view
    text = view.document().text
    labels = view.label_spans()
    assert text[labels[0][0]:labels[0][1]] == "Ingrid Solberg: "
    cursor = view.text.textCursor()
    cursor.setPosition(labels[0][0] + 2)
    assert cursor.charFormat().fontWeight() == 700
    view.text.setTextCursor(cursor)  # the cursor rests in a bold label when the next source opens
    open_first_source(qtbot, window, kind_row=2)  # the mentee survey
    text = view.document().text
    headings = [text[a:b] for a, b in view.document().headings]
    assert headings[0] == "Q1. What was the most valuable part of your mentoring relationship?"
    assert any(text[a:b] == "MEE-01: " for a, b in view.label_spans())
    body = QTextCursor(view.text.document())
    body.setPosition(text.index("MEE-01: ") + len("MEE-01: ") + 3)
    assert body.charFormat().fontWeight() == 400  # the answers are not bold


def test_file_new_and_open_through_the_menu(qtbot, window, demo_path, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    target = tmp_path / "fresh"  # the suffix is added
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.action_new.trigger()
    assert (tmp_path / "fresh.tandem").exists()
    assert window.windowTitle().startswith("fresh") and window.sources_model.rowCount() == 0
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(demo_path), ""))
    with qtbot.waitSignal(window.sig_document_loaded, timeout=5000):
        window.action_open.trigger()
    assert "Mentorship" in window.windowTitle()
    window.recent_menu.aboutToShow.emit()
    assert [a.text() for a in window.recent_menu.actions()][:2] == [
        str(demo_path.resolve()), str((tmp_path / "fresh.tandem").resolve())]


def test_file_import_adds_sources_and_shows_them(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from tests.importers import office_files as make

    path = tmp_path / "p.tandem"
    create_project(path).close()
    notes = make.docx_paragraphs(tmp_path / "notes.docx", ["First note.", "Second note."], heading="Notes")
    w = MainWindow()
    qtbot.addWidget(w)
    w.open_path(path)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(notes)], ""))
    w.action_import.trigger()
    dialog = w.findChild(ImportDialog)
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=10000)
    with qtbot.waitSignal(w.sig_document_loaded, timeout=10000):
        dialog.import_button.click()
    assert w.sources_model.index(0, 0).data() == "Documents (1)"
    assert w.document_view.document().name == "notes"
    assert "Imported 1 source" in w.status_label.text()
