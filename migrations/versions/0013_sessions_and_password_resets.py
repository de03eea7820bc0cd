"""accounts: server-side sessions, password resets, contact verifications, customers' proven addresses and notification language

Revision ID: 0013
Revises: 0008
Create Date: 2026-12-02 04:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'auth_sessions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('account_kind', sa.String(length=10), nullable=False),
        sa.Column('account_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('last_seen_at', sa.DateTime(), nullable=False),
        sa.Column('ip_address', sa.String(length=45), nullable=True),
        sa.Column('user_agent', sa.String(length=255), nullable=True),
        sa.Column('revoked_at', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_auth_sessions')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_auth_sessions_token_hash')),
    )
    op.create_index('ix_auth_sessions_account', 'auth_sessions', ['account_kind', 'account_id'], unique=False)
    op.create_table(
        'password_resets',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('reference_hash', sa.String(length=64), nullable=False),
        sa.Column('secret_hash', sa.String(length=64), nullable=False),
        sa.Column('account_kind', sa.String(length=10), nullable=False),
        sa.Column('account_id', sa.Integer(), nullable=False),
        sa.Column('channel', sa.String(length=10), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('expires_at', sa.DateTime(), nullable=False),
        sa.Column('used_at', sa.DateTime(), nullable=True),
        sa.Column('failed_attempts', sa.Integer(), nullable=False),
        sa.Column('ip_address', sa.String(length=45), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_password_resets')),
        sa.UniqueConstraint('reference_hash', name=op.f('uq_password_resets_reference_hash')),
    )
    op.create_index('ix_password_resets_account', 'password_resets', ['account_kind', 'account_id'], unique=False)
    op.create_index(op.f('ix_password_resets_secret_hash'), 'password_resets', ['secret_hash'], unique=False)
    op.create_table(
        'contact_verifications',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('customer_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('value', sa.String(length=254), nullable=False),
        sa.Column('secret_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('expires_at', sa.DateTime(), nullable=False),
        sa.Column('used_at', sa.DateTime(), nullable=True),
        sa.Column('failed_attempts', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_contact_verifications_customer_id_customers'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_contact_verifications')),
    )
    op.create_index(op.f('ix_contact_verifications_customer_id'), 'contact_verifications', ['customer_id'], unique=False)
    op.create_index(op.f('ix_contact_verifications_secret_hash'), 'contact_verifications', ['secret_hash'], unique=False)
    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('locale', sa.String(length=5), nullable=True))
        batch_op.add_column(sa.Column('mobile_verified_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('email_verified_at', sa.DateTime(), nullable=True))
    # Accounts from before verification existed keep working as they did: their addresses count as proven.
    op.execute("UPDATE customers SET mobile_verified_at = created_at WHERE mobile IS NOT NULL")
    op.execute("UPDATE customers SET email_verified_at = created_at WHERE email IS NOT NULL")


def downgrade():
    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.drop_column('email_verified_at')
        batch_op.drop_column('mobile_verified_at')
        batch_op.drop_column('locale')
    op.drop_index(op.f('ix_contact_verifications_secret_hash'), table_name='contact_verifications')
    op.drop_index(op.f('ix_contact_verifications_customer_id'), table_name='contact_verifications')
    op.drop_table('contact_verifications')
    op.drop_index(op.f('ix_password_resets_secret_hash'), table_name='password_resets')
    op.drop_index('ix_password_resets_account', table_name='password_resets')
    op.drop_table('password_resets')
    op.drop_index('ix_auth_sessions_account', table_name='auth_sessions')
    op.drop_table('auth_sessions')
