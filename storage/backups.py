"""Backup copies of a project file, kept beside it, and restoring one.

A backup is taken before every upgrade of the schema and whenever asked
(``tandem backup``): SQLite's online backup, so it is consistent even while
the project is open, written to a temporary name and renamed only when
complete — a copy killed half-way is never mistaken for a backup.  The last
``KEEP`` backups of a project are kept.  An upgrade that failed does not take
a second full copy of a project that has not changed since the last one.

Restoring puts a backup in the project's place; the project as it was is
kept as a backup of its own first (so a restore can itself be undone), with
its ``-wal`` and ``-shm`` files, which belong to it and would otherwise be
replayed into the restored copy.
"""
from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Optional

from storage.errors import ProjectBusyError, StorageError

KEEP = 5
WHY = ("upgrade", "asked", "before-restore", "before-merge")
PATTERN = re.compile(r"\.backup-(?P<revision>[^-]+)-(?P<stamp>\d{8}T\d{6}(?:\.\d+)?Z)"
                     r"(?P<why>-(?:upgrade|asked|before-restore|before-merge))?$")


@dataclass(frozen=True)
class Backup:
    path: Path
    revision: str
    taken_at: datetime
    size: int
    why: str  # "upgrade", "asked", "before-restore"

    def describe(self) -> str:
        return (f"{self.path.name}  {self.taken_at:%Y-%m-%d %H:%M:%S} UTC  {self.size / 1e6:,.1f} MB  "
                f"schema {self.revision}  ({self.why.replace('-', ' ')})")


def backup_path_for(path: Path, revision: Optional[str], why: str = "upgrade") -> Path:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S.%fZ")
    return path.with_name(f"{path.name}.backup-{revision or 'empty'}-{stamp}-{why}")


def list_backups(path: Path) -> list[Backup]:
    """The backups of ``path``, newest first."""
    path = Path(path)
    found = []
    for candidate in path.parent.glob(f"{glob_escape(path.name)}.backup-*"):
        match = PATTERN.search(candidate.name[len(path.name):])
        if match is None or not candidate.is_file():
            continue
        stamp = match["stamp"]
        taken = datetime.strptime(stamp, "%Y%m%dT%H%M%S.%fZ" if "." in stamp else "%Y%m%dT%H%M%SZ")
        found.append(Backup(candidate, match["revision"], taken.replace(tzinfo=timezone.utc),
                            candidate.stat().st_size, (match["why"] or "-upgrade")[1:]))
    return sorted(found, key=lambda b: b.taken_at, reverse=True)


def glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


def take_backup(path: Path, revision: Optional[str], why: str = "upgrade") -> Path:
    """A consistent copy of ``path`` beside it (complete, or not there at all);
    returns its path.  Older backups beyond ``KEEP`` are removed."""
    path = Path(path)
    if why == "upgrade":
        same = [b for b in list_backups(path) if b.revision == (revision or "empty")
                and b.path.stat().st_mtime_ns >= path.stat().st_mtime_ns]
        if same:  # an upgrade failed before: the project has not changed since that copy
            return same[0].path
    from storage.integrity import wal_pending

    target = backup_path_for(path, revision, why)
    try:
        _copy(path, target, immutable=not wal_pending(path))  # no -shm or -wal left beside a closed project
    except (sqlite3.Error, OSError) as exc:
        if target.is_file():
            target.unlink()
        raise StorageError(f"The backup copy {target.name} could not be written next to {path} ({exc}). "
                           "Make the folder writable or free some space; the project was not changed.") from None
    prune(path)
    return target


def prune(path: Path, keep: int = KEEP) -> None:
    for old in list_backups(path)[keep:]:
        try:
            old.path.unlink()
        except OSError:
            pass


def _check_backup(backup: Path) -> None:
    from storage.errors import NotAProjectError
    from storage.store import _check_is_project

    try:
        _check_is_project(backup)  # the header check every project file gets
    except NotAProjectError:
        raise StorageError(f"{backup} is not a backup of a Tandem project; nothing was restored.") from None
    conn = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        result = conn.execute("PRAGMA quick_check(1)").fetchall()
    except sqlite3.DatabaseError as exc:
        result = [(str(exc),)]
    finally:
        conn.close()
    if result != [("ok",)]:
        raise StorageError(f"The backup {backup.name} is itself damaged ({result[0][0]}); choose another one "
                           "(tandem restore PROJECT lists them). Nothing was restored.")


def _check_not_in_use(path: Path) -> None:
    if not path.exists():
        return
    try:
        conn = sqlite3.connect(path, timeout=0.5, isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("ROLLBACK")
        finally:
            conn.close()
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise ProjectBusyError(f"{path} is being written by another window or program; close it, then "
                                   "restore. Nothing was changed.") from None
    except sqlite3.DatabaseError:
        pass  # damaged: exactly what a restore is for


def _copy(source: Path, target: Path, immutable: bool = False) -> None:
    """A consistent copy of a database (its WAL included) to ``target``,
    complete or not there (``immutable``: a backup, read without making -shm
    or -wal files beside it)."""
    partial = target.with_name(target.name + ".part")
    try:
        src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro" + ("&immutable=1" if immutable else ""),
                              uri=True)
        try:
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
        os.replace(partial, target)
    finally:
        if partial.exists():
            partial.unlink()


def _set_aside(path: Path) -> Path:
    """Keep the project as it is now as a backup (one file, its WAL folded in;
    a damaged one as its raw bytes), then clear its place: the project file
    and its -wal and -shm, which would otherwise be replayed into the copy
    restored.  Returns the backup kept."""
    import shutil

    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S.%fZ")
    kept = path.with_name(f"{path.name}.backup-{_revision_of(path)}-{stamp}-before-restore")
    try:
        _copy(path, kept)
    except sqlite3.Error:
        shutil.copyfile(path, kept)  # too damaged to read: its bytes, for whoever tries to rescue it
    for leftover in (Path(str(path) + "-wal"), Path(str(path) + "-shm"), path):
        if leftover.exists():
            leftover.unlink()
    return kept


def _revision_of(path: Path) -> str:
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])
        finally:
            conn.close()
    except (sqlite3.Error, TypeError):
        return "unreadable"


def restore(path: Path, backup: Optional[Path] = None) -> tuple[Path, Optional[Path]]:
    """Put ``backup`` (default: the newest) in the place of ``path``; returns
    (the backup restored, the copy kept of the project as it was)."""
    path = Path(path)
    backups = list_backups(path)
    if backup is None:
        if not backups:
            raise StorageError(f"{path} has no backup copies beside it; nothing was restored.")
        chosen = backups[0].path
    else:
        chosen = Path(backup)
        if not chosen.is_absolute() and not chosen.exists():
            chosen = path.parent / chosen
        if not chosen.is_file():
            raise StorageError(f"There is no backup {backup}; tandem restore {path} lists the backups. "
                               "Nothing was restored.")
    _check_backup(chosen)
    _check_not_in_use(path)
    kept = _set_aside(path) if path.exists() else None
    try:
        _copy(chosen, path, immutable=True)
    except (sqlite3.Error, OSError) as exc:
        if kept is not None and not path.exists():
            _copy(kept, path)  # put the project back as it was
        raise StorageError(f"Restoring {chosen.name} failed ({exc}); {path} is as it was.") from None
    return chosen, kept
