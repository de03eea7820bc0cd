"""Report charts in Chromium: drawn by reports.js from the page's JSON, right to left with Persian digits in fa."""
import re

import pytest
from playwright.sync_api import expect

from portal.models_base import utcnow
from tests.browser.conftest import screenshot
from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.browser


def test_volume_chart_is_drawn_rtl_with_its_table(live_server, page, make_staff, make_ticket):
    for channel in ("portal", "phone", "portal"):
        make_ticket(channel=channel, created_at=utcnow())
    supervisor = make_staff(role="supervisor", email="boss@pishkhan.test")
    page.goto(live_server + "/admin/login")
    page.fill("input[name=identifier]", supervisor.email)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("button[type=submit]")
    page.goto(live_server + "/admin/reports/volume?preset=week&period=day")
    canvas = page.locator("canvas[data-report-chart='chart-created']")
    expect(canvas).to_have_attribute("style", re.compile("display: block"))  # Chart.js took the canvas over
    page.wait_for_function("Chart.getChart(document.querySelector(\"canvas[data-report-chart='chart-created']\"))")
    chart = page.evaluate("""() => {
        const c = Chart.getChart(document.querySelector("canvas[data-report-chart='chart-created']"));
        return {reverse: c.options.scales.x.reverse, rtl: c.options.plugins.legend.rtl,
                created: c.data.datasets[0].data.reduce((a, b) => a + b, 0), label: c.data.labels.at(-1),
                tick: c.scales.y.getLabelForValue(3)};
    }""")
    assert chart["reverse"] and chart["rtl"] and chart["created"] == 3
    assert re.search("[۰-۹]", chart["label"]) and re.search("[۰-۹]", chart["tick"])
    expect(page.locator("section[aria-labelledby='t-created'] table tbody tr").first).to_be_visible()
    expect(page.locator("a", has_text="دریافت CSV").first).to_have_attribute("href", re.compile("csv=created"))
    screenshot(page, "reports-volume-fa")
