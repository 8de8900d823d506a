"""The codebook says whose codings its Codings column counts, and a lead
chooses: mine, all coders, each coder, the consensus layer; a coder under
blind coding is offered their own alone (the core decides)."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from coding import access, codebook, coders
from coding.errors import NotAllowed
from tests.app.helpers import open_as
from tests.factories import seed_themes


def test_the_core_offers_what_each_person_may_count(sqlite_store):
    store = seed_themes(sqlite_store)
    with store.transaction(access.system("t")) as s:
        omar = coders.create_coder(s, "Omar")
    with store.session() as s:
        lena, omar = access.resolve(s, "Lena"), access.of_coder(coders.get_coder(s, "Omar"))
        assert codebook.count_choices(s, lena) == ["mine", "all coders", "Omar"]
        assert codebook.count_choices(s, omar) == ["mine"]  # blind: two coders, no lead turned it off
        with pytest.raises(NotAllowed):
            codebook.counted_tree(s, omar, "Lena")
        label, nodes = codebook.counted_tree(s, lena, "Omar")
        assert label == "Omar" and sum(n.n_codings for n in nodes) == 0


def test_a_lead_chooses_whose_codings_the_codebook_counts(qtbot, demo_copy):
    from app.shell.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    open_as(qtbot, w, demo_copy, "Priya Raman")
    panel = w.codebook_panel
    tip = Qt.ItemDataRole.ToolTipRole
    assert panel.model.headerData(1, Qt.Orientation.Horizontal, tip).startswith("Codings counted: mine")
    choices = [panel.count_box.itemText(i) for i in range(panel.count_box.count())]
    assert choices == ["mine", "all coders", "Daniel Osei", "consensus"] and panel.count_box.isEnabled()
    with w.store.session() as s:
        expected = {n.path: n.n_codings for n in codebook.counted_tree(s, w.acting(), "all coders")[1]}
        mine = {n.path: n.n_codings for n in codebook.counted_tree(s, w.acting(), "mine")[1]}
    assert expected != mine
    panel.count_box.setCurrentText("all coders")
    panel.count_box.activated.emit(panel.count_box.currentIndex())
    assert panel.model.headerData(1, Qt.Orientation.Horizontal, tip).startswith("Codings counted: all coders")
    assert {n.path: n.n_codings for n in w.code_nodes()} == expected
