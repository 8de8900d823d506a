"""A throwaway PostgreSQL server that asks for passwords (scram-sha-256), for
the tests of password prompts, ~/.pgpass and wrong passwords — the machine's
own server trusts every local connection, so it cannot refuse a password —
and for stopping a whole server under its clients, which the machine's own
server, shared by every test, may not be.

Made with the installed PostgreSQL's initdb in a temporary folder, on a free
port, as the ``postgres`` system user (initdb refuses to run as root);
``unavailable()`` says why none can be made (the tests then skip, saying so).
"""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Optional

PASSWORD = "s3cret-pw"


def _bin() -> Optional[Path]:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def unavailable() -> Optional[str]:
    if _bin() is None:
        return "no PostgreSQL initdb installed (/usr/lib/postgresql/*/bin) to make a password-checking server"
    if os.geteuid() != 0:
        return "making a password-checking PostgreSQL server needs root (to run initdb as the postgres user)"
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        return "no postgres system user to run a password-checking PostgreSQL server as"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A throwaway server that can be stopped and started again, as a real
    server is restarted under its clients."""

    def __init__(self, binary: Path, folder: Path):
        self.binary, self.folder, self.data, self.port = binary, folder, folder / "data", _free_port()
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"  # the admin, no password

    def _pg_ctl(self, *args: str) -> None:
        subprocess.run(["runuser", "-u", "postgres", "--", str(self.binary / "pg_ctl"), "-D", str(self.data),
                        *args], check=True, capture_output=True)

    def start(self) -> None:
        self._pg_ctl("-w", "-l", str(self.folder / "log"), "-o",
                     f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1", "start")

    def stop(self) -> None:
        """Stopped as an administrator stops it: every client's connection is closed."""
        self._pg_ctl("-w", "-m", "fast", "stop")


@contextmanager
def throwaway_server() -> Iterator[Server]:
    """A running server that checks passwords (user postgres, password
    ``PASSWORD``), removed afterwards."""
    binary, folder = _bin(), Path(tempfile.mkdtemp(prefix="tandem-pg-"))
    shutil.chown(folder, "postgres")
    (folder / "pw").write_text(PASSWORD)
    shutil.chown(folder / "pw", "postgres")
    server = Server(binary, folder)
    try:
        subprocess.run(["runuser", "-u", "postgres", "--", str(binary / "initdb"), "-D", str(server.data), "-A",
                        "scram-sha-256", "-U", "postgres", f"--pwfile={folder / 'pw'}"],
                       check=True, capture_output=True)
        server.start()
        yield server
    finally:
        if server.data.exists():
            subprocess.run(["runuser", "-u", "postgres", "--", str(binary / "pg_ctl"), "-D", str(server.data),
                            "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def password_server() -> Iterator[str]:
    """A running server; yields its admin URL without the password
    (user postgres, password ``PASSWORD``)."""
    with throwaway_server() as server:
        yield server.url


def team_project(server: Server) -> str:
    """A seeded project on ``server`` with Omar a coder whose role logs in
    with ``PASSWORD``; returns the address Omar connects with (no password)."""
    from sqlalchemy import make_url

    from coding import team_server
    from storage import open_url
    from tests.factories import seed_themes
    from tests.team import role_url

    store = open_url(make_url(server.url).set(password=PASSWORD))
    try:
        seed_themes(store)
        role = team_server.add_coder(store.engine, "Omar", password=PASSWORD)
    finally:
        store.close()
    return role_url(server.url, role)
