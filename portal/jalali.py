"""Dates, times and numbers as Persian readers expect them.

In Persian (fa) dates are Jalali with Persian digits; in English they stay
Gregorian. Times are stored in UTC and shown in the portal's time zone.
The format_* functions take the locale explicitly so they can be used
outside a request; init_app wires them into Jinja for the current locale.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timezone, tzinfo
from zoneinfo import ZoneInfo

import jdatetime
from babel.numbers import format_decimal as babel_format_decimal
from flask_babel import get_locale, lazy_gettext
from jinja2 import pass_context
from markupsafe import Markup
from wtforms import Field
from wtforms.widgets import TextInput

from portal.persian import isolate, normalize_letters, to_persian_digits

DEFAULT_TZ = "Asia/Tehran"

PERSIAN_MONTHS = (
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
)
# Fixed names rather than strftime("%b"), which follows the process locale.
ENGLISH_MONTHS = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun",
    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)

PERSIAN_COMMA = "،"
TIMEAGO_LIMIT_DAYS = 30

INVALID_DATE_MESSAGE = lazy_gettext("Enter a Jalali date such as 1405/09/01.")


def _is_persian(locale: object) -> bool:
    # Accepts "fa", "fa_IR" or a babel Locale.
    return str(locale or "").lower().startswith("fa")


def _zone(tz: str | tzinfo) -> tzinfo:
    return ZoneInfo(tz) if isinstance(tz, str) else tz


def _local(value: datetime, tz: str | tzinfo) -> datetime:
    # Naive datetimes come from the database and are UTC.
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(_zone(tz))


def _date_text(day: date, locale: object) -> str:
    if _is_persian(locale):
        jday = jdatetime.date.fromgregorian(date=day)
        return to_persian_digits(f"{jday.day} {PERSIAN_MONTHS[jday.month - 1]} {jday.year}")
    return f"{day.day} {ENGLISH_MONTHS[day.month - 1]} {day.year}"


def format_date(value: date | datetime | None, locale: object, tz: str | tzinfo = DEFAULT_TZ) -> str:
    """۱ آذر ۱۴۰۵ in fa, 22 Nov 2026 in en."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = _local(value, tz).date()
    return _date_text(value, locale)


def format_datetime(value: date | datetime | None, locale: object, tz: str | tzinfo = DEFAULT_TZ) -> str:
    """۱ آذر ۱۴۰۵، ۱۴:۰۵ in fa, 22 Nov 2026, 14:05 in en."""
    if value is None:
        return ""
    if not isinstance(value, datetime):
        return format_date(value, locale, tz)
    local = _local(value, tz)
    clock = f"{local.hour:02d}:{local.minute:02d}"
    if _is_persian(locale):
        return f"{_date_text(local.date(), locale)}{PERSIAN_COMMA} {to_persian_digits(clock)}"
    return f"{_date_text(local.date(), locale)}, {clock}"


def _english_count(count: int, unit: str) -> str:
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"


