"""The automations' memory (what was already sent) and the staff's notification choices."""
from ..extensions import db
from ..models_base import utcnow


class AutomationNotice(db.Model):
    """One row per notice an automation sent: (kind, target, key) never twice.

    key tells repeated notices for one target apart: the due time of an SLA warning (a reopened ticket gets a
    new one), "" when there is only ever one.
    """

    __tablename__ = "automation_notices"
    id = db.Column(db.Integer, primary_key=True)
    kind = db.Column(db.String(40), nullable=False)
    target_id = db.Column(db.Integer, nullable=False)
    key = db.Column(db.String(40), nullable=False, default="")
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    __table_args__ = (db.UniqueConstraint("kind", "target_id", "key", name="uq_automation_notice"),)


class StaffNotificationPrefs(db.Model):
    """How a staff member hears of each kind of event: {"kind": "email" | "sms" | "none"}; missing means e-mail."""

    __tablename__ = "staff_notification_prefs"
    staff_id = db.Column(db.Integer, db.ForeignKey("staff_users.id", ondelete="CASCADE"), primary_key=True)
    mobile = db.Column(db.String(11))  # canonical 09xxxxxxxxx; needed for SMS
    choices = db.Column(db.JSON, nullable=False, default=dict)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow)
