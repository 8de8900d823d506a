"""Opening, creating and migrating project databases.

A project is one SQLite file (``.tandem``) or, for teams, a PostgreSQL
database.  ``ProjectStore`` owns the engine and hands out sessions; every user
action runs in ``store.transaction(actor)`` — one transaction, committed or
rolled back as a whole.

Opening a file never modifies anything that is not a Tandem project: the file
is recognised from its header bytes (SQLite magic and Tandem's
``application_id``) and its schema revision is read through a read-only
connection before any read-write connection is made.
"""
from __future__ import annotations

import os
import sqlite3
import struct
import threading
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Optional

from sqlalchemy import URL, Engine, create_engine, event, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from storage import migrate
from storage.errors import (
    ConnectionLostError, DamagedProjectError, NewerSchemaError, NotAProjectError, ProjectBusyError,
    ProjectExistsError, StorageError, TandemError,
)
from storage.audit_rows import entry_row
from storage.models import AuditEntry, Project

PROJECT_SUFFIX = ".tandem"
APPLICATION_ID = 0x54414E44  # "TAND" in the SQLite header (offset 68)
SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000
WRITE_OPTION = "tandem_write"
PG_AUDIT_TRIGGERS = ("audit_entry_append_only", "audit_entry_no_truncate")
LOST_SIGNS = ("server closed the connection", "terminating connection", "connection refused", "could not connect",
              "connection failed", "connection timed out", "timeout expired", "no route to host",
              "network is unreachable", "connection is closed", "consuming input failed")
FULL_BELOW = 256 * 1024  # free bytes under which a disk counts as full (a write would fail midway)  # execution option: this transaction will write


def database_error(exc: DBAPIError, location: str) -> TandemError:
    """A driver's error as one message a person can act on."""
    lines = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    text = lines[0] if lines else type(exc).__name__
    low = text.lower()
    if exc.connection_invalidated or any(sign in low for sign in LOST_SIGNS):
        return ConnectionLostError(
            f"The connection to the server was lost ({text}); your change was not saved: the server undoes a "
            "change it did not finish. Try again once the server answers; Tandem reconnects by itself.")
    if "locked" in low or "busy" in low:
        return ProjectBusyError(
            f"{location} is busy: another window or program is writing to it. Try again in a moment "
            "(or close the other program); nothing was changed.")
    if "disk" in low and ("full" in low or "i/o" in low):
        return StorageError(f"Cannot write to {location}: {text}. Free some disk space; nothing was changed.")
    if "readonly" in low or "read-only" in low:
        return StorageError(f"{location} is read-only ({text}); copy it somewhere you may write. Nothing was changed.")
    return StorageError(f"The database {location} refused the change ({text}); nothing was changed.")


def _backend_pid(connection) -> Optional[int]:
    """The server process of a PostgreSQL connection (psycopg knows it without asking); None on SQLite."""
    info = getattr(connection.connection.dbapi_connection, "info", None)
    return getattr(info, "backend_pid", None)


def unsure_message(exc: Optional[DBAPIError] = None) -> str:
    """A connection lost during COMMIT, when the server cannot be asked yet whether it committed."""
    lines = str(getattr(exc, "orig", None) or exc).strip().splitlines() if exc is not None else []
    return ("The connection to the server was lost while your change was being saved"
            f"{f' ({lines[0]})' if lines else ''}, and the server cannot be asked yet whether it saved it. "
            "Look at the project once the server answers again before you make the change a second time.")


def read_error(exc: DBAPIError, location: str) -> TandemError:
    """A driver's error on a read (the window filling a view) as one message:
    a lost connection says that nothing is lost and what to do."""
    found = database_error(exc, location)
    if isinstance(found, ConnectionLostError):
        return ConnectionLostError(
            f"The connection to the server was lost while reading {location}; nothing was changed, but what "
            "the window shows may be out of date. Tandem reconnects by itself: try again once the server answers.")
    return found


