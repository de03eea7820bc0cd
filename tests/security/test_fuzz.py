"""A fuzz pass: random values in every form field and query parameter of every route, as a visitor, a customer
and an admin. Whatever comes in, the answer is never a server error."""
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

FIELDS = ("identifier", "password", "confirm", "full_name", "mobile", "national_code", "email", "username",
          "subject", "body", "category", "priority", "channel", "status", "score", "comment", "q", "helpful",
          "field", "name", "label", "code", "into", "role", "departments", "active", "grant", "scoped", "matrix",
          "title", "starts_on", "ends_on", "kind", "direction", "summary", "question", "answer", "position",
          "is_active", "page", "tickets_page", "interactions_page", "assignee", "department", "new-name",
          "new-label", "new-department_scoped", "identifier", "from", "next", "lang", "person", "action",
          "target_kind", "target_id", "date_from", "date_to", "sort", "filter")

nasty_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", "0", "-1", "9" * 30, "۱۲۳", "٣", "1e309", "nan", "\x00", "a\x00b", "' OR 1=1 --",
                     "<script>alert(1)</script>", "{{7*7}}", "%s%s%n", "../../etc/passwd", "0912 123 4567",
                     "1405/13/40", "2026-02-30", "x" * 5000, "\ud7ff", "‌", "true", "on", "[]", "{}"]),
)
path_values = st.one_of(st.integers(min_value=0, max_value=10**30).map(str), st.text(min_size=1, max_size=20),
                        st.sampled_from(["1", "0", "9" * 30, "05-1234567", "%00", ".."]))


def _routes(app):
    routes = []
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/static"):
            continue
        for method in ("GET", "POST"):
            if method in rule.methods:
                routes.append((rule, method))
    return sorted(routes, key=lambda r: (r[0].rule, r[1]))


def _url(rule, values):
    parts = []
    for is_dynamic, piece in rule._trace:
        if is_dynamic:
            parts.append(values.get(piece, "1"))
        else:
            parts.append(piece)
    path = "".join(parts).split("|", 1)[-1]
    return path if path.startswith("/") else "/" + path


@pytest.fixture
def clients(app, client, customer_client, staff_client_in, make_ticket):
    make_ticket(customer=customer_client.customer)
    return {"visitor": client, "customer": customer_client, "admin": staff_client_in("admin")}


@pytest.mark.parametrize("who", ["visitor", "customer", "admin"])
@settings(max_examples=150, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_no_route_answers_a_server_error(app, clients, who, data):
    client = clients[who]
    rule, method = data.draw(st.sampled_from(_routes(app)), label="route")
    from urllib.parse import quote
    values = {arg: quote(data.draw(path_values, label=arg), safe="") for arg in rule.arguments}
    url = _url(rule, values)
    fields = data.draw(st.dictionaries(st.sampled_from(FIELDS), nasty_text, max_size=8), label="fields")
    if method == "GET":
        response = client.get(url, query_string=fields)
    else:
        response = client.post(url, data=fields)
    assert response.status_code < 500, (method, url, fields, response.status_code)
