"""Loading what an agreement analysis needs, as plain arrays.

One request names the coders, the unit and the filters; ``load`` resolves every
name (a clear error for an unknown coder, code, source or attribute), then
reads codings, sources and sections with a handful of set-based queries.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Optional

import numpy as np
from sqlalchemy import BigInteger, case, cast, select
from sqlalchemy.orm import Session

from coding.cases import canonical, find_attribute
from coding.codebook import find_code, path_of, walk
from coding.errors import InvalidRequest, NotFound
from storage.models import AttributeValue, Coder, Coding, Section, Source

UNITS = ("char", "sentence", "paragraph", "section", "document", "frequency", "segment",
         "unitized")

UNIT_DESCRIPTIONS = {
    "char": "characters (a character counts as coded when one of the coder's codings of the code covers it)",
    "sentence": "sentences (a sentence counts as coded when any character in it is coded)",
    "paragraph": "paragraphs (text between line breaks; a paragraph counts as coded when any character in it is coded)",
    "section": "sections: speaker turns, survey responses and the paragraphs of documents (coded when any character in it is coded)",
    "document": "documents (the code is present or absent in each source)",
    "frequency": "documents (the number of codings of the code in each source agrees or not)",
    "segment": "coded segments (a coding agrees when the other coder applied the same code to a span overlapping it by at least the threshold, |s∩t|/|s∪t|)",
    "unitized": "the text as a continuum of characters (Krippendorff's unitized α, 2004; a coder's touching codings of a code are separate units unless joined)",
}


@dataclass(frozen=True)
class AgreementRequest:
    coders: tuple[str, ...]
    unit: str = "char"
    threshold: float = 0.9
    codes: tuple[str, ...] = ()  # code paths; a path with children stands for its codes
    sources: tuple[str, ...] = ()
    where: tuple[tuple[str, str], ...] = ()  # case attribute = value
    without_moderators: bool = False
    seed: int = 1
    n_boot: int = 1000
    # unitized unit: join a coder's touching codings of a code (10–20 and 20–30)
    # into one unit; Krippendorff's (2004) definition keeps them apart (the default)
    join_touching: bool = False
    # leave out the sources in scope that none of the coders has coded at all
    skip_uncoded: bool = False

    def check(self) -> None:
        if self.unit not in UNITS:
            raise InvalidRequest(f"Unknown unit '{self.unit}'; use one of: {', '.join(UNITS)}.")
        if len(self.coders) < 2:
            raise InvalidRequest("Agreement needs at least two coders (for example --coders A,B).")
        if len(set(self.coders)) != len(self.coders):
            raise InvalidRequest("Each coder may be named only once.")
        if not 0.0 < self.threshold <= 1.0:
            raise InvalidRequest(f"The overlap threshold must be above 0 and at most 1 (got {self.threshold}).")
        if self.n_boot < 0:
            raise InvalidRequest("The number of bootstrap samples cannot be negative.")


@dataclass
class CodeInfo:
    id: int
    path: str
    parent_id: Optional[int]


@dataclass
class GroupInfo:
    id: int
    path: str
    children: list[int]  # indices into Corpus.codes (the group's values)


@dataclass
class Corpus:
    coders: list[str]
    coder_ids: list[int]
    source_names: list[str]
    source_ids: list[int]
    lengths: np.ndarray
    bases: np.ndarray  # global offset of each source
    universe: tuple[np.ndarray, np.ndarray]  # sorted disjoint global intervals
    sections: tuple[np.ndarray, np.ndarray]  # section units (global), sorted
    codes: list[CodeInfo]
    groups: list[GroupInfo]
    # codings of the selected codes by the selected coders in the selected sources
    code_idx: np.ndarray
    coder_idx: np.ndarray
    source_idx: np.ndarray
    start: np.ndarray  # global
    end: np.ndarray
    filtered: bool  # universe restricted to filtered sections
    texts: dict[int, str] = field(default_factory=dict)
    source_kinds: list[str] = field(default_factory=list)
    # kinds of the section units ("turn", "response", "paragraph", and "document"
    # for a source without sections) with their numbers; read only where needed
    section_kinds: dict[str, int] = field(default_factory=dict)
    coding_counts: dict[str, int] = field(default_factory=dict)  # each coder's codings in scope
    uncoded_sources: list[str] = field(default_factory=list)  # in scope, no coding by any coder
    uncoded_left_out: bool = False
    not_applied: list[str] = field(default_factory=list)  # codable codes in scope nobody applied
    blind_switches: int = 0  # in the audit log
    unblinded: int = 0  # the coders' codings in scope made or changed while blind coding was off
    _groups_cache: Optional[tuple] = field(default=None, repr=False)  # codings sorted by (code, coder)

    @property
    def total_length(self) -> int:
        return int(self.lengths.sum())

    def source_of(self, positions: np.ndarray) -> np.ndarray:
        return np.searchsorted(self.bases, positions, side="right") - 1

    def intervals(self, code: int, coder: int) -> tuple[np.ndarray, np.ndarray]:
        """The union of ``coder``'s codings of ``code`` (sorted, disjoint)."""
        from coding.agreement.units import merge
        if self._groups_cache is None or self._groups_cache[0] != len(self.start):
            m = max(len(self.coders), 1)
            key = self.code_idx * m + self.coder_idx
            order = np.argsort(key, kind="stable")
            self._groups_cache = (len(self.start), m, key[order], self.start[order], self.end[order])
        _, m, keys, starts, ends = self._groups_cache
        lo, hi = np.searchsorted(keys, [code * m + coder, code * m + coder + 1])
        return merge(starts[lo:hi], ends[lo:hi])

    def text_of(self, session: Session, source: int) -> str:
        if source not in self.texts:
            from coding.sources import check_text

            self.texts[source] = check_text(*session.execute(
                select(Source.name, Source.text, Source.text_sha256).where(Source.id == self.source_ids[source])).one())
        return self.texts[source]


