"""What one user action changed, as one value: the front ends refresh from
this notification alone instead of each view being refreshed by hand.

A step (an edit, its undo, a decision, a switch of blind mode) reports a
``Change``; two changes combine with ``|``.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Collection, Optional


@dataclass(frozen=True)
class Change:
    codings: bool = False
    layers: frozenset[str] = field(default_factory=frozenset)   # coder uuids whose codings changed (empty: any)
    sources: frozenset[str] = field(default_factory=frozenset)  # source uuids whose codings changed (empty: any)
    delta: Any = None  # what was added and removed in the one source changed, when known (views update in place)
    codebook: bool = False
    memos: bool = False
    cases: bool = False
    decisions: bool = False
    quotes: bool = False
    source_list: bool = False  # sources added, renamed or deleted
    blind: Optional[bool] = None  # the new state, when independent coding was switched

    def __or__(self, other: "Change") -> "Change":
        both = self.codings and other.codings
        return Change(
            codings=self.codings or other.codings,
            layers=_merge(self.codings, self.layers, other.codings, other.layers),
            sources=_merge(self.codings, self.sources, other.codings, other.sources),
            delta=None if both else (self.delta if self.codings else other.delta),
            codebook=self.codebook or other.codebook, memos=self.memos or other.memos,
            cases=self.cases or other.cases, decisions=self.decisions or other.decisions,
            quotes=self.quotes or other.quotes, source_list=self.source_list or other.source_list,
            blind=other.blind if other.blind is not None else self.blind)

    @classmethod
    def of_codings(cls, source_uuid: str = "", layer_uuid: str = "", delta: Any = None) -> "Change":
        return cls(codings=True, layers=frozenset({layer_uuid} if layer_uuid else ()),
                   sources=frozenset({source_uuid} if source_uuid else ()), delta=delta)


def _merge(a_on: bool, a: frozenset, b_on: bool, b: frozenset) -> frozenset:
    """Which (sources or layers) two changes touched together; empty means any."""
    if not a_on:
        return b
    if not b_on:
        return a
    return a | b if a and b else frozenset()


# --- what other people changed meanwhile ----------------------------------------------

LOOKBACK = 500  # ids below the newest seen that are read again: a transaction may commit after a later one
SOURCES_READ = 200  # past this many codings changed, every source counts as changed (no per-entry read)
_BY_KIND = {"coding": "codings", "code": "codebook", "memo": "memos", "case": "cases", "attribute": "cases",
            "decision": "decisions", "discrepancy": "decisions", "quote": "quotes"}
_NOTHING = {"coder.identity_chosen"}  # who opened the project: nothing in it changed
_ALSO = {"code.delete": "codings", "code.merge": "codings", "source.edit_text": "codings", "source.delete": "codings",
         "source.assign_speaker": "cases", "reconcile.agreements": "decisions"}


@dataclass(frozen=True)
class Seen:
    """How far the audit log has been read: the newest entry's id, and the
    ids read just below it (an entry whose transaction committed late, with
    an id below one already read, is still noticed once)."""
    newest: int = 0
    recent: frozenset[int] = frozenset()


def log_position(session) -> Seen:
    """Where the audit log ends now (changes before it are on screen already)."""
    from sqlalchemy import func, select

    from storage.models import AuditEntry

    newest = session.scalar(select(func.max(AuditEntry.id))) or 0
    ids = session.scalars(select(AuditEntry.id).where(AuditEntry.id > newest - LOOKBACK))
    return Seen(newest, frozenset(ids))


def changes_since(session, seen: Seen, me: Optional[str] = None,
                  mine: Optional[Collection] = None, again: Collection = ()) -> tuple[Optional[Change], Seen]:
    """What others changed in the project since ``seen``, as one ``Change``
    (None: nothing), and how far the log has now been read.  Others: every
    transaction but ``mine`` (the transaction uuids this window's store
    wrote, ``ProjectStore.written_transactions``: the same coder working in
    another window or program is another) — or, without ``mine``, every
    actor but ``me``.  Only the log is read, never the rows it names, so what
    the window then reads again goes through its acting context as always
    (a blind coder still sees only their own codings).  ``again``: transactions
    to report even if read before (one of this window's whose commit lost its
    answer and which was let go: what the server has of it is shown)."""
    from sqlalchemy import or_, select

    from storage.models import AuditEntry

    recent = AuditEntry.id > seen.newest - LOOKBACK
    rows = session.execute(select(AuditEntry.id, AuditEntry.action, AuditEntry.actor, AuditEntry.transaction_uuid)
                           .where(or_(recent, AuditEntry.transaction_uuid.in_(again)) if again else recent)
                           .order_by(AuditEntry.id)).all()
    fresh = [r for r in rows if r.id not in seen.recent or r.transaction_uuid in again]
    newest = max([seen.newest] + [r.id for r in rows])
    now = Seen(newest, frozenset(r.id for r in rows if r.id > newest - LOOKBACK))
    theirs = [r for r in fresh if r.action not in _NOTHING
              and (r.transaction_uuid not in mine if mine is not None else r.actor != me)]
    if not theirs:
        return None, now
    flags: dict[str, Any] = {}
    for r in theirs:
        kind, _, verb = r.action.partition(".")
        if r.action == "project.blind_on" or r.action == "project.blind_off":
            flags["blind"] = verb == "blind_on"
        elif kind in _BY_KIND:
            flags[_BY_KIND[kind]] = True
        else:  # sources added or renamed, coders, the project's settings, a merge: everything is read again
            flags["source_list"] = True
        if r.action in _ALSO:
            flags[_ALSO[r.action]] = True
    change = Change(**flags)
    if change.codings:  # which sources: those of the codings changed, unless a code or source went with them
        wide = any(_ALSO.get(r.action) == "codings" for r in theirs)
        coding_ids = [r.id for r in theirs if r.action.startswith("coding.")]
        change = replace(change, sources=frozenset() if wide else _sources_of(session, coding_ids))
    return change, now


def _sources_of(session, ids: list[int]) -> frozenset[str]:
    """The sources whose codings the entries ``ids`` changed (empty: any)."""
    from sqlalchemy import select

    from storage.models import AuditEntry

    if not ids or len(ids) > SOURCES_READ:
        return frozenset()
    found = set()
    for before, after in session.execute(select(AuditEntry.before, AuditEntry.after).where(AuditEntry.id.in_(ids))):
        uuid = (after or {}).get("source_uuid") or (before or {}).get("source_uuid")
        if not uuid:
            return frozenset()
        found.add(uuid)
    return frozenset(found)
