from tests.backoffice_fixtures import make_contract, seen_customer, sign_in, staff_client_in  # noqa: F401
