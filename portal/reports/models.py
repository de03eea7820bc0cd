"""The reports room's tables: the calendar (one row per local day, so "per Jalali week/month" is a join and a
GROUP BY on any database), NPS surveys and their personal links, and the weekly-summary opt-ins."""
from ..customers.models import NpsResponse
from ..extensions import db
from ..models_base import utcnow


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
