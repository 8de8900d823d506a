"""The agreement benchmark's projects, from the one generator
(``benchmarks/generator.py``): N sources × 20,000 characters, 30 codes, 2
coders, 3 codings per coder, source and code (180 codings per source; 200
sources make 36,000 codings), A a lead, coding blind off.  Each size is built
once into the temporary folder and reused (delete the folder to rebuild)."""
from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generator import project  # noqa: E402
from benchmarks.sizes import SIZES  # noqa: E402


def build_size(n_sources: int) -> Path:
    return project(replace(SIZES["medium"].corpus, sources=n_sources))
