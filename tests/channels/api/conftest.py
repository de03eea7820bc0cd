"""Fixtures of the API: tokens made through the real service, and a client that sends them."""
import pytest

from tests.conftest import TEST_PASSWORD  # noqa: F401  (the same password as every other test)


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
def grant(db):
    """grant(staff, "api.tokens", ...): add permissions to the staff member's role."""

    def add(staff, *permissions):
        staff.role.set_permissions(staff.role.permissions | set(permissions))
        db.session.commit()
        return staff

    return add


@pytest.fixture
def token_for(grant):
    """token_for(person) -> the raw token of a new API token of that staff member (granted api.tokens) or customer."""
    from portal import security
    from portal.channels.api import tokens

    def make(person, name="test"):
        if security.is_staff(person) and not security.can(person, "api.tokens"):
            grant(person, "api.tokens")
        return tokens.create_token(person, name=name)[1]

    return make


@pytest.fixture
def api(client):
    """api(token).get(...)/post(...)/patch(...): JSON requests with Authorization: Bearer <token>."""

    class Caller:
        def __init__(self, token):
            self.headers = {"Authorization": f"Bearer {token}"} if token else {}

        def get(self, url, **kwargs):
            return client.get(url, headers=self.headers, **kwargs)

        def post(self, url, json=None, extra_headers=None, **kwargs):
            return client.open(url, method="POST", headers={**self.headers, **(extra_headers or {})}, json=json,
                               **kwargs)

        def patch(self, url, json=None, **kwargs):
            return client.open(url, method="PATCH", headers=self.headers, json=json, **kwargs)

    return Caller


@pytest.fixture
def agent(make_staff, department):
    return make_staff(role="agent", departments=[department])


@pytest.fixture
def open_ticket(make_customer, category):
    from portal.tickets import services

    def make(customer=None, **kwargs):
        kwargs.setdefault("subject", "اینترنت قطع است")
        kwargs.setdefault("body", "از صبح اینترنت وصل نمی‌شود.")
        kwargs.setdefault("category", category)
        return services.open_ticket(customer or make_customer(), **kwargs)

    return make


@pytest.fixture
def age(db):
    """age(ticket, minutes=...): the ticket's last activity that long ago."""
    from datetime import timedelta

    def shift(ticket, **delta):
        ticket.last_activity_at -= timedelta(**delta)
        db.session.commit()
        return ticket

    return shift


@pytest.fixture
def make_faq_article(db):
    """make_faq_article(question, answer, status="published"): through the FAQ service, so indexed."""
    from portal.faq import services

    def make(question, answer, status="published"):
        category = services.create_category(name="حساب کاربری")
        return services.create_article(category=category, question=question, answer=answer, status=status)

    return make
