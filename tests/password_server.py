"""A throwaway PostgreSQL server that asks for passwords (scram-sha-256), for
the tests of password prompts, ~/.pgpass and wrong passwords: the machine's
own server trusts every local connection, so it cannot refuse a password.

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


@contextmanager
def password_server() -> Iterator[str]:
    """A running server; yields its admin URL without the password
    (user postgres, password ``PASSWORD``)."""
    binary, folder = _bin(), Path(tempfile.mkdtemp(prefix="tandem-pg-"))
    shutil.chown(folder, "postgres")
    (folder / "pw").write_text(PASSWORD)
    shutil.chown(folder / "pw", "postgres")
    data, port = folder / "data", _free_port()

    def as_postgres(*args: str) -> None:
        subprocess.run(["runuser", "-u", "postgres", "--", *args], check=True, capture_output=True)

    try:
        as_postgres(str(binary / "initdb"), "-D", str(data), "-A", "scram-sha-256", "-U", "postgres",
                    f"--pwfile={folder / 'pw'}")
        as_postgres(str(binary / "pg_ctl"), "-D", str(data), "-w", "-l", str(folder / "log"), "-o",
                    f"-p {port} -k {folder} -c listen_addresses=127.0.0.1", "start")
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        if data.exists():
            subprocess.run(["runuser", "-u", "postgres", "--", str(binary / "pg_ctl"), "-D", str(data), "-m",
                            "immediate", "stop"], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)
