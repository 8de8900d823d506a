"""The GUI's own item models, checked with qtmodeltester."""
from __future__ import annotations

from app.codebook.codebook_model import CodebookModel, PATH_ROLE
from app.sources.sources_model import SourcesModel, UUID_ROLE
from coding.codebook import CodeNode
from coding.views import SourceSummary


def node(path: str, depth: int, n: int = 0) -> CodeNode:
    return CodeNode(uuid=path, path=path, name=path.rsplit("/", 1)[-1], depth=depth, description="d",
                    colour="#AABBCC", codable=True, exclusive=False, n_codings=n)


def test_sources_model(qtmodeltester):
    model = SourcesModel()
    model.set_sources([
        SourceSummary("u1", "Focus group", "focus-group", 100, 5, 3),
        SourceSummary("u2", "Survey", "survey", 50, 2, 0),
        SourceSummary("u3", "Interview B", "interview", 10, 1, 0),
        SourceSummary("u4", "Interview A", "interview", 10, 1, 0),
    ])
    qtmodeltester.check(model)
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == [
        "Focus groups (1)", "Interviews (2)", "Surveys (1)"]
    interviews = model.index(1, 0)
    assert model.index(1, 0, interviews).data(UUID_ROLE) == "u4"
    assert model.source_at(model.index_of("u2")).name == "Survey"
    model.set_sources([])
    qtmodeltester.check(model)


def test_codebook_model(qtmodeltester):
    model = CodebookModel()
    model.set_nodes([node("A", 0), node("A/B", 1), node("A/B/C", 2, 4), node("A/D", 1), node("E", 0)])
    qtmodeltester.check(model)
    a = model.index(0, 0)
    assert model.rowCount(a) == 2
    c = model.index(0, 0, model.index(0, 0, a))
    assert c.data(PATH_ROLE) == "A/B/C" and c.siblingAtColumn(1).data() == 4
    assert model.parent(c).data() == "B"
