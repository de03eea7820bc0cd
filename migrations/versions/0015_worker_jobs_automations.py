"""worker jobs and automations: jobs, notices sent, staff notification settings, follow-ups, contract agents, greetings, stored files

Revision ID: 0015
Revises: 0008
Create Date: 2026-12-02 04:50:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('worker_jobs',
        sa.Column('name', sa.String(length=80), nullable=False),
        sa.Column('next_due_at', sa.DateTime(), nullable=False),
        sa.Column('claimed_by', sa.String(length=120), nullable=True),
        sa.Column('claimed_until', sa.DateTime(), nullable=True),
        sa.Column('last_started_at', sa.DateTime(), nullable=True),
        sa.Column('last_finished_at', sa.DateTime(), nullable=True),
        sa.Column('last_outcome', sa.String(length=10), nullable=True),
        sa.Column('last_summary', sa.Text(), nullable=True),
        sa.Column('last_worker', sa.String(length=120), nullable=True),
        sa.Column('runs', sa.Integer(), nullable=False),
        sa.Column('failures', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('name')
    )
    op.create_table('automation_notices',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('target_id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=40), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('kind', 'target_id', 'key', name='uq_automation_notice')
    )
    op.create_table('staff_notification_prefs',
        sa.Column('staff_id', sa.Integer(), nullable=False),
        sa.Column('mobile', sa.String(length=11), nullable=True),
        sa.Column('choices', sa.JSON(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['staff_id'], ['staff_users.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('staff_id')
    )
    op.create_table('follow_ups',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('customer_id', sa.Integer(), nullable=False),
        sa.Column('ticket_id', sa.Integer(), nullable=True),
        sa.Column('owner_id', sa.Integer(), nullable=False),
        sa.Column('due_at', sa.DateTime(), nullable=False),
        sa.Column('note', sa.Text(), nullable=True),
        sa.Column('reminded_at', sa.DateTime(), nullable=True),
        sa.Column('done_at', sa.DateTime(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['owner_id'], ['staff_users.id'], ),
        sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.create_index('ix_follow_ups_customer', ['customer_id', 'due_at'], unique=False)
        batch_op.create_index('ix_follow_ups_due', ['reminded_at', 'due_at'], unique=False)
        batch_op.create_index('ix_follow_ups_owner_open', ['owner_id', 'done_at', 'due_at'], unique=False)
        batch_op.create_index('ix_follow_ups_ticket', ['ticket_id'], unique=False)
    op.create_table('customer_greetings',
        sa.Column('customer_id', sa.Integer(), nullable=False),
        sa.Column('opted_in', sa.Boolean(), nullable=False),
        sa.Column('birth_date', sa.Date(), nullable=True),
        sa.Column('birth_jmonth', sa.SmallInteger(), nullable=True),
        sa.Column('birth_jday', sa.SmallInteger(), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('customer_id')
    )
    with op.batch_alter_table('customer_greetings', schema=None) as batch_op:
        batch_op.create_index('ix_customer_greetings_birthday', ['opted_in', 'birth_jmonth', 'birth_jday'], unique=False)
    op.create_table('stored_files',
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('key')
    )
    with op.batch_alter_table('support_contracts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('agent_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_support_contracts_agent_id_staff_users', 'staff_users', ['agent_id'], ['id'])


def downgrade():
    with op.batch_alter_table('support_contracts', schema=None) as batch_op:
        batch_op.drop_constraint('fk_support_contracts_agent_id_staff_users', type_='foreignkey')
        batch_op.drop_column('agent_id')
    op.drop_table('stored_files')
    op.drop_table('customer_greetings')
    op.drop_table('follow_ups')
    op.drop_table('staff_notification_prefs')
    op.drop_table('automation_notices')
    op.drop_table('worker_jobs')
