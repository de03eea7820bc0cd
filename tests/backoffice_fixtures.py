"""Fixtures shared by the customer-profile and back-office tests (imported by their conftest files)."""
import pytest

from tests.conftest import sign_in_staff


@pytest.fixture
def make_contract(db):
    from portal.customers.models import SupportContract

    def make(customer, *, starts_on, ends_on, title="پشتیبانی طلایی"):
        contract = SupportContract(customer_id=customer.id, title=title, starts_on=starts_on, ends_on=ends_on)
        db.session.add(contract)
        db.session.commit()
        return contract

    return make


@pytest.fixture
def seen_customer(make_customer, make_department, make_category, make_ticket):
    """A customer with a ticket in a department, so department-scoped staff of that department may open it."""
    department = make_department()
    customer = make_customer(full_name="زهرا موسوی", mobile="09121234567", national_code="0012345679",
                             email="zahra@example.ir", username="zahra", password=None)
    make_ticket(customer=customer, category=make_category(department=department))
    customer.department = department
    return customer


@pytest.fixture
def staff_client_in(app, make_staff):
    """staff_client_in(role, department) -> a signed-in client whose staff member belongs to the department."""

    def make(role, department=None, **overrides):
        staff = make_staff(role=role, departments=[department] if department else [], **overrides)
        client = app.test_client()
        assert sign_in_staff(client, staff).status_code == 302
        client.staff = staff
        return client

    return make


@pytest.fixture
def sign_in(app):
    def make(staff):
        client = app.test_client()
        assert sign_in_staff(client, staff).status_code == 302
        client.staff = staff
        return client

    return make
