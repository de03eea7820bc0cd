"""Reading tickets for pages: the customer's list, the agent queue with its counts, a ticket's thread and history.

Every list starts from visible_tickets(user). Each function runs a fixed number of queries,
whatever the number of tickets (tests count them), and the queue's filters and sorts are served by the
indexes declared on Ticket (bench/tickets.py measures them at 100k tickets).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, fields

from sqlalchemy import and_, case, exists, func, or_, select
from sqlalchemy.orm import aliased, joinedload, lazyload, selectinload

from ...accounts.departments import list_departments
from ...accounts.models import Role, RolePermission, StaffUser
from ...extensions import db
from ...models_base import utcnow
from ...paging import page_number
from ...security import can
from ..access import visible_tickets
from ..models import (ACTIVE_STATUSES, CHANNELS, OVERDUE_STATUSES, PRIORITIES, STATUSES, Category, Ticket,
                      TicketEvent, TicketMessage, TicketStaffView)


# --- paging ----------------------------------------------------------------------------------------

@dataclass
class Page:
    """What the pager macro needs, for a total already known (no extra COUNT query). Lists that are not
    counted (resolved and closed tickets: most of the table) have total None and say whether there is more."""
    items: list
    page: int
    per_page: int
    total: int | None
    more: bool = False

    @property
    def pages(self) -> int:
        if self.total is None:
            return self.page + (1 if self.more else 0)
        return max(1, math.ceil(self.total / self.per_page))

    has_prev = property(lambda self: self.page > 1)
    has_next = property(lambda self: self.page < self.pages)
    prev_num = property(lambda self: self.page - 1 if self.has_prev else None)
    next_num = property(lambda self: self.page + 1 if self.has_next else None)

    def iter_pages(self, left_edge=1, left_current=2, right_current=2, right_edge=1):
        last = 0
        for n in range(1, self.pages + 1):
            if n <= left_edge or self.page - left_current <= n <= self.page + right_current \
                    or n > self.pages - right_edge:
                if last + 1 != n:
                    yield None
                yield n
                last = n


def lean_staff(relationship):
    """Load a StaffUser relationship without its role and departments (pages only show the name)."""
    return joinedload(relationship).options(lazyload(StaffUser.role), lazyload(StaffUser.departments))


# --- the customer's list ---------------------------------------------------------------------------

CUSTOMER_FILTERS = {"all": STATUSES, "active": ACTIVE_STATUSES, "resolved": ("resolved",), "closed": ("closed",)}


def unread_for_customer():
    """True when an agent's public reply is newer than the customer's last look at the ticket."""
    message = aliased(TicketMessage)
    return exists().where(
        message.ticket_id == Ticket.id, message.author_staff_id.is_not(None), message.is_internal.is_(False),
        message.created_at > func.coalesce(Ticket.customer_seen_at, Ticket.created_at),
    ).correlate(Ticket)


def customer_tickets(customer, *, status="all", page=1, per_page=20) -> tuple[Page, dict[str, int]]:
    """The customer's tickets, newest activity first, each with .unread; and the count per filter."""
    status = status if status in CUSTOMER_FILTERS else "all"
    by_status = dict(db.session.execute(
        visible_tickets(customer).with_only_columns(Ticket.status, func.count()).group_by(Ticket.status)).all())
    counts = {name: sum(by_status.get(s, 0) for s in statuses) for name, statuses in CUSTOMER_FILTERS.items()}
    page = page_number(page)
    query = (visible_tickets(customer).add_columns(unread_for_customer().label("unread"))
             .where(Ticket.status.in_(CUSTOMER_FILTERS[status]))
             .options(joinedload(Ticket.department), joinedload(Ticket.category))
             .order_by(Ticket.last_activity_at.desc(), Ticket.id.desc())
             .limit(per_page).offset((page - 1) * per_page))
    items = []
    for ticket, unread in db.session.execute(query).unique():
        ticket.unread = bool(unread)
        items.append(ticket)
    return Page(items, page, per_page, counts[status]), counts


def unread_for_staff(staff):
    """True when the customer has written since this agent last opened the ticket (or the agent never has)."""
    message, view = aliased(TicketMessage), aliased(TicketStaffView)
    last_look = (select(view.seen_at).where(view.ticket_id == Ticket.id, view.staff_id == staff.id)
                 .correlate(Ticket).scalar_subquery())
    return exists().where(
        message.ticket_id == Ticket.id, message.author_customer_id.is_not(None),
        or_(last_look.is_(None), message.created_at > last_look),
    ).correlate(Ticket)


