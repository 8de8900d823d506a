"""Decisions on discrepancies, and the consensus layer they build.

Only a lead decides.  A decision is a row of its own (who, when, the choice,
the rationale, the codings it rested on and the consensus codings it added)
plus an entry in the append-only audit log; reopening it takes its consensus
codings out again and is logged too.  Neither coder's own codings are ever
changed or deleted: the consensus layer is a separate coder (role
``consensus``, named "Consensus" unless renamed) that reconciliation alone
writes.
"""
from __future__ import annotations

import uuid as uuid_mod
from dataclasses import dataclass
from typing import Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from coding import access, audit, codings
from coding.edits import code_by_uuid as _code, coder_by_uuid as _coder, source_by_uuid as _source
from coding.access import Acting
from coding.errors import Conflict, InvalidRequest, NotAllowed, NotFound
from coding.reconcile.discrepancies import Comparison, Discrepancy
from storage.models import Code, Coder, Coding, Decision, DiscrepancyComment, Source, utcnow

CONSENSUS_NAME = "Consensus"
CHOICES = ("accept-a", "accept-b", "both", "neither", "edit")
CHOICE_LABELS = {"accept-a": "accepted A", "accept-b": "accepted B", "both": "kept both",
                 "neither": "kept neither", "edit": "edited the boundaries"}
ALLOWED = {
    "a_only": ("accept-a", "neither", "edit"),
    "b_only": ("accept-b", "neither", "edit"),
    "boundary": ("accept-a", "accept-b", "both", "neither", "edit"),
    "different_code": ("accept-a", "accept-b", "both", "neither"),
}
KIND_PHRASES = {"a_only": "an A-only", "b_only": "a B-only", "boundary": "a boundary",
                "different_code": "a different-code"}
WHAT_IT_MEANS = {
    "accept-a": "keep A's coding", "accept-b": "keep B's coding", "neither": "leave it out",
    "both": "keep both", "edit": "new boundaries",
}


# --- the consensus layer ----------------------------------------------------------------


def reconciled_pair(session: Session) -> Optional[tuple[str, str]]:
    """The two layers (coder A, coder B) of the latest decision, if any: the
    order a review continues in."""
    row = session.execute(select(Decision.coder_a_id, Decision.coder_b_id).order_by(Decision.id.desc())
                          .limit(1)).first()
    if row is None:
        return None
    names = dict(session.execute(select(Coder.id, Coder.name)).all())
    return names[row.coder_a_id], names[row.coder_b_id]


def consensus_layer(session: Session) -> Optional[Coder]:
    return session.scalar(select(Coder).where(Coder.role == "consensus").order_by(Coder.id).limit(1))


def ensure_consensus(session: Session, acting: Acting) -> Coder:
    """The project's consensus layer, made (by a lead) the first time it is needed."""
    found = consensus_layer(session)
    if found is not None:
        return found
    access.check_strict_lead(session, acting, "start the consensus layer")
    from coding.coders import create_coder, find_coder

    name = CONSENSUS_NAME if find_coder(session, CONSENSUS_NAME) is None else f"{CONSENSUS_NAME} (layer)"
    return create_coder(session, name, role="consensus", colour="#7A7A7A")


def _same_person(session: Session, acting: Acting) -> None:
    here = access.current(session)
    if (here.name, here.coder_uuid) != (acting.name, acting.coder_uuid):
        raise RuntimeError("a decision must run in a transaction opened with the same acting context")


def _consensus_has(session: Session, consensus: Coder, source_id: int, code_id: int, start: int, end: int):
    return session.scalar(select(Coding).where(
        Coding.coder_id == consensus.id, Coding.source_id == source_id, Coding.code_id == code_id,
        Coding.start == start, Coding.end == end))


