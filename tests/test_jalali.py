"""Jalali dates, Persian times and the Jalali date form field in portal.jalali."""

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from flask import Flask, render_template_string
from flask_babel import Babel
from hypothesis import given
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict
from wtforms import Form
from wtforms.validators import DataRequired, Optional

from portal import jalali
from portal.jalali import (
    JalaliDateField,
    format_date,
    format_datetime,
    format_number,
    format_timeago,
    parse_jalali_date,
)

# 1 Azar 1405 is 22 November 2026.
MOMENT = datetime(2026, 11, 22, 10, 35, tzinfo=timezone.utc)


def test_tehran_is_utc_plus_three_thirty_without_dst():
    # Iran dropped daylight saving in 2022; the expectations below rely on it.
    tehran = ZoneInfo("Asia/Tehran")
    for month in (1, 4, 7, 10):
        offset = datetime(2026, month, 15, tzinfo=timezone.utc).astimezone(tehran).utcoffset()
        assert offset == timedelta(hours=3, minutes=30)


# ---- formatting --------------------------------------------------------------------------------


def test_format_date_fa_and_en():
    assert format_date(MOMENT, "fa") == "۱ آذر ۱۴۰۵"
    assert format_date(MOMENT, "en") == "22 Nov 2026"
    assert format_date(date(2026, 11, 22), "fa") == "۱ آذر ۱۴۰۵"
    assert format_date(date(2026, 3, 21), "fa") == "۱ فروردین ۱۴۰۵"
    assert format_date(date(2027, 3, 20), "fa") == "۲۹ اسفند ۱۴۰۵"


def test_format_datetime_in_tehran():
    assert format_datetime(MOMENT, "fa") == "۱ آذر ۱۴۰۵، ۱۴:۰۵"
    assert format_datetime(MOMENT, "en") == "22 Nov 2026, 14:05"


def test_naive_datetimes_are_utc():
    naive = datetime(2026, 11, 22, 10, 35)
    assert format_datetime(naive, "fa") == "۱ آذر ۱۴۰۵، ۱۴:۰۵"


def test_conversion_to_local_time_can_change_the_day():
    # 21:00 UTC is already the next day in Tehran.
    late = datetime(2026, 11, 21, 21, 0, tzinfo=timezone.utc)
    assert format_datetime(late, "fa") == "۱ آذر ۱۴۰۵، ۰۰:۳۰"
    assert format_datetime(late, "en", tz="UTC") == "21 Nov 2026, 21:00"


def test_aware_values_in_other_zones_are_converted():
    berlin = MOMENT.astimezone(ZoneInfo("Europe/Berlin"))
    assert format_datetime(berlin, "en") == "22 Nov 2026, 14:05"


def test_locale_objects_and_region_codes_are_understood():
    from babel import Locale

    assert format_date(MOMENT, Locale.parse("fa_IR")) == "۱ آذر ۱۴۰۵"
    assert format_date(MOMENT, "en_GB") == "22 Nov 2026"


def test_empty_values_format_as_empty():
    assert format_date(None, "fa") == ""
    assert format_datetime(None, "fa") == ""
    assert format_timeago(None, "fa") == ""
    assert format_number(None, "fa") == ""


def test_format_datetime_of_a_plain_date_is_the_date():
    assert format_datetime(date(2026, 11, 22), "fa") == "۱ آذر ۱۴۰۵"


@given(st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1)))
def test_persian_dates_use_only_persian_digits(moment):
    text = format_datetime(moment, "fa")
    assert not any(c in "0123456789" for c in text)
    month = text.split()[1]
    assert month in jalali.PERSIAN_MONTHS


def test_format_number():
    assert format_number(12500, "fa") == "۱۲۵۰۰"
    assert format_number("تیکت 42", "fa") == "تیکت ۴۲"
    assert format_number(12500, "en") == "12500"


# ---- time ago ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "offset, fa, en",
    [
        (timedelta(seconds=0), "همین حالا", "just now"),
        (timedelta(seconds=59), "همین حالا", "just now"),
        (timedelta(minutes=1), "۱ دقیقه پیش", "1 minute ago"),
        (timedelta(minutes=5, seconds=30), "۵ دقیقه پیش", "5 minutes ago"),
        (timedelta(hours=3), "۳ ساعت پیش", "3 hours ago"),
        (timedelta(days=2, hours=5), "۲ روز پیش", "2 days ago"),
        (timedelta(days=29), "۲۹ روز پیش", "29 days ago"),
        (-timedelta(hours=3), "۳ ساعت دیگر", "in 3 hours"),
        (-timedelta(minutes=1), "۱ دقیقه دیگر", "in 1 minute"),
        (-timedelta(seconds=20), "همین حالا", "just now"),
    ],
)
def test_timeago(offset, fa, en):
    moment = MOMENT - offset
    assert format_timeago(moment, "fa", now=MOMENT) == fa
    assert format_timeago(moment, "en", now=MOMENT) == en


def test_timeago_falls_back_to_the_date_after_thirty_days():
    old = MOMENT - timedelta(days=45)
    assert format_timeago(old, "fa", now=MOMENT) == format_date(old, "fa") == "۱۶ مهر ۱۴۰۵"
    assert format_timeago(old, "en", now=MOMENT) == "8 Oct 2026"


def test_timeago_mixes_naive_and_aware_values():
    naive_value = datetime(2026, 11, 22, 7, 35)
    assert format_timeago(naive_value, "en", now=MOMENT) == "3 hours ago"


