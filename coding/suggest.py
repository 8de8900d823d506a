"""Candidate quotes for a theme, ranked by how typical they are of it —
offline, deterministic and explained.

Every coded segment of the layer is a document; TF-IDF (scikit-learn) over
all of them, so that words every theme uses weigh little.  A theme's
centroid is the mean of its segments' vectors, and a segment's typicality
its cosine similarity to that centroid.  Readable lengths (12–60 words) are
preferred, and the picks are spread: a segment loses weight for each pick
already made from the same case (×0.5), the same respondent group (×0.8) and
the same kind of source (×0.85).  Each suggestion says why: the terms it
shares most with the theme, its group and its source kind.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from coding import access
from coding.access import Acting
from coding.codebook import descendants, get_code
from coding.places import where
from coding.errors import InvalidRequest
from coding.themes import KIND_NOUNS, _Cases, _layer
from storage.models import Coding

READABLE = (12, 60)  # words
SAME_CASE, SAME_GROUP, SAME_KIND = 0.5, 0.8, 0.85
# what people say while talking, which says nothing about a theme (on top of scikit-learn's English list)
SPOKEN_FILLERS = frozenset({"um", "uh", "er", "erm", "eh", "hmm", "mm", "mhm", "yeah", "yes", "oh", "ok", "okay",
                            "like", "just", "really", "did", "think", "know", "mean", "sort", "kind", "got", "bit"})


@dataclass
class Suggestion:
    coding_uuid: str
    text: str
    source: str
    source_kind: str
    start: int
    end: int
    case: Optional[str]
    group: Optional[str]
    typicality: float  # cosine similarity to the theme's centroid
    score: float       # after length and spread
    terms: list[str] = field(default_factory=list)
    place: str = ""    # where it is, as people read it (``coding.places``)

    def why(self) -> str:
        parts = [f"typical of the theme ({self.typicality:.2f})"]
        if self.terms:
            parts.append("shares " + ", ".join(f"“{t}”" for t in self.terms))
        kind = KIND_NOUNS.get(self.source_kind, (self.source_kind,))[0]
        parts.append(" · ".join(x for x in (self.group, kind) if x))
        return "; ".join(p for p in parts if p)

    def to_json(self) -> dict:
        return {"coding": self.coding_uuid, "text": self.text, "source": self.source, "kind": self.source_kind,
                "start": self.start, "end": self.end, "case": self.case, "group": self.group,
                "typicality": round(self.typicality, 4), "score": round(self.score, 4), "terms": self.terms,
                "why": self.why()}


def _length_factor(words: int) -> float:
    low, high = READABLE
    if words < low:
        return max(0.2, words / low)
    if words > high:
        return max(0.2, high / words)
    return 1.0


def suggest(session: Session, acting: Acting, theme: str, coder: Optional[str] = None, n: int = 5,
            section_by: Optional[str] = None) -> list[Suggestion]:
    """Up to ``n`` candidate quotes for ``theme`` (a code path) from the
    layer of ``coder`` (default: the consensus layer)."""
    if n < 1:
        raise InvalidRequest("Ask for at least one suggestion.")
    from sklearn.feature_extraction.text import TfidfVectorizer  # a second's import: only when asked

    layer = _layer(session, coder)
    access.check_may_read(session, acting, [layer])
    node = get_code(session, theme)
    mine = {node.id} | {c.id for c in descendants(session, node)}
    cases = _Cases(session, section_by or _group_attribute(session))
    rows = session.execute(select(Coding.uuid, Coding.source_id, Coding.start, Coding.end, Coding.code_id)
                           .where(Coding.coder_id == layer.id)
                           .order_by(Coding.source_id, Coding.start, Coding.end, Coding.id)).all()
    seen, docs, ours = set(), [], []
    for uid, source_id, start, end, code_id in rows:
        key = (source_id, start, end)
        text = " ".join(cases.sources[source_id][2][start:end].split())
        if key in seen or not text:
            continue
        seen.add(key)
        docs.append(text)
        if code_id in mine:
            ours.append((len(docs) - 1, str(uid), source_id, start, end))
    if not ours:
        return []
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    vectorizer = TfidfVectorizer(stop_words=sorted(ENGLISH_STOP_WORDS | SPOKEN_FILLERS), sublinear_tf=True,
                                 ngram_range=(1, 2), min_df=1, preprocessor=_plain_words)
    try:
        matrix = vectorizer.fit_transform(docs)
    except ValueError:  # nothing but stop words
        return []
    names = vectorizer.get_feature_names_out()
    theme_rows = matrix[[i for i, *_ in ours]]
    centroid = theme_rows.mean(axis=0).A1
    norm = (centroid ** 2).sum() ** 0.5 or 1.0
    candidates, sections = [], cases.sections  # read once per source, for the case and the place alike
    for (i, uid, source_id, start, end), vec in zip(ours, theme_rows):
        weights = vec.toarray().ravel() * centroid
        typicality = float(weights.sum() / norm)  # rows are unit length: cosine with the centroid
        top = [names[j] for j in weights.argsort()[::-1][:3] if weights[j] > 0]
        q = cases.quote(source_id, start, end)
        candidates.append(Suggestion(uid, q.text, q.source, q.source_kind, start, end, q.case, q.group,
                                     typicality, typicality * _length_factor(len(q.text.split())), top,
                                     where(q.source, **sections.facts(source_id, start))))
    return _spread(candidates, n)


_POSSESSIVE = re.compile(r"(?<=\w)['’]s\b")
_CONTRACTION = re.compile(r"\b\w+['’]\w+\b")


def _plain_words(text: str) -> str:
    """Lower case, "mentor's" read as "mentor", and contractions ("hadn't",
    "I'd") left out — split at the apostrophe they gave "hadn", a term that
    explains nothing."""
    return _CONTRACTION.sub(" ", _POSSESSIVE.sub("", text.lower()))


def _spread(candidates: list[Suggestion], n: int) -> list[Suggestion]:
    picked: list[Suggestion] = []
    pool = list(candidates)
    while pool and len(picked) < n:
        def adjusted(s: Suggestion) -> float:
            value = s.score
            for p in picked:
                value *= SAME_CASE if s.case and s.case == p.case else 1.0
                value *= SAME_GROUP if s.group and s.group == p.group else 1.0
                value *= SAME_KIND if s.source_kind == p.source_kind else 1.0
            return value
        best = max(pool, key=lambda s: (adjusted(s), -s.start, s.source))  # ties: deterministic
        best = min((s for s in pool if adjusted(s) == adjusted(best)), key=lambda s: (s.source, s.start))
        best.score = adjusted(best)
        picked.append(best)
        pool.remove(best)
    return picked


def _group_attribute(session: Session) -> Optional[str]:
    """The attribute most like a respondent group, to spread picks across."""
    from coding.cases import find_attribute

    for name in ("group", "Respondent group", "respondent group", "role"):
        if find_attribute(session, name) is not None:
            return name
    return None
