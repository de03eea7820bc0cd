"""The reports room's tables: the calendar (one row per local day, so "per Jalali week/month" is a join and a
GROUP BY on any database), NPS surveys and their personal links, and the weekly-summary opt-ins."""
from ..accounts.models import Customer
from ..customers.models import NpsResponse
from ..extensions import db
from ..models_base import utcnow

# New customers per period: the calendar walks its days and reads each day's customers from here.
db.Index("ix_customers_created", Customer.created_at)


class CalendarDay(db.Model):
    """A day in PORTAL_TIMEZONE with its UTC bounds (what stored times are compared with) and Jalali parts."""

    __tablename__ = "calendar_days"
    day = db.Column(db.Date, primary_key=True)  # Gregorian, local
    starts_at = db.Column(db.DateTime, nullable=False, unique=True)  # local midnight, as naive UTC
    ends_at = db.Column(db.DateTime, nullable=False)  # the next local midnight, as naive UTC
    jalali_year = db.Column(db.Integer, nullable=False)
    jalali_month = db.Column(db.SmallInteger, nullable=False)  # 1 Farvardin .. 12 Esfand
    jalali_day = db.Column(db.SmallInteger, nullable=False)
    jalali_week = db.Column(db.SmallInteger, nullable=False)  # week of the Jalali year, weeks start on Saturday
    week_start = db.Column(db.Date, nullable=False, index=True)  # the Saturday that starts this day's week
    weekday = db.Column(db.SmallInteger, nullable=False)  # 0 Saturday .. 6 Friday
    is_business_day = db.Column(db.Boolean, nullable=False)


class NpsSurvey(db.Model):
    """One run of the NPS survey: who was asked (audience) and how often a customer may be asked."""

    __tablename__ = "nps_surveys"
    id = db.Column(db.Integer, primary_key=True)
    audience = db.Column(db.String(10), nullable=False)  # "resolved": a ticket resolved lately; "active": everyone
    resolved_days = db.Column(db.Integer)  # the "resolved" audience: within this many days
    gap_days = db.Column(db.Integer, nullable=False)  # nobody is asked twice within this many days
    created_by_id = db.Column(db.Integer, db.ForeignKey("staff_users.id"))
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    invited = db.Column(db.Integer, nullable=False, default=0)
    schedule_id = db.Column(db.Integer, db.ForeignKey("nps_schedules.id"))  # None: sent by hand (or schedule deleted)

    created_by = db.relationship("StaffUser")


class NpsInvitation(db.Model):
    """A customer's personal link to one survey; answered once, without signing in."""

    __tablename__ = "nps_invitations"
    id = db.Column(db.Integer, primary_key=True)
    survey_id = db.Column(db.Integer, db.ForeignKey("nps_surveys.id", ondelete="CASCADE"), nullable=False, index=True)
    customer_id = db.Column(db.Integer, db.ForeignKey("customers.id", ondelete="CASCADE"), nullable=False)
    token = db.Column(db.String(64), nullable=False, unique=True)  # random, in the link; never the id
    sent_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    answered_at = db.Column(db.DateTime)
    response_id = db.Column(db.Integer, db.ForeignKey("nps_responses.id", ondelete="SET NULL"))

    customer = db.relationship("Customer")
    response = db.relationship(NpsResponse)

    __table_args__ = (db.Index("ix_nps_invitations_customer_sent", "customer_id", "sent_at"),)


class SummarySubscription(db.Model):
    """A staff member who asked for the weekly summary e-mail (opt-in)."""

    __tablename__ = "report_summary_subscriptions"
    staff_id = db.Column(db.Integer, db.ForeignKey("staff_users.id", ondelete="CASCADE"), primary_key=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    last_sent_at = db.Column(db.DateTime)

    staff = db.relationship("StaffUser")


class TicketDay(db.Model):
    """The rollup the slow reports read: per local day and ticket dimensions, what happened that day.

    created and the SLA counts are keyed by the day the tickets were opened; resolved by the day they were
    resolved; the ratings by the day they were given. Rebuilt by rollup.refresh() (the worker, the command);
    a ticket's dimensions are its current ones, as in the direct queries."""

    __tablename__ = "report_ticket_days"
    id = db.Column(db.Integer, primary_key=True)
    day = db.Column(db.Date, nullable=False)
    department_id = db.Column(db.Integer, nullable=False)
    category_id = db.Column(db.Integer)
    channel = db.Column(db.String(20), nullable=False)
    assignee_id = db.Column(db.Integer)
    created = db.Column(db.Integer, nullable=False, default=0)
    resolved = db.Column(db.Integer, nullable=False, default=0)
    first_response_met = db.Column(db.Integer, nullable=False, default=0)  # answered by the due time
    first_response_late = db.Column(db.Integer, nullable=False, default=0)  # answered after it
    resolution_met = db.Column(db.Integer, nullable=False, default=0)
    resolution_late = db.Column(db.Integer, nullable=False, default=0)
    ratings = db.Column(db.Integer, nullable=False, default=0)
    score_sum = db.Column(db.Integer, nullable=False, default=0)
    score_1 = db.Column(db.Integer, nullable=False, default=0)
    score_2 = db.Column(db.Integer, nullable=False, default=0)
    score_3 = db.Column(db.Integer, nullable=False, default=0)
    score_4 = db.Column(db.Integer, nullable=False, default=0)
    score_5 = db.Column(db.Integer, nullable=False, default=0)

    __table_args__ = (db.Index("ix_report_ticket_days_day", "day", "department_id", "assignee_id"),)


class RollupState(db.Model):
    """One row: when the rollup was last refreshed (what the next incremental refresh starts from) and rebuilt."""

    __tablename__ = "report_rollup_state"
    id = db.Column(db.Integer, primary_key=True)
    refreshed_at = db.Column(db.DateTime)
    rebuilt_at = db.Column(db.DateTime)
    last_event_id = db.Column(db.Integer)  # the newest ticket history event already taken


class NpsSchedule(db.Model):
    """A repeating NPS survey: who, how often a customer may be asked, and when it runs (every K days, or on
    a Jalali day of each month); the worker runs it once per due time."""

    __tablename__ = "nps_schedules"
    id = db.Column(db.Integer, primary_key=True)
    audience = db.Column(db.String(10), nullable=False)  # as NpsSurvey.audience
    resolved_days = db.Column(db.Integer)
    gap_days = db.Column(db.Integer, nullable=False)
    every_days = db.Column(db.Integer)  # set: every this many days ...
    jalali_day = db.Column(db.SmallInteger)  # ... or set: on this day of each Jalali month (the last day if shorter)
    paused = db.Column(db.Boolean, nullable=False, default=False)
    next_run_at = db.Column(db.DateTime, nullable=False)  # naive UTC
    last_run_at = db.Column(db.DateTime)
    created_by_id = db.Column(db.Integer, db.ForeignKey("staff_users.id", ondelete="SET NULL"))
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow)

    created_by = db.relationship("StaffUser")
