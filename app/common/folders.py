"""Where a file dialog starts: an export beside the project file (for a
project on a server, which has no file, in the folder the last export went
to); an import in the folder the last import came from, else beside the
project; a new or opened project beside the open one, else beside the most
recent one.  Never the home folder when Tandem knows better."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from app import settings

EXPORTS, IMPORTS = "export/folder", "import/folder"


def _folder(value: Optional[str]) -> Optional[Path]:
    return Path(value) if value and Path(value).is_dir() else None


def start_folder(store, kind: str = EXPORTS) -> Path:
    """An export's (``EXPORTS``) or an import's (``IMPORTS``) first folder."""
    last = _folder(settings.get(kind))
    if kind == IMPORTS and last is not None:
        return last
    if store is not None and store.path is not None:
        return Path(store.path).resolve().parent
    return last or Path.home()


def remember_folder(used: Path, kind: str = EXPORTS) -> None:
    """A file was saved (or, for ``IMPORTS``, read) at ``used``: the next dialog of its kind starts there."""
    settings.put(kind, str(Path(used).resolve().parent))


def projects_folder(store) -> Path:
    """Where New Project and Open Project start."""
    if store is not None and store.path is not None:
        return Path(store.path).resolve().parent
    for recent in settings.get("recent/projects"):
        folder = _folder(str(Path(recent).parent)) if "://" not in recent else None
        if folder is not None:
            return folder
    return Path.home()
