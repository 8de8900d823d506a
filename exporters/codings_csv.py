"""Codings CSV export (the format ``importers.codings_csv`` reads)."""
from __future__ import annotations

import uuid
from pathlib import Path
from typing import Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from coding import access, codebook
from coding.access import Acting
from exporters.csv_out import write_csv
from storage.models import Code, Coder, Coding, Source

HEADER = ["source", "coder", "code", "start", "end", "memo"]


def rows(session: Session, acting: Acting, coder: Optional[Coder] = None) -> list[list[object]]:
    """The codings ``acting`` may read (of ``coder`` only, when given: refused
    while coding is blind unless they are ``acting``'s own)."""
    stmt = select(Coding, Source.name, Coder.name, Code).join(Source, Coding.source_id == Source.id) \
        .join(Coder, Coding.coder_id == Coder.id).join(Code, Coding.code_id == Code.id)
    if coder is not None:
        access.check_may_read(session, acting, [coder])
        stmt = stmt.where(Coding.coder_id == coder.id)
    readable = access.readable_layers(session, acting)
    if readable is not None:
        if not readable:
            access.check_may_read(session, acting, list(session.scalars(select(Coder))))
        stmt = stmt.where(Coder.uuid.in_([uuid.UUID(u) for u in readable]))
    paths: dict[int, str] = {}
    out = []
    for coding, source_name, coder_name, code in session.execute(stmt):
        if code.id not in paths:
            paths[code.id] = codebook.path_of(code)
        out.append([source_name, coder_name, paths[code.id], coding.start, coding.end, coding.memo])
    out.sort(key=lambda r: (r[0], r[1], r[3], r[4], r[2]))
    return out


def export(session: Session, acting: Acting, path: Path, coder: Optional[Coder] = None) -> int:
    return write_csv(path, HEADER, rows(session, acting, coder))
