"""Project-wide text search, plain or by regular expression, with each hit
shown in its context.  Offsets are code points into the stored text."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from coding.errors import InvalidRequest
from coding.places import SectionIndex, where
from storage.models import Source

CONTEXT = 60        # characters shown either side of a hit
MAX_HITS = 5000     # a search stops here and says so


@dataclass(frozen=True)
class Hit:
    source_uuid: str
    source: str
    start: int
    end: int
    before: str
    match: str
    after: str
    where: str = ""  # the speaker (and when), the respondent or the case around it ("": none)


@dataclass(frozen=True)
class SearchResult:
    hits: tuple[Hit, ...]
    truncated: bool
    sources_searched: int


def compile_pattern(query: str, regex: bool = False, case_sensitive: bool = False) -> re.Pattern:
    if not query:
        raise InvalidRequest("Type something to search for.")
    flags = 0 if case_sensitive else re.IGNORECASE
    try:
        return re.compile(query if regex else re.escape(query), flags)
    except re.error as exc:
        raise InvalidRequest(
            f"'{query}' is not a valid regular expression ({exc.msg} at position {exc.pos}); "
            "fix it, or untick 'Regular expression' to search for the text as written.") from None


def search(session: Session, query: str, regex: bool = False, case_sensitive: bool = False,
           kind: Optional[str] = None, progress: Optional[Callable[[int, int], None]] = None) -> SearchResult:
    pattern = compile_pattern(query, regex, case_sensitive)
    stmt = select(Source.id).order_by(Source.name)
    if kind:
        stmt = stmt.where(Source.kind == kind)
    ids = list(session.scalars(stmt))
    hits: list[Hit] = []
    truncated = False
    sections = SectionIndex(session)
    for n, sid in enumerate(ids):
        if progress is not None:
            progress(n, len(ids))
        uuid, name, text = session.execute(select(Source.uuid, Source.name, Source.text).where(Source.id == sid)).one()
        for m in pattern.finditer(text):
            if m.end() == m.start():
                continue  # an empty match marks no text
            if len(hits) >= MAX_HITS:
                truncated = True
                break
            before = text[max(0, m.start() - CONTEXT):m.start()].rsplit("\n", 1)[-1]
            after = text[m.end():m.end() + CONTEXT].split("\n", 1)[0]
            facts = sections.facts(sid, m.start())
            place = where(name, **facts) if facts else ""
            hits.append(Hit(str(uuid), name, m.start(), m.end(), before, m.group(0), after,
                            "" if place == name else place))
        if truncated:
            break
    return SearchResult(tuple(hits), truncated, len(ids))
