"""Analysis > Agreement on the demo study: computing off the GUI thread, the
table matching the core's numbers, recomputing when the unit changes, listing
disagreements and showing one in the document, Cancel, errors, export, and the
codebook's "Exclusive values" box."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app import settings
from app.agreement import agreement_window as window_module
from app.agreement.agreement_window import AgreementWindow
from app.agreement.bands import band_colour
from app.agreement.measures_model import CODE_ROLE, KIND_ROLE, VALUE_ROLE
from app.codebook.codebook_model import PATH_ROLE
from app.shell.main_window import MainWindow
from tests.app.helpers import open_as
from coding import access, codebook
from coding.agreement.corpus import AgreementRequest
from coding.agreement.disagreements import list_disagreements
from coding.agreement.service import compute_agreement
from coding.errors import NotFound
from storage import open_project

WAIT = 20000


@pytest.fixture
def demo_store(demo_path):
    s = open_project(demo_path)
    yield s
    s.close()


def computed(qtbot, w: AgreementWindow):
    """The next report the window shows (results arrive through the event loop)."""
    with qtbot.waitSignal(w.sig_report_computed, timeout=WAIT) as blocker:
        pass
    return blocker.args[0]


def new_window(qtbot, store) -> AgreementWindow:
    w = AgreementWindow(store, access.system("t"))  # starts computing at once, in a worker
    qtbot.addWidget(w)
    computed(qtbot, w)
    return w


def row_of(w: AgreementWindow, code: str) -> int:
    """The table row (in the proxy's order) of a code or group."""
    proxy = w.measures.proxy
    return next(r for r in range(proxy.rowCount()) if proxy.index(r, 0).data(CODE_ROLE) == code)


def test_the_table_shows_what_compute_agreement_gives(qtbot, demo_store):
    w = new_window(qtbot, demo_store)
    request = w.request
    assert request.unit == "char" and request.coders == ("Daniel Osei", "Priya Raman")  # the first two
    with demo_store.session() as s:
        expected = compute_agreement(s, access.system("t"), request)
    model = w.measures.model
    for result in expected.codes + expected.groups:
        r = model.row_of(result.code)
        for key in ("percent_agreement", "cohen_kappa", "gwet_ac1", "krippendorff_alpha"):
            assert model.index(r, model.column_of(key)).data(VALUE_ROLE) == pytest.approx(result.value(key))
        assert model.index(r, model.column_of("n_units")).data(VALUE_ROLE) == result.n_units
    assert [model.index(r, 0).data(KIND_ROLE) for r in range(model.rowCount())].count("group") == \
        len(expected.groups) >= 1  # the demo's exclusive group is listed too
    # band colours and formatting of one cell
    column = model.column_of("cohen_kappa")
    kappa = expected.codes[0].value("cohen_kappa")
    cell = w.measures.proxy.index(row_of(w, expected.codes[0].code), column)
    assert cell.data(Qt.ItemDataRole.BackgroundRole) == band_colour("cohen_kappa", kappa)
    assert cell.data() == f"{kappa:.3f}"
    assert w.methods.paragraph.toPlainText() == expected.methods_paragraph
    w.methods.copy_button.click()
    assert QGuiApplication.clipboard().text() == expected.methods_paragraph
    assert w.export_button.isEnabled() and not w.cancel_button.isEnabled()


def test_changing_the_unit_recomputes_and_is_remembered(qtbot, demo_store):
    w = new_window(qtbot, demo_store)
    assert not w.options.threshold_box.isVisibleTo(w)
    with qtbot.waitSignal(w.sig_report_computed, timeout=WAIT) as blocker:
        w.options.unit_box.setCurrentIndex(w.options.unit_box.findData("section"))
    assert blocker.args[0].unit == "section" and w.request.unit == "section"
    assert w.measures.model.index(0, w.measures.model.column_of("n_units")).data(VALUE_ROLE) == \
        blocker.args[0].codes[0].n_units
    assert settings.get("agreement/unit") == "section"
    with qtbot.waitSignal(w.sig_report_computed, timeout=WAIT) as blocker:
        w.options.set_unit("segment")
    assert w.options.threshold_box.isVisibleTo(w)
    assert w.measures.model.column_keys()[:4] == ["code", "percent_agreement", "holsti", "maxqda_kappa"]
    assert w.heatmap.pages.currentWidget() is w.heatmap.empty  # no per-source table for segments
    with qtbot.waitSignal(w.sig_report_computed, timeout=WAIT) as blocker:
        w.options.threshold_box.setValue(0.5)
    assert blocker.args[0].settings["threshold"] == 0.5 and settings.get("agreement/threshold") == 0.5
    w2 = AgreementWindow(demo_store, access.system("t"))  # the next window opens on the last unit
    qtbot.addWidget(w2)
    assert computed(qtbot, w2).unit == "segment"


def test_undefined_values_show_a_dash_with_the_reason(qtbot, demo_store):
    w = new_window(qtbot, demo_store)
    with qtbot.waitSignal(w.sig_report_computed, timeout=WAIT) as blocker:
        w.options.set_unit("frequency")
    report = blocker.args[0]
    model = w.measures.model
    cell = model.index(0, model.column_of("positive_agreement"))
    assert cell.data() == "—"
    assert report.codes[0].coefficients.undefined["positive_agreement"] in cell.data(Qt.ItemDataRole.ToolTipRole)


def test_a_code_filter_and_a_case_filter_reach_the_request(qtbot, demo_store):
    w = new_window(qtbot, demo_store)
    path = "Programme outcomes/Benefits"
    with qtbot.waitSignal(w.sig_report_computed, timeout=WAIT) as blocker:
        w.options.codes_button.model.set_checked([path])
    assert {r.code.rsplit("/", 1)[0] for r in blocker.args[0].codes} == {path}
    with qtbot.waitSignal(w.sig_report_computed, timeout=WAIT) as blocker:
        w.options.attribute_box.setCurrentIndex(w.options.attribute_box.findData("group"))
    assert w.request.where == (("group", w.options.value_box.currentText()),)
    assert blocker.args[0].filters["where"] == {"group": w.options.value_box.currentText()}


def test_selecting_a_code_lists_its_disagreements_and_double_click_selects_the_span(qtbot, demo_path):
    main = MainWindow()
    qtbot.addWidget(main)
    with qtbot.waitSignal(main.sig_document_loaded, timeout=WAIT):
        main.open_path(demo_path)
    main.show()
    main.action_agreement.trigger()
    w = main.agreement_window
    report = computed(qtbot, w)
    code = report.codes[0].code
    with qtbot.waitSignal(w.sig_disagreements_listed, timeout=WAIT) as blocker:
        w.measures.table.setCurrentIndex(w.measures.proxy.index(row_of(w, code), 1))
    with main.store.session() as s:
        expected = list_disagreements(s, access.system("t"), w.request, code)
    assert blocker.args[0] == expected and w.disagreements.model.rowCount() == len(expected) > 0

    shown = main.document_view.document().name
    row = next((i for i, d in enumerate(expected) if d.source != shown), 0)
    target = expected[row]
    table = w.disagreements.table
    table.scrollTo(w.disagreements.model.index(row, 0))
    pos = table.visualRect(w.disagreements.model.index(row, 0)).center()

    def double_click():  # a view reacts to a double click on the item pressed first
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=pos)
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=pos)

    if target.source != shown:
        with qtbot.waitSignal(main.sig_document_loaded, timeout=WAIT):
            double_click()
    else:
        double_click()
    view = main.document_view
    assert view.document().name == target.source
    assert view.selection_codepoints() == (target.start, target.end)
    assert view.document().text[target.start:target.end].startswith(target.excerpt.rstrip("…"))