def _coders(session: Session, names: tuple[str, ...]) -> list[Coder]:
    found = {c.name: c for c in session.scalars(select(Coder).where(Coder.name.in_(names)))}
    missing = [n for n in names if n not in found]
    if missing:
        known = ", ".join(session.scalars(select(Coder.name).order_by(Coder.name))) or "none yet"
        raise NotFound(f"There is no coder called '{missing[0]}' (coders in this project: {known}).")
    return [found[n] for n in names]


def _sources(session: Session, names: tuple[str, ...]) -> list[tuple[int, str, int, str]]:
    rows = session.execute(
        select(Source.id, Source.name, Source.n_chars, Source.kind).order_by(Source.kind, Source.name)
    ).all()
    if not names:
        return [tuple(r) for r in rows]
    by_name = {r[1]: tuple(r) for r in rows}
    missing = [n for n in names if n not in by_name]
    if missing:
        raise NotFound(f"There is no source called '{missing[0]}'; `tandem sources list` shows the names.")
    return [by_name[n] for n in names]


def _matching_cases(session: Session, where: tuple[tuple[str, str], ...]) -> Optional[set[int]]:
    if not where:
        return None
    cases: Optional[set[int]] = None
    for name, value in where:
        attribute = find_attribute(session, name)
        if attribute is None:
            raise NotFound(f"There is no case attribute called '{name}'; `tandem cases list` shows them.")
        try:
            wanted = canonical(value, attribute.value_type, name)
        except InvalidRequest:
            wanted = None
        ids = set() if wanted is None else set(session.scalars(
            select(AttributeValue.case_id).where(AttributeValue.attribute_id == attribute.id,
                                                 AttributeValue.value == wanted)))
        cases = ids if cases is None else cases & ids
    return cases


