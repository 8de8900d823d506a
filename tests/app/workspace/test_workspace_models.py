"""The workspace's own item models, checked with qtmodeltester."""
from __future__ import annotations

from PySide6.QtCore import Qt

from app.codebook.codebook_model import CodebookModel
from app.coding.code_list_model import CodeListModel, FuzzyProxy
from app.document.case_model import CaseAttributesModel
from app.identity.coders_model import CodersModel
from app.retrieval.segments_model import SegmentsModel
from app.search.hits_model import HitsModel
from coding.codebook import CodeNode
from coding.codings import Segment
from coding.search import Hit
from coding.views import CoderSummary


def nodes() -> list[CodeNode]:
    def n(path, depth, leaf=True):
        return CodeNode(uuid=path, path=path, name=path.rsplit("/", 1)[-1], depth=depth, description="",
                        colour="#AABBCC", codable=True, exclusive=False, n_codings=1, is_leaf=leaf)
    return [n("Influences", 0, False), n("Influences/Time pressure", 1), n("Influences/Hierarchy", 1),
            n("Outcomes", 0, False), n("Outcomes/Confidence", 1)]


def test_codebook_model_with_keys(qtmodeltester):
    model = CodebookModel()
    model.set_nodes(nodes())
    qtmodeltester.check(model)
    assert {k: v.name for k, v in model.key_codes().items()} == {1: "Time pressure", 2: "Hierarchy", 3: "Confidence"}


def test_code_list_and_fuzzy_proxy(qtmodeltester):
    model = CodeListModel()
    model.set_nodes(nodes())
    proxy = FuzzyProxy()
    proxy.setSourceModel(model)
    proxy.set_query("tp")
    qtmodeltester.check(proxy)
    assert proxy.index(0, 0).data() == "Influences › Time pressure"
    proxy.set_query("")
    assert proxy.rowCount() == 5
    qtmodeltester.check(model)


def test_small_table_models(qtmodeltester):
    coders = CodersModel()
    coders.set_coders([CoderSummary("u", "Priya", "#112233", "lead")])
    qtmodeltester.check(coders)
    case = CaseAttributesModel()
    case.set_rows([("group", "Mentee"), ("year", "2")])
    qtmodeltester.check(case)
    hits = HitsModel()
    hits.set_rows([Hit("s", "Survey", 3, 7, "abc", "time", "def")])
    qtmodeltester.check(hits)
    segments = SegmentsModel()
    segments.set_rows([Segment("c", "Survey", "survey", "A/B", "Priya", 0, 4, "text", "", "MEE-01", None)])
    qtmodeltester.check(segments)


def test_categories_show_what_their_codes_hold_together():
    model = CodebookModel()
    model.set_nodes(nodes())  # every node has 1 coding of its own
    influences = model.index(0, 1)
    assert influences.data() == 3  # its own 1 and its two codes' 1 each
    assert model.index(0, 1, model.index(0, 0)).data() == 1
    assert "codes under it" in influences.data(Qt.ItemDataRole.ToolTipRole)
