"""Load on a team server: 10 coders, each in a process of their own and
connected as their own database role, apply 1,000 codings each, all at
once, one user action at a time — one transaction and one audit entry per
coding, through the core as the GUI's steps do (``store.transaction(acting)``
around ``coding.edits.apply``) — on the real PostgreSQL server.

    .venv/bin/python benchmarks/load_team_server.py [--url URL] [--coders 10] [--codings 1000] [--runs 3]

Each run builds a team project in a throwaway schema (a project file pushed
with ``team_server.push``, a role per coder with ``team_server.add_coder``;
blind coding on, so row-level security is at work), lets the coders go at
one signal, then checks that every coding is stored and logged, and drops
the schema and the roles.  Prints throughput and the median and
95th-percentile latency of one apply, per run and the median of the runs.
Asserts nothing about speed (speed targets live here, not in tests); a
lost or doubled coding is an error.
"""
from __future__ import annotations

import argparse
import multiprocessing as mp
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

URL = "postgresql+psycopg://postgres@localhost:5432/test"
SECTION = "Ana: The meetings were helpful and she always answered my emails within a day or two. "
N_SECTIONS = 200
N_CODES = 20


def _engine(url: str, schema: str, role: str | None = None):
    from sqlalchemy import create_engine, make_url

    target = make_url(url).set(username=role) if role else make_url(url)
    return create_engine(target, connect_args={"options": f"-csearch_path={schema}"})


def build(url: str, schema: str, n_coders: int, folder: Path) -> list[str]:
    """A project file (one transcript, a codebook) pushed into ``schema``, and
    a database role for each coder; returns the roles."""
    from coding import access, codebook, sources, team_server
    from coding.sources import SectionSpec
    from coding.text import sha256
    from storage import create_project

    text = SECTION * N_SECTIONS
    path = folder / f"{schema}.tandem"
    with create_project(path, "Load") as store, store.transaction(access.system("load")) as s:
        sections = [SectionSpec(kind="turn", start=i * len(SECTION), end=(i + 1) * len(SECTION) - 1, speaker="Ana")
                    for i in range(N_SECTIONS)]
        sources.add_source(s, "focus group", "focus-group", text, sha256(text.encode()), sections=sections)
        for c in range(N_CODES):
            codebook.ensure_path(s, f"Theme {c % 4}/Code {c}")
    with _engine(url, "public").connect() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
        conn.commit()
    team_server.push(path, url, connect_args={"options": f"-csearch_path={schema}"})
    engine = _engine(url, schema)
    try:
        return [team_server.add_coder(engine, f"Coder {i:02}") for i in range(n_coders)]
    finally:
        engine.dispose()


def coder(url: str, schema: str, role: str, n: int, ready, start, results) -> None:
    """One coder's process: connect as their role, wait for the signal, then
    apply ``n`` codings one step at a time; report each step's latency."""
    from coding import access, edits, team_server
    from storage.models import Code, Source
    from storage.store import ProjectStore
    from sqlalchemy import select

    store = ProjectStore(_engine(url, schema, role), "server")
    try:
        name, _role = team_server.identity(store.engine)  # the connection says who acts
        with store.session() as s:
            acting = access.resolve(s, name)
            source_uuid, length = s.execute(select(Source.uuid, Source.n_chars)).one()
            codes = [str(u) for u in s.scalars(select(Code.uuid).where(Code.parent_id.is_not(None)).order_by(Code.id))]
        plan = [edits.CodingRecord("", str(source_uuid), codes[i % len(codes)], acting.coder_uuid,
                                   (i * 37) % (length - 40), (i * 37) % (length - 40) + 12 + i % 25) for i in range(n)]
        ready.put(role)
        start.wait()
        times = []
        for record in plan:
            t0 = time.perf_counter()
            with store.transaction(acting) as s:
                edits.apply(s, record)
            times.append(time.perf_counter() - t0)
        results.put((role, times, None))
    except Exception as exc:  # reported to the parent, which fails the run
        ready.put(role)
        results.put((role, [], f"{type(exc).__name__}: {exc}"))
    finally:
        store.close()


