"""A theme's description for the theme table, apart from the code's
definition: a codebook's definitions are instructions to coders ("Apply when
…"), which a manuscript's table cannot print.  Empty: the table prints the
definition, as before.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("code", sa.Column("summary", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    op.drop_column("code", "summary")
