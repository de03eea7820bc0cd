"""reports: the daily rollup the slow reports read and its state; repeating NPS survey schedules

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02 08:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    counts = ['created', 'resolved', 'first_response_met', 'first_response_late', 'resolution_met',
              'resolution_late', 'ratings', 'score_sum', 'score_1', 'score_2', 'score_3', 'score_4', 'score_5']
    op.create_table('report_ticket_days',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('department_id', sa.Integer(), nullable=False),
        sa.Column('category_id', sa.Integer(), nullable=True),
        sa.Column('channel', sa.String(length=20), nullable=False),
        sa.Column('assignee_id', sa.Integer(), nullable=True),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in counts),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_report_ticket_days'))
    )
    op.create_index('ix_report_ticket_days_day', 'report_ticket_days', ['day', 'department_id', 'assignee_id'])
    unfinished = sa.text('resolved_at IS NULL OR first_response_at IS NULL')
    op.create_index('ix_tickets_unfinished', 'tickets',
                    ['created_at', 'first_response_due_at', 'resolution_due_at', 'first_response_at', 'resolved_at',
                     'department_id', 'assignee_id'], sqlite_where=unfinished, postgresql_where=unfinished)
    op.create_index('ix_tickets_speed', 'tickets',
                    ['created_at', 'first_response_business_seconds', 'resolution_business_seconds',
                     'first_responder_id', 'assignee_id', 'department_id', 'category_id', 'channel'])
    op.create_index('ix_tickets_created_customer', 'tickets',
                    ['created_at', 'customer_id', 'department_id', 'assignee_id'])
    op.create_index('ix_customers_created', 'customers', ['created_at'])
    op.create_index('ix_ticket_messages_created', 'ticket_messages',
                    ['created_at', 'author_staff_id', 'is_internal', 'ticket_id'])
    op.create_table('report_rollup_state',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('refreshed_at', sa.DateTime(), nullable=True),
        sa.Column('rebuilt_at', sa.DateTime(), nullable=True),
        sa.Column('last_event_id', sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_report_rollup_state'))
    )
    op.create_table('nps_schedules',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('audience', sa.String(length=10), nullable=False),
        sa.Column('resolved_days', sa.Integer(), nullable=True),
        sa.Column('gap_days', sa.Integer(), nullable=False),
        sa.Column('every_days', sa.Integer(), nullable=True),
        sa.Column('jalali_day', sa.SmallInteger(), nullable=True),
        sa.Column('paused', sa.Boolean(), nullable=False),
        sa.Column('next_run_at', sa.DateTime(), nullable=False),
        sa.Column('last_run_at', sa.DateTime(), nullable=True),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['created_by_id'], ['staff_users.id'],
                                name=op.f('fk_nps_schedules_created_by_id_staff_users'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_nps_schedules'))
    )
    # Plain ADD COLUMN (never a batch copy: nps_invitations references nps_surveys).
    if op.get_bind().dialect.name == 'sqlite':
        op.execute('ALTER TABLE nps_surveys ADD COLUMN schedule_id INTEGER '
                   'CONSTRAINT fk_nps_surveys_schedule_id_nps_schedules REFERENCES nps_schedules (id)')
    else:
        op.add_column('nps_surveys', sa.Column('schedule_id', sa.Integer(), nullable=True))
        op.create_foreign_key(op.f('fk_nps_surveys_schedule_id_nps_schedules'), 'nps_surveys', 'nps_schedules',
                              ['schedule_id'], ['id'])


def downgrade():
    # SQLite cannot drop a column with a foreign key without copying the table (which would cascade to the
    # invitations): there the unused column stays.
    if op.get_bind().dialect.name != 'sqlite':
        op.drop_constraint(op.f('fk_nps_surveys_schedule_id_nps_schedules'), 'nps_surveys', type_='foreignkey')
        op.drop_column('nps_surveys', 'schedule_id')
    op.drop_table('nps_schedules')
    op.drop_index('ix_tickets_unfinished', table_name='tickets')
    op.drop_index('ix_ticket_messages_created', table_name='ticket_messages')
    op.drop_index('ix_tickets_speed', table_name='tickets')
    op.drop_index('ix_tickets_created_customer', table_name='tickets')
    op.drop_index('ix_customers_created', table_name='customers')
    op.drop_table('report_rollup_state')
    op.drop_index('ix_report_ticket_days_day', table_name='report_ticket_days')
    op.drop_table('report_ticket_days')
