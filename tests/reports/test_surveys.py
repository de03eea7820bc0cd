"""NPS surveys: who is asked, the personal link through the outbox, one answer without signing in."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.customers.models import NpsResponse
from portal.models_base import utcnow
from portal.notify.models import OutboxMessage
from portal.reports import surveys
from portal.reports.models import NpsInvitation
from tests.conftest import page_text, sign_in_staff
from tests.notify.languages import assert_speaks


def _link_token(message):
    return re.search(r"/survey/([\w-]+)", message.body_text).group(1)


def test_audience_resolved_lately_and_not_asked_too_often(db, make_customer, make_ticket):
    now = utcnow()
    recent, old, never, silent = make_customer(), make_customer(), make_customer(), make_customer(email=None)
    silent.notify_by_sms = False  # no way to reach this one
    make_ticket(customer=recent, resolved_at=now - timedelta(days=3), status="resolved")
    make_ticket(customer=old, resolved_at=now - timedelta(days=40), status="resolved")
    make_ticket(customer=silent, resolved_at=now - timedelta(days=1), status="resolved")
    make_ticket(customer=never, status="open")

    first = surveys.run_survey("resolved", resolved_days=30, gap_days=90)
    invited = set(db.session.scalars(select(NpsInvitation.customer_id).where(NpsInvitation.survey_id == first.id)))
    assert invited == {recent.id} and first.invited == 1
    # by e-mail and SMS, as the customer prefers; the link is personal
    messages = db.session.scalars(select(OutboxMessage).where(OutboxMessage.template == "nps_survey")).all()
    assert {m.channel for m in messages} == {"email", "sms"}
    token = db.session.scalar(select(NpsInvitation.token))
    assert all(f"/survey/{token}" in m.body_text for m in messages)

    everyone = surveys.run_survey("active", gap_days=90)  # the customer asked a moment ago is left out
    invited = set(db.session.scalars(select(NpsInvitation.customer_id).where(NpsInvitation.survey_id == everyone.id)))
    assert invited == {old.id, never.id}
    later = surveys.run_survey("active", gap_days=1, now=utcnow() + timedelta(days=2))
    assert later.invited == 3


def test_answer_once_without_signing_in(app, db, make_customer, client):
    customer = make_customer()
    surveys.run_survey("active", gap_days=30)
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.channel == "email"))
    token = _link_token(message)

    page = client.get(f"/survey/{token}")
    assert page.status_code == 200 and customer.full_name in page_text(page)
    refused = client.post(f"/survey/{token}", data={"score": "11"})
    assert refused.status_code == 400
    assert db.session.scalar(select(func.count()).select_from(NpsResponse)) == 0

    done = client.post(f"/survey/{token}", data={"score": "۹", "comment": "  خیلی خوب  "}, follow_redirects=True)
    assert done.status_code == 200
    response = db.session.scalar(select(NpsResponse))
    assert (response.customer_id, response.score, response.comment) == (customer.id, 9, "خیلی خوب")
    invitation = db.session.scalar(select(NpsInvitation))
    assert invitation.response_id == response.id and invitation.answered_at is not None

    again = client.post(f"/survey/{token}", data={"score": "0"}, follow_redirects=True)
    assert again.status_code == 200
    assert db.session.scalar(select(func.count()).select_from(NpsResponse)) == 1
    assert client.get("/survey/not-a-token").status_code == 404


def test_service_refuses_a_second_answer(db, make_customer):
    make_customer()
    surveys.run_survey("active", gap_days=30)
    invitation = db.session.scalar(select(NpsInvitation))
    surveys.answer(invitation, score=10)
    try:
        surveys.answer(invitation, score=0)
    except surveys.SurveyError:
        pass
    else:
        raise AssertionError("a second answer was taken")
    assert db.session.scalar(select(func.count()).select_from(NpsResponse)) == 1


def test_admin_runs_a_survey_and_an_agent_may_not(app, db, make_customer, make_staff):
    make_customer()
    admin, agent = make_staff(role="admin"), make_staff(role="agent")
    client = app.test_client()
    sign_in_staff(client, admin)
    response = client.post("/admin/reports/surveys/", data={"audience": "active", "gap_days": "30"},
                           follow_redirects=True)
    assert response.status_code == 200
    assert db.session.scalar(select(func.count()).select_from(NpsInvitation)) == 1
    assert "۱" in page_text(response)
    bad = client.post("/admin/reports/surveys/", data={"audience": "resolved", "resolved_days": "", "gap_days": "0"})
    assert bad.status_code == 200 and "is-invalid" in bad.get_data(as_text=True)
    other = app.test_client()
    sign_in_staff(other, agent)
    assert other.get("/admin/reports/surveys/").status_code == 403


@pytest.mark.app_config(PORTAL_COMPANY_NAME="Sabz Net")
@pytest.mark.parametrize("admin_language", ["en", "fa"])
def test_each_customer_is_invited_in_their_own_language_whatever_the_admins(app, db, make_customer, make_staff,
                                                                            admin_language):
    chosen = {}
    for locale in ("en", "fa", None):
        customer = make_customer(full_name="Sara Ahmadi")
        customer.locale = locale
        chosen[customer.id] = locale or "fa"  # no choice: the installation's language
    db.session.commit()
    client = app.test_client()
    sign_in_staff(client, make_staff(role="admin"))
    client.get(f"/lang/{admin_language}")
    client.post("/admin/reports/surveys/", data={"audience": "active", "gap_days": "30"})

    rows = db.session.scalars(select(OutboxMessage).where(OutboxMessage.template == "nps_survey")).all()
    assert sorted((m.recipient_id, m.channel) for m in rows) == sorted((c, ch) for c in chosen for ch in ("email", "sms"))
    for m in rows:
        assert_speaks(m, chosen[m.recipient_id], words=("recommend", "پیشنهاد"))
        assert f"/survey/{_link_token(m)}" in m.body_text
        if m.channel == "email":
            assert ("Dear Sara Ahmadi," if chosen[m.recipient_id] == "en" else "Sara Ahmadi عزیز، سلام") in m.body_text