def format_timeago(
    value: date | datetime | None,
    locale: object,
    now: datetime | None = None,
    tz: str | tzinfo = DEFAULT_TZ,
) -> str:
    """همین حالا, ۵ دقیقه پیش, ۳ ساعت دیگر; a plain date after 30 days."""
    if value is None:
        return ""
    if not isinstance(value, datetime):
        # A bare date means its midnight in the portal's time zone.
        value = datetime.combine(value, time(), tzinfo=_zone(tz))
    value = _local(value, timezone.utc)
    now = _local(now or datetime.now(timezone.utc), timezone.utc)

    seconds = (now - value).total_seconds()
    future = seconds < 0
    seconds = abs(seconds)
    if seconds >= TIMEAGO_LIMIT_DAYS * 86400:
        return format_date(value, locale, tz)

    persian = _is_persian(locale)
    if seconds < 60:
        return "همین حالا" if persian else "just now"
    if seconds < 3600:
        count, fa_unit, en_unit = int(seconds // 60), "دقیقه", "minute"
    elif seconds < 86400:
        count, fa_unit, en_unit = int(seconds // 3600), "ساعت", "hour"
    else:
        count, fa_unit, en_unit = int(seconds // 86400), "روز", "day"

    if persian:
        return to_persian_digits(f"{count} {fa_unit} {'دیگر' if future else 'پیش'}")
    amount = _english_count(count, en_unit)
    return f"in {amount}" if future else f"{amount} ago"


def format_number(value: object, locale: object) -> str:
    """Persian digits in fa; the number as is in en."""
    if value is None:
        return ""
    if _is_persian(locale):
        return to_persian_digits(value)
    return value if isinstance(value, str) else str(value)


def format_decimal(value: object, locale: object, places: int = 1) -> str:
    """A decimal with the locale's separator (Babel: ٫ in fa) and digits: ۴٫۵ in fa, 4.5 in en."""
    if value is None:
        return ""
    pattern = "#,##0." + "0" * places if places else "#,##0"
    if _is_persian(locale):
        return to_persian_digits(babel_format_decimal(value, format=pattern, locale="fa", numbering_system="arabext"))
    return babel_format_decimal(value, format=pattern, locale=str(locale or "en"))


def init_app(app) -> None:
    """Register the jdate, jdatetime, timeago and digits Jinja filters."""

    def locale() -> object:
        # get_locale() is None outside a request, e.g. in CLI-sent emails.
        return get_locale() or app.config.get("BABEL_DEFAULT_LOCALE", "en")

    def zone() -> str:
        return app.config.get("PORTAL_TIMEZONE", DEFAULT_TZ)

    # pass_context: Jinja folds a filter applied to a literal ({{ 10|digits }}) once, at compile time, in
    # whichever language the first request had; a context filter is evaluated on every render instead.
    app.add_template_filter(pass_context(lambda _ctx, value: format_date(value, locale(), zone())), "jdate")
    app.add_template_filter(pass_context(lambda _ctx, value: format_datetime(value, locale(), zone())), "jdatetime")
    app.add_template_filter(pass_context(lambda _ctx, value: format_timeago(value, locale(), tz=zone())), "timeago")
    app.add_template_filter(pass_context(lambda _ctx, value: format_number(value, locale())), "digits")
    app.add_template_filter(pass_context(lambda _ctx, value, places=1: format_decimal(value, locale(), places)),
                            "decimal")
    # Left-to-right tokens (numbers, codes, addresses) in right-to-left text: |isolate in plain text, |bdi in HTML.
    app.add_template_filter(isolate, "isolate")
    app.add_template_filter(lambda value: Markup("<bdi>{}</bdi>").format(value) if value not in (None, "") else "",
                            "bdi")


_JALALI_DATE = re.compile(r"(\d{4})\s*([/\-.])\s*(\d{1,2})\s*\2\s*(\d{1,2})")


def parse_jalali_date(text: str) -> date:
    """Gregorian date for a typed Jalali date such as ۱۴۰۵/۰۹/۰۱ or 1405-9-1.

    Raises ValueError when the text is not a real Jalali date.
    """
    if not isinstance(text, str):
        raise ValueError("a Jalali date must be given as text")
    # Also drops the direction marks that come with dates copied from RTL text.
    match = _JALALI_DATE.fullmatch(normalize_letters(text).strip())
    if not match:
        raise ValueError(f"not a Jalali date: {text!r}")
    year, month, day = int(match[1]), int(match[3]), int(match[4])
    try:
        return jdatetime.date(year, month, day).togregorian()
    except (ValueError, OverflowError) as error:
        raise ValueError(f"not a Jalali date: {text!r}") from error


def jalali_input_text(value: date) -> str:
    """1405/09/01: the form in which a date is shown in a text input."""
    jday = jdatetime.date.fromgregorian(date=value)
    return f"{jday.year:04d}/{jday.month:02d}/{jday.day:02d}"


class JalaliDateField(Field):
    """Text input that takes a Jalali date and holds a Gregorian date."""

    widget = TextInput()

    def __init__(self, label=None, validators=None, message=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.message = message or INVALID_DATE_MESSAGE

    def process_data(self, value):
        self.data = value.date() if isinstance(value, datetime) else value

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        text = valuelist[0].strip()
        if not text:
            # Left for Optional/InputRequired to judge.
            self.data = None
            return
        try:
            self.data = parse_jalali_date(text)
        except ValueError:
            self.data = None
            raise ValueError(self.message) from None

    def post_validate(self, form, validation_stopped):
        # DataRequired replaces all errors with "This field is required."
        # when data is None; for text that was typed, say what is wrong.
        if self.process_errors and self.message not in self.errors:
            self.errors = list(self.process_errors)

    def _value(self):
        if isinstance(self.data, date):
            return jalali_input_text(self.data)
        # Keep what was typed so the person can correct it.
        if self.raw_data:
            return self.raw_data[0]
        return ""
