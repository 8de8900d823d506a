"""Correcting a source's text after import (an automatic transcript fixed by
hand) with every coding, speaker turn and pinned quote carried through.

The old and new texts are compared word by word (``difflib`` over runs of
letters, digits, spaces and single other characters), which gives the
stretches kept, replaced, deleted and inserted; a position in a kept
stretch moves with it, a boundary inside a changed stretch goes to that
stretch's edge (a start to its start, an end to its end), so a coding
keeps exactly the words of it that survive.  A coding none of whose words
survive is *lost*: it is listed, and kept (on the words that replaced
them, or the next word) or removed, as the person editing chooses — never
dropped silently.  Turns keep their speakers and timings.  While coding is
blind, a text both coders have coded is edited by a lead only.  One
audited step; ``undo_edit`` puts back the text and every offset exactly.
"""
from __future__ import annotations

import bisect
import difflib
import re
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from coding import access, audit
from coding.errors import InvalidRequest
from coding.text import normalise, text_digest
from storage.models import Coder, Coding, Quote, Section, Source

TOKEN = re.compile(r"\w+|\s+|.", re.DOTALL)


class OffsetMap:
    """Old offsets to new ones, from a word-level comparison of two texts."""

    def __init__(self, old: str, new: str):
        a_tokens, b_tokens = TOKEN.findall(old), TOKEN.findall(new)
        a_starts, b_starts = _starts(a_tokens), _starts(b_tokens)
        matcher = difflib.SequenceMatcher(None, a_tokens, b_tokens, autojunk=False)
        self.blocks: list[tuple[str, int, int, int, int]] = []  # (tag, a0, a1, b0, b1) in characters
        for tag, i0, i1, j0, j1 in matcher.get_opcodes():
            self.blocks.append((tag, a_starts[i0], a_starts[i1], b_starts[j0], b_starts[j1]))
        self._a0 = [b[1] for b in self.blocks]
        self.new_length = len(new)

    def _block(self, pos: int, end: bool) -> tuple[str, int, int, int, int]:
        i = bisect.bisect_right(self._a0, pos - (1 if end else 0)) - 1
        return self.blocks[max(0, min(i, len(self.blocks) - 1))]

    def start(self, pos: int) -> int:
        tag, a0, a1, b0, b1 = self._block(pos, end=False)
        return b0 + (pos - a0) if tag == "equal" else (b1 if tag == "delete" or pos >= a1 else b0)

    def end(self, pos: int) -> int:
        tag, a0, a1, b0, b1 = self._block(pos, end=True)
        return b0 + (pos - a0) if tag == "equal" else (b0 if tag == "delete" else b1)

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.start(start), self.end(end)

    def nearest(self, start: int) -> tuple[int, int]:
        """Where a span whose words are all gone can be kept: on the words that
        replaced them, or on the next word (or the last one)."""
        tag, a0, a1, b0, b1 = self._block(start, end=False)
        if b1 > b0:
            return b0, b1
        at = min(b0, max(0, self.new_length - 1))
        return at, min(self.new_length, at + 1)


def _starts(tokens: list[str]) -> list[int]:
    out, pos = [0], 0
    for t in tokens:
        pos += len(t)
        out.append(pos)
    return out


@dataclass(frozen=True)
class LostCoding:
    uuid: str
    coder: str
    code: str
    start: int
    end: int
    text: str


@dataclass
class TextEdit:
    """What an edit did, with everything undo needs."""

    source_uuid: str
    old_text: str
    new_text: str
    codings: dict[str, tuple[int, int]] = field(default_factory=dict)   # uuid -> old span
    sections: dict[str, tuple[int, int]] = field(default_factory=dict)  # uuid -> old span
    quotes: dict[str, tuple[int, int]] = field(default_factory=dict)    # uuid -> old span
    lost: list[LostCoding] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)                   # rows of the codings removed


def lost_codings(session: Session, acting, source_name: str, new_text: str) -> list[LostCoding]:
    """The codings (as ``acting`` may read them) an edit to ``new_text`` would leave without words."""
    from coding.codebook import path_of
    from coding.sources import check_text, get_source
    from storage.models import Code

    source = get_source(session, source_name)
    old = check_text(source.name, source.text, source.text_sha256)
    mapping = OffsetMap(old, normalise(new_text))
    readable = access.readable_layers(session, acting)
    people = {c.id: (str(c.uuid), c.name) for c in session.scalars(select(Coder))}
    codes = {c.id: c for c in session.scalars(select(Code))}
    out = []
    for c in session.scalars(select(Coding).where(Coding.source_id == source.id).order_by(Coding.start)):
        a, b = mapping.span(c.start, c.end)
        if a >= b and (readable is None or people[c.coder_id][0] in readable):
            out.append(LostCoding(str(c.uuid), people[c.coder_id][1], path_of(codes[c.code_id]), c.start, c.end,
                                  old[c.start:c.end]))
    return out


