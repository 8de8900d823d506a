"""Is a project file whole, and may it be written?  Checked on open, before
anything is written, so a damaged or tampered file is never written to and a
read-only one is still read.

* The header: a file cut short (or grown) no longer matches the size its
  SQLite header declares — caught at once, whatever the file's size.
* ``PRAGMA quick_check`` (``integrity_check`` after an unclean shutdown,
  when a ``-wal`` file was left behind): on files up to ``ALWAYS_CHECK``
  bytes every time (a few milliseconds for a typical project), on larger
  ones whenever the file changed since it was last found whole on this
  machine (its size and modification time are remembered in the user's
  cache folder, never in the project), so a 100 MB project is not read
  through on every command.
* The audit log's triggers: dropped triggers would let the log be
  rewritten; a project without them is treated as damaged.

A source's own text carries a checksum too, checked whenever the text is
read (``coding.sources.check_text``): a flipped byte inside a transcript
leaves the database structurally whole.
"""
from __future__ import annotations

import json
import os
import sqlite3
import struct
from pathlib import Path
from typing import Optional

ALWAYS_CHECK = 32 * 1024 * 1024
AUDIT_TRIGGERS = ("audit_entry_no_update", "audit_entry_no_delete", "audit_entry_no_replace")
TRIGGERS_SINCE = {"audit_entry_no_replace": "0006"}  # a trigger and the revision that adds it


def wal_pending(path: Path) -> bool:
    """Commits may wait in the ``-wal`` file beside the project (an empty one,
    left by a write that failed on a full disk, holds none)."""
    wal = Path(str(path) + "-wal")
    try:
        return wal.stat().st_size > 0
    except OSError:
        return False


def header_problem(path: Path) -> Optional[str]:
    """What the header says is wrong with the file's size (None: nothing)."""
    if wal_pending(path):
        return None  # recent pages may live in the WAL: the main file's size proves nothing
    with open(path, "rb") as fh:
        header = fh.read(100)
    if len(header) < 100:
        return "the file is shorter than its header"
    page_size = struct.unpack(">H", header[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    change, pages, valid_for = (struct.unpack(">I", header[i:i + 4])[0] for i in (24, 28, 92))
    size = path.stat().st_size
    if size % page_size:
        return f"its size ({size:,} bytes) is not a whole number of {page_size:,}-byte pages: it was cut short"
    if pages and valid_for == change and pages * page_size != size:
        return (f"it holds {size // page_size:,} pages where its header declares {pages:,}: it was cut short "
                "or added to")
    return None


def structure_problem(conn: sqlite3.Connection, unclean: bool) -> Optional[str]:
    """SQLite's own check of the file's structure (None: whole)."""
    rows = conn.execute("PRAGMA integrity_check(5)" if unclean else "PRAGMA quick_check(5)").fetchall()
    if rows == [("ok",)]:
        return None
    return "SQLite's check found: " + "; ".join(str(r[0]) for r in rows[:3])


def missing_triggers(conn: sqlite3.Connection, revision: Optional[str]) -> list[str]:
    """The audit log's triggers the file should have (at its revision) and has not."""
    have = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    due = [t for t in AUDIT_TRIGGERS if revision is not None and revision >= TRIGGERS_SINCE.get(t, "0001")]
    return [t for t in due if t not in have]


# --- the remembered checks ---------------------------------------------------------------

def _cache_file() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "tandem" / "checked-projects.json"


def _stamp(path: Path) -> list:
    st = path.stat()
    return [st.st_size, st.st_mtime_ns, st.st_ino]


def _load() -> dict:
    try:
        return json.loads(_cache_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def needs_check(path: Path) -> bool:
    if path.stat().st_size <= ALWAYS_CHECK or wal_pending(path):
        return True
    return _load().get(str(path.resolve())) != _stamp(path)


def remember_whole(path: Path) -> None:
    """The file as it is now was found whole (or written only by Tandem since)."""
    if not path.exists() or path.stat().st_size <= ALWAYS_CHECK:
        return
    cache = _cache_file()
    known = _load()
    known[str(path.resolve())] = _stamp(path)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_name(cache.name + f".{os.getpid()}")
        tmp.write_text(json.dumps(dict(list(known.items())[-200:])), encoding="utf-8")
        os.replace(tmp, cache)
    except OSError:
        pass  # a read-only home: the check simply runs again next time
