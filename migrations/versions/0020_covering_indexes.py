"""indexes that carry the ticket id, so PostgreSQL pages the queue, the lists and the outbox from the index alone;
an agent's open tickets by assignee and status

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-02 08:05:00

SQLite keys every index with the rowid (the id) already; PostgreSQL does not, so a page of ids ordered by
(due time, id) or (last activity, id) had to visit the table for each candidate row and sort them. At a
million tickets that is what separated the queue from its 100 ms goal (bench/RESULTS.md).
"""
from alembic import op


revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None

# name -> (old columns, new columns)
TICKETS = {
    'ix_tickets_customer_activity': (['customer_id', 'last_activity_at'], ['customer_id', 'last_activity_at', 'id']),
    'ix_tickets_queue': (['department_id', 'status', 'sla_due_at', 'assignee_id'],
                         ['department_id', 'status', 'sla_due_at', 'assignee_id', 'id']),
    'ix_tickets_status_due': (['status', 'sla_due_at', 'assignee_id', 'department_id'],
                              ['status', 'sla_due_at', 'assignee_id', 'department_id', 'id']),
    'ix_tickets_category_queue': (['category_id', 'status', 'sla_due_at', 'assignee_id'],
                                  ['category_id', 'status', 'sla_due_at', 'assignee_id', 'id']),
    'ix_tickets_status_activity': (['status', 'last_activity_at'], ['status', 'last_activity_at', 'id']),
    'ix_tickets_activity': (['last_activity_at'], ['last_activity_at', 'id']),
}


def upgrade():
    for name, (_, columns) in TICKETS.items():
        op.drop_index(name, table_name='tickets')
        op.create_index(name, 'tickets', columns, unique=False)
    op.drop_index('ix_tickets_assignee_id', table_name='tickets')
    op.create_index('ix_tickets_assignee_status', 'tickets', ['assignee_id', 'status'], unique=False)
    op.create_index('ix_outbox_status_created', 'outbox_messages', ['status', 'created_at', 'id'], unique=False)


def downgrade():
    op.drop_index('ix_outbox_status_created', table_name='outbox_messages')
    op.drop_index('ix_tickets_assignee_status', table_name='tickets')
    op.create_index('ix_tickets_assignee_id', 'tickets', ['assignee_id'], unique=False)
    for name, (columns, _) in TICKETS.items():
        op.drop_index(name, table_name='tickets')
        op.create_index(name, 'tickets', columns, unique=False)
