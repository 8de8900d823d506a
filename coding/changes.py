"""What one user action changed, as one value: the front ends refresh from
this notification alone instead of each view being refreshed by hand.

A step (an edit, its undo, a decision, a switch of blind mode) reports a
``Change``; two changes combine with ``|``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional


@dataclass(frozen=True)
class Change:
    codings: bool = False
    layers: frozenset[str] = field(default_factory=frozenset)   # coder uuids whose codings changed (empty: any)
    sources: frozenset[str] = field(default_factory=frozenset)  # source uuids whose codings changed (empty: any)
    delta: Any = None  # what was added and removed in the one source changed, when known (views update in place)
    codebook: bool = False
    memos: bool = False
    cases: bool = False
    decisions: bool = False
    quotes: bool = False
    source_list: bool = False  # sources added, renamed or deleted
    blind: Optional[bool] = None  # the new state, when independent coding was switched

    def __or__(self, other: "Change") -> "Change":
        both = self.codings and other.codings
        return Change(
            codings=self.codings or other.codings,
            layers=_merge(self.codings, self.layers, other.codings, other.layers),
            sources=_merge(self.codings, self.sources, other.codings, other.sources),
            delta=None if both else (self.delta if self.codings else other.delta),
            codebook=self.codebook or other.codebook, memos=self.memos or other.memos,
            cases=self.cases or other.cases, decisions=self.decisions or other.decisions,
            quotes=self.quotes or other.quotes, source_list=self.source_list or other.source_list,
            blind=other.blind if other.blind is not None else self.blind)

    @classmethod
    def of_codings(cls, source_uuid: str = "", layer_uuid: str = "", delta: Any = None) -> "Change":
        return cls(codings=True, layers=frozenset({layer_uuid} if layer_uuid else ()),
                   sources=frozenset({source_uuid} if source_uuid else ()), delta=delta)


def _merge(a_on: bool, a: frozenset, b_on: bool, b: frozenset) -> frozenset:
    """Which (sources or layers) two changes touched together; empty means any."""
    if not a_on:
        return b
    if not b_on:
        return a
    return a | b if a and b else frozenset()
