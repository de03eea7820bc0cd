"""Small pieces every model file shares."""
from datetime import datetime, timezone

from .extensions import db


def utcnow() -> datetime:
    """Naive UTC: what the database stores; jalali.py turns it into local time for display."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


class TimestampMixin:
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