def copy_agreements(session: Session, acting: Acting, comparison: Comparison) -> int:
    """Put every agreement of ``comparison`` into the consensus layer (what
    is there already is kept); returns how many codings were added."""
    _same_person(session, acting)
    access.check_strict_lead(session, acting, "copy agreements into the consensus layer")
    consensus = ensure_consensus(session, acting)
    existing = set(session.execute(select(Coding.source_id, Coding.code_id, Coding.start, Coding.end)
                                   .where(Coding.coder_id == consensus.id)).all())
    sources: dict[str, Source] = {}
    codes: dict[str, Code] = {}
    items = []
    for agreement in comparison.agreements:
        source = sources.get(agreement.source_uuid) or sources.setdefault(
            agreement.source_uuid, _source(session, agreement.source_uuid))
        code = codes.get(agreement.code_uuid) or codes.setdefault(agreement.code_uuid,
                                                                   _code(session, agreement.code_uuid))
        for start, end in agreement.spans:
            key = (source.id, code.id, start, end)
            if key not in existing:
                existing.add(key)
                items.append(codings.NewCoding(source, code, consensus, start, end))
    with access.reconciling(session, consensus):
        added = codings.apply_codings(session, items)
    audit.record(session, "reconcile.agreements", consensus, entity_type="coder", after={
        "coder_a": comparison.coder_a, "coder_b": comparison.coder_b, "unit": comparison.unit,
        "threshold": comparison.threshold, "agreements": len(comparison.agreements), "codings_added": added})
    return added


# --- deciding ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What a decision (or a reopening) did, as plain data for the front ends."""

    discrepancy_id: str
    decision_uuid: str
    choice: str
    created: tuple[str, ...]  # consensus coding uuids added
    removed: tuple[str, ...] = ()  # consensus coding uuids taken out (reopening)


def check_choice(d: Discrepancy, choice: str) -> None:
    if choice not in CHOICES:
        raise InvalidRequest(f"Unknown choice '{choice}'; use one of: {', '.join(CHOICES)}.")
    allowed = ALLOWED[d.kind]
    if choice not in allowed:
        options = [f"{c} ({WHAT_IT_MEANS[c]})" for c in allowed]
        raise InvalidRequest(f"'{choice}' does not fit {KIND_PHRASES[d.kind]} discrepancy ({d.id}); "
                             f"choose {', '.join(options[:-1])} or {options[-1]}.")


def _planned(d: Discrepancy, choice: str, span: Optional[tuple[int, int]]) -> list[tuple[str, int, int]]:
    """The consensus codings (code uuid, start, end) a choice asks for."""
    if choice == "neither":
        return []
    if choice == "accept-a":
        return [(s.code_uuid, s.start, s.end) for s in d.a]
    if choice == "accept-b":
        return [(s.code_uuid, s.start, s.end) for s in d.b]
    if choice == "edit":
        if span is None:
            raise InvalidRequest("Editing the boundaries needs the new span (start and end).")
        return [((d.a or d.b)[0].code_uuid, int(span[0]), int(span[1]))]
    if d.kind == "boundary":  # both: the passage either coder saw, as one coding
        return [(d.a[0].code_uuid, min(d.a[0].start, d.b[0].start), max(d.a[0].end, d.b[0].end))]
    return [(s.code_uuid, s.start, s.end) for s in d.a + d.b]


@dataclass(frozen=True)
class Pair:
    """The two layers compared, and the unit: what a decision belongs to."""

    coder_a_uuid: str
    coder_b_uuid: str
    unit: str = "segment"

    @classmethod
    def of(cls, comparison: Comparison) -> "Pair":
        return cls(comparison.coder_a_uuid, comparison.coder_b_uuid, comparison.unit)


def decide(session: Session, acting: Acting, comparison: Comparison, discrepancy_id: str, choice: str,
           rationale: str = "", span: Optional[tuple[int, int]] = None) -> Outcome:
    """A lead decides the discrepancy ``discrepancy_id`` of ``comparison``."""
    return decide_one(session, acting, Pair.of(comparison), comparison.by_id(discrepancy_id), choice,
                      rationale, span)


