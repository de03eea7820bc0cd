"""tickets.services: opening, replying, the status workflow, assignment, merging, reopening and feedback.
Every change leaves a history row (who, when); assignments and status changes an audit row too."""
import re
from pathlib import Path

import pytest

from portal.audit import AuditEntry
from portal.tickets import services
from portal.tickets.models import Attachment, Ticket, TicketEvent, TicketMessage
from portal.tickets.services import sla
from tests.tickets.conftest import outbox


def events(db, ticket, field=None):
    query = db.session.query(TicketEvent).filter_by(ticket_id=ticket.id)
    if field:
        query = query.filter_by(field=field)
    return [(e.field, e.old_value, e.new_value, e.actor_kind, e.actor_id) for e in query.order_by(TicketEvent.id)]


def audits(db, action):
    return db.session.query(AuditEntry).filter_by(action=action).all()


# --- opening -------------------------------------------------------------------------------------

def test_open_ticket_writes_ticket_message_due_times_history_audit_and_notification(open_ticket, make_customer,
                                                                                    category, db):
    customer = make_customer()
    ticket = open_ticket(customer, subject="  اینترنت   قطع است ", body="از صبح وصل نمی‌شود.")
    assert re.fullmatch(r"\d\d-\d{7}", ticket.number) and ticket.number != str(ticket.id)
    assert ticket.subject == "اینترنت قطع است"
    assert (ticket.status, ticket.priority, ticket.channel) == ("new", "normal", "portal")
    assert ticket.department_id == category.department_id
    assert [m.body for m in ticket.messages] == ["از صبح وصل نمی‌شود."]
    assert ticket.messages[0].author_customer_id == customer.id
    targets = sla.ticket_targets("normal", category)
    assert ticket.first_response_due_at == sla.add_business_minutes(ticket.created_at, int(targets.first_response_hours * 60), sla.calendar())
    assert ticket.sla_due_at == ticket.first_response_due_at < ticket.resolution_due_at
    assert events(db, ticket) == [("created", None, "new", "customer", customer.id)]
    assert audits(db, "ticket.opened")[0].target_id == str(ticket.id)
    assert [(m.template, m.recipient_id) for m in outbox()] == [("ticket_opened", customer.id)] * 2  # e-mail and SMS


def test_ticket_numbers_are_unique_and_not_sequential(open_ticket, make_customer):
    customer = make_customer()
    numbers = [open_ticket(customer).number for _ in range(5)]
    assert len(set(numbers)) == 5
    tails = sorted(int(n.split("-")[1]) for n in numbers)
    assert tails != list(range(tails[0], tails[0] + 5))


def test_a_topic_can_have_its_own_targets(open_ticket, make_category, department):
    fast = make_category(department=department)
    fast.sla_targets = {"normal": [1, 2]}
    ticket = open_ticket(category=fast)
    assert ticket.first_response_due_at == sla.add_business_minutes(ticket.created_at, 60, sla.calendar())


def test_open_refuses_a_follow_up_of_another_customers_ticket(open_ticket, make_customer):
    theirs = open_ticket(make_customer())
    with pytest.raises(services.TicketError):
        open_ticket(make_customer(), follows_up=theirs)


def test_a_rejected_file_writes_nothing(open_ticket, upload, db, app):
    with pytest.raises(services.UploadRejected):
        open_ticket(files=[upload("ok.pdf", b"%PDF"), upload("run.exe", b"MZ")])
    assert db.session.query(Ticket).count() == 0
    assert not list(Path(app.config["PORTAL_UPLOAD_DIR"]).rglob("*.*"))


def test_phone_ticket_records_the_staff_member_and_channel(open_ticket, agent, db):
    ticket = open_ticket(channel="phone", created_by=agent, priority="high")
    assert (ticket.channel, ticket.created_by_staff_id, ticket.priority) == ("phone", agent.id, "high")
    assert ticket.messages[0].channel == "phone"
    assert events(db, ticket)[0][3:] == ("staff", agent.id)


