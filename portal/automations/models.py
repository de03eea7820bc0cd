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


class FollowUp(db.Model):
    """An agent's reminder: a follow-up on a ticket, or a task on a customer ("call back"), due at a time."""

    __tablename__ = "follow_ups"
    id = db.Column(db.Integer, primary_key=True)
    customer_id = db.Column(db.Integer, db.ForeignKey("customers.id", ondelete="CASCADE"), nullable=False)
    ticket_id = db.Column(db.Integer, db.ForeignKey("tickets.id", ondelete="CASCADE"))  # None: a task on the customer
    owner_id = db.Column(db.Integer, db.ForeignKey("staff_users.id"), nullable=False)
    due_at = db.Column(db.DateTime, nullable=False)  # UTC
    note = db.Column(db.Text)
    reminded_at = db.Column(db.DateTime)
    done_at = db.Column(db.DateTime)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    customer = db.relationship("Customer")
    ticket = db.relationship("Ticket")
    owner = db.relationship("StaffUser")

    __table_args__ = (
        db.Index("ix_follow_ups_owner_open", "owner_id", "done_at", "due_at"),
        db.Index("ix_follow_ups_due", "reminded_at", "due_at"),
        db.Index("ix_follow_ups_customer", "customer_id", "due_at"),
        db.Index("ix_follow_ups_ticket", "ticket_id"),
    )


class CustomerGreetings(db.Model):
    """A customer's consent to greetings (off unless given) and birthday; the Jalali month and day for the daily query."""

    __tablename__ = "customer_greetings"
    customer_id = db.Column(db.Integer, db.ForeignKey("customers.id", ondelete="CASCADE"), primary_key=True)
    opted_in = db.Column(db.Boolean, nullable=False, default=False)
    birth_date = db.Column(db.Date)
    birth_jmonth = db.Column(db.SmallInteger)
    birth_jday = db.Column(db.SmallInteger)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow)

    customer = db.relationship("Customer")

    __table_args__ = (db.Index("ix_customer_greetings_birthday", "opted_in", "birth_jmonth", "birth_jday"),)
