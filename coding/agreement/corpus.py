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
from sqlalchemy import select
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
    "section": "sections: speaker turns and survey responses (coded when any character in it is coded)",
    "document": "documents (the code is present or absent in each source)",
    "frequency": "documents (the number of codings of the code in each source agrees or not)",
    "segment": "coded segments (a coding agrees when the other coder applied the same code to a span overlapping it by at least the threshold, |s∩t|/|s∪t|)",
    "unitized": "the text as a continuum of characters (Krippendorff's unitized α, 2004)",
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

    @property
    def total_length(self) -> int:
        return int(self.lengths.sum())

    def source_of(self, positions: np.ndarray) -> np.ndarray:
        return np.searchsorted(self.bases, positions, side="right") - 1

    def intervals(self, code: int, coder: int) -> tuple[np.ndarray, np.ndarray]:
        from coding.agreement.units import merge
        pick = (self.code_idx == code) & (self.coder_idx == coder)
        return merge(self.start[pick], self.end[pick])

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


def _sources(session: Session, names: tuple[str, ...]) -> list[tuple[int, str, int]]:
    rows = session.execute(
        select(Source.id, Source.name, Source.n_chars).order_by(Source.kind, Source.name)
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


def _selected_codes(session: Session, paths: tuple[str, ...], used: set[int]) -> tuple[list[CodeInfo], list[GroupInfo]]:
    ordered = [(code, path_of(code)) for code, _ in walk(session)]
    wanted: set[int] = set()
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
    return codes, groups


def load(session: Session, request: AgreementRequest, with_texts: bool = False) -> Corpus:
    request.check()
    coders = _coders(session, request.coders)
    sources = _sources(session, request.sources)
    source_ids = [s[0] for s in sources]
    lengths = np.array([s[2] or 0 for s in sources], dtype=np.int64)
    bases = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
    position = {sid: i for i, sid in enumerate(source_ids)}

    # Sections, and which of them pass the filters.
    cases = _matching_cases(session, request.where)
    rows = session.execute(
        select(Section.source_id, Section.start, Section.end, Section.case_id,
               Section.is_moderator, Source.case_id)
        .join(Source, Source.id == Section.source_id)
        .where(Section.source_id.in_(source_ids))
    ).all() if source_ids else []
    sec_s, sec_e, keep, with_sections = [], [], [], set()
    for source_id, start, end, case_id, moderator, source_case in rows:
        base = bases[position[source_id]]
        with_sections.add(source_id)
        sec_s.append(base + start)
        sec_e.append(base + end)
        ok = not (request.without_moderators and moderator)
        if cases is not None:
            ok = ok and (case_id if case_id is not None else source_case) in cases
        keep.append(ok)
    filtered = cases is not None or request.without_moderators
    sec_s, sec_e, keep = np.array(sec_s, np.int64), np.array(sec_e, np.int64), np.array(keep, bool)
    if filtered:
        if cases is not None:  # a source without sections counts through its own case
            whole = [position[sid] for sid, _, _, case in sources_without_sections(session, source_ids, with_sections)
                     if case in cases]
        else:
            whole = [position[sid] for sid, _, _, _ in sources_without_sections(session, source_ids, with_sections)]
        units_s = np.concatenate([sec_s[keep], bases[whole]])
        units_e = np.concatenate([sec_e[keep], bases[whole] + lengths[whole]])
    else:
        whole = [i for i, sid in enumerate(source_ids) if sid not in with_sections]
        units_s = np.concatenate([sec_s, bases[whole]])
        units_e = np.concatenate([sec_e, bases[whole] + lengths[whole]])
    order = np.argsort(units_s, kind="stable")
    sections = (units_s[order], units_e[order])
    from coding.agreement.units import merge
    universe = merge(*sections) if filtered else (bases.copy(), bases + lengths)

    # Codings.
    coder_pos = {c.id: i for i, c in enumerate(coders)}
    coding_rows = _integer_rows(session, select(
        Coding.code_id, Coding.coder_id, Coding.source_id, Coding.start, Coding.end
    ).where(Coding.coder_id.in_(list(coder_pos)), Coding.source_id.in_(source_ids))) if source_ids else []
    raw = np.fromiter(itertools.chain.from_iterable(coding_rows), dtype=np.int64,
                      count=5 * len(coding_rows)).reshape(-1, 5)
    used = set(np.unique(raw[:, 0]).tolist())
    codes, groups = _selected_codes(session, request.codes, used)
    arr = np.column_stack([
        _lookup(raw[:, 0], {info.id: i for i, info in enumerate(codes)}),
        _lookup(raw[:, 1], coder_pos), _lookup(raw[:, 2], position), raw[:, 3], raw[:, 4],
    ]).reshape(-1, 5)
    arr = arr[arr[:, 0] >= 0]
    source_idx = arr[:, 2]
    corpus = Corpus(
        coders=[c.name for c in coders], coder_ids=[c.id for c in coders],
        source_names=[s[1] for s in sources], source_ids=source_ids, lengths=lengths, bases=bases,
        universe=universe, sections=sections, codes=codes, groups=groups,
        code_idx=arr[:, 0], coder_idx=arr[:, 1], source_idx=source_idx,
        start=bases[source_idx] + arr[:, 3], end=bases[source_idx] + arr[:, 4], filtered=filtered,
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


def _integer_rows(session: Session, stmt) -> list[tuple]:
    """Rows of integer columns straight from the database driver's cursor:
    no Row objects and no type processing (ten times faster for 36,000 rows;
    integers need no conversion)."""
    result = session.connection().execute(stmt)
    try:
        return result.cursor.fetchall()
    finally:
        result.close()
