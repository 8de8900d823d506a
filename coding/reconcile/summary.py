"""How far reconciliation has come, agreement before it beside what the
consensus layer now holds, and the methods-section paragraph."""
from __future__ import annotations

import uuid as uuid_mod
from collections import Counter
from dataclasses import dataclass, field
from typing import Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coding.access import Acting
from coding.agreement.scope import Independence, off_periods, unblinded
from coding.reconcile.decisions import CHOICE_LABELS, consensus_layer
from coding.reconcile.discrepancies import KINDS, UNIT_WORDS, Comparison
from storage.models import Coder, Coding, Source

KIND_WORDS = {"a_only": "coded by {a} only", "b_only": "coded by {b} only",
              "boundary": "with the same code on differing spans",
              "different_code": "with different codes on the same passage"}


@dataclass
class Summary:
    coder_a: str
    coder_b: str
    unit: str
    threshold: float
    total: int
    decided: int
    pending: int
    reopened: int
    by_kind: dict[str, dict[str, int]]       # kind -> {"total": n, "decided": n}
    by_choice: dict[str, int]                # choice -> n (decided discrepancies)
    deciders: list[str]
    agreements: int
    consensus: Optional[str] = None
    consensus_codings: int = 0
    stale: int = 0
    agreement: dict[str, Optional[float]] = field(default_factory=dict)  # pair -> percent agreement
    with_rationale: int = 0  # decided discrepancies whose decision records a rationale
    independence: Optional[Independence] = None  # whether blind coding was on while the two coded

    @property
    def share(self) -> float:
        return self.decided / self.total if self.total else 1.0

    def to_json(self) -> dict:
        return {"coder_a": self.coder_a, "coder_b": self.coder_b, "unit": self.unit, "threshold": self.threshold,
                "total": self.total, "decided": self.decided, "pending": self.pending, "reopened": self.reopened,
                "by_class": self.by_kind, "by_choice": self.by_choice, "decided_by": self.deciders,
                "agreements": self.agreements, "consensus": self.consensus,
                "consensus_codings": self.consensus_codings, "stale_decisions": self.stale,
                "percent_agreement": self.agreement, "decided_with_rationale": self.with_rationale,
                "independence": self.independence.to_json() if self.independence else None,
                "methods_paragraph": methods_paragraph(self)}


def summarise(session: Session, acting: Acting, comparison: Comparison, with_agreement: bool = True) -> Summary:
    kinds = {k: {"total": 0, "decided": 0} for k in KINDS}
    choices: Counter = Counter()
    deciders: list[str] = []
    with_rationale = 0
    for d in comparison.discrepancies:
        kinds[d.kind]["total"] += 1
        if d.status == "decided":
            kinds[d.kind]["decided"] += 1
            choices[d.decision["choice"]] += 1
            with_rationale += bool((d.decision.get("rationale") or "").strip())
            if d.decision["decided_by"] not in deciders:
                deciders.append(d.decision["decided_by"])
    statuses = Counter(d.status for d in comparison.discrepancies)
    layer = consensus_layer(session)
    summary = Summary(comparison.coder_a, comparison.coder_b, comparison.unit, comparison.threshold,
                      len(comparison.discrepancies), statuses["decided"], statuses["pending"], statuses["reopened"],
                      kinds, dict(choices), sorted(deciders), len(comparison.agreements),
                      layer.name if layer else None,
                      session.scalar(select(func.count(Coding.id)).where(Coding.coder_id == layer.id)) if layer else 0,
                      len(comparison.stale), with_rationale=with_rationale,
                      independence=_independence(session, comparison))
    if with_agreement:
        summary.agreement = _agreement(session, acting, comparison, layer.name if layer else None)
    return summary


def _independence(session: Session, comparison: Comparison) -> Independence:
    """Whether blind coding was on whenever the two coders made or changed a
    coding in the sources compared, from the audit log (as the agreement
    report says it: ``coding.agreement.scope``)."""
    periods, switches = off_periods(session)
    stmt = (select(func.count(Coding.id)).join(Coder, Coder.id == Coding.coder_id)
            .where(Coder.uuid.in_([uuid_mod.UUID(comparison.coder_a_uuid), uuid_mod.UUID(comparison.coder_b_uuid)])))
    if comparison.sources:
        stmt = stmt.where(Coding.source_id.in_(select(Source.id).where(Source.name.in_(comparison.sources))))
    total = session.scalar(stmt) or 0
    condition = unblinded(periods)
    off = (session.scalar(stmt.where(condition)) or 0) if condition is not None else 0
    return Independence(off == 0, total, off, switches)


