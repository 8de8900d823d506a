"""Representative quotes: a passage pinned to a theme (a code of the
codebook), in an order, with the text as it is to be printed (trimmed with
an ellipsis, clarified in brackets) beside the span it came from.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "quote",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("theme_id", sa.Integer(), sa.ForeignKey("code.id", name=op.f("fk_quote_theme_id_code"),
                                                          ondelete="CASCADE"), nullable=False),
        sa.Column("source_id", sa.Integer(), sa.ForeignKey("source.id", name=op.f("fk_quote_source_id_source"),
                                                           ondelete="RESTRICT"), nullable=False),
        sa.Column("coding_id", sa.Integer(), sa.ForeignKey("coding.id", name=op.f("fk_quote_coding_id_coding"),
                                                           ondelete="SET NULL"), nullable=True),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("pinned_by", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint('start >= 0 AND start < "end"', name=op.f("ck_quote_span")),
        sa.UniqueConstraint("uuid", name=op.f("uq_quote_uuid")),
    )
    op.create_index("ix_quote_theme_position", "quote", ["theme_id", "position"])


def downgrade() -> None:
    op.drop_index("ix_quote_theme_position", table_name="quote")
    op.drop_table("quote")
