"""Cases, attributes, speakers and sources changed in the app, on the demo:
the Cases view edits values in place (type-checked before any step),
attributes are added, renamed, retyped and deleted, a speaker's turns go to
another case, a source is renamed and deleted — each step undone with
Ctrl+Z, and read back from the project file."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.cases.cases_model import CasesModel, CasesProxy
from coding import access, case_edits, cases, sources
from storage import open_project
from tests.app.helpers import settle, shown_window
from tests.factories import seed_themes

WAIT = 20000


def test_cases_model(qtmodeltester, sqlite_store):
    store = seed_themes(sqlite_store)
    with store.session() as s:
        table = case_edits.table(s)
    model = CasesModel()
    model.set_table(table)
    qtmodeltester.check(model)
    proxy = CasesProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())] == ["Case", "group"]
    proxy.setFilterFixedString("mentor")
    assert sorted(proxy.index(r, 0).data() for r in range(proxy.rowCount())) == ["M1", "R2"]


@pytest.fixture
def window(qtbot, demo_copy):
    w = shown_window(qtbot, demo_copy)
    with qtbot.waitSignal(w.cases_panel.sig_table_loaded, timeout=WAIT):
        w.cases_dock.show()
        w.cases_dock.raise_()
    return w


def _value(path, case, attribute):
    with open_project(path) as store, store.session() as s:
        return cases.attributes_of(s, cases.get_case(s, case)).get(attribute)


def _cell(panel, case, attribute):
    model, proxy = panel.model, panel.proxy
    row = next(r for r in range(model.rowCount()) if model.case_at(r) == case)
    column = next(c for c in range(1, model.columnCount()) if model.attribute_at(c)[0] == attribute)
    return proxy.mapFromSource(model.index(row, column))


def _step(qtbot, w, action):
    with qtbot.waitSignal(w.cases_panel.sig_table_loaded, timeout=WAIT):
        action()
        settle(qtbot, w)


def test_a_value_is_edited_in_place_checked_and_undone(qtbot, window):
    w, panel = window, window.cases_panel
    path = w.store.path
    assert _value(path, "FG-01", "group") == "Mentee"
    _step(qtbot, w, lambda: panel.proxy.setData(_cell(panel, "FG-01", "group"), "Mentor"))
    assert _value(path, "FG-01", "group") == "Mentor" and _cell(panel, "FG-01", "group").data() == "Mentor"
    before = w.workspace.undo_stack.count()
    assert not panel.proxy.setData(_cell(panel, "FG-01", "years_in_practice"), "two")
    assert "not a whole number" in panel.status.text() and w.workspace.undo_stack.count() == before
    _step(qtbot, w, w.action_undo.trigger)
    assert _value(path, "FG-01", "group") == "Mentee"


def test_attributes_are_added_renamed_retyped_and_deleted_with_undo(qtbot, window):
    w, actions = window, window.cases_actions
    path = w.store.path
    _step(qtbot, w, lambda: actions.add_attribute("Cohort", "text"))
    _step(qtbot, w, lambda: actions.set_value("FG-01", "Cohort", "2025"))
    _step(qtbot, w, lambda: actions.retype_attribute("Cohort", "integer"))
    assert _value(path, "FG-01", "Cohort") == 2025
    _step(qtbot, w, lambda: actions.rename_attribute("Cohort", "Year"))
    assert _value(path, "FG-01", "Year") == 2025
    _step(qtbot, w, lambda: actions.delete_attribute("Year"))
    assert _value(path, "FG-01", "Year") is None
    for _ in range(3):  # undo the delete, the rename and the retype
        _step(qtbot, w, w.action_undo.trigger)
    assert _value(path, "FG-01", "Cohort") == "2025"  # text again, as it was
    with open_project(path) as store, store.session() as s:
        assert cases.find_attribute(s, "Cohort").value_type == "text"


def test_the_case_beside_the_text_is_edited_too(qtbot, window):
    w = window
    w.case_panel.show_unit(None, "FG-02")
    index = w.case_panel.model.index(next(r for r, row in enumerate(w.case_panel.model.rows()) if row[0] == "role"), 1)
    _step(qtbot, w, lambda: w.case_panel.model.setData(index, "PGY-2 resident"))
    assert _value(w.store.path, "FG-02", "role") == "PGY-2 resident"


def test_a_speakers_turns_go_to_another_case_and_back(qtbot, window):
    w = window
    focus = w.sources_model.index_of(next(x.uuid for x in w._summaries if x.kind == "focus-group"))
    w.sources_view.setCurrentIndex(focus)
    dialog = w.sources_actions.open_speakers()
    speakers = {row[0]: row for row in dialog.model.rows()}
    assert "Amira Haddad" in speakers and speakers["Amira Haddad"][2] == "FG-01"
    row = next(r for r, x in enumerate(dialog.model.rows()) if x[0] == "Amira Haddad")
    with qtbot.waitSignal(dialog.sig_speakers_loaded, timeout=WAIT):
        dialog.model.setData(dialog.model.index(row, 2), "FG-99")
        settle(qtbot, w)
    assert {x[0]: x[2] for x in dialog.model.rows()}["Amira Haddad"] == "FG-99"
    with qtbot.waitSignal(dialog.sig_speakers_loaded, timeout=WAIT):
        dialog.model.setData(dialog.model.index(row, 3), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
        settle(qtbot, w)
    assert {x[0]: x[3] for x in dialog.model.rows()}["Amira Haddad"] is True
    for _ in range(2):
        with qtbot.waitSignal(dialog.sig_speakers_loaded, timeout=WAIT):
            w.action_undo.trigger()
            settle(qtbot, w)
    assert {x[0]: (x[2], x[3]) for x in dialog.model.rows()}["Amira Haddad"] == ("FG-01", False)


def test_a_source_is_renamed_and_deleted_with_its_codings_and_undo_brings_it_back(qtbot, window):
    w = window
    path = w.store.path
    survey = next(x for x in w._summaries if x.name == "Mentor survey")
    w.sources_view.setCurrentIndex(w.sources_model.index_of(survey.uuid))
    held = _codings_of(path, survey.uuid)
    assert held > 0
    assert w.sources_actions.rename("Mentor survey 2026")
    settle(qtbot, w)
    qtbot.waitUntil(lambda: any(x.name == "Mentor survey 2026" for x in w._summaries), timeout=WAIT)
    w.sources_view.setCurrentIndex(w.sources_model.index_of(survey.uuid))
    assert w.sources_actions.delete(confirm=False)
    settle(qtbot, w)
    qtbot.waitUntil(lambda: all(x.uuid != survey.uuid for x in w._summaries), timeout=WAIT)
    with open_project(path) as store, store.session() as s:
        assert sources.find_source(s, "Mentor survey 2026") is None
    w.action_undo.trigger()
    settle(qtbot, w)
    qtbot.waitUntil(lambda: any(x.uuid == survey.uuid for x in w._summaries), timeout=WAIT)
    with open_project(path) as store, store.session() as s:
        assert str(sources.get_source(s, "Mentor survey 2026").uuid) == survey.uuid
    assert _codings_of(path, survey.uuid) == held  # every coding of every layer, back with its source


def _codings_of(path, source_uuid):
    from coding import views

    with open_project(path) as store, store.session() as s:
        return next((x.codings for x in views.source_summaries(s, access.system("t"), None)
                     if x.uuid == source_uuid), 0)
