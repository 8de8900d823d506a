"""A child process that codes a project as one coder, ``K`` codings, one
user action (transaction, audit entry) each, through the core as the GUI's
steps do (tests/faults/test_concurrent_coding.py).  It says "ready" and
waits for a line on its standard input, so that two start at once:
``python -m tests.faults.coding_writer PROJECT CODER K``."""
from __future__ import annotations

import sys


def main(project: str, name: str, k: int) -> int:
    from coding import access, codebook, edits
    from coding.sources import get_source
    from storage import open_project

    with open_project(project) as store:
        with store.session() as s:
            acting = access.resolve(s, name)
            source = get_source(s, "fg")
            source_uuid, length = str(source.uuid), len(source.text)
            code = str(codebook.get_code(s, "Relationship/Positive/Accessibility").uuid)
        print("ready", flush=True)
        sys.stdin.readline()
        for i in range(k):
            start = i % (length - 10)
            with store.transaction(acting) as s:
                edits.apply(s, edits.CodingRecord("", source_uuid, code, acting.coder_uuid, start,
                                                  start + 1 + i // (length - 10)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], int(sys.argv[3])))
