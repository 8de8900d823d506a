"""Discrepancies between two layers, classified, with ids that stay stable.

Between coder A and coder B (either may be the consensus layer), at the
coded-segment unit, one source at a time:

1. The codings of one code are paired, best overlap first (|s∩t|/|s∪t|,
   each coding in at most one pair).  A pair overlapping by at least the
   threshold (default 1: the very same span) is an **agreement**; a pair that
   overlaps less is a **boundary** discrepancy (the same code, spans that
   are not the same).
2. What is left is paired across codes: A's coding and B's coding of another
   code over the same passage (the overlap covers at least half of the
   shorter one) are a **different code** discrepancy — a confusion pair.
3. Whatever is still left is **A-only** or **B-only**.

At the section unit (speaker turns, survey responses, paragraphs of a
document) a code either is or is not applied to a section by each coder: a
section and code that only one coder applied are A-only or B-only, unless the
other coder applied another code there that only they applied (different
code); boundaries do not matter at this unit.

A discrepancy's id is a hash of its class and of the codings it concerns
(uuid, code and span of each): it survives recomputation as long as those
codings are unchanged, and changes when one of them is moved, re-coded or
removed — which is how a decision resting on them is seen to be stale.
"""
from __future__ import annotations

import bisect
import hashlib
import uuid as uuid_mod
from dataclasses import dataclass, field
from typing import Iterable, NamedTuple, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from coding import access
from coding.access import Acting
from coding.batch import without_gc
from coding.codebook import descendants, find_code, path_of
from coding.errors import InvalidRequest, NotFound
from storage.models import Case, Code, Coder, Coding, Section, Source

KINDS = ("a_only", "b_only", "boundary", "different_code")
KIND_LABELS = {"a_only": "A only", "b_only": "B only", "boundary": "boundary", "different_code": "different code"}
UNITS = ("segment", "section", "paragraph", "sentence", "document")
UNIT_WORDS = {"segment": "coded segment", "section": "section (speaker turn, survey response or paragraph)",
              "paragraph": "paragraph (text between line breaks)", "sentence": "sentence",
              "document": "document"}


class _Unit(NamedTuple):
    """A paragraph, sentence or whole document as a unit of comparison."""

    uuid: str  # "source uuid:start", for the discrepancy's id
    start: int
    end: int
SAME_PASSAGE = 0.5  # different code: the overlap covers at least this share of the shorter coding
CONTEXT = 400       # characters of context around a discrepancy outside any section


@dataclass(frozen=True)
class Span:
    """One coding a discrepancy concerns, as plain data."""

    uuid: str
    code_uuid: str
    code: str   # path
    start: int  # code-point offsets into the source's text (half-open)
    end: int

    def key(self) -> str:
        return f"{self.uuid}:{self.code_uuid}:{self.start}:{self.end}"

    def as_basis(self, coder_uuid: str) -> dict:
        return {"uuid": self.uuid, "coder_uuid": coder_uuid, "code_uuid": self.code_uuid, "code": self.code,
                "start": self.start, "end": self.end}


@dataclass
class Discrepancy:
    id: str
    kind: str                       # one of KINDS
    source: str
    source_uuid: str
    a: tuple[Span, ...]             # coder A's codings it concerns
    b: tuple[Span, ...]
    section_uuid: Optional[str] = None
    section_start: int = 0          # the turn or response around it (or a window of context)
    section_end: int = 0
    speaker: Optional[str] = None
    case: Optional[str] = None
    question: Optional[str] = None
    status: str = "pending"         # pending | decided | reopened
    decision: Optional[dict] = None  # the decision on it, as plain data
    reopened_because: str = ""       # why an earlier decision no longer holds
    comments: list[dict] = field(default_factory=list)

    @property
    def code(self) -> str:
        """The code ("A code | B code" for a different-code pair)."""
        if self.kind == "different_code":
            return f"{self.a[0].code} | {self.b[0].code}"
        return (self.a or self.b)[0].code

    @property
    def start(self) -> int:
        return min(s.start for s in self.a + self.b)

    @property
    def end(self) -> int:
        return max(s.end for s in self.a + self.b)

    def codings(self) -> list[str]:
        return [s.uuid for s in self.a + self.b]

    def to_json(self) -> dict:
        out = {"id": self.id, "class": self.kind, "source": self.source, "status": self.status,
               "a_spans": [[s.start, s.end] for s in self.a], "b_spans": [[s.start, s.end] for s in self.b],
               "a_codings": [s.uuid for s in self.a], "b_codings": [s.uuid for s in self.b],
               "section": self.section_uuid, "speaker": self.speaker, "case": self.case,
               "decision": self.decision, "comments": self.comments}
        if self.kind == "different_code":
            out["code_a"], out["code_b"] = self.a[0].code, self.b[0].code
        else:
            out["code"] = self.code
        if self.reopened_because:
            out["reopened_because"] = self.reopened_because
        return out


