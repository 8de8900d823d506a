"""Integrity: each source keeps the SHA-256 of its stored text (checked when
the text is read for coding, agreement and export), and the audit log is
closed on the paths its first triggers left open — SQLite's INSERT OR
REPLACE and REPLACE, which delete the old row without firing a DELETE
trigger, and PostgreSQL's TRUNCATE.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""
import hashlib

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

SQLITE_NO_REPLACE = (
    "CREATE TRIGGER audit_entry_no_replace BEFORE INSERT ON audit_entry "
    "WHEN EXISTS (SELECT 1 FROM audit_entry WHERE id = NEW.id OR uuid = NEW.uuid) "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END")
POSTGRESQL_NO_TRUNCATE = [
    "CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry "
    "FOR EACH STATEMENT EXECUTE FUNCTION tandem_audit_append_only()",
    "REVOKE TRUNCATE ON audit_entry FROM PUBLIC",
]


def upgrade() -> None:
    with op.batch_alter_table("source") as batch:
        batch.add_column(sa.Column("text_sha256", sa.String(64), nullable=True))
    bind = op.get_bind()
    for sid, text in bind.execute(sa.text("SELECT id, text FROM source")).all():
        bind.execute(sa.text("UPDATE source SET text_sha256 = :d WHERE id = :i"),
                     {"d": hashlib.sha256(text.encode("utf-8")).hexdigest(), "i": sid})
    if bind.dialect.name == "sqlite":
        op.execute(SQLITE_NO_REPLACE)
    elif bind.dialect.name == "postgresql":
        for sql in POSTGRESQL_NO_TRUNCATE:
            op.execute(sql)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("DROP TRIGGER audit_entry_no_replace")
    elif bind.dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_entry_no_truncate ON audit_entry")
    with op.batch_alter_table("source") as batch:
        batch.drop_column("text_sha256")
