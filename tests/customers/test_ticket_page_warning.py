"""The agent's ticket page, seen from the back office: support warnings and masked personal data."""
from datetime import date, timedelta

from portal.persian import to_persian_digits
from tests.conftest import page_text


def test_ticket_page_warns_of_expired_support_and_hides_personal_data(
        seen_customer, make_ticket, make_category, make_contract, staff_client_in):
    department = seen_customer.department
    ticket = make_ticket(customer=seen_customer, category=make_category(department=department))
    make_contract(seen_customer, starts_on=date.today() - timedelta(days=400), ends_on=date.today() - timedelta(days=35))
    agent = staff_client_in("agent", department)
    response = agent.get(f"/admin/tickets/{ticket.number}")
    assert response.status_code == 200
    assert "پشتیبانی این مشتری در" in page_text(response) and "به پایان رسیده است" in page_text(response) and "support-warning" in response.get_data(as_text=True)
    raw = response.get_data(as_text=True)
    for secret in ("09121234567", "0012345679"):
        assert secret not in raw and to_persian_digits(secret) not in raw


def test_ticket_page_warns_when_support_ends_soon(seen_customer, make_ticket, make_category, make_contract,
                                                  staff_client_in):
    ticket = make_ticket(customer=seen_customer, category=make_category(department=seen_customer.department))
    make_contract(seen_customer, starts_on=date.today() - timedelta(days=300), ends_on=date.today() + timedelta(days=10))
    response = staff_client_in("supervisor").get(f"/admin/tickets/{ticket.number}")
    assert "alert-warning py-2 support-warning" in response.get_data(as_text=True)
