"""The calendar table: one row per local day, so "per Jalali week/month" is a join and a GROUP BY on any database."""
from ..extensions import db


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
