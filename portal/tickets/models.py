"""The ticket data model. Status, priority and channel are plain strings checked against these tuples."""
from ..extensions import db
from ..models_base import TimestampMixin, utcnow

STATUSES = ("new", "open", "waiting", "resolved", "closed")
ACTIVE_STATUSES = ("new", "open", "waiting")
OVERDUE_STATUSES = ("new", "open")  # while waiting for the customer, the ball is not in our court
PRIORITIES = ("low", "normal", "high", "urgent")
CHANNELS = ("portal", "phone", "sms", "email", "api", "webform")


class Category(db.Model):
    """A help topic the customer picks; it routes the ticket to a department."""

    __tablename__ = "ticket_categories"
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(120), nullable=False)
    department_id = db.Column(db.Integer, db.ForeignKey("departments.id"), nullable=False, index=True)
    position = db.Column(db.Integer, nullable=False, default=0)
    is_active = db.Column(db.Boolean, nullable=False, default=True)
    # Optional SLA targets of this topic, in business hours: {"urgent": [first_response, resolution], ...};
    # a priority missing here takes PORTAL_SLA_TARGETS.
    sla_targets = db.Column(db.JSON)

    department = db.relationship("Department", lazy="joined")


class Ticket(TimestampMixin, db.Model):
    __tablename__ = "tickets"
    id = db.Column(db.Integer, primary_key=True)
    number = db.Column(db.String(20), nullable=False, unique=True)  # what people quote; never the id
    customer_id = db.Column(db.Integer, db.ForeignKey("customers.id"), nullable=False)
    subject = db.Column(db.String(200), nullable=False)
    status = db.Column(db.String(10), nullable=False, default="new")
    priority = db.Column(db.String(10), nullable=False, default="normal")
    channel = db.Column(db.String(10), nullable=False, default="portal")
    category_id = db.Column(db.Integer, db.ForeignKey("ticket_categories.id"))
    department_id = db.Column(db.Integer, db.ForeignKey("departments.id"), nullable=False)
    assignee_id = db.Column(db.Integer, db.ForeignKey("staff_users.id"))  # ix_tickets_assignee_status
    created_by_staff_id = db.Column(db.Integer, db.ForeignKey("staff_users.id"))  # logged from a call or SMS

    last_activity_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    customer_seen_at = db.Column(db.DateTime)  # replies after this are unread for the customer
    first_response_at = db.Column(db.DateTime)
    first_response_due_at = db.Column(db.DateTime)
    resolution_due_at = db.Column(db.DateTime)
    # What we owe next: the first-response due time until we answer, then the resolution due time;
    # None once resolved. The queue sorts and counts "overdue" on this one indexed column.
    sla_due_at = db.Column(db.DateTime)
    resolved_at = db.Column(db.DateTime)
    closed_at = db.Column(db.DateTime)
    # Set when they happen (services/timing.py), in business seconds of the SLA calendar, for the reports.
    first_responder_id = db.Column(db.Integer, db.ForeignKey("staff_users.id"))
    first_response_business_seconds = db.Column(db.Integer)
    resolution_business_seconds = db.Column(db.Integer)

    merged_into_id = db.Column(db.Integer, db.ForeignKey("tickets.id"))
    follows_up_id = db.Column(db.Integer, db.ForeignKey("tickets.id"))  # a new ticket opened after reopening expired

    customer = db.relationship("Customer", lazy="joined", innerjoin=True)
    category = db.relationship("Category")
    department = db.relationship("Department")
    assignee = db.relationship("StaffUser", foreign_keys=[assignee_id])
    created_by_staff = db.relationship("StaffUser", foreign_keys=[created_by_staff_id])
    first_responder = db.relationship("StaffUser", foreign_keys=[first_responder_id])
    merged_into = db.relationship("Ticket", remote_side=[id], foreign_keys=[merged_into_id])
    follows_up = db.relationship("Ticket", remote_side=[id], foreign_keys=[follows_up_id])
    messages = db.relationship("TicketMessage", back_populates="ticket", order_by="TicketMessage.id",
                               cascade="all, delete-orphan")
    feedback = db.relationship("Feedback", back_populates="ticket", uselist=False, cascade="all, delete-orphan")

    # The queue's filters, sorts and counts (bench/tickets.py checks the plans at 100k tickets, bench/pages.py
    # times them at 1M on PostgreSQL): by status, department or topic, ordered by due time and covering what
    # the counts read; by status or overall, ordered by last activity; a customer's own list. Each ends with
    # the id the pages order and fetch by: SQLite has it in every index anyway, PostgreSQL needs it named
    # to answer a page of ids from the index alone.
    __table_args__ = (
        db.Index("ix_tickets_customer_activity", "customer_id", "last_activity_at", "id"),
        db.Index("ix_tickets_queue", "department_id", "status", "sla_due_at", "assignee_id", "id"),
        db.Index("ix_tickets_status_due", "status", "sla_due_at", "assignee_id", "department_id", "id"),
        db.Index("ix_tickets_category_queue", "category_id", "status", "sla_due_at", "assignee_id", "id"),
        db.Index("ix_tickets_status_activity", "status", "last_activity_at", "id"),
        db.Index("ix_tickets_activity", "last_activity_at", "id"),
        # an agent's own open tickets (the dashboard), without reading every ticket he ever closed
        db.Index("ix_tickets_assignee_status", "assignee_id", "status"),
        # The reports: tickets per local day (a range join on the calendar) and resolved per day, covering
        # the filters and breakdowns so the counts read the index alone.
        db.Index("ix_tickets_created", "created_at", "department_id", "category_id", "channel", "assignee_id"),
        db.Index("ix_tickets_resolved", "resolved_at", "department_id", "category_id", "channel", "assignee_id"),
    )

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.status in OVERDUE_STATUSES and self.sla_due_at is not None and self.sla_due_at < utcnow()

    @property
    def ended_at(self):
        """When the ticket was last closed or resolved: the reopen window and feedback count from here."""
        return self.closed_at if self.status == "closed" else self.resolved_at

    def __repr__(self):
        return f"<Ticket {self.number}>"


