"""Representative quotes pinned to a theme: pin, edit for publication,
reorder, unpin — and the checks an author needs before printing one.

A quote keeps its span (source, start, end) as well as the text to print, so
the original passage stays one click away.  The printed text may differ from
the passage only as journals allow: cut with an ellipsis ("…" or "..."), and
clarified or re-cased in square brackets ("[my mentor]", "[H]e");
``faithful`` says where an edit goes further.  ``identifying`` flags names of
participants, speakers and coders, e-mail addresses and phone numbers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coding import access, audit
from coding.access import Acting
from coding.codebook import path_of
from coding.edits import _by_uuid as by_uuid, code_by_uuid, coding_by_uuid
from coding.errors import InvalidRequest
from coding.places import SectionIndex, where
from storage.models import Case, Code, Coder, Coding, Quote, Section, Source, utcnow

ELLIPSIS = re.compile(r"\s*(?:…|\.\.\.)\s*")
BRACKETS = re.compile(r"\[[^\]]*\]")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?<!\w)(?:\+?\d[\d ()./-]{7,}\d)(?!\w)")


@dataclass(frozen=True)
class QuoteData:
    uuid: str
    theme_uuid: str
    theme: str        # path
    source: str
    source_kind: str
    start: int
    end: int
    text: str         # as printed
    original: str     # the passage itself
    position: int
    case: Optional[str] = None
    source_uuid: str = ""
    coding_uuid: Optional[str] = None  # None once the coding it was pinned from is gone
    pinned_by: str = ""
    flags: tuple[str, ...] = ()        # what may identify someone (``identifying``)
    place: str = ""                    # where it is, as people read it (``coding.places``): the speaker, a respondent


def _norm(text: str) -> str:
    return " ".join(text.split())


def faithful(original: str, edited: str) -> list[str]:
    """Where ``edited`` departs from ``original`` beyond what a quotation
    may do (cuts marked with an ellipsis, words in square brackets); an empty
    list when it is a faithful quotation."""
    problems = []
    pieces = [p for p in ELLIPSIS.split(BRACKETS.sub("\x00", edited))]
    source = _norm(original).lower()
    at = 0
    for piece in pieces:
        for fragment in (f for f in piece.split("\x00")):
            fragment = _norm(fragment).strip(" ,;:").lower()
            if not fragment:
                continue
            found = source.find(fragment, at)
            if found < 0:
                problems.append(f"“{fragment}” is not in the passage (or not in this order); mark cuts "
                                "with … and additions with [ ]")
                continue
            at = found + len(fragment)
    return problems


def known_names(session: Session) -> set[str]:
    """Names a quote must not carry: speakers, coders and cases."""
    names = set()
    for (name,) in session.execute(select(Section.speaker).where(Section.speaker.is_not(None)).distinct()):
        names.add(name)
    names.update(n for (n,) in session.execute(select(Coder.name).where(Coder.role != "consensus")))
    names.update(n for (n,) in session.execute(select(Case.name)))
    return names


def identifying(session: Session, text: str, names: Optional[set[str]] = None) -> list[str]:
    """What in ``text`` may identify someone: names of cases, speakers and
    coders (as whole words), e-mail addresses, phone numbers (``names``: the
    known names, when already read)."""
    names = known_names(session) if names is None else names
    found = []
    lowered = text.lower()
    for name in sorted(names):
        for part in {name, *name.split()}:
            if len(part) >= 3 and re.search(rf"(?<!\w){re.escape(part.lower())}(?!\w)", lowered):
                found.append(f"the name “{part}”")
    found += [f"the e-mail address {m}" for m in EMAIL.findall(text)]
    found += [f"the phone number {m.strip()}" for m in PHONE.findall(text)]
    return sorted(set(found))


def _quote(session: Session, quote_uuid: str) -> Quote:
    return by_uuid(session, Quote, quote_uuid, "quote")


def pin(session: Session, acting: Acting, theme_uuid: str, coding_uuid: str, text: Optional[str] = None,
        uuid: Optional[str] = None) -> str:
    """Pin the passage of a coding to a theme (last in its order); returns the
    quote's uuid (``uuid``: the identity of a quote put back by redo)."""
    theme = code_by_uuid(session, theme_uuid)
    coding = coding_by_uuid(session, coding_uuid)
    access.check_may_read(session, acting, [coding.coder])
    source = session.get(Source, coding.source_id)
    passage = source.text[coding.start:coding.end]
    already = session.scalar(select(Quote.id).where(Quote.theme_id == theme.id, Quote.source_id == source.id,
                                                    Quote.start == coding.start, Quote.end == coding.end))
    if already is not None:
        shown = " ".join(passage.split())
        raise InvalidRequest(f"“{shown[:60]}{'…' if len(shown) > 60 else ''}” is already a quote of {theme.name}; "
                             "a passage is quoted once in a theme.")
    text = _norm(text if text is not None else passage)
    problems = faithful(passage, text)
    if problems:
        raise InvalidRequest(f"The quote is not faithful to the passage: {problems[0]}.")
    last = session.scalar(select(func.max(Quote.position)).where(Quote.theme_id == theme.id))
    row = Quote(theme_id=theme.id, source_id=source.id, coding_id=coding.id, start=coding.start, end=coding.end,
                text=text, position=(last + 1) if last is not None else 0, pinned_by=acting.name)
    if uuid:
        import uuid as uuid_mod

        row.uuid = uuid_mod.UUID(str(uuid))
    session.add(row)
    session.flush()
    audit.record(session, "quote.pin", row, after={**audit.snapshot(row), "theme": path_of(theme)})
    return str(row.uuid)


