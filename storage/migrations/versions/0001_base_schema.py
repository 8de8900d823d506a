"""Base schema: project, coders, cases and typed attributes, sources and
sections, the codebook, codings, memos, and the append-only audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""
from alembic import op
import sqlalchemy as sa


revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


AUDIT_APPEND_ONLY_SQLITE = [
    "CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    "CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
]
AUDIT_APPEND_ONLY_POSTGRESQL = [
    "CREATE FUNCTION tandem_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$",
    "CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry "
    "FOR EACH ROW EXECUTE FUNCTION tandem_audit_append_only()",
]


def _append_only_audit() -> None:
    dialect = op.get_bind().dialect.name
    statements = {"sqlite": AUDIT_APPEND_ONLY_SQLITE, "postgresql": AUDIT_APPEND_ONLY_POSTGRESQL}
    for sql in statements.get(dialect, []):
        op.execute(sql)


def upgrade() -> None:
    op.create_table('attribute',
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('value_type', sa.String(length=20), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.Uuid(), nullable=False),
    sa.CheckConstraint("value_type IN ('text', 'integer', 'float', 'date', 'boolean')", name=op.f('ck_attribute_value_type')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attribute')),
    sa.UniqueConstraint('name', name=op.f('uq_attribute_name')),
    sa.UniqueConstraint('uuid', name=op.f('uq_attribute_uuid'))
    )
    op.create_table('audit_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.Uuid(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor', sa.String(length=200), nullable=False),
    sa.Column('action', sa.String(length=100), nullable=False),
    sa.Column('entity_type', sa.String(length=50), nullable=False),
    sa.Column('entity_uuid', sa.Uuid(), nullable=True),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.Column('transaction_uuid', sa.Uuid(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entry')),
    sa.UniqueConstraint('uuid', name=op.f('uq_audit_entry_uuid'))
    )
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.create_index('ix_audit_entity', ['entity_uuid'], unique=False)

    op.create_table('case',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.Uuid(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case')),
    sa.UniqueConstraint('name', name=op.f('uq_case_name')),
    sa.UniqueConstraint('uuid', name=op.f('uq_case_uuid'))
    )
    op.create_table('code',
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('colour', sa.String(length=7), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('codable', sa.Boolean(), nullable=False),
    sa.Column('exclusive', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['parent_id'], ['code.id'], name=op.f('fk_code_parent_id_code'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_code')),
    sa.UniqueConstraint('uuid', name=op.f('uq_code_uuid'))
    )
    with op.batch_alter_table('code', schema=None) as batch_op:
        batch_op.create_index('ix_code_parent', ['parent_id'], unique=False)

    op.create_table('coder',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('colour', sa.String(length=7), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.Uuid(), nullable=False),
    sa.CheckConstraint("role IN ('coder', 'lead', 'consensus')", name=op.f('ck_coder_role')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coder')),
    sa.UniqueConstraint('name', name=op.f('uq_coder_name')),
    sa.UniqueConstraint('uuid', name=op.f('uq_coder_uuid'))
    )
    op.create_table('project',
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('settings', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.Uuid(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project')),
    sa.UniqueConstraint('uuid', name=op.f('uq_project_uuid'))
    )
    op.create_table('attribute_value',
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('attribute_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['attribute_id'], ['attribute.id'], name=op.f('fk_attribute_value_attribute_id_attribute'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], name=op.f('fk_attribute_value_case_id_case'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('case_id', 'attribute_id', name=op.f('pk_attribute_value'))
    )
    op.create_table('source',
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('original_filename', sa.String(length=1000), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('imported_at', sa.DateTime(), nullable=False),
    sa.Column('meta', sa.JSON(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.Uuid(), nullable=False),
    sa.CheckConstraint("kind IN ('focus-group', 'interview', 'survey', 'notes', 'document')", name=op.f('ck_source_kind')),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], name=op.f('fk_source_case_id_case'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_source')),
    sa.UniqueConstraint('name', name=op.f('uq_source_name')),
    sa.UniqueConstraint('uuid', name=op.f('uq_source_uuid'))
    )
    with op.batch_alter_table('source', schema=None) as batch_op:
        batch_op.create_index('ix_source_sha256', ['sha256'], unique=False)

    op.create_table('coding',
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('code_id', sa.Integer(), nullable=False),
    sa.Column('coder_id', sa.Integer(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('memo', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.Uuid(), nullable=False),
    sa.CheckConstraint('start >= 0 AND start < "end"', name=op.f('ck_coding_span')),
    sa.ForeignKeyConstraint(['code_id'], ['code.id'], name=op.f('fk_coding_code_id_code'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['coder_id'], ['coder.id'], name=op.f('fk_coding_coder_id_coder'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['source_id'], ['source.id'], name=op.f('fk_coding_source_id_source'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coding')),
    sa.UniqueConstraint('source_id', 'code_id', 'coder_id', 'start', 'end', name='uq_coding_span'),
    sa.UniqueConstraint('uuid', name=op.f('uq_coding_uuid'))
    )
    with op.batch_alter_table('coding', schema=None) as batch_op:
        batch_op.create_index('ix_coding_code', ['code_id'], unique=False)
        batch_op.create_index('ix_coding_source_coder', ['source_id', 'coder_id'], unique=False)

    op.create_table('memo',
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('source_id', sa.Integer(), nullable=True),
    sa.Column('code_id', sa.Integer(), nullable=True),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.Uuid(), nullable=False),
    sa.CheckConstraint('(CASE WHEN source_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN code_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN case_id IS NULL THEN 0 ELSE 1 END) <= 1', name=op.f('ck_memo_one_target')),
    sa.ForeignKeyConstraint(['author_id'], ['coder.id'], name=op.f('fk_memo_author_id_coder'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], name=op.f('fk_memo_case_id_case'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['code_id'], ['code.id'], name=op.f('fk_memo_code_id_code'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['source_id'], ['source.id'], name=op.f('fk_memo_source_id_source'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_memo')),
    sa.UniqueConstraint('uuid', name=op.f('uq_memo_uuid'))
    )
    op.create_table('section',
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('speaker', sa.String(length=300), nullable=True),
    sa.Column('is_moderator', sa.Boolean(), nullable=False),
    sa.Column('question', sa.Text(), nullable=True),
    sa.Column('meta', sa.JSON(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.Uuid(), nullable=False),
    sa.CheckConstraint("kind IN ('turn', 'response', 'paragraph')", name=op.f('ck_section_kind')),
    sa.CheckConstraint('start >= 0 AND start < "end"', name=op.f('ck_section_span')),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], name=op.f('fk_section_case_id_case'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['source_id'], ['source.id'], name=op.f('fk_section_source_id_source'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_section')),
    sa.UniqueConstraint('uuid', name=op.f('uq_section_uuid'))
    )
    with op.batch_alter_table('section', schema=None) as batch_op:
        batch_op.create_index('ix_section_source_start', ['source_id', 'start'], unique=False)

    _append_only_audit()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS tandem_audit_append_only() CASCADE")
    with op.batch_alter_table('section', schema=None) as batch_op:
        batch_op.drop_index('ix_section_source_start')

    op.drop_table('section')
    op.drop_table('memo')
    with op.batch_alter_table('coding', schema=None) as batch_op:
        batch_op.drop_index('ix_coding_source_coder')
        batch_op.drop_index('ix_coding_code')

    op.drop_table('coding')
    with op.batch_alter_table('source', schema=None) as batch_op:
        batch_op.drop_index('ix_source_sha256')

    op.drop_table('source')
    op.drop_table('attribute_value')
    op.drop_table('project')
    op.drop_table('coder')
    with op.batch_alter_table('code', schema=None) as batch_op:
        batch_op.drop_index('ix_code_parent')

    op.drop_table('code')
    op.drop_table('case')
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_entity')

    op.drop_table('audit_entry')
    op.drop_table('attribute')
