"""Coders: the people (and, later, the consensus layer) whose codings are compared."""
from __future__ import annotations

from typing import Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coding import audit, colours, names
from coding.errors import Conflict, InvalidRequest, NotAllowed, NotFound
from storage.models import CODER_ROLES, Coder


def list_coders(session: Session) -> list[Coder]:
    return list(session.scalars(select(Coder).order_by(Coder.name)))


def find_coder(session: Session, name: str) -> Optional[Coder]:
    """The coder of that name, however it is spelled (``coding.names``:
    case, Unicode form, full-width letters and invisible characters aside)."""
    exact = session.scalar(select(Coder).where(Coder.name == names.clean(name)))
    return exact or names.find(session.scalars(select(Coder)), name)


def get_coder(session: Session, name: str) -> Coder:
    coder = find_coder(session, name)
    if coder is None:
        known = ", ".join(c.name for c in list_coders(session)) or "none yet"
        raise NotFound(f"There is no coder called '{name}' (coders: {known}).")
    return coder


def leads(session: Session) -> list[Coder]:
    return list(session.scalars(select(Coder).where(Coder.role == "lead").order_by(Coder.name)))


def _check_may_make_lead(session: Session, by: Optional[Coder], what: str) -> None:
    """Leads decide when coding stops being blind, so only a lead makes
    another lead — unless the project has none yet."""
    existing = leads(session)
    if existing and (by is None or by.role != "lead"):
        names = ", ".join(c.name for c in existing)
        raise NotAllowed(f"Only a lead can {what}; ask {names}.")


def lead_refusal(session: Session, by: Optional[Coder]) -> Optional[str]:
    """Why ``by`` may not add a lead (None: they may), for a front end to
    say before it is asked."""
    try:
        _check_may_make_lead(session, by, "add a lead")
    except NotAllowed as exc:
        return str(exc)
    return None


def create_coder(
    session: Session, name: str, role: str = "coder", colour: Optional[str] = None,
    by: Optional[Coder] = None, uuid=None,
) -> Coder:
    """Add a coder; ``by`` is the coder doing it (a lead, to add a lead when
    the project has one already)."""
    name = names.fit(names.clean(name), "coder")
    if not name:
        raise InvalidRequest("A coder needs a name.")
    if role not in CODER_ROLES:
        raise InvalidRequest(f"Unknown role '{role}'; use one of: {', '.join(CODER_ROLES)}.")
    if role == "lead":
        _check_may_make_lead(session, by, "add a lead")
    existing = find_coder(session, name)
    if existing is not None:
        alike = "" if existing.name == name else (
            f" ('{name}' and '{existing.name}' are one name: case, Unicode form and invisible characters aside)")
        raise Conflict(f"There is already a coder called '{existing.name}'{alike}.")
    if colour is None:
        count = session.scalar(select(func.count(Coder.id))) or 0
        colour = colours.pick(colours.CODER_PALETTE, count)
    elif not colours.is_colour(colour):
        raise InvalidRequest(f"'{colour}' is not a colour; write it as #RRGGBB.")
    coder = Coder(name=name, role=role, colour=colours.normalise_colour(colour))
    if uuid is not None:  # a coder brought from another project keeps its identity
        coder.uuid = uuid
    from sqlalchemy.exc import IntegrityError

    try:
        with session.begin_nested():  # another process may add the same coder at the same moment
            session.add(coder)
            session.flush()
    except IntegrityError:
        raise Conflict(f"There is already a coder called '{name}'.") from None
    audit.record(session, "coder.create", coder, after=audit.snapshot(coder))
    return coder


def ensure_coder(session: Session, name: str) -> Coder:
    """The coder of that name, made if new (or found, when another process made them a moment ago)."""
    found = find_coder(session, name)
    if found is not None:
        return found
    try:
        return create_coder(session, name)
    except Conflict:
        found = find_coder(session, name)
        if found is None:
            raise
        return found


def set_role(session: Session, coder: Coder, role: str, by: Optional[Coder] = None) -> None:
    """Change a coder's role; making or unmaking a lead takes a lead (``by``),
    unless the project has no lead yet."""
    if role not in CODER_ROLES:
        raise InvalidRequest(f"Unknown role '{role}'; use one of: {', '.join(CODER_ROLES)}.")
    if role == "lead" or coder.role == "lead":
        _check_may_make_lead(session, by, f"make {coder.name} a {role}")
    before = audit.snapshot(coder)
    coder.role = role
    audit.record(session, "coder.set_role", coder, before=before, after=audit.snapshot(coder))


def record_identity(session: Session, coder: Coder, login: str) -> None:
    """Someone chose to work as ``coder`` (identities carry no password on a
    desktop: the choice, and the computer login that made it, is logged)."""
    audit.record(session, "coder.identity_chosen", coder, after={"name": coder.name, "role": coder.role,
                                                                  "login": login})