def _selected_codes(session: Session, paths: tuple[str, ...], used: set[int]
                    ) -> tuple[list[CodeInfo], list[GroupInfo], list[str]]:
    """The codes to analyse, the exclusive groups among them, and the codable
    codes in scope (all, or those under ``paths``) that nobody applied."""
    ordered = [(code, path_of(code)) for code, _ in walk(session)]
    wanted: set[int] = set()
    in_scope: set[int] = {code.id for code, _ in ordered if code.codable}
    if paths:
        by_id = {code.id: code for code, _ in ordered}
        for path in paths:
            code = find_code(session, path)
            if code is None:
                raise NotFound(f"There is no code '{path}' in the codebook; `tandem codebook list` shows the paths.")
            stack = [code]
            while stack:
                current = stack.pop()
                children = [child for child in by_id.values() if child.parent_id == current.id]
                # a parent stands for its codes; itself only where it was applied
                if current.codable and (not children or current.id in used):
                    wanted.add(current.id)
                stack.extend(children)
        in_scope = set(wanted)
    else:
        wanted = set(used)
    codes = [CodeInfo(c.id, p, c.parent_id) for c, p in ordered if c.codable and c.id in wanted]
    index = {info.id: i for i, info in enumerate(codes)}
    groups = []
    for code, path in ordered:
        if not code.exclusive:
            continue
        children = [c for c in code.children if c.codable]
        if not children or not (code.id in wanted or any(c.id in wanted for c in children)):
            continue
        for child in children:  # a group's values are always analysed with it
            if child.id not in index:
                index[child.id] = len(codes)
                codes.append(CodeInfo(child.id, path_of(child), child.parent_id))
        groups.append(GroupInfo(code.id, path, [index[c.id] for c in children]))
    # codes nobody applied: leaves only (a parent stands for its codes)
    parents = {c.parent_id for c, _ in ordered if c.parent_id is not None}
    not_applied = [p for c, p in ordered if c.id in in_scope and c.id not in used and c.id not in parents]
    return codes, groups, not_applied


def load(session: Session, request: AgreementRequest, with_texts: bool = False) -> Corpus:
    request.check()
    coders = _coders(session, request.coders)
    sources = _sources(session, request.sources)
    coder_pos = {c.id: i for i, c in enumerate(coders)}

    # Codings of these coders in these sources: one plain query, integers only,
    # each flagged when the audit log shows it was made or changed while blind
    # coding was off (so the report can say whether they coded independently).
    from coding.agreement.scope import off_periods, unblinded

    periods, switches = off_periods(session)
    raw, flags = _coding_rows(session, list(coder_pos), [s[0] for s in sources] if request.sources else None,
                              unblinded(periods))
    coded = np.zeros(int(raw[:, 2].max(initial=0)) + 1, dtype=bool)
    coded[raw[:, 2]] = True
    uncoded = [s[1] for s in sources if not (s[0] < len(coded) and coded[s[0]])]
    if request.skip_uncoded and uncoded:
        sources = [s for s in sources if s[0] < len(coded) and coded[s[0]]]
    per_coder = np.bincount(_lookup(raw[:, 1], coder_pos), minlength=len(coders)) if len(raw) else \
        np.zeros(len(coders), np.int64)

    source_ids = [s[0] for s in sources]
    lengths = np.array([s[2] or 0 for s in sources], dtype=np.int64)
    bases = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64) if sources else \
        np.zeros(0, np.int64)
    position = {sid: i for i, sid in enumerate(source_ids)}

    # Sections: read only where the unit or a filter needs them.
    cases = _matching_cases(session, request.where)
    filtered = cases is not None or request.without_moderators
    section_kinds: dict[str, int] = {}
    if filtered or request.unit == "section":
        sections, universe, section_kinds = _section_units(session, request, cases, filtered, sources,
                                                           position, bases, lengths)
    else:
        sections = (bases.copy(), bases + lengths)
        universe = (bases.copy(), bases + lengths)

    used = set(np.flatnonzero(np.bincount(raw[:, 0])).tolist()) if len(raw) else set()
    codes, groups, not_applied = _selected_codes(session, request.codes, used)
    arr = np.column_stack([
        _lookup(raw[:, 0], {info.id: i for i, info in enumerate(codes)}),
        _lookup(raw[:, 1], coder_pos), _lookup(raw[:, 2], position), raw[:, 3], raw[:, 4],
    ]).reshape(-1, 5)
    arr = arr[(arr[:, 0] >= 0) & (arr[:, 2] >= 0)]
    source_idx = arr[:, 2]
    corpus = Corpus(
        coders=[c.name for c in coders], coder_ids=[c.id for c in coders],
        source_names=[s[1] for s in sources], source_ids=source_ids, lengths=lengths, bases=bases,
        universe=universe, sections=sections, codes=codes, groups=groups,
        code_idx=arr[:, 0], coder_idx=arr[:, 1], source_idx=source_idx,
        start=bases[source_idx] + arr[:, 3], end=bases[source_idx] + arr[:, 4], filtered=filtered,
        source_kinds=[s[3] for s in sources], section_kinds=section_kinds,
        coding_counts={c.name: int(n) for c, n in zip(coders, per_coder)},
        uncoded_sources=uncoded, uncoded_left_out=bool(request.skip_uncoded and uncoded),
        not_applied=not_applied, blind_switches=switches, unblinded=int(flags.sum()),
    )
    if filtered:
        if not len(universe[0]) or int((universe[1] - universe[0]).sum()) == 0:
            raise InvalidRequest(_nothing_left(session, request))
        _clip_codings(corpus)
    if with_texts:
        from coding.sources import check_text

        for i, name, text, digest in session.execute(select(Source.id, Source.name, Source.text, Source.text_sha256)
                                                     .where(Source.id.in_(source_ids))):
            corpus.texts[position[i]] = check_text(name, text, digest)
    else:
        from coding.sources import verify_texts

        verify_texts(session, source_ids)  # the offsets are into texts that must be the ones imported
    return corpus