def _check_current(session: Session, d: Discrepancy) -> None:
    """Refuse a discrepancy whose codings changed since it was listed."""
    spans = {s.uuid: s for s in d.a + d.b}
    now = {}
    for uid, code_uuid, start, end in session.execute(
            select(Coding.uuid, Code.uuid, Coding.start, Coding.end).join(Code, Coding.code_id == Code.id)
            .where(Coding.uuid.in_([uuid_mod.UUID(u) for u in spans]))):
        now[str(uid)] = (str(code_uuid), start, end)
    for uid, s in spans.items():
        if now.get(uid) != (s.code_uuid, s.start, s.end):
            raise NotFound(f"Discrepancy {d.id} has changed since it was listed (a coding it concerns was moved, "
                           "re-coded or removed); list the discrepancies again.")


def decide_one(session: Session, acting: Acting, pair: Pair, d: Discrepancy, choice: str,
               rationale: str = "", span: Optional[tuple[int, int]] = None) -> Outcome:
    """A lead decides one discrepancy: the consensus layer gets what the
    choice keeps, and the decision is stored with who, when, why and what it
    rested on."""
    _same_person(session, acting)
    access.check_strict_lead(session, acting, "decide discrepancies")
    check_choice(d, choice)
    planned = _planned(d, choice, span)
    a, b = _coder(session, pair.coder_a_uuid), _coder(session, pair.coder_b_uuid)
    done = session.execute(select(Decision.choice, Decision.decided_by).where(
        Decision.discrepancy_id == d.id, Decision.coder_a_id == a.id, Decision.coder_b_id == b.id,
        Decision.status == "decided")).first()
    if done is not None:
        raise Conflict(f"Discrepancy {d.id} was decided already ({done.choice} by {done.decided_by}); "
                       f"reopen it first (tandem reconcile --reopen {d.id}).")
    _check_current(session, d)
    consensus = ensure_consensus(session, acting)
    if consensus.id in (a.id, b.id) and choice != "neither" and (
            (consensus.id == a.id and choice == "accept-a") or (consensus.id == b.id and choice == "accept-b")):
        planned = []  # the consensus layer holds it already
    source = _source(session, d.source_uuid)
    created = []
    with access.reconciling(session, consensus):
        for code_uuid, start, end in planned:
            code = _code(session, code_uuid)
            if _consensus_has(session, consensus, source.id, code.id, start, end) is None:
                created.append(str(codings.apply_coding(session, source, code, consensus, start, end).uuid))
    superseded = _supersede(session, d, a, b) if d.status != "pending" else []
    basis = [s.as_basis(pair.coder_a_uuid) for s in d.a] + [s.as_basis(pair.coder_b_uuid) for s in d.b]
    row = Decision(discrepancy_id=d.id, coder_a_id=a.id, coder_b_id=b.id, consensus_id=consensus.id,
                   unit=pair.unit, kind=d.kind, source_id=source.id, code_path=d.code, choice=choice,
                   rationale=rationale.strip(), status="decided", decided_by=acting.name, decided_at=utcnow(),
                   basis=basis, created=created, span=list(span) if span else None)
    session.add(row)
    session.flush()
    audit.record(session, "decision.decide", row, before={"status": d.status, "superseded": superseded} if (
        d.status != "pending" or superseded) else None, after=audit.snapshot(row))
    return Outcome(d.id, str(row.uuid), choice, tuple(created))


def _supersede(session: Session, d: Discrepancy, a: Coder, b: Coder) -> list[str]:
    """Earlier decisions this one replaces: one reopened on the same
    discrepancy, or one whose codings have changed into this discrepancy."""
    mine = set(d.codings())
    out = []
    for row in session.scalars(select(Decision).where(
            Decision.coder_a_id == a.id, Decision.coder_b_id == b.id, Decision.status != "superseded")):
        if row.discrepancy_id == d.id and row.status == "reopened" or (
                row.status == "decided" and row.discrepancy_id != d.id
                and mine & {x["uuid"] for x in row.basis}):
            before = {"status": row.status}
            row.status = "superseded"
            session.flush()
            audit.record(session, "decision.supersede", row, before=before,
                         after={"status": "superseded", "by_discrepancy": d.id})
            out.append(str(row.uuid))
    return out


