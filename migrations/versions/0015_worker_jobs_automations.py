"""worker jobs and automations: the job table, SLA warnings, staff notification preferences

Revision ID: 0015
Revises: 0008
Create Date: 2026-12-02 04:50:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0008'
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


def downgrade():
    op.drop_table('worker_jobs')
