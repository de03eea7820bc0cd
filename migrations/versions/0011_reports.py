"""reports: the calendar table; first response and resolution stored on tickets with business durations;
NPS surveys and invitations; weekly summary opt-ins

Revision ID: 0011
Revises: 0008
Create Date: 2026-12-02 04:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

BATCH = 1000


def upgrade():
    op.create_table('calendar_days',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('ends_at', sa.DateTime(), nullable=False),
    sa.Column('jalali_year', sa.Integer(), nullable=False),
    sa.Column('jalali_month', sa.SmallInteger(), nullable=False),
    sa.Column('jalali_day', sa.SmallInteger(), nullable=False),
    sa.Column('jalali_week', sa.SmallInteger(), nullable=False),
    sa.Column('week_start', sa.Date(), nullable=False),
    sa.Column('weekday', sa.SmallInteger(), nullable=False),
    sa.Column('is_business_day', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('day', name=op.f('pk_calendar_days')),
    sa.UniqueConstraint('starts_at', name=op.f('uq_calendar_days_starts_at'))
    )
    with op.batch_alter_table('calendar_days', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_calendar_days_week_start'), ['week_start'], unique=False)

    # Plain ADD COLUMN (the foreign key inline), never a batch copy of tickets: on SQLite that copy drops the
    # old table, and with foreign keys on, the drop would cascade to every ticket's messages.
    if op.get_bind().dialect.name == 'sqlite':
        if 'first_responder_id' not in {c['name'] for c in sa.inspect(op.get_bind()).get_columns('tickets')}:
            op.execute('ALTER TABLE tickets ADD COLUMN first_responder_id INTEGER '
                       'CONSTRAINT fk_tickets_first_responder_id_staff_users REFERENCES staff_users (id)')
    else:
        op.add_column('tickets', sa.Column('first_responder_id', sa.Integer(), nullable=True))
        op.create_foreign_key(op.f('fk_tickets_first_responder_id_staff_users'), 'tickets', 'staff_users',
                              ['first_responder_id'], ['id'])
    op.add_column('tickets', sa.Column('first_response_business_seconds', sa.Integer(), nullable=True))
    op.add_column('tickets', sa.Column('resolution_business_seconds', sa.Integer(), nullable=True))
    op.create_index('ix_tickets_created', 'tickets',
                    ['created_at', 'department_id', 'category_id', 'channel', 'assignee_id'], unique=False)
    op.create_index('ix_tickets_resolved', 'tickets',
                    ['resolved_at', 'department_id', 'category_id', 'channel', 'assignee_id'], unique=False)

    op.create_table('nps_surveys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('audience', sa.String(length=10), nullable=False),
    sa.Column('resolved_days', sa.Integer(), nullable=True),
    sa.Column('gap_days', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('invited', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['staff_users.id'], name=op.f('fk_nps_surveys_created_by_id_staff_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nps_surveys'))
    )
    op.create_table('nps_invitations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=False),
    sa.Column('answered_at', sa.DateTime(), nullable=True),
    sa.Column('response_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_nps_invitations_customer_id_customers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['response_id'], ['nps_responses.id'], name=op.f('fk_nps_invitations_response_id_nps_responses'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['survey_id'], ['nps_surveys.id'], name=op.f('fk_nps_invitations_survey_id_nps_surveys'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nps_invitations')),
    sa.UniqueConstraint('token', name=op.f('uq_nps_invitations_token'))
    )
    with op.batch_alter_table('nps_invitations', schema=None) as batch_op:
        batch_op.create_index('ix_nps_invitations_customer_sent', ['customer_id', 'sent_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_nps_invitations_survey_id'), ['survey_id'], unique=False)
    op.create_table('report_summary_subscriptions',
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_sent_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_users.id'], name=op.f('fk_report_summary_subscriptions_staff_id_staff_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('staff_id', name=op.f('pk_report_summary_subscriptions'))
    )

    _backfill()


def _backfill():
    """Existing tickets: who answered first (the earliest public staff message) and both business durations;
    then the calendar for the default range, so a fresh install's reports work at once."""
    from flask import current_app

    from portal.reports.calendar import DEFAULT_YEARS_AHEAD, DEFAULT_YEARS_BACK, day_row, local_today
    from portal.tickets.services.sla import BusinessCalendar
    from portal.tickets.services.timing import business_seconds_between

    cal = BusinessCalendar.from_config(current_app.config)
    conn = op.get_bind()
    conn.execute(sa.text(
        "UPDATE tickets SET first_responder_id = (SELECT m.author_staff_id FROM ticket_messages m "
        "WHERE m.ticket_id = tickets.id AND m.author_staff_id IS NOT NULL AND m.is_internal = :no "
        "ORDER BY m.created_at, m.id LIMIT 1) WHERE first_response_at IS NOT NULL").bindparams(no=False))
    last_id = 0
    while True:
        rows = conn.execute(sa.text(
            "SELECT id, created_at, first_response_at, resolved_at FROM tickets WHERE id > :last "
            "AND (first_response_at IS NOT NULL OR resolved_at IS NOT NULL) ORDER BY id LIMIT :n")
            .columns(sa.column('id', sa.Integer), sa.column('created_at', sa.DateTime),
                     sa.column('first_response_at', sa.DateTime), sa.column('resolved_at', sa.DateTime)),
            {"last": last_id, "n": BATCH}).all()
        if not rows:
            break
        for ticket_id, created, first, resolved in rows:
            conn.execute(sa.text("UPDATE tickets SET first_response_business_seconds = :f, "
                                 "resolution_business_seconds = :r WHERE id = :id"),
                         {"id": ticket_id, "f": business_seconds_between(created, first, cal) if first else None,
                          "r": business_seconds_between(created, resolved, cal) if resolved else None})
        last_id = rows[-1][0]

    from datetime import date, timedelta

    today = local_today(cal)
    first_ticket = conn.execute(sa.text("SELECT min(created_at) AS first FROM tickets")
                                .columns(sa.column('first', sa.DateTime))).scalar()
    start = today.replace(year=today.year - DEFAULT_YEARS_BACK, day=1)
    if first_ticket is not None:
        start = min(start, local_today(cal, first_ticket) - timedelta(days=1))
    end = date(today.year + DEFAULT_YEARS_AHEAD, 12, 31)
    table = sa.table('calendar_days', *(sa.column(c) for c in (
        'day', 'starts_at', 'ends_at', 'jalali_year', 'jalali_month', 'jalali_day', 'jalali_week', 'week_start',
        'weekday', 'is_business_day')))
    rows, day = [], start
    while day <= end:
        rows.append(day_row(day, cal))
        day += timedelta(days=1)
    op.bulk_insert(table, rows)


def downgrade():
    op.drop_table('report_summary_subscriptions')
    with op.batch_alter_table('nps_invitations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_nps_invitations_survey_id'))
        batch_op.drop_index('ix_nps_invitations_customer_sent')
    op.drop_table('nps_invitations')
    op.drop_table('nps_surveys')
    op.drop_index('ix_tickets_resolved', table_name='tickets')
    op.drop_index('ix_tickets_created', table_name='tickets')
    op.drop_column('tickets', 'resolution_business_seconds')
    op.drop_column('tickets', 'first_response_business_seconds')
    if op.get_bind().dialect.name != 'sqlite':
        op.drop_constraint(op.f('fk_tickets_first_responder_id_staff_users'), 'tickets', type_='foreignkey')
        op.drop_column('tickets', 'first_responder_id')
    # SQLite cannot drop a column with a foreign key without copying the table, and that copy would cascade
    # to the messages: the unused first_responder_id column stays there.
    with op.batch_alter_table('calendar_days', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_calendar_days_week_start'))
    op.drop_table('calendar_days')
