"""A version on each code, for optimistic locking of codebook edits: an
edit names the version the editor saw, and is refused (nothing written)
when another coder changed the code since (``coding.codebook.claim``).

Existing codes start at version 1.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-08
"""
import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # a plain ADD COLUMN on both engines (no batch copy of the table, whose
    # expression index on sibling names would have to be rebuilt)
    op.add_column("code", sa.Column("version", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    op.drop_column("code", "version")
