"""An API call that opens a ticket is stored raw first, like every channel's message, and is idempotent."""
import json

from portal.channels import inbound
from portal.channels.models import InboundMessage
from portal.extensions import db
from portal.tickets.models import Ticket


def _create(caller, category, key=None, **fields):
    payload = {"subject": "قطعی اینترنت", "body": "از دیروز وصل نیست", "category_id": category.id, **fields}
    headers = {"Idempotency-Key": key} if key else {}
    return caller.post("/api/v1/tickets", json=payload, extra_headers=headers)


def test_a_created_ticket_is_stored_raw_and_linked(api, token_for, make_customer, category):
    customer = make_customer()
    created = _create(api(token_for(customer)), category)
    assert created.status_code == 201, created.json
    stored = db.session.scalar(db.select(InboundMessage).filter_by(channel="api"))
    assert stored.status == "processed" and stored.ticket.number == created.json["number"]
    assert json.loads(stored.raw)["body"] == "از دیروز وصل نیست"
    assert stored.sender == f"customer:{customer.id}"


def test_the_same_idempotency_key_gives_the_same_ticket(api, token_for, make_customer, category):
    caller = api(token_for(make_customer()))
    first = _create(caller, category, key="order-42")
    again = _create(caller, category, key="order-42")
    other = _create(caller, category, key="order-43")
    assert first.json["number"] == again.json["number"] != other.json["number"]
    assert db.session.query(Ticket).count() == 2
    assert db.session.query(InboundMessage).filter_by(channel="api").count() == 2


def test_two_callers_using_one_key_do_not_meet(api, token_for, make_customer, category):
    mine = _create(api(token_for(make_customer())), category, key="same")
    theirs = _create(api(token_for(make_customer())), category, key="same")
    assert mine.json["number"] != theirs.json["number"]


def test_a_request_that_cannot_become_a_ticket_waits_with_its_reason(db, make_customer, make_category, category):
    customer = make_customer()
    gone = make_category(name="موضوع کنارگذاشته")
    message, _new = inbound.receive("api", json.dumps({"subject": "s", "body": "b", "category_id": gone.id}).encode(),
                                    provider_id=f"customer:{customer.id}:k1", sender=f"customer:{customer.id}")
    assert message.status == "processed"  # the topic was active then
    gone.is_active = False
    db.session.commit()
    retried, _new = inbound.receive("api", json.dumps({"subject": "s", "body": "b", "category_id": gone.id}).encode(),
                                    provider_id=f"customer:{customer.id}:k2", sender=f"customer:{customer.id}")
    assert retried.status == "quarantined" and retried.ticket is None and retried.error
    gone.is_active = True
    db.session.commit()
    [done] = inbound.reprocess(message_id=retried.id)
    assert done.status == "processed" and done.ticket.customer_id == customer.id and done.ticket.channel == "api"
