"""The report pages: who may open them, filters in the URL, tables under the charts, CSV downloads."""
import csv
import io

from tests.conftest import page_text, sign_in_staff


def _client(app, staff):
    client = app.test_client()
    assert sign_in_staff(client, staff).status_code == 302
    return client


def test_overview_links_every_report(app, seeded, supervisor):
    client = _client(app, supervisor)
    response = client.get("/admin/reports/?start=1405/09/08&end=1405/09/10")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for name in ("volume", "speed", "satisfaction", "agents", "me"):
        assert f"/admin/reports/{name}?" in html
    assert "start=1405/09/08" in html.replace("%2F", "/")


def test_an_agent_without_reports_view_gets_403_and_his_own_page(app, seeded):
    client = _client(app, seeded.a1)
    for url in ("/admin/reports/", "/admin/reports/volume", "/admin/reports/speed", "/admin/reports/agents"):
        assert client.get(url).status_code == 403
    response = client.get("/admin/reports/me?start=1405/09/08&end=1405/09/10&agent=%d" % seeded.a2.id)
    assert response.status_code == 200
    text = page_text(response)
    assert "الف کارشناس" in text and "ب کارشناس" not in text  # his own row only, whatever the URL asks
    assert "۳٫۵" in text  # his CSAT average, in Persian digits


def test_report_page_shows_chart_data_and_table(app, seeded, supervisor):
    client = _client(app, supervisor)
    response = client.get("/admin/reports/volume?start=۱۴۰۵/۰۹/۰۸&end=1405/09/10&period=day")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'data-report-chart="chart-created"' in html
    assert '<script type="application/json" id="chart-created">' in html
    assert "<script>" not in html  # no inline code: the page's script is static/js/reports.js
    assert "js/reports.js" in html and "vendor/chartjs/chart.umd.min.js" in html
    assert "۸ آذر ۱۴۰۵" in page_text(response) and "۱۰ آذر ۱۴۰۵" in page_text(response)


def test_csv_download_has_bom_and_escapes_formulas(app, seeded, supervisor):
    client = _client(app, supervisor)
    response = client.get("/admin/reports/satisfaction?start=1405/09/08&end=1405/09/10&csv=comments")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    body = response.data
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    comments = {row[4] for row in rows[1:]}
    assert comments == {"عالی بود", "'=HYPERLINK(\"x\")"}
    volume = client.get("/admin/reports/volume?start=1405/09/08&end=1405/09/10&period=day&csv=created")
    rows = list(csv.reader(io.StringIO(volume.data.decode("utf-8-sig"))))
    assert [row[1:] for row in rows[1:]] == [["2", "1", "2"], ["1", "1", "2"], ["2", "0", "4"]]
    assert client.get("/admin/reports/volume?csv=nothing").status_code == 404


def test_bad_dates_say_what_is_wrong_and_fall_back(app, seeded, supervisor):
    client = _client(app, supervisor)
    response = client.get("/admin/reports/volume?start=1405/13/40&end=1405/09/10")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'is-invalid" id="start" name="start" dir="ltr"\n             value="1405/13/40"' in html  # kept to correct
    assert "یک تاریخ شمسی مانند" in page_text(response) or "Enter a Jalali date" in page_text(response)
    reversed_range = client.get("/admin/reports/volume?start=1405/09/10&end=1405/09/01")
    assert "is-invalid" in reversed_range.get_data(as_text=True)


def test_presets_and_filters_live_in_the_url(app, seeded, supervisor):
    client = _client(app, supervisor)
    html = client.get("/admin/reports/speed?preset=month").get_data(as_text=True)
    for preset in ("week", "month", "quarter", "year"):
        assert f"preset={preset}" in html
    other = client.get(f"/admin/reports/volume?start=1405/09/08&end=1405/09/10&period=day&department={seeded.d2.id}"
                       "&csv=created")
    rows = list(csv.reader(io.StringIO(other.data.decode("utf-8-sig"))))
    assert [row[1] for row in rows[1:]] == ["0", "0", "1"]


def test_a_scoped_viewer_sees_only_his_departments(app, seeded, make_staff):
    viewer = make_staff(role="viewer", departments=[seeded.d2])
    client = _client(app, viewer)
    rows = list(csv.reader(io.StringIO(client.get(
        "/admin/reports/volume?start=1405/09/08&end=1405/09/10&period=day&csv=created").data.decode("utf-8-sig"))))
    assert [row[1] for row in rows[1:]] == ["0", "0", "1"]
    # another department's id in the URL is refused as a choice, not shown
    response = client.get(f"/admin/reports/volume?department={seeded.d1.id}&csv=created&start=1405/09/08&end=1405/09/10")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert [row[1] for row in rows[1:]] == ["0", "0", "1"]


def test_a_lone_start_far_back_is_cut_to_three_years(app, seeded, supervisor):
    from portal.reports.filters import LONGEST_RANGE_DAYS, FilterForm

    with app.test_request_context("/admin/reports/volume?start=1300/01/01&end=&period=month"):
        form = FilterForm(formdata=__import__("flask").request.args)
        for field in (form.department, form.agent, form.topic):
            field.choices = []
        form.channel.choices = []
        form.validate()
        from datetime import date
        f = form.filters(date(2026, 12, 2))
    assert f.end == date(2026, 12, 2) and (f.end - f.start).days == LONGEST_RANGE_DAYS
