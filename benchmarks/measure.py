"""Run one measurement in a process of its own: its wall-clock time, its
peak memory (the child's maximum resident set, from ``os.wait4``) and what
it printed.  The measuring process imports nothing heavy, so that a child's
peak, which starts at the size of the process that started it, is the
child's own."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

PYTHON = sys.executable
TANDEM = str(Path(sys.executable).with_name("tandem"))
REPO = Path(__file__).resolve().parent.parent


@dataclass
class Ran:
    seconds: float
    peak_mb: float
    out: str

    def json(self) -> dict:
        """What the child printed, read as JSON: all of it, or its last line."""
        try:
            return json.loads(self.out)
        except ValueError:
            return json.loads(self.out.strip().splitlines()[-1])


class Failed(RuntimeError):
    pass


def env() -> dict:
    e = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    e.pop("TANDEM_USER", None)
    return e


def run(command: list[str], timeout: float = 900) -> Ran:
    """Run ``command``; its time from start to exit and its peak memory in MB."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(command, stdout=out, stderr=err, stdin=subprocess.DEVNULL, cwd=REPO, env=env())
        timer = threading.Timer(timeout, proc.kill)  # a hung child is stopped, and reported as failed
        timer.start()
        try:
            _pid, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        text, problem = out.read(), err.read()
    if proc.returncode != 0:
        tail = "\n".join(line for line in problem.strip().splitlines()[-8:])
        raise Failed(f"{' '.join(command[:4])}… exited {proc.returncode}:\n{tail}")
    return Ran(seconds, usage.ru_maxrss / 1024, text)  # Linux counts ru_maxrss in KiB


def tandem(*args: str) -> Ran:
    return run([TANDEM, *args])


def module(name: str, *args: str) -> Ran:
    return run([PYTHON, "-m", name, *args])


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())
