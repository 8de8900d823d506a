"""Opening a project that lives on a team server (PostgreSQL) as a coder does:
the project must be there already — nothing is created or upgraded through
a coder's connection — and a failure to connect is one message naming the
problem and the fix (a wrong password, a server that does not answer, a
database that is not a Tandem project).

The password comes from the caller (a prompt), from the URL, or from
libpq's password file (``~/.pgpass``, or ``PGPASSFILE``), which psycopg reads
when none is given.
"""
from __future__ import annotations

from typing import Optional

from sqlalchemy import create_engine, make_url
from sqlalchemy.engine import URL
from sqlalchemy.exc import ArgumentError, DBAPIError

from storage import migrate
from storage.errors import NewerSchemaError, NotAProjectError, StorageError, TandemError
from storage.store import LOST_SIGNS, ProjectStore, server_store

CONNECT_TIMEOUT_S = 10
SCHEMES = ("postgresql://", "postgresql+")


class PasswordNeededError(StorageError):
    """The server asks for a password that was not given (nor found in ~/.pgpass)."""


class PasswordRefusedError(PasswordNeededError):
    """The server refused the password given."""


def is_server_url(text: str) -> bool:
    return str(text).startswith(SCHEMES)


def parse(url: str) -> URL:
    """A server URL, with the psycopg driver when none is named."""
    try:
        parsed = make_url(url.strip())
    except ArgumentError:
        raise StorageError(f"'{without_password(url)}' is not a server address: write it as "
                           "postgresql://USER@HOST:PORT/DATABASE.") from None
    if parsed.get_backend_name() != "postgresql":
        raise StorageError(f"'{without_password(url)}' is not a PostgreSQL address: a team server's starts with "
                           "postgresql://.")
    return parsed.set(drivername="postgresql+psycopg") if parsed.drivername == "postgresql" else parsed


def without_password(url: str) -> str:
    """The URL as it may be kept or shown: the password taken out."""
    try:
        return make_url(url.strip())._replace(password=None).render_as_string(hide_password=False)  # set() keeps it
    except ArgumentError:
        return url.split("@")[-1]


def describe(url: URL) -> str:
    """host:port/database (schema) — where a project lives, for titles."""
    schema = schema_of(url)
    return f"{url.host or 'localhost'}:{url.port or 5432}/{url.database or ''}" + (f" ({schema})" if schema else "")


def schema_of(url: URL) -> str:
    options = url.query.get("options", "")
    options = options if isinstance(options, str) else " ".join(options)
    for part in options.split():
        if part.startswith("-csearch_path="):
            return part.split("=", 1)[1]
    return ""


def open_server(url: str, password: Optional[str] = None, **engine_kwargs) -> ProjectStore:
    """The project at ``url`` as its user may open it (the connection
    reconnects by itself after a loss: ``pool_pre_ping``)."""
    parsed = parse(url)
    if password:
        parsed = parsed.set(password=password)
    connect_args = dict(engine_kwargs.pop("connect_args", {}))
    connect_args.setdefault("connect_timeout", CONNECT_TIMEOUT_S)
    engine = create_engine(parsed, pool_pre_ping=True, connect_args=connect_args, **engine_kwargs)
    where = describe(parsed)
    try:
        with engine.connect() as conn:
            revision = migrate.current_revision(conn)
        status = migrate.status_of(revision)
        if revision is None:
            raise NotAProjectError(
                f"The database {where} is not a Tandem project (it holds no Tandem tables). Check the database "
                "and schema names, or prepare it with tandem server init URL (or copy a project file into it "
                "with tandem server push).")
        if status == "unknown":
            raise NewerSchemaError(f"The project at {where} was written by a newer version of Tandem (schema "
                                   f"revision {revision}). Update Tandem to open it; nothing was changed.")
        if status == "old":
            raise StorageError(f"The project at {where} needs upgrading to this version of Tandem, which a coder's "
                               "connection may not do: ask the server's administrator to run tandem server init "
                               "URL. Nothing was changed.")
        return server_store(engine)
    except DBAPIError as exc:
        engine.dispose()
        raise connection_problem(exc, parsed) from None
    except TandemError:
        engine.dispose()
        raise


def connection_problem(exc: DBAPIError, url: URL) -> TandemError:
    """Why a server could not be opened, as one message with its fix."""
    text = str(getattr(exc, "orig", None) or exc).strip()
    low = text.lower()
    who, where = url.username or "(no user)", describe(url)
    first = text.splitlines()[0] if text else type(exc).__name__
    if "password authentication failed" in low:
        return PasswordRefusedError(f"The server {where} refused the password for {who}. Type it again (or "
                                    "correct it in your ~/.pgpass file).")
    if "no password supplied" in low or "password is required" in low:
        return PasswordNeededError(f"The server {where} asks for {who}'s password: type it in, or put it in your "
                                   "~/.pgpass file (hostname:port:database:username:password).")
    if "role" in low and "does not exist" in low:
        return StorageError(f"The server {where} has no user {who}. Check the name: tandem server add-coder "
                            "prints the one to connect as.")
    if "database" in low and "does not exist" in low:
        return StorageError(f"The server at {url.host or 'localhost'}:{url.port or 5432} has no database "
                            f"'{url.database}'. Check its name.")
    if "permission denied" in low:
        return StorageError(f"{who} may not read the project at {where} ({first}). Ask a lead to add you with "
                            "tandem server add-coder.")
    if "no pg_hba.conf entry" in low:
        return StorageError(f"The server {where} does not let {who} connect from this computer: ask its "
                            "administrator to allow it (pg_hba.conf).")
    if any(sign in low for sign in LOST_SIGNS) or "could not translate host name" in low:
        return StorageError(f"Cannot reach the server {where} ({first}). Check the host and port, that the "
                            "server is running, and this computer's network.")
    return StorageError(f"Cannot open the project at {where}: {first}")
