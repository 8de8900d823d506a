"""How soon the other coder's change shows in a window on the team server
(issue 15): coder B commits a coding through the core on their own
connection; coder A's window (offscreen) refreshes from the NOTIFY and the
audit log.  Prints the median and worst of 20 from B's commit to A's
document showing the coding, and what reading the log costs after one
coding and after an import of 10,000.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_live_updates.py

Needs the PostgreSQL server of the tests (TANDEM_TEST_PG_URL or
postgresql+psycopg://postgres@localhost:5432/test); works in a schema of its
own and drops it, and the roles it made, afterwards.
"""
from __future__ import annotations

import hashlib
import os
import statistics
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PG_URL = os.environ.get("TANDEM_TEST_PG_URL", "postgresql+psycopg://postgres@localhost:5432/test")
RUNS = 20


def main() -> None:
    from PySide6.QtCore import QCoreApplication, QEventLoop
    from PySide6.QtWidgets import QApplication
    from sqlalchemy import create_engine, text

    from app.shell.main_window import MainWindow
    from coding import access, blind, codebook, coders, codings, sources, team_server
    from coding.changes import changes_since, log_position
    from storage import ProjectStore, open_url
    from tests.factories import seed_themes
    from tests.team import drop_roles, role_url

    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    address = f"{PG_URL}?options={quote(f'-csearch_path={schema}')}"
    roles = []
    app = QApplication.instance() or QApplication(sys.argv[:1])
    try:
        store = open_url(address)
        seed_themes(store)
        with store.transaction(access.system("bench")) as s:
            words = "words " * 4000
            sources.add_source(s, "Long notes", "notes", words, hashlib.sha256(words.encode()).hexdigest())
        roles = [team_server.add_coder(store.engine, "Omar"), team_server.add_coder(store.engine, "Lena", "lead")]
        with store.session() as s:
            lena = access.resolve(s, "Lena")
        with store.transaction(lena) as s:
            blind.set_blind(s, lena, False)  # Lena's document shows Omar's codings
        store.close()

        def until(done, timeout_s=20.0) -> None:
            deadline = time.perf_counter() + timeout_s
            while not done():
                if time.perf_counter() > deadline:
                    raise SystemExit("timed out")
                QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)

        window = MainWindow()
        window.server.open_url(role_url(address, roles[1]))  # Lena, a lead: she sees Omar's codings
        until(lambda: window.workspace is not None and window.document_view.document() is not None)
        doc = window.document_view.document()
        omar = ProjectStore(create_engine(role_url(address, roles[0])), "omar")
        with omar.session() as s:
            acting = access.resolve(s, "Omar")
        waits = []
        for i in range(RUNS):
            shown = len(window.document_view.codings())
            with omar.transaction(acting) as s:
                codings.apply_coding(s, sources.get_source(s, doc.name), codebook.get_code(
                    s, "Influences/Positive/Accessibility"), coders.get_coder(s, "Omar"), i, i + 2)
            committed = time.perf_counter()
            until(lambda: len(window.document_view.codings()) > shown)
            waits.append(time.perf_counter() - committed)
        print(f"live update, Omar's commit to Lena's document showing it ({window.server.live.state}), "
              f"{RUNS} codings: median {statistics.median(waits) * 1000:.0f} ms, worst {max(waits) * 1000:.0f} ms")
        window.close()

        with omar.session() as s:
            seen = log_position(s)
        with omar.transaction(acting) as s:
            survey, code, me = sources.get_source(s, "Survey"), codebook.get_code(
                s, "Influences/Negative/Time pressure"), coders.get_coder(s, "Omar")
            codings.apply_coding(s, survey, code, me, 1, 3)
        with omar.session() as s:
            start = time.perf_counter()
            _change, seen = changes_since(s, seen, "Lena")
            one = time.perf_counter() - start
        with omar.transaction(acting) as s:
            long, code, me = sources.get_source(s, "Long notes"), codebook.get_code(
                s, "Influences/Negative/Time pressure"), coders.get_coder(s, "Omar")
            codings.apply_codings(s, [codings.NewCoding(long, code, me, i, i + 3) for i in range(10_000)])
        with omar.session() as s:
            start = time.perf_counter()
            _change, seen = changes_since(s, seen, "Lena")
            many = time.perf_counter() - start
        print(f"reading the log: after one coding {one * 1000:.1f} ms; after 10,000 codings in one transaction "
              f"{many * 1000:.1f} ms")
        omar.close()
    finally:
        drop_roles(PG_URL, roles)
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
        del app


if __name__ == "__main__":
    main()
