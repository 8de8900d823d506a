"""Optimistic locking of codebook edits: a version per code.

Every edit of a code itself (rename, definition, colour, move, merge,
delete) first *claims* the code: one ``UPDATE … SET version = version + 1
WHERE id = … AND version = <the version the editor saw>``.  The statement
is the check and the lock at once — on PostgreSQL a second transaction
claiming the same row waits for the first, then finds the version moved on;
on SQLite the transaction already holds the write lock — so two coders
editing one code can never both succeed, and neither edit is lost.

When the claim fails, the edit is refused before anything is written, with
what changed, who changed it and when, read from the audit log (``describe``).

Chosen over SQLAlchemy's ``version_id_col``: that compares with the version
the *session* loaded a moment ago, not the one the coder saw on screen
minutes before; it would raise the version of every sibling whose position a
move renumbers (false conflicts); and its ``StaleDataError`` says nothing of
who changed what.
"""
from __future__ import annotations

import datetime as dt
import uuid as uuid_mod
from typing import Optional

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from coding.errors import EditConflict
from storage.models import AuditEntry, Code

AFTER = ("while you were editing; your change was not saved. The codebook now shows the current version; "
         "make your change again if it still applies.")
FIELD_NAMES = {"description": "definition", "inclusion": "inclusion criteria", "exclusion": "exclusion criteria",
               "example": "example", "summary": "description for the theme table", "colour": "colour", "codable": "codable setting",
               "exclusive": "exclusive setting", "needs_work": "“definition needs work” flag"}
QUOTED = 80  # characters of a new value quoted in the message


def claim(session: Session, code: Code, expected: Optional[int] = None) -> None:
    """Take ``code`` for one edit: its version goes up by one (and, on
    PostgreSQL, its row stays locked until the transaction ends).  Refused
    with ``EditConflict`` when the code is no longer at ``expected`` — the
    version the editor saw (None: whatever it is now).  Call it before
    changing anything, so a refusal leaves nothing written."""
    session.flush()
    stmt = update(Code).where(Code.id == code.id)
    if expected is not None:
        stmt = stmt.where(Code.version == expected)
    done = session.execute(stmt.values(version=Code.version + 1).execution_options(synchronize_session=False))
    if done.rowcount != 1:
        raise EditConflict(describe(session, str(code.uuid), expected, code.name))
    session.refresh(code)  # the row as it is now, locked for this transaction


def check(session: Session, code: Code, expected: Optional[int]) -> None:
    """Refused as ``claim`` refuses, without taking the code: for an edit that
    turns out to change nothing (a stale one is still refused, so its editor
    sees what changed instead of taking the new version for their own)."""
    if expected is not None and code.version != expected:
        raise EditConflict(describe(session, str(code.uuid), expected, code.name))


def lock(session: Session, code: Code) -> None:
    """Hold ``code`` (a merge's target, a move's new parent) for this
    transaction without changing it: another coder cannot delete it
    meanwhile; refused, saying who removed it, when it is gone already."""
    session.flush()
    if session.scalar(select(Code.id).where(Code.id == code.id).with_for_update()) is None:
        raise EditConflict(describe(session, str(code.uuid), None, code.name))


def check_exists(session: Session, code_uuid: str) -> Code:
    """The code an edit names; refused, saying who removed it and when, when it is gone."""
    code = session.scalar(select(Code).where(Code.uuid == uuid_mod.UUID(str(code_uuid))))
    if code is None:
        raise EditConflict(describe(session, str(code_uuid), None, None))
    return code


def describe(session: Session, code_uuid: str, expected: Optional[int], name: Optional[str]) -> str:
    """What happened to the code since the editor saw it at version
    ``expected``: who did what and when, from the audit log."""
    uid = uuid_mod.UUID(code_uuid)
    entries = list(session.scalars(select(AuditEntry).where(
        AuditEntry.entity_uuid == uid, AuditEntry.action.like("code.%")).order_by(AuditEntry.id.desc()).limit(20)))
    gone = session.scalar(select(Code.id).where(Code.uuid == uid)) is None
    if gone:  # merged away: the entry names the target, and the merged code in ``before``
        merges = session.scalars(select(AuditEntry).where(AuditEntry.action == "code.merge")
                                 .order_by(AuditEntry.id.desc()).limit(200))
        entries = [e for e in merges if (e.before or {}).get("uuid") == code_uuid][:1] + \
            [e for e in entries if e.action == "code.delete"][:1]
        entries = sorted(entries, key=lambda e: e.id, reverse=True)[:1]
    elif expected is not None:
        later = [e for e in entries if _version_after(e) > expected]
        entries = later or entries[:1]
    else:
        entries = entries[:1]
    label = f"“{name}”" if name else "this code"
    if not entries:
        return f"{label[0].upper()}{label[1:]} was changed by someone else {AFTER}"
    told = [_one(e, label) for e in reversed(entries[:3])]
    more = f" (and {len(entries) - 3} more changes)" if len(entries) > 3 else ""
    return "; then ".join(told) + more + " " + AFTER


def _version_after(entry: AuditEntry) -> int:
    value = (entry.after or {}).get("version")
    return value if isinstance(value, int) else 0


def _one(entry: AuditEntry, label: str) -> str:
    before, after = entry.before or {}, entry.after or {}
    label = f"“{before['name']}”" if before.get("name") else label
    if entry.action == "code.rename":
        what = f"renamed {label} to “{after.get('name', '')}”"
    elif entry.action == "code.move":
        what = f"moved {label} to “{after.get('path', '')}”"
    elif entry.action == "code.delete":
        what = f"deleted {label}"
    elif entry.action == "code.merge":
        what = f"merged {label} into “{after.get('into', '')}”"
    elif entry.action == "code.update":
        changed = [k for k in FIELD_NAMES if k in after and before.get(k) != after.get(k)]
        if len(changed) == 1 and isinstance(after[changed[0]], str):
            what = f"changed the {FIELD_NAMES[changed[0]]} of {label} to “{_short(after[changed[0]])}”"
        else:
            what = f"changed the {_join([FIELD_NAMES[k] for k in changed] or ['definition'])} of {label}"
    else:
        what = f"changed {label}"
    return f"{entry.actor} {what} {_when(entry.at)}"


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTED else text[:QUOTED - 1] + "…"


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _when(at: Optional[dt.datetime]) -> str:
    """"at 14:02" today, "on 3 Dec at 14:02" before, in local time."""
    if at is None:
        return ""
    local = (at if at.tzinfo else at.replace(tzinfo=dt.timezone.utc)).astimezone()
    today = dt.datetime.now().astimezone().date()
    day = "" if local.date() == today else f"on {local.day} {local:%b} "
    return f"{day}at {local:%H:%M}"
