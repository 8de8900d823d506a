"""What the options bar offers: coders, codes, sources and case attributes
with their values — read in one go as plain data (Qt-free)."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from coding import codebook, views
from coding.agreement.scope import coding_counts
from coding.cases import typed
from coding.codebook import CodeNode
from coding.views import CoderSummary, SourceSummary
from storage.models import Attribute, AttributeValue


@dataclass(frozen=True)
class Choices:
    coders: list[CoderSummary]
    codes: list[CodeNode]
    sources: list[SourceSummary]
    attributes: dict[str, list[str]]  # attribute name -> its values (stored text), sorted
    coding_counts: dict[str, int] = field(default_factory=dict)  # codings per coder (not consensus)
    default_coders: tuple[str, ...] = ()  # the two with the most codings: the pair to open on


def load_choices(session: Session, acting) -> Choices:
    rows = session.execute(
        select(Attribute.name, Attribute.value_type, AttributeValue.value)
        .join(AttributeValue, AttributeValue.attribute_id == Attribute.id, isouter=True)
        .order_by(Attribute.position, Attribute.name)
    ).all()
    attributes: dict[str, set[str]] = {}
    types: dict[str, str] = {}
    for name, value_type, value in rows:
        attributes.setdefault(name, set())
        types[name] = value_type
        if value is not None:
            attributes[name].add(value)

    def key(name: str):
        def by_value(value: str):
            try:
                return (0, typed(value, types[name]), "")
            except (TypeError, ValueError):
                return (1, 0, value)
        return by_value

    counts = coding_counts(session)
    ranked = sorted(counts, key=lambda name: (-counts[name], name.casefold()))
    return Choices(
        coding_counts=counts, default_coders=tuple(ranked[:2]),
        coders=views.coder_summaries(session),
        codes=codebook.tree(session),
        sources=views.source_summaries(session, acting),
        attributes={name: sorted(values, key=key(name)) for name, values in attributes.items()},
    )
