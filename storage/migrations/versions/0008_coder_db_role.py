"""A coder of a project on a team server connects as a database role of
their own (``coder.db_role``): the server, not a name typed in a dialog,
says who acts, and row-level security keeps blind coding blind.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("coder") as batch:
        batch.add_column(sa.Column("db_role", sa.String(63), nullable=True))
        batch.create_unique_constraint("uq_coder_db_role", ["db_role"])


def downgrade() -> None:
    with op.batch_alter_table("coder") as batch:
        batch.drop_constraint("uq_coder_db_role", type_="unique")
        batch.drop_column("db_role")
