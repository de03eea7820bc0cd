"""/api/v1/tickets: the same services and access policy as the pages."""
from portal.extensions import db
from portal.tickets.models import Ticket, TicketEvent, TicketMessage


def test_customer_creates_lists_and_reads_own_ticket(api, token_for, make_customer, category):
    customer = make_customer()
    caller = api(token_for(customer))
    created = caller.post("/api/v1/tickets", json={"subject": "قطعی اینترنت", "body": "از دیروز وصل نیست",
                                                   "category_id": category.id, "priority": "urgent"})
    assert created.status_code == 201, created.json
    number = created.json["number"]
    assert created.headers["Location"].endswith(f"/api/v1/tickets/{number}")
    ticket = db.session.scalar(db.select(Ticket).filter_by(number=number))
    assert (ticket.channel, ticket.customer_id, ticket.priority) == ("api", customer.id, "normal")
    assert created.json["messages"][0]["body"] == "از دیروز وصل نیست"

    listed = caller.get("/api/v1/tickets")
    assert [t["number"] for t in listed.json["items"]] == [number]
    assert caller.get(f"/api/v1/tickets/{number}").json["subject"] == "قطعی اینترنت"


def test_someone_elses_ticket_is_not_found(api, token_for, make_customer, open_ticket, agent, other_category):
    theirs = open_ticket()
    outside = open_ticket(category=other_category)  # another department than the agent's
    response = api(token_for(make_customer())).get(f"/api/v1/tickets/{theirs.number}")
    assert response.status_code == 404 and response.content_type == "application/problem+json"
    agent_api = api(token_for(agent))
    assert agent_api.get(f"/api/v1/tickets/{outside.number}").status_code == 404
    assert agent_api.get(f"/api/v1/tickets/{theirs.number}").status_code == 200
    assert [t["number"] for t in agent_api.get("/api/v1/tickets").json["items"]] == [theirs.number]


def test_internal_notes_only_for_staff(api, token_for, agent, open_ticket):
    ticket = open_ticket()
    agent_api = api(token_for(agent))
    note = agent_api.post(f"/api/v1/tickets/{ticket.number}/notes", json={"body": "به واحد فنی بگویید"})
    assert note.status_code == 201
    assert [m["internal"] for m in note.json["messages"]] == [False, True]
    customer_view = api(token_for(ticket.customer)).get(f"/api/v1/tickets/{ticket.number}").json
    assert [m["body"] for m in customer_view["messages"]] == ["از صبح اینترنت وصل نمی‌شود."]
    refused = api(token_for(ticket.customer)).post(f"/api/v1/tickets/{ticket.number}/notes", json={"body": "x"})
    assert refused.status_code == 403


def test_replies_go_through_the_service(api, token_for, agent, open_ticket):
    ticket = open_ticket()
    reply = api(token_for(agent)).post(f"/api/v1/tickets/{ticket.number}/replies", json={"body": "بررسی شد"})
    assert reply.status_code == 201
    assert reply.json["status"] == "waiting"  # an agent's public reply waits for the customer
    db.session.refresh(ticket)
    assert ticket.first_response_at is not None
    back = api(token_for(ticket.customer)).post(f"/api/v1/tickets/{ticket.number}/replies", json={"body": "ممنون"})
    assert back.json["status"] == "open"
    message = db.session.scalar(db.select(TicketMessage).order_by(TicketMessage.id.desc()))
    assert (message.channel, message.author_customer_id) == ("api", ticket.customer_id)


def test_staff_change_status_priority_and_assignee(api, token_for, make_staff, department, open_ticket):
    ticket = open_ticket()
    supervisor = make_staff(role="supervisor")
    colleague = make_staff(role="agent", departments=[department])
    caller = api(token_for(supervisor))
    changed = caller.patch(f"/api/v1/tickets/{ticket.number}",
                           json={"status": "open", "priority": "high", "assignee_id": colleague.id})
    assert changed.status_code == 200, changed.json
    assert (changed.json["status"], changed.json["priority"], changed.json["assignee"]["id"]) == \
        ("open", "high", colleague.id)
    seen_by_customer = api(token_for(ticket.customer)).get(f"/api/v1/tickets/{ticket.number}").json
    assert seen_by_customer["assignee"] is None  # the customer pages name no agent either
    fields = set(db.session.scalars(db.select(TicketEvent.field).where(TicketEvent.ticket_id == ticket.id)))
    assert {"status", "priority", "assignee"} <= fields


