"""Who acts, on which layer, under which rules: the acting context and the
access rules every front end gets the same answer from.

An ``Acting`` names the person (or program) acting, their role, and the layer
of codings they write.  Every change runs in ``store.transaction(acting)``,
which hands the context to the session; every core write of codings calls
``check_may_write`` (through ``codings``), every read of codings asks
``readable_layers`` or ``check_may_compare``.  The GUI, the command line and
the tests therefore meet the same rules:

* Independent (blind) coding: while it is on, a coder reads only their own
  layer, and agreement, discrepancies and other coders' codings are refused
  to them; a lead reads everything.
* Lead-only actions (deciding discrepancies, turning blind coding off, making
  leads) are open to anyone while a project has no lead yet, since nobody
  governs it; from the first lead on, only leads.
* The consensus layer is written only by reconciliation (``reconciling``), and
  only by a lead.
* A coder writes only their own layer; a lead, and Tandem itself (imports,
  the demo), may write any human coder's layer (importing a team's codings).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterable, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from coding.errors import NotAllowed
from storage.models import Coder

# Roles of an acting context: the coder roles of the project, plus
SYSTEM = "system"  # Tandem itself: imports, the demo build, migrations
GUEST = "guest"    # someone who is not (or did not say they are) a coder of the project

NAME_YOURSELF = ("say who you are: --as NAME (or the TANDEM_USER variable) on the command line, "
                 "File › Switch Coder in the app")


@dataclass(frozen=True)
class Acting:
    """Who acts (``name``, for the log), as what (``role``), writing which
    layer (``layer_uuid``: the coder whose codings are written; by default
    their own)."""

    name: str
    role: str = GUEST
    coder_uuid: Optional[str] = None
    layer_uuid: Optional[str] = None
    reconciling: bool = False
    named: bool = True  # False: nobody said who acts (a command without --as)

    @property
    def layer(self) -> Optional[str]:
        return self.layer_uuid or self.coder_uuid

    @property
    def is_lead(self) -> bool:
        return self.role == "lead"

    def reconcile(self, consensus_uuid: str) -> "Acting":
        """The same person writing the consensus layer through reconciliation."""
        return replace(self, layer_uuid=consensus_uuid, reconciling=True)


def system(name: str = "system") -> Acting:
    """Tandem itself acting (an import, the demo build, a test's set-up)."""
    return Acting(name=name, role=SYSTEM)


def of_coder(coder: Coder, named: bool = True) -> Acting:
    return Acting(name=coder.name, role=coder.role, coder_uuid=str(coder.uuid), named=named)


def resolve(session: Session, name: Optional[str], fallback: str = "unknown") -> Acting:
    """The acting context for ``name``: the coder of that name with their
    role, or a guest when no coder has it; with no name, an unnamed guest
    called ``fallback`` (the computer login, for the log)."""
    if not name or not name.strip():
        return Acting(name=fallback or "unknown", role=GUEST, named=False)
    from coding.coders import find_coder

    coder = find_coder(session, name)
    if coder is None:
        return Acting(name=name.strip(), role=GUEST)
    return of_coder(coder)


def current(session: Session) -> Acting:
    """The acting context of the session's transaction."""
    acting = session.info.get("acting")
    if isinstance(acting, Acting):
        return acting
    # a transaction opened with a plain name: that coder, if the project has one
    acting = resolve(session, session.info.get("actor"))
    session.info["acting"] = acting
    return acting


def governed(session: Session) -> bool:
    """True once the project has a lead (lead-only actions are then leads' only)."""
    return session.scalar(select(Coder.id).where(Coder.role == "lead").limit(1)) is not None


def _leads(session: Session) -> str:
    names = list(session.scalars(select(Coder.name).where(Coder.role == "lead").order_by(Coder.name)))
    return ", ".join(names) or "a lead"


def check_lead(session: Session, acting: Acting, what: str) -> None:
    """Refuse ``what`` unless ``acting`` is a lead (or Tandem itself, or
    nobody leads the project yet)."""
    if acting.role in ("lead", SYSTEM) or not governed(session):
        return
    if not acting.named:
        raise NotAllowed(f"Only a lead can {what}; {NAME_YOURSELF}.")
    raise NotAllowed(f"Only a lead can {what}; {acting.name} is a {acting.role}. Ask {_leads(session)}.")


def check_strict_lead(session: Session, acting: Acting, what: str) -> None:
    """Refuse ``what`` unless ``acting`` is a lead of the project."""
    if acting.role == "lead":
        return
    if not acting.named:
        raise NotAllowed(f"Only a lead can {what}; {NAME_YOURSELF}.")
    if not governed(session):
        raise NotAllowed(f"Only a lead can {what}, and the project has no lead yet: "
                         f"make someone a lead first (tandem coders role PROJECT NAME lead).")
    raise NotAllowed(f"Only a lead can {what}; {acting.name} is a {acting.role}. Ask {_leads(session)}.")


def check_may_write(session: Session, coder: Coder) -> None:
    """May the session's acting context change ``coder``'s codings?"""
    acting = current(session)
    if coder.role == "consensus":
        if not acting.reconciling:
            raise NotAllowed(f"'{coder.name}' is the consensus layer: it is written only by reconciling "
                             "discrepancies (Analysis › Reconcile, or tandem reconcile).")
        check_strict_lead(session, acting, "reconcile discrepancies")
        return
    if acting.coder_uuid is not None and acting.coder_uuid == str(coder.uuid):
        return
    if acting.role in ("lead", SYSTEM) or not governed(session):
        return
    if not acting.named:
        raise NotAllowed(f"Changing {coder.name}'s codings takes {coder.name} or a lead; {NAME_YOURSELF}.")
    raise NotAllowed(f"{acting.name} cannot change {coder.name}'s codings: each coder writes only their "
                     f"own layer (a lead can import a team's codings).")


def blind_on(session: Session) -> bool:
    from coding.blind import is_blind

    return is_blind(session)


def sees_everything(session: Session, acting: Acting) -> bool:
    return acting.role in ("lead", SYSTEM) or not blind_on(session)


def readable_layers(session: Session, acting: Acting) -> Optional[frozenset[str]]:
    """Uuids of the coders whose codings ``acting`` may read; None: everyone's."""
    if sees_everything(session, acting):
        return None
    return frozenset({acting.coder_uuid} if acting.coder_uuid else ())


def narrow(session: Session, acting: Acting, wanted: Optional[Iterable[str]]) -> Optional[frozenset[str]]:
    """The layers of ``wanted`` (None: all) that ``acting`` may read."""
    allowed = readable_layers(session, acting)
    if wanted is None:
        return allowed
    wanted = frozenset(wanted)
    return wanted if allowed is None else wanted & allowed


def check_may_read(session: Session, acting: Acting, coders: Iterable[Coder]) -> None:
    """Refuse to reveal the codings of ``coders`` that ``acting`` may not read."""
    allowed = readable_layers(session, acting)
    if allowed is None:
        return
    hidden = [c.name for c in coders if str(c.uuid) not in allowed]
    if not hidden:
        return
    if not acting.named:
        raise NotAllowed("Independent (blind) coding is on, so codings are shown only to the coder who "
                         f"made them and to leads; {NAME_YOURSELF}.")
    raise NotAllowed(f"Independent (blind) coding is on: {acting.name} may read only their own codings, "
                     f"not {', '.join(hidden)}'s. A lead can turn it off when both have finished.")


def check_may_compare(session: Session, acting: Acting, what: str = "agreement") -> None:
    """Agreement and discrepancies compare layers: refused to coders while
    coding is blind."""
    if sees_everything(session, acting):
        return
    if not acting.named:
        raise NotAllowed(f"Independent (blind) coding is on, so only leads may see {what}; "
                         f"{NAME_YOURSELF}.")
    raise NotAllowed(f"Independent (blind) coding is on, so only leads may see {what} "
                     f"({acting.name} is a {acting.role}). A lead can turn it off when both coders have finished.")


class reconciling:
    """Within ``with access.reconciling(session, consensus):`` the session's
    acting context writes the consensus layer: only the reconciliation code
    opens it, after checking that the person acting is a lead."""

    def __init__(self, session: Session, consensus: Coder):
        self.session, self.consensus = session, consensus

    def __enter__(self) -> Acting:
        self.before = current(self.session)
        check_strict_lead(self.session, self.before, "reconcile discrepancies")
        self.session.info["acting"] = self.before.reconcile(str(self.consensus.uuid))
        return self.session.info["acting"]

    def __exit__(self, *exc) -> None:
        self.session.info["acting"] = self.before
