"""Running NPS surveys from the back office.  /admin/reports/surveys (send now; repeating schedules)"""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import get_locale, gettext as _, lazy_gettext as _l
from flask_login import current_user

from .. import navigation, security
from ..jalali import format_number
from ..security import staff_required
from . import nps_schedules, surveys
from .forms import REPEATS, RunSurveyForm, ScheduleForm

bp = Blueprint("survey_admin", __name__, url_prefix="/admin/reports/surveys", template_folder="templates")

navigation.add("survey_admin.index", _l("NPS surveys"), security.is_full_admin, order=61, menu=navigation.MANAGE)


@bp.before_request
@staff_required
def _administrators_only():
    """Sending a survey reaches many customers at once: administrators only."""
    if not security.is_full_admin(current_user):
        abort(403)


@bp.route("/", methods=["GET", "POST"])
def index():
    form = RunSurveyForm()
    if form.validate_on_submit():
        try:
            survey = surveys.run_survey(form.audience.data, resolved_days=form.resolved_days.data,
                                        gap_days=form.gap_days.data, actor=current_user)
        except surveys.SurveyError as error:
            flash(str(error), "danger")
        else:
            flash(_("The survey was sent to %(count)s customers.", count=format_number(survey.invited, get_locale())))
            return redirect(url_for("survey_admin.index"))
    return render_template("reports/surveys.html", form=form, runs=surveys.recent_surveys(),
                           audiences=surveys.AUDIENCES, schedules=nps_schedules.listed(), repeats=REPEATS)


def _schedule_or_404(schedule_id):
    schedule = nps_schedules.get(schedule_id)
    if schedule is None:
        abort(404)
    return schedule


@bp.route("/schedules/new", methods=["GET", "POST"], defaults={"schedule_id": None})
@bp.route("/schedules/<int:schedule_id>", methods=["GET", "POST"])
def schedule(schedule_id):
    """Create or change a repeating survey."""
    existing = _schedule_or_404(schedule_id) if schedule_id else None
    form = ScheduleForm(obj=existing)
    if existing is not None and not form.is_submitted():
        form.repeat.data = "every" if existing.every_days else "jalali"
    if form.validate_on_submit():
        every = form.repeat.data == "every"
        try:
            nps_schedules.save(existing, audience=form.audience.data, resolved_days=form.resolved_days.data,
                               gap_days=form.gap_days.data, every_days=form.every_days.data if every else None,
                               jalali_day=None if every else form.jalali_day.data, actor=current_user)
        except surveys.SurveyError as error:
            flash(str(error), "danger")
        else:
            flash(_("The schedule was saved."), "success")
            return redirect(url_for("survey_admin.index"))
    return render_template("reports/survey_schedule.html", form=form, schedule=existing), 400 if form.errors else 200


@bp.post("/schedules/<int:schedule_id>/pause")
def pause(schedule_id):
    nps_schedules.set_paused(_schedule_or_404(schedule_id), True)
    flash(_("The schedule is paused."), "success")
    return redirect(url_for("survey_admin.index"))


@bp.post("/schedules/<int:schedule_id>/resume")
def resume(schedule_id):
    nps_schedules.set_paused(_schedule_or_404(schedule_id), False)
    flash(_("The schedule runs again."), "success")
    return redirect(url_for("survey_admin.index"))


@bp.post("/schedules/<int:schedule_id>/delete")
def delete(schedule_id):
    nps_schedules.delete(_schedule_or_404(schedule_id))
    flash(_("The schedule was deleted."), "success")
    return redirect(url_for("survey_admin.index"))
