"""Faults of the disk for tests: fill a (small, mounted) disk to the last
byte, and mark a file immutable (root only; the test is skipped otherwise)."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest


def fill_disk(folder: Path) -> Path:
    """Write zeros into ``folder`` until its disk is full; returns the filler file."""
    filler = folder / "filler"
    # unbuffered: a buffered file kept the bytes the full disk refused and raised ENOSPC again on close
    with open(filler, "wb", buffering=0) as fh:
        try:
            while True:
                fh.write(b"\0" * 65536)  # a short write fills the last bytes; the next one is refused
        except OSError:
            pass
    return filler


def chattr(flag: str, path: Path) -> None:
    """``chattr +i`` / ``-i`` on ``path``, or skip the test where that is not allowed."""
    done = subprocess.run(["chattr", flag, str(path)], capture_output=True)
    if done.returncode:
        pytest.skip(f"chattr {flag} is not allowed here: {done.stderr.decode().strip()}")