# Tickets still waiting for a first response or a resolution: the reports count those past due from here
# (partial index, the same predicate on SQLite and PostgreSQL; a query must repeat UNFINISHED to use it).
UNFINISHED = db.or_(Ticket.resolved_at.is_(None), Ticket.first_response_at.is_(None))
db.Index("ix_tickets_unfinished", Ticket.created_at, Ticket.first_response_due_at, Ticket.resolution_due_at,
         Ticket.first_response_at, Ticket.resolved_at, Ticket.department_id, Ticket.assignee_id,
         sqlite_where=UNFINISHED, postgresql_where=UNFINISHED)

# The speed report's percentiles: per day range, the durations and who they count for, from the index alone.
db.Index("ix_tickets_speed", Ticket.created_at, Ticket.first_response_business_seconds,
         Ticket.resolution_business_seconds, Ticket.first_responder_id, Ticket.assignee_id, Ticket.department_id,
         Ticket.category_id, Ticket.channel)

# The customers report: tickets per customer in a date range, from the index alone.
db.Index("ix_tickets_created_customer", Ticket.created_at, Ticket.customer_id, Ticket.department_id,
         Ticket.assignee_id)


class TicketMessage(db.Model):
    __tablename__ = "ticket_messages"
    id = db.Column(db.Integer, primary_key=True)
    ticket_id = db.Column(db.Integer, db.ForeignKey("tickets.id", ondelete="CASCADE"), nullable=False, index=True)
    author_customer_id = db.Column(db.Integer, db.ForeignKey("customers.id"))
    author_staff_id = db.Column(db.Integer, db.ForeignKey("staff_users.id"))
    body = db.Column(db.Text, nullable=False)
    is_internal = db.Column(db.Boolean, nullable=False, default=False)  # internal notes never reach the customer
    channel = db.Column(db.String(10), nullable=False, default="portal")
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    ticket = db.relationship("Ticket", back_populates="messages")
    author_customer = db.relationship("Customer")
    author_staff = db.relationship("StaffUser")
    attachments = db.relationship("Attachment", back_populates="message", order_by="Attachment.id")

    # the agents report counts replies per author in a date range from this index alone
    __table_args__ = (db.Index("ix_ticket_messages_created", "created_at", "author_staff_id", "is_internal",
                               "ticket_id"),)

    @property
    def from_staff(self) -> bool:
        return self.author_staff_id is not None


