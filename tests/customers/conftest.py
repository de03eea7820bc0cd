from tests.backoffice_fixtures import fresh_user_per_request, make_contract, seen_customer, sign_in, staff_client_in  # noqa: F401
