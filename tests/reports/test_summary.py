"""The weekly summary e-mail: opt-in, last Jalali week's figures, through the outbox, once a week."""
import re

import pytest
from sqlalchemy import select

from portal.notify.models import OutboxMessage
from portal.reports import summary
from tests.conftest import sign_in_staff
from tests.notify.languages import ARABIC_SCRIPT, URL
from tests.reports.conftest import tehran

MONDAY = tehran(2026, 12, 7, 9, 0)  # the week before runs from Saturday 28 Nov. to Friday 4 Dec.


def test_weekly_figures_of_the_seeded_week(seeded, supervisor):
    f = summary.last_week(MONDAY.date())
    assert (f.start.isoformat(), f.end.isoformat()) == ("2026-11-28", "2026-12-04")
    figures = summary.weekly_figures(supervisor, f)
    assert (figures.created, figures.resolved, figures.overdue) == (5, 2, 2)
    assert (figures.first_response_median, figures.resolution_median) == (1800, 3600)  # 100, 1800, 3600, 7200
    assert (figures.first_response_met, figures.csat, figures.ratings, figures.nps) == (60.0, 3.5, 2, 25.0)


def test_only_subscribers_who_may_read_reports_get_it_once_a_week(seeded, supervisor, make_staff, db):
    summary.subscribe(supervisor, True)
    summary.subscribe(seeded.a1, True)  # an agent without reports.view: nothing is sent
    make_staff(role="supervisor")  # not subscribed
    assert summary.send_weekly_summaries(MONDAY) == 1
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.template == "report_weekly_summary"))
    assert message.to_address == supervisor.email
    assert "تیکت‌های تازه: ۵" in message.body_text and "NPS: ۲۵" in message.body_text
    assert "۷ آذر ۱۴۰۵ تا ۱۳ آذر ۱۴۰۵" in message.subject  # Saturday to Friday
    assert summary.send_weekly_summaries(MONDAY) == 0  # already sent this week
    summary.subscribe(supervisor, False)
    assert summary.send_weekly_summaries(tehran(2026, 12, 14, 9, 0)) == 0


def test_opt_in_from_the_reports_page_and_the_command(app, seeded, supervisor, db):
    from portal.reports.models import SummarySubscription

    staff_id = supervisor.id
    client = app.test_client()
    sign_in_staff(client, supervisor)
    assert client.post("/admin/reports/summary", data={"subscribe": "1"}).status_code == 302
    assert summary.is_subscribed(supervisor)
    result = app.test_cli_runner().invoke(args=["report-summary"])
    assert result.exit_code == 0 and "weekly summaries queued: 1" in result.output
    client.post("/admin/reports/summary", data={"subscribe": "0"})
    assert db.session.get(SummarySubscription, staff_id) is None


LANGUAGES = [pytest.param("en", marks=pytest.mark.app_config(BABEL_DEFAULT_LOCALE="en"), id="en"),
             pytest.param("fa", marks=pytest.mark.app_config(BABEL_DEFAULT_LOCALE="fa"), id="fa")]


@pytest.mark.parametrize("locale", LANGUAGES)
def test_the_summary_speaks_the_installations_language(seeded, make_staff, db, locale):
    # staff have no language of their own: the installation's default
    reader = make_staff(role="supervisor", full_name="Mina Rostami")
    summary.subscribe(reader, True)
    summary.send_weekly_summaries(MONDAY)
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.template == "report_weekly_summary"))
    if locale == "en":
        assert message.subject == "Weekly support summary: 28 Nov 2026 to 4 Dec 2026"
        for line in ("Dear Mina Rostami,", "New tickets: 5", "Median time to first response: 0.5 business hours",
                     "First response on time: 60%", "Satisfaction (CSAT): 3.5 out of 5 (2 ratings)", "NPS: 25"):
            assert line in message.body_text
        assert not ARABIC_SCRIPT.search(message.subject + message.body_text), message.body_text
    else:
        assert message.subject == "خلاصه‌ی هفتگی پشتیبانی: ۷ آذر ۱۴۰۵ تا ۱۳ آذر ۱۴۰۵"
        for line in ("Mina Rostami عزیز، سلام", "تیکت‌های تازه: ۵", "میانه‌ی زمان اولین پاسخ: ۰٫۵ ساعت کاری",
                     "اولین پاسخ به‌موقع: ۶۰٪", "رضایت (CSAT): ۳٫۵ از ۵ (۲ امتیاز)", "NPS: ۲۵"):
            assert line in message.body_text
        assert not re.search(r"[0-9]", URL.sub("", message.body_text)), message.body_text
    assert f'lang="{locale}"' in message.body_html
