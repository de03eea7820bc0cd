"""staff security keys (WebAuthn) as a second sign-in step

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-02 08:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'staff_security_keys',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('staff_id', sa.Integer(), nullable=False),
        sa.Column('credential_id', sa.String(length=400), nullable=False),
        sa.Column('public_key', sa.LargeBinary(), nullable=False),
        sa.Column('sign_count', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=80), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('last_used_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['staff_id'], ['staff_users.id'],
                                name=op.f('fk_staff_security_keys_staff_id_staff_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_security_keys')),
        sa.UniqueConstraint('credential_id', name=op.f('uq_staff_security_keys_credential_id')),
    )
    op.create_index(op.f('ix_staff_security_keys_staff_id'), 'staff_security_keys', ['staff_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_staff_security_keys_staff_id'), table_name='staff_security_keys')
    op.drop_table('staff_security_keys')
