"""The Agreement window's item models over real reports, checked with qtmodeltester."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from app.agreement.bands import KRIPPENDORFF_COLOURS, LANDIS_KOCH_COLOURS, band_colour
from app.agreement.check_list_model import CheckItem, CheckListModel
from app.agreement.disagreements_model import SPAN_ROLE, DisagreementsModel
from app.agreement.heatmap_model import CODE_ROLE as HEAT_CODE_ROLE
from app.agreement.heatmap_model import SOURCE_ROLE, VALUE_ROLE as HEAT_VALUE_ROLE, HeatmapModel
from app.agreement.measures_model import (CODE_ROLE, KIND_ROLE, VALUE_ROLE, MeasuresModel,
                                          MeasuresProxy)
from coding import access
from coding.agreement.corpus import AgreementRequest
from coding.agreement.disagreements import list_disagreements
from coding.agreement.service import compute_agreement
from app.demo import CODER_A, CODER_B
from storage import open_project

CODERS = tuple(sorted((CODER_A[0], CODER_B[0])))  # as the window lists them
BG = Qt.ItemDataRole.BackgroundRole
TIP = Qt.ItemDataRole.ToolTipRole


@pytest.fixture(autouse=True)
def _app(qapp):
    """A QApplication for the style's icons and fonts."""
    return qapp


@pytest.fixture(scope="module")
def reports(demo_template):
    path = demo_template
    out = {}
    with open_project(path) as store, store.session() as s:
        for unit in ("char", "section", "frequency", "segment", "unitized"):
            out[unit] = compute_agreement(s, access.system("t"), AgreementRequest(CODERS, unit=unit, n_boot=50))
        code = out["section"].codes[0].code
        out["disagreements"] = list_disagreements(s, access.system("t"), AgreementRequest(CODERS, unit="section"), code)
    return out


@pytest.mark.parametrize("unit", ["char", "section", "frequency", "segment", "unitized"])
def test_measures_model_holds_every_code_group_and_total(qtmodeltester, reports, unit):
    report = reports[unit]
    model = MeasuresModel()
    model.set_report(report)
    qtmodeltester.check(model)
    kinds = [model.index(r, 0).data(KIND_ROLE) for r in range(model.rowCount())]
    assert kinds.count("code") == len(report.codes) and kinds.count("group") == len(report.groups)
    assert kinds.count("total") >= 2 and kinds == sorted(kinds, key=["code", "group", "total"].index)
    for r, result in enumerate(report.codes):
        assert model.index(r, 0).data(CODE_ROLE) == result.code
        for key in model.column_keys()[1:]:
            if key in ("alpha_ci", "prevalence", "n_units", "matched", "a_only", "b_only"):
                continue
            assert model.index(r, model.column_of(key)).data(VALUE_ROLE) == result.value(key)
    model.set_report(None)
    qtmodeltester.check(model)


def test_columns_follow_the_unit(reports):
    model = MeasuresModel()
    model.set_report(reports["segment"])
    assert model.column_keys()[:4] == ["code", "percent_agreement", "holsti", "maxqda_kappa"]
    model.set_report(reports["unitized"])
    assert model.column_keys() == ["code", "krippendorff_alpha", "n_units"]
    model.set_report(reports["section"])
    assert {"cohen_kappa", "gwet_ac1", "krippendorff_alpha", "alpha_ci", "prevalence"} <= set(model.column_keys())


def test_cells_are_coloured_by_band_and_undefined_shows_a_dash_with_the_reason(reports):
    model = MeasuresModel()
    model.set_report(reports["section"])
    kappa, alpha = model.column_of("cohen_kappa"), model.column_of("krippendorff_alpha")
    for r, result in enumerate(reports["section"].codes):
        assert model.index(r, kappa).data(BG) == band_colour("cohen_kappa", result.value("cohen_kappa"))
        assert model.index(r, alpha).data(BG) == band_colour("krippendorff_alpha",
                                                             result.value("krippendorff_alpha"))
    # a κ of 0.9 is "almost perfect" (green); an α of 0.7 "tentative" (amber)
    assert band_colour("cohen_kappa", 0.9) == QColor(LANDIS_KOCH_COLOURS["almost perfect"])
    assert band_colour("cohen_kappa", 0.5) == QColor(LANDIS_KOCH_COLOURS["moderate"])
    assert band_colour("krippendorff_alpha", 0.7) == QColor(KRIPPENDORFF_COLOURS["tentative"])
    assert band_colour("krippendorff_alpha", 0.5) == QColor(KRIPPENDORFF_COLOURS["unreliable"])
    assert band_colour("percent_agreement", 0.5) is None

    model.set_report(reports["frequency"])  # positive agreement is undefined for counts
    cell = model.index(0, model.column_of("positive_agreement"))
    reason = reports["frequency"].codes[0].coefficients.undefined["positive_agreement"]
    assert cell.data() == "—" and cell.data(VALUE_ROLE) is None
    assert "undefined" in cell.data(TIP) and reason in cell.data(TIP)


