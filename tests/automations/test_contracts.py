"""Support contracts: edit, renew, end; reminders before and at the end; ended contracts listed."""
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portal.audit import AuditEntry
from portal.automations import contracts
from portal.customers.models import SupportContract
from portal.models_base import utcnow
from portal.notify.models import OutboxMessage
from tests.conftest import page_text

TODAY = date(2026, 12, 1)


@pytest.fixture
def make_contract(db):
    def make(customer, starts_on, ends_on, title="پشتیبانی طلایی", agent=None):
        contract = SupportContract(customer_id=customer.id, title=title, starts_on=starts_on, ends_on=ends_on,
                                   agent_id=agent.id if agent else None)
        db.session.add(contract)
        db.session.commit()
        return contract

    return make


def sent(db, template):
    return sorted((m.to_address, m.channel) for m in db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.template == template)))


def test_reminders_before_the_end_go_to_the_customer_and_the_agent_once(db, make_customer, make_staff, make_contract):
    agent = make_staff(role="agent")
    customer = make_customer()
    make_contract(customer, date(2026, 1, 1), TODAY + timedelta(days=14), agent=agent)
    make_contract(make_customer(), date(2026, 1, 1), TODAY + timedelta(days=30))  # not yet

    assert contracts.run(utcnow(), today=TODAY) == "1 contract reminders"
    assert contracts.run(utcnow(), today=TODAY + timedelta(days=1)) == "0 contract reminders"
    assert sent(db, "contract_ending") == sorted([(customer.email, "email"), (customer.mobile, "sms"),
                                                  (agent.email, "email")])
    body = db.session.scalar(select(OutboxMessage.body_text).where(OutboxMessage.to_address == customer.email))
    assert "پشتیبانی طلایی" in body and "۱۴ روز دیگر" in body
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "contract.ending_notice"))


def test_a_renewed_contract_is_not_reminded(db, make_customer, make_contract, make_staff):
    customer = make_customer()
    old = make_contract(customer, date(2026, 1, 1), TODAY + timedelta(days=5))
    contracts.renew(old, ends_on=date(2027, 12, 31), actor=make_staff())
    assert contracts.run(utcnow(), today=TODAY) == "0 contract reminders"


def test_when_a_contract_has_ended_both_hear_of_it_and_it_is_listed(db, make_customer, make_contract,
                                                                    staff_client_for):
    client = staff_client_for("supervisor")
    customer = make_customer()
    contract = make_contract(customer, date(2026, 1, 1), TODAY - timedelta(days=1), agent=client.staff)
    make_contract(make_customer(), date(2025, 1, 1), TODAY - timedelta(days=60))  # long ago: listed, not announced

    assert contracts.run(utcnow(), today=TODAY) == "1 contract reminders"
    assert (client.staff.email, "email") in sent(db, "contract_ended")
    assert (customer.email, "email") in sent(db, "contract_ended")

    listing = page_text(client.get("/admin/contracts/ended"))
    assert customer.full_name in listing and "پشتیبانی طلایی" in listing
    contracts.renew(contract, ends_on=date(2027, 12, 31), actor=client.staff)
    assert customer.full_name not in page_text(client.get("/admin/contracts/ended"))


def test_edit_renew_and_end_through_the_pages(db, make_customer, make_contract, staff_client_for):
    client = staff_client_for("supervisor")
    customer = make_customer()
    contract = make_contract(customer, date(2026, 3, 21), date(2027, 3, 20))

    form = client.get(f"/admin/contracts/{contract.id}")
    assert "1405/01/01" in form.get_data(as_text=True)  # 2026-03-21 in Jalali
    response = client.post(f"/admin/contracts/{contract.id}", data={
        "title": "پشتیبانی نقره‌ای", "starts_on": "1405/01/01", "ends_on": "۱۴۰۵/۱۲/۲۹", "agent": str(client.staff.id)})
    assert response.status_code == 302
    db.session.expire_all()
    contract = db.session.get(SupportContract, contract.id)
    assert (contract.title, contract.ends_on, contract.agent_id) == ("پشتیبانی نقره‌ای", date(2027, 3, 20), client.staff.id)

    client.post(f"/admin/contracts/{contract.id}/renew", data={"ends_on": "1406/12/29"})
    renewal = db.session.scalar(select(SupportContract).where(SupportContract.id != contract.id))
    assert (renewal.starts_on, renewal.ends_on, renewal.title, renewal.agent_id) == (
        date(2027, 3, 21), date(2028, 3, 19), "پشتیبانی نقره‌ای", client.staff.id)

    client.post(f"/admin/contracts/{renewal.id}/end")
    db.session.expire_all()
    assert db.session.get(SupportContract, renewal.id).ends_on == renewal.ends_on  # not started: refused
    client.post(f"/admin/contracts/{contract.id}/end")
    db.session.expire_all()
    assert db.session.get(SupportContract, contract.id).ends_on == contracts.local_today()
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"contract.edited", "contract.renewed", "contract.ended"} <= actions


def test_bad_dates_are_refused_and_nothing_changes(db, make_customer, make_contract, staff_client_for):
    client = staff_client_for("supervisor")
    contract = make_contract(make_customer(), date(2026, 3, 21), date(2027, 3, 20))
    response = client.post(f"/admin/contracts/{contract.id}", data={
        "title": "x", "starts_on": "1405/06/01", "ends_on": "1405/01/01", "agent": "0"})
    assert response.status_code == 200
    assert "تاریخ پایان نمی‌تواند پیش از تاریخ شروع باشد" in page_text(response)
    renew = client.post(f"/admin/contracts/{contract.id}/renew", data={"ends_on": "1404/01/01"}, follow_redirects=True)
    assert "تمدید باید پس از پایان قرارداد کنونی تمام شود" in page_text(renew)
    db.session.expire_all()
    assert db.session.scalar(select(SupportContract.title)) == "پشتیبانی طلایی"
    assert db.session.query(SupportContract).count() == 1


def test_contracts_of_customers_one_cannot_see_are_not_found(db, make_customer, make_contract, staff_client_for):
    agent = staff_client_for("agent")
    contract = make_contract(make_customer(), date(2026, 3, 21), date(2027, 3, 20))
    assert agent.get(f"/admin/contracts/{contract.id}").status_code == 404
    assert agent.post(f"/admin/contracts/{contract.id}/end").status_code == 404
