"""Codebook detail for coders: inclusion and exclusion criteria and an example
for each code.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""
from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

COLUMNS = ("inclusion", "exclusion", "example")


def upgrade() -> None:
    with op.batch_alter_table("code", schema=None) as batch_op:
        for name in COLUMNS:
            batch_op.add_column(sa.Column(name, sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("code", schema=None) as batch_op:
        for name in COLUMNS:
            batch_op.drop_column(name)