class ProjectStore:
    """An open project: engine, session factory, and where it lives."""

    def __init__(self, engine: Engine, location: str, path: Optional[Path] = None,
                 read_only: Optional[str] = None, damaged: Optional[str] = None):
        self.engine = engine
        self.location = location  # a path or a URL without password, for messages
        self.path = path
        self._written: set = set()
        self._forgotten: set = set()
        self._written_lock = threading.Lock()
        self.read_only = read_only  # why changes cannot be saved here (None: they can)
        self.damaged = damaged      # what is wrong with the file (None: it was found whole)
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    def note(self) -> str:
        """One line on what may not be done with this project here ("" when anything may)."""
        if self.damaged:
            return self.damaged
        if self.read_only:
            fix = "" if "full" in self.read_only else "; copy it to a folder you may write to"
            return (f"{self.location} is read-only ({self.read_only}): you can read and export it, but changes "
                    f"cannot be saved there{fix}.")
        return ""

    def check_writable(self) -> None:
        if self.damaged:
            raise DamagedProjectError(self.damaged)
        if self.read_only:
            raise StorageError(f"{self.note()} Nothing was changed.")

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def session(self) -> Session:
        """A session for reading (and for callers that manage commits)."""
        return self._sessions()

    @contextmanager
    def transaction(self, actor) -> Iterator[Session]:
        """One user action: everything inside commits together or not at all.

        ``actor`` is the acting context (``coding.access.Acting``: who acts,
        their role, the layer written), which the core's rules read from the
        session; a plain name acts as a guest.  Its name is written to every
        audit entry of the transaction; all entries share one transaction uuid.
        """
        self.check_writable()
        session = self._sessions()
        session.info["actor"] = getattr(actor, "name", actor)
        if not isinstance(actor, str):
            session.info["acting"] = actor
        session.info["transaction_uuid"] = written = uuid.uuid4()
        committing, backend = False, None
        try:
            with session.begin():
                # take the write lock at the start (SQLite: BEGIN IMMEDIATE), so a
                # busy project is waited for (busy_timeout) instead of failing midway
                connection = session.connection(execution_options={WRITE_OPTION: True})
                backend = _backend_pid(connection)
                yield session
                session.flush()  # what is left to send goes now: a loss here is before COMMIT
                self._remember_written(written)
                committing = True
        except DBAPIError as exc:
            found = database_error(exc, self.location)
            if not (committing and isinstance(found, ConnectionLostError)):
                raise found from exc
            # the connection broke during COMMIT: the server may have saved it
            saved = self.saved(written, backend)
            if saved is None:  # cannot tell yet: if it was saved, live updates show it as another program's
                self.forget_written(written)
                raise ConnectionLostError(unsure_message(exc), unsure_of=written, backend=backend) from exc
            if not saved:
                raise found from exc
            # saved: only the server's answer was lost
        finally:
            session.close()

    def saved(self, transaction_uuid: uuid.UUID, backend: Optional[int] = None) -> Optional[bool]:
        """Whether a transaction whose COMMIT lost its answer was committed,
        asked on a fresh connection: every change writes audit entries under
        its transaction's uuid.  The lost connection's server process
        (``backend``) may still be finishing that COMMIT, so it is ended
        first — a role may end its own — and the log's answer is final.
        None: the server cannot be asked now, or the process did not end."""
        try:
            with self.engine.connect() as conn:
                if backend is not None and self.dialect == "postgresql":
                    ended = conn.execute(text("SELECT pg_terminate_backend(pid, :wait) FROM pg_stat_activity "
                                              "WHERE pid = :pid"), {"pid": backend, "wait": BUSY_TIMEOUT_MS}).first()
                    if ended is not None and not ended[0]:
                        return None
                return conn.execute(select(AuditEntry.id).where(AuditEntry.transaction_uuid == transaction_uuid)
                                    .limit(1)).first() is not None
        except DBAPIError:
            return None

    def _remember_written(self, transaction_uuid) -> None:
        """This store's own transactions (before they commit: one that then
        fails leaves no entry to match), so that live updates can tell them
        from other programs' — the same coder's in another window included."""
        with self._written_lock:
            if len(self._written) >= WRITTEN_KEPT:
                self._written.clear()  # far older than any look at the log
            self._written.add(transaction_uuid)

    def forget_written(self, transaction_uuid: uuid.UUID) -> None:
        """Count a transaction as another program's (one whose commit lost its
        answer and was let go: if the server saved it, live updates show it,
        even if they read past it already: ``take_forgotten``)."""
        with self._written_lock:
            self._written.discard(transaction_uuid)
            self._forgotten.add(transaction_uuid)

    def take_forgotten(self) -> frozenset:
        """The transactions forgotten since the last call (see ``forget_written``)."""
        with self._written_lock:
            taken, self._forgotten = frozenset(self._forgotten), set()
            return taken

    def written_transactions(self) -> frozenset:
        """The transactions this store has written (see ``_remember_written``)."""
        with self._written_lock:
            return frozenset(self._written)

    def title(self) -> str:
        with self.session() as s:
            return s.scalar(select(Project.title)) or ""

    def close(self) -> None:
        self.engine.dispose()
        if self.path is not None and not (self.read_only or self.damaged):
            from storage import integrity

            integrity.remember_whole(self.path)  # found whole on open, written only by Tandem since

    def __enter__(self) -> "ProjectStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# --- SQLite ---------------------------------------------------------------------------


