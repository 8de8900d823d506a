"""A child process that creates the same codes, coders and cases as its
siblings, at the same moment, in one PostgreSQL project
(tests/faults/test_concurrency.py): ``python -m tests.faults.pg_writer URL SCHEMA NAME K``."""
from __future__ import annotations

import sys


def main(url: str, schema: str, name: str, k: int) -> int:
    from coding import access, cases, codebook, coders
    from storage import open_url

    store = open_url(url, connect_args={"options": f"-csearch_path={schema}"})
    try:
        for i in range(k):  # every process makes the same names in the same order: they race for each
            with store.transaction(access.system(name)) as s:
                codebook.ensure_path(s, f"Shared/code {i}")
                coders.ensure_coder(s, f"Coder {i}")
                cases.ensure_cases(s, [f"Case {i}", f"Case {i + 1}"])
    finally:
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])))