def test_a_heat_map_cell_lists_the_disagreements_in_that_source(qtbot, demo_store):
    w = new_window(qtbot, demo_store)
    heat = w.report.heatmap
    model = w.heatmap.model
    r, s = next((r, s) for r, row in enumerate(heat.values) for s, v in enumerate(row)
                if v is not None and v < 1)
    with qtbot.waitSignal(w.sig_disagreements_listed, timeout=WAIT) as blocker:
        w.heatmap.table.setCurrentIndex(model.index(r, s + 1))
    found = blocker.args[0]
    assert found and {d.source for d in found} == {heat.sources[s]}
    with demo_store.session() as session:
        assert found == list_disagreements(session, access.system("t"), w.request, heat.codes[r], heat.sources[s])


def test_cancel_stops_the_computation(qtbot, demo_store, monkeypatch):
    gate = threading.Event()

    def gated(session, acting, request, progress=None):
        gate.wait(10)
        return compute_agreement(session, access.system("t"), request, progress)

    monkeypatch.setattr(window_module, "compute_agreement", gated)
    w = AgreementWindow(demo_store, access.system("t"))
    qtbot.addWidget(w)
    assert w.cancel_button.isEnabled() and w.progress.isVisibleTo(w)
    with qtbot.waitSignal(w.sig_computation_cancelled, timeout=WAIT):
        w.cancel_button.click()
        assert "Cancelling" in w.status.text()
        gate.set()
    assert w.report is None and "Cancelled" in w.status.text()
    assert not w.cancel_button.isEnabled() and not w.progress.isVisibleTo(w)


