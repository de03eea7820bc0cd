"""Every report's figures against the seeded week, worked out by hand (see conftest.py)."""
from datetime import date

import pytest

from portal.reports.agents import agent_rows
from portal.reports.satisfaction import satisfaction
from portal.reports.speed import overdue_now, per_agent, per_department, per_period, sla_compliance
from portal.reports.volume import volume


def _by_name(tables):
    return {t.name: t for t in tables}


def test_volume_counts_each_local_day_and_the_backlog(seeded, supervisor, filters):
    tables = _by_name(volume(supervisor, filters()))
    # created, resolved, open at the end of the day: 23:59 Monday and 00:01 Tuesday fall on different days
    assert [row[1:] for row in tables["created"].rows] == [[2, 1, 2], [1, 1, 2], [2, 0, 4]]
    channels = tables["by_channel"]
    assert [str(c.label) for c in channels.columns[1:]] == ["Portal", "E-mail", "Phone"] or channels.rows[-1][1:] == [3, 1, 1]
    assert channels.rows[-1][1:] == [3, 1, 1]  # the total row: portal 3, then e-mail and phone 1 each
    assert [row[1:] for row in tables["by_department"].rows[:-1]] == [[2, 0], [1, 0], [1, 1]]


def test_volume_per_jalali_week_and_month(seeded, supervisor, filters):
    weekly = volume(supervisor, filters(start=date(2026, 11, 20), period="week"))[0].rows
    # weeks start on Saturday: 1405/08/24 (the 20th and 21st of Nov.), 1405/09/01, 1405/09/08
    assert [row[1] for row in weekly] == [2, 0, 5]
    assert [row[2] for row in weekly] == [0, 1, 2]  # resolved on Saturday the 21st: the second week
    monthly = volume(supervisor, filters(start=date(2026, 11, 20), period="month"))[0].rows
    assert [row[1:] for row in monthly] == [[2, 1, 1], [5, 2, 4]]  # Aban 1405 (29th, 30th), Azar 1405


def test_filters_narrow_every_figure(seeded, supervisor, filters):
    assert sum(r[1] for r in volume(supervisor, filters(agent_id=seeded.a2.id))[0].rows) == 1
    assert sum(r[1] for r in volume(supervisor, filters(channel="portal"))[0].rows) == 3
    assert sum(r[1] for r in volume(supervisor, filters(department_id=seeded.d2.id))[0].rows) == 1
    assert sum(r[1] for r in volume(supervisor, filters(category_id=seeded.c1.id))[0].rows) == 4


def test_visibility_limits_a_department_scoped_reader(seeded, make_staff, filters):
    viewer = make_staff(role="viewer", departments=[seeded.d2])
    assert [r[1] for r in volume(viewer, filters())[0].rows] == [0, 0, 1]


def test_speed_median_and_90th_percentile(seeded, supervisor, filters):
    rows = per_period(supervisor, filters()).rows
    # Sunday: first responses 3600, 7200 -> median 3600, p90 7200; resolutions 32400, 3600 -> 3600, 32400
    assert rows[0][1:] == [2, 3600, 7200, 2, 3600, 32400]
    assert rows[1][1:] == [1, 1800, 1800, 0, None, None]
    assert rows[2][1:] == [1, 100, 100, 0, None, None]
    agents = {row[0]: row[1:] for row in per_agent(supervisor, filters()).rows}
    assert agents["الف کارشناس"] == [3, 3600, 7200, 2, 3600, 32400]  # 1800, 3600, 7200: ranks 2 and 3
    assert agents["ب کارشناس"] == [1, 100, 100, 0, None, None]
    departments = {row[0]: row[1:] for row in per_department(supervisor, filters()).rows}
    assert departments["فنی"] == [4, 1800, 7200, 2, 3600, 32400]  # 100, 1800, 3600, 7200: ranks 2 and 4


def test_sla_compliance_and_overdue(seeded, supervisor, filters):
    table = sla_compliance(supervisor, filters())
    total = table.rows[-1]
    # first response: T1, T3, T4 in time; T2 late, T5 never answered and past due. Resolution: T1, T2 in time, T3 late
    assert total[1:] == [3, 2, 60.0, 2, 1, pytest.approx(200 / 3)]
    assert table.rows[0][1:4] == [1, 1, 50.0]
    count, overdue = overdue_now(supervisor, filters())
    # T6 (open, due never set) is not overdue; T3 waits for its resolution, T5 for its first answer
    assert count == 2
    assert [row[0] for row in overdue.rows] == [seeded.tickets[2].number, seeded.tickets[4].number]


def test_satisfaction_csat_and_nps(seeded, supervisor, filters):
    tables = _by_name(satisfaction(supervisor, filters()))
    assert tables["csat_period"].rows[1][1:] == [2, 3.5, 0, 1, 0, 0, 1]  # Monday: a 5 and a 2
    assert tables["csat_period"].rows[-1][1:] == [2, 3.5, 0, 1, 0, 0, 1]
    assert {r[0]: r[1:3] for r in tables["csat_agent"].rows} == {"الف کارشناس": [2, 3.5]}
    nps = tables["nps"].rows
    assert nps[0][1:] == [4, 2, 1, 1, 25.0]  # 10, 9 promote; 7 passive; 3 detracts
    assert nps[-1][1:] == [4, 2, 1, 1, 25.0]
    assert sorted(r[3] for r in tables["comments"].rows) == [2, 5]


def test_agents(seeded, supervisor, filters):
    rows = agent_rows(supervisor, filters())
    # handled, replies (internal notes do not count), median first response, median resolution, ratings, CSAT
    assert rows[seeded.a1.id] == [3, 1, 3600, 3600, 2, 3.5]
    assert rows[seeded.a2.id] == [1, 1, 100, None, 0, None]
    assert agent_rows(supervisor, filters(), only=seeded.a2.id) == {seeded.a2.id: [1, 1, 100, None, 0, None]}
    # a department filter joins the replies to their tickets (each reply still counted once)
    assert agent_rows(supervisor, filters(department_id=seeded.d1.id))[seeded.a1.id] == [3, 1, 3600, 3600, 2, 3.5]
    assert agent_rows(supervisor, filters(department_id=seeded.d2.id)) == {}


def test_reports_never_load_tickets(seeded, supervisor, filters, query_counter):
    volume(supervisor, filters())  # the calendar is filled on first use
    with query_counter:
        volume(supervisor, filters())
    # the reader's role (3), the periods, created, resolved, the backlog (2), three breakdowns, two name look-ups
    assert query_counter.count <= 13
    assert not any("ticket_messages" in s for s in query_counter.statements)
