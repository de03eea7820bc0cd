"""Repeating NPS surveys: due times (every K days, a Jalali day of each month), one run per due time across
workers, pausing, and the admin's list and form."""
import re
from datetime import timedelta

from sqlalchemy import func, select

from portal import jobs
from portal.reports import nps_schedules
from portal.reports.models import NpsInvitation, NpsSchedule, NpsSurvey
from tests.conftest import page_text, sign_in_staff
from tests.reports.conftest import tehran


def _surveys(db):
    return db.session.scalar(select(func.count()).select_from(NpsSurvey))


def test_due_times_every_k_days_and_on_a_jalali_day(db):
    now = tehran(2026, 12, 2, 11, 0)  # 11 Azar 1405, after the 10:00 survey hour
    every = nps_schedules.save(None, audience="active", resolved_days=None, gap_days=60, every_days=14, now=now)
    assert every.next_run_at == tehran(2026, 12, 3, 10, 0)  # the next send hour
    assert nps_schedules.next_due(every, tehran(2026, 12, 20, 0, 0), previous=every.next_run_at) == \
        tehran(2026, 12, 31, 10, 0)  # missed slots collapse into the next one on the grid
    monthly = nps_schedules.save(None, audience="resolved", resolved_days=30, gap_days=60, jalali_day=31, now=now)
    # Azar has 30 days: its last day (30 Azar 1405 = 21 December 2026)
    assert monthly.next_run_at == tehran(2026, 12, 21, 10, 0)
    assert nps_schedules.next_due(monthly, monthly.next_run_at) == tehran(2027, 1, 20, 10, 0)  # 30 Dey, also short
    first = nps_schedules.save(monthly, audience="resolved", resolved_days=30, gap_days=60, jalali_day=11, now=now)
    assert first.next_run_at == tehran(2027, 1, 1, 10, 0)  # 11 Azar 10:00 has passed: 11 Dey


def test_refuses_what_makes_no_schedule(db):
    import pytest

    from portal.reports.surveys import SurveyError

    for wrong in ({"every_days": None, "jalali_day": None}, {"every_days": 7, "jalali_day": 3},
                  {"every_days": None, "jalali_day": 40}):
        with pytest.raises(SurveyError):
            nps_schedules.save(None, audience="active", resolved_days=None, gap_days=30, **wrong)
    with pytest.raises(SurveyError):
        nps_schedules.save(None, audience="resolved", resolved_days=None, gap_days=30, every_days=7)


def test_a_due_schedule_runs_once_per_due_time_across_workers(app, db, make_customer):
    customers = [make_customer().id for _ in range(3)]
    start = tehran(2026, 12, 2, 9, 0)
    schedule = nps_schedules.save(None, audience="active", resolved_days=None, gap_days=20, every_days=7, now=start)
    due, schedule_id = schedule.next_run_at, schedule.id
    assert nps_schedules.run_due(due - timedelta(minutes=1)) == "0 schedules run, 0 customers invited"
    ran = jobs.run_due(app, now=due, worker="one") + jobs.run_due(app, now=due + timedelta(seconds=5), worker="two")
    assert [r.summary for r in ran if r.name == "reports.nps_schedules"] == ["1 schedules run, 3 customers invited"]
    survey = db.session.scalar(select(NpsSurvey))
    assert survey.schedule_id == schedule_id and survey.invited == len(customers)
    schedule = db.session.get(NpsSchedule, schedule_id)
    assert schedule.last_run_at == due and schedule.next_run_at == due + timedelta(days=7)
    # a second service call at the same moment finds nothing due: the claim moved the due time
    assert nps_schedules.run_due(due) == "0 schedules run, 0 customers invited"
    # a week later it runs again, but nobody was asked within the 20-day gap
    assert nps_schedules.run_due(due + timedelta(days=7)) == "1 schedules run, 0 customers invited"
    assert _surveys(db) == 2
    assert db.session.scalar(select(func.count()).select_from(NpsInvitation)) == 3