def _find_decision(session: Session, ref: str) -> Decision:
    ref = ref.strip()
    row = session.scalar(select(Decision).where(Decision.discrepancy_id == ref, Decision.status == "decided"))
    if row is None:
        try:
            row = session.scalar(select(Decision).where(Decision.uuid == uuid_mod.UUID(ref)))
        except ValueError:
            row = None
    if row is None:
        raise NotFound(f"No decided discrepancy has the id '{ref}' (list them with tandem discrepancies "
                       "PROJECT --status decided).")
    return row


def reopen(session: Session, acting: Acting, ref: str, reason: str = "") -> Outcome:
    """Take a decision back (``ref``: the discrepancy id or the decision's
    uuid): its consensus codings come out, the discrepancy is open again."""
    _same_person(session, acting)
    access.check_strict_lead(session, acting, "reopen decisions")
    row = _find_decision(session, ref)
    if row.status != "decided":
        raise Conflict(f"That decision is {row.status} already; nothing to reopen.")
    consensus = session.get(Coder, row.consensus_id)
    removed = []
    with access.reconciling(session, consensus):
        for coding_uuid in row.created:
            coding = session.scalar(select(Coding).where(Coding.uuid == uuid_mod.UUID(coding_uuid)))
            if coding is not None:
                codings.remove_coding(session, coding)
                removed.append(coding_uuid)
    before = {"status": row.status}
    row.status, row.reopened_by, row.reopened_at = "reopened", acting.name, utcnow()
    row.reopen_reason = reason.strip()
    session.flush()
    audit.record(session, "decision.reopen", row, before=before, after={
        "status": "reopened", "reason": row.reopen_reason, "removed": removed})
    return Outcome(row.discrepancy_id, str(row.uuid), row.choice, (), tuple(removed))


# --- comments and flags ------------------------------------------------------------------


def comment(session: Session, acting: Acting, discrepancy_id: str, text: str) -> str:
    """A coder's (or lead's) comment on a discrepancy; returns its uuid."""
    if not text.strip():
        raise InvalidRequest("A comment needs some text.")
    if acting.coder_uuid is None:
        raise NotAllowed(f"Comments are signed by a coder of the project; {access.NAME_YOURSELF}.")
    row = DiscrepancyComment(discrepancy_id=discrepancy_id.strip(), author_id=_coder(session, acting.coder_uuid).id,
                             text=text.strip())
    session.add(row)
    session.flush()
    audit.record(session, "discrepancy.comment", row, after=audit.snapshot(row))
    return str(row.uuid)


# --- status of each discrepancy ----------------------------------------------------------


def plain(row: Decision) -> dict:
    return {"uuid": str(row.uuid), "choice": row.choice, "rationale": row.rationale, "status": row.status,
            "decided_by": row.decided_by, "decided_at": row.decided_at.isoformat(), "created": list(row.created),
            "span": row.span, "reopened_by": row.reopened_by,
            "reopened_at": row.reopened_at.isoformat() if row.reopened_at else None,
            "reopen_reason": row.reopen_reason}