def _section_units(session: Session, request: AgreementRequest, cases: Optional[set[int]],
                   filtered: bool, sources, position, bases, lengths):
    """Section units (turns, responses, paragraphs; a source without sections
    is one unit), the universe the filters leave, and the kinds of the units."""
    source_ids = [s[0] for s in sources]
    rows = session.execute(
        select(Section.source_id, Section.start, Section.end, Section.case_id,
               Section.is_moderator, Source.case_id, Section.kind)
        .join(Source, Source.id == Section.source_id)
        .where(Section.source_id.in_(source_ids))
    ).all() if source_ids else []
    sec_s, sec_e, keep, kinds, with_sections = [], [], [], [], set()
    for source_id, start, end, case_id, moderator, source_case, kind in rows:
        base = bases[position[source_id]]
        with_sections.add(source_id)
        sec_s.append(base + start)
        sec_e.append(base + end)
        kinds.append(kind)
        ok = not (request.without_moderators and moderator)
        if cases is not None:
            ok = ok and (case_id if case_id is not None else source_case) in cases
        keep.append(ok)
    sec_s, sec_e, keep = np.array(sec_s, np.int64), np.array(sec_e, np.int64), np.array(keep, bool)
    if filtered:
        if cases is not None:  # a source without sections counts through its own case
            whole = [position[sid] for sid, _, _, case in sources_without_sections(session, source_ids, with_sections)
                     if case in cases]
        else:
            whole = [position[sid] for sid, _, _, _ in sources_without_sections(session, source_ids, with_sections)]
    else:
        whole = [i for i, sid in enumerate(source_ids) if sid not in with_sections]
        keep = np.ones(len(sec_s), dtype=bool)
    units_s = np.concatenate([sec_s[keep], bases[whole]])
    units_e = np.concatenate([sec_e[keep], bases[whole] + lengths[whole]])
    section_kinds: dict[str, int] = {}
    for kind, kept in zip(kinds, keep.tolist()):
        if kept:
            section_kinds[kind] = section_kinds.get(kind, 0) + 1
    if whole:
        section_kinds["document"] = len(whole)
    order = np.argsort(units_s, kind="stable")
    sections = (units_s[order], units_e[order])
    from coding.agreement.units import merge
    universe = merge(*sections) if filtered else (bases.copy(), bases + lengths)
    return sections, universe, section_kinds


def _clip_codings(corpus: Corpus) -> None:
    """With filters, a coding counts only for the part of it inside the
    filtered text: each is cut to the span from its first to its last
    character there, and codings wholly outside are left out — so every unit
    (documents, segments, counts) sees the same codings the filters allow."""
    from coding.agreement.tables import clip_to_universe

    n = len(corpus.start)
    if not n:
        return
    piece, local_s, local_e, row = clip_to_universe(corpus, np.ones(n, dtype=bool))
    base = corpus.universe[0][piece]
    starts = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
    ends = np.full(n, -1, dtype=np.int64)
    np.minimum.at(starts, row, base + local_s)
    np.maximum.at(ends, row, base + local_e)
    keep = ends > starts
    corpus.code_idx, corpus.coder_idx = corpus.code_idx[keep], corpus.coder_idx[keep]
    corpus.source_idx, corpus.start, corpus.end = corpus.source_idx[keep], starts[keep], ends[keep]
    corpus._groups_cache = None