class TicketStaffView(db.Model):
    """When an agent last opened a ticket: customer messages written after it are unread for that agent."""

    __tablename__ = "ticket_staff_views"
    ticket_id = db.Column(db.Integer, db.ForeignKey("tickets.id", ondelete="CASCADE"), primary_key=True)
    staff_id = db.Column(db.Integer, db.ForeignKey("staff_users.id", ondelete="CASCADE"), primary_key=True)
    seen_at = db.Column(db.DateTime, nullable=False, default=utcnow)


class Attachment(db.Model):
    __tablename__ = "attachments"
    id = db.Column(db.Integer, primary_key=True)
    ticket_id = db.Column(db.Integer, db.ForeignKey("tickets.id", ondelete="CASCADE"), nullable=False, index=True)
    message_id = db.Column(db.Integer, db.ForeignKey("ticket_messages.id", ondelete="CASCADE"), index=True)
    original_name = db.Column(db.String(255), nullable=False)  # cleaned; shown and offered as the download name
    stored_name = db.Column(db.String(64), nullable=False, unique=True)  # random; the file under instance/uploads
    content_type = db.Column(db.String(120), nullable=False)
    size = db.Column(db.Integer, nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    ticket = db.relationship("Ticket")
    message = db.relationship("TicketMessage", back_populates="attachments")


class TicketEvent(db.Model):
    """The ticket's history: status, assignment, priority, category, department and merge changes."""

    __tablename__ = "ticket_events"
    id = db.Column(db.Integer, primary_key=True)
    ticket_id = db.Column(db.Integer, db.ForeignKey("tickets.id", ondelete="CASCADE"), nullable=False, index=True)
    actor_kind = db.Column(db.String(10))  # staff, customer, or None for the system
    actor_id = db.Column(db.Integer)
    field = db.Column(db.String(20), nullable=False)
    old_value = db.Column(db.String(200))
    new_value = db.Column(db.String(200))
    at = db.Column(db.DateTime, nullable=False, default=utcnow)


class Feedback(db.Model):
    """Customer satisfaction (CSAT 1-5) for one resolved ticket; changeable for a few days."""

    __tablename__ = "ticket_feedback"
    id = db.Column(db.Integer, primary_key=True)
    ticket_id = db.Column(db.Integer, db.ForeignKey("tickets.id", ondelete="CASCADE"), nullable=False, unique=True)
    customer_id = db.Column(db.Integer, db.ForeignKey("customers.id"), nullable=False, index=True)
    score = db.Column(db.SmallInteger, nullable=False)
    comment = db.Column(db.Text)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow)

    ticket = db.relationship("Ticket", back_populates="feedback")

    __table_args__ = (db.CheckConstraint("score BETWEEN 1 AND 5", name="score_range"),)


class CannedReply(TimestampMixin, db.Model):
    """A ready answer agents insert and edit; {customer_name}, {ticket_number}, {agent_name} ... are filled in."""

    __tablename__ = "canned_replies"
    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(120), nullable=False)
    body = db.Column(db.Text, nullable=False)
    department_id = db.Column(db.Integer, db.ForeignKey("departments.id"), index=True)  # None: every department
    is_active = db.Column(db.Boolean, nullable=False, default=True)
    created_by_id = db.Column(db.Integer, db.ForeignKey("staff_users.id"))
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow)

    department = db.relationship("Department")
