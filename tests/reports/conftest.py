"""A week of tickets with known answers: created around a Tehran midnight, answered and resolved by two agents,
rated, and NPS answers; every figure the reports show is worked out by hand in the tests."""
from datetime import date, datetime, timedelta, timezone
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

TEHRAN = ZoneInfo("Asia/Tehran")
START, END = date(2026, 11, 29), date(2026, 12, 1)  # Sunday to Tuesday


def tehran(*parts) -> datetime:
    """A Tehran wall-clock time as the naive UTC the database stores."""
    return datetime(*parts, tzinfo=TEHRAN).astimezone(timezone.utc).replace(tzinfo=None)


@pytest.fixture(params=["direct", "rollup"])
def seeded(request, app, db, make_department, make_category, make_staff, make_ticket, make_customer):
    """The week, read straight from the tickets or through the rollup: every figure must come out the same."""
    from portal.customers.models import NpsResponse
    from portal.tickets.models import Feedback, TicketMessage

    d1, d2 = make_department(name="فنی"), make_department(name="مالی")
    c1, c2 = make_category(name="اینترنت", department=d1), make_category(name="صورتحساب", department=d2)
    a1 = make_staff(role="agent", departments=[d1], full_name="الف کارشناس")
    a2 = make_staff(role="agent", departments=[d1], full_name="ب کارشناس")
    customer = make_customer()
    far = datetime(2030, 1, 1)

    def ticket(created, category=c1, channel="portal", assignee=None, fr=None, fr_by=None, fr_secs=None,
               fr_due=None, resolved=None, res_secs=None, res_due=None, sla_due=None):
        return make_ticket(customer=customer, category=category, channel=channel, created_at=created,
                           last_activity_at=created, assignee_id=getattr(assignee, "id", None),
                           first_response_at=fr, first_responder_id=getattr(fr_by, "id", None),
                           first_response_business_seconds=fr_secs, first_response_due_at=fr_due,
                           resolved_at=resolved, resolution_business_seconds=res_secs, resolution_due_at=res_due,
                           sla_due_at=sla_due,
                           status="resolved" if resolved else ("open" if fr else "new"))

    t1_at = tehran(2026, 11, 29, 10, 0)
    t1 = ticket(t1_at, assignee=a1, fr=t1_at + timedelta(hours=1), fr_by=a1, fr_secs=3600,
                fr_due=t1_at + timedelta(hours=4), resolved=tehran(2026, 11, 30, 10, 0), res_secs=32400,
                res_due=t1_at + timedelta(days=3))
    t2_at = tehran(2026, 11, 29, 11, 0)
    t2 = ticket(t2_at, channel="phone", assignee=a1, fr=t2_at + timedelta(hours=2), fr_by=a1, fr_secs=7200,
                fr_due=t2_at + timedelta(hours=1), resolved=tehran(2026, 11, 29, 15, 0), res_secs=3600,
                res_due=t2_at + timedelta(days=3))
    t3_at = tehran(2026, 11, 30, 23, 59)  # the last minute of Monday in Tehran ...
    t3 = ticket(t3_at, assignee=a1, fr=t3_at + timedelta(minutes=30), fr_by=a1, fr_secs=1800,
                fr_due=t3_at + timedelta(hours=10), res_due=tehran(2026, 12, 1, 12, 0), sla_due=tehran(2026, 12, 1, 12, 0))
    t4_at = tehran(2026, 12, 1, 0, 1)  # ... and the first of Tuesday: the same UTC date, another local day
    t4 = ticket(t4_at, channel="email", assignee=a2, fr=t4_at + timedelta(minutes=2), fr_by=a2, fr_secs=100,
                fr_due=t4_at + timedelta(hours=9), res_due=far, sla_due=far)
    t5 = ticket(tehran(2026, 12, 1, 9, 0), category=c2, fr_due=tehran(2026, 12, 1, 13, 0), res_due=far,
                sla_due=tehran(2026, 12, 1, 13, 0))
    t6 = ticket(tehran(2026, 11, 20, 10, 0))  # before the range, still open: the backlog starts at 1
    ticket(tehran(2026, 11, 20, 11, 0), resolved=tehran(2026, 11, 21, 10, 0), res_secs=60)  # before, resolved

    db.session.add_all([
        TicketMessage(ticket_id=t1.id, author_staff_id=a1.id, body="پاسخ", created_at=t1_at + timedelta(hours=1)),
        TicketMessage(ticket_id=t1.id, author_staff_id=a1.id, body="یادداشت", is_internal=True,
                      created_at=t1_at + timedelta(hours=2)),
        TicketMessage(ticket_id=t4.id, author_staff_id=a2.id, body="پاسخ", created_at=t4_at + timedelta(minutes=2)),
        Feedback(ticket_id=t1.id, customer_id=customer.id, score=5, comment="عالی بود",
                 created_at=tehran(2026, 11, 30, 12, 0)),
        Feedback(ticket_id=t2.id, customer_id=customer.id, score=2, comment="=HYPERLINK(\"x\")",
                 created_at=tehran(2026, 11, 30, 12, 0)),
        *(NpsResponse(customer_id=customer.id, score=s, at=tehran(2026, 11, 29, 12, 0)) for s in (10, 9, 7, 3)),
    ])
    db.session.commit()
    app.config["PORTAL_REPORT_ROLLUP"] = request.param == "rollup"
    if request.param == "rollup":
        from portal.reports import rollup

        rollup.rebuild()
    return SimpleNamespace(d1=d1, d2=d2, c1=c1, c2=c2, a1=a1, a2=a2, customer=customer,
                           tickets=[t1, t2, t3, t4, t5, t6])


@pytest.fixture
def filters():
    from portal.reports.filters import ReportFilters

    def make(**kwargs):
        return ReportFilters(**{"start": START, "end": END, "period": "day", **kwargs})

    return make


@pytest.fixture
def supervisor(make_staff):
    return make_staff(role="supervisor")
