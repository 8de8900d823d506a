"""Steps that change the project, run in a worker one after another.

Each step is a function of a session, run as one transaction with the acting
context given; ``then`` runs on the GUI thread once it has committed, or
``on_fail`` (which may rewrite the message) when the core refused it.  Steps
never overtake each other, and the window never waits for the database: a
commit on a network drive, or to the team server, takes as long as it takes.

A step that fails because the connection to the server was lost is held,
not dropped, where someone asks the person (``hold_when_lost``): nothing of
it was saved, and the queue waits until the person asks for it again
(``retry``, on a fresh connection) or lets it go (``discard``), so no later
step overtakes it and the undo stack is untouched.  When the connection broke
during COMMIT itself and the server could not be asked whether it saved the
step, a retry asks first and carries the step out only if it did not; a
discarded step the server did save is then shown by live updates, as another
program's change would be.
"""
from __future__ import annotations

from collections import deque
from typing import Callable, Optional

from PySide6.QtCore import QObject, Signal

from app.common import worker
from storage import ProjectStore, TandemError
from storage.errors import ConnectionLostError
from storage.store import unsure_message


class StepQueue(QObject):
    sig_busy_changed = Signal(bool)
    sig_step_failed = Signal(str, str)  # title, message
    sig_connection_lost = Signal(str, str)  # the title of the step held, the message

    def __init__(self, store: ProjectStore, acting: Callable[[], object], parent: Optional[QObject] = None):
        super().__init__(parent)
        self.store, self._acting = store, acting
        self._queue: deque = deque()
        self._task: Optional[worker.Task] = None
        self._pending = None
        self._held = None  # a step the lost connection stopped: retried or discarded
        self._unsure = None  # the held step's (transaction, server process), when it may have been saved
        self.hold_when_lost = False  # set by whoever asks the person (else such a step fails as any other)
        self._busy = False

    @property
    def busy(self) -> bool:
        """A step is running or waiting."""
        return self._busy or bool(self._queue)

    def run(self, step: Callable, then: Callable[[], None], title: str,
            on_fail: Optional[Callable[[str], Optional[str]]] = None) -> None:
        self._queue.append((step, then, title, on_fail))
        self._set_busy(True)
        self._start_next()

    def wait(self, timeout_ms: int = 30000) -> bool:
        """Until every step asked for has been carried out (before a project
        closes); True when none is left."""
        from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QEventLoop

        deadline = QDeadlineTimer(timeout_ms)
        while self.busy and self._held is None and not deadline.hasExpired():
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
        return not self.busy

    @property
    def held(self) -> bool:
        """A step waits to be retried or discarded after the connection was lost."""
        return self._held is not None

    @property
    def unsure(self) -> bool:
        """The held step broke during COMMIT: the server may have saved it."""
        return self._unsure is not None

    def retry(self) -> None:
        """Carry the held step out again (the store reconnects first)."""
        if self._held is not None:
            self._queue.appendleft(self._held)
            self._held, unsure, self._unsure = None, self._unsure, None
            self._start_next(check_first=unsure)

    def discard(self) -> None:
        """Let the held step go, as refused (a view puts back what it showed early)."""
        if self._held is not None:
            _step, _then, _title, on_fail = self._held
            # (one the server may have saved is shown by live updates if it was: the store
            # counts its transaction as another program's)
            self._held, self._unsure = None, None
            if on_fail is not None:
                on_fail("")
            self._finish()

    def _start_next(self, check_first=None) -> None:
        if self._task is not None or self._held is not None or not self._queue:
            return  # a held step (connection lost) goes first: nothing overtakes it
        step, then, title, on_fail = self._queue.popleft()
        store, acting = self.store, self._acting()

        def work(_progress):
            if check_first is not None:  # lost during COMMIT: never saved twice
                saved = store.saved(*check_first)
                if saved is None:
                    raise ConnectionLostError(unsure_message(), *check_first)
                if saved:
                    return None
            with store.transaction(acting) as s:
                return step(s)

        task = self._task = worker.Task(work)
        self._pending = (step, then, title, on_fail)
        task.signals.sig_result_ready.connect(self._on_task_result_ready)
        task.signals.sig_task_failed.connect(self._on_task_failed)
        worker.start(task)

    def _on_task_result_ready(self, _result) -> None:
        _step, then, _title, _on_fail = self._pending
        self._task = None
        then()
        self._finish()

    def _on_task_failed(self, exc: Exception) -> None:
        _step, _then, title, on_fail = self._pending
        self._task = None
        if isinstance(exc, ConnectionLostError) and self.hold_when_lost:
            self._held = self._pending
            self._unsure = (exc.unsure_of, exc.backend) if exc.unsure_of is not None else None
            self.sig_connection_lost.emit(title, str(exc))
            return  # the queue waits for retry() or discard()
        message = str(exc) if isinstance(exc, TandemError) else f"{type(exc).__name__}: {exc}"
        if on_fail is not None:
            message = on_fail(message) or message
        self.sig_step_failed.emit(title, message)
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