@dataclass
class Agreement:
    """Two codings that agree: what the consensus layer takes without a decision."""

    source_uuid: str
    code_uuid: str
    spans: tuple[tuple[int, int], ...]  # what the consensus layer holds for it


@dataclass
class Comparison:
    """Everything found between two layers: what a review or a report needs."""

    coder_a: str
    coder_b: str
    coder_a_uuid: str
    coder_b_uuid: str
    unit: str
    threshold: float
    discrepancies: list[Discrepancy]
    agreements: list[Agreement]
    stale: list[dict] = field(default_factory=list)  # decisions whose codings changed, no discrepancy now
    sources: tuple[str, ...] = ()  # the sources compared, when only some were (none: every source)

    def by_id(self, discrepancy_id: str) -> Discrepancy:
        for d in self.discrepancies:
            if d.id == discrepancy_id:
                return d
        raise NotFound(
            f"There is no discrepancy '{discrepancy_id}' between {self.coder_a} and {self.coder_b} now: "
            "the codings it concerned have changed since it was listed (list the discrepancies again).")


class _Row(NamedTuple):
    """One coding as the comparison reads it: plain integers (uuids are
    looked up afterwards, only for the codings in discrepancies)."""

    id: int
    source_id: int
    code_id: int
    start: int
    end: int


def _jaccard(a: _Row, b: _Row) -> float:
    inter = min(a.end, b.end) - max(a.start, b.start)
    if inter <= 0:
        return 0.0
    return inter / (max(a.end, b.end) - min(a.start, b.start))


def _overlapping(rows_a: list[_Row], rows_b: list[_Row]) -> Iterable[tuple[int, int, int]]:
    """(i, j, overlap) for every pair of A's and B's rows that overlap, by a
    sweep over B sorted by start (with a running maximum of ends, so long
    codings do not make it quadratic on ordinary data)."""
    order = sorted(range(len(rows_b)), key=lambda j: rows_b[j].start)
    starts = [rows_b[j].start for j in order]
    max_end, best = [], -1
    for j in order:
        best = max(best, rows_b[j].end)
        max_end.append(best)
    for i, a in enumerate(rows_a):
        k = bisect.bisect_left(starts, a.end) - 1
        while k >= 0 and max_end[k] > a.start:
            b = rows_b[order[k]]
            inter = min(a.end, b.end) - max(a.start, b.start)
            if inter > 0:
                yield i, order[k], inter
            k -= 1


def _greedy(pairs: list[tuple[float, int, int]]) -> list[tuple[int, int, float]]:
    """One-to-one pairs, best score first (ties: text order)."""
    used_a, used_b, out = set(), set(), []
    for score, i, j in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        out.append((i, j, score))
    return out


def stable_id(kind: str, unit: str, spans: Iterable[Span], where: str = "") -> str:
    """The id of a discrepancy: its class and the codings it concerns (and,
    at the section unit, the section)."""
    keys = "|".join(sorted(s.key() for s in spans))
    return hashlib.sha1(f"{unit}|{kind}|{where}|{keys}".encode()).hexdigest()[:12]


def _union(rows: list[_Row]) -> tuple[tuple[int, int], ...]:
    if len(rows) == 2 and rows[0].start == rows[1].start and rows[0].end == rows[1].end:
        return ((rows[0].start, rows[0].end),)  # the usual agreement: the very same span
    out: list[list[int]] = []
    for r in sorted(rows, key=lambda r: (r.start, r.end)):
        if out and r.start <= out[-1][1]:
            out[-1][1] = max(out[-1][1], r.end)
        else:
            out.append([r.start, r.end])
    return tuple((s, e) for s, e in out)


