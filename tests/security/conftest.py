from tests.backoffice_fixtures import make_contract, seen_customer, sign_in, staff_client_in  # noqa: F401
from tests.browser.conftest import browser, live_server, page  # noqa: F401