# --- the agent queue -------------------------------------------------------------------------------

QUEUE_STATUSES = {"active": ACTIVE_STATUSES, **{s: (s,) for s in STATUSES}, "all": STATUSES}
ASSIGNEE_FILTERS = ("any", "me", "unassigned")
SORTS = ("due", "priority", "activity")
_PRIORITY_RANK = case({p: i for i, p in enumerate(PRIORITIES)}, value=Ticket.priority, else_=1)


@dataclass
class QueueFilters:
    status: str = "active"
    department: int | None = None
    category: int | None = None
    priority: str | None = None
    assignee: str = "any"
    channel: str | None = None
    overdue: bool = False
    sort: str = "due"
    page: int = 1

    @classmethod
    def from_args(cls, args) -> "QueueFilters":
        """Read the query string; anything unknown falls back to the default rather than failing."""
        def number(name):
            value = args.get(name, "")
            return int(value) if value.isdigit() else None

        return cls(
            status=args.get("status") if args.get("status") in QUEUE_STATUSES else "active",
            department=number("department"), category=number("category"),
            priority=args.get("priority") if args.get("priority") in PRIORITIES else None,
            assignee=args.get("assignee") if args.get("assignee") in ASSIGNEE_FILTERS else "any",
            channel=args.get("channel") if args.get("channel") in CHANNELS else None,
            overdue=args.get("overdue") in ("1", "on", "true"),
            sort=args.get("sort") if args.get("sort") in SORTS else "due",
            page=page_number(args.get("page")),
        )

    def args(self, **changes) -> dict:
        """The query string of these filters with some changed (for links); defaults left out."""
        values = {f.name: getattr(self, f.name) for f in fields(self)} | changes
        default = QueueFilters()
        return {k: (1 if v is True else v) for k, v in values.items()
                if v not in (None, False) and v != getattr(default, k) and not (k == "page" and v == 1)}


@dataclass
class QueueCounts:
    status: dict[str, int] = field(default_factory=dict)  # per active status tab, under the chosen assignee/overdue
    assignee: dict[str, int] = field(default_factory=dict)  # per assignee choice (active tickets chosen)
    overdue: int | None = None  # under the chosen status/assignee (active tickets chosen)


def queue(user, filters: QueueFilters, *, per_page=25) -> tuple[Page, QueueCounts]:
    """One page of the queue and the counts next to each filter, in three queries."""
    now = utcnow()
    base = visible_tickets(user)
    if filters.department:
        base = base.where(Ticket.department_id == filters.department)
    if filters.category:
        base = base.where(Ticket.category_id == filters.category)
    if filters.priority:
        base = base.where(Ticket.priority == filters.priority)
    if filters.channel:
        base = base.where(Ticket.channel == filters.channel)
    overdue = and_(Ticket.status.in_(OVERDUE_STATUSES), Ticket.sla_due_at < now)
    mine = Ticket.assignee_id == user.id
    unassigned = Ticket.assignee_id.is_(None)

    # Counts cover the active tickets only (an index range, whatever the history): resolved and closed
    # ones are most of the table, and nobody works through them by count.
    chosen = QUEUE_STATUSES[filters.status]
    active_only = set(chosen) <= set(ACTIVE_STATUSES)
    total = lambda cond: func.coalesce(func.sum(case((cond, 1), else_=0)), 0)  # noqa: E731
    rows = db.session.execute(
        base.with_only_columns(Ticket.status, func.count(), total(mine), total(unassigned), total(overdue),
                               total(and_(mine, overdue)), total(and_(unassigned, overdue)))
        .where(Ticket.status.in_(ACTIVE_STATUSES)).group_by(Ticket.status)).all()
    cells = {row[0]: {("any", False): row[1], ("me", False): row[2], ("unassigned", False): row[3],
                      ("any", True): row[4], ("me", True): row[5], ("unassigned", True): row[6]} for row in rows}

    def count(statuses, assignee, only_overdue):
        return sum(cells.get(s, {}).get((assignee, only_overdue), 0) for s in statuses)

    counts = QueueCounts(
        status={name: count(statuses, filters.assignee, filters.overdue) for name, statuses in QUEUE_STATUSES.items()
                if set(statuses) <= set(ACTIVE_STATUSES)},
        assignee={a: count(chosen, a, filters.overdue) for a in ASSIGNEE_FILTERS} if active_only else {},
        overdue=count(chosen, filters.assignee, True) if active_only else None,
    )

    # "all" adds no status condition, so sorting by activity can walk an index instead of sorting.
    query = base if filters.status == "all" else base.where(Ticket.status.in_(chosen))
    if filters.assignee == "me":
        query = query.where(mine)
    elif filters.assignee == "unassigned":
        query = query.where(unassigned)
    if filters.overdue:
        query = query.where(overdue)
    if filters.sort == "priority":
        order = (_PRIORITY_RANK.desc(), Ticket.sla_due_at, Ticket.id)
    elif filters.sort == "due" and active_only:
        order = (Ticket.sla_due_at, Ticket.id)
    else:  # by last activity; also "due" for resolved and closed tickets, which owe nothing
        order = (Ticket.last_activity_at.desc(), Ticket.id.desc())
    total_rows = count(chosen, filters.assignee, filters.overdue) if active_only else None
    page = filters.page if total_rows is None else min(filters.page, max(1, math.ceil(total_rows / per_page)))
    # Two steps: the page's ids from the tickets table alone (its indexes decide the plan), then those
    # tickets with their customer, department, topic and assignee. One id more tells an uncounted list
    # whether a next page exists.
    ids = list(db.session.scalars(query.with_only_columns(Ticket.id).order_by(*order)
                                  .limit(per_page + 1).offset((page - 1) * per_page)))
    more, ids = len(ids) > per_page, ids[:per_page]
    # The unread mark comes in the same statement (a correlated EXISTS per row of the page, on indexes).
    loaded = {}
    for ticket, unread in db.session.execute(
            select(Ticket, unread_for_staff(user).label("unread")).where(Ticket.id.in_(ids))
            .options(joinedload(Ticket.department), joinedload(Ticket.category), lean_staff(Ticket.assignee))
    ).unique():
        ticket.unread = bool(unread)
        loaded[ticket.id] = ticket
    return Page([loaded[i] for i in ids], page, per_page, total_rows, more), counts


