"""Independent (blind) coding: while it is on, each coder sees only their own
codings and counts, so that nobody is swayed before the team compares.

The switch is project data (``blind`` in the project's settings), on by
default once a project has two or more coders.  Anyone may turn it on; only a
lead may turn it off.  Each change is one audit entry.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coding import audit, project
from storage.models import Coder

if TYPE_CHECKING:
    from coding import access

SETTING = "blind"
HUMAN_ROLES = ("coder", "lead")


def is_blind(session: Session) -> bool:
    value = project.get_setting(session, SETTING)
    if value is None:  # never set: on as soon as two people code
        n = session.scalar(select(func.count(Coder.id)).where(Coder.role.in_(HUMAN_ROLES))) or 0
        return n >= 2
    return bool(value)


def set_blind(session: Session, actor: "access.Acting", on: bool) -> None:
    """Turn blind mode on or off as ``actor`` (off: a lead only)."""
    from coding import access

    if not on:
        access.check_strict_lead(session, actor, "turn independent (blind) coding off")
    was = is_blind(session)
    row = project.get_project(session)
    row.settings = {**(row.settings or {}), SETTING: bool(on)}  # a new dict, so the change is seen
    session.flush()
    audit.record(session, "project.blind_on" if on else "project.blind_off", row,
                 before={SETTING: was}, after={SETTING: bool(on), "by": actor.name, "role": actor.role})