# --- replies -------------------------------------------------------------------------------------

def test_agent_reply_is_the_first_response_and_waits_for_the_customer(open_ticket, agent, db):
    ticket = open_ticket()
    before = ticket.last_activity_at
    message = services.reply(ticket, author=agent, body="لطفاً مودم را خاموش و روشن کنید.")
    assert message.author_staff_id == agent.id and not message.is_internal
    assert ticket.status == "waiting" and ticket.first_response_at == message.created_at
    assert ticket.sla_due_at == ticket.resolution_due_at and ticket.last_activity_at >= before
    assert events(db, ticket, "status") == [("status", "new", "waiting", "staff", agent.id)]
    assert audits(db, "ticket.status_changed")[0].details["new"] == "waiting"
    assert outbox()[-1].template == "ticket_reply"


def test_internal_note_changes_nothing_the_customer_sees(open_ticket, agent, db):
    ticket = open_ticket()
    sent_before, activity = len(outbox()), ticket.last_activity_at
    services.reply(ticket, author=agent, body="یادداشت داخلی", internal=True)
    assert ticket.status == "new" and ticket.first_response_at is None and ticket.last_activity_at == activity
    assert len(outbox()) == sent_before


def test_agent_may_choose_the_status_after_a_reply(open_ticket, agent):
    ticket = open_ticket()
    services.reply(ticket, author=agent, body="حل شد.", status="resolved")
    assert ticket.status == "resolved" and ticket.resolved_at is not None and ticket.sla_due_at is None
    assert outbox()[-1].template == "ticket_resolved"  # one message: the answer and the resolution together
    assert "حل شد." in outbox()[-1].body_text


def test_customer_reply_reopens_a_waiting_ticket(open_ticket, agent):
    ticket = open_ticket()
    services.reply(ticket, author=agent, body="چه مودمی دارید؟")
    services.reply(ticket, author=ticket.customer, body="TP-Link")
    assert ticket.status == "open"


def test_customer_cannot_reply_to_a_closed_ticket_or_anothers(open_ticket, make_customer):
    ticket = open_ticket()
    with pytest.raises(PermissionError):
        services.reply(ticket, author=make_customer(), body="x")
    services.close_by_customer(ticket, ticket.customer)
    with pytest.raises(services.TicketError):
        services.reply(ticket, author=ticket.customer, body="x")


def test_customer_cannot_write_internal_notes(open_ticket):
    ticket = open_ticket()
    message = services.reply(ticket, author=ticket.customer, body="x", internal=True)
    assert message.is_internal is False


def test_empty_reply_is_refused(open_ticket, agent):
    with pytest.raises(services.TicketError):
        services.reply(open_ticket(), author=agent, body="   ")


def test_reply_attachments_are_stored(open_ticket, agent, upload, db):
    ticket = open_ticket()
    message = services.reply(ticket, author=agent, body="راهنما پیوست است", files=[upload("راهنما.pdf", b"%PDF-1.4")])
    (attachment,) = message.attachments
    assert attachment.ticket_id == ticket.id and attachment.original_name == "راهنما.pdf"
    assert attachment.content_type == "application/pdf" and attachment.size == 8


# --- status workflow ----------------------------------------------------------------------------

def test_the_workflow_allows_only_its_transitions(open_ticket, agent, db):
    ticket = open_ticket()
    for status in ("open", "waiting", "resolved", "closed", "open"):
        services.change_status(ticket, status, actor=agent)
        assert ticket.status == status
    assert [e[1:3] for e in events(db, ticket, "status")] == [
        ("new", "open"), ("open", "waiting"), ("waiting", "resolved"), ("resolved", "closed"), ("closed", "open")]
    assert len(audits(db, "ticket.status_changed")) == 5
    services.change_status(ticket, "closed", actor=agent)
    with pytest.raises(services.TicketError):
        services.change_status(ticket, "waiting", actor=agent)


