"""Running slow work off the GUI thread.

A ``Task`` runs a plain function in the global QThreadPool and reports back
through Qt signals (delivered on the GUI thread).  The function receives a
``Progress`` it may call to report progress and to learn about cancellation;
it must open its own database session and return plain data, never ORM objects.
"""
from __future__ import annotations

import traceback
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class Cancelled(Exception):
    """Raised inside a task when the user cancelled it."""


class Progress:
    def __init__(self, signals: "TaskSignals"):
        self._signals = signals
        self.cancelled = False

    def __call__(self, done: int, total: int) -> None:
        if self.cancelled:
            raise Cancelled()
        try:
            self._signals.sig_progress_changed.emit(done, total)
        except RuntimeError:  # the window that asked has closed: stop
            raise Cancelled() from None


class TaskSignals(QObject):
    sig_progress_changed = Signal(int, int)
    sig_result_ready = Signal(object)
    sig_task_failed = Signal(object)  # the exception
    sig_task_cancelled = Signal()


class Task(QRunnable):
    def __init__(self, fn: Callable[[Progress], Any]):
        super().__init__()
        self.fn = fn
        self.signals = TaskSignals()
        self.progress = Progress(self.signals)
        self.setAutoDelete(True)

    def cancel(self) -> None:
        self.progress.cancelled = True

    def run(self) -> None:  # worker thread
        try:
            if self.progress.cancelled:
                raise Cancelled()
            result = self.fn(self.progress)
        except Cancelled:
            self._emit(self.signals.sig_task_cancelled)
        except Exception as exc:  # reported to the GUI, which shows it
            exc.__traceback_text__ = traceback.format_exc()
            self._emit(self.signals.sig_task_failed, exc)
        else:
            self._emit(self.signals.sig_result_ready, result)

    @staticmethod
    def _emit(signal, *args) -> None:
        try:
            signal.emit(*args)
        except RuntimeError:  # the window that asked has closed meanwhile: nobody is listening
            pass



_running: set["Task"] = set()  # tasks the pool runs, kept alive until they have reported


def start(task: "Task") -> "Task":
    """Run ``task`` in the global pool.  The task (and the QObject its signals
    live on) is kept alive until its last signal has reached the GUI thread:
    a task dropped by its caller while still running would otherwise be
    deleted under the worker thread that is emitting from it."""
    _running.add(task)
    for signal in (task.signals.sig_result_ready, task.signals.sig_task_failed, task.signals.sig_task_cancelled):
        signal.connect(lambda *_args, t=task: _running.discard(t))
    QThreadPool.globalInstance().start(task)
    return task
