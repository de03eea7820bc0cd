"""tickets.access.visible_tickets(user): the one policy for who sees which ticket."""
from portal.extensions import db
from portal.tickets.access import visible_tickets


def _numbers(user):
    return {t.number for t in db.session.scalars(visible_tickets(user))}


def test_customer_sees_only_own_tickets(make_customer, make_ticket):
    alice, bob = make_customer(), make_customer()
    mine = make_ticket(customer=alice)
    make_ticket(customer=bob)
    assert _numbers(alice) == {mine.number}


def test_agent_sees_own_departments_and_assigned(make_staff, make_department, make_category, make_ticket):
    technical, billing = make_department(), make_department()
    agent = make_staff(role="agent", departments=[technical])
    in_dept = make_ticket(category=make_category(department=technical))
    other = make_ticket(category=make_category(department=billing))
    assigned = make_ticket(category=make_category(department=billing), assignee_id=agent.id)
    assert _numbers(agent) == {in_dept.number, assigned.number}
    assert other.number not in _numbers(agent)


def test_view_all_sees_everything_and_disabled_staff_nothing(make_staff, make_ticket, db):
    tickets = {make_ticket().number, make_ticket().number}
    supervisor = make_staff(role="supervisor")
    assert _numbers(supervisor) == tickets
    supervisor.active = False
    db.session.commit()
    assert _numbers(supervisor) == set()


def test_anonymous_sees_nothing(make_ticket):
    from flask_login import AnonymousUserMixin

    make_ticket()
    assert _numbers(AnonymousUserMixin()) == set()
