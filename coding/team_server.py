"""A team server: one project in a PostgreSQL database, each coder connecting
as a database role of their own, and independent (blind) coding enforced by
the database itself with row-level security.

``init`` makes the schema (the same Alembic migrations as a project file)
and the policies; ``add_coder`` makes a role and its coder.  Every new audit
entry is announced on a LISTEN/NOTIFY channel (``channel``), so the other
coder's window refreshes at once (``coding.changes.changes_since``).  While the
project is blind, a coder's connection reads and changes only their own
codings and memos — whatever program they connect with, raw SQL included;
a lead's connection reads everything.  The audit log stays append-only for
every role (its triggers, and no UPDATE, DELETE or TRUNCATE granted).

The functions the policies call are ``SECURITY DEFINER`` with a fixed
``search_path``, so a coder cannot redefine what "blind" or "me" means.
"""
from __future__ import annotations

import re
from typing import Optional

from sqlalchemy import Engine, text

from storage.errors import StorageError

ROLE = re.compile(r"[^a-z0-9_]+")
WRITABLE = ("attribute", "attribute_value", "case", "code", "coder", "coding", "decision", "discrepancy_comment",
            "memo", "project", "quote", "section", "source")
PRIVATE = {"coding": "coder_id", "memo": "author_id"}
NOTIFY_TRIGGER = "audit_entry_notify"  # the rows a blind coder sees only their own of


def role_name(project_schema: str, coder: str) -> str:
    """A database role for a coder: lower-case letters, digits and _, unique per project schema."""
    slug = ROLE.sub("_", coder.lower()).strip("_")[:30] or "coder"
    return f"tandem_{project_schema[:20]}_{slug}"[:63]


def _schema(conn) -> str:
    return conn.execute(text("SELECT current_schema()")).scalar()


def channel(project_schema: str) -> str:
    """The LISTEN/NOTIFY channel on which a project's new audit entries are announced."""
    return f"tandem_audit_{ROLE.sub('_', project_schema.lower())}"[:63]


def notify_channel(engine: Engine) -> Optional[str]:
    """The channel to LISTEN on for this project's changes, or None when
    the server does not announce them (then changes are polled for)."""
    if engine.dialect.name != "postgresql":
        return None
    with engine.connect() as conn:
        schema = _schema(conn)
        found = conn.execute(text("SELECT 1 FROM pg_trigger WHERE tgrelid = 'audit_entry'::regclass "
                                  "AND tgname = :t"), {"t": NOTIFY_TRIGGER}).scalar()
    return channel(schema) if found else None


def secure(engine: Engine) -> None:
    """The functions, policies and grants of a team project (idempotent)."""
    if engine.dialect.name != "postgresql":
        raise StorageError("A team server is a PostgreSQL database; a project file is shared by merging copies.")
    with engine.begin() as conn:
        schema = _schema(conn)
        q = f'"{schema}"'
        conn.execute(text(f"""
            CREATE OR REPLACE FUNCTION {q}.tandem_me() RETURNS integer LANGUAGE sql STABLE SECURITY DEFINER
            SET search_path = {q} AS $$ SELECT id FROM coder WHERE db_role = session_user $$"""))
        conn.execute(text(f"""
            CREATE OR REPLACE FUNCTION {q}.tandem_is_lead() RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
            SET search_path = {q} AS $$
              SELECT COALESCE((SELECT role = 'lead' FROM coder WHERE db_role = session_user), false)
                  OR NOT EXISTS (SELECT 1 FROM coder WHERE db_role = session_user) $$"""))
        conn.execute(text(f"""
            CREATE OR REPLACE FUNCTION {q}.tandem_blind() RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
            SET search_path = {q} AS $$
              SELECT COALESCE((SELECT (settings::jsonb ->> 'blind')::boolean FROM project ORDER BY id LIMIT 1),
                              (SELECT count(*) >= 2 FROM coder WHERE role IN ('coder', 'lead'))) $$"""))
        # every transaction that writes to the log tells those listening (the other coder's window):
        # once per statement, with no payload, so the server folds a transaction's notices into one
        conn.execute(text(f"""
            CREATE OR REPLACE FUNCTION {q}.tandem_notify() RETURNS trigger LANGUAGE plpgsql
            SET search_path = {q} AS $$ BEGIN PERFORM pg_notify('{channel(schema)}', ''); RETURN NULL; END $$"""))
        conn.execute(text(f"DROP TRIGGER IF EXISTS {NOTIFY_TRIGGER} ON {q}.audit_entry"))
        conn.execute(text(f"CREATE TRIGGER {NOTIFY_TRIGGER} AFTER INSERT ON {q}.audit_entry "
                          f"FOR EACH STATEMENT EXECUTE FUNCTION {q}.tandem_notify()"))
        for table, owner in PRIVATE.items():
            conn.execute(text(f"ALTER TABLE {q}.{table} ENABLE ROW LEVEL SECURITY"))
            for policy in ("tandem_read", "tandem_write"):
                conn.execute(text(f"DROP POLICY IF EXISTS {policy} ON {q}.{table}"))
            # reading: everyone's when not blind; one's own (and unattributed rows) always; a lead everything
            conn.execute(text(f"""
                CREATE POLICY tandem_read ON {q}.{table} FOR SELECT USING (
                  NOT {q}.tandem_blind() OR {q}.tandem_is_lead() OR {owner} = {q}.tandem_me()
                  OR {owner} IS NULL)"""))
            # changing: one's own rows; a lead any (reconciling, importing a team's work)
            conn.execute(text(f"""
                CREATE POLICY tandem_write ON {q}.{table} FOR ALL USING (
                  {q}.tandem_is_lead() OR {owner} = {q}.tandem_me()) WITH CHECK (
                  {q}.tandem_is_lead() OR {owner} = {q}.tandem_me())"""))


