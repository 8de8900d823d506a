"""The agreement benchmark's projects: N sources × 20,000 characters, 30 codes,
2 coders, 3 codings per coder, source and code (180 codings per source; 200
sources make 36,000 codings).  Each size is built once into the temporary
folder and reused (delete the folder to rebuild)."""
from __future__ import annotations

import random
import tempfile
from pathlib import Path

from coding import access, blind, codebook, coders, sources
from coding.codings import NewCoding, apply_codings
from coding.text import sha256
from storage import create_project

FOLDER = Path(tempfile.gettempdir()) / "tandem-bench-agreement"
PATH = FOLDER / "agreement-lead-a.tandem"  # 200 sources; A leads
SOURCE_CHARS = 20_000
N_CODES = 30
PER_CODE = 3


def path_for(n_sources: int) -> Path:
    return PATH if n_sources == 200 else FOLDER / f"agreement-{n_sources}-sources.tandem"


def build(path: Path = PATH, n_sources: int = 200) -> Path:
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    rng = random.Random(7)
    part = path.with_suffix(".part")
    part.unlink(missing_ok=True)
    store = create_project(part)
    with store.transaction(access.system("bench")) as s:
        a, b = coders.create_coder(s, "A", role="lead"), coders.create_coder(s, "B")
        codes = [codebook.ensure_path(s, f"Category/Theme/Code {c:02}") for c in range(N_CODES)]
        items = []
        for i in range(n_sources):
            text = "".join(rng.choice("abcde fghij. \n") for _ in range(SOURCE_CHARS))
            source = sources.add_source(s, f"s{i:03}", "document", text, sha256(str(i).encode()))
            for code in codes:
                for coder in (a, b):
                    for _ in range(PER_CODE):
                        start = rng.randrange(0, SOURCE_CHARS - 1000)
                        items.append(NewCoding(source, code, coder, start, start + rng.randrange(50, 800)))
        apply_codings(s, items, skip_existing=True)
        blind.set_blind(s, access.of_coder(a), False)  # both have finished: the lead compares
    store.close()
    part.rename(path)
    return path


def build_size(n_sources: int) -> Path:
    return build(path_for(n_sources), n_sources)
