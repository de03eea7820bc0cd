"""search_queue: index changes written in the same transaction as the data, applied after commit;
search_log: every FAQ search with its result count; search_synonyms, seeded with support vocabulary

Revision ID: 0012
Revises: 0008
Create Date: 2026-12-02 04:45:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

# A copy, so the migration does not change when the application's defaults do (portal/search/synonyms.py).
DEFAULT_SYNONYMS = (
    "رمز عبور, گذرواژه, پسورد",
    "اینترنت, نت, اتصال",
    "قطع, وصل نمی‌شود, وصل نمیشه, قطعی",
    "ایمیل, رایانامه, پست الکترونیک, میل",
    "موبایل, تلفن همراه, گوشی",
    "صورتحساب, فاکتور, قبض",
    "پرداخت, واریز",
    "وای‌فای, وایفای, wifi",
    "مودم, روتر",
    "حساب کاربری, اکانت",
    "ورود, لاگین",
    "سرعت پایین, کندی, کند",
    "تغییر, عوض",
)


def upgrade():
    op.create_table(
        'search_queue',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('doc_id', sa.Integer(), nullable=False),
        sa.Column('queued_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_search_queue')),
    )
    with op.batch_alter_table('search_queue', schema=None) as batch_op:
        batch_op.create_index('ix_search_queue_kind_doc_id', ['kind', 'doc_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_search_queue_queued_at'), ['queued_at'], unique=False)
    op.create_table(
        'search_log',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('searched_at', sa.DateTime(), nullable=False),
        sa.Column('scope', sa.String(length=20), nullable=False),
        sa.Column('query', sa.String(length=200), nullable=False),
        sa.Column('results', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_search_log')),
    )
    with op.batch_alter_table('search_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_search_log_searched_at'), ['searched_at'], unique=False)


    synonyms = op.create_table(
        'search_synonyms',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('words', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_search_synonyms')),
    )
    op.bulk_insert(synonyms, [{'words': words} for words in DEFAULT_SYNONYMS])


def downgrade():
    op.drop_table('search_synonyms')
    with op.batch_alter_table('search_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_search_log_searched_at'))
    op.drop_table('search_log')
    with op.batch_alter_table('search_queue', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_search_queue_queued_at'))
        batch_op.drop_index('ix_search_queue_kind_doc_id')
    op.drop_table('search_queue')
