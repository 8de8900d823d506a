"""Where the coders disagree: the list behind every cell of the agreement
table, at the same unit as the analysis (the reconciliation review builds on it)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np
from sqlalchemy.orm import Session

from coding import access
from coding.access import Acting
from coding.agreement import tables
from coding.agreement.corpus import AgreementRequest, Corpus, load
from coding.agreement.units import char_segments, match_segments
from coding.errors import NotFound

EXCERPT = 300
CODED, NOT_CODED, NO_VALUE, CONFLICT = "coded", "not coded", "no value", "several values"


@dataclass(frozen=True)
class Disagreement:
    source: str
    start: int  # code-point offsets into the source's text
    end: int
    values: tuple[str, ...]  # one per coder, in the request's order
    excerpt: str
    # where it is, as people read it: the whole turn, response or sentence around the disputed words
    context: str = ""
    context_start: int = 0  # where ``context`` starts in the source (the disputed words are start-end)
    speaker: Optional[str] = None
    time_ms: Optional[int] = None
    case: Optional[str] = None  # the respondent or participant
    section_kind: Optional[str] = None  # "turn", "response", "paragraph"… of the section around it

    def marked(self, left: str = "«", right: str = "»") -> str:
        """The context with the disputed words between ``left`` and ``right``."""
        if not self.context:
            return self.excerpt
        a = max(0, self.start - self.context_start)
        b = max(a, min(len(self.context), self.end - self.context_start))
        return " ".join((self.context[:a] + left + self.context[a:b] + right + self.context[b:]).split())

    def where(self) -> str:
        """"Amira Haddad, 12:04" or "respondent MEE-07", else the source (``coding.places``)."""
        from coding.places import where

        return where(self.source, self.speaker, self.time_ms, self.case, self.section_kind)

    def to_json(self) -> dict:
        return {"source": self.source, "start": self.start, "end": self.end,
                "values": list(self.values), "excerpt": self.excerpt, "context": self.context,
                "context_start": self.context_start, "speaker": self.speaker, "time_ms": self.time_ms,
                "case": self.case, "section_kind": self.section_kind}


def list_disagreements(session: Session, acting: Acting, request: AgreementRequest, code: str,
                       source: Optional[str] = None, limit: int = 5000) -> list[Disagreement]:
    """Every unit of ``code`` (a code path, or an exclusive group's path) on
    which the coders differ, optionally within one source, in text order
    (refused to a coder while coding is blind)."""
    access.check_may_compare(session, acting, "where coders disagree")
    corpus = load(session, request)
    index = {info.path: i for i, info in enumerate(corpus.codes)}
    groups = {g.path: g for g in corpus.groups}
    if code not in index and code not in groups:
        raise NotFound(f"'{code}' is not among the codes of this analysis.")
    only = None
    if source is not None:
        if source not in corpus.source_names:
            raise NotFound(f"There is no source called '{source}' in this analysis.")
        only = corpus.source_names.index(source)
    group = groups.get(code)
    spans = _spans(session, corpus, request, index.get(code), group)
    out = []
    places = _Places(session, corpus)
    for src, start, end, values in spans:
        if only is not None and src != only:
            continue
        base = int(corpus.bases[src])
        text = corpus.text_of(session, src)
        local_s, local_e = start - base, end - base
        excerpt = text[local_s:local_e]
        if len(excerpt) > EXCERPT:
            excerpt = excerpt[:EXCERPT - 1] + "…"
        out.append(Disagreement(corpus.source_names[src], local_s, local_e, tuple(values), excerpt,
                                **places.around(src, text, local_s, local_e)))
        if len(out) >= limit:
            break
    return out


class _Places:
    """The turn or response a span sits in (its speaker, time and case), or
    the sentence around it — what a reader needs to see the disagreement."""

    LONGEST = 600  # a longer turn is cut to the sentence around the disputed words

    def __init__(self, session: Session, corpus: Corpus):
        from coding.places import SectionIndex

        self.corpus, self.sections = corpus, SectionIndex(session)

    def around(self, src: int, text: str, start: int, end: int) -> dict:
        source_id = int(self.corpus.source_ids[src])
        row = self.sections.row(source_id, start)
        a, b = (row.start, row.end) if row is not None else (start, end)
        if row is None or b - a > self.LONGEST:
            a, b = _sentence(text, start, end)
        return {"context": text[a:b], "context_start": a, **self.sections.facts(source_id, start)}


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (or sentences) around ``start``–``end``: from after the
    last . ! ? or line break before it to the next one after it."""
    a = max((text.rfind(ch, 0, start) for ch in ".!?\n"), default=-1) + 1
    ends = [i for i in (text.find(ch, end) for ch in ".!?\n") if i >= 0]
    b = min(ends) + 1 if ends else len(text)
    while a < start and text[a].isspace():
        a += 1
    return a, max(b, end)


def _spans(session: Session, corpus: Corpus, request: AgreementRequest, code: Optional[int], group):
    m = len(corpus.coders)
    if request.unit == "segment":
        return _segment_spans(corpus, request, code)
    names = ([corpus.codes[c].path.rsplit("/", 1)[-1] for c in group.children] if group else None)

    def label(value: int, conflict: bool = False) -> str:
        if conflict:
            return CONFLICT
        if names is None:
            return CODED if value >= 0 else NOT_CODED
        return names[value] if value >= 0 else NO_VALUE

    if request.unit in ("char", "unitized"):
        children = group.children if group else [code]
        layers = [[corpus.intervals(c, j) for c in children] for j in range(m)]
        seg = char_segments(corpus.universe, layers)
        values = np.where(seg.conflicts, -2, seg.values)
        differ = ~(values == values[:, :1]).all(axis=1)
        out = []
        for i in np.nonzero(differ)[0]:
            start, end = int(seg.starts[i]), int(seg.starts[i] + seg.lengths[i])
            row = tuple(label(int(v), v == -2) for v in values[i])
            src = int(corpus.source_of(np.array([start]))[0])
            if out and out[-1][2] == start and out[-1][3] == row and out[-1][0] == src:
                out[-1] = (src, out[-1][1], end, row)  # one run of the same disagreement
            else:
                out.append((src, start, end, row))
        return out

    units = tables.discrete_units(session, corpus, request.unit)
    if request.unit == "frequency" and group is None:
        _, counts = tables.frequency_table(corpus, units, code)
        differ = ~(counts == counts[:, :1]).all(axis=1)
        return [(int(units.source[i]), int(units.starts[i]), int(units.ends[i]),
                 tuple(f"{n} coding{'s' if n != 1 else ''}" for n in counts[i]))
                for i in np.nonzero(differ)[0]]
    children = group.children if group else [code]
    values = np.full((len(units), m), -1, dtype=np.int64)
    hits = np.zeros((len(units), m), dtype=np.int64)
    for k, child in enumerate(children):
        for j in range(m):
            from coding.agreement.units import units_touched
            touched = units_touched(units.starts, units.ends, *corpus.intervals(child, j))
            values[touched, j] = k
            hits[:, j] += touched
    values[hits > 1] = -2
    differ = ~(values == values[:, :1]).all(axis=1)
    return [(int(units.source[i]), int(units.starts[i]), int(units.ends[i]),
             tuple(label(int(v), v == -2) for v in values[i]))
            for i in np.nonzero(differ)[0]]


def _segment_spans(corpus: Corpus, request: AgreementRequest, code: Optional[int]):
    """Codings of the first two coders that found no partner."""
    if code is None:
        return []
    out = []
    for src in np.unique(corpus.source_idx[corpus.code_idx == code]).tolist():
        pick = (corpus.code_idx == code) & (corpus.source_idx == src)
        a = list(zip(corpus.start[pick & (corpus.coder_idx == 0)].tolist(),
                     corpus.end[pick & (corpus.coder_idx == 0)].tolist()))
        b = list(zip(corpus.start[pick & (corpus.coder_idx == 1)].tolist(),
                     corpus.end[pick & (corpus.coder_idx == 1)].tolist()))
        _, left_a, left_b = match_segments(a, b, request.threshold)
        for i in left_a:
            out.append((src, a[i][0], a[i][1], ("coded", "no matching coding")))
        for j in left_b:
            out.append((src, b[j][0], b[j][1], ("no matching coding", "coded")))
    out.sort(key=lambda item: (item[0], item[1]))
    return out