def _changes(session: Session, basis: list[dict]) -> str:
    """How the codings a decision rested on have changed since."""
    uuids = [uuid_mod.UUID(x["uuid"]) for x in basis]
    now = {str(u): (code_id, s, e) for u, code_id, s, e in session.execute(
        select(Coding.uuid, Coding.code_id, Coding.start, Coding.end).where(Coding.uuid.in_(uuids)))}
    codes = {str(u): i for i, u in session.execute(select(Code.id, Code.uuid))}
    out = []
    for x in basis:
        if x["uuid"] not in now:
            out.append(f"the coding {x['start']}–{x['end']} ({x['code']}) was removed")
            continue
        code_id, s, e = now[x["uuid"]]
        if (s, e) != (x["start"], x["end"]):
            out.append(f"the coding {x['start']}–{x['end']} ({x['code']}) now spans {s}–{e}")
        if codes.get(x["code_uuid"]) != code_id:
            out.append(f"the coding {x['start']}–{x['end']} was re-coded from {x['code']}")
    return "; ".join(out) or "the codings it rested on changed"


def attach_status(session: Session, comparison: Comparison, a: Coder, b: Coder) -> None:
    """Mark each discrepancy pending, decided or reopened (with the reason),
    and list decisions whose codings changed into no discrepancy at all."""
    reversed_pair = session.scalar(select(Decision.id).where(
        Decision.coder_a_id == b.id, Decision.coder_b_id == a.id).limit(1))
    if reversed_pair is not None:
        raise InvalidRequest(f"Reconciliation of these two layers was started with {b.name} as coder A; "
                             f"list them in that order (--coders {b.name},{a.name}).")
    rows = list(session.scalars(select(Decision).where(
        Decision.coder_a_id == a.id, Decision.coder_b_id == b.id, Decision.status != "superseded")
        .order_by(Decision.id)))
    current = {d.id: d for d in comparison.discrepancies}
    by_coding: dict[str, list[Discrepancy]] = {}
    for d in comparison.discrepancies:
        for u in d.codings():
            by_coding.setdefault(u, []).append(d)
    for row in rows:
        d = current.get(row.discrepancy_id)
        if d is not None:
            d.decision = plain(row)
            if row.status == "decided":
                d.status = "decided"
            else:
                d.status = "reopened"
                d.reopened_because = (f"reopened by {row.reopened_by}" +
                                      (f": {row.reopen_reason}" if row.reopen_reason else ""))
            continue
        if row.status != "decided":
            continue
        why = (f"decided ({row.choice}) by {row.decided_by} on {row.decided_at:%Y-%m-%d}, but since then "
               + _changes(session, row.basis))
        touched = {t.id: t for u in (x["uuid"] for x in row.basis) for t in by_coding.get(u, [])}
        if not touched:
            comparison.stale.append({**plain(row), "discrepancy_id": row.discrepancy_id, "reason": why})
        for t in touched.values():
            if t.status == "pending":
                t.status, t.reopened_because, t.decision = "reopened", why, plain(row)
    ids = list(current)
    if ids:
        names = dict(session.execute(select(Coder.id, Coder.name)).all())
        for c in session.scalars(select(DiscrepancyComment).where(DiscrepancyComment.discrepancy_id.in_(ids))
                                 .order_by(DiscrepancyComment.id)):
            current[c.discrepancy_id].comments.append(
                {"author": names.get(c.author_id, "?"), "text": c.text, "at": c.created_at.isoformat()})


def decisions(session: Session, acting: Acting, status: Optional[str] = None) -> list[dict]:
    """Every decision as plain data (for the decisions log), oldest first."""
    access.check_may_compare(session, acting, "the reconciliation decisions")
    names = dict(session.execute(select(Coder.id, Coder.name)).all())
    sources = dict(session.execute(select(Source.id, Source.name)).all())
    stmt = select(Decision).order_by(Decision.decided_at, Decision.id)
    if status:
        stmt = stmt.where(Decision.status == status)
    return [{**plain(r), "discrepancy_id": r.discrepancy_id, "class": r.kind, "code": r.code_path,
             "source": sources.get(r.source_id), "coder_a": names.get(r.coder_a_id),
             "coder_b": names.get(r.coder_b_id), "unit": r.unit, "basis": r.basis}
            for r in session.scalars(stmt)]
