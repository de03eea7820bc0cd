"""search queue: the id of a deleted row is never given to a new one (SQLite AUTOINCREMENT)

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-02 19:30:00

Without AUTOINCREMENT SQLite numbers a new row one past the highest there, so once the newest rows are applied and
deleted the next change takes one of their ids. A process that read an old row before another process applied and
deleted it then deleted the new change by that id after writing the index, and the change never reached it.
PostgreSQL's sequence never gives an id twice: nothing changes there.
"""
from alembic import op


revision = '0025'
down_revision = '0024'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != 'sqlite':
        return
    with op.batch_alter_table('search_queue', recreate='always', table_kwargs={'sqlite_autoincrement': True}):
        pass  # the queued rows are copied with their ids; the next id follows the highest of them


def downgrade():
    if op.get_bind().dialect.name != 'sqlite':
        return
    with op.batch_alter_table('search_queue', recreate='always', table_kwargs={'sqlite_autoincrement': False}):
        pass
