"""Staff choose how they hear about their tickets.  /admin/notifications"""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from .. import navigation, security
from ..persian import normalize_mobile
from ..security import staff_required
from . import notices
from .forms import choices_of, prefs_form

bp = Blueprint("staff_notifications", __name__, url_prefix="/admin/notifications", template_folder="templates")

navigation.add("staff_notifications.edit", _l("My notifications"), security.is_staff, order=85,
               menu=navigation.MANAGE)


@bp.route("/", methods=["GET", "POST"])
@staff_required
def edit():
    prefs = notices.prefs_for(current_user)
    form = prefs_form(prefs, request.form if request.method == "POST" else None)
    if form.validate_on_submit():
        try:
            notices.save_prefs(current_user, mobile=normalize_mobile(form.mobile.data) if form.mobile.data else None,
                               choices=choices_of(form))
        except notices.PrefsError as error:
            form.mobile.errors = [*form.mobile.errors, str(error)]
        else:
            flash(_("Your notification settings were saved."), "success")
            return redirect(url_for(".edit"))
    return render_template("automations/notification_prefs.html", form=form)
