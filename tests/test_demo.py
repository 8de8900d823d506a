"""The demo study: what a new user sees first must be complete and plausible."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from app.demo import build_demo
from coding import access, cases, codebook, coders, sources
from storage import open_project
from storage.models import Case, Coding, Section


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.tandem"
    build_demo(path)
    store = open_project(path)
    yield store
    store.close()


def test_sources_of_every_kind(demo):
    with demo.session() as s:
        kinds = sorted(x.kind for x in sources.list_sources(s))
    assert kinds == ["focus-group", "interview", "interview", "survey", "survey"]


def test_focus_group_has_six_participants_and_two_moderators(demo):
    with demo.session() as s:
        fg = next(x for x in sources.list_sources(s) if x.kind == "focus-group")
        turns = sources.sections_of(s, fg)
        moderators = {t.speaker for t in turns if t.is_moderator}
        participants = {t.case.name for t in turns if not t.is_moderator}
        assert all(t.case is None for t in turns if t.is_moderator)
    assert len(moderators) == 2
    assert participants == {f"FG-0{i}" for i in range(1, 7)}


def test_surveys_make_respondents_with_typed_attributes(demo):
    with demo.session() as s:
        respondents = [c for c in cases.list_cases(s) if c.name.startswith(("MEE-", "MOR-"))]
        assert 25 <= len(respondents) <= 35
        mentee = cases.attributes_of(s, cases.get_case(s, "MEE-01"))
        assert mentee["group"] == "Mentee"
        likert = [v for k, v in mentee.items() if k.startswith("Overall, how satisfied")]
        assert likert and isinstance(likert[0], int) and 1 <= likert[0] <= 5
        assert cases.attributes_of(s, cases.get_case(s, "MOR-01"))["group"] == "Mentor"
        responses = s.scalars(select(Section).where(Section.kind == "response")).all()
        assert responses and all(r.case is not None and r.question for r in responses)


def test_codebook_is_categories_themes_codes(demo):
    with demo.session() as s:
        nodes = codebook.tree(s)
    depth = {n.path: n.depth for n in nodes}
    leaves = [n for n in nodes if n.depth == 2]
    assert sum(1 for d in depth.values() if d == 0) == 3
    assert 12 <= len(leaves) <= 20
    assert all(n.description for n in leaves)


def test_an_exclusive_group_gives_one_value_per_survey_answer(demo):
    """'Overall view of the programme' is an exclusive group over the first
    survey question: agreement on it is one nominal variable."""
    from coding.agreement.corpus import AgreementRequest
    from coding.agreement.service import compute_agreement

    with demo.session() as s:
        group = codebook.get_code(s, "Overall view of the programme")
        assert group.exclusive and [c.name for c in group.children] == ["Favourable", "Mixed", "Unfavourable"]
        report = compute_agreement(s, access.system("t"), AgreementRequest(
            coders=("Priya Raman", "Daniel Osei"), unit="section", codes=("Overall view of the programme",)))
    result = report.group("Overall view of the programme")
    assert result.extra["conflicts"] == 0
    assert 0.5 < result.coefficients.krippendorff_alpha < 0.8  # a few disagreements, by design


def test_two_coders_agree_roughly_70_to_85_percent(demo):
    """Per section and code: of the (section, code) pairs either coder applied,
    the share both applied."""
    with demo.session() as s:
        roles = {c.name: c.role for c in coders.list_coders(s)}
        assert sorted(roles.values()) == ["coder", "consensus", "lead"]  # and the consensus layer
        secs = s.scalars(select(Section)).all()
        applied: dict[tuple[int, int], set[int]] = {}
        humans = {c.id for c in coders.list_coders(s) if c.role != "consensus"}
        for coding in s.scalars(select(Coding).where(Coding.coder_id.in_(humans))):
            sec = next(x for x in secs if x.source_id == coding.source_id and x.start <= coding.start < x.end)
            applied.setdefault((sec.id, coding.code_id), set()).add(coding.coder_id)
    both = sum(1 for v in applied.values() if len(v) == 2)
    share = both / len(applied)
    assert 0.70 <= share <= 0.85, share


def test_every_case_in_the_demo_is_used(demo):
    with demo.session() as s:
        used = {sec.case_id for sec in s.scalars(select(Section))}
        assert {c.id for c in s.scalars(select(Case))} <= used | {None}


def test_the_demo_ships_partly_reconciled(demo):
    from coding.reconcile import summary
    from coding.reconcile.discrepancies import compare

    with demo.session() as s:
        lead = access.resolve(s, "Priya Raman")
        result = summary.summarise(s, lead, compare(s, lead, "Priya Raman", "Daniel Osei"), with_agreement=False)
    assert 0 < result.decided < result.total  # part-way through: the review opens on open discrepancies
    assert result.consensus == "Consensus" and result.consensus_codings > result.agreements
    assert set(result.by_choice) >= {"accept-a", "accept-b", "both"}
