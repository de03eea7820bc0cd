"""What a report is about, read from the URL so a report is bookmarked and shared.

Parameters: start, end (Jalali dates, any digits), preset (week, month, quarter, year), period (day, week, month),
department, channel, agent, topic (ids, or a channel code).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

import jdatetime
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional, ValidationError

from ..jalali import JalaliDateField, jalali_input_text
from ..persian import to_ascii_digits

PRESETS = {
    "week": _l("This week"),
    "month": _l("This Jalali month"),
    "quarter": _l("Last 3 months"),
    "year": _l("This year"),
}
PERIODS = {"day": _l("Per day"), "week": _l("Per Jalali week"), "month": _l("Per Jalali month")}
LONGEST_RANGE_DAYS = 3 * 366  # a report spans at most about three years


@dataclass(frozen=True)
class ReportFilters:
    start: date  # local days, both included
    end: date
    period: str = "day"
    preset: str | None = None
    department_id: int | None = None
    channel: str | None = None
    agent_id: int | None = None
    category_id: int | None = None

    def args(self, **changes) -> dict:
        """The URL parameters that give these filters back (None values dropped)."""
        chosen = replace(self, **changes) if changes else self
        values = {"preset": chosen.preset} if chosen.preset else {
            "start": jalali_input_text(chosen.start), "end": jalali_input_text(chosen.end)}
        values.update(period=chosen.period, department=chosen.department_id, channel=chosen.channel,
                      agent=chosen.agent_id, topic=chosen.category_id)
        return {k: v for k, v in values.items() if v}


def preset_range(preset: str, today: date) -> tuple[date, date]:
    """This week (from Saturday), this Jalali month, the last three months, this Jalali year; all up to today."""
    jtoday = jdatetime.date.fromgregorian(date=today)
    if preset == "week":
        return today - timedelta(days=jtoday.weekday()), today
    if preset == "month":
        return jdatetime.date(jtoday.year, jtoday.month, 1).togregorian(), today
    if preset == "quarter":
        return today - timedelta(days=91), today
    if preset == "year":
        return jdatetime.date(jtoday.year, 1, 1).togregorian(), today
    raise ValueError(f"unknown preset {preset!r}")


def default_period(start: date, end: date) -> str:
    days = (end - start).days + 1
    return "day" if days <= 31 else "week" if days <= 120 else "month"


def choices(pairs):
    return [SelectChoice(value, label) for value, label in pairs]


class _IdField(SelectField):
    """A select of ids where nothing chosen is None; values are checked against the choices."""

    def __init__(self, label=None, **kwargs):
        super().__init__(label, validators=[Optional()], coerce=self._to_int, validate_choice=False, **kwargs)

    @staticmethod
    def _to_int(value):
        value = to_ascii_digits(str(value or ""))
        return int(value) if value.isdigit() and int(value) else None

    def pre_validate(self, form):
        if self.data is not None and self.data not in {choice.value for choice in self.choices}:
            raise ValidationError(_l("Choose one of the options."))


class FilterForm(FlaskForm):
    """Read from the query string (GET, no CSRF: it changes nothing)."""

    class Meta:
        csrf = False

    start = JalaliDateField(_l("From"), validators=[Optional()], render_kw={"dir": "ltr", "placeholder": "1405/09/01"})
    end = JalaliDateField(_l("To"), validators=[Optional()], render_kw={"dir": "ltr", "placeholder": "1405/09/30"})
    preset = SelectField(_l("Preset"), choices=choices([("", "—"), *PRESETS.items()]), validators=[Optional()])
    period = SelectField(_l("Group by"), choices=choices([("", "—"), *PERIODS.items()]), validators=[Optional()])
    department = _IdField(_l("Department"))
    channel = SelectField(_l("Channel"), validators=[Optional()])
    agent = _IdField(_l("Agent"))
    topic = _IdField(_l("Help topic"))

    def validate_end(self, field):
        if field.data and self.start.data:
            if field.data < self.start.data:
                raise ValidationError(_l("The end date cannot be before the start date."))
            if (field.data - self.start.data).days > LONGEST_RANGE_DAYS:
                raise ValidationError(_l("Choose a range of at most three years."))

    def filters(self, today: date) -> ReportFilters:
        """The filters asked for; what is missing or wrong falls back to the last three months."""
        preset = self.preset.data or None
        start, end = self.start.data, self.end.data
        if self.start.errors or self.end.errors or (not preset and not (start or end)):
            preset = preset if not self.preset.errors and preset else "quarter"
            start = end = None
        if preset and not (start or end):
            start, end = preset_range(preset, today)
        else:
            preset = None
            end = end or today
            start = start or end - timedelta(days=30)
        if start > end:
            start = end
        start = max(start, end - timedelta(days=LONGEST_RANGE_DAYS))  # a lone far-away start is cut to three years
        period = self.period.data or default_period(start, end)
        channel = self.channel.data or None
        return ReportFilters(start=start, end=end, period=period, preset=preset,
                             department_id=None if self.department.errors else self.department.data,
                             channel=None if self.channel.errors else channel,
                             agent_id=None if self.agent.errors else self.agent.data,
                             category_id=None if self.topic.errors else self.topic.data)
