"""Every coded segment the acting person may read, as a table: CSV (one
header row, then one segment a row: machine-readable) or XLSX (an "About"
sheet saying what the file holds, then the "Segments" sheet with a bold,
frozen, filterable header).

Columns: id (the coding's uuid), source, kind, case, one column per case
attribute (in attribute order, values as shown), coder, code (its path),
text (the quoted passage), start, end, memo.  Segments are read as
``coding.codings.retrieve`` reads them (a test holds the two equal), in one
query, under the same access rules: while coding is blind a coder exports
only their own layer.  Text a spreadsheet would run as a formula
is kept as text (XLSX: a quote-prefixed string; CSV: a leading "'").  Written
atomically: a failure leaves no half file and never replaces a good one.
Qt-free.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Optional, Union

from sqlalchemy import select
from sqlalchemy.orm import Session

from coding import cases, coders, project
from coding.access import Acting
from exporters.atomic import check_target, write_atomically
from exporters.csv_out import write_csv
from storage.models import Attribute, Coder

FORMATS = (".csv", ".xlsx")
BEFORE = ["id", "source", "kind", "case"]
AFTER = ["coder", "code", "text", "start", "end", "memo"]
WIDTHS = {"id": 38, "source": 22, "kind": 12, "case": 10, "coder": 14, "code": 36, "text": 60,
          "start": 8, "end": 8, "memo": 40}
EVERY_CODER = "every coder you may read"


def check_format(path: Path, what: str) -> str:
    """The format (".csv" or ".xlsx") ``path`` asks for; ExportFailed otherwise."""
    return check_target(path, what, FORMATS)


def layer(session: Session, coder: Union[Coder, str, None]) -> Optional[Coder]:
    """The coder asked for (a Coder or a name), or None for every readable layer."""
    if coder is None or isinstance(coder, Coder):
        return coder
    return coders.get_coder(session, coder)


def shown(value: Any) -> Any:
    """An attribute value as shown: numbers stay numbers, the rest is text ("" for none)."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return str(value)


def attribute_names(session: Session) -> list[str]:
    return list(session.scalars(select(Attribute.name).order_by(Attribute.position, Attribute.name)))


def case_values(session: Session) -> dict[str, dict[str, Any]]:
    """{case name: {attribute: value as shown}} for every case."""
    return {c.name: {k: shown(v) for k, v in cases.attributes_of(session, c).items()}
            for c in cases.list_cases(session)}


def common_facts(session: Session, acting: Acting, coder: Optional[Coder]) -> list[tuple[str, Any]]:
    return [("Project", project.get_project(session).title), ("Exported by", acting.name),
            ("Coder", coder.name if coder is not None else EVERY_CODER),
            ("Date", dt.date.today().isoformat())]


def segment_rows(session: Session, acting: Acting, coder: Union[Coder, str, None] = None
                 ) -> tuple[list[str], list[list[Any]]]:
    """(columns, rows) of the segments ``acting`` may read (of ``coder`` only, when given)."""
    from coding.batch import without_gc

    attrs = attribute_names(session)
    values = case_values(session)
    blank = [""] * len(attrs)
    with without_gc():
        return _rows(session, acting, coder, attrs, values, blank)


def _rows(session: Session, acting: Acting, coder, attrs, values, blank):
    by_case = {name: [own.get(a, "") for a in attrs] for name, own in values.items()}
    out = [[uid, source, kind, case or ""] + (by_case.get(case or "") or blank) + [who, code, text, start, end, memo]
           for uid, source, kind, case, who, code, text, start, end, memo
           in _segments(session, acting, layer(session, coder))]
    return BEFORE + attrs + AFTER, out


