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

from collections import deque
from typing import Callable, Optional

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from app.common import worker
from coding import access, blind, coders
from coding.changes import Change
from coding.views import CoderSummary
from storage import ProjectStore, TandemError


class Workspace(QObject):
    sig_project_changed = Signal(object)   # coding.changes.Change: what a step changed, the one notification
    sig_command_failed = Signal(str, str)  # title, message
    sig_busy_changed = Signal(bool)        # a long step is running in a worker

    def __init__(self, store: ProjectStore, me: CoderSummary, parent: Optional[QObject] = None):
        super().__init__(parent)
        self.store = store
        self.me = me
        # who acts, as what, writing which layer: the core's rules read it
        self.acting = access.Acting(name=me.name, role=me.role, coder_uuid=me.uuid)
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(500)
        self._busy = False
        self._queue: deque = deque()  # steps waiting for the worker: (step, then, title, on_fail)
        self._task: Optional[worker.Task] = None
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
        return self._busy or bool(self._queue)

    def in_background(self, step: Callable, then: Callable[[], None], title: str,
                      on_fail: Optional[Callable[[], None]] = None) -> None:
        """Run ``step(session)`` as one transaction in a worker, then ``then()``
        on the GUI thread.  Steps run one at a time, in the order they were
        asked for, so none overtakes another; undo and redo wait meanwhile
        (``busy``).  The database work of every edit runs here: a commit on a
        network drive or to the team server never freezes the window."""
        self._queue.append((step, then, title, on_fail))
        self._set_busy(True)
        self._start_next()

    def _start_next(self) -> None:
        if self._task is not None or not self._queue:
            return
        step, then, title, on_fail = self._queue.popleft()
        store, actor = self.store, self.acting

        def work(_progress):
            with store.transaction(actor) as s:
                step(s)
            return True

        task = self._task = worker.Task(work)
        self._pending = (then, title, on_fail)
        task.signals.sig_result_ready.connect(self._on_background_result_ready)
        task.signals.sig_task_failed.connect(self._on_background_task_failed)
        worker.start(task)

    def _on_background_result_ready(self, _result) -> None:
        then, _title, _on_fail = self._pending
        self._task = None
        then()
        self._finish()

    def _on_background_task_failed(self, exc: Exception) -> None:
        _then, title, on_fail = self._pending
        self._task = None
        message = str(exc) if isinstance(exc, TandemError) else f"{type(exc).__name__}: {exc}"
        if on_fail is not None:
            message = on_fail(message) or message
        self.sig_command_failed.emit(title, message)
        self._finish()

    def _finish(self) -> None:
        if self._queue:
            self._start_next()
        else:
            self._set_busy(False)

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.sig_busy_changed.emit(busy)

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
            if on_refused is not None:
                on_refused()
            return message

        self.in_background(command._do, then, command.text() or "Cannot do that", on_fail=refused)
        return True

    def wait(self, timeout_ms: int = 30000) -> bool:
        """Until every step asked for has been carried out (for closing a
        project, and for scripts and tests); True when none is left."""
        from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QEventLoop

        deadline = QDeadlineTimer(timeout_ms)
        while self.busy and not deadline.hasExpired():
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
        return not self.busy
