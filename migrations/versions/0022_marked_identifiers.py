"""search in PostgreSQL: identifiers in ticket vectors carry a mark («#»), so words and typos never meet them and
ticket queries need no weight letters (the GIN index answers without reading each match's vector)

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-02 13:40:00

Rewrites the weight-D lexemes of every ticket row in place: no reindex is needed. SQLite keeps its tables empty.
"""
from alembic import op


revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None

MARK = '#'  # portal/search/pg_terms.py IDENTIFIER_MARK, copied so this migration never changes


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    # An identifier is an unmarked lexeme at weight D, or one without positions (as the downgrade leaves it: the
    # application never writes a lexeme without positions). Marked, it has no positions and so ranks with weight
    # D, as the positions the application writes do.
    unmarked = (f"FROM unnest(vector) AS u WHERE left(u.lexeme, 1) <> '{MARK}' "
                "AND ('D' = ANY(u.weights) OR u.positions IS NULL)")
    op.execute(f"UPDATE search_documents SET vector = ts_filter(vector, '{{a,b,c}}') "
               f"|| array_to_tsvector(ARRAY(SELECT '{MARK}' || u.lexeme {unmarked})) "
               f"WHERE kind = 'tickets' AND EXISTS (SELECT 1 {unmarked})")


def downgrade():
    # The identifiers come back unmarked, without positions; `flask --app portal reindex` writes them as before.
    if op.get_bind().dialect.name != "postgresql":
        return
    marked = f"FROM unnest(vector) AS u WHERE left(u.lexeme, 1) = '{MARK}'"
    op.execute(f"UPDATE search_documents SET vector = ts_delete(vector, ARRAY(SELECT u.lexeme {marked})) "
               f"|| array_to_tsvector(ARRAY(SELECT substr(u.lexeme, 2) {marked})) WHERE kind = 'tickets'")