def edit_text(session: Session, acting, source_name: str, new_text: str, keep_lost: bool = True) -> TextEdit:
    """Replace the source's text with ``new_text``, carrying every coding,
    turn and quote through; codings left without words are kept (moved to
    the nearest words) or removed (``keep_lost``)."""
    from coding.sources import check_text, get_source

    source = get_source(session, source_name)
    old = check_text(source.name, source.text, source.text_sha256)
    new = normalise(new_text)
    if not new.strip():
        raise InvalidRequest(f"The new text of '{source.name}' is empty; delete the source instead.")
    if new == old:
        raise InvalidRequest(f"The new text of '{source.name}' is the same as the old one; nothing to change.")
    _check_may_edit(session, acting, source)
    mapping = OffsetMap(old, new)
    record = TextEdit(str(source.uuid), old, new)
    record.lost = lost_codings(session, access.system(), source_name, new)
    lost_ids = {x.uuid for x in record.lost}
    codings = list(session.scalars(select(Coding).where(Coding.source_id == source.id)))
    taken: set[tuple] = set()
    for c in codings:
        record.codings[str(c.uuid)] = (c.start, c.end)
        a, b = mapping.span(c.start, c.end)
        if str(c.uuid) in lost_ids:
            if not keep_lost:
                record.removed.append({k.key: getattr(c, k.key) for k in Coding.__table__.columns})
                session.delete(c)
                continue
            a, b = mapping.nearest(c.start)
        key = (c.code_id, c.coder_id, a, b)
        if key in taken:  # two codings the edit made identical: one stays
            record.removed.append({k.key: getattr(c, k.key) for k in Coding.__table__.columns})
            session.delete(c)
            continue
        taken.add(key)
        c.start, c.end = a, b
    session.flush()
    for s in session.scalars(select(Section).where(Section.source_id == source.id)):
        record.sections[str(s.uuid)] = (s.start, s.end)
        a, b = mapping.span(s.start, s.end)
        s.start, s.end = (a, b) if a < b else mapping.nearest(s.start)
    for q in session.scalars(select(Quote).where(Quote.source_id == source.id)):
        record.quotes[str(q.uuid)] = (q.start, q.end)
        a, b = mapping.span(q.start, q.end)
        q.start, q.end = (a, b) if a < b else mapping.nearest(q.start)
    source.text, source.n_chars, source.text_sha256 = new, len(new), text_digest(new)
    session.flush()
    audit.record(session, "source.edit_text", source,
                 before={"sha256": text_digest(old), "characters": len(old)},
                 after={"sha256": source.text_sha256, "characters": len(new), "codings_moved": len(codings),
                        "codings_lost": [x.uuid for x in record.lost],
                        "lost_kept": keep_lost, "codings_removed": [str(r["uuid"]) for r in record.removed]})
    return record


def undo_edit(session: Session, record: TextEdit) -> None:
    """Put back the old text, every coding, turn and quote where it was, and the codings removed."""
    import uuid as uuid_mod

    from sqlalchemy import insert

    source = session.scalar(select(Source).where(Source.uuid == uuid_mod.UUID(record.source_uuid)))
    source.text, source.n_chars, source.text_sha256 = record.old_text, len(record.old_text), \
        text_digest(record.old_text)
    for model, spans in ((Coding, record.codings), (Section, record.sections), (Quote, record.quotes)):
        for row in session.scalars(select(model).where(model.source_id == source.id)):
            if str(row.uuid) in spans:
                row.start, row.end = spans[str(row.uuid)]
    session.flush()
    if record.removed:
        session.execute(insert(Coding), [{**r, "start": record.codings[str(r["uuid"])][0],
                                          "end": record.codings[str(r["uuid"])][1]} for r in record.removed])
    session.flush()
    audit.record(session, "source.edit_text", source, before={"sha256": text_digest(record.new_text)},
                 after={"sha256": source.text_sha256, "undone": True, "codings_restored": len(record.removed)})


def _check_may_edit(session: Session, acting, source: Source) -> None:
    """While coding is blind, a text both coders have coded is edited by a lead only."""
    if not access.blind_on(session) or acting.role in ("lead", access.SYSTEM):
        return
    coders = set(session.scalars(select(Coding.coder_id).where(Coding.source_id == source.id).distinct()))
    humans = set(session.scalars(select(Coder.id).where(Coder.role != "consensus")))
    if len(coders & humans) >= 2:
        access.check_strict_lead(session, acting, f"edit the text of '{source.name}', which both coders have "
                                                  "coded while coding is blind")


