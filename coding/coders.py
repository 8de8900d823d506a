"""Coders: the people (and, later, the consensus layer) whose codings are compared."""
from __future__ import annotations

from typing import Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coding import audit, colours
from coding.errors import Conflict, InvalidRequest, NotFound
from storage.models import CODER_ROLES, Coder


def list_coders(session: Session) -> list[Coder]:
    return list(session.scalars(select(Coder).order_by(Coder.name)))


def find_coder(session: Session, name: str) -> Optional[Coder]:
    return session.scalar(select(Coder).where(Coder.name == name.strip()))


def get_coder(session: Session, name: str) -> Coder:
    coder = find_coder(session, name)
    if coder is None:
        known = ", ".join(c.name for c in list_coders(session)) or "none yet"
        raise NotFound(f"There is no coder called '{name}' (coders: {known}).")
    return coder


def create_coder(
    session: Session, name: str, role: str = "coder", colour: Optional[str] = None
) -> Coder:
    name = name.strip()
    if not name:
        raise InvalidRequest("A coder needs a name.")
    if role not in CODER_ROLES:
        raise InvalidRequest(f"Unknown role '{role}'; use one of: {', '.join(CODER_ROLES)}.")
    if find_coder(session, name) is not None:
        raise Conflict(f"There is already a coder called '{name}'.")
    if colour is None:
        count = session.scalar(select(func.count(Coder.id))) or 0
        colour = colours.pick(colours.CODER_PALETTE, count)
    elif not colours.is_colour(colour):
        raise InvalidRequest(f"'{colour}' is not a colour; write it as #RRGGBB.")
    coder = Coder(name=name, role=role, colour=colours.normalise_colour(colour))
    session.add(coder)
    session.flush()
    audit.record(session, "coder.create", coder, after=audit.snapshot(coder))
    return coder


def ensure_coder(session: Session, name: str) -> Coder:
    return find_coder(session, name) or create_coder(session, name)


def set_role(session: Session, coder: Coder, role: str) -> None:
    if role not in CODER_ROLES:
        raise InvalidRequest(f"Unknown role '{role}'; use one of: {', '.join(CODER_ROLES)}.")
    before = audit.snapshot(coder)
    coder.role = role
    audit.record(session, "coder.set_role", coder, before=before, after=audit.snapshot(coder))
