"""Customer pages: my tickets, a new ticket, the ticket page with reply, close, reopen and a one-click rating."""
import re

import pytest

from portal.persian import to_persian_digits
from portal.tickets import services
from portal.tickets.models import Ticket
from tests.conftest import page_text


def test_new_ticket_form_has_the_architecture_field_names(client_as, make_customer, category):
    html = client_as(make_customer()).get("/tickets/new").get_data(as_text=True)
    for name in ("subject", "body", "category", "attachments", "csrf_token"):
        assert f'name="{name}"' in html
    assert 'enctype="multipart/form-data"' in html and "قطعی اینترنت" in html


def test_subject_asks_the_faq_for_suggestions_when_it_exists(app, client_as, make_customer, category):
    html = client_as(make_customer()).get("/tickets/new").get_data(as_text=True)
    subject = re.search(r'<input[^>]*name="subject"[^>]*>', html)[0]
    assert 'hx-get="/faq/suggest"' in subject and 'hx-target="#faq-suggestions"' in subject
    assert "input changed delay:400ms" in subject and 'data-send-value-as="q"' in subject
    assert '<div id="faq-suggestions"' in html


def test_open_a_ticket_from_the_portal(client_as, make_customer, category, upload, db):
    customer = make_customer()
    c = client_as(customer)
    response = c.post("/tickets/new", data={"subject": "اینترنت قطع است", "body": "از صبح وصل نمی‌شود",
                                            "category": category.id,
                                            "attachments": [upload("عکس.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 16), upload("log.txt", b"x")]},
                      content_type="multipart/form-data")
    ticket = db.session.query(Ticket).one()
    assert response.location.endswith(f"/tickets/{ticket.number}")
    page = page_text(c.get(response.location))
    assert "اینترنت قطع است" in page and "از صبح وصل نمی‌شود" in page and "عکس.png" in page
    assert to_persian_digits(ticket.number) in page and "پشتیبانی فنی" in page
    assert "معمولاً" in page  # "we usually answer within ..."
    assert len(ticket.messages[0].attachments) == 2


def test_missing_fields_are_shown_next_to_them_and_the_rest_is_kept(client_as, make_customer, category):
    response = client_as(make_customer()).post("/tickets/new", data={"subject": "", "body": "متن من", "category": "0"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and html.count("invalid-feedback") >= 2
    assert "متن من</textarea>" in html


def test_the_list_newest_activity_first_with_unread_marks_filters_and_paging(app, client_as, make_customer,
                                                                            open_ticket, agent, age):
    app.config["PORTAL_TICKETS_PER_PAGE"] = 2
    customer = make_customer()
    old = age(open_ticket(customer, subject="مودم"), days=3)
    middle = age(open_ticket(customer, subject="فاکتور"), days=2)
    open_ticket(customer, subject="ایمیل")
    services.close_by_customer(middle, customer)
    services.reply(old, author=agent, body="پاسخ به مودم")  # activity: now the newest
    c = client_as(customer)
    first = c.get("/tickets/")
    text = page_text(first)
    assert text.index("مودم") < text.index("فاکتور") and "ایمیل" not in text  # newest activity first
    assert text.index("پاسخ تازه") < text.index("مودم")  # the unread mark on "old"
    assert "unread" in first.get_data(as_text=True)
    assert "ایمیل" in page_text(c.get("/tickets/?page=2"))
    closed = page_text(c.get("/tickets/?status=closed"))
    assert "فاکتور" in closed and "ایمیل" not in closed
    active = page_text(c.get("/tickets/?status=active"))
    assert "مودم" in active and "ایمیل" in active and "فاکتور" not in active
    assert "همه ۳" in text and "بسته ۱" in text  # counts next to the filters, in Persian digits
    assert "قبلی" in text and "بعدی" in text
    c.get(f"/tickets/{old.number}")  # reading clears the mark
    assert "پاسخ تازه" not in page_text(c.get("/tickets/"))
    assert c.get("/tickets/?page=abc&status=nonsense").status_code == 200


def test_reply_close_reopen_from_the_ticket_page(client_as, open_ticket, make_customer, agent, db):
    customer = make_customer()
    ticket = open_ticket(customer)
    services.reply(ticket, author=agent, body="مودم چه مدلی است؟")
    c = client_as(customer)
    response = c.post(f"/tickets/{ticket.number}/reply", data={"body": "TP-Link"})
    assert response.status_code == 302 and ticket.status == "open"
    assert "TP-Link" in page_text(c.get(f"/tickets/{ticket.number}"))
    c.post(f"/tickets/{ticket.number}/close")
    assert ticket.status == "closed"
    page = page_text(c.get(f"/tickets/{ticket.number}"))
    assert "باز کردن دوباره‌ی تیکت" in page
    c.post(f"/tickets/{ticket.number}/reopen")
    assert ticket.status == "open"


def test_an_empty_reply_keeps_the_page_with_the_error(client_as, open_ticket, make_customer):
    customer = make_customer()
    ticket = open_ticket(customer)
    response = client_as(customer).post(f"/tickets/{ticket.number}/reply", data={"body": "  "})
    assert response.status_code == 200 and "invalid-feedback" in response.get_data(as_text=True)


@pytest.mark.app_config(PORTAL_REOPEN_DAYS=2)
def test_reopening_too_late_leads_to_a_linked_new_ticket(client_as, open_ticket, make_customer, category, age, db):
    customer = make_customer()
    ticket = open_ticket(customer, subject="قطعی مکرر")
    services.close_by_customer(ticket, customer)
    age(ticket, days=3)
    c = client_as(customer)
    response = c.post(f"/tickets/{ticket.number}/reopen")
    assert response.status_code == 302 and f"follows={ticket.number}" in response.location
    form = c.get(response.location).get_data(as_text=True)
    assert 'value="قطعی مکرر"' in form and f'value="{ticket.number}"' in form
    c.post("/tickets/new", data={"subject": "قطعی مکرر", "body": "باز هم", "category": category.id,
                                 "follows": ticket.number})
    follow_up = db.session.query(Ticket).filter(Ticket.id != ticket.id).one()
    assert follow_up.follows_up_id == ticket.id and ticket.status == "closed"
    assert to_persian_digits(ticket.number) in page_text(c.get(f"/tickets/{follow_up.number}"))


def test_one_click_rating_after_resolution(client_as, open_ticket, make_customer, agent, db):
    customer = make_customer()
    ticket = open_ticket(customer)
    c = client_as(customer)
    assert 'name="score"' not in c.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    services.change_status(ticket, "resolved", actor=agent)
    html = c.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    assert html.count('name="score"') == 5 and 'id="feedback"' in html
    c.post(f"/tickets/{ticket.number}/feedback", data={"score": "4"})
    assert ticket.feedback.score == 4 and ticket.feedback.comment is None
    c.post(f"/tickets/{ticket.number}/feedback", data={"score": "5", "comment": "عالی بود"})
    assert (ticket.feedback.score, ticket.feedback.comment) == (5, "عالی بود")
    c.post(f"/tickets/{ticket.number}/feedback", data={"score": "9"})
    assert ticket.feedback.score == 5


def test_merged_ticket_points_to_the_other(client_as, open_ticket, make_customer, agent):
    customer = make_customer()
    into, duplicate = open_ticket(customer), open_ticket(customer)
    services.merge(duplicate, into, actor=agent)
    page = page_text(client_as(customer).get(f"/tickets/{duplicate.number}"))
    assert to_persian_digits(into.number) in page


def test_english_pages_use_gregorian_dates_and_ascii_digits(client_as, open_ticket, make_customer):
    customer = make_customer()
    ticket = open_ticket(customer)
    c = client_as(customer)
    c.get("/lang/en")
    page = page_text(c.get(f"/tickets/{ticket.number}"))
    assert ticket.number in page and "Received" in page
    assert not re.search("[۰-۹]", page)


def test_navigation_offers_my_tickets_and_new_ticket_to_customers(client_as, make_customer, agent):
    html = client_as(make_customer()).get("/").get_data(as_text=True)
    assert 'href="/tickets/"' in html and 'href="/tickets/new"' in html
    staff_html = client_as(agent).get("/admin/tickets/").get_data(as_text=True)
    assert 'href="/admin/tickets/"' in staff_html and 'href="/tickets/new"' not in staff_html


def test_visitors_see_no_my_tickets_and_are_told_why_they_must_sign_in(client):
    html = client.get("/").get_data(as_text=True)
    assert 'href="/tickets/"' not in html
    assert 'href="/tickets/new"' in html  # opening a ticket is offered; it asks them to sign in first
    response = client.get("/tickets/")
    assert response.status_code == 302 and response.location.startswith("/auth/login?next=/tickets/")
    login = page_text(client.get(response.location))
    assert "برای دیدن تیکت‌هایتان وارد شوید." in login
    with client.session_transaction() as session:
        session["lang"] = "en"
    client.get("/tickets/new")
    assert "Sign in to see your tickets." in page_text(client.get("/auth/login"))
