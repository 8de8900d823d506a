"""The coding workspace of one open project: who is coding, whether coding
is blind, and the undo stack through which every change goes.

Every change is a command (``app.workspace.commands``) that calls the core
inside ``ProjectStore.transaction``: the first run happens before the
command is pushed, so a refused request shows its message and leaves
nothing on the stack; undo and redo are further transactions.  There is no
Save: each step is committed when it is made.
"""
from __future__ import annotations

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
        return self._busy

    def in_background(self, step: Callable, then: Callable[[], None], title: str,
                      on_fail: Optional[Callable[[], None]] = None) -> Optional[worker.Task]:
        """Run ``step(session)`` as one transaction in a worker, then ``then()``
        on the GUI thread; undo and redo wait meanwhile (``busy``), so steps
        never overtake each other.  For long steps: a merge of thousands of codings."""
        if self._busy:
            return None
        store, actor = self.store, self.acting

        def work(_progress):
            with store.transaction(actor) as s:
                step(s)
            return True

        task = worker.Task(work)
        self._pending = (then, title, on_fail)
        task.signals.sig_result_ready.connect(self._on_background_result_ready)
        task.signals.sig_task_failed.connect(self._on_background_task_failed)
        self._set_busy(True)
        return worker.start(task)

    def _on_background_result_ready(self, _result) -> None:
        then, _title, _on_fail = self._pending
        self._set_busy(False)
        then()

    def _on_background_task_failed(self, exc: Exception) -> None:
        _then, title, on_fail = self._pending
        self._set_busy(False)
        message = str(exc) if isinstance(exc, TandemError) else f"{type(exc).__name__}: {exc}"
        if on_fail is not None:
            on_fail()
            message += "\n\nThe undo history was cleared: the project had changed under it."
        self.sig_command_failed.emit(title, message)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.sig_busy_changed.emit(busy)

    def push_in_background(self, command) -> Optional[worker.Task]:
        """``push`` for a long command: its first run in a worker, then onto the stack."""
        def then() -> None:
            command._ran = True  # the stack's push calls redo: it has run already
            command._changed()
            self.undo_stack.push(command)
        return self.in_background(command._do, then, command.text())

    def push(self, command) -> bool:
        """Carry out ``command`` now and keep it for undo; on a refusal show
        why and keep nothing."""
        if self._busy:
            self.sig_command_failed.emit(command.text() or "Please wait",
                                         "A longer step (a merge) is still running; try again when it is done.")
            return False
        try:
            command.first_run()
        except TandemError as exc:
            self.sig_command_failed.emit(command.text() or "Cannot do that", str(exc))
            return False
        self.undo_stack.push(command)
        return True
