"""A live portal on a free loopback port and Debian's Chromium driven by Playwright."""
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture
def live_server(app):
    """Serves the test app (same database as the test) until the test ends; yields its base URL."""
    app.config["SERVER_NAME"] = None
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium; .ci/run does it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fa-IR")
    page = context.new_page()
    yield page
    context.close()


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def assert_no_serious_axe_violations(page) -> None:
    """axe-core (bundled with axe-playwright-python) on the page as it is now: 0 critical, 0 serious."""
    from axe_playwright_python.sync_playwright import Axe

    page.wait_for_load_state("load")  # stylesheets and fonts in place: contrast is judged as people see it
    violations = Axe().run(page).response["violations"]
    serious = [f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
               for v in violations if v["impact"] in ("critical", "serious")]
    assert not serious, f"{page.url}:\n" + "\n".join(serious)


def outbox_code(db, template, address) -> str:
    """The 6-digit code of the latest SMS of this kind to this mobile, in ASCII digits."""
    import re

    from portal.notify.models import OutboxMessage
    from portal.persian import to_ascii_digits

    db.session.expire_all()
    message = (db.session.query(OutboxMessage).filter_by(template=template, to_address=address)
               .order_by(OutboxMessage.id.desc()).first())
    return to_ascii_digits(re.search("\u2068([۰-۹0-9]{6})\u2069", message.body_text).group(1))
