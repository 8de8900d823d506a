"""The core's access rules: blind reads, own-layer writes, lead-only actions
and the consensus layer — the same answer for every front end, on SQLite and
PostgreSQL."""
from __future__ import annotations

import pytest

from coding import access, blind, codebook, coders, codings, sources, views
from coding.agreement.corpus import AgreementRequest
from coding.agreement.disagreements import list_disagreements
from coding.agreement.service import compute_agreement
from coding.errors import NotAllowed
from exporters import codings_csv
from tests.factories import seed


@pytest.fixture
def team(store):
    """Priya (lead) and Daniel (coder) have each coded; coding is blind."""
    names = seed(store)
    with store.transaction(access.system("t")) as s:
        src = sources.get_source(s, names["source"])
        code = codebook.get_code(s, names["access"])
        codings.apply_coding(s, src, code, coders.get_coder(s, "Priya"), 40, 60)
        codings.apply_coding(s, src, code, coders.get_coder(s, "Daniel"), 45, 60)
        assert blind.is_blind(s)
    return names


def _as(store, name):
    with store.session() as s:
        return access.resolve(s, name)


def test_a_coder_reads_only_their_own_layer_while_blind(store, team):
    daniel, priya = _as(store, "Daniel"), _as(store, "Priya")
    with store.session() as s:
        src_uuid = str(sources.get_source(s, team["source"]).uuid)
        assert {c.coder for c in views.document_codings(s, daniel, src_uuid)} == {"Daniel"}
        assert {c.coder for c in views.document_codings(s, priya, src_uuid)} == {"Daniel", "Priya"}
        assert {seg.coder for seg in codings.retrieve(s, daniel)} == {"Daniel"}
        with pytest.raises(NotAllowed, match="only their own codings, not Priya's"):
            codings.retrieve(s, daniel, coder=coders.get_coder(s, "Priya"))
        assert [r[1] for r in codings_csv.rows(s, daniel)] == ["Daniel"]
        assert [x.codings for x in views.source_summaries(s, daniel)] == [1]
        assert [x.codings for x in views.source_summaries(s, priya)] == [2]


def test_agreement_and_discrepancies_are_refused_to_coders_while_blind(store, team):
    request = AgreementRequest(coders=("Priya", "Daniel"), n_boot=0)
    with store.session() as s:
        with pytest.raises(NotAllowed, match="only leads may see"):
            compute_agreement(s, _as(store, "Daniel"), request)
        with pytest.raises(NotAllowed, match="only leads may see"):
            list_disagreements(s, _as(store, "Daniel"), request, team["access"])
        unnamed = access.resolve(s, None, fallback="login")
        with pytest.raises(NotAllowed, match="--as NAME"):
            compute_agreement(s, unnamed, request)
        report = compute_agreement(s, _as(store, "Priya"), request)  # a lead reads everything
        assert report.coders == ["Priya", "Daniel"]


def test_a_coder_writes_only_their_own_layer(store, team):
    with pytest.raises(NotAllowed, match="Daniel cannot change Priya's codings"):
        with store.transaction(_as(store, "Daniel")) as s:
            [mine] = [c for c in codings.retrieve(s, access.system()) if c.coder == "Priya"]
            codings.remove_coding(s, codings.get_coding(s, mine.coding_uuid))
    with pytest.raises(NotAllowed, match="--as NAME"):
        with store.transaction(access.Acting(name="login", named=False)) as s:
            src = sources.get_source(s, team["source"])
            codings.apply_coding(s, src, codebook.get_code(s, team["cancel"]), coders.get_coder(s, "Daniel"), 0, 5)
    with store.transaction(_as(store, "Daniel")) as s:  # his own: fine
        src = sources.get_source(s, team["source"])
        codings.apply_coding(s, src, codebook.get_code(s, team["cancel"]), coders.get_coder(s, "Daniel"), 0, 5)
    with store.session() as s:
        assert len(codings.retrieve(s, access.system())) == 3


def test_the_consensus_layer_is_written_only_by_a_lead_reconciling(store, team):
    with store.transaction(access.system("t")) as s:
        consensus = coders.create_coder(s, "Consensus", role="consensus")
        consensus_uuid = str(consensus.uuid)
    for who in (access.system("t"), _as(store, "Priya")):  # not even a lead, outside reconciliation
        with pytest.raises(NotAllowed, match="written only by reconciling"):
            with store.transaction(who) as s:
                src = sources.get_source(s, team["source"])
                codings.apply_coding(s, src, codebook.get_code(s, team["access"]),
                                     coders.get_coder(s, "Consensus"), 40, 60)
    with pytest.raises(NotAllowed, match="Only a lead can reconcile"):
        with store.transaction(_as(store, "Daniel").reconcile(consensus_uuid)) as s:
            src = sources.get_source(s, team["source"])
            codings.apply_coding(s, src, codebook.get_code(s, team["access"]),
                                 coders.get_coder(s, "Consensus"), 40, 60)
    with store.transaction(_as(store, "Priya").reconcile(consensus_uuid)) as s:
        src = sources.get_source(s, team["source"])
        codings.apply_coding(s, src, codebook.get_code(s, team["access"]), coders.get_coder(s, "Consensus"), 40, 60)


def test_lead_only_actions_are_open_until_the_project_has_a_lead(store):
    with store.transaction(access.system("t")) as s:
        coders.create_coder(s, "Ana")
        coders.create_coder(s, "Ben")
    with store.session() as s:
        access.check_lead(s, access.resolve(s, "Ana"), "decide")  # nobody leads yet
    with store.transaction(access.system("t")) as s:
        coders.set_role(s, coders.get_coder(s, "Ana"), "lead")
    with store.session() as s:
        with pytest.raises(NotAllowed, match="Only a lead can decide; Ben is a coder. Ask Ana"):
            access.check_lead(s, access.resolve(s, "Ben"), "decide")