def check(url: str, schema: str, n_coders: int, n: int) -> tuple[int, int]:
    """(codings stored, coding.apply entries logged), each coder's checked."""
    from sqlalchemy import text

    engine = _engine(url, schema)
    try:
        with engine.connect() as conn:
            per_coder = conn.execute(text("SELECT coder_id, count(*) FROM coding GROUP BY coder_id")).all()
            logged = conn.execute(text("SELECT count(*) FROM audit_entry WHERE action = 'coding.apply'")).scalar()
            doubled = conn.execute(text("SELECT count(*) FROM (SELECT 1 FROM coding GROUP BY source_id, code_id, "
                                        "coder_id, start, \"end\" HAVING count(*) > 1) d")).scalar()
    finally:
        engine.dispose()
    if len(per_coder) != n_coders or any(count != n for _c, count in per_coder) or doubled:
        raise SystemExit(f"codings lost or doubled: {sorted(c for _i, c in per_coder)} per coder, {doubled} doubled")
    return sum(c for _i, c in per_coder), logged


def drop(url: str, schema: str, roles: list[str]) -> None:
    from sqlalchemy import text

    engine = _engine(url, "public")
    try:
        with engine.connect() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            for role in roles:
                conn.execute(text(f'DROP OWNED BY "{role}"'))
                conn.execute(text(f'DROP ROLE IF EXISTS "{role}"'))
            conn.commit()
    finally:
        engine.dispose()


def run(url: str, n_coders: int, n: int, folder: Path) -> dict:
    schema = f"load_{uuid.uuid4().hex[:10]}"
    roles: list[str] = []
    try:
        roles = build(url, schema, n_coders, folder)
        ctx = mp.get_context("spawn")
        ready, start, results = ctx.Queue(), ctx.Event(), ctx.Queue()
        procs = [ctx.Process(target=coder, args=(url, schema, role, n, ready, start, results)) for role in roles]
        for p in procs:
            p.start()
        for _p in procs:  # every coder connected, with their codings planned
            ready.get(timeout=300)
        t0 = time.perf_counter()
        start.set()
        reports = [results.get(timeout=1800) for _ in procs]
        wall = time.perf_counter() - t0
        for p in procs:
            p.join()
        failed = [f"{role}: {error}" for role, _t, error in reports if error]
        if failed:
            raise SystemExit("a coder's process failed: " + "; ".join(failed))
        stored, logged = check(url, schema, n_coders, n)
        if logged != stored:
            raise SystemExit(f"{stored:,} codings stored but {logged:,} logged")
        times = sorted(t for _r, ts, _e in reports for t in ts)
        return {"stored": stored, "logged": logged, "wall": wall, "throughput": stored / wall,
                "median_ms": statistics.median(times) * 1000,
                "p95_ms": times[int(0.95 * (len(times) - 1))] * 1000}
    finally:
        drop(url, schema, roles)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--url", default=URL, help=f"a PostgreSQL server's URL, connecting as a superuser (default {URL})")
    ap.add_argument("--coders", type=int, default=10)
    ap.add_argument("--codings", type=int, default=1000, help="codings per coder")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="tandem-load-"))
    figures = []
    for i in range(args.runs):
        f = run(args.url, args.coders, args.codings, folder)
        figures.append(f)
        print(f"run {i + 1}: {f['stored']:,} codings stored and logged by {args.coders} coders in {f['wall']:.1f} s: "
              f"{f['throughput']:,.0f} codings/s; one apply: median {f['median_ms']:.1f} ms, "
              f"95th percentile {f['p95_ms']:.1f} ms", flush=True)
    if len(figures) > 1:
        med = {k: statistics.median(f[k] for f in figures) for k in ("throughput", "median_ms", "p95_ms")}
        print(f"median of {len(figures)} runs: {med['throughput']:,.0f} codings/s; one apply: median "
              f"{med['median_ms']:.1f} ms, 95th percentile {med['p95_ms']:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
