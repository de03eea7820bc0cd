"""Fixtures of the tickets room: tickets opened through the real service, uploads, signed-in agents."""
import io
from datetime import timedelta

import pytest
from werkzeug.datastructures import FileStorage

from tests.conftest import sign_in_customer, sign_in_staff


@pytest.fixture
def upload():
    """upload(name, content=b"...") -> a FileStorage as a form post would give the service."""

    def make(name="note.txt", content=b"hello", content_type="application/octet-stream"):
        return FileStorage(stream=io.BytesIO(content), filename=name, content_type=content_type)

    return make


@pytest.fixture
def department(make_department):
    return make_department(code="technical", name="پشتیبانی فنی")


@pytest.fixture
def other_department(make_department):
    return make_department(code="billing", name="مالی")


@pytest.fixture
def category(make_category, department):
    return make_category(name="قطعی اینترنت", department=department)


@pytest.fixture
def other_category(make_category, other_department):
    return make_category(name="صورتحساب", department=other_department)


@pytest.fixture
def open_ticket(make_customer, category):
    """open_ticket(customer=None, **kwargs) through services.open_ticket, as the portal does."""
    from portal.tickets import services

    def make(customer=None, **kwargs):
        kwargs.setdefault("subject", "اینترنت قطع است")
        kwargs.setdefault("body", "از صبح اینترنت وصل نمی‌شود.")
        kwargs.setdefault("category", category)
        return services.open_ticket(customer or make_customer(), **kwargs)

    return make


@pytest.fixture
def agent(make_staff, department):
    return make_staff(role="agent", departments=[department])


@pytest.fixture
def other_agent(make_staff, other_department):
    return make_staff(role="agent", departments=[other_department])


@pytest.fixture
def client_as(app):
    """client_as(person) -> a test client signed in as that customer or staff member."""

    def make(person):
        client = app.test_client()
        if person.is_staff:
            response = sign_in_staff(client, person)
        else:
            response = sign_in_customer(client, person.mobile)
        assert response.status_code == 302, response.get_data(as_text=True)
        client.person = person
        return client

    return make


@pytest.fixture
def age(db):
    """age(ticket, days=..., hours=...): move a ticket's timestamps into the past, as if time had passed."""
    from portal.tickets.models import TicketMessage

    def shift(ticket, **delta):
        d = timedelta(**delta)
        for name in ("created_at", "last_activity_at", "customer_seen_at", "first_response_at", "resolved_at",
                     "closed_at"):
            if getattr(ticket, name) is not None:
                setattr(ticket, name, getattr(ticket, name) - d)
        for message in db.session.query(TicketMessage).filter_by(ticket_id=ticket.id):
            message.created_at -= d
        if ticket.feedback is not None:
            ticket.feedback.created_at -= d
        db.session.commit()
        return ticket

    return shift


def outbox():
    from portal.extensions import db
    from portal.notify.models import OutboxMessage

    return list(db.session.query(OutboxMessage).order_by(OutboxMessage.id))
