from tests.conftest import page_text


def test_customer_opens_and_agent_answers(client_as, make_customer, category, agent, db):
    customer = make_customer()
    c = client_as(customer)
    r = c.get("/tickets/new")
    assert r.status_code == 200, r.get_data(as_text=True)
    r = c.post("/tickets/new", data={"subject": "سلام", "body": "متن", "category": category.id})
    assert r.status_code == 302, page_text(r)
    detail = c.get(r.location)
    assert detail.status_code == 200, detail.get_data(as_text=True)
    assert c.get("/tickets/").status_code == 200
    a = client_as(agent)
    q = a.get("/admin/tickets/")
    assert q.status_code == 200, q.get_data(as_text=True)
    number = r.location.rsplit("/", 1)[1]
    d = a.get(f"/admin/tickets/{number}")
    assert d.status_code == 200, d.get_data(as_text=True)
    r = a.post(f"/admin/tickets/{number}/reply", data={"body": "پاسخ"})
    assert r.status_code == 302, page_text(r)
    assert "پاسخ" in page_text(c.get(f"/tickets/{number}"))