def edit(session: Session, acting: Acting, quote_uuid: str, text: str) -> str:
    """The text to print, edited for publication; returns the old text."""
    row = _quote(session, quote_uuid)
    passage = session.get(Source, row.source_id).text[row.start:row.end]
    text = _norm(text)
    if not text:
        raise InvalidRequest("A quote needs some text; unpin it instead.")
    problems = faithful(passage, text)
    if problems:
        raise InvalidRequest(f"The quote is not faithful to the passage: {problems[0]}.")
    old = row.text
    row.text, row.updated_at = text, utcnow()
    session.flush()
    audit.record(session, "quote.edit", row, before={"text": old}, after={"text": text, "by": acting.name})
    return old


def move(session: Session, acting: Acting, quote_uuid: str, position: int) -> int:
    """Put a quote at ``position`` (0 first) among its theme's; returns the old position."""
    row = _quote(session, quote_uuid)
    siblings = list(session.scalars(select(Quote).where(Quote.theme_id == row.theme_id)
                                    .order_by(Quote.position, Quote.id)))
    old = siblings.index(row)
    siblings.remove(row)
    siblings.insert(max(0, min(position, len(siblings))), row)
    for i, q in enumerate(siblings):
        q.position = i
    session.flush()
    audit.record(session, "quote.move", row, before={"position": old},
                 after={"position": siblings.index(row), "by": acting.name})
    return old


def unpin(session: Session, acting: Acting, quote_uuid: str) -> QuoteData:
    """Take a quote off its theme; returns it, for undo."""
    row = _quote(session, quote_uuid)
    data = _data(session, row)
    before = audit.snapshot(row)
    session.delete(row)
    session.flush()
    audit.record(session, "quote.unpin", row, before={**before, "by": acting.name})
    return data


def restore(session: Session, acting: Acting, data: QuoteData) -> str:
    """Put an unpinned quote back as it was (its identity, text and place);
    returns its uuid."""
    import uuid as uuid_mod

    theme = code_by_uuid(session, data.theme_uuid)
    source = by_uuid(session, Source, data.source_uuid, "source")
    coding = session.scalar(select(Coding).where(Coding.uuid == uuid_mod.UUID(data.coding_uuid))) \
        if data.coding_uuid else None
    siblings = list(session.scalars(select(Quote).where(Quote.theme_id == theme.id)
                                    .order_by(Quote.position, Quote.id)))
    row = Quote(uuid=uuid_mod.UUID(data.uuid), theme_id=theme.id, source_id=source.id,
                coding_id=coding.id if coding is not None else None, start=data.start, end=data.end,
                text=data.text, position=0, pinned_by=data.pinned_by or acting.name)
    session.add(row)
    siblings.insert(max(0, min(data.position, len(siblings))), row)
    for i, q in enumerate(siblings):
        q.position = i
    session.flush()
    audit.record(session, "quote.pin", row, after={**audit.snapshot(row), "theme": path_of(theme),
                                                    "restored": True, "by": acting.name})
    return str(row.uuid)


def visible(session: Session, acting: Optional[Acting], rows) -> list[Quote]:
    """The quotes ``acting`` may see: all of them, or while coding is blind
    a coder's own pins and those from codings of layers they may read (a
    quote pinned from another coder's coding would show what they coded)."""
    rows = list(rows)
    allowed = access.readable_layers(session, acting) if acting is not None else None
    if allowed is None:
        return rows
    import uuid as uuid_mod

    ids = {c for (c,) in session.execute(select(Coder.id).where(
        Coder.uuid.in_([uuid_mod.UUID(u) for u in allowed])))} if allowed else set()
    layer_of = dict(session.execute(select(Coding.id, Coding.coder_id).where(
        Coding.id.in_([q.coding_id for q in rows if q.coding_id is not None]))).all()) if rows else {}
    return [q for q in rows if q.pinned_by == acting.name or layer_of.get(q.coding_id) in ids]


def _data(session: Session, row: Quote, names: Optional[set[str]] = None,
          sections: Optional[SectionIndex] = None) -> QuoteData:
    """A quote as plain data; ``sections``: one index shared by the quotes of
    one call, so a source's sections are read once, not once a quote."""
    source = session.get(Source, row.source_id)
    theme = session.get(Code, row.theme_id)
    coding = session.get(Coding, row.coding_id) if row.coding_id is not None else None
    flags = tuple(identifying(session, row.text, names)) if names is not None else ()
    facts = (sections or SectionIndex(session)).facts(source.id, row.start)
    return QuoteData(str(row.uuid), str(theme.uuid), path_of(theme), source.name, source.kind, row.start, row.end,
                     row.text, source.text[row.start:row.end], row.position, None, str(source.uuid),
                     str(coding.uuid) if coding is not None else None, row.pinned_by, flags,
                     where(source.name, **facts))


def quotes_of(session: Session, theme_uuid: str, acting: Optional[Acting] = None,
              check: bool = True) -> list[QuoteData]:
    """A theme's pinned quotes in their order, as ``acting`` may see them
    (None: all, for Tandem itself), each with its de-identification flags
    (``check``)."""
    theme = code_by_uuid(session, theme_uuid)
    rows = visible(session, acting, session.scalars(
        select(Quote).where(Quote.theme_id == theme.id).order_by(Quote.position, Quote.id)))
    names = known_names(session) if check and rows else None
    sections = SectionIndex(session)
    return [_data(session, q, names, sections) for q in rows]


def quotes_under(session: Session, code_ids: list[int]) -> list[QuoteData]:
    """Every quote pinned to these codes (what deleting them takes along)."""
    sections = SectionIndex(session)
    return [_data(session, q, sections=sections) for q in session.scalars(
        select(Quote).where(Quote.theme_id.in_(code_ids)).order_by(Quote.theme_id, Quote.position, Quote.id))]
