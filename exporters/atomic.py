"""Writing export files atomically: the file is written next to its target
and moved into place, so a failed or interrupted export never leaves half a
file, nor replaces a good one."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable

from storage.errors import TandemError


class ExportFailed(TandemError):
    """A file cannot be written; the message names the file and what to do.
    An existing file of that name is left as it was."""


def write_atomically(path: Path, write: Callable[[Path], None]) -> Path:
    """Run ``write(tmp)`` on a temporary file next to ``path``, then move it into place."""
    path = Path(path)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as exc:
        raise ExportFailed(f"Cannot write {path}: {exc.strerror or exc}; check that the folder "
                           "exists and that you may write there.") from None
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        _set_mode(tmp, path)
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            tmp.unlink()
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError):
            raise ExportFailed(f"Cannot write {path}: {exc.strerror or exc}; nothing was "
                               "changed (is the file open in another program?).") from exc
        raise
    return path


def _set_mode(tmp: Path, target: Path) -> None:
    """A temporary file is private (0600); give the export the mode a new file gets
    (or the one the file it replaces had)."""
    if os.name != "posix":
        return
    try:
        mode = target.stat().st_mode & 0o777
    except OSError:
        mode = 0o666 & ~_umask()
    os.chmod(tmp, mode)


def _umask() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022


def check_target(path: Path, what: str, formats: tuple[str, ...]) -> str:
    """The format (one of ``formats``, e.g. ".csv") ``path`` asks for, checked
    before anything is read or written: ExportFailed, naming ``what`` and the
    formats, for a folder or another extension."""
    path = Path(path)
    supported = " or ".join(formats) if len(formats) <= 2 else "one of: " + ", ".join(formats)
    if path.is_dir():
        raise ExportFailed(f"Cannot export {what} to {path}: it is a folder; give a file name ending in {supported}.")
    suffix = path.suffix.lower()
    if suffix not in formats:
        found = f"'{path.suffix}'" if path.suffix else "no extension"
        raise ExportFailed(f"Cannot export {what} to {path}: {found} is not a supported format; give a file name "
                           f"ending in {supported}.")
    return suffix