def test_refused_transition_is_a_409_problem_and_changes_nothing(api, token_for, agent, open_ticket):
    ticket = open_ticket()
    caller = api(token_for(agent))
    assert caller.patch(f"/api/v1/tickets/{ticket.number}", json={"status": "closed"}).status_code == 200
    refused = caller.patch(f"/api/v1/tickets/{ticket.number}", json={"status": "waiting", "priority": "low"})
    assert refused.status_code == 409
    assert refused.content_type == "application/problem+json"
    assert refused.json["title"] == "این تغییر اکنون ممکن نیست."
    assert "«" in refused.json["detail"]  # the service's reason, translated
    db.session.refresh(ticket)
    assert (ticket.status, ticket.priority) == ("closed", "normal")


def test_permissions_of_the_owner_apply(api, token_for, make_staff, department, open_ticket):
    ticket = open_ticket()
    viewer = make_staff(role="viewer", departments=[department])
    caller = api(token_for(viewer))
    assert caller.get(f"/api/v1/tickets/{ticket.number}").status_code == 200
    assert caller.post(f"/api/v1/tickets/{ticket.number}/replies", json={"body": "x"}).status_code == 403
    assert caller.patch(f"/api/v1/tickets/{ticket.number}", json={"assignee_id": None}).status_code == 403
    assert api(token_for(ticket.customer)).patch(f"/api/v1/tickets/{ticket.number}",
                                                 json={"priority": "high"}).status_code == 403


def test_staff_opens_a_ticket_for_a_customer_named_by_any_identifier(api, token_for, agent, make_customer,
                                                                       category):
    customer = make_customer(mobile="09121110000")
    caller = api(token_for(agent))
    created = caller.post("/api/v1/tickets", json={"customer": "۰۹۱۲۱۱۱۰۰۰۰", "subject": "تماس تلفنی",
                                                   "body": "مشتری زنگ زد", "category_id": category.id,
                                                   "priority": "high"})
    assert created.status_code == 201, created.json
    ticket = db.session.scalar(db.select(Ticket).filter_by(number=created.json["number"]))
    assert (ticket.customer_id, ticket.created_by_staff_id, ticket.priority, ticket.channel) == \
        (customer.id, agent.id, "high", "api")
    unknown = caller.post("/api/v1/tickets", json={"customer": "09129999999", "subject": "x", "body": "y",
                                                   "category_id": category.id})
    assert unknown.status_code == 422 and "customer" in unknown.json["errors"]


def test_invalid_input_is_a_422_problem_with_field_errors(api, token_for, make_customer):
    caller = api(token_for(make_customer()))
    response = caller.post("/api/v1/tickets", json={"subject": "", "category_id": "x"})
    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    assert response.json["title"] == "برخی از فیلدها درست نیستند."
    assert {"subject", "body", "category_id"} <= set(response.json["errors"])
    assert caller.get("/api/v1/tickets?status=nonsense").status_code == 422
    assert caller.get("/api/v1/tickets?cursor=@@@").status_code == 422


def test_list_filters_and_cursor_paging(api, token_for, make_staff, open_ticket, age, other_category):
    supervisor = make_staff(role="supervisor")
    tickets = [open_ticket() for _ in range(5)]
    other = open_ticket(category=other_category, priority="urgent")
    for n, ticket in enumerate(tickets + [other]):
        age(ticket, minutes=10 * (6 - n))  # the later in the list, the more recent
    caller = api(token_for(supervisor))
    seen, cursor = [], None
    while True:
        page = caller.get("/api/v1/tickets", query_string={"limit": 2, **({"cursor": cursor} if cursor else {})})
        seen += [t["number"] for t in page.json["items"]]
        cursor = page.json["next_cursor"]
        if cursor is None:
            break
    assert seen == [t.number for t in reversed(tickets + [other])]
    urgent = caller.get("/api/v1/tickets", query_string={"priority": "urgent"}).json["items"]
    assert [t["number"] for t in urgent] == [other.number]
    by_department = caller.get("/api/v1/tickets", query_string={"department": other.department_id}).json["items"]
    assert [t["number"] for t in by_department] == [other.number]
    assert caller.get("/api/v1/tickets", query_string={"status": "closed"}).json["items"] == []
    assert caller.get("/api/v1/tickets", query_string={"assignee": "me"}).json["items"] == []
