"""Changes by the other coder, shown without reopening.

The audit log is the project's change sequence: ``coding.changes.changes_since``
turns the entries other people wrote since the last look into one ``Change``,
which goes to the main window's one change notification, as its own steps
do (what is read again goes through the acting context, so a blind coder
still sees only their own codings).

When to look: on a team server that announces its changes (LISTEN/NOTIFY,
``coding.team_server.notify_channel``), as soon as a notice arrives — a
thread of its own waits on its own connection, reconnecting after a loss —
with a slow poll besides; otherwise (an older server, or two programs
sharing one project file) every few seconds (``live/poll_seconds``).  Each
look reads the log in a worker; one at a time.
"""
from __future__ import annotations

import threading
from typing import Optional

from PySide6.QtCore import QObject, QTimer, Signal

from app import settings
from app.common import worker
from storage import ProjectStore

SAFETY_POLL_S = 30  # while listening: a look now and then all the same
RECONNECT_S = (1, 2, 5, 10)  # waits between attempts to listen again after a loss


class LiveUpdates(QObject):
    sig_change_arrived = Signal(object)   # coding.changes.Change made by someone else
    sig_state_changed = Signal(str)       # "live", "polling" or "reconnecting", for the status bar
    _sig_notice_heard = Signal()          # from the listening thread
    _sig_listening_changed = Signal(bool)  # from the listening thread: connected or not

    def __init__(self, store: ProjectStore, me: str, parent: Optional[QObject] = None):
        from coding import team_server
        from coding.changes import log_position

        super().__init__(parent)
        self.store, self.me = store, me
        self._task: Optional[worker.Task] = None
        self._taken: frozenset = frozenset()  # transactions the look in progress reads again (store.take_forgotten)
        self._again = False
        self._stopped = threading.Event()
        with store.session() as s:
            self._seen = log_position(s)
        channel = team_server.notify_channel(store.engine)
        self.state = "live" if channel else "polling"
        self._timer = QTimer(self, interval=1000 * (SAFETY_POLL_S if channel else settings.get("live/poll_seconds")))
        self._timer.timeout.connect(self.look)
        self._timer.start()
        self._sig_notice_heard.connect(self.look)
        self._sig_listening_changed.connect(self._on_listener_listening_changed)
        if channel:
            threading.Thread(target=self._listen, args=(channel,), name="tandem-listen", daemon=True).start()

    def stop(self) -> None:
        self._stopped.set()
        self._timer.stop()

    def look(self) -> None:
        """Read what others changed since the last look (in a worker)."""
        if self._stopped.is_set():
            return
        if self._task is not None:
            self._again = True
            return
        store, seen, me = self.store, self._seen, self.me
        again = self._taken = store.take_forgotten()

        def read(_progress):
            from coding.changes import changes_since

            with store.session() as s:  # others: any transaction this window's store did not write
                return changes_since(s, seen, me, mine=store.written_transactions(), again=again)

        task = self._task = worker.Task(read)
        task.signals.sig_result_ready.connect(self._on_task_result_ready)
        task.signals.sig_task_failed.connect(self._on_task_failed)
        worker.start(task)

    def _on_task_result_ready(self, result) -> None:
        change, self._seen = result
        self._task = None
        if change is not None and not self._stopped.is_set():
            self.sig_change_arrived.emit(change)
        self._look_again()

    def _on_task_failed(self, _exc) -> None:
        self._task = None  # the server did not answer: the next notice or poll looks again
        for transaction in self._taken:  # and for those let go, too
            self.store.forget_written(transaction)
        self._look_again()

    def _look_again(self) -> None:
        if self._again:
            self._again = False
            self.look()

    def _on_listener_listening_changed(self, listening: bool) -> None:
        self.state = "live" if listening else "reconnecting"
        self.sig_state_changed.emit(self.state)

    # --- the listening thread ---
    def _listen(self, channel: str) -> None:
        """Wait for notices on ``channel`` until stopped; after a lost
        connection, listen again on a new one and look (notices sent
        meanwhile were missed)."""
        failures = 0
        while not self._stopped.is_set():
            conn = None
            try:
                fairy = self.store.engine.raw_connection()  # the store's own connection settings
                conn = fairy.driver_connection
                fairy.detach()  # kept out of the pool: it only listens
                conn.rollback()  # out of the transaction the pool's check began
                conn.autocommit = True
                conn.execute(f'LISTEN "{channel}"')
                if failures:
                    self._emit(self._sig_notice_heard)
                self._emit(self._sig_listening_changed, True)
                failures = 0
                while not self._stopped.is_set():
                    if any(True for _ in conn.notifies(timeout=1.0)):
                        self._emit(self._sig_notice_heard)
            except Exception:  # the connection broke, or the server is away: try again a little later
                failures += 1
                self._emit(self._sig_listening_changed, False)
                self._stopped.wait(RECONNECT_S[min(failures, len(RECONNECT_S)) - 1])
            finally:
                if conn is not None:
                    try:
                        conn.close()
                    except Exception:
                        pass

    def _emit(self, signal, *args) -> None:
        try:
            signal.emit(*args)
        except RuntimeError:  # the window is gone
            self._stopped.set()
