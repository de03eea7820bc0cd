"""One CSAT figure per customer: the profile, the agent's ticket page and the call page show the same number,
over the tickets the viewer may see, with the locale's decimal separator (٫ in Persian)."""
from portal.tickets.models import Feedback
from tests.conftest import page_text


def _rated(make_customer, make_ticket, make_category, db, department, other_department):
    customer = make_customer()
    mine, other = make_category(department=department), make_category(department=other_department)
    tickets = [make_ticket(customer=customer, category=mine, status="resolved") for _ in range(2)]
    tickets.append(make_ticket(customer=customer, category=other, status="resolved"))
    for ticket, score in zip(tickets, (4, 5, 1)):
        db.session.add(Feedback(ticket_id=ticket.id, customer_id=customer.id, score=score))
    db.session.commit()
    return customer, tickets


def test_profile_and_ticket_page_show_one_figure(staff_client_in, make_customer, make_ticket, make_category,
                                                 make_department, db):
    department, other_department = make_department(), make_department()
    customer, tickets = _rated(make_customer, make_ticket, make_category, db, department, other_department)

    scoped = staff_client_in("agent", department)  # sees the two tickets of his department: (4 + 5) / 2
    for url in (f"/admin/customers/{customer.id}", f"/admin/tickets/{tickets[0].number}"):
        response = scoped.get(url)
        assert response.status_code == 200, url
        text = page_text(response)
        assert "۴٫۵" in text, url
        assert "۵.۰" not in text and "۴.۵" not in text

    everyone = staff_client_in("supervisor")  # all three: 10 / 3
    for url in (f"/admin/customers/{customer.id}", f"/admin/tickets/{tickets[0].number}"):
        assert "۳٫۳" in page_text(everyone.get(url)), url
    with everyone.session_transaction() as session:
        session["lang"] = "en"
    for url in (f"/admin/customers/{customer.id}", f"/admin/tickets/{tickets[0].number}"):
        assert "3.3 / 5" in page_text(everyone.get(url)), url