def test_a_core_error_is_shown_in_a_message_box(qtbot, demo_store, monkeypatch):
    def failing(session, acting, request, progress=None):
        raise NotFound("There is no code 'Nope' in the codebook.")

    monkeypatch.setattr(window_module, "compute_agreement", failing)
    w = AgreementWindow(demo_store, access.system("t"))
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.sig_computation_failed, timeout=WAIT) as blocker:
        pass
    assert blocker.args[0] == "There is no code 'Nope' in the codebook."
    box = w.findChild(QMessageBox, "error_box")
    assert box is not None and box.text() == blocker.args[0]


def test_fewer_than_two_coders_says_so_without_computing(qtbot, demo_store):
    w = new_window(qtbot, demo_store)
    w.options.coders_button.model.set_checked(["Daniel Osei"])
    assert w.compute() is None and "at least two coders" in w.status.text()


@pytest.mark.parametrize("suffix, chosen", [(".xlsx", "Excel workbook (*.xlsx)"), (".csv", "CSV table (*.csv)")])
def test_export_writes_the_report(qtbot, demo_store, tmp_path, monkeypatch, suffix, chosen):
    pytest.importorskip("exporters.agreement")
    w = new_window(qtbot, demo_store)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "report"), chosen))
    with qtbot.waitSignal(w.sig_report_exported, timeout=WAIT) as blocker:
        w.export_button.click()
    path = Path(blocker.args[0])
    assert path == tmp_path / f"report{suffix}" and path.stat().st_size > 0
    assert "Exported" in w.status.text()


def test_exclusive_values_box_writes_to_the_project_and_the_window_follows(qtbot, demo_path):
    main = MainWindow()
    qtbot.addWidget(main)
    open_as(qtbot, main, demo_path, "Priya Raman")
    main.action_agreement.trigger()
    w = main.agreement_window
    computed(qtbot, w)
    parent = "Programme outcomes/Benefits"
    panel = main.codebook_panel
    found = panel.proxy.match(panel.proxy.index(0, 0), PATH_ROLE, parent, 1,
                              Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)
    panel.tree.setCurrentIndex(found[0])
    assert panel.exclusive_box.isEnabled() and not panel.exclusive_box.isChecked()
    with qtbot.waitSignal(w.sig_report_computed, timeout=WAIT) as blocker:
        panel.exclusive_box.click()
    with open_project(demo_path) as fresh, fresh.session() as s:
        assert codebook.get_code(s, parent).exclusive is True
    assert parent in [g.code for g in blocker.args[0].groups]
    assert w.measures.proxy.index(row_of(w, parent), 0).data(KIND_ROLE) == "group"
    assert panel.exclusive_box.isChecked()  # the same code stays selected after the reload
    leaf = panel.proxy.match(panel.proxy.index(0, 0), PATH_ROLE, parent + "/Career guidance", 1,
                             Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)
    panel.tree.setCurrentIndex(leaf[0])
    assert not panel.exclusive_box.isEnabled()  # only a code with codes under it


def test_analysis_menu_opens_one_window_per_project(qtbot, demo_path):
    main = MainWindow()
    qtbot.addWidget(main)
    assert not main.action_agreement.isEnabled()  # no project yet
    with qtbot.waitSignal(main.sig_document_loaded, timeout=WAIT):
        main.open_path(demo_path)
    assert main.action_agreement.shortcut().toString() == "Ctrl+Shift+A"
    main.action_agreement.trigger()
    first = main.agreement_window
    computed(qtbot, first)
    main.action_agreement.trigger()
    assert main.agreement_window is first and first.isVisible()
    assert AgreementRequest(("a", "b")).seed == first.options.seed_box.value()


