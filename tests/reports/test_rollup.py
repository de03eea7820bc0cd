"""The daily rollup gives the same figures as the direct SQL, after a rebuild and after incremental refreshes
that follow new tickets, assignments and resolutions; the worker and the command keep it up to date."""
import random
from datetime import date, timedelta

from sqlalchemy import func, select

from portal import jobs
from portal.reports import rollup
from portal.reports.agents import agent_rows
from portal.reports.filters import ReportFilters
from portal.reports.models import TicketDay
from portal.reports.satisfaction import satisfaction
from portal.reports.speed import sla_compliance
from portal.reports.volume import volume
from portal.tickets.models import Feedback
from tests.reports.conftest import tehran

NOW = tehran(2026, 12, 1, 15, 0)
CHANNELS = ("portal", "email", "phone", "sms")


def _figures(app, user, filters):
    """Every rollup-backed figure, read straight from the tickets and through the rollup."""
    out = {}
    for mode in (False, True):
        app.config["PORTAL_REPORT_ROLLUP"] = mode
        out[mode] = [(t.name, t.rows) for f in filters for t in
                     [*volume(user, f), sla_compliance(user, f, now=NOW), *satisfaction(user, f)]] + \
                    [agent_rows(user, f) for f in filters]
    return out[False], out[True]


def _random_tickets(db, rng, make_ticket, categories, agents, customer, count, days_back=40):
    made = []
    for _ in range(count):
        created = NOW - timedelta(minutes=rng.randint(0, days_back * 24 * 60))
        answered = created + timedelta(minutes=rng.randint(5, 900)) if rng.random() < 0.8 else None
        resolved = (answered or created) + timedelta(hours=rng.randint(1, 90)) if answered and rng.random() < 0.6 else None
        if resolved and resolved > NOW:
            resolved = None
        if answered and answered > NOW:
            answered = None
        ticket = make_ticket(
            customer=customer, category=rng.choice(categories), channel=rng.choice(CHANNELS), created_at=created,
            last_activity_at=resolved or answered or created, assignee_id=rng.choice([None, *agents]),
            first_response_at=answered, first_responder_id=rng.choice(agents) if answered else None,
            first_response_business_seconds=rng.randint(60, 20000) if answered else None,
            first_response_due_at=created + timedelta(hours=rng.choice((1, 4, 9))),
            resolved_at=resolved, resolution_business_seconds=rng.randint(600, 90000) if resolved else None,
            resolution_due_at=created + timedelta(hours=rng.choice((9, 27, 45))),
            status="resolved" if resolved else ("open" if answered else "new"))
        if resolved and rng.random() < 0.5:
            db.session.add(Feedback(ticket_id=ticket.id, customer_id=customer.id, score=rng.randint(1, 5),
                                    created_at=resolved + timedelta(hours=rng.randint(0, 30))))
        made.append(ticket)
    db.session.commit()
    return made


def _filters(**kwargs):
    return [ReportFilters(start=date(2026, 10, 25), end=date(2026, 12, 1), period=p, **kwargs)
            for p in ("day", "week", "month")]


def test_rollup_equals_direct_sql_and_follows_changes(app, db, make_department, make_category, make_staff,
                                                      make_customer, make_ticket):
    rng = random.Random(1405)
    d1, d2 = make_department(name="فنی"), make_department(name="مالی")
    categories = [make_category(department=d1), make_category(department=d1), make_category(department=d2)]
    agents = [make_staff(role="agent", departments=[d]).id for d in (d1, d1, d2)]
    customer = make_customer()
    made = _random_tickets(db, rng, make_ticket, categories, agents, customer, 120)
    supervisor, scoped = make_staff(role="supervisor"), make_staff(role="agent", departments=[d2])
    rollup.rebuild(NOW)
    assert db.session.scalar(select(func.sum(TicketDay.created))) == len(made)

    for user, extra in ((supervisor, {}), (supervisor, {"department_id": d1.id}), (supervisor, {"channel": "email"}),
                        (supervisor, {"agent_id": agents[0]}), (supervisor, {"category_id": categories[2].id}),
                        (scoped, {})):
        direct, summed = _figures(app, user, _filters(**extra))
        for one, other in zip(summed, direct):
            assert one == other, (extra, [(a, b) for a, b in zip(one[1], other[1]) if a != b] if isinstance(one, tuple) else 0)

    # changes after the rebuild: new tickets, an old ticket reassigned (a history event), an old one resolved
    from portal.tickets import services as ticket_services

    old = min((t for t in made if t.resolved_at is None and t.assignee_id is not None), key=lambda t: t.created_at)
    ticket_services.assign(old, db.session.get(type(supervisor), agents[2]), actor=supervisor)
    older = min((t for t in made if t.resolved_at is None and t.id != old.id), key=lambda t: t.created_at)
    older.resolved_at, older.status, older.last_activity_at = NOW - timedelta(hours=1), "resolved", NOW
    db.session.commit()
    _random_tickets(db, rng, make_ticket, categories, agents, customer, 15, days_back=3)
    stale_direct, stale = _figures(app, supervisor, _filters())
    assert stale != stale_direct  # not yet seen by the rollup
    summary = rollup.refresh(NOW + timedelta(minutes=5))
    assert summary.startswith("refreshed")
    direct, summed = _figures(app, supervisor, _filters())
    assert summed == direct


def test_worker_refreshes_and_the_command_rebuilds(app, db, make_ticket, make_staff):
    make_ticket(created_at=NOW - timedelta(days=2), channel="phone")
    supervisor = make_staff(role="supervisor")
    with app.test_request_context():  # never built yet: the reports read the tickets
        assert rollup.criteria(supervisor, _filters()[0]) is None
        assert sum(row[1] for row in volume(supervisor, _filters()[0])[0].rows) == 1
    ran = {r.name: r for r in jobs.run_due(app, now=NOW, worker="w1")}
    assert ran["reports.rollup_refresh"].outcome == "ok" and ran["reports.rollup_rebuild"].outcome == "ok"
    assert db.session.scalar(select(func.sum(TicketDay.created))) == 1
    make_ticket(created_at=NOW - timedelta(hours=1), channel="phone")
    # the next refresh is due after the interval, once across workers
    later = NOW + timedelta(seconds=app.config["PORTAL_REPORT_ROLLUP_INTERVAL_SECONDS"] + 1)
    ran = jobs.run_due(app, now=later, worker="w1") + jobs.run_due(app, now=later, worker="w2")
    assert [r.name for r in ran].count("reports.rollup_refresh") == 1
    assert db.session.scalar(select(func.sum(TicketDay.created))) == 2
    with app.test_request_context():
        assert rollup.criteria(supervisor, _filters()[0]) == []
    db.session.execute(TicketDay.__table__.delete())
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["report-rollup", "--full"])
    assert result.exit_code == 0 and "rebuilt" in result.output
    assert db.session.scalar(select(func.sum(TicketDay.created))) == 2
