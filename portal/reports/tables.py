"""A report's figures as tables: shown under each chart, drawn by the chart, and downloaded as CSV."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

import jdatetime
from flask_babel import get_locale, lazy_gettext as _l

from ..jalali import ENGLISH_MONTHS, PERSIAN_MONTHS, format_date, format_datetime, format_number

HOUR = 3600
CSV_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    label: object
    kind: str = "int"  # text, int, hours (from seconds), percent, score (one decimal)


@dataclass
class Chart:
    kind: str = "bar"  # bar, line
    series: tuple[int, ...] = (1,)  # which columns are drawn; column 0 is the x axis
    stacked: bool = False


@dataclass
class Table:
    name: str  # in the URL of its CSV
    title: object
    columns: list[Column]
    rows: list[list] = field(default_factory=list)
    chart: Chart | None = None
    note: object = None
    chart_rows: int | None = None  # the chart draws the first rows only (not a total row)


def _locale():
    return str(get_locale() or "fa")


def period_label(key, period: str, locale=None) -> str:
    """A period as people read it: a Jalali day, "week of" its Saturday, or a Jalali month and year."""
    locale = locale or _locale()
    if period == "month":
        year, month = divmod(int(key), 100)
        if locale.startswith("fa"):
            return format_number(f"{PERSIAN_MONTHS[month - 1]} {year}", locale)
        first = jdatetime.date(year, month, 1).togregorian()
        return f"{jdatetime.date(year, month, 1).j_months_en[month - 1]} {year} ({ENGLISH_MONTHS[first.month - 1]} {first.year})"
    text = format_date(key, locale)
    return str(_l("week of %(day)s", day=text)) if period == "week" else text


def cell_value(value, kind: str):
    """The number a chart draws and a CSV holds: hours with two decimals, percentages and scores with one."""
    if value is None:
        return None
    if kind in ("datetime", "date"):
        from flask import current_app
        formatter = format_datetime if kind == "datetime" else format_date
        return formatter(value, _locale(), current_app.config["PORTAL_TIMEZONE"])
    if kind == "hours":
        return round(value / HOUR, 2)
    if kind in ("percent", "score"):
        return round(float(value), 1)
    return value


def cell_text(value, kind: str, locale=None) -> str:
    """The cell as shown: Persian digits in fa, a dash for no value."""
    locale = locale or _locale()
    if value is None:
        return "—"
    value = cell_value(value, kind)
    if kind in ("text", "datetime", "date"):
        return str(value)
    if kind == "percent":
        text = f"{value:.1f}٪" if locale.startswith("fa") else f"{value:.1f}%"
    elif kind == "score":
        text = f"{value:.1f}"
    elif kind == "hours":
        text = f"{value:.2f}"
    else:
        text = str(value)
    return format_number(text.replace(".", "٫") if locale.startswith("fa") else text, locale)


def chart_data(table: Table) -> dict:
    """What reports.js draws: labels, one data set per charted column, in the reader's digits."""
    rows = table.rows[:table.chart_rows] if table.chart_rows is not None else table.rows
    return {"kind": table.chart.kind, "stacked": table.chart.stacked, "locale": _locale(),
            "labels": [str(row[0]) for row in rows],
            "datasets": [{"label": str(table.columns[i].label),
                          "data": [cell_value(row[i], table.columns[i].kind) for row in rows]}
                         for i in table.chart.series]}


def safe_cell(value):
    """A spreadsheet must not run a text cell as a formula; numbers we computed stay numbers."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = str(value)
    return "'" + text if text.startswith(CSV_DANGEROUS) else text


def to_csv(table: Table) -> bytes:
    """UTF-8 with a byte-order mark, so Excel opens Persian text; numbers with ASCII digits."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_cell(str(c.label)) for c in table.columns])
    for row in table.rows:
        writer.writerow([safe_cell(v if c.kind == "text" else cell_value(v, c.kind))
                         for v, c in zip(row, table.columns)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
