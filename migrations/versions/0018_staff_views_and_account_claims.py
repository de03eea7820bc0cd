"""when each agent last opened each ticket (the queue's unread mark); registrations claiming a record made from a message or call

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02 08:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('ticket_staff_views',
        sa.Column('ticket_id', sa.Integer(), nullable=False),
        sa.Column('staff_id', sa.Integer(), nullable=False),
        sa.Column('seen_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['staff_id'], ['staff_users.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('ticket_id', 'staff_id')
    )
    op.create_table('account_claims',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('reference_hash', sa.String(length=64), nullable=False),
        sa.Column('customer_id', sa.Integer(), nullable=False),
        sa.Column('verification_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('full_name', sa.String(length=120), nullable=False),
        sa.Column('password_hash', sa.String(length=255), nullable=False),
        sa.Column('national_code', sa.String(length=10), nullable=True),
        sa.Column('email', sa.String(length=254), nullable=True),
        sa.Column('username', sa.String(length=40), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('expires_at', sa.DateTime(), nullable=False),
        sa.Column('used_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['verification_id'], ['contact_verifications.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('reference_hash')
    )
    op.create_index('ix_account_claims_customer_id', 'account_claims', ['customer_id'], unique=False)
    op.create_index('ix_account_claims_verification_id', 'account_claims', ['verification_id'], unique=False)


def downgrade():
    op.drop_table('account_claims')
    op.drop_table('ticket_staff_views')
