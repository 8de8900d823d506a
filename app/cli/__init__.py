"""The ``tandem`` command line (``app.cli.main``), and its entry point.

``run`` is what the installed ``tandem`` command calls.  It imports the
command line with Python's cyclic garbage collector paused, then freezes
what those imports made (SQLAlchemy's and the models' classes, tens of
thousands of long-lived objects) so that later collections never walk it:
the collector otherwise ran dozens of times during start-up for nothing,
about 5 % of a short command such as ``tandem agree``.  Collection is on
again, as usual, while the command runs.  Tests call ``app.cli.main.main``.
"""
from __future__ import annotations


def run() -> int:
    import gc

    gc.disable()
    try:
        from app.cli.main import main
    finally:
        gc.freeze()
        gc.enable()
    return main()
