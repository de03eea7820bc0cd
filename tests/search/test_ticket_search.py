"""Ticket search lives with the tickets: identifiers match only whole, words match as before."""
import ast
from pathlib import Path

from portal.persian import to_persian_digits
from portal.tickets.search import search_tickets

PORTAL = Path(__file__).resolve().parents[2] / "portal"


def _numbers(user, text):
    return [found.item.number for found in search_tickets(user, text).items]


def test_identifiers_match_whole_however_written(db, make_staff, make_customer, make_ticket):
    customer = make_customer(full_name="مهسا کرمانی")
    ticket = make_ticket(customer=customer, subject="پرداخت ناموفق")
    admin = make_staff(role="admin")
    mobile = customer.mobile  # 0912xxxxxxx
    spaced = f"{mobile[:4]} {mobile[4:7]} {mobile[7:]}"
    for typed in (mobile, to_persian_digits(mobile), "+98" + mobile[1:], spaced, customer.national_code,
                  to_persian_digits(customer.national_code), customer.number, customer.email.upper(), ticket.number):
        assert _numbers(admin, typed) == [ticket.number], typed


def test_one_wrong_digit_finds_nothing(db, make_staff, make_customer, make_ticket):
    customer = make_customer()
    make_ticket(customer=customer, subject="پرداخت ناموفق")
    admin = make_staff(role="admin")

    def off_by_one(value):
        last = value[-1]
        return value[:-1] + ("0" if last != "0" else "1")

    for value in (customer.mobile, customer.national_code, customer.number):
        assert _numbers(admin, off_by_one(value)) == [], value
        assert _numbers(admin, value[:-1]) == [], value  # a prefix is not the identifier either


def test_words_still_tolerate_a_typo_and_find_the_customer_by_name(db, make_staff, make_customer, make_ticket):
    ticket = make_ticket(customer=make_customer(full_name="فرهاد جهانگیری"), subject="اینترنت قطع است")
    admin = make_staff(role="admin")
    assert _numbers(admin, "اینترنتت") == [ticket.number]
    assert _numbers(admin, "جهانگیری") == [ticket.number]


def test_ticket_search_takes_typos_as_the_faq_does(db, make_staff, make_ticket):
    """By length (two edits from seven letters), the first letter too, a swap of neighbours counting as one."""
    ticket = make_ticket(subject="پیکربندی اینترنت خانگی")
    admin = make_staff(role="admin")
    for typed in ("اینترتن", "ابنترنت", "بیکربندس", "پیکرندی"):
        assert _numbers(admin, typed) == [ticket.number], typed
    assert _numbers(admin, "اینتر") == []  # five letters, three missing: another word


def test_a_typo_never_reaches_an_identifier(db, make_staff, make_customer, make_ticket):
    """A username that is also a word in another ticket: the word is reached through a typo, the identifier only
    when typed whole."""
    owner = make_customer(username="printer")
    by_username = make_ticket(customer=owner, subject="کاغذ گیر کرده")
    by_word = make_ticket(subject="printer jam")
    admin = make_staff(role="admin")
    assert _numbers(admin, "printr") == [by_word.number]
    assert set(_numbers(admin, "printer")) == {by_username.number, by_word.number}


def test_words_held_only_by_tickets_out_of_sight_are_not_read_as_typos(db, make_staff, make_department,
                                                                       make_category, make_ticket):
    """The agent's department writes «پرینتور», another department «پرینتر»: the word typed exists, so it is not
    taken for a typo of his department's spelling (on both backends: typos only for words no ticket holds)."""
    billing, technical = make_department(), make_department()
    make_ticket(subject="پرینتر خراب است", category=make_category(department=billing))
    his = make_ticket(subject="پرینتور خراب است", category=make_category(department=technical))
    agent = make_staff(role="agent", departments=[technical])
    assert _numbers(agent, "پرینتر") == []
    assert _numbers(agent, "پرینتورر") == [his.number]  # a word no ticket holds: its typos are tried


def test_the_index_holds_no_mobile_or_national_code_for_fuzzy_matching(app, db, make_customer, make_ticket):
    from portal.tickets.indexing import SEARCH_SOURCE

    customer = make_customer()
    ticket = make_ticket(customer=customer)
    document = SEARCH_SOURCE.load([ticket.id])[ticket.id]
    fuzzy_text = " ".join(document[name] for name in ("subject", "body", "customer", "opening"))
    assert customer.mobile not in fuzzy_text and customer.national_code not in fuzzy_text
    assert customer.mobile in document["identifiers"].split()


def _imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            yield "." * node.level + (node.module or ""), [alias.name for alias in node.names]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, [alias.name]


def test_faq_imports_no_ticket_code_and_nothing_is_imported_for_side_effects():
    for path in PORTAL.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for line in text.splitlines():
            if "noqa: F401" in line:
                assert "indexing" not in line and "finding" not in line and "search" not in line, (path, line)
        if path.is_relative_to(PORTAL / "faq"):  # the arrow runs one way only: tickets -> faq
            tickets = [m for m, _ in _imports(path) if m.lstrip(".").startswith("tickets") or "portal.tickets" in m]
            assert not tickets, (path, tickets)
        if path.is_relative_to(PORTAL / "tickets"):
            faq = [m for m, _ in _imports(path) if m.lstrip(".").startswith("faq") or "portal.faq" in m]
            if faq:  # the deflection count, and turning resolved tickets into FAQ drafts
                assert path.name in ("views.py", "faq_promotion.py", "faq_views.py"), (path, faq)


def test_search_sources_are_registered_by_the_factory(app):
    from portal.search import sync

    assert sorted(s.name for s in sync.sources(app)) == ["articles", "tickets"]


def test_a_search_matching_more_than_it_gives_back_says_so(app, db, make_staff, make_ticket, staff_client_for):
    """At most PORTAL_TICKET_SEARCH_RESULTS tickets come back; the page says more match instead of a wrong count."""
    app.config["PORTAL_TICKET_SEARCH_RESULTS"] = 3
    for n in range(5):
        make_ticket(subject=f"مودم شماره {n} خاموش است")
    make_ticket(subject="فاکتور ماه گذشته")
    admin = make_staff(role="admin")
    found = search_tickets(admin, "مودم")
    assert (found.total, found.more) == (3, True)
    exact = search_tickets(admin, "فاکتور")
    assert (exact.total, exact.more) == (1, False)
    client = staff_client_for(role="admin")
    page = client.get("/admin/search?q=مودم").get_data(as_text=True)
    assert "بیش از ۳ تیکت پیدا شد" in page
    assert "بیش از" not in client.get("/admin/search?q=فاکتور").get_data(as_text=True)
