"""Names people type — coders, codes, cases, attributes — made one spelling
each, so that look-alikes never split an identity (and agreement is never
computed over two halves of one coder).

``clean`` is the name as stored: Unicode NFC (a "Zoë" typed as "e" plus a
combining diaeresis is the same "Zoë"), invisible format characters removed
(zero-width spaces and joiners, byte-order marks, soft hyphens, direction
marks), every kind of space made a plain one, runs of spaces made one, and
the ends trimmed.  ``key`` is what two names are compared by: the clean name
in compatibility form (NFKC: full-width "Ａlice" is "Alice") and case-folded
("ALICE", "alice").  Accents stay: "Zoe" and "Zoë" are two people.
"""
from __future__ import annotations

import unicodedata
from typing import Iterable, Optional, TypeVar

T = TypeVar("T")


def clean(name: str) -> str:
    text = unicodedata.normalize("NFC", name)
    text = "".join(" " if ch.isspace() else ch for ch in text if unicodedata.category(ch) != "Cf")
    return " ".join(text.split())


def key(name: str) -> str:
    return unicodedata.normalize("NFKC", clean(name)).casefold()


def same(a: str, b: str) -> bool:
    return key(a) == key(b)


def find(items: Iterable[T], name: str, name_of=lambda item: item.name) -> Optional[T]:
    """The item whose name is the same as ``name`` (by ``key``), if any."""
    wanted = key(name)
    return next((item for item in items if key(name_of(item)) == wanted), None)


def differs_only_in_form(given: str, existing: str) -> bool:
    """The same name spelled differently (case, width, invisible characters)."""
    return same(given, existing) and clean(given) != existing


LIMITS = {"coder": 200, "case": 200, "code": 300, "attribute": 300, "source": 300}


def fit(name: str, what: str) -> str:
    """``name`` if it is within the length every engine stores for ``what``
    (SQLite would take any length, PostgreSQL refuses past the column's):
    the same answer on both, in words."""
    limit = LIMITS[what]
    if len(name) > limit:
        raise _too_long(f"A {what} name may be at most {limit} characters; '{name[:40]}…' has {len(name)}. "
                        "Use a shorter name (and the description for the rest).")
    return name


def _too_long(message: str):
    from coding.errors import InvalidRequest

    return InvalidRequest(message)
