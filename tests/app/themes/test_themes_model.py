"""The Themes view's tree model, checked with qtmodeltester, and what it asks
for when something is dropped on it."""
from __future__ import annotations

from PySide6.QtCore import QByteArray, QMimeData, Qt

from app.document.text_pane import CODE_MIME
from app.themes.themes_model import KIND_ROLE, QUOTE_MIME, ThemesModel
from coding import access, codebook, codings, quotes, themes
from tests.factories import seed_themes


def _overview(store):
    with store.session() as s:
        return themes.overview(s, access.resolve(s, "Lena"), coder="Lena", group_by="group")


def _pin_two(store):
    with store.session() as s:
        lena = access.resolve(s, "Lena")
        theme = str(codebook.get_code(s, "Influences/Positive/Accessibility").uuid)
        segs = [x.coding_uuid for x in codings.retrieve(s, lena) if "Accessibility" in x.code]
    with store.transaction(lena) as s:
        return [quotes.pin(s, lena, theme, c) for c in segs]


def test_themes_model(qtmodeltester, sqlite_store):
    store = seed_themes(sqlite_store)
    _pin_two(store)
    model = ThemesModel()
    model.set_overview(_overview(store))
    qtmodeltester.check(model)
    positive = model.index(0, 0)
    assert positive.data() == "Positive" and positive.data(KIND_ROLE) == "category"
    accessibility = model.index(0, 0, positive)
    assert accessibility.data() == "Accessibility (2)" and model.rowCount(accessibility) == 2
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())] == [
        "Theme / quote", "Segments", "Mentee (n=3)", "Mentor (n=2)", "Description"]
    assert accessibility.siblingAtColumn(2).data() == 2 and accessibility.siblingAtColumn(3).data() == 0
    assert "2 of 3 Mentee mention it" in accessibility.siblingAtColumn(2).data(Qt.ItemDataRole.ToolTipRole)
    quote = model.index(0, 0, accessibility)
    assert quote.data(KIND_ROLE) == "quote" and quote.data().startswith("“")
    model.set_overview(None)
    qtmodeltester.check(model)


def test_drops_ask_for_a_move_and_change_nothing_themselves(qtbot, sqlite_store):
    store = seed_themes(sqlite_store)
    first, second = _pin_two(store)
    model = ThemesModel()
    model.set_overview(_overview(store))
    accessibility = model.index(0, 0, model.index(0, 0))
    data = QMimeData()
    data.setData(QUOTE_MIME, QByteArray(first.encode()))
    with qtbot.waitSignal(model.sig_quote_move_requested) as moved:
        assert model.dropMimeData(data, Qt.DropAction.MoveAction, -1, 0, accessibility) is False
    assert moved.args == [first, 1]  # to the end of its theme's quotes
    code = QMimeData()
    code.setData(CODE_MIME, QByteArray(b"some-code-uuid"))
    negative = model.index(1, 0)
    with qtbot.waitSignal(model.sig_code_move_requested) as gathered:
        model.dropMimeData(code, Qt.DropAction.MoveAction, 0, 0, negative)
    assert gathered.args == ["some-code-uuid", negative.data(Qt.ItemDataRole.UserRole + 2), 0]
    assert not model.canDropMimeData(data, Qt.DropAction.MoveAction, -1, 0, model.index(0, 0, negative))
    assert [q.uuid for q in model.overview.themes()[0].quotes] == [first, second]
