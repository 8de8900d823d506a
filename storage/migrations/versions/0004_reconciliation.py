"""Reconciliation: a lead's decision on each discrepancy between two coders
(first-class rows, queryable by status, class and code), coders' comments on
discrepancies, and a code's "definition needs work" flag.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "decision",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("discrepancy_id", sa.String(40), nullable=False),
        sa.Column("coder_a_id", sa.Integer(), sa.ForeignKey("coder.id", name=op.f("fk_decision_coder_a_id_coder"),
                                                            ondelete="RESTRICT"), nullable=False),
        sa.Column("coder_b_id", sa.Integer(), sa.ForeignKey("coder.id", name=op.f("fk_decision_coder_b_id_coder"),
                                                            ondelete="RESTRICT"), nullable=False),
        sa.Column("consensus_id", sa.Integer(), sa.ForeignKey("coder.id", name=op.f("fk_decision_consensus_id_coder"),
                                                              ondelete="RESTRICT"), nullable=False),
        sa.Column("unit", sa.String(20), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("source_id", sa.Integer(), sa.ForeignKey("source.id", name=op.f("fk_decision_source_id_source"),
                                                           ondelete="RESTRICT"), nullable=False),
        sa.Column("code_path", sa.Text(), nullable=False),
        sa.Column("choice", sa.String(20), nullable=False),
        sa.Column("rationale", sa.Text(), nullable=False, server_default=""),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("decided_by", sa.String(200), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=False),
        sa.Column("basis", sa.JSON(), nullable=False),
        sa.Column("created", sa.JSON(), nullable=False),
        sa.Column("span", sa.JSON(), nullable=True),
        sa.Column("reopened_by", sa.String(200), nullable=True),
        sa.Column("reopened_at", sa.DateTime(), nullable=True),
        sa.Column("reopen_reason", sa.Text(), nullable=True),
        sa.CheckConstraint("kind IN ('a_only', 'b_only', 'boundary', 'different_code')", name=op.f("ck_decision_kind")),
        sa.CheckConstraint("choice IN ('accept-a', 'accept-b', 'both', 'neither', 'edit')",
                           name=op.f("ck_decision_choice")),
        sa.CheckConstraint("status IN ('decided', 'reopened', 'superseded')", name=op.f("ck_decision_status")),
        sa.UniqueConstraint("uuid", name=op.f("uq_decision_uuid")),
    )
    op.create_index("ix_decision_discrepancy", "decision", ["discrepancy_id"])
    op.create_index("ix_decision_pair_status", "decision", ["coder_a_id", "coder_b_id", "status"])
    op.create_table(
        "discrepancy_comment",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("discrepancy_id", sa.String(40), nullable=False),
        sa.Column("author_id", sa.Integer(), sa.ForeignKey("coder.id", name=op.f("fk_discrepancy_comment_author_id_coder"),
                                                           ondelete="RESTRICT"), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("uuid", name=op.f("uq_discrepancy_comment_uuid")),
    )
    op.create_index("ix_discrepancy_comment_discrepancy", "discrepancy_comment", ["discrepancy_id"])
    with op.batch_alter_table("code", schema=None) as batch_op:
        batch_op.add_column(sa.Column("needs_work", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("code", schema=None) as batch_op:
        batch_op.drop_column("needs_work")
    op.drop_index("ix_discrepancy_comment_discrepancy", table_name="discrepancy_comment")
    op.drop_table("discrepancy_comment")
    op.drop_index("ix_decision_pair_status", table_name="decision")
    op.drop_index("ix_decision_discrepancy", table_name="decision")
    op.drop_table("decision")