def _nothing_left(session: Session, request: AgreementRequest) -> str:
    """Why the filters leave no text, with the values that would match."""
    parts = []
    for name, value in request.where:
        attribute = find_attribute(session, name)
        known = sorted(set(session.scalars(select(AttributeValue.value).where(
            AttributeValue.attribute_id == attribute.id)))) if attribute is not None else []
        shown = ", ".join(known[:12]) + ("…" if len(known) > 12 else "")
        parts.append(f"{name} = {value} (its values: {shown or 'none'})")
    what = "; ".join(parts) if parts else "leaving out moderator turns"
    return (f"The filters leave no text to compare: no turn, response or document matches {what}. "
            "Values are matched exactly, capitals included.")


def sources_without_sections(session: Session, source_ids: list[int], with_sections: set[int]):
    missing = [sid for sid in source_ids if sid not in with_sections]
    if not missing:
        return []
    return session.execute(
        select(Source.id, Source.name, Source.n_chars, Source.case_id)
        .where(Source.id.in_(missing))
    ).all()


def _lookup(ids: np.ndarray, index: dict[int, int]) -> np.ndarray:
    """Map database ids to positions (-1 for ids not in ``index``), vectorised."""
    if len(ids) == 0:
        return ids.copy()
    table = np.full(int(max(ids.max(), max(index, default=0))) + 1, -1, dtype=np.int64)
    for key, value in index.items():
        table[key] = value
    return table[ids]


SHIFT = 1 << 32  # two non-negative 32-bit integers packed into one 64-bit column


def _coding_rows(session: Session, coder_ids: list[int], source_ids: Optional[list[int]],
                 flag=None) -> tuple[np.ndarray, np.ndarray]:
    """(code, coder, source, start, end) of these coders' codings (in these
    sources; all when None), as an (n × 5) integer array, and for each whether
    the SQL condition ``flag`` holds (all False when None).

    Code and source, and start and end, come packed in one 64-bit integer each,
    and the coder filter is written so that SQLite scans the table rather than
    look up each row through the coder index: at 144,000 codings this reads in
    a third of the time of five plain columns looked up by index.
    """
    if not coder_ids or source_ids == []:
        return np.empty((0, 5), dtype=np.int64), np.zeros(0, dtype=bool)
    coder = Coding.coder_id * 2 + (case((flag, 1), else_=0) if flag is not None else 0)
    stmt = select(cast(Coding.code_id, BigInteger) * SHIFT + Coding.source_id, coder,
                  cast(Coding.start, BigInteger) * SHIFT + Coding.end
                  ).where((Coding.coder_id + 0).in_(coder_ids))
    if source_ids is not None:
        stmt = stmt.where(Coding.source_id.in_(source_ids))
    rows = _integer_rows(session, stmt)
    flat = np.fromiter(itertools.chain.from_iterable(rows), dtype=np.int64, count=3 * len(rows)).reshape(-1, 3)
    out = np.empty((len(rows), 5), dtype=np.int64)
    out[:, 0], out[:, 2] = flat[:, 0] >> 32, flat[:, 0] & (SHIFT - 1)
    out[:, 1] = flat[:, 1] >> 1
    out[:, 3], out[:, 4] = flat[:, 2] >> 32, flat[:, 2] & (SHIFT - 1)
    return out, (flat[:, 1] & 1).astype(bool)


def _integer_rows(session: Session, stmt) -> list[tuple]:
    """Rows of integer columns straight from the database driver's cursor:
    no Row objects and no type processing (ten times faster for 36,000 rows;
    integers need no conversion)."""
    result = session.connection().execute(stmt)
    try:
        return result.cursor.fetchall()
    finally:
        result.close()
