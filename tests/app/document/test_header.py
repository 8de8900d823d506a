"""The document view's header: the source, its kind and how many codings are shown."""
from __future__ import annotations

from tests.app.helpers import shown_window


def test_the_header_counts_the_codings_shown_in_words(qtbot, demo_copy):
    w = shown_window(qtbot, demo_copy)
    view = w.document_view
    codings = view.codings()
    view.set_codings(codings[:1])
    assert "·  1 coding shown" in view.title.text()
    view.set_codings(codings[:2])
    assert "·  2 codings shown" in view.title.text()