def test_resolving_tells_the_customer_and_reopening_gives_a_fresh_target(open_ticket, agent):
    ticket = open_ticket()
    services.change_status(ticket, "resolved", actor=agent)
    assert outbox()[-1].template == "ticket_resolved"
    services.change_status(ticket, "open", actor=agent)
    assert ticket.resolved_at is None and ticket.resolution_due_at > ticket.created_at
    assert ticket.sla_due_at == ticket.first_response_due_at  # still not answered


def test_customer_closes_and_reopens_within_the_window(open_ticket, db):
    ticket = open_ticket()
    services.close_by_customer(ticket, ticket.customer)
    assert ticket.status == "closed" and ticket.closed_at is not None
    services.reopen_by_customer(ticket, ticket.customer)
    assert ticket.status == "open" and ticket.closed_at is None
    assert [e[1:4] for e in events(db, ticket, "status")] == [("new", "closed", "customer"), ("closed", "open", "customer")]


@pytest.mark.app_config(PORTAL_REOPEN_DAYS=3)
def test_after_the_reopen_window_a_follow_up_ticket_is_opened(open_ticket, age):
    ticket = open_ticket()
    services.close_by_customer(ticket, ticket.customer)
    age(ticket, days=4)
    assert not services.can_reopen(ticket)
    with pytest.raises(services.ReopenExpired):
        services.reopen_by_customer(ticket, ticket.customer)
    follow_up = open_ticket(ticket.customer, follows_up=ticket)
    assert follow_up.follows_up_id == ticket.id


# --- assignment, transfer, priority, topic ------------------------------------------------------

def test_assigning_records_audits_and_tells_the_agent(open_ticket, agent, make_staff, department, db):
    supervisor = make_staff(role="supervisor")
    ticket = open_ticket()
    services.assign(ticket, agent, actor=supervisor)
    assert ticket.assignee_id == agent.id
    assert events(db, ticket, "assignee") == [("assignee", None, agent.full_name, "staff", supervisor.id)]
    assert audits(db, "ticket.assigned")[0].details["assignee_id"] == agent.id
    message = outbox()[-1]
    assert (message.template, message.recipient_kind, message.to_address) == ("ticket_assigned", "staff", agent.email)
    assert ticket.number in message.subject or ticket.number in message.body_text.replace("-", "-")


def test_claiming_does_not_notify_oneself_and_viewers_cannot_be_assigned(open_ticket, agent, make_staff):
    ticket = open_ticket()
    sent = len(outbox())
    services.claim(ticket, agent)
    assert ticket.assignee_id == agent.id and len(outbox()) == sent
    with pytest.raises(services.TicketError):
        services.assign(ticket, make_staff(role="viewer"), actor=agent)


def test_transfer_moves_department_and_lets_go_of_the_assignee(open_ticket, agent, other_department, db):
    ticket = open_ticket()
    services.claim(ticket, agent)
    services.transfer(ticket, other_department, actor=agent)
    assert ticket.department_id == other_department.id and ticket.assignee_id is None
    assert [e[0] for e in events(db, ticket)][-2:] == ["department", "assignee"]
    assert audits(db, "ticket.transferred")


def test_priority_change_recomputes_due_times(open_ticket, agent, db):
    ticket = open_ticket()
    normal_due = ticket.first_response_due_at
    services.set_priority(ticket, "urgent", actor=agent)
    assert ticket.first_response_due_at < normal_due and ticket.sla_due_at == ticket.first_response_due_at
    assert events(db, ticket, "priority") == [("priority", "normal", "urgent", "staff", agent.id)]


def test_topic_of_another_department_moves_the_ticket(open_ticket, agent, other_category, db):
    ticket = open_ticket()
    services.set_category(ticket, other_category, actor=agent)
    assert ticket.category_id == other_category.id and ticket.department_id == other_category.department_id
    assert {e[0] for e in events(db, ticket)} >= {"category", "department"}


