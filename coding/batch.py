"""Work over hundreds of thousands of small objects (a comparison, an
export): ``without_gc()`` keeps Python's cyclic collector out of it.  The
objects made there hold no cycles, and the collector's passes over them cost
a third of the time."""
from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def without_gc() -> Iterator[None]:
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
