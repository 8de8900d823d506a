"""Run a Tandem command in a child process that stops at a chosen moment and
waits there to be killed (tests/faults/test_kill.py):

    python -m tests.faults.kill_child commit|replace cli ARGS...
    python -m tests.faults.kill_child commit merge PROJECT SOURCE_PATH TARGET_PATH

``commit``: at the first database commit (the transaction fully written,
not yet committed); ``replace``: when an export's temporary file is complete
and about to take the target's place.  It prints PAUSED and reads stdin,
which the test never answers: it sends SIGKILL instead.
"""
from __future__ import annotations

import os
import sys


def _pause(*_args) -> None:
    print("PAUSED", flush=True)
    sys.stdin.readline()


def main(argv: list[str]) -> int:
    moment, what, rest = argv[0], argv[1], argv[2:]
    if moment == "commit":
        from sqlalchemy import event
        from sqlalchemy.engine import Engine

        event.listen(Engine, "commit", _pause)
    else:
        import exporters.atomic as atomic

        real = os.replace

        class _Os:
            def __getattr__(self, name):
                return getattr(os, name)

            @staticmethod
            def replace(a, b):
                _pause()
                real(a, b)

        atomic.os = _Os()
    if what == "cli":
        from app.cli.main import main as cli

        return cli(rest)
    from coding import access, codebook, edits
    from storage import open_project

    project, source, target = rest
    with open_project(project) as store:
        with store.session() as s:
            pair = str(codebook.get_code(s, source).uuid), str(codebook.get_code(s, target).uuid)
        with store.transaction(access.system("kill test")) as s:
            edits.merge_codes(s, *pair)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