def test_with_three_coders_each_pair_can_be_shown(qtbot, demo_path):
    from coding import coders, codings
    from coding.codings import NewCoding, apply_codings
    from coding.sources import get_source

    with open_project(demo_path) as store, store.transaction(access.system("t")) as s:
        third = coders.create_coder(s, "Lena Fischer")
        copied = [NewCoding(get_source(s, seg.source), codebook.get_code(s, seg.code), third, seg.start, seg.end)
                  for seg in codings.retrieve(s, access.system("t"), coder=coders.get_coder(s, "Priya Raman"))[::2]]
        apply_codings(s, copied)
    store = open_project(demo_path)
    try:
        w = AgreementWindow(store, access.system("t"))
        qtbot.addWidget(w)
        computed(qtbot, w)  # the first two coders, at first
        with qtbot.waitSignal(w.sig_report_computed, timeout=WAIT) as blocker:
            w.options.coders_button.model.set_checked(["Daniel Osei", "Lena Fischer", "Priya Raman"])
            w.compute()
        report = blocker.args[0]
        assert len(report.pairs) == 3
        pair = w.measures.pair
        assert not pair.isHidden() and pair.count() == 4
        w.measures.show_pair(1)
        first = report.pairs[0]
        code = first.codes[0]
        column = next(c for c in range(w.measures.model.columnCount())
                      if w.measures.model.headerData(c, Qt.Orientation.Horizontal) == "α")
        cell = w.measures.proxy.index(row_of(w, code.code), column).data(VALUE_ROLE)
        assert cell == pytest.approx(code.coefficients.krippendorff_alpha)
        assert ", ".join(first.coders) in w.measures.summary.text()
    finally:
        store.close()


def _add_coders_who_coded_little(demo_path):
    """Two more coders: "Aaron Abel" (first by name) has coded nothing; "Zoe Young" one coding."""
    from coding import coders
    from coding.codings import NewCoding, apply_codings
    from coding.sources import list_sources

    with open_project(demo_path) as store, store.transaction(access.system("t")) as s:
        coders.create_coder(s, "Aaron Abel")
        zoe = coders.create_coder(s, "Zoe Young")
        code = next(c for c, _ in codebook.walk(s) if c.codable and not c.children)
        apply_codings(s, [NewCoding(list_sources(s)[0], code, zoe, 0, 5)])


def test_the_window_opens_on_the_two_coders_with_the_most_codings(qtbot, demo_path):
    _add_coders_who_coded_little(demo_path)
    store = open_project(demo_path)
    try:
        w = new_window(qtbot, store)
        assert set(w.request.coders) == {"Daniel Osei", "Priya Raman"}  # not Aaron (first by name)
        tips = [item.tip for item in w.options.coders_button.model.items()]
        assert any(t.startswith("Aaron Abel (coder, 0 codings)") for t in tips)
        assert not w.scope_banner.isVisibleTo(w)
    finally:
        store.close()


def test_a_coder_without_codings_is_said_so_and_sources_nobody_coded_can_be_left_out(qtbot, demo_path):
    _add_coders_who_coded_little(demo_path)
    store = open_project(demo_path)
    try:
        w = new_window(qtbot, store)
        with qtbot.waitSignal(w.sig_report_computed, timeout=WAIT) as blocker:
            w.options.coders_button.model.set_checked(["Aaron Abel", "Zoe Young"])
        report = blocker.args[0]
        assert report.scope["coders_without_codings"] == ["Aaron Abel"]
        assert w.scope_banner.isVisibleTo(w)
        text = w.scope_label.text()
        assert "Aaron Abel has no codings in these sources" in text
        uncoded = report.scope["uncoded_sources"]
        assert len(uncoded) == len(report.sources) - 1  # Zoe coded one source
        assert f"{len(uncoded)} sources in scope have no codings" in text
        assert w.scope_button.isVisibleTo(w) and w.scope_button.text() == "&Leave them out"
        with qtbot.waitSignal(w.sig_report_computed, timeout=WAIT) as blocker:
            w.scope_button.click()
        left = blocker.args[0]
        assert left.scope["uncoded_sources_left_out"] and len(left.sources) == 1
        assert w.request.skip_uncoded and w.scope_button.text() == "&Include them"
        assert f"Left out {len(uncoded)} sources that no coder has coded" in w.scope_label.text()
        assert "were left out of the analysis" in left.methods_paragraph
    finally:
        store.close()
