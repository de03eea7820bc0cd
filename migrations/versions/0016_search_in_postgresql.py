"""search in PostgreSQL: search_documents (weighted tsvector, GIN) and search_words (pg_trgm)

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02 08:00:00

On SQLite the two tables are created empty (the Whoosh backend is used there); the extension and the GIN
indexes are PostgreSQL's.
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.create_table('search_documents',
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('doc_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('vector', sa.Text().with_variant(postgresql.TSVECTOR(), 'postgresql'), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('digest', sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint('kind', 'doc_id'),
    )
    op.create_index('ix_search_documents_vector', 'search_documents', ['vector'], unique=False,
                    postgresql_using='gin')
    op.create_table('search_words',
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('word', sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint('kind', 'word'),
    )
    op.create_index('ix_search_words_word_trgm', 'search_words', ['word'], unique=False,
                    postgresql_using='gin', postgresql_ops={'word': 'gin_trgm_ops'})


def downgrade():
    op.drop_index('ix_search_words_word_trgm', table_name='search_words')
    op.drop_table('search_words')
    op.drop_index('ix_search_documents_vector', table_name='search_documents')
    op.drop_table('search_documents')
