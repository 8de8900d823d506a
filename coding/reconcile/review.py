"""Everything the review window shows, read in one go (in a worker): the
discrepancies with their status, the progress, the code definitions, each
case's attributes, the decisions taken so far and the two layers' colours —
plain data, no ORM objects."""
from __future__ import annotations

import uuid as uuid_mod
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from coding.cases import attributes_of, list_cases
from coding.coders import get_coder

from coding.access import Acting
from coding.batch import without_gc
from coding.codebook import CodeNode, tree
from coding.reconcile.decisions import decisions
from coding.reconcile.discrepancies import Comparison, compare
from coding.reconcile.summary import Summary, summarise
from storage.models import Source


@dataclass
class ReviewData:
    comparison: Comparison
    summary: Summary
    codes: dict[str, CodeNode]                     # path -> definition
    cases: dict[str, list[tuple[str, str]]]        # case -> attributes (name, value shown)
    decisions: list[dict]                          # every decision of the project, oldest first
    colours: tuple[str, str]                       # coder A's and B's colours
    texts: dict[str, str]                          # source uuid -> text (the sources with discrepancies)


def load_review(session: Session, acting: Acting, coder_a: str, coder_b: str, unit: str = "segment",
                threshold: float = 1.0, with_agreement: bool = False) -> ReviewData:
    comparison = compare(session, acting, coder_a, coder_b, unit=unit, threshold=threshold)
    with without_gc():
        summary = summarise(session, acting, comparison, with_agreement=with_agreement)
        codes = {n.path: n for n in tree(session)}
        cases = {c.name: [(k, "" if v is None else str(v)) for k, v in attributes_of(session, c).items()]
                 for c in list_cases(session)}
        wanted = [uuid_mod.UUID(u) for u in {d.source_uuid for d in comparison.discrepancies}]
        from coding.sources import check_text

        texts = {str(u): check_text(n, t, d) for u, n, t, d in session.execute(
            select(Source.uuid, Source.name, Source.text, Source.text_sha256).where(Source.uuid.in_(wanted)))}
        a, b = get_coder(session, coder_a), get_coder(session, coder_b)
        return ReviewData(comparison, summary, codes, cases, decisions(session, acting), (a.colour, b.colour), texts)
