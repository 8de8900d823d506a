"""Where an export's save dialog starts: beside the project file, or for a
project on a server (no file) in the folder the last export went to."""
from __future__ import annotations

from pathlib import Path

from app import settings


def start_folder(store) -> Path:
    if store is not None and store.path is not None:
        return Path(store.path).resolve().parent
    last = settings.get("export/folder")
    return Path(last) if last and Path(last).is_dir() else Path.home()


def remember_folder(written: Path) -> None:
    """An export was saved at ``written``: the next server project's export starts there."""
    settings.put("export/folder", str(Path(written).resolve().parent))