def add_coder(engine: Engine, name: str, role: str = "coder", password: Optional[str] = None) -> str:
    """A database role for ``name`` (made a coder of the project if new), with
    what a coder may do; returns the role's name to connect as."""
    from coding import access, coders

    with engine.begin() as conn:
        schema = _schema(conn)
    db_role = role_name(schema, name)
    secure(engine)
    with engine.begin() as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": db_role}).scalar()
        login = f"LOGIN PASSWORD '{password.replace(chr(39), chr(39) * 2)}'" if password else "LOGIN"
        conn.execute(text(f'{"ALTER" if exists else "CREATE"} ROLE "{db_role}" {login}'))
        q = f'"{schema}"'
        conn.execute(text(f'GRANT USAGE ON SCHEMA {q} TO "{db_role}"'))
        conn.execute(text(f'GRANT SELECT, INSERT, UPDATE, DELETE ON {", ".join(f"{q}.{t}" for t in WRITABLE)} '
                          f'TO "{db_role}"'))
        conn.execute(text(f'GRANT SELECT, INSERT ON {q}.audit_entry TO "{db_role}"'))
        conn.execute(text(f'REVOKE UPDATE, DELETE, TRUNCATE ON {q}.audit_entry FROM "{db_role}"'))
        conn.execute(text(f'GRANT SELECT ON {q}.alembic_version TO "{db_role}"'))
        conn.execute(text(f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {q} TO "{db_role}"'))
        for function in ("tandem_me", "tandem_is_lead", "tandem_blind"):
            conn.execute(text(f'GRANT EXECUTE ON FUNCTION {q}.{function}() TO "{db_role}"'))
    from storage.store import ProjectStore

    store = ProjectStore(engine, "server")
    with store.transaction(access.system("tandem server")) as s:
        coder = coders.find_coder(s, name) or coders.create_coder(s, name, role=role)
        if role == "lead" and coder.role != "lead":
            coders.set_role(s, coder, "lead")
        coder.db_role = db_role
        s.flush()
    return db_role


def identity(engine: Engine) -> Optional[tuple[str, str]]:
    """(coder name, role) of the connection's database role, if it is a coder's."""
    if engine.dialect.name != "postgresql":
        return None
    with engine.connect() as conn:
        row = conn.execute(text("SELECT name, role FROM coder WHERE db_role = session_user")).first()
    return (row[0], row[1]) if row else None


ORDER = ("project", "coder", "case", "attribute", "attribute_value", "source", "section", "code", "coding", "memo",
         "decision", "discrepancy_comment", "quote", "audit_entry")


def push(project_path, url: str, **engine_kwargs) -> dict[str, int]:
    """Copy a project file into an empty database at ``url``, exactly (every
    row with its identity, the audit log included); returns rows per table."""
    from sqlalchemy import create_engine, insert, select

    from storage import migrate, open_project
    from storage.models import Base

    target = create_engine(url, **engine_kwargs)
    try:
        with target.connect() as conn:
            revision = migrate.current_revision(conn)
            if revision is not None:
                filled = conn.execute(text("SELECT count(*) FROM project")).scalar()
                if filled:
                    raise StorageError("The database already holds a project; push into an empty database (or "
                                       "schema), so nothing there is overwritten. Nothing was changed.")
        migrate.upgrade(target)
        counts: dict[str, int] = {}
        tables = Base.metadata.tables
        with open_project(project_path) as source, source.engine.connect() as src, target.begin() as dst:
            dst.execute(text("ALTER TABLE audit_entry DISABLE TRIGGER USER"))  # the log is copied, not rewritten
            for name in ORDER:
                table = tables[name]
                rows = [dict(r._mapping) for r in src.execute(select(table))]
                for i in range(0, len(rows), 5000):
                    dst.execute(insert(table), rows[i:i + 5000])
                counts[name] = len(rows)
                if "id" in table.c and rows:
                    dst.execute(text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                                     f"(SELECT max(id) FROM \"{name}\"))"))
            dst.execute(text("ALTER TABLE audit_entry ENABLE TRIGGER USER"))
        secure(target)
        return counts
    finally:
        target.dispose()
