"""The customer's NPS answer page: /survey/<token>, answered once, without signing in."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for

from . import surveys
from .forms import SurveyAnswerForm

bp = Blueprint("surveys", __name__, template_folder="templates")


@bp.route("/survey/<token>", methods=["GET", "POST"])
def answer(token):
    invitation = surveys.invitation_for(token)
    if invitation is None:
        abort(404)
    if invitation.answered_at is not None:
        return render_template("reports/survey_done.html")
    form = SurveyAnswerForm()
    if form.validate_on_submit():
        try:
            surveys.answer(invitation, score=form.score.data, comment=form.comment.data)
        except surveys.SurveyError as error:
            flash(str(error), "warning")
        return redirect(url_for("surveys.answer", token=token))
    return render_template("reports/survey.html", form=form, customer=invitation.customer), \
        400 if form.errors else 200
