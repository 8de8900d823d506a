"""Correcting a transcript in the app: Coding › Correct Source Text makes the
document editable with the coding keys off, Save carries the codings
through (asking about codings whose words were deleted), Ctrl+Z undoes."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from coding import access, sources, views
from storage import open_project
from tests.app.helpers import WAIT, settle, shown_window


def _stored(path, name):
    with open_project(path) as store, store.session() as s:
        src = sources.get_source(s, name)
        spans = views.document_codings(s, access.system("t"), str(src.uuid), None)
        return src.text, sorted(src.text[c.start:c.end] for c in spans)


def test_correcting_the_text_keeps_the_codings_on_their_words(qtbot, demo_copy):
    w = shown_window(qtbot, demo_copy)
    doc = w.document_view.document()
    old_text, old_coded = _stored(demo_copy, doc.name)
    word = next(t for t in ("mentor", "Mentor", "the") if f" {t} " in old_text)
    w.text_editing.action.trigger()
    assert w.text_editing.editing and not w.document_view.text.isReadOnly()
    assert not w.coding.number_actions[0].isEnabled()  # number keys type digits now
    text = w.document_view.text
    at = text.toPlainText().index(f" {word} ") + 1
    cursor = text.textCursor()
    cursor.setPosition(at)
    cursor.setPosition(at + len(word), QTextCursor.MoveMode.KeepAnchor)
    cursor.insertText(word.upper())
    asked = []
    w.text_editing.ask_lost = lambda lost: asked.append(lost) or True
    with qtbot.waitSignal(w.sig_document_loaded, timeout=WAIT):
        w.text_editing.save()
        qtbot.waitUntil(lambda: w.workspace.undo_stack.count() > 0, timeout=WAIT)
        settle(qtbot, w)
    new_text, new_coded = _stored(demo_copy, doc.name)
    assert new_text == old_text.replace(f" {word} ", f" {word.upper()} ", 1) and not asked
    assert len(new_coded) == len(old_coded)
    assert sorted(t.replace(f" {word.upper()} ", f" {word} ") for t in new_coded) == old_coded
    assert not w.text_editing.editing and w.document_view.text.isReadOnly()
    w.action_undo.trigger()
    settle(qtbot, w)
    qtbot.waitUntil(lambda: _stored(demo_copy, doc.name) == (old_text, old_coded), timeout=WAIT)


def test_escape_cancels_the_correction(qtbot, demo_copy):
    w = shown_window(qtbot, demo_copy)
    original = w.document_view.text.toPlainText()
    w.text_editing.action.trigger()
    w.document_view.text.insertPlainText("stray words ")
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    w.document_view.text.setFocus()
    qtbot.keyClick(w.document_view.text, Qt.Key.Key_Escape)
    assert not w.text_editing.editing and w.document_view.text.toPlainText() == original