def test_a_paused_schedule_waits_and_resumes_without_catching_up(db, make_customer):
    make_customer()
    start = tehran(2026, 12, 2, 9, 0)
    schedule = nps_schedules.save(None, audience="active", resolved_days=None, gap_days=5, every_days=1, now=start)
    nps_schedules.set_paused(schedule, True, now=start)
    assert nps_schedules.run_due(start + timedelta(days=10)) == "0 schedules run, 0 customers invited"
    resumed_at = start + timedelta(days=10)
    nps_schedules.set_paused(schedule, False, now=resumed_at)
    assert schedule.next_run_at == tehran(2026, 12, 12, 10, 0)  # the next send hour, not ten missed days
    assert nps_schedules.run_due(schedule.next_run_at) == "1 schedules run, 1 customers invited"


def test_admin_lists_creates_edits_pauses_and_deletes(app, db, make_staff):
    admin, agent = make_staff(role="admin"), make_staff(role="agent")
    client = app.test_client()
    sign_in_staff(client, admin)
    assert client.get("/admin/reports/surveys/schedules/new").status_code == 200
    bad = client.post("/admin/reports/surveys/schedules/new",
                      data={"audience": "active", "gap_days": "30", "repeat": "every", "every_days": "0"})
    assert bad.status_code == 400 and db.session.scalar(select(func.count()).select_from(NpsSchedule)) == 0
    response = client.post("/admin/reports/surveys/schedules/new",
                           data={"audience": "resolved", "resolved_days": "14", "gap_days": "60", "repeat": "jalali",
                                 "jalali_day": "۵", "every_days": ""}, follow_redirects=True)
    assert response.status_code == 200
    schedule = db.session.scalar(select(NpsSchedule))
    assert (schedule.audience, schedule.resolved_days, schedule.gap_days, schedule.jalali_day, schedule.every_days) \
        == ("resolved", 14, 60, 5, None)
    assert f'href="/admin/reports/surveys/schedules/{schedule.id}"' in response.get_data(as_text=True)  # listed
    assert "۵" in page_text(response)  # its Jalali day, in Persian digits
    edit = client.get(f"/admin/reports/surveys/schedules/{schedule.id}")
    assert edit.status_code == 200
    assert re.search(r'<option selected value="jalali"|<option value="jalali" selected', edit.get_data(as_text=True))
    client.post(f"/admin/reports/surveys/schedules/{schedule.id}",
                data={"audience": "active", "gap_days": "30", "repeat": "every", "every_days": "10"})
    db.session.expire_all()
    schedule = db.session.get(NpsSchedule, schedule.id)
    assert (schedule.audience, schedule.resolved_days, schedule.every_days, schedule.jalali_day) == ("active", None, 10, None)
    client.post(f"/admin/reports/surveys/schedules/{schedule.id}/pause")
    db.session.expire_all()
    assert db.session.get(NpsSchedule, schedule.id).paused is True
    client.post(f"/admin/reports/surveys/schedules/{schedule.id}/resume")
    db.session.expire_all()
    assert db.session.get(NpsSchedule, schedule.id).paused is False
    other = app.test_client()
    sign_in_staff(other, agent)
    assert other.get("/admin/reports/surveys/schedules/new").status_code == 403
    assert other.post(f"/admin/reports/surveys/schedules/{schedule.id}/pause").status_code == 403
    assert client.post("/admin/reports/surveys/schedules/999999/pause").status_code == 404
    assert nps_schedules.run_due(schedule.next_run_at) == "1 schedules run, 0 customers invited"
    client.post(f"/admin/reports/surveys/schedules/{schedule.id}/delete")
    assert db.session.scalar(select(func.count()).select_from(NpsSchedule)) == 0
    assert db.session.scalar(select(NpsSurvey.schedule_id)) is None  # what it sent stays
