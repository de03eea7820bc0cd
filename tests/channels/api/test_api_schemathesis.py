"""Property-based check of the whole API against its own OpenAPI document (schemathesis), with a staff
token and a customer token: no 5xx, and every response matches the status codes, content types and schemas
the document declares. Few examples per operation, so the suite stays quick."""
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import checks

from portal import create_app


def _document() -> dict:
    """The document as the running app serves it (written from the code; no database needed)."""
    app = create_app({"TESTING": True, "SECRET_KEY": "schema", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    return app.test_client().get("/api/v1/openapi.json").json


schema = schemathesis.openapi.from_dict(_document())
# Random examples (valid and invalid input) only: the coverage phase would try every boundary of every
# field, hundreds of requests, too slow for every run of the suite.
schema.config.phases.update(phases=["examples", "fuzzing"])

CHECKS = [checks.not_a_server_error, checks.status_code_conformance, checks.content_type_conformance,
          checks.response_schema_conformance, checks.response_headers_conformance]


@pytest.fixture(params=["staff", "customer"])
def caller(request, token_for, make_staff, make_customer, open_ticket, agent):
    """A token of an admin or of a customer who has a ticket, and the numbers of records that exist."""
    customer = make_customer(mobile="09121234567")
    ticket = open_ticket(customer=customer)
    owner = make_staff(role="admin") if request.param == "staff" else customer
    return {"headers": {"Authorization": f"Bearer {token_for(owner)}"}, "sent": [],
            "numbers": {"/api/v1/tickets": ticket.number, "/api/v1/customers": customer.number}}


@schema.parametrize()
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True,
          database=None)
def test_every_operation_keeps_to_the_document(case, app, caller):
    # Every other case names a ticket or customer that exists, so the answers with data are checked too.
    caller["sent"].append(case)
    if "number" in (case.path_parameters or {}) and len(caller["sent"]) % 2:
        case.path_parameters["number"] = next(n for prefix, n in caller["numbers"].items()
                                              if case.path.startswith(prefix))
    case.call_and_validate(app=app, headers=caller["headers"], checks=CHECKS)
