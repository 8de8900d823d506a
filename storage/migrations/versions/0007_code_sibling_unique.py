"""A code's name is unique among its siblings in the database itself, so two
processes creating the same code at once make one (the second finds the
first's) — the core's own check cannot see another transaction's insert.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("uq_code_sibling_name", "code", [sa.text("coalesce(parent_id, 0)"), sa.text("lower(name)")],
                    unique=True)


def downgrade() -> None:
    op.drop_index("uq_code_sibling_name", table_name="code")