# --- merge --------------------------------------------------------------------------------------

def test_merge_moves_messages_and_attachments_and_tells_the_customer(open_ticket, make_customer, agent, upload, db):
    customer = make_customer()
    into = open_ticket(customer, subject="اینترنت قطع است")
    duplicate = open_ticket(customer, subject="باز هم قطعی", files=[upload("log.txt", b"ping timeout")])
    services.merge(duplicate, into, actor=agent)
    assert duplicate.merged_into_id == into.id and duplicate.status == "closed"
    assert db.session.query(TicketMessage).filter_by(ticket_id=duplicate.id).count() == 0
    assert [m.body for m in into.messages] == ["از صبح اینترنت وصل نمی‌شود."] * 2
    assert db.session.query(Attachment).filter_by(ticket_id=into.id).count() == 1
    assert outbox()[-1].template == "ticket_merged"
    assert events(db, duplicate, "merged_into")[0][2] == into.number
    assert events(db, into, "merged_from")[0][2] == duplicate.number
    with pytest.raises(services.TicketError):
        services.reply(duplicate, author=agent, body="x")


def test_merge_refuses_other_customers_itself_and_twice(open_ticket, make_customer, agent):
    a, b = open_ticket(make_customer()), open_ticket(make_customer())
    with pytest.raises(services.TicketError):
        services.merge(a, b, actor=agent)
    with pytest.raises(services.TicketError):
        services.merge(a, a, actor=agent)
    customer = make_customer()
    x, y, z = open_ticket(customer), open_ticket(customer), open_ticket(customer)
    services.merge(x, y, actor=agent)
    with pytest.raises(services.TicketError):
        services.merge(x, z, actor=agent)


# --- feedback and unread ------------------------------------------------------------------------

def test_feedback_once_per_resolved_ticket_and_changeable_for_a_while(open_ticket, agent, age, db, app):
    ticket = open_ticket()
    with pytest.raises(services.TicketError):
        services.record_feedback(ticket, ticket.customer, score=5)
    services.change_status(ticket, "resolved", actor=agent)
    with pytest.raises(services.TicketError):
        services.record_feedback(ticket, ticket.customer, score=6)
    first = services.record_feedback(ticket, ticket.customer, score=2, comment=" دیر جواب دادید ")
    again = services.record_feedback(ticket, ticket.customer, score=4)
    assert first is again and (again.score, again.comment) == (4, None)
    assert services.satisfaction(ticket.customer_id) == (4.0, 1)
    age(ticket, days=app.config["PORTAL_FEEDBACK_EDIT_DAYS"] + 1)
    with pytest.raises(services.TicketError):
        services.record_feedback(ticket, ticket.customer, score=1)
    assert [e[1:3] for e in events(db, ticket, "feedback")] == [(None, "2"), ("2", "4")]


def test_satisfaction_averages_the_customers_ratings(open_ticket, make_customer, agent):
    customer = make_customer()
    for score in (5, 4, 2):
        ticket = open_ticket(customer)
        services.change_status(ticket, "resolved", actor=agent)
        services.record_feedback(ticket, customer, score=score)
    assert services.satisfaction(customer.id) == (3.7, 3)
    assert services.satisfaction(make_customer().id) == (None, 0)


def test_mark_seen_only_writes_when_there_is_something_new(open_ticket, agent, db):
    ticket = open_ticket()
    seen = ticket.customer_seen_at
    services.mark_seen(ticket, ticket.customer, services.thread(ticket, include_internal=False))
    assert ticket.customer_seen_at == seen
    services.reply(ticket, author=agent, body="پاسخ")
    services.mark_seen(ticket, agent, services.thread(ticket, include_internal=True))
    assert ticket.customer_seen_at == seen  # an agent reading does not count
    services.mark_seen(ticket, ticket.customer, services.thread(ticket, include_internal=False))
    assert ticket.customer_seen_at > seen
