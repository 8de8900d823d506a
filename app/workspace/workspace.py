"""The coding workspace of one open project: who is coding, whether coding
is blind, and the undo stack through which every change goes.

Every change is a command (``app.workspace.commands``) that calls the core
inside ``ProjectStore.transaction``, in a worker thread, one step after
another: the window never waits for the database.  A command goes onto the
undo stack once its first run has committed, so a refused request shows its
message and leaves nothing on the stack; undo and redo are further
transactions, run the same way (undo and redo wait while a step is running).
There is no Save: each step is committed when it is made.
"""
from __future__ import annotations

from typing import Callable, Optional

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from app.common.step_queue import StepQueue
from coding import access, blind, coders
from coding.changes import Change
from coding.views import CoderSummary
from storage import ProjectStore, TandemError


class Workspace(QObject):
    sig_project_changed = Signal(object)   # coding.changes.Change: what a step changed, the one notification
    sig_command_failed = Signal(str, str)  # title, message
    sig_busy_changed = Signal(bool)        # a long step is running in a worker
    sig_status_reported = Signal(str)      # what a step did, for the status bar
    sig_connection_lost = Signal(str, str)  # a step held after the server connection broke: title, message

    def __init__(self, store: ProjectStore, me: CoderSummary, parent: Optional[QObject] = None):
        super().__init__(parent)
        self.store = store
        self.me = me
        # who acts, as what, writing which layer: the core's rules read it
        self.acting = access.Acting(name=me.name, role=me.role, coder_uuid=me.uuid)
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(500)
        self.code_versions: dict[tuple[str, int], int] = {}  # (code uuid, version) -> the version a step here made
        self.steps = StepQueue(store, lambda: self.acting, self)
        self.steps.sig_busy_changed.connect(self.sig_busy_changed)
        self.steps.sig_step_failed.connect(self.sig_command_failed)
        self.steps.sig_connection_lost.connect(self.sig_connection_lost)
        with store.session() as s:
            self._blind = blind.is_blind(s)

    # --- who and what may be seen ---
    @property
    def blind(self) -> bool:
        return self._blind

    def reload_blind(self) -> bool:
        """Read blind mode again (another window, the command line or another
        user may have switched it); True when it changed."""
        with self.store.session() as s:
            now = blind.is_blind(s)
        changed, self._blind = now != self._blind, now
        return changed

    def set_blind(self, on: bool) -> bool:
        """Turn blind mode on or off (off: leads only); True when it changed."""
        try:
            with self.store.transaction(self.acting) as s:
                blind.set_blind(s, self.acting, on)
        except TandemError as exc:
            self.sig_command_failed.emit("Independent coding", str(exc))
            return False
        self._blind = on
        self.sig_project_changed.emit(Change(blind=on))
        return True

    def coder_id(self) -> int:
        with self.store.session() as s:
            return coders.get_coder(s, self.me.name).id

    # --- changes ---
    @property
    def busy(self) -> bool:
        """A step is running, or waiting, in the worker (undo and redo wait)."""
        return self.steps.busy

    def in_background(self, step: Callable, then: Callable[[], None], title: str,
                      on_fail: Optional[Callable[[str], Optional[str]]] = None) -> None:
        """Run ``step(session)`` as one transaction in the worker, after the
        steps asked for before it, then ``then()`` on the GUI thread
        (``app.common.step_queue``)."""
        self.steps.run(step, then, title, on_fail)

    def push(self, command, on_refused: Optional[Callable[[], None]] = None) -> bool:
        """Carry out ``command`` (in the worker, after any step still
        running) and keep it for undo; on a refusal show why, keep nothing
        and call ``on_refused`` (a view puts back what it showed early).
        True: the step was taken on."""
        def then() -> None:
            command._ran = True  # the stack's push calls redo: it has run already
            self.undo_stack.push(command)
            command._changed()

        def refused(message: str) -> str:
            message = command.refused(message)  # a codebook step reads the codebook again first
            if on_refused is not None:
                on_refused()
            return message

        self.in_background(command._do, then, command.text() or "Cannot do that", on_fail=refused)
        return True

    def wait(self, timeout_ms: int = 30000) -> bool:
        return self.steps.wait(timeout_ms)
