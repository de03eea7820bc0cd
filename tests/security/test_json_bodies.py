"""JSON bodies follow the form fields' rule: NUL and other control characters never reach the database
(PostgreSQL refuses NUL in text); tab, line feed and carriage return stay."""
import json

from portal.customers.models import Interaction
from portal.extensions import db
from portal.inputs import clean_json
from portal.tickets.models import Ticket, TicketMessage
from tests.channels.api.conftest import (  # noqa: F401  (the API's fixtures)
    agent, api, category, department, grant, open_ticket, token_for)


def test_a_ticket_opened_through_the_api_loses_control_characters(api, token_for, make_customer, category):
    customer = make_customer()
    created = api(token_for(customer)).post("/api/v1/tickets", json={
        "subject": "قطعی\x00 اینترنت\x1b", "body": "از دیروز\x00\x07 وصل نیست\nخط دوم\tستون",
        "category_id": category.id})
    assert created.status_code == 201, created.json
    ticket = db.session.scalar(db.select(Ticket).filter_by(number=created.json["number"]))
    assert ticket.subject == "قطعی اینترنت"
    assert ticket.messages[0].body == "از دیروز وصل نیست\nخط دوم\tستون"


def test_replies_notes_and_changes_lose_control_characters(api, token_for, agent, open_ticket):
    ticket = open_ticket()
    agent_api = api(token_for(agent))
    assert agent_api.post(f"/api/v1/tickets/{ticket.number}/replies", json={"body": "بررسی\x00 شد"}).status_code == 201
    assert agent_api.post(f"/api/v1/tickets/{ticket.number}/notes", json={"body": "\x00یادداشت\x7f"}).status_code == 201
    bodies = db.session.scalars(db.select(TicketMessage.body).filter_by(ticket_id=ticket.id)
                                .order_by(TicketMessage.id)).all()
    assert bodies[1:] == ["بررسی شد", "یادداشت"]
    # A control character in a value that must match a choice is gone before the choice is checked.
    changed = agent_api.patch(f"/api/v1/tickets/{ticket.number}", json={"priority": "hi\x00gh"})
    assert changed.status_code == 200, changed.json
    assert changed.json["priority"] == "high"


def test_an_interaction_loses_control_characters(api, token_for, make_staff, make_customer):
    customer = make_customer(mobile="09351234567")
    response = api(token_for(make_staff(role="supervisor"))).post("/api/v1/interactions", json={
        "customer": "0935\x00123\x004567", "kind": "call", "summary": "پرسید\x00 قبض\x08 کی می‌آید"})
    assert response.status_code == 201, response.json
    assert db.session.scalar(db.select(Interaction.summary)) == "پرسید قبض کی می‌آید"
    assert response.json["customer_number"] == customer.number


def test_raw_control_bytes_are_malformed_json_not_a_server_error(api, token_for, make_customer, category):
    caller = api(token_for(make_customer()))
    body = '{"subject": "a\x00b", "body": "x", "category_id": %d}' % category.id
    response = caller.post("/api/v1/tickets", data=body.encode(), extra_headers={"Content-Type": "application/json"})
    assert 400 <= response.status_code < 500
    assert db.session.scalar(db.select(db.func.count(Ticket.id))) == 0


def test_clean_json_reaches_keys_and_nested_values():
    document = json.loads('{"a\\u0000b": ["x\\u0000y", {"k": "\\u001b1\\t2"}], "n": 5, "t": true, "z": null}')
    assert clean_json(document) == {"ab": ["xy", {"k": "1\t2"}], "n": 5, "t": True, "z": None}