def _segments(session: Session, acting: Acting, coder: Optional[Coder]):
    """(uuid, source, kind, case, coder, code path, text, start, end, memo)
    of every coding ``acting`` may read (``coder``'s only, when given), in
    source and text order: what ``codings.retrieve`` gives, read as plain
    rows in one query (100,000 segments in a second, not three)."""
    import bisect
    import uuid as uuid_mod

    from coding import access
    from coding.codebook import path_of
    from storage.models import Case, Code, Coding, Section, Source

    if coder is not None:
        access.check_may_read(session, acting, [coder])
    readable = access.readable_layers(session, acting)
    people = {c.id: (str(c.uuid), c.name) for c in session.scalars(select(Coder))}
    stmt = select(Coding.uuid, Coding.source_id, Coding.code_id, Coding.coder_id, Coding.start, Coding.end,
                  Coding.memo)
    if coder is not None:
        stmt = stmt.where(Coding.coder_id == coder.id)
    if readable is not None:
        stmt = stmt.where(Coding.coder_id.in_([i for i, (u, _n) in people.items() if u in readable] or [-1]))
    rows = session.execute(stmt).all()
    from coding.sources import check_text

    sources = {sid: (name, kind, check_text(name, text, digest), case)
               for sid, name, kind, text, case, digest in session.execute(
        select(Source.id, Source.name, Source.kind, Source.text, Source.case_id, Source.text_sha256).where(
            Source.id.in_(list({r.source_id for r in rows}) or [-1])))}
    case_names = dict(session.execute(select(Case.id, Case.name)).all())
    sections: dict[int, tuple[list[int], list]] = {}
    for sid, start, end, case_id in session.execute(select(Section.source_id, Section.start, Section.end,
                                                           Section.case_id).order_by(Section.source_id, Section.start)):
        starts, spans = sections.setdefault(sid, ([], []))
        starts.append(start)
        spans.append((end, case_id))
    paths = {c.id: path_of(c) for c in session.scalars(select(Code))}
    rows.sort(key=lambda r: (sources[r.source_id][0], r.start, r.end))
    for uid, sid, code_id, coder_id, start, end, memo in rows:
        name, kind, text, own_case = sources[sid]
        starts, spans = sections.get(sid, ((), ()))
        i = bisect.bisect_right(starts, start) - 1
        case_id = spans[i][1] if i >= 0 and start < spans[i][0] and spans[i][1] is not None else own_case
        yield (str(uid) if isinstance(uid, uuid_mod.UUID) else uid, name, kind, case_names.get(case_id),
               people[coder_id][1], paths[code_id], text[start:end], start, end, memo or "")


def export_segments(session: Session, acting: Acting, path: Path,
                    coder: Union[Coder, str, None] = None) -> int:
    """Write the segments ``acting`` may read (of ``coder`` only, when given) to
    ``path`` (.csv or .xlsx, by extension); returns the number of segments."""
    path = Path(path)
    suffix = check_format(path, "the coded segments")
    chosen = layer(session, coder)
    columns, rows = segment_rows(session, acting, chosen)
    if suffix == ".csv":
        return write_csv(path, columns, rows)
    facts = common_facts(session, acting, chosen) + [
        ("Rows", len(rows)),
        ("Holds", "One coded segment a row, on the sheet \"Segments\": the coding's id, its source, "
                  "the case and its attributes, the coder, the code's path, the quoted text, its "
                  "character offsets (start, end) and the memo.")]
    write_atomically(path, lambda tmp: _write_xlsx(tmp, columns, rows, facts))
    return len(rows)


def _write_xlsx(path: Path, columns: list[str], rows: list[list[Any]], facts: list[tuple[str, Any]]) -> None:
    """Streamed by ``exporters.xlsx_stream``: openpyxl took 10 s for 100,000
    segments, even in its write-only mode."""
    from exporters.xlsx_stream import BOLD, TITLE, Sheet, Styled, write_workbook

    about = Sheet("About", [[Styled("Coded segments", TITLE)], []] + [[Styled(label, BOLD), value]
                                                                      for label, value in facts], widths=(24, 70))
    segments = Sheet("Segments", [columns, *rows], widths=[WIDTHS.get(c, 14) for c in columns], header=True,
                     n_rows=len(rows))  # not wrapped: fitting 100,000 rows' heights makes a spreadsheet crawl
    write_workbook(path, [about, segments], title="Coded segments")
