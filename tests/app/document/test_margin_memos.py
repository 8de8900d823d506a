"""A coding with a memo shows a marker in the margin beside its stripe."""
from __future__ import annotations

from dataclasses import replace

from tests.app.helpers import shown_window


def test_a_coding_with_a_memo_is_marked_in_the_margin(qtbot, demo_copy):
    w = shown_window(qtbot, demo_copy)
    view = w.document_view
    codings = view.codings()
    assert codings and not any(c.memo for c in codings[:1])
    view.set_codings([replace(c, memo="") for c in codings])
    view.margin.repaint()
    assert view.margin.memo_marks == []
    first_visible = codings[0]
    view.set_codings([replace(c, memo="Check with Daniel" if c.uuid == first_visible.uuid else "")
                      for c in codings])
    view.margin.repaint()
    qtbot.waitUntil(lambda: len(view.margin.memo_marks) == 1)

