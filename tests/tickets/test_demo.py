"""The demo company's tickets: every state and channel, replies, internal notes, a merge, a follow-up, ratings."""
from sqlalchemy import func, select

from portal import demo
from portal.tickets.models import CannedReply, Category, Feedback, Ticket, TicketMessage
from portal.tickets.models import CHANNELS, STATUSES
from tests.conftest import page_text


def test_demo_seed_covers_every_state_and_channel(app, db, client):
    demo.seed()
    tickets = list(db.session.scalars(select(Ticket)))
    assert {t.status for t in tickets} == set(STATUSES)
    assert {t.channel for t in tickets} == set(CHANNELS)
    assert any(t.merged_into_id for t in tickets) and any(t.follows_up_id for t in tickets)
    assert any(t.is_overdue for t in tickets)
    assert db.session.scalar(select(func.count()).select_from(TicketMessage).where(TicketMessage.is_internal)) >= 3
    assert db.session.scalar(select(func.count(Feedback.id))) >= 3
    assert db.session.scalar(select(func.count(CannedReply.id))) >= 3
    assert {c.department.code for c in db.session.scalars(select(Category))} == {"technical", "billing", "sales"}
    assert all(m.created_at >= t.created_at for t in tickets for m in t.messages if not t.merged_into_id)
    demo.seed()  # a second run adds nothing
    assert db.session.scalar(select(func.count(Ticket.id))) == len(tickets)
    # The first demo customer sees her tickets, one with an unread reply.
    client.post("/auth/login", data={"identifier": demo.CUSTOMERS[0][1], "password": demo.DEMO_PASSWORD})
    page = page_text(client.get("/tickets/"))
    assert "قطعی کامل اینترنت از دیشب" in page and "پاسخ تازه" in page
