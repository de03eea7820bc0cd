"""What the back office knows about a customer beyond their account: contracts, contacts, custom fields, NPS."""
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from ..accounts.models import Customer
from ..extensions import db
from ..models_base import TimestampMixin, utcnow
from ..persian import normalize_text

INTERACTION_KINDS = ("call", "sms", "email", "visit", "note")
DIRECTIONS = ("in", "out")
FIELD_KINDS = ("text", "number", "date", "choice")


class CustomerSearchKey(db.Model):
    """The customer's name normalised as search needs it (ي/ی, ك/ک, ZWNJ, diacritics), kept in step on flush."""

    __tablename__ = "customer_search_keys"
    customer_id = db.Column(db.Integer, db.ForeignKey("customers.id", ondelete="CASCADE"), primary_key=True)
    name_key = db.Column(db.String(160), nullable=False, index=True)

    customer = db.relationship(Customer, backref=db.backref("search_key", uselist=False, lazy="select",
                                                            cascade="all, delete-orphan"))


class SupportContract(TimestampMixin, db.Model):
    __tablename__ = "support_contracts"
    id = db.Column(db.Integer, primary_key=True)
    customer_id = db.Column(db.Integer, db.ForeignKey("customers.id", ondelete="CASCADE"), nullable=False)
    title = db.Column(db.String(120), nullable=False)  # the plan, e.g. "Gold hosting support"
    starts_on = db.Column(db.Date, nullable=False)
    ends_on = db.Column(db.Date, nullable=False)
    created_by_id = db.Column(db.Integer, db.ForeignKey("staff_users.id"))
    agent_id = db.Column(db.Integer, db.ForeignKey("staff_users.id"))  # the account's agent; hears of its end

    customer = db.relationship(Customer)
    agent = db.relationship("StaffUser", foreign_keys=[agent_id])

    __table_args__ = (
        db.Index("ix_support_contracts_customer_end", "customer_id", "ends_on"),
        db.Index("ix_support_contracts_ends_on", "ends_on"),
        db.CheckConstraint("ends_on >= starts_on", name="contract_dates_in_order"),
    )


class Interaction(db.Model):
    """A contact with the customer outside tickets: a call, an SMS, an e-mail, a visit, or a note."""

    __tablename__ = "customer_interactions"
    id = db.Column(db.Integer, primary_key=True)
    customer_id = db.Column(db.Integer, db.ForeignKey("customers.id", ondelete="CASCADE"), nullable=False)
    kind = db.Column(db.String(10), nullable=False)
    direction = db.Column(db.String(3))  # in / out; None for notes
    summary = db.Column(db.Text, nullable=False)
    staff_id = db.Column(db.Integer, db.ForeignKey("staff_users.id"))
    at = db.Column(db.DateTime, nullable=False, default=utcnow)

    staff = db.relationship("StaffUser", lazy="joined")

    __table_args__ = (db.Index("ix_customer_interactions_customer_at", "customer_id", "at"),)


class CustomFieldDefinition(db.Model):
    """A field an admin adds to every customer profile."""

    __tablename__ = "custom_field_definitions"
    id = db.Column(db.Integer, primary_key=True)
    label = db.Column(db.String(120), nullable=False, unique=True)
    kind = db.Column(db.String(10), nullable=False)
    options = db.Column(db.JSON, nullable=False, default=list)  # the choices of a "choice" field
    position = db.Column(db.Integer, nullable=False, default=0)
    is_active = db.Column(db.Boolean, nullable=False, default=True)


class CustomFieldValue(db.Model):
    """One customer's value of one custom field, stored as text: numbers as written, dates as ISO."""

    __tablename__ = "custom_field_values"
    customer_id = db.Column(db.Integer, db.ForeignKey("customers.id", ondelete="CASCADE"), primary_key=True)
    definition_id = db.Column(db.Integer, db.ForeignKey("custom_field_definitions.id", ondelete="CASCADE"),
                              primary_key=True)
    value = db.Column(db.String(500), nullable=False)

    definition = db.relationship(CustomFieldDefinition)


class NpsResponse(db.Model):
    """How likely the customer is to recommend us, 0-10, with an optional comment."""

    __tablename__ = "nps_responses"
    id = db.Column(db.Integer, primary_key=True)
    customer_id = db.Column(db.Integer, db.ForeignKey("customers.id", ondelete="CASCADE"), nullable=False)
    score = db.Column(db.SmallInteger, nullable=False)
    comment = db.Column(db.Text)
    at = db.Column(db.DateTime, nullable=False, default=utcnow)

    __table_args__ = (
        db.Index("ix_nps_responses_customer_at", "customer_id", "at"),
        db.CheckConstraint("score BETWEEN 0 AND 10", name="nps_score_range"),
    )


@event.listens_for(Session, "before_flush")
def _keep_search_keys_current(session, _context, _instances):
    for obj in list(session.new) + list(session.dirty):
        if isinstance(obj, Customer) and (obj in session.new or inspect(obj).attrs.full_name.history.has_changes()):
            key = normalize_text(obj.full_name or "")
            if obj.search_key is None:
                obj.search_key = CustomerSearchKey(name_key=key)
            elif obj.search_key.name_key != key:
                obj.search_key.name_key = key