class _Loader:
    """Names, paths and sections, read once per comparison."""

    def __init__(self, session: Session):
        self.session = session
        self.codes = {c.id: c for c in session.scalars(select(Code))}
        self.code_uuids = {i: str(c.uuid) for i, c in self.codes.items()}
        self._paths: dict[int, str] = {}
        self.cases = dict(session.execute(select(Case.id, Case.name)).all())
        self._sections: dict[int, list] = {}
        self._starts: dict[int, list[int]] = {}
        self.uuids: dict[int, str] = {}  # coding id -> uuid, for the codings in discrepancies

    def path(self, code_id: int) -> str:
        if code_id not in self._paths:
            self._paths[code_id] = path_of(self.codes[code_id])
        return self._paths[code_id]

    def read_uuids(self, ids: set[int]) -> None:
        ids = sorted(ids)
        for i in range(0, len(ids), 5000):
            self.uuids.update((cid, str(u)) for cid, u in self.session.execute(
                select(Coding.id, Coding.uuid).where(Coding.id.in_(ids[i:i + 5000]))))

    def span(self, row: _Row) -> Span:
        return Span(self.uuids[row.id], self.code_uuids[row.code_id], self.path(row.code_id), row.start, row.end)

    def read_sections(self, source_ids: Iterable[int]) -> None:
        """The sections of these sources, with one query per 500 sources."""
        ids = sorted(set(source_ids) - set(self._sections))
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            for sid in chunk:
                self._sections[sid] = []
            for row in self.session.execute(
                    select(Section.uuid, Section.start, Section.end, Section.speaker, Section.case_id, Section.question,
                           Section.is_moderator, Section.source_id).where(Section.source_id.in_(chunk))
                    .order_by(Section.source_id, Section.start)):
                self._sections[row.source_id].append(row)
        for sid in ids:
            self._starts[sid] = [s.start for s in self._sections[sid]]

    def sections(self, source_id: int) -> list:
        if source_id not in self._sections:
            self.read_sections([source_id])
        return self._sections[source_id]

    def units(self, source_id: int, unit: str) -> list:
        """The units of comparison of one source: its sections, or its
        paragraphs, sentences or the whole text."""
        if unit == "section":
            return self.sections(source_id)
        from coding.agreement.units import paragraphs, sentences

        from coding.sources import check_text

        uuid, name, text, digest = self.session.execute(
            select(Source.uuid, Source.name, Source.text, Source.text_sha256).where(Source.id == source_id)).one()
        text = check_text(name, text, digest)
        spans = {"paragraph": paragraphs, "sentence": sentences}.get(unit, lambda t: [(0, len(t))])(text)
        return [_Unit(f"{uuid}:{a}", a, b) for a, b in spans]

    def starts(self, source_id: int) -> list[int]:
        self.sections(source_id)
        return self._starts[source_id]


def _layer(session: Session, name: str) -> Coder:
    from coding.coders import get_coder

    return get_coder(session, name)


def _code_ids(session: Session, paths: Iterable[str]) -> Optional[set[int]]:
    paths = [p for p in paths if p]
    if not paths:
        return None
    ids: set[int] = set()
    for path in paths:
        code = find_code(session, path)
        if code is None:
            raise NotFound(f"There is no code '{path}' in the codebook.")
        ids.add(code.id)
        ids.update(c.id for c in descendants(session, code))
    return ids


def compare(session: Session, acting: Acting, coder_a: str, coder_b: str, unit: str = "segment",
            threshold: float = 1.0, codes: Iterable[str] = (), sources: Iterable[str] = ()) -> Comparison:
    """Every discrepancy (and agreement) between ``coder_a``'s and
    ``coder_b``'s layers, with each discrepancy's status from the decisions
    taken so far.  Refused to a coder while coding is blind."""
    with without_gc():
        return _compare(session, acting, coder_a, coder_b, unit, threshold, codes, sources)


