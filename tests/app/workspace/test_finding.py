"""Search across sources, retrieval of coded segments with filters, the
case panel, and progress — all read in workers."""
from __future__ import annotations

import re

from coding import access, codings, search
from storage import open_project
from tests.app.helpers import WAIT

PRIYA = "Priya Raman"


def test_search_plain_and_regex_lists_hits_in_context_and_goes_to_one(qtbot, project, make_window):
    w = make_window(project, PRIYA)
    w.action_find.trigger()
    panel = w.search_panel
    assert not w.search_dock.isHidden()
    panel.query.setText("protected time")
    with qtbot.waitSignal(panel.sig_search_finished, timeout=WAIT) as done:
        panel.start()
    with open_project(project) as store, store.session() as s:
        expected = search.search(s, "protected time")
    assert done.args == [len(expected.hits)] and len(expected.hits) > 1
    found_in = len({h.source_uuid for h in expected.hits})
    assert found_in < expected.sources_searched  # so the count below can tell the two apart
    assert panel.status.text().startswith(f"{len(expected.hits)} hits in {found_in} source")
    hit = panel.model.row_at(1)
    # where each hit is, as people read it: a speaker and a time, or a respondent — never an offset
    places = [panel.model.index(r, 1).data() for r in range(panel.model.rowCount())]
    assert all(p and not p.replace(",", "").isdigit() for p in places)
    assert any(re.fullmatch(r".+, \d+:\d\d", p) for p in places) or any(p.startswith("respondent ") for p in places)
    with qtbot.waitSignal(w.sig_document_loaded, timeout=WAIT):
        panel._on_table_double_clicked(panel.model.index(1, 0))
    assert w.document_view.selection_codepoints() == (hit.start, hit.end)
    panel.regex.setChecked(True)
    panel.query.setText(r"mentor(ing|s)?\b")
    with qtbot.waitSignal(panel.sig_search_finished, timeout=WAIT):
        panel.start()
    assert panel.model.rowCount() > 10
    panel.query.setText("zebra crossing")
    with qtbot.waitSignal(panel.sig_search_finished, timeout=WAIT):
        panel.start()
    assert panel.status.text() == f"No hits in {expected.sources_searched} sources"
    panel.query.setText("(unclosed")
    assert panel.start() is None and "not a valid regular expression" in panel.status.text()


def test_retrieval_by_code_coder_and_case_attribute(qtbot, project, make_window):
    w = make_window(project, PRIYA)
    path = "Programme outcomes/Areas for improvement/Training for mentors"
    w.codebook_panel.select_path(path)
    panel = w.retrieval_panel
    panel.coder.setCurrentIndex(panel.coder.findData(PRIYA))
    panel.attribute.setCurrentIndex(panel.attribute.findData("group"))
    panel.value.setText("Mentor")
    with qtbot.waitSignal(panel.sig_retrieval_finished, timeout=WAIT) as done:
        panel.start()
    from coding import codebook, coders

    with open_project(project) as store, store.session() as s:
        expected = codings.retrieve(s, access.system("t"), code=codebook.get_code(s, path), coder=coders.get_coder(s, PRIYA),
                                    where={"group": "Mentor"})
    assert done.args == [len(expected)] > [0]
    assert {panel.model.row_at(r).coding_uuid for r in range(panel.model.rowCount())} == \
        {seg.coding_uuid for seg in expected}


def test_blind_retrieval_offers_only_my_own_segments(qtbot, blind_project, make_window):
    w = make_window(blind_project, "Daniel Osei")
    panel = w.retrieval_panel
    assert [panel.coder.itemText(i) for i in range(panel.coder.count())] == ["Daniel Osei"]
    w.codebook_panel.select_path("Programme outcomes/Benefits/Career guidance")
    with qtbot.waitSignal(panel.sig_retrieval_finished, timeout=WAIT):
        panel.start()
    assert {panel.model.row_at(r).coder for r in range(panel.model.rowCount())} == {"Daniel Osei"}


def test_case_panel_shows_the_respondents_attributes(qtbot, project, make_window):
    w = make_window(project, PRIYA)
    survey = w.sources_model.index(0, 0, w.sources_model.index(2, 0))
    with qtbot.waitSignal(w.sig_document_loaded, timeout=WAIT):
        w.sources_view.setCurrentIndex(survey)
    doc = w.document_view.document()
    response = next(s for s in doc.sections if s.kind == "response")
    w.document_view.select_codepoints(response.start + 1, response.start + 1)
    rows = dict(w.case_panel.model.rows())
    assert rows["group"] == "Mentee" and response.case in w.case_panel.heading.text()
    assert response.question and response.question[:20] in w.case_panel.heading.text()


def test_progress_is_shown_for_the_current_coder(qtbot, project, make_window):
    from coding import coders, progress

    w = make_window(project, PRIYA)
    qtbot.waitUntil(lambda: "units coded" in w.progress_label.text(), timeout=WAIT)
    with open_project(project) as store, store.session() as s:
        p = progress.coder_progress(s, coders.get_coder(s, PRIYA).id)
    assert w.progress_label.text().startswith(f"{p.coded:,} of {p.total:,} units coded")


def test_a_coded_segment_is_pinned_to_its_theme_and_undo_unpins_it(qtbot, project, make_window):
    from PySide6.QtCore import Qt

    from coding import quotes
    from tests.app.helpers import settle

    w = make_window(project, "Priya Raman")
    w.show()
    w.retrieval_dock.show()
    qtbot.waitExposed(w)
    node = next(n for n in w.code_nodes() if n.name == "Time pressure")
    w.retrieval_panel.set_code(node)
    with qtbot.waitSignal(w.retrieval_panel.sig_retrieval_finished, timeout=10000):
        w.retrieval_panel.start()
    w.retrieval_panel.table.setCurrentIndex(w.retrieval_panel.model.index(0, 0))
    w.retrieval_panel.table.setFocus()
    qtbot.keyClick(w.retrieval_panel.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, w)
    with open_project(project) as store, store.session() as s:
        [pinned] = quotes.quotes_of(s, node.uuid)  # at the themes' depth: the code itself in the demo
    assert pinned.text == " ".join(w.retrieval_panel.model.row_at(0).text.split())
    assert w.status_label.text().startswith("Pinned as a representative quote")
    w.action_undo.trigger()
    settle(qtbot, w)
    with open_project(project) as store, store.session() as s:
        assert quotes.quotes_of(s, node.uuid) == []
