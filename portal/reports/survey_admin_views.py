"""Running NPS surveys from the back office.  /admin/reports/surveys"""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import get_locale, gettext as _, lazy_gettext as _l
from flask_login import current_user

from .. import navigation, security
from ..jalali import format_number
from ..security import staff_required
from . import surveys
from .forms import RunSurveyForm

bp = Blueprint("survey_admin", __name__, url_prefix="/admin/reports/surveys", template_folder="templates")

navigation.add("survey_admin.index", _l("NPS surveys"), security.is_full_admin, order=61, menu=navigation.MANAGE)


@bp.route("/", methods=["GET", "POST"])
@staff_required
def index():
    """Sending a survey reaches many customers at once: administrators only."""
    if not security.is_full_admin(current_user):
        abort(403)
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
                           audiences=surveys.AUDIENCES)
