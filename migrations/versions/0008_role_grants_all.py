"""roles: grants_all, so the administrator holds permissions added by later upgrades

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 04:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    # A plain ADD COLUMN: a batch copy of `roles` would drop a table that staff rows point at.
    op.add_column('roles', sa.Column('grants_all', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.execute(sa.text("UPDATE roles SET grants_all = :yes WHERE name = 'admin'").bindparams(yes=True))


def downgrade():
    with op.batch_alter_table('roles', schema=None) as batch_op:
        batch_op.drop_column('grants_all')
