"""The agreement benchmark's project: 200 sources × 20,000 characters, 30 codes,
2 coders, 3 codings per coder, source and code (36,000 codings).  Built once
into the temporary folder and reused (delete it to rebuild)."""
from __future__ import annotations

import random
import tempfile
from pathlib import Path

from coding import access, blind, codebook, coders, sources
from coding.codings import NewCoding, apply_codings
from coding.text import sha256
from storage import create_project

PATH = Path(tempfile.gettempdir()) / "tandem-bench-agreement" / "agreement-lead-a.tandem"  # A leads


def build(path: Path = PATH) -> Path:
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    rng = random.Random(7)
    store = create_project(path.with_suffix(".part"))
    with store.transaction(access.system("bench")) as s:
        a, b = coders.create_coder(s, "A", role="lead"), coders.create_coder(s, "B")
        codes = [codebook.ensure_path(s, f"Category/Theme/Code {c:02}") for c in range(30)]
        items = []
        for i in range(200):
            text = "".join(rng.choice("abcde fghij. \n") for _ in range(20000))
            source = sources.add_source(s, f"s{i:03}", "document", text, sha256(str(i).encode()))
            for code in codes:
                for coder in (a, b):
                    for _ in range(3):
                        start = rng.randrange(0, 19000)
                        items.append(NewCoding(source, code, coder, start, start + rng.randrange(50, 800)))
        apply_codings(s, items, skip_existing=True)
        blind.set_blind(s, access.of_coder(a), False)  # both have finished: the lead compares
    store.close()
    path.with_suffix(".part").rename(path)
    return path