def queue_choices(user) -> dict:
    """What the queue's filter menus offer: the departments the person may see, and their topics."""
    departments = list_departments(active_only=True)
    if not can(user, "tickets.view_all"):
        departments = [d for d in departments if d.id in user.department_ids]
    categories = list(db.session.scalars(select(Category).order_by(Category.position, Category.name)))
    return {"departments": departments, "categories": categories, "priorities": PRIORITIES, "channels": CHANNELS}


# --- one ticket --------------------------------------------------------------------------------------

def thread(ticket, *, include_internal: bool) -> list[TicketMessage]:
    """The ticket's messages in the order written, with their attachments; internal notes only for staff."""
    query = (select(TicketMessage).where(TicketMessage.ticket_id == ticket.id)
             .options(selectinload(TicketMessage.attachments), joinedload(TicketMessage.author_customer),
                      lean_staff(TicketMessage.author_staff))
             .order_by(TicketMessage.created_at, TicketMessage.id))
    if not include_internal:
        query = query.where(TicketMessage.is_internal.is_(False))
    return list(db.session.scalars(query).unique())


def history(ticket) -> list[tuple[TicketEvent, str]]:
    """The ticket's events, newest first, each with who did it."""
    events = list(db.session.scalars(select(TicketEvent).where(TicketEvent.ticket_id == ticket.id)
                                     .order_by(TicketEvent.at.desc(), TicketEvent.id.desc())))
    staff_ids = {e.actor_id for e in events if e.actor_kind == "staff"}
    names = dict(db.session.execute(select(StaffUser.id, StaffUser.full_name).where(StaffUser.id.in_(staff_ids)))
                 .all()) if staff_ids else {}
    return [(e, ticket.customer.full_name if e.actor_kind == "customer" else names.get(e.actor_id, "")) for e in events]


def assignable_staff() -> list[tuple[int, str]]:
    """(id, name) of the active staff who may answer tickets."""
    return [(row.id, row.full_name) for row in db.session.execute(
        select(StaffUser.id, StaffUser.full_name).join(Role, StaffUser.role_id == Role.id)
        .join(RolePermission, RolePermission.role_id == Role.id)
        .where(StaffUser.active.is_(True), RolePermission.permission == "tickets.reply")
        .order_by(StaffUser.full_name))]


def other_tickets_of_customer(ticket, user, limit=20) -> list[Ticket]:
    """The customer's other tickets the person may see (merge targets, context), most recent first."""
    return list(db.session.scalars(
        visible_tickets(user).where(Ticket.customer_id == ticket.customer_id, Ticket.id != ticket.id,
                                    Ticket.merged_into_id.is_(None))
        .options(lazyload(Ticket.customer)).order_by(Ticket.last_activity_at.desc()).limit(limit)))