def test_timeago_defaults_to_the_current_time():
    assert format_timeago(datetime.now(timezone.utc) - timedelta(minutes=10), "en") == "10 minutes ago"


# ---- parsing -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["1405/09/01", "۱۴۰۵/۰۹/۰۱", "1405-9-1", "١٤٠٥/٩/١", " 1405.09.01 ", "\u200f1405/09/01", "1405 / 9 / 1"],
)
def test_parse_jalali_date(text):
    assert parse_jalali_date(text) == date(2026, 11, 22)


def test_parse_leap_year_end():
    # 1403 is a Jalali leap year, 1404 is not.
    assert parse_jalali_date("1403/12/30") == date(2025, 3, 20)
    with pytest.raises(ValueError):
        parse_jalali_date("1404/12/30")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "1405",
        "1405/13/01",
        "1405/00/10",
        "1405/07/31",  # the second half of the year has 30-day months
        "1405/09/00",
        "1405/09/32",
        "0000/01/01",
        "9999/01/01",
        "1405/09-01",
        "05/09/01",
        "tomorrow",
        "1405/09/01x",
        None,
        date(2026, 11, 22),
    ],
)
def test_parse_jalali_date_rejects(text):
    with pytest.raises(ValueError):
        parse_jalali_date(text)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
def test_shown_jalali_text_parses_back(day):
    assert parse_jalali_date(jalali.jalali_input_text(day)) == day


# ---- Flask app: filters and the form field -----------------------------------------------------


@pytest.fixture
def flask_app():
    app = Flask(__name__)
    app.config["PORTAL_TIMEZONE"] = "Asia/Tehran"
    app.config["LOCALE"] = "fa"
    Babel(app, locale_selector=lambda: app.config["LOCALE"])
    jalali.init_app(app)
    return app


def render(app, source, **context):
    with app.test_request_context():
        return render_template_string(source, **context)


def test_filters_in_persian(flask_app):
    html = render(
        flask_app,
        "{{ when|jdate }}|{{ when|jdatetime }}|{{ n|digits }}",
        when=MOMENT,
        n=42,
    )
    assert html == "۱ آذر ۱۴۰۵|۱ آذر ۱۴۰۵، ۱۴:۰۵|۴۲"


def test_filters_in_english(flask_app):
    flask_app.config["LOCALE"] = "en"
    html = render(flask_app, "{{ when|jdate }}|{{ when|jdatetime }}|{{ n|digits }}", when=MOMENT, n=42)
    assert html == "22 Nov 2026|22 Nov 2026, 14:05|42"


def test_filters_follow_the_configured_timezone(flask_app):
    flask_app.config["PORTAL_TIMEZONE"] = "UTC"
    assert render(flask_app, "{{ when|jdatetime }}", when=MOMENT) == "۱ آذر ۱۴۰۵، ۱۰:۳۵"


def test_timeago_filter(flask_app):
    recent = datetime.now(timezone.utc) - timedelta(minutes=5, seconds=10)
    assert render(flask_app, "{{ when|timeago }}", when=recent) == "۵ دقیقه پیش"


def test_digits_filter_escapes_plain_text(flask_app):
    assert render(flask_app, "{{ text|digits }}", text="<b>7</b>") == "&lt;b&gt;۷&lt;/b&gt;"


class EventForm(Form):
    when = JalaliDateField("When", validators=[DataRequired()])
    until = JalaliDateField("Until", validators=[Optional()])


def test_field_stores_a_gregorian_date(flask_app):
    with flask_app.test_request_context():
        form = EventForm(MultiDict({"when": "۱۴۰۵/۰۹/۰۱", "until": ""}))
        assert form.validate(), form.errors
        assert form.when.data == date(2026, 11, 22)
        assert form.until.data is None
        assert form.when._value() == "1405/09/01"
        assert 'value="1405/09/01"' in str(form.when())


def test_field_keeps_bad_input_and_explains(flask_app):
    with flask_app.test_request_context():
        form = EventForm(MultiDict({"when": "1405/13/40", "until": "فردا"}))
        assert not form.validate()
        assert [str(error) for error in form.until.errors] == ["Enter a Jalali date such as 1405/09/01."]
        assert form.when.data is None
        assert [str(error) for error in form.when.errors] == ["Enter a Jalali date such as 1405/09/01."]
        assert form.when._value() == "1405/13/40"
        assert 'value="1405/13/40"' in str(form.when())


def test_field_required_when_empty(flask_app):
    with flask_app.test_request_context():
        form = EventForm(MultiDict({"when": "  "}))
        assert not form.validate()
        assert form.when.data is None
        assert form.when.errors


def test_field_shows_an_existing_date_as_jalali(flask_app):
    with flask_app.test_request_context():
        form = EventForm(when=date(2026, 11, 22), until=datetime(2027, 3, 21, 9, 0))
        assert form.when._value() == "1405/09/01"
        assert form.until.data == date(2027, 3, 21)
        assert form.until._value() == "1406/01/01"


def test_decimals_use_the_locale_separator_and_digits():
    from portal.jalali import format_decimal

    assert format_decimal(4.5, "fa") == "۴٫۵"
    assert format_decimal(4.0, "fa") == "۴٫۰"
    assert format_decimal(4.5, "en") == "4.5"
    assert format_decimal(1234.25, "fa", places=2) == "۱٬۲۳۴٫۲۵"
    assert format_decimal(None, "fa") == ""
