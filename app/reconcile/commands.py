"""Undo for the review: deciding is one step, its undo reopens the decision
(both are logged, nothing is erased), its redo decides again.  Each runs as
one transaction in the review's step queue (a worker), never on the GUI
thread."""
from __future__ import annotations

from dataclasses import replace
from typing import Callable, Optional

from PySide6.QtGui import QUndoCommand

from app.common.step_queue import StepQueue
from coding.reconcile import decisions
from coding.reconcile.discrepancies import Discrepancy


class DecideCommand(QUndoCommand):
    """``changed(discrepancy)`` is told the discrepancy as it now stands."""

    def __init__(self, steps: StepQueue, stack, acting, pair: decisions.Pair, d: Discrepancy, choice: str,
                 rationale: str, span: Optional[tuple[int, int]], changed: Callable[[Discrepancy], None]):
        super().__init__(f"Decide {d.id} ({choice})")
        self.steps, self.stack, self.acting, self.pair = steps, stack, acting, pair
        self.d, self.choice, self.rationale, self.span = d, choice, rationale, span
        self.changed = changed
        self._ran = False
        self._outcome = None

    def start(self) -> None:
        """Decide in the worker; onto the undo stack once committed (a
        refusal is shown by the queue, and nothing is pushed)."""
        def then() -> None:
            self._decided()
            self._ran = True  # the stack's push calls redo: it has run already
            self.stack.push(self)
        self.steps.run(self._decide, then, "Cannot decide")

    def _decide(self, s) -> None:
        self._outcome = decisions.decide_one(s, self.acting, self.pair, self.d, self.choice, self.rationale,
                                             self.span)

    def _decided(self) -> None:
        out = self._outcome
        self.d = replace(self.d, status="decided", reopened_because="", decision={
            "uuid": out.decision_uuid, "choice": self.choice, "rationale": self.rationale,
            "decided_by": self.acting.name, "status": "decided", "created": list(out.created), "span": self.span})
        self.changed(self.d)

    def redo(self) -> None:
        if self._ran or self.isObsolete():
            self._ran = False
            return
        self.steps.run(self._decide, self._decided, f"Redo {self.text()}", on_fail=lambda m: self._drop(m, False))

    def undo(self) -> None:
        if self.isObsolete():
            return

        def reopen(s) -> None:
            decisions.reopen(s, self.acting, self.d.id, "undone in the review")

        def reopened() -> None:
            self.d = replace(self.d, status="reopened", reopened_because=f"reopened by {self.acting.name}: "
                             "undone in the review", decision={**(self.d.decision or {}), "status": "reopened"})
            self.changed(self.d)
        self.steps.run(reopen, reopened, f"Undo {self.text()}", on_fail=lambda m: self._drop(m, True))

    def _drop(self, message: str, undoing: bool) -> str:
        """The project changed under the step: it leaves the history."""
        self.setObsolete(True)
        self.stack.redo() if undoing else self.stack.undo()
        return f"{message}\n\nThis step was taken off the undo history."
