"""Agents: per agent the tickets handled, public replies, median first response and resolution, CSAT.

Everything is counted over the tickets the reader may see, so a supervisor sees the agents of his departments;
/admin/reports/me gives one agent his own row."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..accounts.models import StaffUser
from ..extensions import db
from ..tickets.models import Feedback, Ticket, TicketMessage
from . import rollup, sql
from .filters import ReportFilters
from .speed import FR, RES, names
from .tables import Chart, Column, Table

COLUMNS = [Column(_l("Agent"), "text"), Column(_l("Tickets handled")), Column(_l("Replies")),
           Column(_l("First response, median (h)"), "hours"), Column(_l("Resolution, median (h)"), "hours"),
           Column(_l("Ratings")), Column(_l("CSAT average (1-5)"), "score")]


def agent_rows(user, f: ReportFilters, only: int | None = None) -> dict[int, list]:
    """{agent id: [handled, replies, median first response, median resolution, ratings, CSAT]}."""
    start, end = sql.utc_bounds(f)
    created = [Ticket.created_at >= start, Ticket.created_at < end]
    mine = (lambda column: [column == only]) if only is not None else (lambda column: [column.is_not(None)])
    rows: dict[int, list] = {}

    def put(agent, index, value):
        rows.setdefault(agent, [0, 0, None, None, 0, None])[index] = value

    summed = rollup.criteria(user, f)
    if summed is not None:
        from .models import TicketDay

        per_agent = rollup.sums_by(f, [*summed, *mine(TicketDay.assignee_id)], ("created", "ratings", "score_sum"),
                                   "assignee_id")
        for agent, (n, ratings, score_sum) in per_agent.items():
            if n:
                put(agent, 0, n)
            if ratings:
                put(agent, 4, ratings)
                put(agent, 5, score_sum / ratings)
    else:
        handled = db.session.execute(select(Ticket.assignee_id, func.count()).where(
            *created, *sql.ticket_criteria(user, f), *mine(Ticket.assignee_id)).group_by(Ticket.assignee_id))
        for agent, n in handled:
            put(agent, 0, n)
    on_tickets = sql.ticket_criteria(user, f, agent_column=TicketMessage.author_staff_id)
    replies = select(TicketMessage.author_staff_id, func.count()).select_from(TicketMessage)
    if any(table is Ticket.__table__ for c in on_tickets for table in sql.find_tables(c, check_columns=True)):
        replies = replies.join(Ticket, Ticket.id == TicketMessage.ticket_id)  # only when a condition needs it
    replies = db.session.execute(
        replies.where(TicketMessage.created_at >= start, TicketMessage.created_at < end,
                      TicketMessage.is_internal.is_(False), *mine(TicketMessage.author_staff_id), *on_tickets)
        .group_by(TicketMessage.author_staff_id))
    for agent, n in replies:
        put(agent, 1, n)
    for agent, _n, median, _p90 in sql.percentile_rows(
            FR, [Ticket.first_responder_id], criteria=[*created, *mine(Ticket.first_responder_id),
                                                       *sql.ticket_criteria(user, f, agent_column=Ticket.first_responder_id)]):
        put(agent, 2, median)
    for agent, _n, median, _p90 in sql.percentile_rows(
            RES, [Ticket.assignee_id], criteria=[*created, *mine(Ticket.assignee_id), *sql.ticket_criteria(user, f)]):
        put(agent, 3, median)
    if summed is not None:
        return rows
    csat = db.session.execute(
        select(Ticket.assignee_id, func.count(Feedback.id), func.sum(Feedback.score))
        .join(Ticket, Ticket.id == Feedback.ticket_id)
        .where(Feedback.created_at >= start, Feedback.created_at < end, *mine(Ticket.assignee_id),
               *sql.ticket_criteria(user, f)).group_by(Ticket.assignee_id))
    for agent, n, total in csat:
        put(agent, 4, n)
        put(agent, 5, total / n if n else None)  # divided here, as the rollup does (avg() rounds in numeric)
    return rows


def agents(user, f: ReportFilters, only: int | None = None) -> list[Table]:
    figures = agent_rows(user, f, only)
    who = names(StaffUser, figures, "full_name")
    rows = sorted(([who.get(i, "—"), *v] for i, v in figures.items()), key=lambda r: str(r[0]))
    return [Table("agents", _l("Agents"), COLUMNS, rows, Chart("bar", (1, 2)),
                  note=_l("Tickets handled: opened in the range and assigned to the agent. Replies: public "
                          "messages the agent wrote in the range."))]
