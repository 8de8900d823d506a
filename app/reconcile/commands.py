"""Undo for the review: deciding is one step, its undo reopens the decision
(both are logged, nothing is erased), its redo decides again."""
from __future__ import annotations

from dataclasses import replace
from typing import Callable, Optional

from PySide6.QtGui import QUndoCommand

from coding.reconcile import decisions
from coding.reconcile.discrepancies import Discrepancy
from storage import TandemError


class DecideCommand(QUndoCommand):
    """``changed(discrepancy)`` is told the discrepancy as it now stands."""

    def __init__(self, store, acting, pair: decisions.Pair, d: Discrepancy, choice: str, rationale: str,
                 span: Optional[tuple[int, int]], changed: Callable[[Discrepancy], None],
                 failed: Callable[[str, str], None]):
        super().__init__(f"Decide {d.id} ({choice})")
        self.store, self.acting, self.pair = store, acting, pair
        self.d, self.choice, self.rationale, self.span = d, choice, rationale, span
        self.changed, self.failed = changed, failed
        self._ran = False

    def first_run(self) -> None:
        """Raises TandemError when the core refuses: nothing is pushed."""
        self._decide()
        self._ran = True

    def _decide(self) -> None:
        with self.store.transaction(self.acting) as s:
            out = decisions.decide_one(s, self.acting, self.pair, self.d, self.choice, self.rationale, self.span)
        self.d = replace(self.d, status="decided", reopened_because="", decision={
            "uuid": out.decision_uuid, "choice": self.choice, "rationale": self.rationale,
            "decided_by": self.acting.name, "status": "decided", "created": list(out.created), "span": self.span})
        self.changed(self.d)

    def redo(self) -> None:
        if self._ran:  # QUndoStack.push calls redo right after first_run
            self._ran = False
            return
        self._safely(self._decide)

    def undo(self) -> None:
        def reopen() -> None:
            with self.store.transaction(self.acting) as s:
                decisions.reopen(s, self.acting, self.d.id, "undone in the review")
            self.d = replace(self.d, status="reopened", reopened_because=f"reopened by {self.acting.name}: "
                             "undone in the review", decision={**(self.d.decision or {}), "status": "reopened"})
            self.changed(self.d)
        self._safely(reopen)

    def _safely(self, fn: Callable[[], None]) -> None:
        try:
            fn()
        except TandemError as exc:  # the project changed under the step
            self.setObsolete(True)
            self.failed(self.text(), f"{exc}\n\nThis step was taken off the undo history.")