def sqlite_url(path: Path) -> URL:
    """The engine URL of a project file, built from parts: a name pasted into
    a URL string is percent-decoded and cut at "?" ("a%20b.tandem" would open
    "a b.tandem", "inventory?.tandem" the file "inventory"), so the path
    reaches SQLite exactly as given."""
    return URL.create("sqlite+pysqlite", database=str(Path(path).absolute()))


CACHE_KB = 32_000
WRITTEN_KEPT = 10_000  # own transactions remembered for live updates


def _sqlite_engine(path: Path) -> Engine:
    engine = create_engine(sqlite_url(path), future=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # noqa: ANN001 - DBAPI objects
        # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin,
        # so that DDL in migrations and every user action are truly atomic.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = FULL")
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # up to 32 MB of pages kept in memory (SQLite's default is 2 MB): a bulk
        # import updates its indexes at random places, and re-read every page
        cur.execute(f"PRAGMA cache_size = -{CACHE_KB}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # noqa: ANN001
        writing = conn.get_execution_options().get(WRITE_OPTION)
        if not writing:
            conn.exec_driver_sql("BEGIN")
            return
        dbapi_conn = conn.connection.dbapi_connection
        if _begin_writing(dbapi_conn):
            return
        # waited out busy_timeout already: one last try that does not wait again,
        # so that a busy project is reported (through SQLAlchemy, as any error) after 5 s, not 10
        dbapi_conn.execute("PRAGMA busy_timeout = 0")
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        finally:
            dbapi_conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")

    return engine


def _begin_writing(dbapi_conn) -> bool:  # noqa: ANN001 - a sqlite3 connection
    """``BEGIN IMMEDIATE``, waiting for the write lock by trying every
    millisecond; True once begun.  SQLite's own wait sleeps ever
    longer (up to 100 ms) between tries, and a process committing one step
    after another takes the lock back within a millisecond each time: a
    second process coding the same file could wait out ``busy_timeout`` and
    fail with "database is locked".  False past the timeout (or on another
    error): the caller's last BEGIN reports the busy project (or the error)."""
    import time

    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    dbapi_conn.execute("PRAGMA busy_timeout = 0")
    try:
        while time.monotonic() < deadline:
            try:
                dbapi_conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    return False
                time.sleep(0.001)
                continue
            return True
        return False
    finally:
        dbapi_conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


def _read_only_engine(path: Path) -> Engine:
    """An engine that only reads: through SQLite's read-only open, or as
    immutable (no -shm or -wal files are made) when nothing may be written
    beside the file and no -wal is waiting."""
    from storage.integrity import wal_pending

    immutable = not wal_pending(path)
    uri = f"{path.resolve().as_uri()}?mode=ro" + ("&immutable=1" if immutable else "")
    engine = create_engine("sqlite+pysqlite://", creator=lambda: sqlite3.connect(uri, uri=True,
                                                                                 check_same_thread=False))

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # noqa: ANN001 - DBAPI objects
        dbapi_conn.isolation_level = None
        dbapi_conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # noqa: ANN001
        conn.exec_driver_sql("BEGIN")

    return engine


def why_read_only(path: Path) -> Optional[str]:
    """Why nothing may be written to ``path`` (None: it may)."""
    try:
        if os.statvfs(path).f_flag & os.ST_RDONLY:
            return "it is on a read-only disk"
    except OSError:
        pass
    try:
        disk = os.statvfs(path.parent)
        if disk.f_bavail * disk.f_frsize < FULL_BELOW:
            return "the disk it is on is full: free some space to make changes"
    except OSError:
        pass
    if not os.access(path, os.W_OK):
        return "the file may not be written to"
    if not os.access(path.parent, os.W_OK):
        return "its folder may not be written to (SQLite keeps its journal beside the file)"
    return None


def _read_header(path: Path) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read(100)
    except IsADirectoryError:
        raise NotAProjectError(f"{path} is a folder, not a Tandem project file.") from None
    except PermissionError:
        raise NotAProjectError(f"{path} cannot be read: permission denied.") from None


def _check_is_project(path: Path) -> None:
    """Raise NotAProjectError unless ``path`` is a Tandem project file."""
    if not path.exists():
        raise NotAProjectError(
            f"{path} does not exist. Create a project with 'tandem new {path}'."
        )
    header = _read_header(path)
    if not header:
        raise NotAProjectError(f"{path} is an empty file, not a Tandem project.")
    if not header.startswith(SQLITE_MAGIC):
        raise NotAProjectError(
            f"{path} is not a Tandem project (it is not a database file). "
            "To add a document to a project, use 'tandem import PROJECT FILE'."
        )
    if len(header) < 72 or struct.unpack(">I", header[68:72])[0] != APPLICATION_ID:
        raise NotAProjectError(
            f"{path} is an SQLite database but not a Tandem project; it was left unchanged."
        )


def _inspect(path: Path) -> tuple[Optional[str], Optional[str]]:
    """The Alembic revision of a project file, and what is wrong with it
    (None: it was found whole), read without writing anything.

    With no ``-wal`` file beside it the database is read as immutable, which
    creates no ``-shm``/``-wal`` files; otherwise another connection may hold
    recent commits in the WAL (or a crash left them there), so it is read
    through a normal read-only one and checked in full.
    """
    from storage import integrity

    has_wal = integrity.wal_pending(path)
    uri = f"{path.resolve().as_uri()}?mode=ro" + ("" if has_wal else "&immutable=1")
    problem = integrity.header_problem(path)
    try:
        conn = sqlite3.connect(uri, uri=True)
        try:
            rows = conn.execute("SELECT version_num FROM alembic_version").fetchall()
            revision = rows[0][0] if rows else None
            if problem is None and integrity.needs_check(path):
                problem = integrity.structure_problem(conn, unclean=has_wal)
                if problem is None:
                    integrity.remember_whole(path)
            if problem is None:
                missing = integrity.missing_triggers(conn, revision)
                if missing:
                    problem = (f"the audit log's protection ({', '.join(missing)}) was removed, so its entries "
                               "may have been rewritten")
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        text = str(exc)
        if "disk i/o" in text.lower() or "unable to open" in text.lower():
            raise StorageError(
                f"{path} cannot be opened right now ({text}): the disk may be full, or the file or its folder "
                "not readable. Nothing was changed; free some space (or check the folder's permissions) and "
                "try again.") from None
        raise NotAProjectError(
            f"{path} looks like a Tandem project but cannot be read ({text}); it is damaged. Nothing was "
            f"changed; restore it from a backup copy (tandem restore {path}).") from None
    return revision, problem


def _backup(path: Path, revision: Optional[str]) -> Path:
    """A consistent copy before an upgrade (``storage.backups``); if it cannot
    be written the project is not upgraded, and nothing changes."""
    from storage import backups

    try:
        return backups.take_backup(path, revision, "upgrade")
    except StorageError as exc:
        raise StorageError(f"{path} needs upgrading to this version of Tandem, but {exc}") from None


def _add_project_row(session: Session, title: str) -> None:
    project = Project(title=title)
    session.add(project)
    session.flush()
    session.add(AuditEntry(**entry_row(session, "project.create", "project", project.uuid,
                                       None, {"title": title, "uuid": str(project.uuid)})))


def create_project(path: os.PathLike | str, title: str = "") -> ProjectStore:
    """Create a new project file at ``path`` (refusing to overwrite anything)."""
    path = Path(path)
    if path.exists():
        raise ProjectExistsError(f"{path} already exists; choose another name or open it.")
    if not path.parent.exists():
        raise TandemError(f"The folder {path.parent} does not exist.")
    title = title.strip() or path.stem
    tmp = path.with_name(path.name + ".creating")
    if tmp.exists():
        tmp.unlink()
    engine = _sqlite_engine(tmp)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        migrate.upgrade(engine)
        store = ProjectStore(engine, str(tmp), tmp)
        with store.transaction("system") as s:
            _add_project_row(s, title)
        engine.dispose()
        os.replace(tmp, path)
    except BaseException:
        engine.dispose()
        for leftover in (tmp, Path(str(tmp) + "-wal"), Path(str(tmp) + "-shm")):
            if leftover.exists():
                leftover.unlink()
        raise
    return open_project(path)


def open_project(path: os.PathLike | str) -> ProjectStore:
    """Open a project file, migrating it (after a backup copy) if it is
    older; read-only when it may not be written (the store says why), and
    refusing every change when it is damaged."""
    path = Path(path)
    _check_is_project(path)
    revision, problem = _inspect(path)
    status = migrate.status_of(revision)
    if status == "unknown":
        raise NewerSchemaError(
            f"{path} was written by a newer version of Tandem (schema revision {revision}). "
            "Update Tandem to open it; the file was not changed."
        )
    read_only = why_read_only(path)
    if problem is not None:
        damaged = (f"{path} is damaged: {problem}. Tandem will not write to it, so nothing more can be lost; "
                   f"restore it from a backup copy (tandem restore {path}, or File › Restore from Backup…).")
        if status == "old":
            raise DamagedProjectError(damaged)
        return ProjectStore(_read_only_engine(path), str(path), path, damaged=damaged)
    if status == "old":
        if read_only:
            raise StorageError(f"{path} was written by an older version of Tandem and needs upgrading, but "
                               f"{read_only}. Copy it to a folder you may write to and open the copy; the "
                               "file was not changed.")
        _backup(path, revision)
        engine = _sqlite_engine(path)
        try:
            migrate.upgrade(engine)
        finally:
            engine.dispose()
    if read_only:
        return ProjectStore(_read_only_engine(path), str(path), path, read_only=read_only)
    engine = _sqlite_engine(path)
    return ProjectStore(engine, str(path), path)


# --- PostgreSQL (teams) ---------------------------------------------------------------


def open_url(url: str, title: str = "", **engine_kwargs) -> ProjectStore:
    """Open (creating or upgrading the schema if needed) a project database at
    a SQLAlchemy URL, e.g. ``postgresql+psycopg://host/db``."""
    engine = create_engine(url, future=True, **engine_kwargs)
    with engine.connect() as conn:
        revision = migrate.current_revision(conn)
    if migrate.status_of(revision) == "unknown":
        engine.dispose()
        raise NewerSchemaError(
            f"The database was written by a newer version of Tandem (schema revision {revision}). "
            "Update Tandem to open it; nothing was changed."
        )
    migrate.upgrade(engine)
    store = server_store(engine)
    if not store.damaged:
        with store.transaction("system") as s:
            if s.scalar(select(Project.id)) is None:
                _add_project_row(s, title or engine.url.database or "Tandem project")
    return store


def server_store(engine: Engine) -> ProjectStore:
    """The store of a project database at the current schema revision,
    refusing every change when the audit log's protection was removed."""
    location = engine.url.render_as_string(hide_password=True)
    with engine.connect() as conn:
        have = {name for (name,) in conn.exec_driver_sql(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_entry'::regclass AND NOT tgisinternal")}
    missing = [t for t in PG_AUDIT_TRIGGERS if t not in have]
    if missing:  # the log's protection was dropped: it may have been rewritten, and is not written to
        return ProjectStore(engine, location, damaged=(
            f"The project database {location} is damaged: the audit log's protection ({', '.join(missing)}) was "
            "removed, so its entries may have been rewritten. Tandem will not write to it; ask the server's "
            "administrator to restore it from a backup."))
    return ProjectStore(engine, location)
