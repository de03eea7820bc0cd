"""The search synonym table for staff with faq.edit.  /admin/faq/synonyms"""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ..search import synonyms
from ..security import require_permission
from .forms import SynonymsForm

bp = Blueprint("faq_synonyms", __name__, url_prefix="/admin/faq/synonyms", template_folder="templates")


@bp.route("", methods=["GET", "POST"])
@require_permission("faq.edit")
def edit():
    form = SynonymsForm()
    if form.validate_on_submit():
        try:
            groups = synonyms.parse(form.synonyms.data)
        except ValueError:
            form.synonyms.errors.append(_("A line is too long, or there are too many groups."))
        else:
            synonyms.replace_all(groups)
            flash(_("Synonyms saved: %(count)s groups.", count=len(groups)), "success")
            return redirect(url_for("faq_synonyms.edit"))
    elif not form.is_submitted():
        form.synonyms.data = synonyms.as_text(synonyms.current_groups())
    return render_template("faq_admin/synonyms.html", form=form)