def test_totals_carry_their_method_and_the_paradox_warning_shows(reports):
    report = reports["char"]
    model = MeasuresModel()
    model.set_report(report)
    labels = {model.index(r, 0).data(): r for r in range(model.rowCount())
              if model.index(r, 0).data(KIND_ROLE) == "total"}
    assert set(labels) == {"Mean over codes (unweighted)", "Mean weighted by source size",
                           "Pooled κ", "Pooled α"}
    pooled = labels["Pooled κ"]
    assert model.index(pooled, model.column_of("cohen_kappa")).data(VALUE_ROLE) == \
        report.overall["pooled_kappa"]["value"]
    assert "De Vries" in model.index(pooled, 0).data(TIP)
    assert model.index(labels["Pooled α"], model.column_of("cohen_kappa")).data() == ""  # n/a, not undefined
    warned = next(r for r, c in enumerate(report.codes) if c.warnings)
    assert model.index(warned, 0).data(Qt.ItemDataRole.DecorationRole) is not None
    assert "κ paradox" in model.index(warned, model.column_of("cohen_kappa")).data(TIP)


def test_proxy_sorts_codes_and_keeps_totals_last(qtmodeltester, reports):
    model = MeasuresModel()
    model.set_report(reports["section"])
    proxy = MeasuresProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    column = model.column_of("cohen_kappa")
    n = len(reports["section"].codes)
    for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
        proxy.sort(column, order)
        values = [proxy.index(r, column).data(VALUE_ROLE) for r in range(n)]
        defined = [v for v in values if v is not None]
        assert defined == sorted(defined, reverse=order == Qt.SortOrder.DescendingOrder)
        kinds = [proxy.index(r, 0).data(KIND_ROLE) for r in range(proxy.rowCount())]
        assert kinds[-1] == "total" and kinds[:n] == ["code"] * n


def test_heatmap_model(qtmodeltester, reports):
    heat = reports["section"].heatmap
    model = HeatmapModel()
    model.set_heatmap(heat)
    qtmodeltester.check(model)
    assert model.columnCount() == len(heat.sources) + 1 and model.rowCount() == len(heat.codes)
    r, s = next((r, s) for r, row in enumerate(heat.values) for s, v in enumerate(row) if v is not None)
    cell = model.index(r, s + 1)
    assert cell.data(HEAT_VALUE_ROLE) == heat.values[r][s]
    assert (cell.data(HEAT_CODE_ROLE), cell.data(SOURCE_ROLE)) == (heat.codes[r], heat.sources[s])
    assert cell.data(BG) == band_colour(heat.measure, heat.values[r][s])
    tip = cell.data(TIP)
    assert "Cohen's κ" in tip and "units:" in tip and "percent agreement" in tip
    r, s = next((r, s) for r, row in enumerate(heat.values) for s, v in enumerate(row) if v is None)
    assert model.index(r, s + 1).data() == "—" and "undefined" in model.index(r, s + 1).data(TIP)
    model.set_heatmap(None)
    qtmodeltester.check(model)


def test_disagreements_model(qtmodeltester, reports):
    found = reports["disagreements"]
    model = DisagreementsModel()
    model.set_disagreements(list(CODERS), found)
    qtmodeltester.check(model)
    assert model.rowCount() == len(found) > 0
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())] == \
        ["Where", *CODERS, "The passage (the disputed words «marked»)"]  # each coder's name above their column
    first = found[0]
    assert model.index(0, 0).data(SPAN_ROLE) == (first.source, first.start, first.end)
    assert model.index(0, 1).data() == first.values[0]
    passage = model.index(0, model.columnCount() - 1).data()
    disputed = " ".join(first.excerpt.split())
    assert f"«{disputed}»" in passage or f"«{disputed[:40]}" in passage  # the words marked in their sentence
    assert len(passage) > len(disputed) + 2 or first.context == first.excerpt
    model.clear()
    qtmodeltester.check(model)


def test_check_list_model(qtmodeltester, qtbot):
    model = CheckListModel()
    model.set_items([CheckItem("a", "A"), CheckItem("b", "B", checked=True), CheckItem("c", "C")])
    qtmodeltester.check(model)
    with qtbot.waitSignal(model.sig_checks_changed):
        assert model.setData(model.index(0), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert model.checked_keys() == ["a", "b"]
    model.set_checked(["c"])
    assert model.checked_keys() == ["c"] and model.index(2).data(Qt.ItemDataRole.CheckStateRole) == 2


def test_totals_are_never_coloured_by_a_band(reports):
    """Landis and Koch's bands and Krippendorff's limits read one code each: a mean
    or pooled value over codes is shown without a band colour (its tooltip says why)."""
    model = MeasuresModel()
    model.set_report(reports["section"])
    totals = [r for r in range(model.rowCount()) if model.index(r, 0).data(KIND_ROLE) == "total"]
    assert totals
    for r in totals:
        for key in ("cohen_kappa", "gwet_ac1", "krippendorff_alpha"):
            cell = model.index(r, model.column_of(key))
            assert cell.data(BG) is None
            if cell.data(VALUE_ROLE) is not None:
                assert "Not banded" in cell.data(TIP)
    code = model.index(0, model.column_of("krippendorff_alpha"))
    if code.data(VALUE_ROLE) is not None:
        assert code.data(BG) is not None and "read on" in code.data(TIP)
    assert "negative_agreement" in model.column_keys()