def _compare(session: Session, acting: Acting, coder_a: str, coder_b: str, unit: str, threshold: float,
             codes: Iterable[str], sources: Iterable[str]) -> Comparison:
    access.check_may_compare(session, acting, "the discrepancies between coders")
    if unit not in UNITS:
        raise InvalidRequest(f"Discrepancies are listed by one of: {', '.join(UNITS)}; '{unit}' is none of them.")
    if not 0.0 < threshold <= 1.0:
        raise InvalidRequest(f"The overlap threshold must be above 0 and at most 1 (got {threshold}).")
    a, b = _layer(session, coder_a), _layer(session, coder_b)
    if a.id == b.id:
        raise InvalidRequest("Discrepancies compare two different layers; name two coders (--coders A,B).")
    code_ids = _code_ids(session, codes)
    source_filter = None
    names = [n for n in sources if n]
    if names:
        found = dict(session.execute(select(Source.name, Source.id).where(Source.name.in_(names))).all())
        missing = [n for n in names if n not in found]
        if missing:
            raise NotFound(f"There is no source called '{missing[0]}'.")
        source_filter = set(found.values())
    loader = _Loader(session)
    by_source = _read_layers(session, a.id, b.id, code_ids, source_filter)
    source_rows = {sid: (name, str(u)) for sid, name, u in session.execute(
        select(Source.id, Source.name, Source.uuid).where(Source.id.in_(list(by_source))))}
    found_d: list[Discrepancy] = []
    agreements: list[Agreement] = []
    found_by_source = {}
    wanted: set[int] = set()
    for source_id in sorted(by_source, key=lambda sid: source_rows[sid][0]):
        ra, rb = by_source[source_id]
        found = _segment(ra, rb, threshold) if unit == "segment" else _section(ra, rb, loader.units(source_id, unit))
        found_by_source[source_id] = found
        wanted.update(r.id for kind, left, right, _w in found if kind != "agree" for r in left + right)
    loader.read_uuids(wanted)
    loader.read_sections(sid for sid, found in found_by_source.items() if any(f[0] != "agree" for f in found))
    for source_id, found in found_by_source.items():
        name, suuid = source_rows[source_id]
        sections = loader.units(source_id, unit) if unit != "segment" else []
        for kind, left, right, where in found:
            if kind == "agree":
                agreements.append(Agreement(suuid, loader.code_uuids[left[0].code_id], _union(left + right)))
                continue
            spans_a = tuple(loader.span(r) for r in left)
            spans_b = tuple(loader.span(r) for r in right)
            key = "" if where is None else (str(sections[where].uuid) if where >= 0 else "outside")
            d = Discrepancy(stable_id(kind, unit, spans_a + spans_b, key), kind, name, suuid, spans_a, spans_b)
            _place(d, loader, source_id)
            found_d.append(d)
    found_d.sort(key=lambda d: (d.source, d.start, d.end, d.kind, d.id))
    comparison = Comparison(a.name, b.name, str(a.uuid), str(b.uuid), unit, threshold, found_d, agreements,
                            sources=tuple(names))
    from coding.reconcile.decisions import attach_status

    attach_status(session, comparison, a, b)
    return comparison


# Integers only, straight from the driver's cursor: at 100,000 codings the
# ORM's row handling (and a uuid object per row) cost more than the comparison.
_LAYERS_SQL = ('SELECT id, source_id, code_id, start, "end", coder_id FROM coding '
               'WHERE coder_id IN ({a}, {b})')  # no ORDER BY: nothing below needs the rows sorted
_MARKS = {"qmark": "?", "format": "%s", "pyformat": "%s", "numeric": ":1", "named": ":a"}


def _fetch_layers(session: Session, a_id: int, b_id: int) -> list[tuple]:
    paramstyle = session.get_bind().dialect.paramstyle
    mark = _MARKS.get(paramstyle, "?")
    sql = _LAYERS_SQL.format(a=mark, b=mark if paramstyle != "named" else ":b")
    params = {"a": a_id, "b": b_id} if paramstyle == "named" else (a_id, b_id)
    cursor = session.connection().connection.cursor()  # the DBAPI cursor: plain tuples
    try:
        cursor.execute(sql, params)
        return cursor.fetchall()
    finally:
        cursor.close()


def _read_layers(session: Session, a_id: int, b_id: int, code_ids: Optional[set[int]],
                 source_filter: Optional[set[int]]) -> dict[int, tuple[list[_Row], list[_Row]]]:
    """Both layers' codings, by source: (A's rows, B's rows), in text order."""
    by_source: dict[int, tuple[list[_Row], list[_Row]]] = {}
    make = _Row._make
    for row in _fetch_layers(session, a_id, b_id):
        if code_ids is not None and row[2] not in code_ids:
            continue
        if source_filter is not None and row[1] not in source_filter:
            continue
        pair = by_source.get(row[1])
        if pair is None:
            pair = by_source[row[1]] = ([], [])
        pair[0 if row[5] == a_id else 1].append(make(row[:5]))
    return by_source


