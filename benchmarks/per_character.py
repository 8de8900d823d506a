"""The plain per-character agreement loop Tandem is compared with: pure
Python, no numpy, no Tandem.  It reads the two coders' codings from the
project file with the standard library's sqlite3, then for each source, each
code and each character takes the two coders' presence (0 or 1), counts the
2×2 table, and computes Cohen's κ per code from the tables.

    python -m benchmarks.per_character PROJECT [A B]   # prints one JSON line

Run by ``python -m benchmarks`` beside ``tandem agree --unit char`` on the
same project, end to end in a process of its own: the ratio of the two is
the table's "per-character loop ÷ tandem agree".
"""
from __future__ import annotations

import json
import sqlite3
import sys
import time
from collections import defaultdict


def read(path: str, a: str, b: str):
    """Sources' lengths, the code ids, and each (source, code, coder)'s spans."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        ids = dict(db.execute("SELECT name, id FROM coder WHERE name IN (?, ?)", (a, b)).fetchall())
        lengths = db.execute("SELECT id, n_chars FROM source ORDER BY id").fetchall()
        spans = defaultdict(list)
        codes = set()
        for source, code, coder, start, end in db.execute(
                "SELECT source_id, code_id, coder_id, start, \"end\" FROM coding WHERE coder_id IN (?, ?)",
                (ids[a], ids[b])):
            spans[source, code, coder].append((start, end))
            codes.add(code)
    finally:
        db.close()
    return lengths, sorted(codes), spans, ids[a], ids[b]


def kappa(table: list[int]):
    n = sum(table)
    neither, b_only, a_only, both = table
    po = (both + neither) / n
    pa, pb = (both + a_only) / n, (both + b_only) / n
    pe = pa * pb + (1 - pa) * (1 - pb)
    return (po - pe) / (1 - pe) if pe < 1 else None


def agree(lengths, codes, spans, a: int, b: int) -> dict:
    tables = {code: [0, 0, 0, 0] for code in codes}  # neither, B only, A only, both
    for source, length in lengths:
        for code in codes:
            present_a, present_b = bytearray(length), bytearray(length)
            for start, end in spans.get((source, code, a), ()):
                present_a[start:end] = b"\x01" * (end - start)
            for start, end in spans.get((source, code, b), ()):
                present_b[start:end] = b"\x01" * (end - start)
            table = tables[code]
            for x, y in zip(present_a, present_b):  # every character
                table[x + x + y] += 1
    return {code: kappa(table) for code, table in tables.items()}


def main(argv: list[str]) -> int:
    if len(argv) not in (1, 3):
        print(__doc__, file=sys.stderr)
        return 2
    a, b = argv[1:3] if len(argv) == 3 else ("A", "B")
    t0 = time.perf_counter()
    data = read(argv[0], a, b)
    t1 = time.perf_counter()
    kappas = agree(*data)
    t2 = time.perf_counter()
    chars = sum(n for _, n in data[0])
    print(json.dumps({"read_s": t1 - t0, "compute_s": t2 - t1, "codes": len(kappas),
                      "character_code_pairs": chars * len(kappas)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