def _agreement(session: Session, acting: Acting, comparison: Comparison, consensus: Optional[str]) -> dict:
    """Percent agreement at the segment unit, before (A–B) and against the
    consensus layer (A–consensus, B–consensus)."""
    from coding.agreement.corpus import AgreementRequest
    from coding.agreement.service import compute_agreement

    pairs = [(comparison.coder_a, comparison.coder_b)]
    if consensus and consensus not in pairs[0]:
        pairs += [(comparison.coder_a, consensus), (comparison.coder_b, consensus)]
    out = {}
    for x, y in pairs:
        request = AgreementRequest(coders=(x, y), unit="segment", threshold=comparison.threshold, n_boot=0)
        report = compute_agreement(session, acting, request)
        out[f"{x}–{y}"] = report.overall["pooled"]["percent_agreement"]
    return out


def _pct(value: Optional[float]) -> str:
    return "—" if value is None else f"{value:.1%}"


def methods_paragraph(s: Summary) -> str:
    """What a methods section says about reconciliation, from the numbers."""
    rule = ("were identical" if s.threshold >= 1 else
            f"overlapped by at least {s.threshold:.0%} of their union (|s∩t|/|s∪t|)")
    unit = (f"coded segment (two codings of the same code agreed when their spans {rule})"
            if s.unit == "segment" else UNIT_WORDS.get(s.unit, s.unit))
    if not s.total:
        return (f"The codings of {s.coder_a} and {s.coder_b} were compared by {unit}; "
                "they showed no discrepancies.")
    parts = [f"{s.by_kind[k]['total']} {KIND_WORDS[k].format(a=s.coder_a, b=s.coder_b)}"
             for k in KINDS if s.by_kind[k]["total"]]
    text = (f"{_how_they_coded(s)} Their codings were compared by {unit}, "
            f"which showed {s.agreements} agreement{'s' if s.agreements != 1 else ''} and {s.total} "
            f"discrepanc{'ies' if s.total != 1 else 'y'}: {_join(parts)}.")
    if s.decided:
        who = _join(s.deciders)
        words = {"accept-a": f"kept {s.coder_a}'s coding", "accept-b": f"kept {s.coder_b}'s coding",
                 "both": "kept both", "neither": "kept neither", "edit": "set new boundaries"}
        how = _join([f"{words.get(c, CHOICE_LABELS[c])} in {n}"
                     for c, n in sorted(s.by_choice.items(), key=lambda kv: (-kv[1], kv[0]))])
        text += (f" {who} ({'lead' if len(s.deciders) == 1 else 'leads'}) decided "
                 f"{'every discrepancy' if s.decided == s.total else f'{s.decided} of them'}"
                 f"{_rationales(s)}: {how}.")
    if s.decided < s.total:
        left = s.total - s.decided
        text += " The other one remains undecided." if left == 1 else f" The other {left} remain undecided."
    if s.consensus:
        text += (f" The agreements and the decisions form a consensus layer of {s.consensus_codings} "
                 f"coding{'s' if s.consensus_codings != 1 else ''}; neither coder's own codings were changed.")
    before = s.agreement.get(f"{s.coder_a}–{s.coder_b}")
    if before is not None:
        text += f" Percent agreement between the coders before reconciliation was {_pct(before)} (coded segments)."
    return text


def _how_they_coded(s: Summary) -> str:
    """"Independently" only when the audit log shows blind coding was on whenever they coded."""
    found = s.independence
    if found is None or found.enforced:
        return (f"{s.coder_a} and {s.coder_b} coded independently; blind coding (each coder sees only their own "
                "codings) was on whenever they coded, according to the project's audit log.")
    return (f"{s.coder_a} and {s.coder_b} coded separately; independence was not enforced: blind coding was off "
            f"while {found.n_unblinded:,} of their {found.n_codings:,} codings were made or changed, according to "
            "the project's audit log.")


def _rationales(s: Summary) -> str:
    if s.with_rationale == s.decided:
        return ", each with a recorded rationale" if s.decided > 1 else " with a recorded rationale"
    if s.with_rationale == 0:
        return " (no rationale was recorded)"
    return f" ({s.with_rationale} with a recorded rationale)"


def _join(items: list[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