def _segment(ra: list[_Row], rb: list[_Row], threshold: float):
    """(kind, A rows, B rows, None) for one source at the segment unit."""
    out = []
    # identical spans first, by hashing: the best pair either could have (overlap 1), so the greedy
    # pairing below would choose them too; what is left is small
    exact = {(r.code_id, r.start, r.end): j for j, r in enumerate(rb)}
    left_a, left_b = set(range(len(ra))), set(range(len(rb)))
    for i, r in enumerate(ra):
        j = exact.get((r.code_id, r.start, r.end))
        if j is not None:
            out.append(("agree", [r], [rb[j]], None))
            left_a.discard(i)
            left_b.discard(j)
    if len(left_a) < len(ra):
        ia, ib = sorted(left_a), sorted(left_b)
        ra, rb = [ra[i] for i in ia], [rb[j] for j in ib]
        left_a, left_b = set(range(len(ra))), set(range(len(rb)))
    same = [(_jaccard(ra[i], rb[j]), i, j) for i, j, _ in _overlapping(ra, rb) if ra[i].code_id == rb[j].code_id]
    for i, j, score in _greedy(same):
        out.append(("agree" if score >= threshold - 1e-12 else "boundary", [ra[i]], [rb[j]], None))
        left_a.discard(i)
        left_b.discard(j)
    ia, ib = sorted(left_a), sorted(left_b)
    sub_a, sub_b = [ra[i] for i in ia], [rb[j] for j in ib]
    cross = []
    for i, j, inter in _overlapping(sub_a, sub_b):
        x, y = sub_a[i], sub_b[j]
        if x.code_id != y.code_id and inter >= SAME_PASSAGE * min(x.end - x.start, y.end - y.start):
            cross.append((_jaccard(x, y), i, j))
    for i, j, _score in _greedy(cross):
        out.append(("different_code", [sub_a[i]], [sub_b[j]], None))
        left_a.discard(ia[i])
        left_b.discard(ib[j])
    out.extend(("a_only", [ra[i]], [], None) for i in sorted(left_a))
    out.extend(("b_only", [], [rb[j]], None) for j in sorted(left_b))
    return out


def _section(ra: list[_Row], rb: list[_Row], sections: list):
    """(kind, A rows, B rows, section index) for one source at the section
    unit: per section and code, who applied it (any coding touching it)."""
    out = []
    starts = [s.start for s in sections]

    def units_of(row: _Row) -> list[int]:
        k = max(bisect.bisect_right(starts, row.start) - 1, 0)
        found = []
        while k < len(sections) and sections[k].start < row.end:
            if sections[k].end > row.start:
                found.append(k)
            k += 1
        return found or [-1]  # outside every section: a unit of its own

    cells: dict[tuple[int, int], tuple[list, list]] = {}
    for side, rows in ((0, ra), (1, rb)):
        for row in rows:
            for unit in units_of(row):
                cells.setdefault((unit, row.code_id), ([], []))[side].append(row)
    by_unit: dict[int, list] = {}
    for (unit, code_id), (xa, xb) in sorted(cells.items(), key=lambda kv: kv[0]):
        if xa and xb:
            out.append(("agree", xa, xb, unit))  # agreed: the consensus takes the spans both cover
            continue
        by_unit.setdefault(unit, []).append((code_id, xa, xb))
    for unit, items in by_unit.items():
        only_a = [(c, xa) for c, xa, xb in items if xa]
        only_b = [(c, xb) for c, xa, xb in items if xb]
        pairs = []
        for i, (_c, xa) in enumerate(only_a):
            for j, (_d, xb) in enumerate(only_b):
                inter = sum(max(0, min(p.end, q.end) - max(p.start, q.start)) for p in xa for q in xb)
                pairs.append((inter, i, j))
        used_a, used_b = set(), set()
        for i, j, _inter in _greedy(pairs):
            out.append(("different_code", only_a[i][1], only_b[j][1], unit))
            used_a.add(i)
            used_b.add(j)
        out.extend(("a_only", xa, [], unit) for i, (_c, xa) in enumerate(only_a) if i not in used_a)
        out.extend(("b_only", [], xb, unit) for j, (_c, xb) in enumerate(only_b) if j not in used_b)
    return out


def _place(d: Discrepancy, loader: _Loader, source_id: int) -> None:
    """The turn or response the discrepancy is in (or a window of context)."""
    sections = loader.sections(source_id)
    k = bisect.bisect_right(loader.starts(source_id), d.start) - 1
    if k >= 0 and d.start < sections[k].end:
        sec = sections[k]
        d.section_uuid, d.speaker, d.question = str(sec.uuid), sec.speaker, sec.question
        d.case = loader.cases.get(sec.case_id)
        d.section_start, d.section_end = sec.start, max(sec.end, d.end)
    else:
        d.section_start, d.section_end = max(0, d.start - CONTEXT // 2), d.end + CONTEXT // 2


def coder_uuid_of(session: Session, name: str) -> uuid_mod.UUID:
    return _layer(session, name).uuid
