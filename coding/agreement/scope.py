"""What surrounds the numbers of an agreement report: which coders to compare
by default, and whether the audit log shows that they coded blind.

* ``default_coders``: the two coders (not the consensus layer) with the most
  codings in the sources in scope — so a window or a command never opens on a
  pair where one coder has coded nothing there.
* ``off_periods`` and ``unblinded``: "independently" is said of coders only
  when blind (independent) coding was on whenever they made or changed a
  coding in scope (the loader flags each coding it reads with ``unblinded``).  The audit log records each switch (``project.blind_on`` /
  ``project.blind_off``, with the state before it); before the first switch a
  project is in its default state (blind as soon as it has two coders, and a
  lone coder has nobody to be swayed by).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Optional

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from storage.models import AuditEntry, Coder, Coding, Project, Source

BLIND_SWITCHES = ("project.blind_on", "project.blind_off")


def coding_counts(session: Session, sources: tuple[str, ...] = ()) -> dict[str, int]:
    """Codings per coder (every role but consensus) in the named sources (all when empty)."""
    stmt = (select(Coder.name, func.count(Coding.id))
            .join(Coding, Coding.coder_id == Coder.id, isouter=True)
            .where(Coder.role != "consensus").group_by(Coder.id, Coder.name))
    if sources:
        ids = select(Source.id).where(Source.name.in_(sources))
        stmt = (select(Coder.name, func.count(Coding.id))
                .join(Coding, and_(Coding.coder_id == Coder.id, Coding.source_id.in_(ids)), isouter=True)
                .where(Coder.role != "consensus").group_by(Coder.id, Coder.name))
    return {name: int(n) for name, n in session.execute(stmt)}


def default_coders(session: Session, sources: tuple[str, ...] = (), n: int = 2) -> tuple[str, ...]:
    """The ``n`` coders with the most codings in scope (ties: by name)."""
    counts = coding_counts(session, sources)
    ranked = sorted(counts, key=lambda name: (-counts[name], name.casefold()))
    return tuple(ranked[:n])


@dataclass(frozen=True)
class Independence:
    enforced: bool  # blind coding was on whenever these coders made or changed a coding in scope
    n_codings: int  # their codings in scope
    n_unblinded: int  # of them, made or last changed while blind coding was off
    switches: int  # blind-mode switches in the audit log

    def to_json(self) -> dict:
        return {"enforced": self.enforced, "codings": self.n_codings,
                "made_or_changed_while_blind_was_off": self.n_unblinded,
                "blind_switches_in_audit_log": self.switches}


def off_periods(session: Session) -> tuple[list[tuple[object, Optional[object]]], int]:
    """The periods (start, end or None for "still off") when blind coding was
    off, from the audit log; and the number of switches.  Each switch is an
    entry on the project row, so the entity index finds them at once."""
    project_uuid = session.scalar(select(Project.uuid))
    rows = session.execute(select(AuditEntry.at, AuditEntry.action, AuditEntry.before)
                           .where(AuditEntry.entity_uuid == project_uuid,
                                  AuditEntry.action.in_(BLIND_SWITCHES))
                           .order_by(AuditEntry.at, AuditEntry.id)).all() if project_uuid else []
    periods: list[tuple[object, Optional[object]]] = []
    if not rows:
        return periods, 0
    first_before = (rows[0].before or {}).get("blind")
    off_since = None
    if first_before is False:  # off from the start (explicitly set so before any switch was logged)
        off_since = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
    for at, action, _ in rows:
        if action == "project.blind_off" and off_since is None:
            off_since = at
        elif action == "project.blind_on" and off_since is not None:
            periods.append((off_since, at))
            off_since = None
    if off_since is not None:
        periods.append((off_since, None))
    return periods, len(rows)


def unblinded(periods: list[tuple[object, Optional[object]]]):
    """An SQL condition on a coding: made or last changed while blind coding
    was off (None when it never was)."""
    if not periods:
        return None
    inside = []
    for start, end in periods:
        for column in (Coding.created_at, Coding.updated_at):
            inside.append(and_(column > start, column < end) if end is not None else column > start)
    return or_(*inside)
