"""Team-server helpers for tests: a project on the real PostgreSQL server
with a database role per coder, and dropping those roles afterwards (roles
belong to the whole server, not to the test's throwaway schema)."""
from __future__ import annotations

from sqlalchemy import create_engine, func, make_url, select, text


def role_url(url: str, role: str) -> str:
    """The admin URL with another user: how that coder connects."""
    return make_url(url).set(username=role).render_as_string(hide_password=False)


def drop_roles(url: str, roles) -> None:
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        for role in roles:
            conn.execute(text(f'DROP OWNED BY "{role}"'))
            conn.execute(text(f'DROP ROLE "{role}"'))
    admin.dispose()


def count_on_server(url: str, model) -> int:
    """Rows of ``model``'s table in the project at ``url``, read on a
    connection of its own (as its user: a coder's role reads only what it may)."""
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as conn:
        count = conn.execute(select(func.count(model.id))).scalar()
    engine.dispose()
    return count
