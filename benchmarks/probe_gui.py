"""The GUI measurements, each run by ``python -m benchmarks`` in a process of
its own, offscreen (``QT_QPA_PLATFORM=offscreen``); prints one JSON line.

    python -m benchmarks.probe_gui open PROJECT    # open to first paint; another transcript to first paint
    python -m benchmarks.probe_gui apply PROJECT   # apply a code by the GUI's path: median and p95

``apply`` changes the project: give it a copy.  The user settings go to a
temporary HOME, never the user's own.
"""
from __future__ import annotations

import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

STARTED = time.perf_counter()
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["HOME"] = tempfile.mkdtemp(prefix="tandem-bench-home-")  # no user settings read or touched
os.environ["XDG_CONFIG_HOME"] = os.environ["HOME"]


class _Painted:
    """Records the first paint of the document view holding a document."""

    def __init__(self, window):
        from PySide6.QtCore import QEvent, QObject

        owner = self

        class Filter(QObject):
            def eventFilter(self, obj, event):  # noqa: N802 (Qt's name)
                if (event.type() == QEvent.Type.Paint and owner.at is None
                        and window.document_view.document() is not None):
                    owner.at = time.perf_counter()
                return False

        self.at = None
        self.filter = Filter()
        self.viewport = window.document_view.text.viewport()
        self.viewport.installEventFilter(self.filter)

    def wait(self, app, since: float, limit: float = 60) -> float:
        while self.at is None and time.perf_counter() - since < limit:
            app.processEvents()
        if self.at is None:
            raise SystemExit("the document was not painted within a minute")
        return self.at - since


def _window(path: Path):
    from PySide6.QtWidgets import QApplication

    from app.shell.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    window = MainWindow()
    window.resize(1400, 900)
    window.show()
    app.processEvents()
    return app, window


def _me(window):
    from coding import views

    if window.identity_dialog is not None:
        window.identity_dialog.close()
    with window.store.session() as s:
        me = next(c for c in views.coder_summaries(s) if c.name == "A")
    window.set_identity(me)


def _drain(app, window) -> None:
    deadline = time.perf_counter() + 60
    while (window._tasks or (window.workspace is not None and window.workspace.busy)) \
            and time.perf_counter() < deadline:
        app.processEvents()
    app.processEvents()


def probe_open(path: Path) -> dict:
    app, window = _window(path)
    ready = time.perf_counter() - STARTED
    painted = _Painted(window)
    t0 = time.perf_counter()
    window.open_path(path)
    first = painted.wait(app, t0)
    _me(window)
    _drain(app, window)
    switches = []
    group = window.sources_model.index(0, 0)
    n = window.sources_model.rowCount(group)
    for row in ((1, 2, 3) if n > 3 else (1, 0, 1)):  # each a transcript not shown a moment ago
        index = window.sources_model.index(row, 0, group)
        window.document_view.set_document(None)
        app.processEvents()
        painted.at = None
        t = time.perf_counter()
        window.sources_view.setCurrentIndex(index)
        switches.append(painted.wait(app, t))
    doc = window.document_view.document()
    out = {"window_s": ready, "open_paint_s": first, "switch_s": statistics.median(switches) if switches else None,
           "chars": len(doc.text), "codings_shown": len(doc.codings)}
    window.close()
    return out


def probe_apply(path: Path, n: int = 120) -> dict:
    app, window = _window(path)
    painted = _Painted(window)
    window.open_path(path)
    painted.wait(app, time.perf_counter())
    _me(window)
    _drain(app, window)
    doc = window.document_view.document()
    node = next(x for x in window.code_nodes() if x.is_leaf)
    rng = random.Random(3)
    times, held = [], []
    for _ in range(n):
        a = rng.randrange(0, len(doc.text) - 200)
        window.document_view.select_codepoints(a, a + rng.randrange(10, 150))
        t = time.perf_counter()
        window.coding.apply(node)  # the step goes to the worker; the GUI thread is free again
        held.append(time.perf_counter() - t)
        while window.workspace.busy and time.perf_counter() - t < 30:  # committed, on the undo stack, shown
            app.processEvents()
        times.append(time.perf_counter() - t)
    _drain(app, window)
    times.sort()
    out = {"median_s": statistics.median(times), "p95_s": times[max(0, round(0.95 * len(times)) - 1)],
           "held_s": statistics.median(held), "applies": n, "chars": len(doc.text)}
    window.close()
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("open", "apply"):
        print(__doc__, file=sys.stderr)
        return 2
    path = Path(argv[1])
    out = probe_open(path) if argv[0] == "open" else probe_apply(path)
    print(json.dumps(out))
    sys.stdout.flush()
    os._exit(0)  # the figures are out: skip Qt's teardown


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
