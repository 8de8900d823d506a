"""A child process that writes to a project ``K`` times, one transaction
each (tests/faults/test_concurrency.py): ``python -m tests.faults.writer PROJECT NAME K``."""
from __future__ import annotations

import sys


def main(project: str, name: str, k: int) -> int:
    from coding import access, codebook
    from storage import open_project

    with open_project(project) as store:
        for i in range(k):
            with store.transaction(access.system(name)) as s:
                codebook.ensure_path(s, f"Concurrency/{name}/code {i}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], int(sys.argv[3])))
