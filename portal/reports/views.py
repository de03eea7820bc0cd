"""Report pages.  /admin/reports/ (the overview), /admin/reports/<report>, /admin/reports/me.

Each page reads its filters from the URL, asks one service for its tables and shows every table with its
chart and a CSV download of the same figures (?csv=<table>)."""
from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user

from .. import navigation
from ..jalali import jalali_input_text
from ..security import can, is_full_admin, require_permission, staff_required
from ..search import IndexUnavailable
from . import choices, models, recurring, sql, summary  # noqa: F401  (models: the calendar table)
from .customers import customers
from .agents import agents
from .filters import FilterForm, PRESETS
from .calendar import local_today
from .satisfaction import satisfaction
from .speed import overdue_count, overdue_now, speed
from .tables import cell_text, chart_data, to_csv
from .volume import volume
from ..tickets.services import sla

bp = Blueprint("reports", __name__, url_prefix="/admin/reports", template_folder="templates")

navigation.add("reports.index", _l("Reports"), navigation.with_permission("reports.view"), order=60)

# name -> (title, what it answers, the service)
REPORTS = {
    "volume": (_l("Volume"), _l("Tickets created and resolved per period, by channel, help topic and department; "
                                "the backlog."), volume),
    "speed": (_l("Speed"), _l("First response and resolution in business hours, median and 90th percentile; "
                              "SLA compliance; tickets overdue now."), speed),
    "satisfaction": (_l("Satisfaction"), _l("CSAT average and distribution per period, agent and department, "
                                            "with the comments; NPS per period."), satisfaction),
    "agents": (_l("Agents"), _l("Per agent: tickets handled, replies, median first response and resolution, "
                                "CSAT."), agents),
    "recurring": (_l("Recurring problems"), _l("The largest groups of similar tickets, their trend, whether an FAQ "
                                               "article covers them; FAQ deflection; the searches that found nothing."), None),
    "customers": (_l("Customers"), _l("New customers per period, support about to end, customers with repeated "
                                      "tickets."), customers),
}


@bp.context_processor
def _report_helpers():
    return {"cell_text": cell_text, "jalali_input": jalali_input_text, "can": can, "is_full_admin": is_full_admin}


def _filters():
    sql.roomy_sorts()
    form = FilterForm(request.args)
    choices.fill(form, current_user)
    form.validate()
    return form, form.filters(local_today(sla.calendar()))


def _page(template, title, tables, form, f, **context):
    wanted = request.args.get("csv")
    if wanted:
        table = next((t for t in tables if t.name == wanted), None)
        if table is None:
            abort(404)
        return Response(to_csv(table), mimetype="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{request.endpoint.split(".")[-1]}'
                                                        f'-{table.name}.csv"'})
    return render_template(template, title=title, tables=tables, form=form, f=f, presets=PRESETS,
                           chart_data=chart_data, **context)


@bp.get("/")
@require_permission("reports.view")
def index():
    form, f = _filters()
    overdue = overdue_count(current_user, f)
    return render_template("reports/index.html", reports=REPORTS, form=form, f=f, presets=PRESETS, overdue=overdue,
                           subscribed=summary.is_subscribed(current_user))


@bp.post("/summary")
@require_permission("reports.view")
def weekly_summary():
    """Opt in to (or out of) the weekly summary e-mail."""
    wanted = request.form.get("subscribe") == "1"
    summary.subscribe(current_user, wanted)
    flash(_("You will get the weekly summary by e-mail.") if wanted else _("The weekly summary is stopped."), "success")
    return redirect(url_for("reports.index"))


@bp.get("/<any(volume, speed, satisfaction, agents, customers):name>")
@require_permission("reports.view")
def report(name):
    form, f = _filters()
    title, _about, service = REPORTS[name]
    tables = service(current_user, f)
    context = {}
    if name == "speed":
        context["overdue"], overdue_table = overdue_now(current_user, f)
        tables.append(overdue_table)
    return _page("reports/report.html", title, tables, form, f, name=name, **context)


@bp.get("/recurring")
@require_permission("reports.view")
def recurring_problems():
    form, f = _filters()
    try:
        found, unavailable = recurring.problems(current_user, f), False
    except IndexUnavailable:
        found, unavailable = [], True
    tables = [recurring.trend_table(f, found), recurring.groups_table(found), recurring.deflection_table(f),
              recurring.unanswered_table(f)]
    return _page("reports/recurring.html", REPORTS["recurring"][0], tables, form, f, name="recurring",
                 problems=found, unavailable=unavailable)


@bp.get("/me")
@staff_required
def me():
    """An agent's own figures; needs no reports.view."""
    form, f = _filters()
    f = replace(f, agent_id=None)
    return _page("reports/report.html", _l("My figures"), agents(current_user, f, only=current_user.id), form, f,
                 name="me")
